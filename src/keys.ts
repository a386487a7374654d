/**
 * Key names → the bytes a terminal sends: the encoder over the one key
 * table (key-table.ts; names are read in key-names.ts). tmuxpect sends the
 * bytes itself (`send-keys -H`) instead of handing names to tmux: tmux types an unknown name as its
 * letters (`S-Tab` arrives as "S-Tab"), sends nothing for others (`C-Tab`,
 * `C-Enter`) unless its extended keys are on, and encodes them differently
 * from one version to the next. Here a name either becomes bytes or is an
 * InvalidKeyError that says what to use instead.
 *
 * The encoding is xterm's (XTerm(379), measured; docs/keys.md):
 *
 * - Every key that xterm's usual encoding gives bytes of its own gets
 *   those: control characters, `ESC` before a key for Alt (xterm's
 *   metaSendsEscape, what tmux, VTE terminals and iTerm2 do), `ESC[Z` for
 *   Shift-Tab, `ESC[1;5A` for Ctrl-Up, `ESC[15;2~` for Shift-F5.
 * - A key that the usual encoding would send the same as the same key with
 *   fewer modifiers (Ctrl-Tab as Tab, Shift-Enter as Enter, Ctrl-Shift-a
 *   as Ctrl-a, Shift-Escape as Escape) gets xterm's modifyOtherKeys form
 *   `ESC[27;<modifiers>;<code>~`: what xterm sends once a program turns
 *   modifyOtherKeys on (vim and neovim do), and what tmux sends with its
 *   extended keys. So no name sends the same bytes as a plainer one.
 * - Cursor keys and the keypad follow the mode the program set (tmux's
 *   `#{keypad_cursor_flag}` and `#{keypad_flag}`), as a terminal does.
 * - Home and End are `ESC[1~` and `ESC[4~`: what tmux sends and what the
 *   terminfo entry programs get (TERM=tmux-256color, khome/kend) names.
 *   xterm's own `ESC[H`/`ESC[F` would go unrecognised by curses programs
 *   reading that entry.
 */
import { ALIASES, NAMED_KEYS, type NamedKey } from './key-table.js'
import { invalid, parseKey, type ParsedKey } from './key-names.js'

export { KEY_NAMES, NAMED_KEYS, type NamedKey } from './key-table.js'
export { parseKey, validateKey, type ParsedKey } from './key-names.js'

/** The modes a program sets that change what some keys send (DECCKM and DECKPAM). */
export interface KeyModes {
  /** Cursor keys in application mode (`ESC[?1h`): unmodified arrows send `ESC O A` instead of `ESC [ A`. */
  applicationCursor: boolean
  /** Keypad in application mode (`ESC =`): keypad keys send `ESC O p`… instead of their characters. */
  applicationKeypad: boolean
}

export const NORMAL_MODES: Readonly<KeyModes> = Object.freeze({ applicationCursor: false, applicationKeypad: false })

const ESC = '\u001b'
const CSI = '\u001b['
const SS3 = '\u001bO'

/** xterm's modifier parameter: 1 + Shift 1 + Alt 2 + Ctrl 4. */
function modifierParameter(key: Pick<ParsedKey, 'ctrl' | 'alt' | 'shift'>): number {
  return 1 + (key.shift ? 1 : 0) + (key.alt ? 2 : 0) + (key.ctrl ? 4 : 0)
}

/**
 * Ctrl with a character, as X11 (and so xterm) maps it: `@`…`~` and space
 * to their control code, 2–8 and `/` to the codes of the keys beside them
 * on old keyboards; undefined where there is none.
 */
function controlCharacter(char: string): string | undefined {
  const code = char.codePointAt(0)!
  if (char.length !== 1) return undefined
  if ((code >= 0x40 && code < 0x7f) || code === 0x20) return String.fromCharCode(code & 0x1f)
  if (char === '2') return '\u0000'
  if (code >= 0x33 && code <= 0x37) return String.fromCharCode(code - 0x33 + 0x1b)
  if (char === '8') return '\u007f'
  if (char === '/') return '\u001f'
  return undefined
}

/**
 * A key with a character code (a character, Enter, Tab, Space, Escape,
 * BSpace) in xterm's usual encoding, or undefined where that encoding has
 * no bytes for a modifier (Ctrl with Tab, Shift with Enter, …).
 */
function usualBytes(key: string, named: Extract<NamedKey, { kind: 'other' }> | undefined, ctrl: boolean, alt: boolean, shift: boolean): string | undefined {
  let bytes: string | undefined
  if (named) {
    bytes = named.bytes
    if (shift) bytes = named.shift
    if (ctrl) bytes = bytes === named.bytes ? named.ctrl : undefined
  } else {
    bytes = shift ? key.toUpperCase() : key
    if (ctrl) bytes = controlCharacter(bytes)
  }
  if (bytes === undefined) return undefined
  // Alt is ESC before the key; xterm has no Alt form of a key that is already a sequence (Shift-Tab).
  if (alt) return bytes.length > 1 && bytes.startsWith(ESC) ? undefined : ESC + bytes
  return bytes
}

/** The code in `ESC[27;m;code~`: the character with Shift applied (xterm reports the key's symbol). */
function otherKeyCode(key: string, named: Extract<NamedKey, { kind: 'other' }> | undefined, ctrl: boolean, shift: boolean): number {
  if (named) return ctrl && named.ctrlCode !== undefined ? named.ctrlCode : named.code
  return (shift ? key.toUpperCase() : key).codePointAt(0)!
}

/**
 * The bytes of a key with a character code: its usual bytes, unless they
 * are missing or the same as those of the key with fewer modifiers; then
 * xterm's modifyOtherKeys form.
 */
function encodeOther(parsed: ParsedKey): string {
  const named = parsed.named?.kind === 'other' ? parsed.named : undefined
  const { ctrl, alt, shift } = parsed
  const usual = usualBytes(parsed.key, named, ctrl, alt, shift)
  let collides = usual === undefined
  // Every proper subset of the modifiers given.
  for (let mask = 0; !collides && mask < 8; mask++) {
    const subsetCtrl = ctrl && (mask & 4) !== 0
    const subsetAlt = alt && (mask & 2) !== 0
    const subsetShift = shift && (mask & 1) !== 0
    if (subsetCtrl === ctrl && subsetAlt === alt && subsetShift === shift) continue
    if (usualBytes(parsed.key, named, subsetCtrl, subsetAlt, subsetShift) === usual) collides = true
  }
  if (!collides) return usual!
  return `${CSI}27;${modifierParameter(parsed)};${otherKeyCode(parsed.key, named, ctrl, shift)}~`
}

/** The bytes of a parsed key in the given modes. Throws InvalidKeyError where no terminal sends anything of its own. */
export function encodeParsed(parsed: ParsedKey, modes: Readonly<KeyModes> = NORMAL_MODES): string {
  const named = parsed.named
  const modified = parsed.ctrl || parsed.alt || parsed.shift
  const m = modifierParameter(parsed)
  if (!named || named.kind === 'other') return encodeOther(parsed)
  switch (named.kind) {
    case 'cursor':
      if (modified) return `${CSI}1;${m}${named.final}`
      return (modes.applicationCursor ? SS3 : CSI) + named.final
    case 'ss3':
      return modified ? `${CSI}1;${m}${named.final}` : SS3 + named.final
    case 'tilde':
      return modified ? `${CSI}${named.number};${m}~` : `${CSI}${named.number}~`
    case 'home':
      return modified ? `${CSI}1;${m}${named.final}` : `${CSI}${named.number}~`
    case 'keypad':
      if (modes.applicationKeypad) return modified ? `${SS3}${m}${named.final}` : SS3 + named.final
      if (modified) {
        throw invalid(
          parsed.name,
          `cannot be sent now: in numeric keypad mode a terminal sends a modified keypad key as the key alone ` +
            `(${JSON.stringify(named.char)}); it has bytes of its own only once the program turns on application keypad mode (ESC =). ` +
            `Press "${parsed.key}" for the key alone`,
        )
      }
      return named.char
  }
}

/** The bytes a terminal sends for `key` (a key name) in the given modes. */
export function encodeKey(key: unknown, modes: Readonly<KeyModes> = NORMAL_MODES): string {
  return encodeParsed(parseKey(key), modes)
}

/** True if what this key sends depends on the program's modes (so they must be asked for first). */
export function dependsOnModes(parsed: ParsedKey): boolean {
  const kind = parsed.named?.kind
  return kind === 'keypad' || (kind === 'cursor' && !parsed.ctrl && !parsed.alt && !parsed.shift)
}

/** The key ends in a lone Escape byte, which a program with an escape timeout may join to what follows. */
export function endsInEscape(bytes: string): boolean {
  return bytes.endsWith(ESC)
}

/** Every modifier prefix, in the order the key table lists them. */
export const MODIFIER_PREFIXES = ['', 'S-', 'C-', 'M-', 'C-S-', 'M-S-', 'C-M-', 'C-M-S-'] as const

/** `ESC[27;5;9~`, `ESC OA`, `ESC ^M` — bytes as people write them in docs. */
export function describeBytes(bytes: string): string {
  let out = ''
  for (const char of bytes) {
    const code = char.codePointAt(0)!
    if (out.endsWith('ESC') && char !== '[') out += ' '
    if (char === ESC) out += 'ESC'
    else if (code === 0x7f) out += 'DEL'
    else if (code < 0x20) out += `^${String.fromCharCode(code + 0x40)}`
    else if (char === ' ') out += 'SP'
    else out += char
  }
  return out
}

/**
 * The key table as rows (docs/keys.md and the README are checked against
 * it): each named key and characters of each kind, with what every
 * modifier combination sends, or `—` where the name is refused. Cursor and
 * keypad keys show their application-mode bytes after `app:`.
 */
export function keyTableRows(
  keys: readonly string[] = [...Object.keys(NAMED_KEYS).filter((name) => !ALIASES.has(name)), 'a', '1', '2', '/', 'é'],
): { key: string; cells: string[] }[] {
  const describe = (name: string, modes: KeyModes): string => {
    try {
      return describeBytes(encodeKey(name, modes))
    } catch {
      return '—'
    }
  }
  return keys.map((key) => ({
    key,
    cells: MODIFIER_PREFIXES.map((prefix) => {
      const normal = describe(prefix + key, NORMAL_MODES)
      const application = describe(prefix + key, { applicationCursor: true, applicationKeypad: true })
      return normal === application ? normal : `${normal} (app: ${application})`
    }),
  }))
}


/**
 * Bytes → key names: the reverse of the one key table (src/key-table.ts,
 * encoded by src/keys.ts), the table `press` sends from. It is built by
 * encoding every name of that table, with every modifier combination, in
 * both cursor-key and keypad modes, so it cannot disagree with it: a name
 * read here, pressed when the test runs, sends the bytes that were
 * recorded (test/codegen/decode.test.ts checks every name).
 *
 * Where names send the same bytes, the plainest is written: a named key
 * before a control letter (`Enter`, not `C-m`), a control letter before
 * a modified named key (`C-h`, not `C-BSpace`), either before the control
 * symbols (`C-Space`, not `C-@`); with Alt the same order (`M-Enter`,
 * `C-M-h`).
 *
 * Two families have more members than a table should hold; each is read
 * by its shape, and kept only if encoding the name read gives the bytes
 * back: Alt with a character (`ESC x` → `M-x`, any Unicode character), and
 * xterm's modifyOtherKeys form of a character (`ESC[27;6;65~` → `C-S-a`).
 */
import { KEY_NAMES, MODIFIER_PREFIXES, NORMAL_MODES, encodeKey, type KeyModes } from '../keys.js'
import { ALIASES } from '../key-table.js'

const APPLICATION: Readonly<KeyModes> = { applicationCursor: true, applicationKeypad: true }
const LETTERS = [...'abcdefghijklmnopqrstuvwxyz']
/** The characters Ctrl turns into the control codes no letter gives (`^@ ^\ ^] ^^ ^_`). */
const CONTROL_SYMBOLS = ['@', '\\', ']', '^', '_']

/**
 * What terminals send for a key where the table (and tmux, which re-encodes
 * every key it passes on) sends other bytes: xterm's Home/End, rxvt's, old
 * F1–F4. Not what a recording through tmux holds; read as the key meant,
 * which the test then presses with the table's bytes. None of them is
 * any name's bytes in the table (a test checks).
 */
export const OTHER_SPELLINGS: Readonly<Record<string, string>> = {
  '\u001b[H': 'Home', '\u001b[F': 'End', '\u001bOH': 'Home', '\u001bOF': 'End', '\u001b[7~': 'Home', '\u001b[8~': 'End',
  '\u001b[11~': 'F1', '\u001b[12~': 'F2', '\u001b[13~': 'F3', '\u001b[14~': 'F4',
}

/** The name with Alt added, written as the key table orders modifiers (`C-M-S-`). */
function withAlt(name: string): string {
  return name.startsWith('C-') ? 'C-M-' + name.slice(2) : 'M-' + name
}

/** Every name the reverse table is built from, plainest first. */
export function namesByPreference(): string[] {
  const named = KEY_NAMES.filter((name) => !ALIASES.has(name))
  // BTab is S-Tab: modified, it is written as Tab with the modifiers.
  const modifiable = named.filter((name) => name !== 'BTab')
  const withoutAlt = MODIFIER_PREFIXES.filter((prefix) => prefix !== '' && !prefix.includes('M-'))
  const plain = [
    ...named,
    ...LETTERS.map((letter) => `C-${letter}`),
    ...withoutAlt.flatMap((prefix) => modifiable.map((name) => prefix + name)),
    ...CONTROL_SYMBOLS.map((symbol) => `C-${symbol}`),
  ]
  return [...plain, ...plain.map(withAlt)]
}

/** Bytes (one byte a character, as decode.ts holds them) of the text a key sends. */
function asBytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1')
}

/** The bytes of `name` in those modes, or undefined where the name sends nothing there. */
function bytesOf(name: string, modes: Readonly<KeyModes> = NORMAL_MODES): string | undefined {
  try {
    return asBytes(encodeKey(name, modes))
  } catch {
    return undefined
  }
}

let table: Map<string, string> | undefined

/** Bytes → the plainest name that sends them, in either mode; printable text is left out (it is typed). */
function reverseTable(): Map<string, string> {
  if (table) return table
  table = new Map()
  for (const name of namesByPreference()) {
    for (const modes of [NORMAL_MODES, APPLICATION]) {
      const bytes = bytesOf(name, modes)
      if (bytes === undefined || !/[\x00-\x1f\x7f]/.test(bytes) || table.has(bytes)) continue
      table.set(bytes, name)
    }
  }
  return table
}

/** xterm's modifier parameter (1 + Shift 1 + Alt 2 + Ctrl 4) as a name prefix. */
function modifierPrefix(parameter: number): string | undefined {
  const bits = parameter - 1
  if (!Number.isInteger(bits) || bits < 1 || bits > 7) return undefined
  return (bits & 4 ? 'C-' : '') + (bits & 2 ? 'M-' : '') + (bits & 1 ? 'S-' : '')
}

/** A name read from the shape of the bytes, if encoding it gives those bytes back. */
function byShape(bytes: string): string | undefined {
  let name: string | undefined
  const text = Buffer.from(bytes, 'latin1').toString('utf8')
  const other = /^\x1b\[27;(\d+);(\d+)~$/.exec(bytes)
  if (other) {
    const prefix = modifierPrefix(Number(other[1]))
    const code = Number(other[2])
    if (prefix === undefined || code > 0x10ffff) return undefined
    const character = String.fromCodePoint(code)
    // Shift is in the prefix: the key is the letter itself (C-S-a, not C-S-A).
    name = prefix + (prefix.includes('S-') ? character.toLowerCase() : character)
  } else if (text.startsWith('\u001b') && [...text].length === 2 && text.codePointAt(1)! >= 0x20 && text !== '\u001b\u007f' && !text.includes('\uFFFD')) {
    name = 'M-' + text.slice(1)
  }
  return name !== undefined && bytesOf(name) === bytes ? name : undefined
}

/**
 * The key name for one key's bytes (one byte a character), or undefined
 * if no key sends them.
 */
export function keyNameOf(bytes: string): string | undefined {
  return reverseTable().get(bytes) ?? OTHER_SPELLINGS[bytes] ?? byShape(bytes)
}

/** Every bytes → name pair of the reverse table (for tests and docs). */
export function reverseKeyTable(): ReadonlyMap<string, string> {
  return reverseTable()
}

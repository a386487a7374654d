/**
 * Input bytes → what a test would do to send them: text, tmux key names, a
 * bracketed paste, mouse reports. The bytes are those tmux writes to a pane
 * for the keys a person presses (codegen records them at the pane, after
 * tmux has encoded the keys), so the table below is tmux's own encoding,
 * measured with tmux 3.3a (`send-keys <name>` into a raw pane, bytes read
 * back), in both cursor-key modes and with the application keypad.
 *
 * This is a reverse table of its own, for now: src/keys.ts is being
 * rewritten into one name → bytes table (issue 20); once it lands this
 * module should derive its reverse lookup from it rather than keep a second
 * copy of the encoding.
 *
 * What is not recognised is never guessed and never dropped: it becomes a
 * `raw` token holding the exact bytes.
 */

export type MouseAction = 'press' | 'release' | 'drag' | 'move' | 'wheel'
export type MouseButton = 'left' | 'middle' | 'right'

/** A mouse report in the terms of `session.mouse()` (src/mouse-encoding.ts). */
export interface MouseEvent {
  action: MouseAction
  /** The button, the wheel's direction, or none (a move; X10's release, which does not say which). */
  button?: MouseButton | 'up' | 'down'
  /** Zero-based cell column and row, like `toHaveCursorAt`. */
  x: number
  y: number
  modifiers: ('shift' | 'alt' | 'ctrl')[]
}

export type Token =
  | { kind: 'text'; text: string }
  | { kind: 'key'; name: string }
  | { kind: 'paste'; text: string }
  | { kind: 'mouse'; event: MouseEvent }
  /** Bytes that name no key (or are not UTF-8 text), kept exactly. */
  | { kind: 'raw'; bytes: Buffer }

const ESC = 0x1b

/** Single control bytes as tmux sends them (0x08 is C-h: tmux sends BSpace as 0x7f). */
function controlKey(byte: number): string {
  switch (byte) {
    case 0x00:
      return 'C-Space'
    case 0x09:
      return 'Tab'
    case 0x0d:
      return 'Enter'
    case 0x1b:
      return 'Escape'
    case 0x1c:
      return 'C-\\'
    case 0x1d:
      return 'C-]'
    case 0x1e:
      return 'C-^'
    case 0x1f:
      return 'C-_'
    case 0x7f:
      return 'BSpace'
    default:
      return 'C-' + String.fromCharCode(byte + 0x60)
  }
}

/** CSI (`ESC [`) finals without parameters or with `1;mod`: cursor keys, Home/End, F1–F4. */
const CSI_LETTER: Record<string, string> = { A: 'Up', B: 'Down', C: 'Right', D: 'Left', H: 'Home', F: 'End', P: 'F1', Q: 'F2', R: 'F3', S: 'F4' }

/** `ESC [ n ~` (and `n;mod~`). */
const CSI_TILDE: Record<number, string> = {
  1: 'Home', 2: 'IC', 3: 'DC', 4: 'End', 5: 'PPage', 6: 'NPage', 7: 'Home', 8: 'End',
  11: 'F1', 12: 'F2', 13: 'F3', 14: 'F4',
  15: 'F5', 17: 'F6', 18: 'F7', 19: 'F8', 20: 'F9', 21: 'F10', 23: 'F11', 24: 'F12',
}

/** SS3 (`ESC O x`): cursor keys in application mode, F1–F4, the application keypad. */
const SS3: Record<string, string> = {
  A: 'Up', B: 'Down', C: 'Right', D: 'Left', H: 'Home', F: 'End',
  P: 'F1', Q: 'F2', R: 'F3', S: 'F4',
  p: 'KP0', q: 'KP1', r: 'KP2', s: 'KP3', t: 'KP4', u: 'KP5', v: 'KP6', w: 'KP7', x: 'KP8', y: 'KP9',
  o: 'KP/', j: 'KP*', m: 'KP-', k: 'KP+', n: 'KP.', M: 'KPEnter',
}

/** xterm's modifier parameter: 1 + (1 shift, 2 meta, 4 ctrl). */
function modifierPrefix(parameter: number): string | undefined {
  const bits = parameter - 1
  if (!Number.isInteger(bits) || bits < 0 || bits > 7) return undefined
  return (bits & 4 ? 'C-' : '') + (bits & 2 ? 'M-' : '') + (bits & 1 ? 'S-' : '')
}

const PASTE_START = '\u001b[200~'
const PASTE_END = '\u001b[201~'

/**
 * Decode one chunk of input, as it arrived in one read. Keys are recognised
 * within a chunk only: an Escape that ends a chunk is the Escape key, as a
 * program with an escape timeout would read it.
 */
export function decodeInput(bytes: Uint8Array): Token[] {
  const tokens: Token[] = []
  const text = Buffer.from(bytes).toString('latin1')
  let index = 0
  let plain = ''
  const flush = () => {
    // Text that is not valid UTF-8 is kept as it came, never replaced by U+FFFD.
    if (plain) tokens.push(isUtf8(plain) ? { kind: 'text', text: utf8(plain) } : { kind: 'raw', bytes: Buffer.from(plain, 'latin1') })
    plain = ''
  }
  const push = (token: Token) => {
    flush()
    tokens.push(token)
  }
  while (index < text.length) {
    const byte = text.charCodeAt(index)
    if (byte === ESC) {
      const found = escapeSequence(text, index)
      push(found.token)
      index = found.end
    } else if (byte < 0x20 || byte === 0x7f) {
      push({ kind: 'key', name: controlKey(byte) })
      index++
    } else {
      plain += text[index]
      index++
    }
  }
  flush()
  return tokens
}

/** Raw bytes held in a latin1 string → the UTF-8 text they encode. */
function utf8(latin1: string): string {
  return Buffer.from(latin1, 'latin1').toString('utf8')
}

export function isUtf8Bytes(bytes: Buffer): boolean {
  return Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes)
}

function isUtf8(latin1: string): boolean {
  return isUtf8Bytes(Buffer.from(latin1, 'latin1'))
}


function escapeSequence(text: string, start: number): { token: Token; end: number } {
  const next = text[start + 1]
  if (next === undefined) return { token: { kind: 'key', name: 'Escape' }, end: start + 1 }
  if (text.startsWith(PASTE_START, start)) {
    const close = text.indexOf(PASTE_END, start + PASTE_START.length)
    if (close >= 0) return { token: { kind: 'paste', text: utf8(text.slice(start + PASTE_START.length, close)) }, end: close + PASTE_END.length }
  }
  if (next === '[') return csi(text, start)
  if (next === 'O' && start + 2 < text.length) {
    const name = SS3[text[start + 2]!]
    if (name) return { token: { kind: 'key', name }, end: start + 3 }
    return { token: { kind: 'raw', bytes: Buffer.from(text.slice(start, start + 3), 'latin1') }, end: start + 3 }
  }
  // ESC then one key: that key with Meta (tmux sends M-x as ESC x).
  const code = next.charCodeAt(0)
  if (code < 0x20 || code === 0x7f) return { token: { kind: 'key', name: metaOf(controlKey(code)) }, end: start + 2 }
  if (code < 0x80) return { token: { kind: 'key', name: 'M-' + (next === ' ' ? 'Space' : next) }, end: start + 2 }
  // ESC then a UTF-8 character: Meta and that character.
  const width = utf8Length(code)
  const character = utf8(text.slice(start + 1, start + 1 + width))
  if (width > 1 && [...character].length === 1 && character !== '\uFFFD') return { token: { kind: 'key', name: 'M-' + character }, end: start + 1 + width }
  return { token: { kind: 'key', name: 'Escape' }, end: start + 1 }
}

function metaOf(name: string): string {
  // tmux reads C-M-a and M-C-a alike; write Ctrl first, as its own list-keys does.
  return name.startsWith('C-') ? 'C-M-' + name.slice(2) : 'M-' + name
}

function utf8Length(lead: number): number {
  if (lead >= 0xf0) return 4
  if (lead >= 0xe0) return 3
  if (lead >= 0xc0) return 2
  return 1
}

function csi(text: string, start: number): { token: Token; end: number } {
  // Mouse, X10 / UTF-8 (1005) encodings: ESC [ M then three coded values.
  if (text[start + 2] === 'M') return x10Mouse(text, start)
  let index = start + 2
  while (index < text.length && /[0-?]/.test(text[index]!)) index++
  while (index < text.length && /[ -/]/.test(text[index]!)) index++
  const final = text[index]
  if (final === undefined || !/[@-~]/.test(final)) {
    // Not a complete sequence: ESC [ was Meta-[ and the rest is what follows it.
    return { token: { kind: 'key', name: 'M-[' }, end: start + 2 }
  }
  const end = index + 1
  const sequence = text.slice(start, end)
  const parameters = text.slice(start + 2, index)
  const raw: Token = { kind: 'raw', bytes: Buffer.from(sequence, 'latin1') }
  if (parameters.startsWith('<') && (final === 'M' || final === 'm')) return { token: sgrMouse(parameters.slice(1), final) ?? raw, end }
  if (final === 'Z' && parameters === '') return { token: { kind: 'key', name: 'BTab' }, end }
  if (!/^[0-9;]*$/.test(parameters)) return { token: raw, end }
  const numbers = parameters === '' ? [] : parameters.split(';').map(Number)
  if (final === 'M' && numbers.length === 3) return { token: urxvtMouse(numbers) ?? raw, end }
  let name: string | undefined
  let modifier = 1
  if (final === '~') {
    name = CSI_TILDE[numbers[0] ?? -1]
    if (numbers.length === 2) modifier = numbers[1]!
    else if (numbers.length !== 1) name = undefined
  } else if (CSI_LETTER[final]) {
    name = CSI_LETTER[final]
    if (numbers.length === 2 && numbers[0] === 1) modifier = numbers[1]!
    else if (numbers.length !== 0) name = undefined
  }
  const prefix = modifierPrefix(modifier)
  if (name === undefined || prefix === undefined) return { token: raw, end }
  return { token: { kind: 'key', name: prefix + name }, end }
}

function mouseModifiers(code: number): MouseEvent['modifiers'] {
  const modifiers: MouseEvent['modifiers'] = []
  if (code & 4) modifiers.push('shift')
  if (code & 8) modifiers.push('alt')
  if (code & 16) modifiers.push('ctrl')
  return modifiers
}

/** A button code (xterm's: low bits button, +32 motion, +64 wheel) and whether it is a release. */
function mouseEvent(code: number, x: number, y: number, release: boolean): MouseEvent | undefined {
  if (x < 0 || y < 0) return undefined
  const modifiers = mouseModifiers(code)
  const low = code & 3
  if (code & 64) {
    if (low > 1) return undefined
    return { action: 'wheel', button: low === 0 ? 'up' : 'down', x, y, modifiers }
  }
  if (low === 3) return { action: code & 32 ? 'move' : 'release', x, y, modifiers }
  const button = (['left', 'middle', 'right'] as const)[low]!
  if (code & 32) return { action: 'drag', button, x, y, modifiers }
  return { action: release ? 'release' : 'press', button, x, y, modifiers }
}

/** SGR (1006): ESC [ < b ; x ; y M|m, one-based cells, `m` a release. */
function sgrMouse(parameters: string, final: string): Token | undefined {
  const parts = parameters.split(';')
  if (parts.length !== 3 || !parts.every((part) => /^\d+$/.test(part))) return undefined
  const [code, x, y] = parts.map(Number) as [number, number, number]
  const event = mouseEvent(code, x - 1, y - 1, final === 'm')
  return event && { kind: 'mouse', event }
}

/** urxvt (1015): ESC [ b ; x ; y M, b offset by 32. */
function urxvtMouse([code, x, y]: number[]): Token | undefined {
  const event = mouseEvent(code! - 32, x! - 1, y! - 1, false)
  return event && { kind: 'mouse', event }
}

/** X10 / normal (and UTF-8, 1005): ESC [ M then button+32, column+33, row+33 as bytes (or UTF-8 characters). */
function x10Mouse(text: string, start: number): { token: Token; end: number } {
  const values: number[] = []
  let index = start + 3
  while (values.length < 3 && index < text.length) {
    const lead = text.charCodeAt(index)
    const width = lead >= 0xc2 && lead < 0xf0 ? utf8Length(lead) : 1
    const piece = text.slice(index, index + width)
    const character = width > 1 ? utf8(piece) : piece
    values.push(width > 1 && [...character].length === 1 ? character.codePointAt(0)! : lead)
    index += width > 1 && [...character].length === 1 ? width : 1
  }
  const sequence = text.slice(start, index)
  if (values.length < 3) return { token: { kind: 'raw', bytes: Buffer.from(sequence, 'latin1') }, end: index }
  const [code, x, y] = values as [number, number, number]
  // X10 has no release per button: low bits 3 is "released", no button named.
  const event = mouseEvent(code - 32, x - 33, y - 33, false)
  return { token: event ? { kind: 'mouse', event } : { kind: 'raw', bytes: Buffer.from(sequence, 'latin1') }, end: index }
}

/**
 * Input bytes → what a test would do to send them: text, tmux key names, a
 * bracketed paste, mouse reports. The bytes are those tmux writes to a pane
 * for the keys a person presses (codegen records them at the pane, after
 * tmux has encoded the keys). Here the bytes are cut into keys by their
 * shape; which name a key's bytes are is key-lookup.ts's answer, the
 * reverse of the key table `press` sends from.
 *
 * What is not recognised is never guessed and never dropped: it becomes a
 * `raw` token holding the exact bytes.
 */
import { keyNameOf } from './key-lookup.js'

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
      push(keyToken(text[index]!))
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

/** The key these bytes are, or the bytes kept exactly. */
function keyToken(bytes: string): Token {
  const name = keyNameOf(bytes)
  return name === undefined ? { kind: 'raw', bytes: Buffer.from(bytes, 'latin1') } : { kind: 'key', name }
}

function escapeSequence(text: string, start: number): { token: Token; end: number } {
  const next = text[start + 1]
  if (next === undefined) return { token: keyToken('\u001b'), end: start + 1 }
  if (text.startsWith(PASTE_START, start)) {
    const close = text.indexOf(PASTE_END, start + PASTE_START.length)
    if (close >= 0) return { token: { kind: 'paste', text: utf8(text.slice(start + PASTE_START.length, close)) }, end: close + PASTE_END.length }
  }
  if (next === '[') return csi(text, start)
  if (next === 'O' && start + 2 < text.length) {
    // SS3: a final, after a modifier parameter on the application keypad (ESC O 5 p).
    const end = start + 3 + (/[0-9]/.test(text[start + 2]!) && start + 3 < text.length ? 1 : 0)
    return { token: keyToken(text.slice(start, end)), end }
  }
  // ESC then one key: that key with Alt (M-x, C-M-a, M-Enter), a UTF-8 character included.
  const width = next.charCodeAt(0) >= 0xc0 ? utf8Length(next.charCodeAt(0)) : 1
  const name = keyNameOf(text.slice(start, start + 1 + width))
  if (name !== undefined) return { token: { kind: 'key', name }, end: start + 1 + width }
  return { token: keyToken('\u001b'), end: start + 1 }
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
  if (final === 'M' && /^\d+;\d+;\d+$/.test(parameters)) return { token: urxvtMouse(parameters.split(';').map(Number)) ?? raw, end }
  return { token: keyToken(sequence), end }
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

/**
 * The control-mode wire format, as pure functions: splitting the byte stream
 * into lines, recognising reply blocks, and decoding `%output` payloads.
 *
 * `%output %<pane> <data>`: tmux escapes bytes below 0x20 and `\` as three
 * octal digits (`\015`) and passes every other byte (UTF-8 included) raw.
 */

export interface BlockBoundary {
  kind: 'begin' | 'end' | 'error'
  /** `<time> <number> <flags>`: an %end belongs to the %begin with the same fields. */
  id: string
  /** flags = 1: the block answers a command this client sent. */
  fromClient: boolean
}

const BEGIN = Buffer.from('%begin ')
const END = Buffer.from('%end ')
const ERROR = Buffer.from('%error ')

function startsWith(line: Buffer, prefix: Buffer): boolean {
  return line.length >= prefix.length && line.compare(prefix, 0, prefix.length, 0, prefix.length) === 0
}

export function parseBlockBoundary(line: Buffer): BlockBoundary | undefined {
  if (line[0] !== 0x25 /* % */) return undefined
  let kind: BlockBoundary['kind']
  let prefix: Buffer
  if (startsWith(line, BEGIN)) [kind, prefix] = ['begin', BEGIN]
  else if (startsWith(line, END)) [kind, prefix] = ['end', END]
  else if (startsWith(line, ERROR)) [kind, prefix] = ['error', ERROR]
  else return undefined
  const id = line.toString('latin1', prefix.length)
  if (!/^\d+ \d+ \d+$/.test(id)) return undefined
  return { kind, id, fromClient: id.endsWith(' 1') }
}

const OUTPUT = Buffer.from('%output %')
const EXTENDED_OUTPUT = Buffer.from('%extended-output %')

export interface OutputLine {
  paneId: string
  /** Offset in the line where the escaped payload starts. */
  dataStart: number
}

/**
 * Recognise `%output %N data` (and `%extended-output %N age ... : data`,
 * which tmux sends once `pause-after` flow control is on). Returns the pane
 * id without building a string of the payload.
 */
export function parseOutputLine(line: Buffer): OutputLine | undefined {
  if (line[0] !== 0x25) return undefined
  let cursor: number
  if (startsWith(line, OUTPUT)) cursor = OUTPUT.length
  else if (startsWith(line, EXTENDED_OUTPUT)) cursor = EXTENDED_OUTPUT.length
  else return undefined
  const idEnd = line.indexOf(0x20, cursor)
  const paneId = '%' + line.toString('latin1', cursor, idEnd === -1 ? line.length : idEnd)
  if (idEnd === -1) return { paneId, dataStart: line.length }
  if (line[1] === 0x65 /* e: extended */) {
    const colon = line.indexOf(' : ', idEnd)
    return { paneId, dataStart: colon === -1 ? line.length : colon + 3 }
  }
  return { paneId, dataStart: idEnd + 1 }
}

/**
 * The one `%output` decoder: undo tmux's octal escapes (`\ooo` for bytes
 * below 0x20 and `\`) while copying `line[from…]` into `target[at…end]`.
 * Stops when the line or the room runs out; returns where it stopped in
 * the line and in the target, so a caller can continue into fresh room (the
 * recording does, page by page).
 */
export function decodeOutputInto(line: Buffer, from: number, target: Buffer, at: number, end = target.length): { read: number; written: number } {
  let index = from
  let used = at
  while (index < line.length && used < end) {
    const byte = line[index]!
    if (byte === 0x5c && isOctal(line[index + 1]) && isOctal(line[index + 2]) && isOctal(line[index + 3])) {
      target[used++] = ((line[index + 1]! - 48) << 6) | ((line[index + 2]! - 48) << 3) | (line[index + 3]! - 48)
      index += 4
    } else {
      target[used++] = byte
      index++
    }
  }
  return { read: index, written: used }
}

/** Undo tmux's octal escapes: the raw bytes the program wrote. */
export function decodeOutputData(line: Buffer, start: number): Buffer {
  if (line.indexOf(0x5c /* \ */, start) === -1) return line.subarray(start)
  const bytes = Buffer.allocUnsafe(line.length - start)
  return bytes.subarray(0, decodeOutputInto(line, start, bytes, 0).written)
}

function isOctal(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 48 && byte <= 55
}

/** Splits a byte stream into lines (without the `\n`), keeping a partial tail between chunks. */
export class LineSplitter {
  private tail: Buffer | undefined

  push(chunk: Buffer, onLine: (line: Buffer) => void): void {
    let data = chunk
    if (this.tail) {
      data = Buffer.concat([this.tail, chunk])
      this.tail = undefined
    }
    let start = 0
    for (;;) {
      const newline = data.indexOf(0x0a, start)
      if (newline === -1) break
      onLine(data.subarray(start, newline))
      start = newline + 1
    }
    if (start < data.length) this.tail = Buffer.from(data.subarray(start))
  }
}

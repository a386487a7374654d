/**
 * The program's output on its way to the person's view, less the queries
 * a terminal answers: the program's own pane (a tmux pane) has answered
 * them already, and the view (another tmux pane) would answer again, its
 * answer arriving as if the person had typed it. Dropped: device
 * attributes (`CSI c`, `CSI > c`, `CSI = c`), status and cursor reports
 * (`CSI n`), mode reports (`CSI ? … $ p`), terminal version (`CSI > q`),
 * keyboard-protocol queries (`CSI ? u`), colour queries (`OSC 4/10/11/12
 * …;?`) and settings queries (`DCS $ q`, `DCS + q`). Everything else passes
 * byte for byte, a sequence cut between two reads included.
 */

const ESC = 0x1b
/** An escape sequence longer than this is not one we drop: pass it on. */
const LONGEST_HELD = 512

export class QueryFilter {
  private held = Buffer.alloc(0)

  /** The bytes to show for this piece of output (some may be held until the next piece completes them). */
  push(chunk: Buffer): Buffer {
    const data = this.held.length ? Buffer.concat([this.held, chunk]) : chunk
    this.held = Buffer.alloc(0)
    const out: Buffer[] = []
    let from = 0
    let index = data.indexOf(ESC)
    while (index >= 0) {
      const end = sequenceEnd(data, index)
      if (end === undefined) {
        if (data.length - index <= LONGEST_HELD) {
          out.push(data.subarray(from, index))
          this.held = Buffer.from(data.subarray(index))
          return Buffer.concat(out)
        }
        break
      }
      if (isQuery(data.subarray(index, end))) {
        out.push(data.subarray(from, index))
        from = end
      }
      index = data.indexOf(ESC, Math.max(end, index + 1))
    }
    out.push(data.subarray(from))
    return Buffer.concat(out)
  }
}

/** Where the escape sequence at `start` ends (exclusive), or undefined while it is incomplete. */
function sequenceEnd(data: Buffer, start: number): number | undefined {
  const kind = data[start + 1]
  if (kind === undefined) return undefined
  if (kind === 0x5b) {
    // CSI: parameters and intermediates, then a final byte 0x40–0x7e.
    for (let index = start + 2; index < data.length; index++) {
      const byte = data[index]!
      if (byte >= 0x40 && byte <= 0x7e) return index + 1
      if (byte < 0x20 || byte > 0x3f) return index
    }
    return undefined
  }
  if (kind === 0x5d || kind === 0x50 || kind === 0x5f || kind === 0x5e) {
    // OSC, DCS, APC, PM: up to BEL (OSC) or ST (ESC \).
    for (let index = start + 2; index < data.length; index++) {
      const byte = data[index]!
      if (byte === 0x07 && kind === 0x5d) return index + 1
      if (byte === ESC) return data[index + 1] === undefined ? undefined : data[index + 1] === 0x5c ? index + 2 : index
    }
    return undefined
  }
  return start + 2
}

function isQuery(sequence: Buffer): boolean {
  const text = sequence.toString('latin1')
  if (text[1] === '[') {
    const body = text.slice(2)
    return /^[>=]?[0-9;]*c$/.test(body) || /^\??[0-9;]*n$/.test(body) || /^\??[0-9;]*\$p$/.test(body) || /^>[0-9;]*q$/.test(body) || body === '?u'
  }
  if (text[1] === ']') return /^\x1b\](?:4;\d+|1[0-2]|1[7-9]);\?(?:\x07|\x1b\\)$/.test(text)
  if (text[1] === 'P') return /^\x1bP[$+]q/.test(text)
  return false
}

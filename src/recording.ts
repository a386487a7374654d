/**
 * Recording: a session's terminal output, as tmux streamed it in `%output`,
 * kept with timestamps so it can be written as an asciicast v2 file
 * (https://docs.asciinema.org/manual/asciicast/v2/) and played back with
 * `asciinema play`. Typed input ("i") and resizes ("r") are events too.
 *
 * The hot path is one `%output` line: its bytes are decoded straight into a
 * page (a preallocated Buffer) and its time goes into a typed array; no
 * string, no object, no JSON per event. JSON is built once, when the file is
 * written, and only for a failing test (or with TMUXPECT_RECORD=all).
 *
 * Memory is bounded: the first half of the limit keeps the start of the
 * session, the second half the latest output (oldest pages dropped); the
 * file then says, at the gap, how much was left out.
 */
import { StringDecoder } from 'node:string_decoder'
import { decodeOutputInto } from './protocol.js'
import { maskSegments, maskText } from './secrets.js'

export type RecordMode = 'off' | 'failed' | 'all'

const KIND_OUTPUT = 0
const KIND_INPUT = 1
const KIND_RESIZE = 2
const KIND_CODES = ['o', 'i', 'r'] as const

const FIRST_PAGE_BYTES = 4096
const MAX_PAGE_BYTES = 65536

class Page {
  readonly bytes: Buffer
  used = 0
  count = 0
  /** Seconds since the session started, per event. */
  readonly times: Float64Array
  /** End offset in `bytes`, per event. */
  readonly ends: Uint32Array
  readonly kinds: Uint8Array

  constructor(size: number) {
    this.bytes = Buffer.allocUnsafe(size)
    const slots = Math.max(64, size >> 4)
    this.times = new Float64Array(slots)
    this.ends = new Uint32Array(slots)
    this.kinds = new Uint8Array(slots)
  }

  get full(): boolean {
    return this.used === this.bytes.length || this.count === this.times.length
  }
}

export interface RecordingInit {
  cols: number
  rows: number
  /** `performance.now()` when the session started: event times count from it. */
  startedAt: number
  /** Bytes kept in memory at most (default 8 MiB). */
  limit: number
  title?: string
  env?: { TERM?: string; SHELL?: string }
}

export class Recording {
  private readonly init: RecordingInit
  private readonly startedAtEpoch = Date.now() / 1000
  private readonly head: Page[] = []
  private readonly tail: Page[] = []
  private headBytes = 0
  private tailBytes = 0
  private current: Page
  private nextPageSize = FIRST_PAGE_BYTES
  /** Output bytes dropped from the middle once the limit was reached. */
  private dropped = 0

  constructor(init: RecordingInit) {
    this.init = init
    this.current = this.newPage()
  }

  /** Bytes held in memory (pages allocated). */
  get heldBytes(): number {
    return this.headBytes + this.tailBytes
  }

  /** Bytes of output left out of the middle of the recording (0 unless the limit was reached). */
  get droppedBytes(): number {
    return this.dropped
  }

  /** A `%output` line's payload (tmux's octal escapes undone by protocol.ts's decoder), from `dataStart` on. */
  output(line: Buffer, dataStart: number): void {
    const time = (performance.now() - this.init.startedAt) / 1000
    let index = dataStart
    while (index < line.length) {
      let page = this.current
      if (page.full) page = this.turnPage()
      const { read, written } = decodeOutputInto(line, index, page.bytes, page.used)
      index = read
      this.pushEvent(page, KIND_OUTPUT, time, written)
    }
  }

  /** Typed text or keys, as the program received them (best effort for named keys). */
  input(text: string): void {
    this.append(KIND_INPUT, Buffer.from(text, 'utf8'))
  }

  resize(cols: number, rows: number): void {
    this.append(KIND_RESIZE, Buffer.from(`${cols}x${rows}`, 'latin1'))
  }

  private append(kind: number, data: Buffer): void {
    const time = (performance.now() - this.init.startedAt) / 1000
    let offset = 0
    while (offset < data.length) {
      let page = this.current
      if (page.full) page = this.turnPage()
      const length = Math.min(data.length - offset, page.bytes.length - page.used)
      data.copy(page.bytes, page.used, offset, offset + length)
      offset += length
      this.pushEvent(page, kind, time, page.used + length)
    }
  }

  private pushEvent(page: Page, kind: number, time: number, end: number): void {
    // Output that continues the previous output event in the same instant extends it.
    const last = page.count - 1
    if (last >= 0 && page.kinds[last] === kind && page.times[last] === time) {
      page.ends[last] = end
    } else {
      page.times[page.count] = time
      page.kinds[page.count] = kind
      page.ends[page.count] = end
      page.count++
    }
    page.used = end
  }

  private newPage(): Page {
    const page = new Page(this.nextPageSize)
    this.nextPageSize = Math.min(MAX_PAGE_BYTES, this.nextPageSize * 2)
    const half = this.init.limit / 2
    if (this.headBytes + page.bytes.length <= half && this.tail.length === 0) {
      this.head.push(page)
      this.headBytes += page.bytes.length
    } else {
      this.tail.push(page)
      this.tailBytes += page.bytes.length
      while (this.tailBytes > half && this.tail.length > 1) {
        const old = this.tail.shift()!
        this.tailBytes -= old.bytes.length
        this.dropped += old.used
      }
    }
    return page
  }

  private turnPage(): Page {
    this.current = this.newPage()
    return this.current
  }

  /**
   * The recording as an asciicast v2 file: a header line, then one JSON
   * array per event. `secrets` are masked (secrets.ts): in output across
   * the chunks tmux split it into, in each input event, in the title.
   */
  toAsciicast(secrets: readonly string[] = []): string {
    const header: Record<string, unknown> = {
      version: 2,
      width: this.init.cols,
      height: this.init.rows,
      timestamp: Math.floor(this.startedAtEpoch),
    }
    if (this.init.title) header.title = maskText(this.init.title, secrets)
    if (this.init.env) header.env = this.init.env
    const decoders = [new StringDecoder('utf8'), new StringDecoder('utf8'), new StringDecoder('latin1')]
    /** Events in order; output resumes mid-stream after a gap, so it is masked in stretches. */
    const stretches: Event[][] = [[]]
    let lastTime = 0
    const read = (pages: readonly Page[]) => {
      for (const page of pages) {
        let start = 0
        for (let event = 0; event < page.count; event++) {
          const end = page.ends[event]!
          const kind = page.kinds[event]!
          const text = decoders[kind]!.write(page.bytes.subarray(start, end))
          start = end
          lastTime = page.times[event]!
          if (text !== '') stretches[stretches.length - 1]!.push({ time: lastTime, kind, text })
        }
      }
    }
    read(this.head)
    if (this.dropped > 0) {
      // Output resumes mid-stream: start the decoders afresh and say so on the screen.
      decoders[KIND_OUTPUT] = new StringDecoder('utf8')
      const firstKept = this.tail[0]
      const at = firstKept && firstKept.count > 0 ? firstKept.times[0]! : lastTime
      const note = `\r\n\u001b[0;7m[tmuxpect: ${this.dropped} bytes of output left out here: the recording keeps ${this.init.limit} bytes at most]\u001b[0m\r\n`
      stretches.push([{ time: at, kind: KIND_OUTPUT, text: note }], [])
    }
    read(this.tail)
    const out: string[] = [JSON.stringify(header)]
    for (const events of stretches) {
      if (secrets.length > 0) maskEvents(events, secrets)
      for (const { time, kind, text } of events) {
        if (text !== '') out.push(`[${formatTime(time)}, "${KIND_CODES[kind]}", ${JSON.stringify(text)}]`)
      }
    }
    return out.join('\n') + '\n'
  }
}

interface Event {
  time: number
  kind: number
  text: string
}

/** Secrets masked in place: output as one text across its events (a secret split between chunks), input event by event. */
function maskEvents(events: Event[], secrets: readonly string[]): void {
  const output = events.filter((event) => event.kind === KIND_OUTPUT)
  maskSegments(
    output.map((event) => event.text),
    secrets,
  ).forEach((text, index) => (output[index]!.text = text))
  for (const event of events) if (event.kind === KIND_INPUT) event.text = maskText(event.text, secrets)
}

function formatTime(seconds: number): string {
  return (Math.round(seconds * 1e6) / 1e6).toFixed(6)
}

/**
 * A recording → the steps of a test: before each input the wait that marks
 * the moment (waits.ts), then the input decoded into test calls
 * (decode.ts), merged the way a person would write them: typed runs into
 * one `type`, a typed line and Enter into `submit`, keys in a row into one
 * `press`, a press and release of the left button on one cell into `click`.
 * Pure: what a capture recorded in, steps out.
 */
import { decodeInput, type MouseEvent, type Token } from './decode.js'
import { chooseWait, Volatility, type Shot, type Wait } from './waits.js'

export interface InputChunk {
  /** ms since the recording started. */
  time: number
  /** The bytes as they came in one read. */
  bytes: Buffer
  /** The screen the person saw when they sent them. */
  before: Shot
}

export interface ExitStatus {
  code: number | null
  signal: string | null
}

export interface Recorded {
  /** Every screen the recording took, in order (the `before` of each input among them). */
  shots: readonly Shot[]
  inputs: readonly InputChunk[]
  /** The screen at the end (the program's last screen if it exited). */
  final: Shot
  /** How the program ended; undefined when the person detached first. */
  exit: ExitStatus | undefined
}

export type Step =
  | Wait
  | { kind: 'type'; text: string }
  | { kind: 'submit'; text: string }
  | { kind: 'press'; keys: string[] }
  | { kind: 'paste'; text: string }
  | { kind: 'click'; x: number; y: number }
  | { kind: 'mouse'; event: MouseEvent }
  | { kind: 'raw'; bytes: Buffer }
  | { kind: 'exit'; status: ExitStatus }

export function planSteps(recorded: Recorded): Step[] {
  const volatility = new Volatility([...recorded.shots, recorded.final])
  const steps: Step[] = []
  let previous: Shot | undefined
  let typed = ''
  const waitFor = (now: Shot, exited = false) => {
    const wait = chooseWait(previous, now, typed, volatility, { exited })
    // Once the program has exited, what left its screen says nothing: toHaveExited says it.
    if (wait && !(exited && wait.kind === 'gone')) {
      steps.push(wait)
      typed = ''
    }
  }
  for (const chunk of recorded.inputs) {
    waitFor(chunk.before)
    for (const token of decodeInput(chunk.bytes)) {
      addToken(steps, token)
      if (token.kind === 'text' || token.kind === 'paste') typed += token.text
    }
    previous = chunk.before
  }
  waitFor(recorded.final, recorded.exit !== undefined)
  if (recorded.exit) steps.push({ kind: 'exit', status: recorded.exit })
  return steps
}

function addToken(steps: Step[], token: Token): void {
  const last = steps[steps.length - 1]
  switch (token.kind) {
    case 'text':
      if (last?.kind === 'type') last.text += token.text
      else steps.push({ kind: 'type', text: token.text })
      return
    case 'key':
      if (token.name === 'Enter' && last?.kind === 'type') steps[steps.length - 1] = { kind: 'submit', text: last.text }
      else if (last?.kind === 'press') last.keys.push(token.name)
      else steps.push({ kind: 'press', keys: [token.name] })
      return
    case 'paste':
      steps.push({ kind: 'paste', text: token.text })
      return
    case 'mouse': {
      const event = token.event
      if (
        last?.kind === 'mouse' &&
        last.event.action === 'press' &&
        last.event.button === 'left' &&
        last.event.modifiers.length === 0 &&
        event.action === 'release' &&
        (event.button === 'left' || event.button === undefined) &&
        event.modifiers.length === 0 &&
        event.x === last.event.x &&
        event.y === last.event.y
      ) {
        steps[steps.length - 1] = { kind: 'click', x: event.x, y: event.y }
      } else {
        steps.push({ kind: 'mouse', event })
      }
      return
    }
    case 'raw':
      if (last?.kind === 'raw') last.bytes = Buffer.concat([last.bytes, token.bytes])
      else steps.push({ kind: 'raw', bytes: token.bytes })
      return
  }
}

/**
 * Failure evidence as text, shared by wait errors, matchers and the fixture.
 * A failure reads top to bottom like a story, always in this order:
 *
 *   what was expected (pattern, `.not`, options)
 *   how long it waited and why it ended (timeout, or the program's exit)
 *   the last screen, framed, with row numbers and the cursor marked
 *   the session's name, program and state, and the read-only attach line
 *   the last actions on the session, with times since it started
 *
 * Built only when a failure is reported. Colour comes from a `Paint`: plain
 * text unless the caller knows its output is a colour terminal (a matcher
 * takes the test framework's colours; the fixture asks its stream).
 */
import { ProgramExitedError, WaitTimeoutError, type ExitStatus } from './errors.js'
import { frameScreen, type Screen } from './screen.js'
import type { TimelineEntry } from './journal.js'

export interface ActionRecord {
  /** ms since the session started. */
  at: number
  what: string
}

export interface SessionSummary {
  name: string
  program: string
  state: string
  attachCommand: string
  actions: readonly ActionRecord[]
  /** Every step since the session started, waits included with how they ended: the report page's timeline. */
  timeline?: readonly TimelineEntry[]
  /** ms since the session started, when the summary was taken. */
  now?: number
}

/** How a wait ended, for the "Waited:" line. */
export interface WaitOutcome {
  elapsedMs: number
  timeoutMs: number
  looks: number
  /** Set when the wait ended because the program exited. */
  exit: ExitStatus | undefined
}

/** Everything a failure message tells, in the order it tells it. */
export interface FailureStory {
  /** `expect(session).toShowOnScreen(expected)`; a wait error has none. */
  header?: string
  expected: string
  /** Options the caller gave, in words (`timeout 300 ms`). */
  options?: string
  received?: string
  waited?: WaitOutcome
  screen: Screen | undefined
  session?: SessionSummary
  /** Files written for the failure (recording, final screen). */
  files?: readonly string[]
  /** A hint that saves the reader a search (`Note:` after the expectation). */
  note?: string
}

/** Colour functions; each takes text and returns it decorated (or as is). */
export interface Paint {
  /** The labels on the left ("Expected:"). */
  label(text: string): string
  expected(text: string): string
  received(text: string): string
  /** Frame lines, row numbers, times. */
  dim(text: string): string
  /** The cursor's marks and the attach line: what a reader should find first. */
  highlight(text: string): string
}

const identity = (text: string) => text
export const plainPaint: Paint = { label: identity, expected: identity, received: identity, dim: identity, highlight: identity }

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`
export const ansiPaint: Paint = {
  label: sgr(1, 22),
  expected: sgr(32, 39),
  received: sgr(31, 39),
  dim: sgr(2, 22),
  highlight: sgr(36, 39),
}

/**
 * Whether to colour text written to `stream`: FORCE_COLOR (not "0") forces
 * it, NO_COLOR or FORCE_COLOR=0 turn it off, otherwise only a terminal
 * that says it has colours gets them. A log file or a CI pipe gets none,
 * whatever CI=true would make other tools do.
 */
export function colorFor(stream: NodeJS.WriteStream | undefined, env: NodeJS.ProcessEnv = process.env): Paint {
  const force = env.FORCE_COLOR
  if (force !== undefined && force !== '') return force === '0' || force === 'false' ? plainPaint : ansiPaint
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return plainPaint
  if (stream?.isTTY) return typeof stream.hasColors === 'function' && stream.hasColors() ? ansiPaint : plainPaint
  // A vitest worker's streams are pipes to the main process; vitest says in
  // FORCE_TTY whether its own output is a terminal.
  return env.FORCE_TTY === 'true' && env.TERM !== 'dumb' ? ansiPaint : plainPaint
}

export function describeExit(exit: ExitStatus): string {
  if (exit.signal) return `killed by ${exit.signal}`
  if (exit.code !== null) return `exited with code ${exit.code}`
  return 'exited (status unknown)'
}

export function describeWaited(waited: WaitOutcome): string {
  const screens = `${waited.looks} screen${waited.looks === 1 ? '' : 's'} looked at`
  if (waited.exit) {
    return `${waited.elapsedMs} ms, then the program ${describeExit(waited.exit)} (the timeout was ${waited.timeoutMs} ms); ${screens}`
  }
  return `${waited.elapsedMs} ms, until the timeout (${waited.timeoutMs} ms); ${screens}`
}

/** `Screen (80×24, cursor at row 3, column 5):` and the frame; rows and columns counted from 1, as the frame numbers them. */
export function describeScreen(screen: Screen | undefined, paint: Paint = plainPaint): string {
  if (!screen) return `${paint.label('Screen:')}   (none captured)`
  const { x, y, visible } = screen.cursor
  const cursor = visible ? `cursor ${paint.highlight('▸')} at` : `cursor hidden ${paint.highlight('▹')}, at`
  const alternate = screen.alternate ? ', alternate screen' : ''
  const title = `${paint.label('Screen')} (${screen.cols}×${screen.rows}${alternate}, ${cursor} row ${y + 1}, column ${x + 1}, i.e. x=${x} y=${y}):`
  return `${title}\n${frameScreen(screen, paint)}`
}

function formatMs(ms: number, width: number): string {
  return `+${String(Math.round(ms)).padStart(width)} ms`
}

/**
 * One action a line, times since the session started, the last line the
 * moment the failure was reported.
 */
export function describeActions(session: SessionSummary, paint: Paint = plainPaint, ending?: string): string {
  const title = `${paint.label('Last actions')} ${paint.dim('(ms since the session started)')}:`
  const rows: [number, string][] = session.actions.map((action) => [action.at, action.what])
  if (ending && session.now !== undefined) rows.push([session.now, ending])
  if (rows.length === 0) return `${title} none`
  const width = String(Math.round(rows[rows.length - 1]![0])).length
  return [title, ...rows.map(([at, what]) => `  ${paint.dim(formatMs(at, width))}  ${what}`)].join('\n')
}

/** Preview of typed text for the action log: short, one line, visible escapes. */
export function previewText(text: string, limit = 40): string {
  const shown = JSON.stringify(text.length > limit ? text.slice(0, limit) : text)
  return text.length > limit ? `${shown}… (${text.length} chars)` : shown
}

/** The session's block: screen, name and attach line, last actions. */
export function sessionBlock(session: SessionSummary, screen: Screen | undefined, paint: Paint = plainPaint, ending?: string): string {
  return [
    describeScreen(screen, paint),
    `${paint.label('Session:')}  ${session.name}  (${session.program}), ${session.state}`,
    `${paint.label('Attach:')}   ${paint.highlight(session.attachCommand)}   ${paint.dim('(read-only: watching never resizes it)')}`,
    describeActions(session, paint, ending),
  ].join('\n')
}

/** The whole story, in the fixed order (see the top of this file). */
export function formatFailure(story: FailureStory, paint: Paint = plainPaint): string {
  const lines: string[] = []
  if (story.header) lines.push(paint.dim(story.header), '')
  lines.push(`${paint.label('Expected:')} ${paint.expected(story.expected)}`)
  if (story.options) lines.push(`${paint.label('Options:')}  ${story.options}`)
  if (story.received !== undefined) lines.push(`${paint.label('Received:')} ${paint.received(story.received)}`)
  if (story.note) lines.push(`${paint.label('Note:')}     ${story.note}`)
  if (story.waited) lines.push(`${paint.label('Waited:')}   ${describeWaited(story.waited)}`)
  const ending = story.waited ? (story.waited.exit ? '✗ gave up: the program had exited' : '✗ gave up: timeout') : '✗ failed'
  if (story.session) lines.push(sessionBlock(story.session, story.screen, paint, ending))
  else lines.push(describeScreen(story.screen, paint))
  if (story.files && story.files.length > 0) {
    lines.push(`${paint.label('Files:')}    ${story.files.join('\n          ')}`)
  }
  return lines.join('\n')
}

const TRAILING_BLANKS = /[ \t]+$/gm

/**
 * When a pattern that did not match would match but for trailing
 * whitespace, say so: the rule for trailing spaces (docs/screens.md) is not
 * something a reader guesses from a frame.
 */
export function trailingWhitespaceNote(pattern: string | RegExp, text: string): string | undefined {
  const trimmed = text.replace(TRAILING_BLANKS, '')
  let close: boolean
  if (typeof pattern === 'string') {
    close = !text.includes(pattern) && trimmed.includes(pattern.replace(TRAILING_BLANKS, ''))
  } else {
    pattern.lastIndex = 0
    const onText = pattern.test(text)
    pattern.lastIndex = 0
    close = !onText && pattern.test(trimmed)
    pattern.lastIndex = 0
  }
  if (!close) return undefined
  return (
    'the screen differs from the expected text only in trailing whitespace. Trailing spaces are text only ' +
    'before the visible cursor on its row, or where a style shows them (a background, reverse video, an underline); see docs/screens.md'
  )
}

/** How a wait failed, with its evidence: what `waitError` makes a message of. */
export interface WaitFailure {
  /** 'timeout', or 'exited': the program exited while the wait needed it running. */
  reason: 'timeout' | 'exited'
  awaited: string
  timeoutMs: number
  elapsedMs: number
  looks: number
  exit: ExitStatus | undefined
  screen: Screen | undefined
  session: SessionSummary
}

/**
 * The wait error for a failure: its message composed here, once; the error
 * class only holds it. Matchers tell the same story (`error.story`) in their
 * own words and colours instead of parsing the message.
 */
export function waitError(failure: WaitFailure): WaitTimeoutError | ProgramExitedError {
  const exited = failure.reason === 'exited' && failure.exit !== undefined
  const elapsedMs = Math.round(failure.elapsedMs)
  const shortMessage = exited
    ? `Gave up waiting for ${failure.awaited} in session ${failure.session.name}: the program ${describeExit(failure.exit!)}`
    : `Timed out after ${failure.timeoutMs} ms waiting for ${failure.awaited} in session ${failure.session.name}`
  const story: FailureStory = {
    expected: failure.awaited,
    waited: { elapsedMs, timeoutMs: failure.timeoutMs, looks: failure.looks, exit: failure.reason === 'exited' ? failure.exit : undefined },
    screen: failure.screen,
    session: failure.session,
  }
  const parts = {
    shortMessage,
    evidenceText: formatFailure(story),
    story,
    evidence: {
      awaited: failure.awaited,
      sessionName: failure.session.name,
      elapsedMs,
      timeoutMs: failure.timeoutMs,
      looks: failure.looks,
      screen: failure.screen,
      attachCommand: failure.session.attachCommand,
      exit: failure.exit,
    },
  }
  return failure.reason === 'exited' ? new ProgramExitedError(parts) : new WaitTimeoutError(parts)
}

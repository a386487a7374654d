/**
 * The matchers, framework-free: each resolves what it was given (a Session
 * waits, a Screen is checked at once), calls one engine wait with `.not`
 * passed in through one driver (`drive`), and formats the result, retelling
 * the wait's story. No polling lives here.
 */
import {
  Screen,
  Session,
  WaitError,
  type Pattern,
} from '../src/index.js'
import { describeValue, readOptions, timeoutField, timeoutOf } from '../src/options.js'
import { describePattern } from '../src/screen.js'
import { globalSecrets } from '../src/secrets.js'
import { colorFor, describeExit, describeScreen, formatFailure, trailingWhitespaceNote, type FailureStory, type SessionSummary } from '../src/report.js'
import {
  STYLE_KEYS,
  describeStyle,
  describeStyleExpectation,
  describeStyledRuns,
  findOnRows,
  styleExpectationFrom,
  occurrenceHasStyle,
  type StyleExpectation,
} from '../src/styles.js'
import { OptionError } from '../src/errors.js'
import { diffScreens, type ScreenDiff } from '../src/screen-diff.js'
import {
  UPDATE_HINT,
  describeMismatch,
  goldenCall,
  noGolden,
  pictureOf,
  storeGolden,
  writeMismatchPictures,
  writesGolden,
  type ScreenshotContext,
  type MatchScreenshotOptions,
} from './screenshot.js'

/** The part of a Jest/Vitest matcher context the matchers use. */
export interface MatcherContext {
  isNot?: boolean
}

export interface MatcherResult {
  pass: boolean
  message: () => string
  /** Which session's story the message tells (its attach line), for the vitest fixture. */
  meta?: { tmuxpectStoryOf: string }
}

/**
 * `timeout`, and optionally the style the text must show in: any of `fg`,
 * `bg` (`'red'`, `'brightBlue'`, `208`, `'#ff8700'`, `'default'`), `bold`,
 * `dim`, `italic`, `underline`, `inverse`, `strikethrough`. With a style,
 * some occurrence of the text (within one row) must have it in every cell.
 */
export interface ShowOnScreenOptions extends StyleExpectation {
  /** ms to wait on a Session (default: the global timeout). */
  timeout?: number
}

export interface ExitExpectation {
  code?: number
  signal?: string
  /** ms to wait for the exit (default: the global timeout). */
  timeout?: number
}

export interface CursorOptions {
  timeout?: number
}

function isSession(value: unknown): value is Session {
  return value instanceof Session
}

function isScreen(value: unknown): value is Screen {
  return value instanceof Screen
}

const CURSOR_FIELDS = { timeout: timeoutField }
const EXIT_FIELDS = {
  code: (value: unknown, key: string) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) throw new OptionError(`${key} must be a whole number, got ${describeValue(value)}`)
    return value
  },
  signal: (value: unknown, key: string) => {
    if (typeof value !== 'string') throw new OptionError(`${key} must be a signal name such as 'SIGTERM', got ${describeValue(value)}`)
    return value
  },
  timeout: timeoutField,
}
const SHOW_FIELDS = { timeout: timeoutField, ...Object.fromEntries(STYLE_KEYS.map((key) => [key, (value: unknown) => value])) }

function notSessionOrScreen(matcher: string, received: unknown): Error {
  const what = received === null ? 'null' : typeof received === 'object' ? received.constructor?.name ?? 'an object' : typeof received
  return new TypeError(`expect(received).${matcher}(): received must be a tmuxpect Session or Screen, got ${what}`)
}

function header(matcher: string, isNot: boolean, args = 'expected', received = 'session'): string {
  return `expect(${received})${isNot ? '.not' : ''}.${matcher}(${args})`
}

/**
 * The failure story (src/report.ts) in the matcher's words: its header and
 * expectation, then the wait's evidence. Coloured only when the output is a
 * colour terminal (never in a log or a CI pipe; NO_COLOR and FORCE_COLOR
 * are honoured).
 */
function tell(story: FailureStory): string {
  return formatFailure(story, colorFor(process.stderr))
}

/**
 * Marks a failure whose message tells a session's story (screen, attach
 * line, last actions), so the fixture prints only a line for it. vitest
 * keeps a matcher result's `meta` on the error it throws, through its
 * error serialisation (src/fixture.ts reads it).
 */
function toldAbout(summary: SessionSummary | undefined): { meta?: { tmuxpectStoryOf: string } } {
  return summary ? { meta: { tmuxpectStoryOf: summary.attachCommand } } : {}
}

/** A Screen belongs to no session: the secrets set with configure() are masked. */
function screenOnly(matcher: string, isNot: boolean, expected: string, screen: Screen, note?: string): string {
  const secrets = globalSecrets()
  return tell({
    header: header(matcher, isNot, 'expected', 'screen'),
    expected: secrets.maskText(expected),
    received: 'a Screen, checked at once (give expect() the Session to wait)',
    note,
    screen: secrets.maskScreen(screen),
  })
}

function describeTimeout(options: { timeout?: number }): string | undefined {
  return options.timeout === undefined ? undefined : `timeout ${options.timeout} ms`
}

/** How a matcher on a Session says what it waited for. */
interface Expectation {
  matcher: string
  isNot: boolean
  /** The header's argument list: `expected`, `x, y`. */
  args?: string
  expected: string
  options: { timeout?: number }
  /** What was found, for the message (read when the message is built). */
  received?: () => string | undefined
  /** Files written for the failure (read when the message is built). */
  files?: () => readonly string[]
  /** A closing line: what to do about it. */
  hint?: string
  /** The session's secrets masked (the expected text may name one). */
  mask?: (text: string) => string
  /** A note on the last screen, for the message. */
  note?: (screen: Screen) => string | undefined
}

/**
 * The one driver of every matcher on a Session: run one engine wait (which
 * already knows `.not`); met, the matcher passes; a wait error becomes the
 * failure, telling the wait's story in the matcher's words.
 */
async function drive<T>(expectation: Expectation, wait: () => Promise<T>): Promise<{ value: T } | { failed: MatcherResult }> {
  const { matcher, isNot, args, expected } = expectation
  try {
    return { value: await wait() }
  } catch (error) {
    if (!(error instanceof WaitError)) throw error
    return {
      failed: {
        pass: isNot,
        message: () =>
          tell({
            ...error.story,
            header: header(matcher, isNot, args),
            expected: expectation.mask?.(expected) ?? expected,
            options: describeTimeout(expectation.options),
            received: expectation.received?.() ?? error.story.received,
            files: expectation.files?.() ?? error.story.files,
            note: error.story.screen && expectation.note?.(error.story.screen),
          }) + (expectation.hint ? `\n\n${expectation.hint}` : ''),
        ...toldAbout(error.story.session),
      },
    }
  }
}

function matched(expectation: Expectation): MatcherResult {
  const { matcher, isNot, args, expected } = expectation
  return { pass: !isNot, message: () => `${header(matcher, isNot, args)}\n\nExpected: ${expected}\nIt matched.` }
}

/** Wait on a Session through `drive`: pass when the wait is met. */
async function waitOn(expectation: Expectation, wait: () => Promise<unknown>): Promise<MatcherResult> {
  const outcome = await drive(expectation, wait)
  return 'failed' in outcome ? outcome.failed : matched(expectation)
}

// A Screen is checked synchronously, so `expect(screen).toShowOnScreen(…)`
// fails the test even without `await`; only a Session returns a promise.
export function toShowOnScreen(
  this: MatcherContext,
  received: unknown,
  pattern: Pattern,
  options: ShowOnScreenOptions = {},
): MatcherResult | Promise<MatcherResult> {
  const isNot = this.isNot === true
  const read = readOptions(options, 'toShowOnScreen options', SHOW_FIELDS) as ShowOnScreenOptions
  const style = styleExpectationFrom(read, 'toShowOnScreen option')
  const expected = `${isNot ? 'not ' : ''}${describePattern(pattern)}${style ? ` in ${describeStyleExpectation(style)}` : ''}`
  if (style) return showInStyle(received, pattern, style, isNot, expected, read)
  if (isScreen(received)) {
    const pass = received.contains(pattern)
    return { pass, message: () => screenOnly('toShowOnScreen', isNot, expected, received, isNot ? undefined : trailingWhitespaceNote(pattern, received.text)) }
  }
  if (!isSession(received)) throw notSessionOrScreen('toShowOnScreen', received)
  // With .not the engine waits for the text to go.
  const callSite = new Error()
  const note = isNot ? undefined : (screen: Screen) => trailingWhitespaceNote(pattern, screen.text)
  return waitOn({ matcher: 'toShowOnScreen', isNot, expected, options: read, mask: (text) => received.masking.maskText(text), note }, () =>
    received.waitForTextState(pattern, !isNot, timeoutOf(read), callSite),
  )
}

/**
 * toShowOnScreen with a style: a Screen read with `{ styles: true }` is
 * checked at once; a Session waits, reading styles at each look.
 */
function showInStyle(
  received: unknown,
  pattern: Pattern,
  style: StyleExpectation,
  isNot: boolean,
  expected: string,
  options: ShowOnScreenOptions,
): MatcherResult | Promise<MatcherResult> {
  const shows = (screen: Screen) => findOnRows(screen.cells ?? [], pattern).some((found) => occurrenceHasStyle(found, style))
  if (isScreen(received)) {
    if (!received.cells) {
      throw new OptionError('toShowOnScreen with a style needs the cells: read the screen with session.screen({ styles: true }), or pass the Session')
    }
    return {
      pass: shows(received),
      message: () =>
        tell({
          header: header('toShowOnScreen', isNot, 'expected, style', 'screen'),
          expected,
          received: `${describeFound(received, pattern)}; a Screen is checked at once (give expect() the Session to wait)`,
          screen: received,
        }),
    }
  }
  if (!isSession(received)) throw notSessionOrScreen('toShowOnScreen', received)
  let last: Screen | undefined
  const check = (screen: Screen) => {
    last = screen
    return shows(screen) !== isNot
  }
  const callSite = new Error()
  const expectation: Expectation = {
    matcher: 'toShowOnScreen',
    isNot,
    args: 'expected, style',
    expected,
    options,
    received: () => (last ? describeFound(last, pattern) : undefined),
  }
  return waitOn(expectation, () => received.waitForScreen(expected, check, timeoutOf(options), callSite, true))
}

/** Where the text shows and in what style: `"ERROR" at row 3, column 1 in fg red (and 1 more place)`. */
function describeFound(screen: Screen, pattern: Pattern): string {
  const found = findOnRows(screen.cells ?? [], pattern)
  if (found.length === 0) return `${describePattern(pattern)} is not on the screen (within one row)`
  const places = found.slice(0, 3).map((place) => {
    const styles = [...new Set(place.cells.filter((cell) => cell.width > 0).map((cell) => describeStyle(cell.style)))]
    return `${JSON.stringify(place.text)} at row ${place.y + 1}, column ${place.x + 1} in ${styles.join(' / ')}`
  })
  const more = found.length > 3 ? `; and ${found.length - 3} more` : ''
  return places.join('; ') + more
}

export async function toHaveExited(
  this: MatcherContext,
  received: unknown,
  expectation: ExitExpectation = {},
): Promise<MatcherResult> {
  const isNot = this.isNot === true
  const read = readOptions(expectation, 'toHaveExited expectation', EXIT_FIELDS)
  if (!isSession(received)) throw notSessionOrScreen('toHaveExited', received)
  const wanted = describeExpectation(read)
  if (isNot) {
    // "Still running": checked at once, no waiting.
    const alive = await received.isAlive()
    const summary = received.summary()
    const screen = await received.evidenceScreen()
    return {
      pass: !alive,
      message: () =>
        tell({ header: header('toHaveExited', true, ''), expected: 'still running', received: summary.state, screen, session: summary }),
      ...toldAbout(summary),
    }
  }
  const callSite = new Error()
  const outcome = await drive({ matcher: 'toHaveExited', isNot: false, expected: wanted, options: read }, () =>
    received.waitForExitWithin(timeoutOf(read), callSite),
  )
  if ('failed' in outcome) return outcome.failed
  const exit = outcome.value
  const pass = (read.code === undefined || exit.code === read.code) && (read.signal === undefined || exit.signal === read.signal)
  const screen = await received.evidenceScreen()
  const summary = received.summary()
  return {
    pass,
    message: () => tell({ header: header('toHaveExited', false), expected: wanted, received: describeExit(exit), screen, session: summary }),
    ...toldAbout(summary),
  }
}

function describeExpectation(expectation: ExitExpectation): string {
  const parts: string[] = []
  if (expectation.code !== undefined) parts.push(`code ${expectation.code}`)
  if (expectation.signal !== undefined) parts.push(`signal ${expectation.signal}`)
  return parts.length ? `exit with ${parts.join(' and ')}` : 'exit'
}

export function toHaveCursorAt(
  this: MatcherContext,
  received: unknown,
  x: number,
  y: number,
  options: CursorOptions = {},
): MatcherResult | Promise<MatcherResult> {
  const isNot = this.isNot === true
  const read = readOptions(options, 'toHaveCursorAt options', CURSOR_FIELDS)
  const expected = `${isNot ? 'not ' : ''}cursor at ${x},${y}`
  const at = (screen: Screen) => screen.cursor.x === x && screen.cursor.y === y
  if (isScreen(received)) {
    return { pass: at(received), message: () => screenOnly('toHaveCursorAt', isNot, expected, received) }
  }
  if (!isSession(received)) throw notSessionOrScreen('toHaveCursorAt', received)
  const callSite = new Error()
  return waitOn({ matcher: 'toHaveCursorAt', isNot, args: 'x, y', expected, options: read }, () =>
    received.waitForScreen(expected, (screen) => at(screen) !== isNot, timeoutOf(read), callSite),
  )
}

/**
 * The screen against its golden SVG (cells and styles, not pixels): a
 * Session waits until it matches; a Screen read with styles is checked at
 * once. Writes the golden instead when the run says so (missing on a local
 * run, any with -u); a mismatch leaves expected, actual and diff pictures
 * in the test's results folder.
 */
export async function toMatchScreenshot(
  this: ScreenshotContext,
  received: unknown,
  nameOrOptions?: string | MatchScreenshotOptions,
  options?: MatchScreenshotOptions,
): Promise<MatcherResult> {
  if (!isSession(received) && !isScreen(received)) throw notSessionOrScreen('toMatchScreenshot', received)
  if (isScreen(received) && !received.cells) {
    throw new OptionError('toMatchScreenshot on a Screen needs its cells: read it with session.screen({ styles: true }), or pass the Session')
  }
  const call = await goldenCall(this, nameOrOptions, options)
  const who = isSession(received) ? 'session' : 'screen'
  const args = typeof nameOrOptions === 'string' ? JSON.stringify(nameOrOptions) : ''
  const title = header('toMatchScreenshot', false, args, who)
  // Goldens are committed and mismatch pictures uploaded: both, and the comparison, see the screen with its secrets masked.
  const masking = isSession(received) ? received.masking : globalSecrets()
  if (writesGolden(call)) {
    // Written once the screen has settled: there is nothing yet to wait for.
    const screen = isSession(received) ? (await received.waitForStable(), await received.screen({ styles: true })) : received
    const done = await storeGolden(call, masking.maskScreen(screen))
    return { pass: true, message: () => `${title}\n\n${done}` }
  }
  const missing = noGolden(call)
  if (missing !== undefined || call.golden.state !== 'found') return { pass: false, message: () => `${title}\n\n${missing}` }
  const golden = call.golden.screen
  const expected = `the screen in ${call.shown} (cells and styles)`
  let last: Screen | undefined
  let diff: ScreenDiff | undefined
  const matches = (screen: Screen) => {
    last = masking.maskScreen(screen)
    diff = diffScreens(golden, pictureOf(last))
    return diff.same
  }
  let files: readonly string[] = []
  if (isScreen(received)) {
    if (matches(received)) return { pass: true, message: () => `${title}\n\nIt matched ${call.shown}.` }
    files = await writeMismatchPictures(call, golden, last!, diff!)
    return {
      pass: false,
      message: () =>
        tell({ header: title, expected, received: `${describeMismatch(diff!)}\n  (a Screen is checked at once: give expect() the Session to wait)`, screen: last, files }) +
        `\n\n${UPDATE_HINT}`,
    }
  }
  const callSite = new Error()
  const expectation: Expectation = {
    matcher: 'toMatchScreenshot',
    isNot: false,
    args,
    expected,
    options: call.options,
    received: () => (diff ? describeMismatch(diff) : undefined),
    files: () => files,
    hint: UPDATE_HINT,
  }
  const outcome = await drive(expectation, () => received.waitForScreen(`the screen in ${call.shown}`, matches, timeoutOf(call.options), callSite, true))
  if (!('failed' in outcome)) return { pass: true, message: () => `${title}\n\nIt matched ${call.shown}.` }
  if (last && diff) files = await writeMismatchPictures(call, golden, last, diff)
  return outcome.failed
}

/**
 * The program shows the cursor (`screen.cursor.visible`). Waits on a
 * Session; `.not` waits until it is hidden. After the program exited, its
 * final screen says how the program left the cursor: a CLI that hides it
 * (spinners, prompts) must show it again before it ends.
 */
export function toHaveCursorVisible(this: MatcherContext, received: unknown, options: CursorOptions = {}): MatcherResult | Promise<MatcherResult> {
  const isNot = this.isNot === true
  const read = readOptions(options, 'toHaveCursorVisible options', CURSOR_FIELDS)
  const expected = isNot ? 'the cursor hidden' : 'the cursor visible'
  if (isScreen(received)) {
    return { pass: received.cursor.visible, message: () => screenOnly('toHaveCursorVisible', isNot, expected, received) }
  }
  if (!isSession(received)) throw notSessionOrScreen('toHaveCursorVisible', received)
  const callSite = new Error()
  return waitOn({ matcher: 'toHaveCursorVisible', isNot, args: '', expected, options: read }, () =>
    received.waitForScreen(expected, (screen) => screen.cursor.visible !== isNot, timeoutOf(read), callSite),
  )
}

export const matchers = { toShowOnScreen, toHaveExited, toHaveCursorAt, toHaveCursorVisible, toMatchScreenshot }

/**
 * Snapshot serializer: a Screen is stored as its size, cursor and readable
 * frame (no session names, no times, so it is the same on every run); a screen read with
 * `{ styles: true }` adds its styled runs below the frame, one a line.
 */
export const screenSerializer = {
  test(value: unknown): boolean {
    return value instanceof Screen
  },
  serialize(screen: Screen): string {
    // A snapshot is a file kept in the repository: the values set with configure({ secrets }) are masked.
    const value = globalSecrets().maskScreen(screen)
    // The title line keeps the frame's indentation intact in inline snapshots.
    const frame = describeScreen(value)
    if (!value.cells) return frame
    const runs = describeStyledRuns(value.cells)
    return `${frame}\nStyles:${runs.length === 0 ? ' none' : `\n${runs.map((run) => `  ${run}`).join('\n')}`}`
  },
}

/** The matcher signatures, for typing `expect(...)` in vitest and Jest. */
export interface TmuxpectMatchers<R = Promise<void>> {
  /** Waits (on a Session) until the screen shows `pattern`; `.not` waits until it is gone. On a Screen, checks at once. */
  toShowOnScreen(pattern: Pattern, options?: ShowOnScreenOptions): R
  /** Waits for the program to exit (optionally with `code` / `signal`); `.not` checks it is still running. */
  toHaveExited(expectation?: ExitExpectation): R
  /** Waits (on a Session) until the cursor is at column x, row y (0-based). */
  toHaveCursorAt(x: number, y: number, options?: CursorOptions): R
  /**
   * Waits (on a Session) until the screen matches the golden SVG
   * `__screenshots__/<test file>/<name>.svg` in cells and styles; writes it
   * when missing (not in CI) or with `-u`. On a Screen read with styles, checks at once.
   */
  toMatchScreenshot(name?: string, options?: MatchScreenshotOptions): R
  toMatchScreenshot(options?: MatchScreenshotOptions): R
  /** Waits (on a Session) until the program shows the cursor; `.not` waits until it hides it. On a Screen, checks at once. */
  toHaveCursorVisible(options?: CursorOptions): R
}

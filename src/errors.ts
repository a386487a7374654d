/**
 * Every error tmuxpect throws extends TmuxpectError, so `instanceof` catches
 * the family. The first message line says what failed; the rest is evidence.
 * Evidence is also kept as fields for tools that should not parse text.
 *
 * The classes are dumb: they hold what they are given. Messages are
 * composed where the failure is understood (report.ts for waits), so this
 * file imports nothing at run time (test/layering.test.ts holds it so).
 */
import type { FailureStory } from './report.js'
import type { Screen } from './screen.js'

export interface ExitStatus {
  /** Exit code, or null when the program was ended by a signal (or tmux never learned the status). */
  code: number | null
  /** Signal name such as 'SIGKILL', or null. */
  signal: string | null
}

export class TmuxpectError extends Error {
  override name = 'TmuxpectError'
}

/** tmux is not on PATH. */
export class TmuxNotFoundError extends TmuxpectError {
  override name = 'TmuxNotFoundError'
}

/** tmux is there but older than tmuxpect supports. */
export class TmuxVersionError extends TmuxpectError {
  override name = 'TmuxVersionError'
  constructor(message: string, readonly found: string, readonly required: string) {
    super(message)
  }
}

/** An option or argument with the wrong type or value. */
export class OptionError extends TmuxpectError {
  override name = 'OptionError'
}

/** A key name tmux does not know; nothing was sent. */
export class InvalidKeyError extends TmuxpectError {
  override name = 'InvalidKeyError'
  constructor(message: string, readonly key: string) {
    super(message)
  }
}

/** A session name tmux would misread (`.`, `:`), empty, or too long. */
export class InvalidSessionNameError extends TmuxpectError {
  override name = 'InvalidSessionNameError'
  constructor(message: string, readonly sessionName: string) {
    super(message)
  }
}

/** `spawn` with `ifExists: 'error'` on a name that is taken. */
export class SessionExistsError extends TmuxpectError {
  override name = 'SessionExistsError'
  constructor(message: string, readonly sessionName: string) {
    super(message)
  }
}

/** The program given to spawn cannot be found or run. */
export class ProgramNotFoundError extends TmuxpectError {
  override name = 'ProgramNotFoundError'
  constructor(message: string, readonly program: string) {
    super(message)
  }
}

/**
 * What a tmux error means, read once from tmux's English text by the
 * channel: 'missing-target' (can't find a session, window or pane),
 * 'duplicate-session', 'index-in-use' (a window link at a taken index), or
 * 'other'.
 */
export type TmuxErrorKind = 'missing-target' | 'duplicate-session' | 'index-in-use' | 'other'

/** A tmux command answered with an error. */
export class TmuxCommandError extends TmuxpectError {
  override name = 'TmuxCommandError'
  constructor(
    message: string,
    readonly command: string,
    readonly output: string[],
    readonly kind: TmuxErrorKind = 'other',
  ) {
    super(message)
  }
}

/** The tmux server (or our control connection to it) went away. */
export class ServerGoneError extends TmuxpectError {
  override name = 'ServerGoneError'
  constructor(message: string, readonly socket: string) {
    super(message)
  }
}

/** The session was killed (by us or from outside); it cannot be used any more. */
export class SessionGoneError extends TmuxpectError {
  override name = 'SessionGoneError'
  constructor(message: string, readonly sessionName: string) {
    super(message)
  }
}

/** What every wait error carries. */
export interface WaitEvidence {
  /** What was awaited, in words: `text "Quit"`, `exit`, `a stable screen`. */
  awaited: string
  sessionName: string
  elapsedMs: number
  timeoutMs: number
  /** How many screens were looked at. */
  looks: number
  /** The last screen seen (the final screen when the program exited). */
  screen: Screen | undefined
  attachCommand: string
  exit: ExitStatus | undefined
}

export class WaitError extends TmuxpectError {
  override name = 'WaitError'
  readonly awaited: string
  readonly sessionName: string
  readonly elapsedMs: number
  readonly timeoutMs: number
  readonly looks: number
  readonly screen: Screen | undefined
  readonly attachCommand: string
  readonly exit: ExitStatus | undefined
  /** The first line of the message, without the evidence. */
  readonly shortMessage: string
  /** The evidence as text: expected, how long and why it ended, screen, session and attach line, last actions. */
  readonly evidenceText: string
  /** The evidence in parts, for a matcher to tell the same story in its own words and colours. */
  readonly story: FailureStory

  /** Built by report.ts (`waitError`), which composes the message. */
  constructor(parts: { shortMessage: string; evidenceText: string; story: FailureStory; evidence: WaitEvidence }) {
    super(`${parts.shortMessage}\n\n${parts.evidenceText}`)
    const { evidence } = parts
    this.shortMessage = parts.shortMessage
    this.evidenceText = parts.evidenceText
    this.story = parts.story
    this.awaited = evidence.awaited
    this.sessionName = evidence.sessionName
    this.elapsedMs = evidence.elapsedMs
    this.timeoutMs = evidence.timeoutMs
    this.looks = evidence.looks
    this.screen = evidence.screen
    this.attachCommand = evidence.attachCommand
    this.exit = evidence.exit
  }
}

/** The awaited condition did not hold before the timeout. */
export class WaitTimeoutError extends WaitError {
  override name = 'WaitTimeoutError'
}

/** The program exited while a wait needed it running; the wait ended at once. */
export class ProgramExitedError extends WaitError {
  override name = 'ProgramExitedError'
}

/** Input (or restart-free use) of a session whose program has exited. */
export class ProgramNotRunningError extends TmuxpectError {
  override name = 'ProgramNotRunningError'
  constructor(message: string, readonly sessionName: string, readonly exit: ExitStatus) {
    super(message)
  }
}

/** A PNG was asked for and its renderer (an optional dependency) is not installed, or not for this platform. */
export class RendererMissingError extends TmuxpectError {
  override name = 'RendererMissingError'
  constructor(message: string, readonly packageName: string) {
    super(message)
  }
}

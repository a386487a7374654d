/**
 * The wait loop, shared by every wait and matcher. `capture-pane` is the
 * source of truth: a wait looks at once, then again whenever the pane may
 * have changed (a `%output` event for it), with a few quick re-looks after
 * an event (tmux can announce output before the screen shows it) and a slow
 * safety poll underneath, until the condition holds or the timeout passes.
 */
import { fileURLToPath } from 'node:url'
import {
  ProgramExitedError,
  WaitTimeoutError,
  type ExitStatus,
  type WaitEvidence,
} from './errors.js'
import { describeExit, type SessionSummary } from './report.js'
import type { Screen } from './screen.js'

/** The safety poll under the events: catches changes that send no `%output` (a resize, a death). */
export const SAFETY_POLL_MS = 50
/** Quick re-looks after an event whose screen did not match yet. */
const QUICK_RELOOKS = 3
const QUICK_RELOOK_MS = 1

export interface Look {
  /** Logical text of the screen (the final screen once the program exited). */
  text: string
  /** Set once the program has exited. */
  exit: ExitStatus | undefined
}

/** What a wait needs from a session. */
export interface Waitable {
  /** Incremented on every `%output` for the pane. */
  readonly outputCount: number
  /** Resolves when output arrives after `sinceCount`, or after `ms`: true if output came. */
  changed(sinceCount: number, ms: number): Promise<boolean>
  summary(): SessionSummary
  /** A full screen for evidence (final screen if exited); undefined if none can be had. */
  evidenceScreen(): Promise<Screen | undefined>
}

export interface WaitSpec<L, T> {
  /** In words, for messages: `text "Quit"`. */
  awaited: string
  timeout: number
  /**
   * One look at the pane. `thorough` looks (those the safety poll makes)
   * also ask tmux whether the pane is dead: a program can die without any
   * output, and tmux 3.3a may not even draw its "Pane is dead" line (a
   * missed SIGCHLD), so the screen alone cannot tell. The first look is a
   * plain one (one capture): a dead pane shows "Pane is dead" there, and the
   * rare undrawn death is found by the first safety poll, 50 ms on. Asking
   * at every first look cost one tmux command per wait: with 100 sessions at
   * once, where tmux's one thread is the limit, 5 commands a round trip
   * against 3 for a bare client (measured: 0.65× its throughput).
   */
  look(thorough: boolean): Promise<L & Look>
  /** The value when the condition holds, else undefined. */
  check(look: L & Look): T | undefined
  /** Where the caller stood, for the error's stack. */
  callSite: Error
}

export async function waitUntil<L, T>(target: Waitable, spec: WaitSpec<L, T>): Promise<T> {
  const start = performance.now()
  const deadline = start + spec.timeout
  let looks = 0
  let quickLeft = 0
  let lastLook: (L & Look) | undefined
  let thorough = false
  for (;;) {
    const countBefore = target.outputCount
    const look = await spec.look(thorough)
    looks++
    lastLook = look
    const value = spec.check(look)
    if (value !== undefined) return value
    if (look.exit) {
      throw await waitFailure(target, spec, ProgramExitedError, {
        elapsedMs: performance.now() - start,
        looks,
        exit: look.exit,
      })
    }
    const remaining = deadline - performance.now()
    if (remaining <= 0) break
    if (target.outputCount !== countBefore) {
      // Output came while we looked: look again now.
      quickLeft = QUICK_RELOOKS
      thorough = false
      continue
    }
    const delay = quickLeft > 0 ? QUICK_RELOOK_MS : SAFETY_POLL_MS
    const sawOutput = await target.changed(countBefore, Math.min(delay, remaining))
    thorough = !sawOutput && quickLeft === 0
    quickLeft = sawOutput ? QUICK_RELOOKS : Math.max(0, quickLeft - 1)
  }
  throw await waitFailure(target, spec, WaitTimeoutError, {
    elapsedMs: performance.now() - start,
    looks,
    exit: lastLook?.exit,
  })
}

type WaitErrorClass = typeof WaitTimeoutError | typeof ProgramExitedError

export async function waitFailure(
  target: Waitable,
  spec: Pick<WaitSpec<unknown, unknown>, 'awaited' | 'timeout' | 'callSite'>,
  ErrorClass: WaitErrorClass,
  outcome: { elapsedMs: number; looks: number; exit: ExitStatus | undefined },
): Promise<Error> {
  const screen = await target.evidenceScreen()
  const summary = target.summary()
  const evidence: WaitEvidence = {
    awaited: spec.awaited,
    sessionName: summary.name,
    elapsedMs: Math.round(outcome.elapsedMs),
    timeoutMs: spec.timeout,
    looks: outcome.looks,
    screen,
    attachCommand: summary.attachCommand,
    exit: outcome.exit,
  }
  const short =
    ErrorClass === ProgramExitedError && outcome.exit
      ? `Gave up waiting for ${spec.awaited} in session ${summary.name}: the program ${describeExit(outcome.exit)}`
      : `Timed out after ${spec.timeout} ms waiting for ${spec.awaited} in session ${summary.name}`
  const story = {
    expected: spec.awaited,
    waited: { elapsedMs: evidence.elapsedMs, timeoutMs: spec.timeout, looks: outcome.looks, exit: ErrorClass === ProgramExitedError ? outcome.exit : undefined },
    screen,
    session: summary,
  }
  const error = new ErrorClass(short, evidence, story)
  return withCallSite(error, spec.callSite)
}

const PACKAGE_ROOT = fileURLToPath(new URL('../', import.meta.url))

/** Point an error's stack at the user's call, not at the polling loop: frames inside tmuxpect are dropped. */
export function withCallSite<E extends Error>(error: E, callSite: Error): E {
  const frames = (callSite.stack ?? '')
    .split('\n')
    .slice(1)
    .filter((frame) => !frame.includes(PACKAGE_ROOT) || frame.includes(`${PACKAGE_ROOT}examples`) || frame.includes(`${PACKAGE_ROOT}test`))
  error.stack = `${error.name}: ${error.message}\n${frames.join('\n')}`
  return error
}

/**
 * Waiting, in three layers:
 *
 * - `OutputSignal`: the one signal of a pane's life — a count bumped on
 *   every `%output`, and `changed(since, ms)` that resolves on the next
 *   bump (or when the program ends), else after `ms`.
 * - `poll`: the loop. It knows a signal, a `look` and a `check`, nothing of
 *   sessions or errors, and returns an outcome: met (with the value), or
 *   not met (timeout, or the program exited). `capture-pane` is the source
 *   of truth: look at once, then again whenever the pane may have changed,
 *   with a few quick re-looks after an event (tmux can announce output
 *   before the screen shows it) and a slow safety poll underneath.
 * - the waits (`waitForText`, `waitFor`, `waitForStable`, `waitForExit`
 *   and the matchers' `waitForScreen`), written against `Watched` — what a
 *   session offers a wait — and turning an unmet outcome into the error
 *   (report.ts composes its message).
 */
import { fileURLToPath } from 'node:url'
import type { ExitStatus } from './errors.js'
import type { WaitRecord } from './journal.js'
import { describeExit, waitError, type SessionSummary } from './report.js'
import { describePattern, matchesText, type Pattern, type Screen } from './screen.js'

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

/** What the poll loop needs of a pane: its output signal. */
export interface Signal {
  /** Incremented on every `%output` for the pane. */
  readonly outputCount: number
  /** Resolves when output arrives after `sinceCount`, or after `ms`: true if output came. */
  changed(sinceCount: number, ms: number): Promise<boolean>
}

/** The one output signal of a pane. */
export class OutputSignal implements Signal {
  outputCount = 0
  /** Set while the program is not running (exited, or the session gone): every wait wakes at once. */
  private ended = false
  private wakers: (() => void)[] = []

  /** A `%output` for the pane. */
  note(): void {
    this.outputCount++
    if (this.wakers.length > 0) this.wake()
  }

  /** The program ended (or runs again after a restart): wake every wait, which then looks. */
  setEnded(ended: boolean): void {
    this.ended = ended
    this.wake()
  }

  changed(sinceCount: number, ms: number): Promise<boolean> {
    if (this.outputCount !== sinceCount || this.ended) return Promise.resolve(true)
    return new Promise((resolve) => {
      const waker = () => {
        clearTimeout(timer)
        resolve(true)
      }
      const timer = setTimeout(() => {
        const index = this.wakers.indexOf(waker)
        if (index !== -1) this.wakers.splice(index, 1)
        resolve(false)
      }, ms)
      this.wakers.push(waker)
    })
  }

  private wake(): void {
    const wakers = this.wakers
    this.wakers = []
    for (const waker of wakers) waker()
  }
}

export interface PollSpec<L extends Look, T> {
  timeout: number
  /**
   * One look at the pane. `thorough` looks (those the safety poll makes)
   * also ask tmux whether the pane is dead: a program can die without any
   * output, and its screen does not tell (tmuxpect's servers draw no "Pane
   * is dead" line: docs/tmux-quirks.md). The first look is a plain one (one
   * capture); a death is found by the first safety poll, 50 ms on. Asking
   * at every first look cost one tmux command per wait: with 100 sessions at
   * once, where tmux's one thread is the limit, 5 commands a round trip
   * against 3 for a bare client (measured: 0.65× its throughput).
   */
  look(thorough: boolean): Promise<L>
  /** The value when the condition holds, else undefined. */
  check(look: L): T | undefined
}

export type PollOutcome<T> =
  | { met: true; value: T; looks: number; elapsedMs: number }
  | { met: false; reason: 'timeout' | 'exited'; looks: number; elapsedMs: number; exit: ExitStatus | undefined }

export async function poll<L extends Look, T>(signal: Signal, spec: PollSpec<L, T>): Promise<PollOutcome<T>> {
  const start = performance.now()
  const deadline = start + spec.timeout
  let looks = 0
  let quickLeft = 0
  let lastExit: ExitStatus | undefined
  let thorough = false
  for (;;) {
    const countBefore = signal.outputCount
    const look = await spec.look(thorough)
    looks++
    lastExit = look.exit
    const value = spec.check(look)
    if (value !== undefined) return { met: true, value, looks, elapsedMs: performance.now() - start }
    if (look.exit) return { met: false, reason: 'exited', looks, elapsedMs: performance.now() - start, exit: look.exit }
    const remaining = deadline - performance.now()
    if (remaining <= 0) break
    if (signal.outputCount !== countBefore) {
      // Output came while we looked: look again now.
      quickLeft = QUICK_RELOOKS
      thorough = false
      continue
    }
    const delay = quickLeft > 0 ? QUICK_RELOOK_MS : SAFETY_POLL_MS
    const sawOutput = await signal.changed(countBefore, Math.min(delay, remaining))
    thorough = !sawOutput && quickLeft === 0
    quickLeft = sawOutput ? QUICK_RELOOKS : Math.max(0, quickLeft - 1)
  }
  return { met: false, reason: 'timeout', looks, elapsedMs: performance.now() - start, exit: lastExit }
}

/** What a failed wait tells about its session. */
export interface Evidence {
  /** The session in words, secrets masked. */
  summary(): SessionSummary
  /** Every wait, as it ends, for the session's timeline. */
  noteWait(wait: WaitRecord): void
  /** A full screen for evidence (final screen if exited), secrets masked; undefined if none can be had. */
  evidenceScreen(): Promise<Screen | undefined>
  /** Text with the session's secrets masked (what was awaited may name one). */
  maskText(text: string): string
}

/** A signal with evidence: what `waitUntil` needs. */
export interface Waitable extends Signal, Evidence {}

export interface WaitSpec<L extends Look, T> extends PollSpec<L, T> {
  /** In words, for messages: `text "Quit"`. */
  awaited: string
  /** Where the caller stood, for the error's stack. */
  callSite: Error
}

/** Poll, and throw the wait error (timeout, or the program exited) when the outcome is not met. */
export async function waitUntil<L extends Look, T>(target: Waitable, spec: WaitSpec<L, T>): Promise<T> {
  const outcome = await poll(target, spec)
  target.noteWait({ awaited: spec.awaited, elapsedMs: outcome.elapsedMs, met: outcome.met, ending: outcome.met ? undefined : endingOf(outcome) })
  if (outcome.met) return outcome.value
  throw await failure(target, spec, outcome)
}

function endingOf(outcome: Extract<PollOutcome<unknown>, { met: false }>): string {
  return outcome.reason === 'exited' && outcome.exit ? `the program ${describeExit(outcome.exit)}` : 'timeout'
}

async function failure(
  target: Evidence,
  spec: { awaited: string; timeout: number; callSite: Error },
  outcome: Extract<PollOutcome<unknown>, { met: false }>,
): Promise<Error> {
  const screen = await target.evidenceScreen()
  const error = waitError({ ...outcome, awaited: target.maskText(spec.awaited), timeoutMs: spec.timeout, screen, session: target.summary() })
  return withCallSite(error, spec.callSite)
}

// ── the waits ────────────────────────────────────────────────────────────

/** What a session offers a wait: its signal, its evidence, and cheap looks at its pane. */
export interface Watched extends Waitable {
  /** Throws if the session cannot be waited on (killed, gone). */
  assertWaitable(): void
  /** The logical text; `enough` lets the hot path skip the question whether the pane died. */
  lookText(thorough: boolean, enough?: (text: string) => boolean): Promise<Look>
  /** A full screen (with styles if asked). */
  lookScreen(styles: boolean): Promise<Look & { screen: Screen }>
  /** The exit once the program has exited (asking tmux whether it has). */
  lookExit(): Promise<Look>
  /** The screen now (the final screen once exited). */
  screen(): Promise<Screen>
}

/** Wait until the screen shows `pattern` (or, with `present` false, no longer shows it). */
export function waitForText(target: Watched, pattern: Pattern, present: boolean, timeout: number, callSite: Error): Promise<string> {
  target.assertWaitable()
  // The look and the check ask about the same text: the pattern runs once a text.
  let lastText: string | undefined
  let lastHolds = false
  const holds = (text: string) => {
    if (text !== lastText) [lastText, lastHolds] = [text, matchesText(text, pattern) === present]
    return lastHolds
  }
  return waitUntil(target, {
    awaited: `${present ? 'text' : 'text to go'} ${describePattern(pattern)}`,
    timeout,
    callSite,
    look: (thorough) => target.lookText(thorough, holds),
    check: (look) => (holds(look.text) ? look.text : undefined),
  })
}

/** Wait until `check(screen)` holds; `styles` reads cell styles at each look. */
export function waitForScreen(target: Watched, awaited: string, check: (screen: Screen) => unknown, timeout: number, callSite: Error, styles = false): Promise<Screen> {
  target.assertWaitable()
  return waitUntil(target, {
    awaited,
    timeout,
    callSite,
    look: () => target.lookScreen(styles),
    check: (look) => (check(look.screen) ? look.screen : undefined),
  })
}

export function waitForExit(target: Watched, timeout: number, callSite: Error): Promise<ExitStatus> {
  target.assertWaitable()
  return waitUntil(target, { awaited: 'the program to exit', timeout, callSite, look: () => target.lookExit(), check: (look) => look.exit })
}

/** Wait until the screen has not changed for `quiet` ms; ends at once (with the final screen) if the program exits. */
export async function waitForStable(target: Watched, quiet: number, timeout: number, callSite: Error): Promise<Screen> {
  target.assertWaitable()
  const start = performance.now()
  const deadline = start + timeout
  let looks = 1
  let previous = await target.lookText(true)
  let settled = false
  for (;;) {
    if (previous.exit) {
      settled = true
      break
    }
    if (deadline - performance.now() < quiet) break
    if (await changedWithin(target, target.outputCount, quiet)) continue
    const current = await target.lookText(true)
    looks++
    if (current.text === previous.text) {
      settled = true
      break
    }
    previous = current
  }
  const awaited = `a screen unchanged for ${quiet} ms`
  const elapsedMs = performance.now() - start
  target.noteWait({ awaited, elapsedMs, met: settled, ending: settled ? undefined : 'timeout' })
  if (settled) return target.screen()
  const outcome = { met: false, reason: 'timeout', looks, elapsedMs, exit: undefined } as const
  throw await failure(target, { awaited, timeout, callSite }, outcome)
}

/** True on output within `quiet` ms. The safety poll still runs: a change that sends no %output (a resize) must show. */
async function changedWithin(signal: Signal, sinceCount: number, quiet: number): Promise<boolean> {
  let waited = 0
  while (waited < quiet) {
    const step = Math.min(SAFETY_POLL_MS * 4, quiet - waited)
    if (await signal.changed(sinceCount, step)) return true
    waited += step
  }
  return false
}

const PACKAGE_ROOT = fileURLToPath(new URL('../', import.meta.url))
/** The method a test called, and what called it: the user's line and the calls above it. */
const API_CALL_FRAMES = 1 + 5

/**
 * The call site of a session method (`waitForText`, …), taken when it is
 * called, for the error should the wait fail. It is taken at every wait,
 * and V8's capture costs per frame: in a round trip of the bench's, the
 * default 10 frames took 6% (`Error.stackTraceLimit` 10 against 0,
 * interleaved in one run: 238 against 226 µs). Frames past the user's
 * five are vitest's runner or node's, which nobody reads in a failure;
 * a limit the user raised past the default is theirs to pay.
 */
export function apiCallSite(): Error {
  const limit = Error.stackTraceLimit
  if (typeof limit !== 'number' || limit > 10) return new Error()
  Error.stackTraceLimit = Math.min(limit, API_CALL_FRAMES + 1) // + this function's own frame
  try {
    return new Error()
  } finally {
    Error.stackTraceLimit = limit
  }
}

/** Point an error's stack at the user's call, not at the polling loop: frames inside tmuxpect are dropped. */
export function withCallSite<E extends Error>(error: E, callSite: Error): E {
  const frames = (callSite.stack ?? '')
    .split('\n')
    .slice(1)
    .filter((frame) => !frame.includes(PACKAGE_ROOT) || frame.includes(`${PACKAGE_ROOT}examples`) || frame.includes(`${PACKAGE_ROOT}test`))
  error.stack = `${error.name}: ${error.message}\n${frames.join('\n')}`
  return error
}

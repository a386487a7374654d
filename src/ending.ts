/**
 * Ending a session's program once tmux has closed its pane (which sends it
 * SIGHUP), and knowing when it has ended.
 *
 * `endProgram(leader)` watches the program's own process group — the
 * pane's PID leads it, and the program's children stay in it unless a
 * job-control shell moves them to a job of their own — with one
 * `kill(-pgid, 0)` a look: no /proc scan. That group is almost always all
 * there is, and it is what `kill()` waits for. The rest of the terminal
 * session (a job-control shell's background jobs) is looked for by one
 * sweep of /proc shared by every session ended in the same half second, which
 * `server.close()` / `server.kill()` wait for. A scan of /proc read every
 * process on the machine: it was 45% of the engine's CPU time in a
 * per-test lifecycle (186 processes here).
 *
 * A group that does not end at once (a program that ignores SIGHUP, or a
 * zombie no one reaps) falls back to the full treatment: the whole session
 * from /proc, SIGTERM, then SIGKILL, by PID. So does every program where
 * there is no /proc (processes.ts asks `ps`, and finds a session through
 * the leader's descendants, which must be looked for while it lives).
 */
import pWaitFor from 'p-wait-for'
import { procAvailable } from './proc.js'
import { isProcessAlive, sessionProcesses } from './processes.js'

/** How long kill() looks at the program's process group alone before it scans its whole terminal session. */
const GROUP_END_MS = 50
/** How long ended sessions wait for the sweep that ends what is left of them (one scan for all of them). */
const SWEEP_DELAY_MS = 500
/** How long a program may take to end after SIGHUP (then SIGTERM) before it is sent the next signal. */
const GRACE_MS = 300

/** True while any process is in process group `group` (one not yet reaped counts). */
function processGroupExists(group: number): boolean {
  // Most looks end in ESRCH: no stack trace for an error thrown away at once.
  const stackTraceLimit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    process.kill(-group, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  } finally {
    Error.stackTraceLimit = stackTraceLimit
  }
}

/**
 * Resolves true once `done()` holds, false after `timeoutMs`. Looks at once,
 * then after 1 ms, backing off to 10 ms: a program dies within a millisecond
 * or two of its SIGHUP, and a fixed 10 ms interval made every kill() cost 10 ms.
 */
export async function pollUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs
  for (let delay = 1; ; delay = Math.min(delay * 2, 10)) {
    if (done()) return true
    const left = deadline - performance.now()
    if (left <= 0) return false
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, left)))
  }
}

function killAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal)
    } catch {
      // already gone
    }
  }
}

/**
 * Make sure every process of these terminal sessions is gone: those still
 * running get GRACE_MS to end on their SIGHUP, then SIGTERM, then SIGKILL.
 */
async function endSessions(leaders: ReadonlySet<number>): Promise<void> {
  const members = sessionProcesses(...leaders).filter(isProcessAlive)
  if (members.length === 0) return
  const allGone = () => members.every((pid) => !isProcessAlive(pid))
  if (await pollUntil(allGone, GRACE_MS)) return
  killAll(members, 'SIGTERM')
  if (await pollUntil(allGone, GRACE_MS)) return
  // SIGKILL cannot be ignored, but it lands a moment later, and a shell may
  // fork once more meanwhile: kill and look again until the sessions are empty.
  for (let round = 0; round < 10; round++) {
    const survivors = sessionProcesses(...leaders).filter(isProcessAlive)
    if (survivors.length === 0) return
    killAll(survivors, 'SIGKILL')
    await pWaitFor(() => survivors.every((pid) => !isProcessAlive(pid)), { interval: 5, timeout: 200 }).catch(() => {})
  }
}

/** The next sweep: the leaders it covers, and how to start it early. */
let nextSweep: { leaders: Set<number>; done: Promise<void>; start: () => void } | undefined

/** Resolves once one sweep of /proc has ended what is left of `leader`'s terminal session. */
function sweepLater(leader: number): Promise<void> {
  if (!nextSweep) {
    const leaders = new Set<number>()
    let begin!: () => void
    const begun = new Promise<void>((resolve) => (begin = resolve))
    const timer = setTimeout(() => start(), SWEEP_DELAY_MS)
    const start = () => {
      clearTimeout(timer)
      // Sessions ended from now on wait for the sweep after this one.
      if (nextSweep?.leaders === leaders) nextSweep = undefined
      begin()
    }
    nextSweep = { leaders, done: begun.then(() => endSessions(leaders)), start }
  }
  nextSweep.leaders.add(leader)
  return nextSweep.done
}

/** Run the pending sweep now, not after its delay (a server closing waits for it). */
export function sweepNow(): void {
  nextSweep?.start()
}

/**
 * Resolves true once the program's process group is gone, false if it is
 * still there after GROUP_END_MS. Looked at once when tmux has answered the
 * kill (the group is gone then in about half of the kills), then on 1, 2, 4…
 * ms timers. Looking on every turn of the event loop for the first 0.5 ms
 * instead made kill() slower (0.79–0.87 against 0.62 ms on average from
 * tmux's answer, 3 runs of 180 kills each): on 2 cores that busy loop took
 * the CPU the dying program and the pane's drain pipe reader needed.
 */
function groupEnds(leader: number): Promise<boolean> {
  return pollUntil(() => !processGroupExists(leader), GROUP_END_MS)
}

export interface ProgramEnd {
  /** Resolves once the program's process group is gone (what kill() waits for). */
  ended: Promise<void>
  /** Resolves once nothing of its terminal session is left either (what closing the server waits for). */
  settled: Promise<void>
}

/**
 * After tmux closed a pane, make sure its program ends (a program that
 * ignores SIGHUP gets SIGTERM, then SIGKILL, by PID) and say when it has.
 */
export function endProgram(leader: number): ProgramEnd {
  // Without /proc (ps), a session is found through the leader's descendants: look while it may still be there.
  if (!procAvailable()) {
    const ended = endSessions(new Set([leader]))
    return { ended, settled: ended }
  }
  const groupEnded = groupEnds(leader)
  // Ended on the SIGHUP: the rest of the session is the sweep's. Else the full treatment now.
  const ended = groupEnded.then((quick) => (quick ? undefined : endSessions(new Set([leader]))))
  const settled = groupEnded.then((quick) => (quick ? sweepLater(leader) : ended))
  return { ended, settled }
}

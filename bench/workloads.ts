/**
 * The workloads, each written once against the Contender interface, so
 * every contender runs exactly the same steps.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { ECHO_PROGRAM, type Contender, type Handle } from './contender.js'
import { seededShuffle } from './stats.js'
import { TmuxpectContender } from './tmuxpect.js'

export { ECHO_PROGRAM }
/** Answers `<token> <ms>` with `<token>` after <ms> milliseconds. */
export const DELAY_PROGRAM =
  "stty -echo; echo READY; exec perl -e '$| = 1; while (<STDIN>) { my ($t, $d) = split; select(undef, undef, undef, $d / 1000); print \"$t\\n\" }'"
export const FLOOD_LINES = 1_000_000
/**
 * Prints a million lines, then the line it was sent (the marker), and stays.
 * It must not exit after the marker: a control client that falls behind makes
 * tmux 3.3a stop reading the pane, and a program that exits then loses the
 * unread tail of its output, marker included (docs/performance.md).
 */
export const FLOOD_PROGRAM = `stty -echo; echo READY; read x; seq 1 ${FLOOD_LINES}; echo "$x"; exec cat`
/** 10,000 lines of scrollback before the prompt, on a 250×80 terminal. */
export const BIG_PROGRAM = 'seq 1 10000; stty -echo; echo READY; exec cat'

const WAIT_MS = 15_000

export interface RoundResult {
  /** Latencies (or overheads) in ms. */
  latency?: number[]
  /** Round trips with the session's recording off (tmuxpect only). */
  latencyOff?: number[]
  /** Round trips per second. */
  rate?: number
  failures?: number
  /** Flood: ms until the marker showed (suite: the vitest run's wall time), and the node process's peak RSS in MB. */
  timeMs?: number
  rssMB?: number
}

export interface Sizes {
  roundTrips: number
  lifecycles: number
  concurrentSessions: number
  concurrentMs: number
  bigRoundTrips: number
  floodLines: number
  /** Tests in the whole-suite run. */
  suiteTests: number
}

let tokenCounter = 0
/** Fixed width and a terminator, so no token is a substring of another. */
function token(): string {
  return `k${String(++tokenCounter).padStart(7, '0')}z`
}

async function ready(contender: Contender, command: string, size: { cols?: number; rows?: number } = {}): Promise<Handle> {
  const handle = await contender.spawn({ command, ...size })
  await handle.waitFor('READY', WAIT_MS)
  return handle
}

async function timedRoundTrips(handle: Handle, count: number): Promise<number[]> {
  const latency: number[] = []
  for (let index = 0; index < count; index++) {
    const word = token()
    const start = performance.now()
    await handle.submit(word)
    await handle.waitFor(word, WAIT_MS)
    latency.push(performance.now() - start)
  }
  return latency
}

export async function roundTrip(contender: Contender, sizes: Sizes): Promise<RoundResult> {
  const handle = await ready(contender, ECHO_PROGRAM)
  try {
    // Warm-up: a new session settles (on tmux before 3.7 its drain pipe's reader turns into perl after 32 outputs).
    await timedRoundTrips(handle, 100)
    return { latency: await timedRoundTrips(handle, sizes.roundTrips) }
  } finally {
    await handle.kill()
  }
}

/** tmuxpect only: round trips with recording on (the default) and off, alternating in one round. */
export async function recordingOnOff(contender: Contender, sizes: Sizes): Promise<RoundResult> {
  if (!(contender instanceof TmuxpectContender)) return {}
  const on: number[] = []
  const off: number[] = []
  for (let half = 0; half < 4; half++) {
    contender.recording = half % 2 === 1
    try {
      const result = await roundTrip(contender, { ...sizes, roundTrips: Math.ceil(sizes.roundTrips / 4) })
      ;(contender.recording ? on : off).push(...(result.latency ?? []))
    } finally {
      contender.recording = true
    }
  }
  return { latency: on, latencyOff: off }
}

export async function delayed(contender: Contender, _sizes: Sizes, seed: number): Promise<RoundResult> {
  const handle = await ready(contender, DELAY_PROGRAM)
  try {
    await handle.submit(`${token()} 0`)
    const delays = seededShuffle(Array.from({ length: 41 }, (_, ms) => ms), seed)
    const overhead: number[] = []
    for (const ms of delays) {
      const word = token()
      const start = performance.now()
      await handle.submit(`${word} ${ms}`)
      await handle.waitFor(word, WAIT_MS)
      overhead.push(performance.now() - start - ms)
    }
    return { latency: overhead }
  } finally {
    await handle.kill()
  }
}

export async function lifecycle(contender: Contender, sizes: Sizes): Promise<RoundResult> {
  const latency: number[] = []
  for (let index = 0; index < sizes.lifecycles + 3; index++) {
    const start = performance.now()
    const handle = await ready(contender, ECHO_PROGRAM)
    const word = token()
    await handle.submit(word)
    await handle.waitFor(word, WAIT_MS)
    await handle.kill()
    if (index >= 3) latency.push(performance.now() - start)
  }
  return { latency }
}

export async function concurrent(contender: Contender, sizes: Sizes): Promise<RoundResult> {
  const handles = await Promise.all(Array.from({ length: sizes.concurrentSessions }, () => ready(contender, ECHO_PROGRAM)))
  const latency: number[] = []
  let failures = 0
  let done = 0
  try {
    // Untimed, as in the round trip: each new session settles (on tmux
    // before 3.7 tmuxpect's drain pipe reader turns into perl after 32 outputs).
    await Promise.all(handles.map((handle) => timedRoundTrips(handle, 40)))
    const start = performance.now()
    const end = start + sizes.concurrentMs
    await Promise.all(
      handles.map(async (handle) => {
        while (performance.now() < end) {
          const word = token()
          const begun = performance.now()
          try {
            await handle.submit(word)
            await handle.waitFor(word, WAIT_MS)
            latency.push(performance.now() - begun)
            done++
          } catch {
            failures++
          }
        }
      }),
    )
    return { latency, rate: done / ((performance.now() - start) / 1000), failures }
  } finally {
    await Promise.all(handles.map((handle) => handle.kill()))
  }
}

export async function bigScreen(contender: Contender, sizes: Sizes): Promise<RoundResult> {
  const handle = await ready(contender, BIG_PROGRAM, { cols: 250, rows: 80 })
  try {
    await timedRoundTrips(handle, 10)
    return { latency: await timedRoundTrips(handle, sizes.bigRoundTrips) }
  } finally {
    await handle.kill()
  }
}

/** Flood in the contender's own child process, so peak RSS is its alone. */
export function flood(contenderName: string, sizes: Sizes): Promise<RoundResult> {
  const child = fileURLToPath(new URL('./flood-child.ts', import.meta.url))
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', child, contenderName, String(sizes.floodLines)],
      { timeout: 240_000, maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => {
        const last = stdout.trim().split('\n').pop() ?? ''
        if (error || !last.startsWith('{')) {
          reject(new Error(`flood child for ${contenderName} failed: ${error?.message ?? ''}\n${stderr}`))
          return
        }
        resolve(JSON.parse(last) as RoundResult)
      },
    )
  })
}

/** Run in a child: start one contender, flood, report time and peak RSS as JSON. */
export async function floodInThisProcess(contender: Contender, lines: number): Promise<RoundResult> {
  await contender.start()
  try {
    const handle = await contender.spawn({ command: FLOOD_PROGRAM.replace(String(FLOOD_LINES), String(lines)) })
    await handle.waitFor('READY', WAIT_MS)
    const marker = `FLOOD${token()}`
    const start = performance.now()
    await handle.submit(marker)
    await handle.waitFor(marker, 180_000)
    const timeMs = performance.now() - start
    const rssMB = process.resourceUsage().maxRSS / 1024
    await handle.kill()
    return { timeMs, rssMB }
  } finally {
    await contender.stop()
  }
}

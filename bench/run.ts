/**
 * `npm run bench`: tmuxpect beside a minimal raw control-mode client and the
 * raw tmux CLI, interleaved round by round on the same machine.
 *
 *   npm run bench                       # full run (a few minutes)
 *   npm run bench -- --rounds 5         # more rounds
 *   npm run bench -- --quick            # one short round, to try it out
 *   npm run bench -- --only roundtrip,flood
 *   npm run bench -- --only suite        # the whole-suite figure alone
 *   npm run bench -- --no-cli            # without the raw CLI contender (slow on a busy machine)
 */
import { availableParallelism, cpus, loadavg } from 'node:os'
import { execFileSync } from 'node:child_process'
import type { Contender } from './contender.js'
import { CONTENDER_NAMES, makeContender } from './contenders.js'
import { formatNumber, renderTable, summarize } from './stats.js'
import { buildPackage } from './engine.js'
import { runSuite } from './suite.js'
import { bigScreen, concurrent, delayed, flood, lifecycle, recordingOnOff, roundTrip, type RoundResult, type Sizes } from './workloads.js'

interface Workload {
  id: string
  label: string
  run(contender: Contender, sizes: Sizes, seed: number): Promise<RoundResult>
}

const WORKLOADS: Workload[] = [
  { id: 'roundtrip', label: 'round trip, instant program (ms)', run: roundTrip },
  { id: 'delayed', label: 'round trip, program answers after 0–40 ms: latency − delay (ms)', run: delayed },
  { id: 'lifecycle', label: 'per-test lifecycle: new session, READY, round trip, kill (ms)', run: lifecycle },
  { id: 'concurrent', label: 'sessions at once, closed-loop round trips', run: concurrent },
  { id: 'flood', label: 'flood: lines then a marker', run: (contender, sizes) => flood(contender.name, sizes) },
  { id: 'big', label: 'big screen 250×80, 10,000 lines of scrollback: round trip (ms)', run: bigScreen },
  { id: 'recording', label: 'round trip, recording on vs off (ms)', run: recordingOnOff },
  {
    id: 'suite',
    label: 'whole suite: one vitest run, 2 workers',
    // A real vitest run per contender (bench/suite/): tmuxpect's fixture against the raw control client.
    run: async (contender, sizes) =>
      contender.name === 'tmuxpect' ? runSuite('tmuxpect', sizes.suiteTests) : contender.name === 'raw control' ? runSuite('raw', sizes.suiteTests) : {},
  },
]

function parseArgs(argv: string[]) {
  const options = { rounds: 3, quick: false, only: undefined as string[] | undefined, cli: true }
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]
    if (arg === '--quick') options.quick = true
    else if (arg === '--rounds') options.rounds = Number(argv[++index])
    else if (arg === '--only') options.only = argv[++index]!.split(',')
    else if (arg === '--no-cli') options.cli = false
    else throw new Error(`unknown argument ${arg} (known: --rounds N, --quick, --no-cli, --only ${WORKLOADS.map((w) => w.id).join(',')})`)
  }
  if (options.quick) options.rounds = 1
  return options
}

const options = parseArgs(process.argv.slice(2))
const sizes: Sizes = options.quick
  ? { roundTrips: 50, lifecycles: 10, concurrentSessions: 100, concurrentMs: 1000, bigRoundTrips: 30, floodLines: 100_000, suiteTests: 40 }
  : { roundTrips: 1500, lifecycles: 100, concurrentSessions: 100, concurrentMs: 3000, bigRoundTrips: 100, floodLines: 1_000_000, suiteTests: 200 }
const workloads = WORKLOADS.filter((workload) => !options.only || options.only.includes(workload.id))

/**
 * Latency workloads run in slices, the contenders' slices interleaved
 * (who goes first rotates), so a noisy second of a shared machine falls on
 * every contender alike; their medians pool all slices. Run whole, one
 * contender's 1,500 round trips could land in a quiet stretch and the
 * other's in a busy one: the same code measured 1.17× and 1.40× raw in two
 * runs a minute apart.
 */
const SLICED = new Set(['roundtrip', 'lifecycle', 'big'])
const SLICES = 5
const sliceSizes: Sizes = {
  ...sizes,
  roundTrips: Math.ceil(sizes.roundTrips / SLICES),
  lifecycles: Math.ceil(sizes.lifecycles / SLICES),
  bigRoundTrips: Math.ceil(sizes.bigRoundTrips / SLICES),
}

const results = new Map<string, RoundResult[]>()
const key = (workload: string, contender: string) => `${workload}\t${contender}`

const contenders = CONTENDER_NAMES.filter((name) => options.cli || name !== 'raw CLI').map(makeContender)
let stopping = false
async function stopAll() {
  if (stopping) return
  stopping = true
  await Promise.all(contenders.map((contender) => contender.stop().catch(() => undefined)))
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stopAll().finally(() => process.exit(130))
  })
}

// What users install: the bench measures the built package (engine.ts).
buildPackage()
const began = performance.now()
const log = (text: string) => process.stderr.write(text)
log(`tmuxpect bench: ${options.rounds} round(s), ${workloads.map((w) => w.id).join(', ')}; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`)
try {
  for (const contender of contenders) await contender.start()
  // Untimed: V8 compiles each contender's hot code before anything is measured.
  if (workloads.some((workload) => SLICED.has(workload.id))) {
    for (const contender of contenders) {
      log(`warm-up ${contender.name}\n`)
      await roundTrip(contender, { ...sizes, roundTrips: 300 })
      await lifecycle(contender, { ...sizes, lifecycles: 10 })
    }
  }
  for (let round = 0; round < options.rounds; round++) {
    for (const workload of workloads) {
      const slices = SLICED.has(workload.id) ? SLICES : 1
      for (let slice = 0; slice < slices; slice++) {
        // Rotate who goes first, so no contender always runs on a warmer (or busier) machine.
        const turn = round * slices + slice
        const order = contenders.map((_, index) => contenders[(index + turn) % contenders.length]!)
        for (const contender of order) {
          log(`round ${round + 1}/${options.rounds} ${workload.id.padEnd(10)} ${slices > 1 ? `${slice + 1}/${slices} ` : ''}${contender.name.padEnd(11)} `)
          const started = performance.now()
          const result = await workload.run(contender, slices > 1 ? sliceSizes : sizes, 1000 + turn)
          log(`${((performance.now() - started) / 1000).toFixed(1)} s${result.failures ? ` (${result.failures} failed)` : ''}\n`)
          const list = results.get(key(workload.id, contender.name)) ?? []
          list.push(result)
          results.set(key(workload.id, contender.name), list)
        }
      }
    }
  }
} finally {
  await stopAll()
}

// ── report ────────────────────────────────────────────────────────────────

const names = contenders.map((contender) => contender.name)
const rows: string[][] = []
const ratios: string[] = []

function latencies(workload: string, contender: string) {
  return summarize((results.get(key(workload, contender)) ?? []).flatMap((result) => result.latency ?? []))
}
function perRound(workload: string, contender: string, pick: (result: RoundResult) => number | undefined) {
  return summarize((results.get(key(workload, contender)) ?? []).map(pick).filter((value): value is number => value !== undefined))
}
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '—')

for (const workload of workloads) {
  if (workload.id === 'concurrent') {
    const rate = names.map((name) => perRound('concurrent', name, (result) => result.rate))
    const latency = names.map((name) => latencies('concurrent', name))
    const failures = names.map((name) => (results.get(key('concurrent', name)) ?? []).reduce((sum, result) => sum + (result.failures ?? 0), 0))
    rows.push([`${sizes.concurrentSessions} ${workload.label}: round trips/s`, ...rate.map((s) => formatNumber(s.median, '/s'))])
    rows.push([`… their latency (ms) median / p95, failed waits`, ...latency.map((s, i) => `${formatNumber(s.median, 'ms')} / ${formatNumber(s.p95, 'ms')}, ${failures[i]} failed`)])
    ratios.push(`${sizes.concurrentSessions} sessions: throughput ${ratio(rate[0]!.median, rate[1]!.median)}, p95 ${ratio(latency[0]!.p95, latency[1]!.p95)}`)
  } else if (workload.id === 'flood') {
    const time = names.map((name) => perRound('flood', name, (result) => result.timeMs))
    const rss = names.map((name) => perRound('flood', name, (result) => result.rssMB))
    rows.push([`flood: ${sizes.floodLines.toLocaleString('en')} lines then a marker: ms until seen`, ...time.map((s) => formatNumber(s.median, 'ms'))])
    rows.push([`… peak RSS of the node process (MB)`, ...rss.map((s) => formatNumber(s.median, 'MB'))])
    ratios.push(`flood: time ${ratio(time[0]!.median, time[1]!.median)}, RSS ${ratio(rss[0]!.median, rss[1]!.median)}`)
  } else if (workload.id === 'suite') {
    const wall = names.map((name) => perRound('suite', name, (result) => result.timeMs))
    const duration = names.map((name) => latencies('suite', name))
    rows.push([`${workload.label}, ${sizes.suiteTests} tests: wall (s) / per test (wall ÷ tests, ms)`, ...wall.map((s) => (Number.isFinite(s.median) ? `${(s.median / 1000).toFixed(2)} / ${formatNumber(s.median / sizes.suiteTests, 'ms')}` : '—'))])
    rows.push([`… a test's duration as vitest reports it (ms) median / p95`, ...duration.map((s) => `${formatNumber(s.median, 'ms')} / ${formatNumber(s.p95, 'ms')}`)])
    ratios.push(`suite: wall ${ratio(wall[0]!.median, wall[1]!.median)}, test duration ${ratio(duration[0]!.median, duration[1]!.median)} (p95 ${ratio(duration[0]!.p95, duration[1]!.p95)})`)
  } else if (workload.id === 'recording') {
    const on = latencies('recording', names[0]!)
    const off = summarize((results.get(key('recording', names[0]!)) ?? []).flatMap((result) => result.latencyOff ?? []))
    rows.push([`${workload.label}: median on / off (p95 on / off)`, `${formatNumber(on.median, 'ms')} / ${formatNumber(off.median, 'ms')} (${formatNumber(on.p95, 'ms')} / ${formatNumber(off.p95, 'ms')})`, ...names.slice(1).map(() => '—')])
    ratios.push(`recording on ÷ off: ${ratio(on.median, off.median)} (p95 ${ratio(on.p95, off.p95)})`)
  } else {
    const stats = names.map((name) => latencies(workload.id, name))
    rows.push([`${workload.label} median / p95`, ...stats.map((s) => `${formatNumber(s.median, 'ms')} / ${formatNumber(s.p95, 'ms')}`)])
    if (workload.id === 'delayed') {
      ratios.push(`0–40 ms program: overhead ${formatNumber(stats[0]!.median, 'ms')} ms vs ${formatNumber(stats[1]!.median, 'ms')} ms (median)`)
    } else {
      ratios.push(`${workload.id}: ${ratio(stats[0]!.median, stats[1]!.median)} (p95 ${ratio(stats[0]!.p95, stats[1]!.p95)})`)
    }
  }
}

const machine = `${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), node ${process.version}, ${tmuxVersion()}`
console.log(`\ntmuxpect bench — ${machine}; ${options.rounds} round(s), interleaved; ${((performance.now() - began) / 1000).toFixed(0)} s; load average at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`)
console.log(renderTable(['workload', ...names], rows))
console.log(`\nratios tmuxpect ÷ raw control — ${ratios.join('; ')}`)

function tmuxVersion(): string {
  try {
    return execFileSync('tmux', ['-V'], { encoding: 'utf8' }).trim()
  } catch {
    return 'tmux ?'
  }
}
process.exit(0)

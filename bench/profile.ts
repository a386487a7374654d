/**
 * Profile one contender on one workload, for `node --cpu-prof`:
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile.ts tmuxpect roundtrip 2000
 */
import { makeContender } from './contenders.js'
import { bigScreen, concurrent, delayed, lifecycle, roundTrip, type Sizes } from './workloads.js'

const [name = 'tmuxpect', workload = 'roundtrip', count = '2000'] = process.argv.slice(2)
const n = Number(count)
const sizes: Sizes = { roundTrips: n, lifecycles: n, concurrentSessions: 100, concurrentMs: n, bigRoundTrips: n, floodLines: n, suiteTests: n }
const run = { roundtrip: roundTrip, delayed, lifecycle, concurrent, big: bigScreen }[workload]
if (!run) throw new Error(`unknown workload ${workload}`)
const contender = makeContender(name)
await contender.start()
try {
  const started = performance.now()
  const result = await run(contender, sizes, 1)
  const sorted = [...(result.latency ?? [])].sort((a, b) => a - b)
  console.log(`${name} ${workload}: ${((performance.now() - started) / 1000).toFixed(1)} s, median ${sorted[sorted.length >> 1]?.toFixed(3)} ms` + (result.rate ? `, ${result.rate.toFixed(0)}/s` : ''))
} finally {
  await contender.stop()
}
process.exit(0)

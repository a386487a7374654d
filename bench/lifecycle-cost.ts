/**
 * What one per-test lifecycle (spawn, READY, one round trip, kill) costs,
 * counted rather than timed, so it can be compared on a busy machine: tmux
 * commands and writes, /proc opens and directory scans in this process,
 * this process's CPU time, and the tmux server's CPU time (its own, and its
 * children's: the programs and the panes' drain pipes).
 *
 *   node --import tsx bench/lifecycle-cost.ts tmuxpect 200
 *   node --import tsx bench/lifecycle-cost.ts 'raw control' 200
 */
import fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import { ControlChannel } from '../src/channel.js'
import { makeContender } from './contenders.js'
import { RawControlClient } from './raw-control.js'
import { lifecycle, type Sizes } from './workloads.js'

// The counters patch src/'s ControlChannel: the contender must run src/ too (engine.ts).
process.env.TMUXPECT_BENCH_SOURCE ??= 'src'

let commands = 0
let writes = 0
let procOpens = 0
let procScans = 0
const { group, pipeline } = ControlChannel.prototype
ControlChannel.prototype.group = function (lines: string[]) {
  commands += lines.length
  writes++
  return group.call(this, lines)
}
ControlChannel.prototype.pipeline = function (lines: string[]) {
  commands += lines.length
  writes++
  return pipeline.call(this, lines)
}
const { command } = RawControlClient.prototype
RawControlClient.prototype.command = function (line: string) {
  commands++
  writes++
  return command.call(this, line)
}
const { openSync, readdirSync } = fs
const counting = fs as unknown as Record<string, (...args: unknown[]) => unknown>
counting.openSync = (path: unknown, ...rest: unknown[]) => {
  if (String(path).startsWith('/proc/')) procOpens++
  return (openSync as (...args: unknown[]) => unknown)(path, ...rest)
}
counting.readdirSync = (path: unknown, ...rest: unknown[]) => {
  if (String(path) === '/proc') procScans++
  return (readdirSync as (...args: unknown[]) => unknown)(path, ...rest)
}
// The engine imported these by name: point its bindings at the counting ones.
syncBuiltinESMExports()

/** ms of CPU of a process (utime + stime), and with its reaped children (cutime + cstime). */
function cpuOf(pid: number): { own: number; withChildren: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number)
  const tick = 10 // ms: USER_HZ is 100 on Linux
  return { own: (fields[11]! + fields[12]!) * tick, withChildren: (fields[11]! + fields[12]! + fields[13]! + fields[14]!) * tick }
}

const [name = 'tmuxpect', count = '200'] = process.argv.slice(2)
const n = Number(count)
const contender = makeContender(name)
await contender.start()
const serverPid = (contender as unknown as { server?: { serverPid: number }; client?: { serverPid: number } }).server?.serverPid ??
  (contender as unknown as { client: { serverPid: number } }).client.serverPid
const sizes = (lifecycles: number) => ({ lifecycles }) as Sizes
await lifecycle(contender, sizes(5))
commands = writes = procOpens = procScans = 0
const cpuBefore = process.cpuUsage()
const tmuxBefore = cpuOf(serverPid)
const started = performance.now()
await lifecycle(contender, sizes(n - 3))
const wall = performance.now() - started
const cpu = process.cpuUsage(cpuBefore)
const tmuxAfter = cpuOf(serverPid)
const per = (value: number, digits = 2) => (value / n).toFixed(digits)
console.log(
  `${name}, per lifecycle: ${per(commands)} tmux commands in ${per(writes)} writes; ${per(procOpens, 1)} /proc opens, ${per(procScans)} /proc scans; ` +
    `CPU: this process ${per((cpu.user + cpu.system) / 1000)} ms, tmux server ${per(tmuxAfter.own - tmuxBefore.own)} ms + its children ` +
    `${per(tmuxAfter.withChildren - tmuxBefore.withChildren - (tmuxAfter.own - tmuxBefore.own))} ms; wall ${per(wall)} ms`,
)
await contender.stop()
process.exit(0)

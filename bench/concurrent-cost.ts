/**
 * What one round trip costs with 100 sessions at once (the `concurrent`
 * workload), counted rather than timed, so contenders can be compared on
 * a busy machine: tmux commands by kind and writes per round trip, and CPU
 * per round trip of this process, the tmux server, and the server's
 * children by name (the programs; tmuxpect's panes' drain pipes are `cat`
 * too, so `cat` is both there).
 *
 *   node --import tsx bench/concurrent-cost.ts tmuxpect 5000
 *   node --import tsx bench/concurrent-cost.ts 'raw control' 5000
 */
import fs from 'node:fs'
import { ControlChannel } from '../src/channel.js'
import { ECHO_PROGRAM } from './contender.js'
import { makeContender } from './contenders.js'
import { RawControlClient } from './raw-control.js'

// The counters patch src/'s ControlChannel: the contender must run src/ too (engine.ts).
process.env.TMUXPECT_BENCH_SOURCE ??= 'src'

const SESSIONS = 100
const kinds = new Map<string, number>()
let writes = 0
let counting = false
function count(lines: string[]): void {
  if (!counting) return
  writes++
  for (const line of lines) {
    // The command and, for a display-message, what it asks.
    const kind = line.startsWith('display-message') ? `display-message ${/'(#\{[a-z_]+\})/.exec(line)?.[1] ?? ''}…` : line.split(' ')[0]!
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
  }
}
const { group, pipeline } = ControlChannel.prototype
ControlChannel.prototype.group = function (lines: string[]) {
  count(lines)
  return group.call(this, lines)
}
ControlChannel.prototype.pipeline = function (lines: string[]) {
  count(lines)
  return pipeline.call(this, lines)
}
const { command } = RawControlClient.prototype
RawControlClient.prototype.command = function (line: string) {
  count([line])
  return command.call(this, line)
}

/** CPU ms (utime + stime) of `root` and every process below it, by PID, with its name. */
function processTree(root: number): Map<number, { name: string; cpu: number }> {
  const all = new Map<number, { parent: number; name: string; cpu: number }>()
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'latin1')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number)
      all.set(Number(entry), { parent: fields[1]!, name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), cpu: (fields[11]! + fields[12]!) * 10 })
    } catch {
      // gone meanwhile
    }
  }
  const tree = new Map<number, { name: string; cpu: number }>()
  const add = (pid: number) => {
    const process = all.get(pid)
    if (!process) return
    tree.set(pid, process)
    for (const [child, entry] of all) if (entry.parent === pid) add(child)
  }
  add(root)
  return tree
}

const [name = 'tmuxpect', duration = '5000'] = process.argv.slice(2)
const contender = makeContender(name)
await contender.start()
const serverPid =
  (contender as unknown as { server?: { serverPid: number } }).server?.serverPid ?? (contender as unknown as { client: { serverPid: number } }).client.serverPid
const handles = await Promise.all(
  Array.from({ length: SESSIONS }, async () => {
    const handle = await contender.spawn({ command: ECHO_PROGRAM })
    await handle.waitFor('READY', 15_000)
    return handle
  }),
)
let token = 0
let done = 0
const treeBefore = processTree(serverPid)
const cpuBefore = process.cpuUsage()
counting = true
const start = performance.now()
const end = start + Number(duration)
await Promise.all(
  handles.map(async (handle) => {
    while (performance.now() < end) {
      const word = `c${String(++token).padStart(7, '0')}z`
      await handle.submit(word)
      await handle.waitFor(word, 15_000)
      done++
    }
  }),
)
const wall = performance.now() - start
counting = false
const cpu = process.cpuUsage(cpuBefore)
const byName = new Map<string, number>()
for (const [pid, process] of processTree(serverPid)) {
  const key = pid === serverPid ? 'tmux server' : process.name
  byName.set(key, (byName.get(key) ?? 0) + process.cpu - (treeBefore.get(pid)?.cpu ?? 0))
}
const perTrip = (value: number, digits = 2) => (value / done).toFixed(digits)
const us = (ms: number) => perTrip(ms * 1000, 0)
console.log(
  `${name}, ${SESSIONS} sessions, ${(done / (wall / 1000)).toFixed(0)} round trips/s; per round trip: ` +
    `${[...kinds].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${perTrip(n)} ${kind}`).join(', ')} in ${perTrip(writes)} writes; ` +
    `CPU (µs): this process ${us((cpu.user + cpu.system) / 1000)}, ${[...byName].filter(([, ms]) => ms > 0).map(([key, ms]) => `${key} ${us(ms)}`).join(', ')}`,
)
await Promise.all(handles.map((handle) => handle.kill()))
await contender.stop()
process.exit(0)

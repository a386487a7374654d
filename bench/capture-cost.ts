/**
 * What tmux spends on one `capture-pane` of a full 80×24 screen, by flags:
 * CPU of the tmux server per capture (from /proc, Linux), with the captures
 * sent 50 at a time through the bench's raw control client. Why a look asks
 * for escapes (`-e`) only once the program has drawn a style (src/pane.ts).
 *
 *   npx tsx bench/capture-cost.ts [captures per flag set, default 20000]
 */
import { readFileSync } from 'node:fs'
import { RawControlClient } from './raw-control.js'

const count = Number(process.argv[2] ?? 20_000)
const FILL = 'for i in $(seq 1 30); do echo "line $i: some words of plain text"; done; exec cat'

/** CPU ms of a process (utime + stime, in 10 ms ticks). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

const client = new RawControlClient()
await client.start()
try {
  const { pane } = await client.newSession({ command: FILL, cols: 80, rows: 24 }, 'capture')
  await client.waitFor(pane, 'line 30', 5000)
  console.log(`tmux ${(await client.command("display-message -p '#{version}'"))[0]}, a full 80×24 screen of plain text, ${count} captures per row`)
  for (const flags of ['-p -J', '-p -J -e', '-p', '-p -e -N']) {
    const before = cpuMs(client.serverPid)
    const started = performance.now()
    for (let sent = 0; sent < count; sent += 50) await Promise.all(Array.from({ length: 50 }, () => client.command(`capture-pane ${flags} -t ${pane}`)))
    const wall = ((performance.now() - started) * 1000) / count
    console.log(`capture-pane ${flags.padEnd(9)} tmux CPU ${(((cpuMs(client.serverPid) - before) * 1000) / count).toFixed(1).padStart(5)} µs, wall ${wall.toFixed(1)} µs`)
  }
} finally {
  await client.stop()
}
process.exit(0)

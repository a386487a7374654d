/**
 * What tmux spends on one `capture-pane` of a full 80×24 screen, by flags:
 * CPU of the tmux server per capture (from /proc, Linux), with the captures
 * sent 50 at a time through one control client. Why a look asks for escapes
 * (`-e`) only once the program has drawn a style (src/pane.ts).
 *
 *   npx tsx bench/capture-cost.ts [captures per flag set, default 20000]
 */
import { spawn } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { benchSocket, cleanEnv, socketPath } from './contender.js'

const count = Number(process.argv[2] ?? 20_000)
const socket = benchSocket('capture')
const tmux = process.env.TMUXPECT_TMUX ?? 'tmux'
const fill = 'for i in $(seq 1 30); do echo "line $i: some words of plain text"; done; exec cat'
const client = spawn(tmux, ['-u', '-L', socket, '-f', '/dev/null', '-C', 'new-session', '-s', 'ctl', '-x', '80', '-y', '24', 'sh', '-c', fill], {
  env: cleanEnv(),
  stdio: ['pipe', 'pipe', 'ignore'],
})

// Replies, first in first out: each ends in %end or %error; the first block is new-session's own.
const waiting: ((lines: string[]) => void)[] = [() => {}]
let pending = ''
let block: string[] | undefined
client.stdout.on('data', (chunk: Buffer) => {
  pending += chunk.toString('utf8')
  let newline: number
  while ((newline = pending.indexOf('\n')) !== -1) {
    const line = pending.slice(0, newline)
    pending = pending.slice(newline + 1)
    if (line.startsWith('%begin')) block = []
    else if (line.startsWith('%end') || line.startsWith('%error')) {
      waiting.shift()?.(block ?? [])
      block = undefined
    } else if (block) block.push(line)
  }
})
const command = (line: string) =>
  new Promise<string[]>((resolve) => {
    waiting.push(resolve)
    client.stdin.write(line + '\n')
  })

/** CPU ms of a process (utime + stime, in 10 ms ticks). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

try {
  const pid = Number((await command("display-message -p '#{pid}'"))[0])
  while (!(await command('capture-pane -p -t %0')).some((line) => line.startsWith('line 30'))) await new Promise((r) => setTimeout(r, 20))
  console.log(`tmux ${(await command("display-message -p '#{version}'"))[0]}, a full 80×24 screen of plain text, ${count} captures per row`)
  for (const flags of ['-p -J', '-p -J -e', '-p', '-p -e -N']) {
    const before = cpuMs(pid)
    const started = performance.now()
    for (let sent = 0; sent < count; sent += 50) await Promise.all(Array.from({ length: 50 }, () => command(`capture-pane ${flags} -t %0`)))
    const wall = ((performance.now() - started) * 1000) / count
    console.log(`capture-pane ${flags.padEnd(9)} tmux CPU ${(((cpuMs(pid) - before) * 1000) / count).toFixed(1).padStart(5)} µs, wall ${wall.toFixed(1)} µs`)
  }
} finally {
  client.stdin.end('kill-server\n')
  await new Promise((resolve) => client.once('exit', resolve))
  rmSync(socketPath(socket), { force: true })
}

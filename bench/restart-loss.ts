/**
 * How often restart() loses the new program's output (docs/compatibility.md):
 * spawn a program that counts its runs in a file and exits 5 at once (after
 * `seq 1 50000` with `flood`), wait for its exit, restart(), wait again, and
 * look for `run-2` on the final screen. A server that dies is counted and
 * replaced.
 *   npx tsx bench/restart-loss.ts [runs=100] [quick|flood]   (TMUXPECT_TMUX picks the tmux)
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TmuxServer } from '../src/index.js'

const runs = Number(process.argv[2] ?? 100)
const flood = process.argv[3] === 'flood'
let server = await TmuxServer.start()
let lost = 0
let serversLost = 0
for (let run = 0; run < runs; run++) {
  const dir = mkdtempSync(join(tmpdir(), 'tmuxpect-restart-loss-'))
  const runsFile = join(dir, 'runs')
  try {
    const session = await server.spawn(['sh', '-c', `echo x >> '${runsFile}'; ${flood ? 'seq 1 50000; ' : ''}echo run-$(wc -l < '${runsFile}'); exit 5`])
    await session.waitForExit()
    await session.restart()
    await session.waitForExit()
    if (!(await session.screen()).text.includes('run-2')) lost++
    await session.kill()
  } catch (error) {
    serversLost++
    console.log(String(error).split('\n')[0])
    await server.kill().catch(() => {})
    server = await TmuxServer.start()
  }
  rmSync(dir, { recursive: true, force: true })
}
await server.kill()
console.log(`tmux ${server.tmuxVersion}, ${flood ? 'flood' : 'quick'}: lost ${lost} of ${runs}, ${serversLost} servers lost`)

/**
 * restart() keeps everything the new program writes, on every tmux version
 * (docs/tmux-quirks.md, "A respawned pane skips what a control client had
 * not been sent"): a program that prints and exits at once, one that floods
 * before exiting, and a restart while another control client is behind on
 * a flood (which crashed tmux 3.3a–3.7c).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pWaitFor from 'p-wait-for'
import { describe, expect, test } from 'vitest'
import 'tmuxpect/vitest'
import { removeTree } from './hardening/census.js'
import { tmuxBinary, tmuxCli, usePrivateTmux } from './hardening/private-tmux.js'

const harness = usePrivateTmux()
const { cleanups } = harness

/**
 * A program that counts its runs in a file, prints the count (after `flood`
 * lines, on every run or on the first only) and exits 5 at once.
 */
function countingProgram(flood = 0, firstRunOnly = false): string[] {
  const cwd = mkdtempSync(join(tmpdir(), 'tmuxpect-restart-'))
  cleanups.push(() => removeTree(cwd))
  const lines = flood === 0 ? '' : `${firstRunOnly ? '[ $(wc -l < runs) = 1 ] && ' : ''}seq 1 ${flood}; `
  return ['sh', '-c', `cd '${cwd}' && echo x >> runs; ${lines}echo run-$(wc -l < runs); exit 5`]
}

describe('restart keeps the new program\'s output', () => {
  test('a program that prints one line and exits at once: every run is on the screen (25 restarts)', async () => {
    const session = await harness.server.spawn(countingProgram())
    cleanups.push(() => session.kill())
    expect(await session.waitForExit()).toEqual({ code: 5, signal: null })
    const missing: number[] = []
    for (let run = 2; run <= 26; run++) {
      await session.restart()
      expect(await session.waitForExit()).toEqual({ code: 5, signal: null })
      if (!(await session.screen()).contains(`run-${run}`)) missing.push(run)
    }
    // Before the handling, tmux 3.3a lost about one run in two (3.5a, 3.7c
    // fewer): 17 and 24 of these 25 in two runs without it. Three may go: a
    // program that exits at once meets a second tmux 3.3a defect about once
    // in 300 restarts here, more under load (the test failed 1 run in 12
    // when it allowed none; CI's Node 24 row, the machine's fifth full
    // suite in a row, once lost 2 of 25): tmux can handle
    // the exit while the line is still in the kernel's pty buffer and close
    // the pane without it, which no client can prevent (docs/tmux-quirks.md,
    // "An exiting program's unread output is thrown away", the part still
    // open). Lingering after the line would dodge it, and the respawn defect
    // with it (its bytes go only when the old program's output is fresh).
    expect(missing.length, `runs missing from the screen: ${missing.join(', ')}`).toBeLessThanOrEqual(3)
  })

  test('a program that prints 50,000 lines and exits: its last lines are on the screen after each restart', async () => {
    const session = await harness.server.spawn(countingProgram(50_000))
    cleanups.push(() => session.kill())
    await session.waitForExit()
    for (let run = 2; run <= 4; run++) {
      await session.restart()
      await session.waitForExit()
      const screen = await session.screen()
      expect(screen.lines.filter(Boolean).slice(-2)).toEqual(['50000', `run-${run}`])
    }
  })

  test('a restart while another control client is behind on a flood keeps the server and shows the new output', async () => {
    // A second control client on the same server (another process's
    // TmuxServer.connect, here the bare tmux CLI) that reads slowly: it is
    // still behind on the flood when the program exits.
    const { server } = harness
    const client = spawn(tmuxBinary(), ['-L', server.socket, '-f', '/dev/null', '-C', 'attach', '-t', '=__tmuxpect'], { stdio: ['pipe', 'pipe', 'ignore'] })
    const reader = spawn('python3', ['-c', 'import os, time\nwhile os.read(0, 4096): time.sleep(0.002)'], { stdio: [client.stdout, 'ignore', 'ignore'] })
    cleanups.push(() => {
      client.stdin.end()
      client.kill()
      reader.kill()
    })
    await pWaitFor(() => tmuxCli(server.socket, 'list-clients').trim().split('\n').length === 2, { interval: 5, timeout: 5000 })
    const session = await server.spawn(countingProgram(100_000, true))
    cleanups.push(() => session.kill())
    await session.waitForExit()
    // Before the handling tmux 3.3a crashed here 10 times in 10
    // ("server exited unexpectedly"), 3.5a and 3.7c about half the time.
    await session.restart()
    await session.waitForExit()
    expect((await session.screen()).lines.filter(Boolean)).toEqual(['run-2'])
    expect(server.goneError).toBeUndefined()
  })
})

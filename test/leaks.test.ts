/**
 * Nothing leaks, however a run ends: a nested vitest project (test/fixtures/
 * lifecycle) runs as a child process with its own TMUX_TMPDIR, and afterwards
 * no tmux process, no socket file and no program it started may remain.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import pWaitFor from 'p-wait-for'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { census, expectNothingLeft, makeTmuxTmpdir, nestedEnvironment, newMarker, removeTree, runNestedVitest } from './hardening/census.js'

let tmuxTmpdir: string
let marker: string

beforeEach(() => {
  tmuxTmpdir = makeTmuxTmpdir()
  marker = newMarker()
})

afterEach(() => {
  // Whatever a failed test left: end it by PID, so the next test starts clean.
  const left = census(tmuxTmpdir, marker)
  for (const pid of [...left.programs, ...left.tmux]) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  removeTree(tmuxTmpdir)
})

function startHangingRun() {
  const readyFile = join(tmuxTmpdir, 'ready')
  const run = runNestedVitest('lifecycle', ['hang.fixture.ts'], nestedEnvironment(tmuxTmpdir, marker, { READY_FILE: readyFile }))
  return { run, ready: pWaitFor(() => existsSync(readyFile), { interval: 20, timeout: 20_000 }) }
}

test('a run whose tests pass, fail, time out and throw leaves nothing', async () => {
  const result = await runNestedVitest('lifecycle', ['outcomes.fixture.ts'], nestedEnvironment(tmuxTmpdir, marker))
  expect(result.all).toMatch(/3 failed \| 1 passed/)
  expect(result.exitCode).toBe(1)
  await expectNothingLeft(tmuxTmpdir, marker)
})

test.each(['SIGINT', 'SIGTERM'] as const)('a run ended by %s mid-test leaves nothing', async (signal) => {
  const { run, ready } = startHangingRun()
  await ready
  // SIGINT as Ctrl-C sends it: to the whole process group; SIGTERM to the runner alone.
  process.kill(signal === 'SIGINT' ? -run.pid! : run.pid!, signal)
  const result = await run
  expect(result.exitCode === 0).toBe(false)
  await expectNothingLeft(tmuxTmpdir, marker)
})

test('a run killed with SIGKILL mid-test is cleaned up by the next run', async () => {
  const { run, ready } = startHangingRun()
  await ready
  const servers = census(tmuxTmpdir, marker).sockets
  expect(servers.length).toBeGreaterThan(0)
  process.kill(-run.pid!, 'SIGKILL')
  await run
  // The dead-man switch takes the servers down; only socket files (and
  // programs that ignore SIGHUP) may outlive a SIGKILL, until the next run.
  const next = await runNestedVitest('lifecycle', ['outcomes.fixture.ts', '-t', 'passes'], nestedEnvironment(tmuxTmpdir, marker))
  expect(next.all).toMatch(/1 passed/)
  await expectNothingLeft(tmuxTmpdir, marker)
})

/**
 * One server and one python REPL for a whole vitest run (the recipe in
 * docs/persistent-sessions.md), run as a nested project: globalSetup starts
 * them and `provide`s their names, two test files `inject` them and reach the
 * REPL through `TmuxServer.connect`, and nothing is left when the run ends —
 * passed, failed or interrupted.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import pWaitFor from 'p-wait-for'
import { afterEach, expect, test } from 'vitest'
import {
  census,
  expectNothingLeft,
  makeTmuxTmpdir,
  nestedEnvironment,
  newMarker,
  removeTree,
  runNestedVitest,
} from './hardening/census.js'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
})

function privateRun() {
  const tmuxTmpdir = makeTmuxTmpdir()
  const marker = newMarker()
  cleanups.push(() => removeTree(tmuxTmpdir))
  return { tmuxTmpdir, marker }
}

test.each([
  ['two workers at once', []],
  // One file after the other: the first file's close() must leave the REPL to the second.
  ['one file after the other', ['--no-file-parallelism', '--maxWorkers=1']],
])('the shared REPL serves both test files (%s), and the run leaves nothing behind', async (_, args) => {
  const { tmuxTmpdir, marker } = privateRun()
  const run = await runNestedVitest('shared-server', args, nestedEnvironment(tmuxTmpdir, marker))
  expect(run.all).toMatch(/Test Files +2 passed/)
  expect(run.all).toMatch(/Tests +4 passed/)
  expect(run.exitCode).toBe(0)
  await expectNothingLeft(tmuxTmpdir, marker)
})

test('a run with a failing test still ends the shared server', async () => {
  const { tmuxTmpdir, marker } = privateRun()
  const run = await runNestedVitest('shared-server', [], nestedEnvironment(tmuxTmpdir, marker, { SHARED_FAIL: '1' }))
  expect(run.all).toContain('second file: a test that fails')
  expect(run.all).toMatch(/Tests +1 failed \| 4 passed/)
  expect(run.exitCode).toBe(1)
  await expectNothingLeft(tmuxTmpdir, marker)
})

test('a run interrupted with Ctrl-C mid-test still ends the shared server', async () => {
  const { tmuxTmpdir, marker } = privateRun()
  const readyFile = join(tmuxTmpdir, 'ready')
  const run = runNestedVitest('shared-server', [], nestedEnvironment(tmuxTmpdir, marker, { SHARED_READY_FILE: readyFile }))
  // If the test fails before its Ctrl-C: end the whole run, workers too (one stuck in a test would hold the server).
  cleanups.push(() => {
    try {
      process.kill(-run.pid!, 'SIGKILL')
    } catch {
      // the run has ended
    }
  })
  await pWaitFor(() => existsSync(readyFile), { interval: 20, timeout: 30_000 })
  // While the run hangs: the one shared server.
  expect(census(tmuxTmpdir, marker).sockets).toHaveLength(1)
  // Ctrl-C: SIGINT to the whole process group.
  process.kill(-run.pid!, 'SIGINT')
  const result = await run
  expect(result.exitCode).not.toBe(0)
  await expectNothingLeft(tmuxTmpdir, marker)
})

/**
 * The vitest fixture as a user meets it: a nested vitest run with a passing
 * and a failing test. The failure prints each session's last screen, name
 * and attach line; teardown kills everything; TMUXPECT_KEEP=1 keeps the
 * failing test's sessions alive for a person to attach to.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterEach, expect, test } from 'vitest'
import {
  census,
  tmuxBinary,
  expectNothingLeft,
  makeTmuxTmpdir,
  nestedEnvironment,
  newMarker,
  removeTree,
  runNestedVitest,
  socketDirectoryOf,
} from './hardening/census.js'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  // last in, first out: the kept server is killed before its socket directory goes
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function privateRun() {
  const tmuxTmpdir = makeTmuxTmpdir()
  const marker = newMarker()
  const resultsDir = mkdtempSync(join(tmpdir(), 'tmuxpect-results-'))
  cleanups.push(() => removeTree(tmuxTmpdir), () => removeTree(resultsDir))
  return { tmuxTmpdir, marker, resultsDir }
}

test('a failing test prints its sessions: framed screen, name, attach line; nothing is left', async () => {
  const { tmuxTmpdir, marker, resultsDir } = privateRun()
  const run = await runNestedVitest('failure-report', [], nestedEnvironment(tmuxTmpdir, marker, { TMUXPECT_RESULTS_DIR: resultsDir }))
  expect(run.exitCode).toBe(1)
  const output = String(run.all)
  expect(output).toMatch(/1 failed \| 1 passed|1 passed.*1 failed/s)
  expect(output).toContain('tmuxpect: test "python shows the wrong answer" failed')
  expect(output).toMatch(/Session: +python-shows-the-wrong-answer-[0-9a-f]{6}/)
  expect(output).toMatch(/│>>> 6 \* 7 +│/)
  expect(output).toMatch(/│42 +│/)
  expect(output).toMatch(/Attach: +\S*tmux -L tmuxpect-\d+-[0-9a-f]+ attach -r -t =python-shows-the-wrong-answer-[0-9a-f]{6}/)
  expect(output).toContain('submit "6 * 7"')
  // the passing test printed nothing of the sort
  expect(output).not.toContain('tmuxpect: test "python passes" failed')
  await expectNothingLeft(tmuxTmpdir, marker)
})

test('a failing test leaves its recording and final screen under the results folder, and its error names them', async () => {
  const { tmuxTmpdir, marker, resultsDir } = privateRun()
  const run = await runNestedVitest('failure-report', [], nestedEnvironment(tmuxTmpdir, marker, { TMUXPECT_RESULTS_DIR: resultsDir }))
  expect(run.exitCode).toBe(1)
  const output = String(run.all)
  // only the failing test's folder: the passing one left nothing (TMUXPECT_RECORD=failed, the default);
  // beside it the report page and the writers' data (test/report-page.test.ts opens the page)
  expect(readdirSync(resultsDir).sort()).toEqual(['.tmuxpect', 'index.html', 'python-shows-the-wrong-answer'])
  const folder = join(resultsDir, 'python-shows-the-wrong-answer')
  const [cast, txt] = readdirSync(folder).sort()
  expect(cast).toMatch(/^python-shows-the-wrong-answer-[0-9a-f]{6}\.cast$/)
  expect(txt).toBe(cast!.replace(/\.cast$/, '.txt'))
  // the test's own error (printed under FAIL) names both files and how to play the recording
  const failure = output.slice(output.indexOf('FAIL'))
  expect(failure).toContain(`Recording: ${join(folder, cast!)}   play it: asciinema play ${join(folder, cast!)}`)
  expect(failure).toContain(`Final screen: ${join(folder, txt!)}`)
  expect(failure).toContain(`Report: ${join(resultsDir, 'index.html')}   open it: npx tmuxpect show-report`)
  expect(readFileSync(join(folder, txt!), 'utf8')).toMatch(/^>>> 6 \* 7\n42\n>>> \n/)
  const recording = readFileSync(join(folder, cast!), 'utf8')
  expect(JSON.parse(recording.split('\n')[0]!)).toMatchObject({ version: 2, width: 80, height: 24 })
  expect(recording).toMatch(/^\[\d+\.\d+, "o", /m) // times from the session's start (python may take seconds to start on a loaded machine)
  expect(recording).toMatch(/"i", "6 \* 7\\r"\]/)
  // and it plays back
  const played = await execa('asciinema', ['play', '-s', '1000', '-i', '0.01', join(folder, cast!)], { stdin: 'ignore', reject: false })
  expect(played.exitCode).toBe(0)
  expect(played.stdout).toMatch(/6 \* 7\r?\n42/)
  await expectNothingLeft(tmuxTmpdir, marker)

  // The next run holds only its own results: the test that failed before is not run, the one that runs passes.
  const next = await runNestedVitest('failure-report', ['-t', 'python passes'], nestedEnvironment(tmuxTmpdir, marker, { TMUXPECT_RESULTS_DIR: resultsDir }))
  expect(next.exitCode).toBe(0)
  expect(readdirSync(resultsDir).sort()).toEqual(['.tmuxpect'])
  await expectNothingLeft(tmuxTmpdir, marker)
}, 90_000) // two nested runs

test('TMUXPECT_KEEP=1 keeps the failing sessions alive and says how to attach and clean up', async () => {
  const { tmuxTmpdir, marker, resultsDir } = privateRun()
  const env = nestedEnvironment(tmuxTmpdir, marker, { TMUXPECT_KEEP: '1', TMUXPECT_RESULTS_DIR: resultsDir })
  const run = await runNestedVitest('failure-report', ['-t', 'wrong answer'], env)
  expect(run.exitCode).toBe(1)
  const output = String(run.all)
  const socket = /tmux -L (tmuxpect-\d+-[0-9a-f]+) attach -r -t =(\S+)/.exec(output)
  expect(socket).not.toBeNull()
  const [, socketName, target] = socket!
  cleanups.push(async () => {
    await execa(tmuxBinary(), ['-L', socketName!, 'kill-server'], { env: { ...env }, reject: false })
    rmSync(join(socketDirectoryOf(tmuxTmpdir), socketName!), { force: true })
  })
  expect(output).toContain('Kept alive (TMUXPECT_KEEP=1)')
  expect(output).toContain(`tmux -L ${socketName} kill-server`)
  // the run has ended, yet the kept session still answers with its screen
  const capture = await execa(tmuxBinary(), ['-L', socketName!, 'capture-pane', '-p', '-t', `${target}:`], { env, extendEnv: false })
  expect(capture.stdout).toMatch(/^42$/m)
  expect(census(tmuxTmpdir, marker).sockets).toEqual([socketName])
})

/**
 * Coverage of the program under test: a Node CLI run in tmux sessions
 * writes its V8 coverage where c8 asked (NODE_V8_COVERAGE reaches it
 * through the tmux server), from the per-test fixture's server and from a
 * server shared from globalSetup alike. The recipe of docs/coverage.md, run
 * as a user runs it: `c8 vitest run` on a nested project.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterEach, expect, test } from 'vitest'
import { REPO_ROOT, expectNothingLeft, makeTmuxTmpdir, nestedEnvironment, nestedVitestArgv, newMarker, removeTree } from './hardening/census.js'

const C8_BIN = join(REPO_ROOT, 'node_modules', 'c8', 'bin', 'c8.js')
const CLI = join(REPO_ROOT, 'test', 'fixtures', 'coverage', 'greet.mjs')

/** istanbul's coverage-final.json, the parts read here. */
interface FileCoverage {
  fnMap: Record<string, { name: string }>
  f: Record<string, number>
  statementMap: Record<string, { start: { line: number } }>
  s: Record<string, number>
}

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
})

test("c8 vitest run: the spawned CLI's lines show as covered, from the fixture and from a globalSetup server", { timeout: 120_000 }, async () => {
  const tmuxTmpdir = makeTmuxTmpdir()
  const marker = newMarker()
  cleanups.push(() => removeTree(tmuxTmpdir))
  const reports = join(tmuxTmpdir, 'coverage')

  const run = await execa(
    process.execPath,
    [C8_BIN, '--reporter=json', '--reports-dir', reports, '--temp-directory', join(reports, 'tmp'), '--include', 'test/fixtures/coverage/greet.mjs',
      // c8 leaves out test/** by default, where this CLI lives; a user's CLI in src/ needs no --exclude.
      '--exclude', 'node_modules/**', process.execPath, ...nestedVitestArgv('coverage')],
    { cwd: REPO_ROOT, env: nestedEnvironment(tmuxTmpdir, marker), extendEnv: false, all: true, reject: false },
  )
  expect(run.all).toMatch(/Tests +2 passed/)
  expect(run.exitCode).toBe(0)

  const coverage = JSON.parse(readFileSync(join(reports, 'coverage-final.json'), 'utf8')) as Record<string, FileCoverage>
  const cli = coverage[CLI]
  expect(cli, `coverage-final.json has ${Object.keys(coverage).join(', ') || 'no file'}`).toBeDefined()
  const calls = Object.fromEntries(Object.entries(cli!.fnMap).map(([id, fn]) => [fn.name, cli!.f[id]]))
  // greet ran in both tests; shout only on the shared server; neverCalled in neither.
  expect(calls).toMatchObject({ greet: 2, shout: 1, neverCalled: 0 })
  const source = readFileSync(CLI, 'utf8').split('\n')
  const uncovered = Object.entries(cli!.s)
    .filter(([, count]) => count === 0)
    .map(([id]) => source[cli!.statementMap[id]!.start.line - 1]!.trim())
  // c8 counts lines: only neverCalled's three are left uncovered.
  expect(uncovered).toEqual(['function neverCalled() {', "return 'no test reaches this line'", '}'])
  await expectNothingLeft(tmuxTmpdir, marker)
})

/**
 * tmuxpect from Jest, without vitest: the example project in examples/jest
 * (its matchers on Jest's own `expect`, the engine's TmuxServer directly) runs
 * under Jest as a child process, against a fresh build of the package, with a
 * private TMUX_TMPDIR; it must pass and leave nothing behind.
 */
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { REPO_ROOT, expectNothingLeft, makeTmuxTmpdir, nestedEnvironment, newMarker, removeTree } from './hardening/census.js'

const tmuxTmpdir = makeTmuxTmpdir()
// A build of its own (never a stale dist/): inside node_modules, so the built files find their dependencies.
const dist = join(REPO_ROOT, 'node_modules', '.cache', `tmuxpect-jest-${process.pid}`)

beforeAll(async () => {
  await execa(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', dist, '--declaration', 'false', '--sourceMap', 'false'], { cwd: REPO_ROOT })
}, 120_000)

afterAll(() => {
  removeTree(dist)
  removeTree(tmuxTmpdir)
})

test('the Jest example project passes under Jest, failure-message check included, and leaves nothing', async () => {
  const marker = newMarker()
  const jest = await execa(
    process.execPath,
    ['--experimental-vm-modules', join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--config', join(REPO_ROOT, 'examples', 'jest', 'jest.config.mjs'), '--ci'],
    { cwd: REPO_ROOT, env: nestedEnvironment(tmuxTmpdir, marker, { TMUXPECT_DIST: dist }), extendEnv: false, all: true, reject: false },
  )
  expect(jest.all).toMatch(/^PASS .*python\.test\.js/m)
  expect(jest.all).toMatch(/^PASS .*bc\.test\.js/m)
  expect(jest.all).toMatch(/^PASS .*screenshot\.test\.js/m)
  expect(jest.all).toMatch(/^Tests: +5 passed, 5 total$/m)
  expect(jest.exitCode).toBe(0)
  await expectNothingLeft(tmuxTmpdir, marker)
})

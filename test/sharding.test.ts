/**
 * Sharding across machines with vitest's own `--shard`: two shards of one
 * suite run side by side on one machine (one TMUX_TMPDIR, as on a CI runner
 * that runs both), every session in both named alike. Both pass, every test
 * runs exactly once across the two, and nothing is left afterwards — neither
 * shard's startup reaper touches the other's live servers.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { expectNothingLeft, makeTmuxTmpdir, nestedEnvironment, newMarker, removeTree, runNestedVitest } from './hardening/census.js'

const tmuxTmpdir = makeTmuxTmpdir()
afterAll(() => removeTree(tmuxTmpdir))

const ALL_TESTS = ['alpha', 'beta', 'gamma', 'delta'].flatMap((file) => [`${file} one`, `${file} two`])

test('two shards of one suite, run at once on one machine, each pass; together they run every test once; nothing is left', async () => {
  const marker = newMarker()
  const runLog = join(tmuxTmpdir, 'runs.log')
  const shard = (index: 1 | 2) => runNestedVitest('sharding', [`--shard=${index}/2`], nestedEnvironment(tmuxTmpdir, marker, { RUN_LOG: runLog, SHARD: String(index) }))
  const [first, second] = await Promise.all([shard(1), shard(2)])
  expect(first.all).toMatch(/Tests +\d+ passed/)
  expect(second.all).toMatch(/Tests +\d+ passed/)
  expect([first.exitCode, second.exitCode]).toEqual([0, 0])

  // One line a test: "<test name> <shard>".
  const runs = readFileSync(runLog, 'utf8').trim().split('\n')
  expect(runs.map((line) => line.slice(0, -2)).sort()).toEqual([...ALL_TESTS].sort())
  const ranIn = (index: number) => runs.filter((line) => line.endsWith(` ${index}`)).length
  expect(ranIn(1)).toBeGreaterThan(0)
  expect(ranIn(2)).toBeGreaterThan(0)
  expect(first.all).toMatch(new RegExp(`Tests +${ranIn(1)} passed \\(${ranIn(1)}\\)`))
  expect(second.all).toMatch(new RegExp(`Tests +${ranIn(2)} passed \\(${ranIn(2)}\\)`))
  await expectNothingLeft(tmuxTmpdir, marker)
})

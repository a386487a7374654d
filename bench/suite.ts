/**
 * The whole-suite figure: one real `vitest run` of SUITE_TESTS short tests
 * (bench/suite/: spawn a program, wait for its prompt, one or two round
 * trips) on 2 workers, written with tmuxpect's fixture (default settings,
 * recording on) or with the raw control client. Measured from outside:
 * the run's wall time, and each test's duration as vitest reports it.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cleanEnv } from './contender.js'
import { benchSource } from './engine.js'
import type { RoundResult } from './workloads.js'

const SUITE_ROOT = fileURLToPath(new URL('./suite/', import.meta.url))
const VITEST = join(createRequire(import.meta.url).resolve('vitest/package.json'), '..', 'vitest.mjs')

interface JsonReport {
  numTotalTests: number
  numPassedTests: number
  testResults: { assertionResults: { status: string; duration?: number | null }[] }[]
}

/** Run the suite written for `kind` once; `latency` holds the tests' durations (ms), `timeMs` the wall time. */
export function runSuite(kind: 'tmuxpect' | 'raw', tests: number): Promise<RoundResult> {
  const out = mkdtempSync(join(tmpdir(), 'tmuxpect-suite-'))
  const report = join(out, 'report.json')
  // The fixture's defaults: no TMUXPECT_* setting from the caller's shell.
  const env = Object.fromEntries(Object.entries(cleanEnv()).filter(([key]) => !key.startsWith('TMUXPECT_')))
  Object.assign(env, { TMUXPECT_SUITE: kind, TMUXPECT_SUITE_TESTS: String(tests), TMUXPECT_RESULTS_DIR: join(out, 'results'), TMUXPECT_BENCH_SOURCE: benchSource() })
  const argv = [VITEST, 'run', '--root', SUITE_ROOT, '--config', join(SUITE_ROOT, 'vitest.config.ts'), '--reporter=json', `--outputFile=${report}`]
  const started = performance.now()
  return new Promise((resolve, reject) => {
    execFile(process.execPath, argv, { cwd: SUITE_ROOT, env, timeout: 600_000, maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
      const timeMs = performance.now() - started
      try {
        const result = JSON.parse(readFileSync(report, 'utf8')) as JsonReport
        if (error || result.numPassedTests !== tests || result.numTotalTests !== tests) {
          throw new Error(`${result.numPassedTests} of ${result.numTotalTests} passed (expected ${tests})`)
        }
        const latency = result.testResults.flatMap((file) => file.assertionResults.map((test) => test.duration ?? NaN))
        resolve({ timeMs, latency })
      } catch (caught) {
        reject(new Error(`the ${kind} suite failed: ${(caught as Error).message}\n${stderr.slice(-4000)}`))
      } finally {
        rmSync(out, { recursive: true, force: true })
      }
    })
  })
}

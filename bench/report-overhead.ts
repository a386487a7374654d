/**
 * What the report page costs a passing run (issue 14): `npx tsx bench/report-overhead.ts`.
 *
 * Build first (`npm run build`) for the module's load time.
 *
 * A passing test's teardown asks the results store to forget the test
 * (take away what an earlier attempt of it left). Measured here:
 *   - loading the modules the fixture imports for it (once per worker);
 *   - the first touch of a results folder that is not there (once per worker);
 *   - each passing test after that;
 *   - the first touch of a folder an earlier run left results in (once per
 *     worker: that run's files are removed);
 * next to a session's own lifecycle (new session, ready, kill) from `npm run bench`.
 * The page itself, and its renderer, are never loaded by a passing run.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'

const { resultsToTidy } = await import('../src/report-page/lazy.js')

/**
 * Loading lazy.ts, the one module a passing run adds, after the engine a
 * worker has loaded anyway: timed in plain node on the build (tsx's loader
 * would time itself), median of 5 fresh processes.
 */
function loadTime(folder: string): string {
  const dist = new URL('../dist/src/', import.meta.url)
  if (!existsSync(new URL('report-page/lazy.js', dist))) return 'run `npm run build` first'
  // The same import of an empty module, in the same process, as the yardstick: on a loaded machine any import takes ms.
  const empty = (name: string) => {
    const path = join(folder, `${name}.mjs`)
    writeFileSync(path, 'export {}\n')
    return pathToFileURL(path).href
  }
  const time = (url: string) => `{ const start = performance.now(); await import(${JSON.stringify(url)}); times.push(performance.now() - start) }`
  const script = `const times = []; await import(${JSON.stringify(new URL('index.js', dist).href)}); ${time(empty('warm-up'))} ${time(empty('empty'))} ${time(new URL('report-page/lazy.js', dist).href)} console.log(times.join(' '))`
  const runs = Array.from({ length: 7 }, () => execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim().split(' ').map(Number))
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!
  return `${median(runs.map((run) => run[2]!)).toFixed(2)} ms (an empty module: ${median(runs.map((run) => run[1]!)).toFixed(2)} ms)`
}

/** The fixture's passing path, as src/fixture.ts runs it. */
async function passingTest(resultsDir: string, key: string): Promise<void> {
  await (await resultsToTidy(resultsDir))?.forgetTestResults(resultsDir, key)
}

const root = mkdtempSync(join(tmpdir(), 'tmuxpect-report-bench-'))
try {
  const missing = join(root, 'tmuxpect-results')
  const firstStart = performance.now()
  await passingTest(missing, 'a.test.ts > first')
  const firstMs = performance.now() - firstStart

  const tests = 100_000
  const start = performance.now()
  for (let index = 0; index < tests; index++) await passingTest(missing, `a.test.ts > test ${index}`)
  const perTestUs = ((performance.now() - start) / tests) * 1000

  // A folder with an earlier run's results: the first touch removes them.
  // (A fresh import of lazy.ts would be needed to see the cost of a first load here: the store is loaded by now.)
  const { assembleTestResults } = await import('../src/report-page/entry.js')
  const { ResultsStore } = await import('../src/report-page/store.js')
  const earlierDir = join(root, 'earlier')
  const earlier = new ResultsStore(earlierDir, { id: 'earlier', owner: { pid: 999_999_999, startedAt: 0 }, fromEnvironment: false })
  const { entry, files } = assembleTestResults({
    key: 'a.test.ts > old',
    test: 'old',
    file: 'a.test.ts',
    failed: true,
    errors: ['old failure'],
    folder: 'old',
    sessions: [{ name: 'old-abc123', program: 'sh', state: 'exited with code 1', actions: [], cast: '{"version": 2, "width": 80, "height": 24}\n', screen: undefined }],
  })
  await earlier.save(entry, files)
  const { utimesSync, readdirSync } = await import('node:fs')
  for (const name of readdirSync(join(earlierDir, '.tmuxpect'))) utimesSync(join(earlierDir, '.tmuxpect', name), new Date(0), new Date(0))
  const cleanStart = performance.now()
  await passingTest(earlierDir, 'a.test.ts > new')
  const cleanMs = performance.now() - cleanStart

  const rows = [
    ['load the module the fixture adds for it (once per worker)', loadTime(root)],
    ['first passing test, no results folder (once per worker)', `${firstMs.toFixed(3)} ms`],
    [`each passing test after that (mean of ${tests.toLocaleString('en')})`, `${perTestUs.toFixed(2)} µs`],
    ["first passing test, an earlier run's results to remove (once per worker; loads the store)", `${cleanMs.toFixed(2)} ms`],
  ]
  const width = Math.max(...rows.map(([label]) => label!.length))
  console.log('Report page: cost to a passing run')
  for (const [label, value] of rows) console.log(`  ${label!.padEnd(width)}  ${value}`)
} finally {
  rmSync(root, { recursive: true, force: true })
}

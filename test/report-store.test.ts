/**
 * The results folder holds this run's results only, shared safely by
 * several writers: pure file logic, no tmux. (The page in a browser, from a
 * real failing run, is test/report-page.test.ts.)
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterEach, expect, test } from 'vitest'
import { assembleTestResults, screenRuns, type TestResultsInput } from '../src/report-page/entry.js'
import { browserCommand, ReportNotFoundError, reportPagePath } from '../src/report-page/open.js'
import { renderPage } from '../src/report-page/page.js'
import { currentRun, processStartedAt, ResultsStore, type RunIdentity } from '../src/report-page/store.js'
import { Screen } from '../src/screen.js'
import type { Style } from '../src/styles.js'
import { REPO_ROOT, removeTree } from './hardening/census.js'

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) removeTree(folder)
})

function resultsFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'tmuxpect-store-'))
  folders.push(folder)
  return folder
}

const CAST = '{"version": 2, "width": 80, "height": 24}\n[0.1, "o", ">>> "]\n'

function testInput(name: string, failed = true): TestResultsInput {
  return {
    key: `demo.test.ts > ${name}`,
    test: name,
    file: 'demo.test.ts',
    failed,
    errors: [`\u001b[31mExpected: "43"\u001b[39m in ${name}`],
    folder: name.replace(/ /g, '-'),
    sessions: [
      {
        name: `${name.replace(/ /g, '-')}-abc123`,
        program: 'python3 -q',
        state: 'still running',
        actions: [{ at: 100, what: 'submit "6 * 7"' }],
        cast: CAST,
        screen: new Screen({ lines: ['>>> 6 * 7', '42', '>>>'], text: '>>> 6 * 7\n42\n>>>', cursor: { x: 4, y: 2 }, cols: 80, rows: 3 }),
      },
    ],
  }
}

/** A run of this process's making; `alive` picks an owner that runs (this process) or one that is gone. */
function runIdentity(id: string, alive: boolean): RunIdentity {
  if (alive) return { id, owner: { pid: process.pid, startedAt: processStartedAt(process.pid) ?? Date.now() }, fromEnvironment: false }
  const gone = spawnSync('true').pid!
  return { id, owner: { pid: gone, startedAt: Date.now() - 60_000 }, fromEnvironment: false }
}

async function save(store: ResultsStore, name: string, failed = true) {
  const { entry, files } = assembleTestResults(testInput(name, failed))
  return store.save(entry, files)
}

function pageOf(folder: string): string {
  return readFileSync(join(folder, 'index.html'), 'utf8')
}

function age(folder: string, seconds: number): void {
  const then = new Date(Date.now() - seconds * 1000)
  for (const name of readdirSync(join(folder, '.tmuxpect'))) utimesSync(join(folder, '.tmuxpect', name), then, then)
}

test('an earlier run (its vitest gone, written before this run started) is removed at the first touch, page and all', async () => {
  const folder = resultsFolder()
  await save(new ResultsStore(folder, runIdentity('earlier', false)), 'old failure')
  expect(existsSync(join(folder, 'old-failure', 'old-failure-abc123.cast'))).toBe(true)
  age(folder, 120)
  const now = new ResultsStore(folder, { ...runIdentity('now', true), owner: { pid: process.pid, startedAt: Date.now() - 1000 } })
  await now.prepare()
  expect(readdirSync(folder).sort()).toEqual(['.tmuxpect'])
  expect(readdirSync(join(folder, '.tmuxpect'))).toEqual([])
})

test('a shard still running, or one that ran beside this run and has ended, keeps its results', async () => {
  const folder = resultsFolder()
  await save(new ResultsStore(folder, runIdentity('shard-1-running', true)), 'shard one')
  age(folder, 120)
  // ended, but wrote after this run started: a sibling, not an earlier run
  await save(new ResultsStore(folder, runIdentity('shard-2-ended', false)), 'shard two')
  const now = new ResultsStore(folder, { ...runIdentity('shard-3', true), owner: { pid: process.pid, startedAt: Date.now() - 5000 } })
  await save(now, 'shard three')
  const page = pageOf(folder)
  for (const name of ['shard one', 'shard two', 'shard three']) expect(page).toContain(name)
  expect(existsSync(join(folder, 'shard-one', 'shard-one-abc123.cast'))).toBe(true)
})

test('runs with one TMUXPECT_RUN_ID are one run: shards run one after the other keep each other', async () => {
  const folder = resultsFolder()
  const first = currentRun({ TMUXPECT_RUN_ID: 'ci-42' })
  expect(first.id).toBe('env-ci-42')
  await save(new ResultsStore(folder, { ...first, owner: runIdentity('x', false).owner }), 'first shard')
  age(folder, 120)
  await save(new ResultsStore(folder, { ...first, owner: { pid: process.pid, startedAt: Date.now() } }), 'second shard')
  expect(pageOf(folder)).toContain('first shard')
})

test('a test that fails again replaces its results; one that passes later in the run takes them away', async () => {
  const folder = resultsFolder()
  const run = runIdentity('run', true)
  const one = new ResultsStore(folder, run)
  await save(one, 'flaky')
  // another worker of the same run (watch mode, a retry) fails the same test again
  const two = new ResultsStore(folder, run)
  await two.prepare()
  const again = assembleTestResults({ ...testInput('flaky'), errors: ['the second failure'] })
  await two.save(again.entry, again.files)
  const page = pageOf(folder)
  expect(page).toContain('the second failure')
  expect(page).not.toContain('Expected: &quot;43&quot; in flaky')
  // then it passes, in a third writer: gone from the page and the folder
  const three = new ResultsStore(folder, run)
  await three.forget('demo.test.ts > flaky')
  expect(existsSync(join(folder, 'index.html'))).toBe(false)
  expect(existsSync(join(folder, 'flaky'))).toBe(false)
})

test('two writers saving at once both end up on the page', async () => {
  const folder = resultsFolder()
  const run = runIdentity('run', true)
  const writers = Array.from({ length: 6 }, () => new ResultsStore(folder, run))
  await Promise.all(writers.map((writer, index) => save(writer, `test ${index}`)))
  const page = pageOf(folder)
  for (let index = 0; index < 6; index++) expect(page).toContain(`test ${index}`)
  expect(readdirSync(join(folder, '.tmuxpect')).filter((name) => name.endsWith('.json'))).toHaveLength(6)
  expect(readdirSync(join(folder, '.tmuxpect')).filter((name) => name.endsWith('.tmp'))).toEqual([])
})

test('a passing run with no results folder touches nothing', async () => {
  const folder = join(resultsFolder(), 'not-there')
  await new ResultsStore(folder, runIdentity('run', true)).forget('demo.test.ts > passes')
  expect(existsSync(folder)).toBe(false)
})

test('a data file never removes a file outside the results folder', async () => {
  const folder = resultsFolder()
  const outside = join(resultsFolder(), 'precious.txt')
  writeFileSync(outside, 'keep me')
  mkdirSync(join(folder, '.tmuxpect'))
  const hostile = { version: 1, run: 'evil', owner: runIdentity('x', false).owner, entries: [{ ...assembleTestResults(testInput('evil')).entry }] }
  hostile.entries[0]!.sessions[0]!.castFile = `../${outside.split('/').slice(-2).join('/')}`
  writeFileSync(join(folder, '.tmuxpect', 'evil~1.json'), JSON.stringify(hostile))
  age(folder, 120)
  await new ResultsStore(folder, { ...runIdentity('now', true), owner: { pid: process.pid, startedAt: Date.now() } }).prepare()
  expect(readFileSync(outside, 'utf8')).toBe('keep me')
})

test('the page inlines what it shows safely: no </script> from a recording or an error ends a script early', () => {
  const { entry } = assembleTestResults({ ...testInput('escapes'), errors: ['</script><script>alert(1)</script>'] })
  const casts = new Map([[entry.sessions[0]!.castFile!, CAST + '[0.2, "o", "</script><img src=x>"]\n']])
  const html = renderPage({ entries: [entry], casts, generatedAt: new Date(0) }, { script: 'void 0', css: '' })
  expect(html.match(/<\/script>/g)).toHaveLength(3) // the data, the renderer, the page's own script
  expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)')
  expect(html).toContain('\\u003c/script>\\u003cimg src=x>')
  expect(html).toContain("default-src 'none'")
  // errors are shown without escape codes
  expect(html).not.toContain('\u001b[')
})

test('the final screen keeps runs of one style together and drops the blank tail', () => {
  const plain = { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false, strikethrough: false }
  const red = { ...plain, fg: 'red' as const, bold: true }
  const cell = (char: string, style: Style = plain) => ({ char, width: 1 as const, style })
  const screen = new Screen({
    lines: ['ab RED  '],
    text: 'ab RED',
    cursor: { x: 0, y: 0 },
    cols: 8,
    rows: 1,
    cells: [[cell('a'), cell('b'), cell(' '), cell('R', red), cell('E', red), cell('D', red), cell(' '), cell(' ')]],
  })
  expect(screenRuns(screen)).toEqual([[['ab '], ['RED', { fg: 'red', bold: true }]]])
})

test('show-report: the page in a folder, a clear error where there is none, no browser without a display or in CI', () => {
  const folder = resultsFolder()
  expect(() => reportPagePath(folder)).toThrow(ReportNotFoundError)
  expect(() => reportPagePath(folder)).toThrow(/no report page at .*index\.html: tmuxpect writes it when a test fails/)
  writeFileSync(join(folder, 'index.html'), '<!doctype html>')
  expect(reportPagePath(folder)).toBe(join(folder, 'index.html'))
  expect(browserCommand({}, 'linux')).toEqual({ reason: 'no display (DISPLAY and WAYLAND_DISPLAY are unset)' })
  expect(browserCommand({ DISPLAY: ':0', CI: 'true' }, 'linux')).toEqual({ reason: 'CI is set' })
  expect(browserCommand({ DISPLAY: ':0' }, 'linux')).toEqual({ command: 'xdg-open', args: [] })
  expect(browserCommand({}, 'darwin')).toEqual({ command: 'open', args: [] })
  expect(browserCommand({ BROWSER: 'firefox', CI: 'true' }, 'linux')).toEqual({ command: 'firefox', args: [] })
})

test('npx tmuxpect show-report: prints the path without a display, hands the page to $BROWSER, exits 1 where there is none', async () => {
  const folder = resultsFolder()
  const cli = (args: string[], env: Record<string, string>) =>
    execa(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src', 'cli.ts'), 'show-report', ...args], { cwd: REPO_ROOT, reject: false, extendEnv: false, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } })
  const missing = await cli([folder], {})
  expect(missing.exitCode).toBe(1)
  expect(missing.stderr).toContain(`tmuxpect: no report page at ${join(folder, 'index.html')}`)

  writeFileSync(join(folder, 'index.html'), '<!doctype html>')
  const headless = await cli([folder], {})
  expect(headless.exitCode).toBe(0)
  expect(headless.stdout).toBe(`Report: ${join(folder, 'index.html')}\nNo browser opened (no display (DISPLAY and WAYLAND_DISPLAY are unset)): open file://${join(folder, 'index.html')} in a browser.`)

  // the default folder is TMUXPECT_RESULTS_DIR; $BROWSER gets the page's URL
  const seen = join(folder, 'browser-was-given')
  const browser = join(folder, 'browser.sh')
  writeFileSync(browser, `#!/bin/sh\necho "$1" > '${seen}'\n`, { mode: 0o755 })
  const opened = await cli([], { TMUXPECT_RESULTS_DIR: folder, BROWSER: browser })
  expect(opened.stdout).toBe(`Report: ${join(folder, 'index.html')} (opened in your browser)`)
  await expect.poll(() => (existsSync(seen) ? readFileSync(seen, 'utf8') : '')).toBe(`file://${join(folder, 'index.html')}\n`)
}, 60_000) // three CLI processes

test('with TMUXPECT_RECORD=all a passing test is on the page too, marked as passing', async () => {
  const folder = resultsFolder()
  const store = new ResultsStore(folder, runIdentity('run', true))
  await save(store, 'a failure')
  await save(store, 'a success', false)
  const page = pageOf(folder)
  expect(page).toContain('1 failing test, 1 passing (TMUXPECT_RECORD=all)')
  expect(page).toMatch(/<article class="tp-test tp-passed">\n<h2>✓ a success<\/h2>/)
  expect(page).toMatch(/<article class="tp-test">\n<h2>✗ a failure<\/h2>/)
})

/**
 * The report page as a person meets it: a nested vitest run with a failing
 * python test and a failing vim test (two files, two workers writing one
 * page), opened in headless Chromium from file://. The recording plays,
 * clicking an action shows that moment's screen, and the page asks the
 * network for nothing.
 *
 * UPDATE_REPORT_SCREENSHOT=1 also writes docs/report.png.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { expectNothingLeft, makeTmuxTmpdir, nestedEnvironment, newMarker, REPO_ROOT, removeTree, runNestedVitest } from './hardening/census.js'

const CHROMIUM = process.env.TMUXPECT_CHROMIUM ?? '/usr/bin/chromium'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

let browser: Browser
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run .ci/setup (apt-get install chromium), or set TMUXPECT_CHROMIUM`)
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  })
})
afterAll(async () => {
  await browser?.close()
})

/** The text the player shows now, one line per terminal row, trailing blanks dropped. */
async function playerScreen(page: Page, session: string): Promise<string> {
  const text = await page.locator(`#${session} .ap-term`).innerText()
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trimEnd()
}

test('a failing run leaves one page for both files: it plays, an action shows its moment, no network', async () => {
  const tmuxTmpdir = makeTmuxTmpdir()
  const marker = newMarker()
  const resultsDir = mkdtempSync(join(tmpdir(), 'tmuxpect-report-'))
  cleanups.push(() => removeTree(tmuxTmpdir), () => removeTree(resultsDir))

  const run = await runNestedVitest('report-page', ['--reporter=default', '--reporter=github-actions'], nestedEnvironment(tmuxTmpdir, marker, {
    TMUXPECT_RESULTS_DIR: resultsDir,
    // python can take seconds to start on a loaded machine; the failing waits set their own short timeouts
    TMUXPECT_TIMEOUT: '20000',
  }))
  expect(run.exitCode).toBe(1)
  const output = String(run.all)
  expect(output).toMatch(/2 failed \| 1 passed/)
  // the error names the page, and vitest's reporter shows the attachments
  expect(output).toContain(`Report: ${join(resultsDir, 'index.html')}   open it: npx tmuxpect show-report`)
  expect(output).toMatch(/tmuxpect report: .*index\.html/)
  expect(output).toMatch(/recording: .*python-shows-the-wrong-answer-[0-9a-f]{6}\.cast/)
  // the GitHub Actions reporter turns them into notices on the failing test's file
  expect(output).toMatch(/::notice file=.*python\.fixture\.ts,line=\d+,column=\d+,title=tmuxpect::tmuxpect report: .*index\.html/)
  await expectNothingLeft(tmuxTmpdir, marker)

  const pagePath = join(resultsDir, 'index.html')
  expect(statSync(pagePath).size).toBeLessThan(1024 * 1024)
  // two workers wrote: one data file each, one page with both tests
  expect(readdirSync(join(resultsDir, '.tmuxpect')).filter((name) => name.endsWith('.json'))).toHaveLength(2)
  const html = readFileSync(pagePath, 'utf8')
  expect(html).toContain('python shows the wrong answer')
  expect(html).toContain('vim saves the greeting')
  expect(html).not.toContain('python passes')

  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } })
  cleanups.push(() => page.close())
  const requests: string[] = []
  const errors: string[] = []
  page.on('request', (request) => requests.push(request.url()))
  page.on('pageerror', (error) => errors.push(error.message))
  const url = pathToFileURL(pagePath).href
  await page.goto(url)

  const python = await page.locator('.tp-session', { hasText: 'python-shows-the-wrong-answer' }).getAttribute('id')
  const vim = await page.locator('.tp-session', { hasText: 'vim-saves-the-greeting' }).getAttribute('id')
  expect(python).toBeTruthy()
  expect(vim).toBeTruthy()

  // Play the python recording to its end: the last screen the test saw.
  await page.locator(`#${python} .tp-speed`).selectOption('8')
  await page.locator(`#${python} .ap-overlay-start`).click()
  await expect.poll(() => playerScreen(page, python!), { timeout: 40_000 }).toMatch(/>>> 6 \* 7\n42\n>>>/)

  // Click the action "submit "6 * 7"": the player shows that moment — the prompt, no answer yet.
  await page.locator(`#${python} .tp-action`, { hasText: 'submit "6 * 7"' }).click()
  await expect.poll(() => playerScreen(page, python!)).toMatch(/red alert\n>>>$/)
  expect(await playerScreen(page, python!)).not.toContain('42')
  // the waits are on the timeline with how they ended; the one that gave up shows the answer that failed the test
  expect(await page.locator(`#${python} .tp-action`, { hasText: /✓ waited \d+ ms for text "red alert"/ }).count()).toBe(1)
  const gaveUp = page.locator(`#${python} .tp-action.tp-failed`, { hasText: /✗ gave up after \d+ ms waiting for text \/\^43\$\/m \(timeout\)/ })
  await gaveUp.click()
  await expect.poll(() => playerScreen(page, python!)).toMatch(/>>> 6 \* 7\n42\n>>>$/)

  // vim: before the resize the player is 80 columns wide, after it 60.
  await page.locator(`#${vim} .tp-action`, { hasText: 'resize 60×12' }).click()
  await expect.poll(() => playerScreen(page, vim!)).toContain('hello from vim')
  const columns = async () => /--term-cols: (\d+)/.exec((await page.locator(`#${vim} .ap-term`).getAttribute('style')) ?? '')?.[1]
  const wide = await columns()
  await page.locator(`#${vim} .tp-action`, { hasText: 'test failed' }).click()
  await expect.poll(columns).toBe('60')
  expect(wide).toBe('80')

  // The final screen is text, with its colours: "red alert" in bold red.
  const finalScreen = page.locator(`#${python} .tp-screen`)
  expect(await finalScreen.innerText()).toMatch(/>>> 6 \* 7\n42\n>>>/)
  expect(await finalScreen.locator('span', { hasText: 'red alert' }).getAttribute('style')).toBe('color:var(--term-color-1);font-weight:bold')

  if (process.env.UPDATE_REPORT_SCREENSHOT) {
    await page.locator(`#${python} .tp-action`, { hasText: 'submit "6 * 7"' }).click()
    await page.mouse.wheel(0, -100_000)
    await page.screenshot({ path: join(REPO_ROOT, 'docs', 'report.png'), clip: { x: 0, y: 0, width: 1280, height: 1000 } })
  }

  expect(errors).toEqual([])
  // Nothing but the page itself was ever requested.
  expect(requests).toEqual([url])
}, 90_000) // a nested run, then a browser

/**
 * The golden flow as a user meets it, in a nested vitest project copied to a
 * temporary folder (goldens are written beside the test file): in CI a
 * missing golden fails; `-u` writes it; the same screen passes; a change of
 * colour alone fails, names the cells, and writes the expected, actual and
 * diff pictures into the test's results folder.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { FIXTURES, expectNothingLeft, makeTmuxTmpdir, nestedEnvironment, newMarker, removeTree, runNestedVitest } from './hardening/census.js'
import { readSVGScreen } from '../src/svg.js'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
})

/** The fixture project in a fresh folder, with a config that points at the shared nested-project setup. */
function projectCopy(): string {
  const folder = mkdtempSync(join(tmpdir(), 'tmuxpect-screenshots-'))
  cleanups.push(() => removeTree(folder))
  copyFileSync(join(FIXTURES, 'screenshots', 'golden.fixture.ts'), join(folder, 'golden.fixture.ts'))
  writeFileSync(join(folder, 'vitest.config.ts'), `import { nestedProject } from ${JSON.stringify(join(FIXTURES, 'nested-project.ts'))}\nexport default nestedProject()\n`)
  return folder
}

test('goldens: missing in CI fails, -u writes, same passes, a colour-only change fails with the cells named and three pictures', async () => {
  const folder = projectCopy()
  const tmuxTmpdir = makeTmuxTmpdir()
  const marker = newMarker()
  const resultsDir = join(folder, 'results')
  cleanups.push(() => removeTree(tmuxTmpdir))
  // runNestedVitest takes a project under test/fixtures; this one is a copy elsewhere.
  const project = relative(FIXTURES, folder)
  const run = (args: string[], extra: Record<string, string> = {}) =>
    runNestedVitest(project, args, nestedEnvironment(tmuxTmpdir, marker, { TMUXPECT_RESULTS_DIR: resultsDir, ...extra }))
  const goldens = join(folder, '__screenshots__', 'golden.fixture.ts')

  const missing = await run([])
  expect(missing.exitCode, missing.all).toBe(1)
  expect(missing.all).toContain(`No golden screenshot at ${join(folder, '__screenshots__/golden.fixture.ts/status.svg')}, and this run writes none`)
  expect(existsSync(goldens)).toBe(false)

  const update = await run(['-u'])
  expect(update.exitCode, update.all).toBe(0)
  expect(readdirSync(goldens).sort()).toEqual(['status-line-1.svg', 'status.svg'])
  const golden = readFileSync(join(goldens, 'status.svg'), 'utf8')
  const cell = readSVGScreen(golden)!.cells[0]![3]!
  expect(cell).toMatchObject({ char: 'E', style: { fg: 'red' } })

  const same = await run([])
  expect(same.exitCode, same.all).toBe(0)
  expect(readFileSync(join(goldens, 'status.svg'), 'utf8')).toBe(golden)

  const green = await run([], { SCREENSHOT_SGR: '32' })
  expect(green.exitCode, green.all).toBe(1)
  expect(green.all).toContain('5 cells differ')
  expect(green.all).toContain('row 1, columns 4–8 "ERROR": expected fg red, got fg green')
  expect(green.all).toContain('vitest -u')
  const pictures = join(resultsDir, 'status-line')
  expect(readdirSync(pictures).filter((file) => file.endsWith('.svg')).sort()).toEqual(['status-actual.svg', 'status-diff.svg', 'status-expected.svg'])
  expect(readFileSync(join(pictures, 'status-expected.svg'), 'utf8')).toBe(golden)
  expect(readSVGScreen(readFileSync(join(pictures, 'status-actual.svg'), 'utf8'))!.cells[0]![3]!.style.fg).toBe('green')
  const diff = readFileSync(join(pictures, 'status-diff.svg'), 'utf8')
  expect(diff.match(/<rect [^>]*stroke="#ff0000"[^>]*\/>/g)).toEqual([`<rect x="35.5" y="8.5" width="44" height="17" fill="none" stroke="#ff0000" stroke-width="1"/>`])
  expect(green.all).toContain(join('status-line', 'status-diff.svg'))
  // The golden is left as it was: only -u changes it.
  expect(readFileSync(join(goldens, 'status.svg'), 'utf8')).toBe(golden)

  await expectNothingLeft(tmuxTmpdir, marker)
}, 120_000)

/**
 * The golden side of `toMatchScreenshot` (the matcher itself is in
 * matchers.ts, on the shared driver): which golden a call means, whether
 * this run may write it, what a screen differs from it in, and the
 * pictures a mismatch leaves in the test's results folder.
 */
import { shortPath, writeTestArtifacts } from '../src/artifacts.js'
import { OptionError } from '../src/errors.js'
import { defaultScreenshotName, goldenPath, readGolden, updateModeOf, validateScreenshotName, writeGolden, type Golden, type GoldenState, type UpdateMode } from '../src/golden.js'
import { readOptions, timeoutField } from '../src/options.js'
import type { PictureScreen } from '../src/picture.js'
import type { Screen } from '../src/screen.js'
import { changedBoxes, describeDiff, type ScreenDiff } from '../src/screen-diff.js'
import { renderSVG } from '../src/svg.js'
import { resolveTheme, type Theme } from '../src/themes.js'

export interface MatchScreenshotOptions {
  /** ms to wait on a Session for the screen to match (default: the global timeout). */
  timeout?: number
  /** Theme of the pictures written (golden, actual, diff): `'dark'` (default), `'light'` or a palette. Not compared. */
  theme?: Theme
}

const SCREENSHOT_FIELDS = {
  timeout: timeoutField,
  theme: (value: unknown, key: string): Theme => {
    resolveTheme(value, `toMatchScreenshot option ${key}`)
    return value as Theme
  },
}

/** What the matcher reads from its context: `.not`, the test's file and name, the snapshot state (vitest's and Jest's `this`). */
export interface ScreenshotContext extends GoldenState {
  isNot?: boolean
}

/** Unnamed calls per test, for default names (`<test>-1`, `<test>-2`, …), as snapshots are counted. */
const calls = new Map<string, number>()

/** One call's golden: its name, file, what is stored there, and whether this run writes goldens. */
export interface GoldenCall {
  name: string
  path: string
  /** The path as a person would type it. */
  shown: string
  golden: Golden
  mode: UpdateMode
  options: MatchScreenshotOptions
  theme: Theme
  testName: string
}

/** The arguments `(name?, options?)` or `(options?)`, validated; the golden they mean, read. */
export async function goldenCall(context: ScreenshotContext, nameOrOptions: unknown, maybeOptions: unknown): Promise<GoldenCall> {
  const optionsGiven = typeof nameOrOptions === 'object' && nameOrOptions !== null
  const options = readOptions(optionsGiven ? nameOrOptions : maybeOptions, 'toMatchScreenshot options', SCREENSHOT_FIELDS) as MatchScreenshotOptions
  if (context.isNot) throw new OptionError('toMatchScreenshot cannot be negated: say what the screen must look like (or use .not.toShowOnScreen)')
  if (!context.testPath) {
    throw new OptionError("toMatchScreenshot needs the test file's path to find its golden; this expect has none (expect.getState().testPath)")
  }
  const testName = context.currentTestName ?? ''
  let name: string
  if (optionsGiven || nameOrOptions === undefined) {
    const key = `${context.testPath}\0${testName}`
    const count = (calls.get(key) ?? 0) + 1
    calls.set(key, count)
    name = defaultScreenshotName(testName, count)
  } else {
    name = validateScreenshotName(nameOrOptions)
  }
  const path = goldenPath(context.testPath, name)
  return { name, path, shown: shortPath(path), golden: await readGolden(path), mode: updateModeOf(context), options, theme: options.theme ?? 'dark', testName }
}

export function pictureOf(screen: Screen): PictureScreen {
  return { cols: screen.cols, rows: screen.rows, cells: screen.cells!, cursor: screen.cursor }
}

/** Whether this call writes the golden instead of comparing: a missing one on a local run, any with -u. */
export function writesGolden(call: GoldenCall): boolean {
  return call.mode === 'all' || (call.golden.state === 'missing' && call.mode === 'new')
}

/** Writes the golden (only when its bytes change); returns the line a passing matcher reports. */
export async function storeGolden(call: GoldenCall, screen: Screen): Promise<string> {
  const svg = renderSVG(pictureOf(screen), { theme: call.theme })
  if (call.golden.state === 'found' && call.golden.svg === svg) return `${call.shown} is up to date`
  await writeGolden(call.path, svg)
  return `Wrote ${call.shown}`
}

/** Why there is nothing to compare with (missing in CI, or not ours), or undefined when there is a golden. */
export function noGolden(call: GoldenCall): string | undefined {
  if (call.golden.state === 'missing') {
    return `No golden screenshot at ${call.shown}, and this run writes none (CI, or --ci).\nRun the tests locally (or with -u) to write it, look at it, and commit it.`
  }
  if (call.golden.state === 'unreadable') {
    return `${call.shown} carries no tmuxpect screen data (written by another tool, or edited).\nRun with -u to write it anew from the screen.`
  }
  return undefined
}

/** `5 cells differ:` and the changed runs, one a line. */
export function describeMismatch(diff: ScreenDiff): string {
  const lines = describeDiff(diff)
  const count = diff.changedCells > 0 ? `${diff.changedCells} cell${diff.changedCells === 1 ? '' : 's'} differ` : 'the cells are the same'
  return `${count}${lines.length > 0 ? `:\n  ${lines.join('\n  ')}` : ''}`
}

export const UPDATE_HINT = 'If the new screen is right, update the golden: run the tests with -u (vitest -u), look at the picture, commit it.'

/**
 * The golden, the screen and the screen with its changed cells outlined, as
 * `<name>-expected.svg`, `-actual.svg`, `-diff.svg` in the test's results folder.
 */
export function writeMismatchPictures(call: GoldenCall, expected: PictureScreen, actual: Screen, diff: ScreenDiff): Promise<string[]> {
  const theme = call.theme
  return writeTestArtifacts(call.testName, [
    [`${call.name}-expected.svg`, renderSVG(expected, { theme })],
    [`${call.name}-actual.svg`, renderSVG(pictureOf(actual), { theme })],
    [`${call.name}-diff.svg`, renderSVG(pictureOf(actual), { theme, outline: changedBoxes(diff) })],
  ])
}

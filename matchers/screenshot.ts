/**
 * `toMatchScreenshot(name?, options?)`: the screen against a golden SVG
 * beside the test file, compared on cells and styles (the data the SVG
 * carries), not pixels. On a Session it waits until the screen matches or
 * the timeout passes; on a Screen read with styles it checks at once.
 * Goldens are written as snapshots are: missing ones on a local run,
 * all with `-u`, none in CI (a missing golden fails there).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { Screen, Session, WaitError } from '../src/index.js'
import { OptionError } from '../src/errors.js'
import { assertKnownKeys, assertObject, defaultTimeout, recordingSettings, validateTimeout } from '../src/options.js'
import { colorFor, formatFailure, type FailureStory } from '../src/report.js'
import { slugOf } from '../src/naming.js'
import type { PictureScreen } from '../src/picture.js'
import { changedBoxes, describeDiff, diffScreens, type ScreenDiff } from '../src/screen-diff.js'
import { renderSVG } from '../src/svg.js'
import { resolveTheme, type Theme } from '../src/themes.js'
import {
  defaultScreenshotName,
  goldenPath,
  readGolden,
  updateModeOf,
  validateScreenshotName,
  writeGolden,
  type GoldenState,
} from '../src/golden.js'

export interface ScreenshotOptions {
  /** ms to wait on a Session for the screen to match (default: the global timeout). */
  timeout?: number
  /** Theme of the pictures written (golden, actual, diff): `'dark'` (default), `'light'` or a palette. Not compared. */
  theme?: Theme
}

/** What the matcher reads from its context: `.not`, and the test's file, name and snapshot state (vitest's and Jest's `this`). */
export interface ScreenshotContext extends GoldenState {
  isNot?: boolean
}

interface Result {
  pass: boolean
  message: () => string
}

/** Unnamed calls per test, for default names (`<test>-1`, `<test>-2`, …), as snapshots are counted. */
const calls = new Map<string, number>()

function nextDefaultName(testPath: string, testName: string | undefined): string {
  const key = `${testPath}\0${testName ?? ''}`
  const count = (calls.get(key) ?? 0) + 1
  calls.set(key, count)
  return defaultScreenshotName(testName, count)
}

function pictureOf(screen: Screen): PictureScreen {
  return { cols: screen.cols, rows: screen.rows, cells: screen.cells!, cursor: screen.cursor }
}

function shortPath(path: string): string {
  const short = relative(process.cwd(), path)
  return short && !short.startsWith('..') ? short : path
}

function header(name: string | undefined, received: string): string {
  return `expect(${received}).toMatchScreenshot(${name === undefined ? '' : JSON.stringify(name)})`
}

export async function toMatchScreenshot(
  this: ScreenshotContext,
  received: unknown,
  nameOrOptions?: string | ScreenshotOptions,
  maybeOptions?: ScreenshotOptions,
): Promise<Result> {
  const [givenName, options] = typeof nameOrOptions === 'object' && nameOrOptions !== null ? [undefined, nameOrOptions] : [nameOrOptions, maybeOptions ?? {}]
  assertObject(options as unknown, 'toMatchScreenshot options')
  assertKnownKeys(options as Record<string, unknown>, ['timeout', 'theme'], 'toMatchScreenshot options')
  if (this.isNot) throw new OptionError('toMatchScreenshot cannot be negated: say what the screen must look like, or use .not.toShowOnScreen')
  const timeout = options.timeout === undefined ? defaultTimeout() : validateTimeout(options.timeout, 'timeout')
  const theme = options.theme ?? 'dark'
  resolveTheme(theme, 'toMatchScreenshot option theme')
  const isSession = received instanceof Session
  if (!isSession && !(received instanceof Screen)) {
    const what = received === null ? 'null' : typeof received === 'object' ? (received.constructor?.name ?? 'an object') : typeof received
    throw new TypeError(`expect(received).toMatchScreenshot(): received must be a tmuxpect Session or Screen, got ${what}`)
  }
  if (!isSession && !received.cells) {
    throw new OptionError('toMatchScreenshot on a Screen needs its cells: read it with session.screen({ styles: true }), or pass the Session')
  }
  if (!this.testPath) {
    throw new OptionError("toMatchScreenshot needs the test file's path to find its golden; this expect has none (expect.getState().testPath)")
  }
  const name = givenName === undefined ? nextDefaultName(this.testPath, this.currentTestName) : validateScreenshotName(givenName)
  const path = goldenPath(this.testPath, name)
  const mode = updateModeOf(this)
  const golden = await readGolden(path)
  const who = isSession ? 'session' : 'screen'

  // Write (a new golden on a local run, any golden with -u): the screen once it is stable.
  if (mode === 'all' || (golden.state === 'missing' && mode === 'new')) {
    const screen = isSession ? await stableScreen(received) : (received as Screen)
    const svg = renderSVG(pictureOf(screen), { theme })
    if (golden.state !== 'found' || golden.svg !== svg) await writeGolden(path, svg)
    return { pass: true, message: () => `${header(givenName, who)}\n\nWrote ${shortPath(path)}` }
  }
  if (golden.state === 'missing') {
    return {
      pass: false,
      message: () =>
        `${header(givenName, who)}\n\nNo golden screenshot at ${shortPath(path)}, and this run writes none (CI, or --ci).\n` +
        'Run the tests locally (or with -u) to write it, look at it, and commit it.',
    }
  }
  if (golden.state === 'unreadable') {
    return {
      pass: false,
      message: () =>
        `${header(givenName, who)}\n\n${shortPath(path)} carries no tmuxpect screen data (written by another tool, or edited).\n` +
        'Run with -u to write it anew from the screen.',
    }
  }

  const expected = golden.screen
  let last: Screen | undefined
  let diff: ScreenDiff | undefined
  const matches = (screen: Screen) => {
    last = screen
    diff = diffScreens(expected, pictureOf(screen))
    return diff.same
  }
  let story: Omit<FailureStory, 'expected'> = { screen: undefined }
  if (isSession) {
    try {
      await received.waitForScreen(`the screen in ${shortPath(path)}`, matches, timeout, new Error(), true)
      return { pass: true, message: () => `${header(givenName, who)}\n\nIt matched ${shortPath(path)}.` }
    } catch (error) {
      if (!(error instanceof WaitError)) throw error
      story = error.story
    }
  } else {
    if (matches(received as Screen)) return { pass: true, message: () => `${header(givenName, who)}\n\nIt matched ${shortPath(path)}.` }
    story = { screen: received as Screen, received: undefined }
  }
  const files = last && diff ? await writeMismatch(this, name, expected, last, diff, theme) : []
  const changes = diff ? describeDiff(diff) : []
  return {
    pass: false,
    message: () =>
      formatFailure(
        {
          ...story,
          header: header(givenName, who),
          expected: `the screen in ${shortPath(path)} (cells and styles)`,
          options: options.timeout === undefined ? undefined : `timeout ${options.timeout} ms`,
          received: diff
            ? `${diff.changedCells} cell${diff.changedCells === 1 ? '' : 's'} differ${changes.length ? `:\n  ${changes.join('\n  ')}` : ''}` +
              (isSession ? '' : '\n  (a Screen is checked at once: give expect() the Session to wait)')
            : 'no screen was read',
          files,
        },
        colorFor(process.stderr),
      ) + `\n\nIf the new screen is right, update the golden: run the tests with -u (vitest -u), look at ${shortPath(path)}, commit it.`,
  }
}

async function stableScreen(session: Session): Promise<Screen> {
  await session.waitForStable()
  return session.screen({ styles: true })
}

/**
 * Expected, actual and diff (actual with changed cells outlined) pictures
 * into the test's results folder: `<results>/<test>/<name>-expected.svg` …
 */
async function writeMismatch(context: ScreenshotContext, name: string, expected: PictureScreen, actual: Screen, diff: ScreenDiff, theme: Theme): Promise<string[]> {
  const folder = join(recordingSettings().resultsDir, slugOf(context.currentTestName ?? '', 80) || 'test')
  const pictures: [string, string][] = [
    [`${name}-expected.svg`, renderSVG(expected, { theme })],
    [`${name}-actual.svg`, renderSVG(pictureOf(actual), { theme })],
    [`${name}-diff.svg`, renderSVG(pictureOf(actual), { theme, outline: changedBoxes(diff) })],
  ]
  try {
    await mkdir(folder, { recursive: true })
    const written: string[] = []
    for (const [file, svg] of pictures) {
      await writeFile(join(folder, file), svg)
      written.push(shortPath(join(folder, file)))
    }
    return written
  } catch (error) {
    return [`(could not write the pictures to ${folder}: ${(error as Error).message})`]
  }
}

/**
 * Golden screenshots: where they live (`__screenshots__/<test file>/<name>.svg`
 * beside the test file), when one may be written (the test framework's
 * snapshot update mode), and reading one back as cells.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { OptionError } from './errors.js'
import { describeValue } from './options.js'
import { slugOf } from './naming.js'
import { readSVGScreen } from './svg.js'

/**
 * When goldens are written, as test frameworks do snapshots: `'all'` writes
 * and rewrites (`vitest -u`, `jest -u`), `'new'` writes missing ones only
 * (a local run), `'none'` writes nothing and a missing golden fails (CI).
 */
export type UpdateMode = 'all' | 'new' | 'none'

/** The part of an expect state (vitest's or Jest's `expect.getState()`) goldens use. */
export interface GoldenState {
  testPath?: string
  currentTestName?: string
  /** vitest's or Jest's SnapshotState (its update mode is all that is read). */
  snapshotState?: unknown
}

/**
 * The update mode of the running test framework: vitest's snapshot state
 * says it (`snapshotUpdateState`), Jest's keeps it in `_updateSnapshot`.
 * Without a snapshot state (a bare `expect`): TMUXPECT_UPDATE_SCREENSHOTS=1
 * means 'all', CI means 'none', else 'new'.
 */
export function updateModeOf(state: GoldenState, env: NodeJS.ProcessEnv = process.env): UpdateMode {
  const snapshot = state.snapshotState as { snapshotUpdateState?: unknown; _updateSnapshot?: unknown } | null | undefined
  const mode = snapshot ? (snapshot.snapshotUpdateState ?? snapshot._updateSnapshot) : undefined
  if (mode === 'all' || mode === 'new' || mode === 'none') return mode
  if (/^(1|true|yes)$/i.test(env.TMUXPECT_UPDATE_SCREENSHOTS ?? '')) return 'all'
  return env.CI && env.CI !== 'false' && env.CI !== '0' ? 'none' : 'new'
}

/** A golden's name as given: letters, digits, `-`, `_`, `.`, spaces; `.svg` at the end is dropped. */
export function validateScreenshotName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new OptionError(`toMatchScreenshot name must be a non-empty string, got ${describeValue(name)}`)
  }
  const bare = name.replace(/\.svg$/i, '')
  if (/[/\\]|^\.\.?$|[\u0000-\u001f]/.test(bare)) {
    throw new OptionError(`toMatchScreenshot name must be a file name without folders, got ${describeValue(name)}`)
  }
  return bare
}

/** The name when none is given: the test's name as a slug and a counter, `python-prompt-1`, as snapshots are keyed. */
export function defaultScreenshotName(testName: string | undefined, count: number): string {
  return `${slugOf(testName ?? '', 80) || 'screenshot'}-${count}`
}

/** `<dir of test>/__screenshots__/<test file name>/<name>.svg`. */
export function goldenPath(testPath: string, name: string): string {
  return join(dirname(testPath), '__screenshots__', basename(testPath), `${name}.svg`)
}

export type Golden =
  | { state: 'missing' }
  | { state: 'unreadable'; svg: string }
  | { state: 'found'; svg: string; screen: NonNullable<ReturnType<typeof readSVGScreen>> }

export async function readGolden(path: string): Promise<Golden> {
  let svg: string
  try {
    svg = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' }
    throw error
  }
  const screen = readSVGScreen(svg)
  return screen ? { state: 'found', svg, screen } : { state: 'unreadable', svg }
}

export async function writeGolden(path: string, svg: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, svg)
}

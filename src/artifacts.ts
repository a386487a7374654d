/**
 * What the results folder gets: a test's folder (`<resultsDir>/<test>/`),
 * a test's own files (a screenshot mismatch's pictures), pictures asked for
 * by path, and what a session of a finished test leaves (`sessionResults`):
 * the report page's entry (src/report-page/entry.ts) turns that into the
 * files written (`<session>.cast`, asciicast v2; `<session>.txt`, the final
 * screen) and the page's view of it. Whatever is written about a session
 * passes there, so masking secrets (issue 22) has one place to hook in.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { slugOf } from './naming.js'
import { recordingSettings } from './options.js'
import type { ReportAction, SessionResultsInput } from './report-page/entry.js'
import type { Session } from './session.js'

/**
 * The test's results folder, `<resultsDir>/<test>/`: the test's name with
 * its describe blocks as a slug (`describe > test` and `describe test` give
 * the same folder, so the fixture and the matchers meet there).
 */
export function resultsFolderFor(testPath: string): string {
  return join(recordingSettings().resultsDir, slugOf(testPath, 80) || 'test')
}

/** Files for a test (a screenshot mismatch's pictures) into its results folder; returns the paths written. */
export async function writeTestArtifacts(testPath: string, files: readonly (readonly [name: string, content: string])[]): Promise<string[]> {
  const folder = resultsFolderFor(testPath)
  const written: string[] = []
  try {
    await mkdir(folder, { recursive: true })
    for (const [name, content] of files) {
      const path = join(folder, name)
      await writeFile(path, content)
      written.push(shortPath(path))
    }
  } catch (error) {
    console.error(`tmuxpect: could not write ${files.map(([name]) => name).join(', ')} to ${folder}: ${(error as Error).message}`)
  }
  return written
}

/** A picture asked for by path (`session.screenshot({ path })`), its folder made when missing. */
export async function writePicture(path: string, content: string | Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, content)
}

/** A path relative to the cwd when it lies under it (what a person would type), else absolute. */
export function shortPath(path: string): string {
  const short = relative(process.cwd(), path)
  return short && !short.startsWith('..') ? short : path
}

/** A session's recording, final screen (in colour where it can be read so), actions and, when kept, attach line. */
export async function sessionResults(session: Session, kept: boolean, ending?: ReportAction): Promise<SessionResultsInput> {
  const summary = session.summary()
  // With colours where they can be read; secrets masked, as in every evidence screen.
  const screen = await session.evidenceScreen(true)
  const actions: ReportAction[] = [...(summary.timeline ?? summary.actions)]
  if (ending) actions.push(ending)
  return {
    name: session.name,
    program: summary.program,
    state: summary.state,
    actions,
    cast: session.asciicast(),
    screen,
    ...(kept ? { attach: summary.attachCommand } : {}),
  }
}

/**
 * The one place a session's artifacts are written to disk: its recording
 * (`<session>.cast`, asciicast v2) and its final screen (`<session>.txt`),
 * under `<resultsDir>/<test>/`. The fixture calls it for a failing test (or
 * every test with TMUXPECT_RECORD=all). Whatever is written about a session
 * passes here, so masking secrets (issue 22) and a report page's inputs
 * (issue 14) have one place to hook in.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { slugOf } from './naming.js'
import { recordingSettings } from './options.js'
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

/** Writes what there is; returns the paths written, relative to the cwd when under it. */
export async function writeSessionArtifacts(session: Session, folder: string): Promise<string[]> {
  const written: string[] = []
  try {
    await mkdir(folder, { recursive: true })
    const cast = session.asciicast()
    if (cast !== undefined) {
      const path = join(folder, `${session.name}.cast`)
      await writeFile(path, cast)
      written.push(shortPath(path))
    }
    const screen = await session.evidenceScreen()
    if (screen) {
      const path = join(folder, `${session.name}.txt`)
      await writeFile(path, screen.lines.join('\n') + '\n')
      written.push(shortPath(path))
    }
  } catch (error) {
    console.error(`tmuxpect: could not write the results of session ${session.name} to ${folder}: ${(error as Error).message}`)
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

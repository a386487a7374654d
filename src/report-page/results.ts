/**
 * What the fixture calls at a test's end: save a finished test's results
 * (its files and its entry on the report page), or, for a test that passed,
 * take away what an earlier attempt left; and show the files in vitest's
 * own reporters through the test's annotations.
 *
 * Light to load: the page builder and its renderer are imported only when a
 * page is written.
 */
import type { TestContext } from 'vitest'
import { basename, join, relative } from 'node:path'
import { assembleTestResults, type TestResultsInput } from './entry.js'
import { PAGE_FILE, ResultsStore } from './store.js'

const stores = new Map<string, ResultsStore>()

function storeFor(resultsDir: string): ResultsStore {
  let store = stores.get(resultsDir)
  if (!store) stores.set(resultsDir, (store = new ResultsStore(resultsDir)))
  return store
}

export interface SavedResults {
  /** Absolute paths of the files written, per session name. */
  files: Map<string, string[]>
  /** The report page, when it could be written. */
  page: string | undefined
}

/** Write a test's files and (re)build the page. Never throws: a failure to write is said on stderr. */
export async function saveTestResults(resultsDir: string, input: TestResultsInput): Promise<SavedResults> {
  const { entry, files } = assembleTestResults(input)
  const written = new Map<string, string[]>()
  for (const session of entry.sessions) {
    written.set(
      session.name,
      [session.castFile, session.screenFile].filter((file) => file !== undefined).map((file) => join(resultsDir, file)),
    )
  }
  try {
    const page = await storeFor(resultsDir).save(entry, files)
    return { files: written, page }
  } catch (error) {
    console.error(`tmuxpect: could not write the results of test "${input.test}" to ${resultsDir}: ${(error as Error).message}`)
    return { files: new Map(), page: undefined }
  }
}

/** A test passed: remove what an earlier attempt of it left in this run; at the first test, earlier runs' results. */
export async function forgetTestResults(resultsDir: string, key: string): Promise<void> {
  try {
    await storeFor(resultsDir).forget(key)
  } catch (error) {
    console.error(`tmuxpect: could not tidy the results folder ${resultsDir}: ${(error as Error).message}`)
  }
}

export { PAGE_FILE }

type Annotate = (message: string, type?: string, attachment?: { path?: string; contentType?: string }) => Promise<unknown>

/**
 * Attach the results to the test in vitest's reporters (`context.annotate`,
 * vitest ≥ 3.2): the HTML reporter and the UI show the files, the GitHub
 * Actions reporter prints a notice. Where the running vitest has no
 * annotations, nothing happens: the paths are in the error's message anyway.
 */
export async function annotateResults(context: Pick<TestContext, 'task'> & { annotate?: unknown }, saved: SavedResults): Promise<void> {
  if (typeof context.annotate !== 'function') return
  const annotate = context.annotate as Annotate
  const notes: [string, string, string][] = []
  if (saved.page) notes.push([`tmuxpect report: ${shown(saved.page)} (npx tmuxpect show-report)`, saved.page, 'text/html'])
  for (const files of saved.files.values()) {
    for (const file of files) {
      notes.push(file.endsWith('.cast') ? [`recording: ${shown(file)}`, file, 'application/x-asciicast'] : [`final screen: ${shown(file)}`, file, 'text/plain'])
    }
  }
  const task = context.task
  const result = task.result
  const place = failurePlace(task)
  for (const [message, path, contentType] of notes) {
    // vitest refuses annotations once a test has a verdict, and the fixture's
    // teardown runs after the verdict is set (but before it is reported): it
    // is still in time to be shown, so the check is passed as it would be
    // during the test. Only the synchronous check sees the state.
    const verdict = result?.state
    let pending: Promise<unknown> | undefined
    try {
      if (result && verdict) result.state = 'run'
      callFrom(task.file.filepath, place, () => {
        pending = annotate(message, 'tmuxpect', { path, contentType })
      })
    } catch (error) {
      console.error(`tmuxpect: could not attach ${path} to the test: ${(error as Error).message}`)
      continue
    } finally {
      if (result && verdict) result.state = verdict
    }
    await pending?.catch((error: Error) => console.error(`tmuxpect: could not attach ${path} to the test: ${error.message}`))
  }
}

/**
 * A path for an annotation's message: relative to the cwd, and short —
 * vitest names the attachment's copy after the message, and a file name
 * has at most 255 bytes.
 */
function shown(path: string): string {
  const short = relative(process.cwd(), path)
  const readable = short && !short.startsWith('..') ? short : path
  return readable.length > 120 ? basename(readable) : readable
}

interface Place {
  line: number
  column: number
}

/** Where the test failed in its file: the first frame of its error there, else where the test is declared, else the top. */
function failurePlace(task: TestContext['task']): Place {
  const file = task.file.filepath
  const inFile = new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):(\\d+)`)
  for (const error of task.result?.errors ?? []) {
    const frame = inFile.exec(error.stack ?? '')
    if (frame) return { line: Number(frame[1]), column: Number(frame[2]) }
  }
  return task.location ? { line: task.location.line, column: task.location.column } : { line: 1, column: 1 }
}

/**
 * Call `fn` from a stack frame that reads `file:line:column`. vitest places
 * an annotation where its stack first passes through the test file (and the
 * GitHub Actions reporter prints only annotations with a place); the
 * fixture's teardown has no frame there, so one is made: a function whose
 * `sourceURL` is the test file, its call written at that line and column
 * (`new Function` adds two lines of its own before the body). vitest reads
 * the place through the test file's source map, so it can land a line off
 * the failing one (measured: 13:2 for a failure at 12:3) — still the test.
 */
function callFrom(file: string, place: Place, fn: () => void): void {
  const body = `${'\n'.repeat(Math.max(0, place.line - 3))}${' '.repeat(Math.max(0, place.column - 1))}call()\n//# sourceURL=${file}`
  new Function('call', body)(fn)
}

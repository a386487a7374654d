/**
 * The fixture's door to the results store, kept tiny: the store, the page
 * and their imports load only when a test has results to write, or when
 * the results folder holds tmuxpect's data (an earlier run's, to remove).
 * A passing run in a clean checkout pays one existsSync per worker.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'

/** Where the writers' data files live, inside the results folder. */
export const DATA_FOLDER = '.tmuxpect'

type ResultsModule = typeof import('./results.js')

let loaded: Promise<ResultsModule> | undefined
/** Results folders seen without tmuxpect's data at a worker's first passing test. */
const untouched = new Set<string>()

/** The results module, to write a test's results. */
export function resultsModule(): Promise<ResultsModule> {
  loaded ??= import('./results.js')
  return loaded
}

/** For a passing test: the results module when the folder may hold results to take away; else undefined. */
export function resultsToTidy(resultsDir: string): Promise<ResultsModule> | undefined {
  if (loaded) return loaded
  if (untouched.has(resultsDir)) return undefined
  if (!existsSync(join(resultsDir, DATA_FOLDER))) {
    untouched.add(resultsDir)
    return undefined
  }
  return resultsModule()
}

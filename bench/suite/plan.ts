/**
 * The suite the whole-suite benchmark (bench/suite.ts) runs: many short
 * tests, each spawning a program, waiting for its prompt and making one or
 * two round trips, spread over SUITE_FILES files so vitest's workers share
 * them. Written twice with the same steps: with tmuxpect as a user would
 * (tmuxpect-tests.ts: default fixture settings, recording on) and with the
 * raw control client (raw-tests.ts), each loading only its own code.
 */

/** How many tests the whole suite has (over all its files). */
const SUITE_TESTS = Number(process.env.TMUXPECT_SUITE_TESTS ?? 200)
export const SUITE_FILES = 4

/** The tests of one file (1-based), numbered from 0. */
export function testsOf(file: number): number[] {
  const count = Math.floor(SUITE_TESTS / SUITE_FILES) + (file <= SUITE_TESTS % SUITE_FILES ? 1 : 0)
  return Array.from({ length: count }, (_, index) => index)
}

/** The words a test sends: one round trip, or two for every other test. */
export function wordsFor(file: number, index: number): string[] {
  const word = `f${file}t${String(index).padStart(3, '0')}r`
  return index % 2 === 0 ? [word + '1'] : [word + '1', word + '2']
}

/** The suite with tmuxpect, as a user writes it (see plan.ts). */
import { expect, test } from 'tmuxpect/vitest'
import { ECHO_PROGRAM } from '../contender.js'
import { testsOf, wordsFor } from './plan.js'

export function tmuxpectTests(file: number): void {
  for (const index of testsOf(file)) {
    test(`program ${file}.${index} answers`, async ({ tmux }) => {
      const session = await tmux.spawn(ECHO_PROGRAM)
      await expect(session).toShowOnScreen('READY')
      for (const word of wordsFor(file, index)) {
        await session.submit(word)
        await expect(session).toShowOnScreen(word)
      }
    })
  }
}

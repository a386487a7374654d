/** The suite with the raw control client: the same steps, one client per worker (see plan.ts). */
import { test } from 'vitest'
import { ECHO_PROGRAM, hexLine } from '../contender.js'
import { RawControlClient } from '../raw-control.js'
import { testsOf, wordsFor } from './plan.js'

const WAIT_MS = 15_000
let sessionCounter = 0

const rawTest = test.extend<{ raw: RawControlClient }>({
  raw: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const client = new RawControlClient()
      await client.start()
      try {
        await use(client)
      } finally {
        await client.stop()
      }
    },
    { scope: 'worker' },
  ],
})

export function rawTests(file: number): void {
  for (const index of testsOf(file)) {
    rawTest(`program ${file}.${index} answers`, async ({ raw }) => {
      const { pane, window } = await raw.newSession({ command: ECHO_PROGRAM }, `suite${++sessionCounter}`)
      try {
        await raw.waitFor(pane, 'READY', WAIT_MS)
        for (const word of wordsFor(file, index)) {
          await raw.command(`send-keys -t ${pane} -H ${hexLine(word)}`)
          await raw.waitFor(pane, word, WAIT_MS)
        }
      } finally {
        await raw.kill(pane, window)
      }
    })
  }
}

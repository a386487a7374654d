/**
 * Load: 100 sessions at once on one server, each doing round trips
 * concurrently; and 44 concurrent tests on 2 vitest workers (a nested
 * project). No collision, no lost wait, no cross-talk, nothing left.
 */
import { afterAll, expect, test } from 'vitest'
import { TmuxServer } from 'tmuxpect'
import { expectNothingLeft, makeTmuxTmpdir, nestedEnvironment, newMarker, removeTree, runNestedVitest } from './hardening/census.js'

const SESSIONS = 100
const ROUND_TRIPS = 10
const tmuxTmpdir = makeTmuxTmpdir()
process.env.TMUX_TMPDIR = tmuxTmpdir

afterAll(() => removeTree(tmuxTmpdir))

test(`${SESSIONS} sessions on one server, ${ROUND_TRIPS} round trips each, all at once`, { timeout: 120_000 }, async () => {
  const marker = newMarker()
  const server = await TmuxServer.start()
  try {
    const sessions = await Promise.all(
      Array.from({ length: SESSIONS }, (_, index) =>
        server.spawn('while read -r line; do echo "got: $line"; done', { name: `load-${index}`, env: { TMUXPECT_TEST_MARKER: marker } }),
      ),
    )
    expect(new Set(sessions.map((session) => session.paneId)).size).toBe(SESSIONS)
    const started = performance.now()
    await Promise.all(
      sessions.map(async (session, index) => {
        for (let trip = 0; trip < ROUND_TRIPS; trip++) {
          await session.submit(`s${index} r${trip}`)
          await session.waitForText(`got: s${index} r${trip}`, { timeout: 60_000 })
        }
      }),
    )
    const elapsed = performance.now() - started
    console.log(`load: ${SESSIONS * ROUND_TRIPS} round trips over ${SESSIONS} sessions in ${Math.round(elapsed)} ms`)
    // No cross-talk: each screen holds its own tokens and nobody else's.
    const screens = await Promise.all(sessions.map((session) => session.screen({ scrollback: true })))
    for (const [index, screen] of screens.entries()) {
      const owners = new Set([...screen.text.matchAll(/\bs(\d+) r\d+/g)].map((match) => Number(match[1])))
      expect(owners).toEqual(new Set([index]))
      expect(screen.text.match(/^got: /gm)).toHaveLength(ROUND_TRIPS)
    }
  } finally {
    await server.kill()
  }
  await expectNothingLeft(tmuxTmpdir, marker)
})

// Found by the 44-test run: a session spawned while the server re-listed
// sessions (after another spawn's %sessions-changed) was judged "killed from
// outside" because the listing predated it.
test('sessions spawned in staggered concurrent chains all stay alive', { timeout: 120_000 }, async () => {
  const marker = newMarker()
  const server = await TmuxServer.start()
  try {
    const chains = await Promise.all(
      Array.from({ length: 10 }, async (_, chain) => {
        const spawned = []
        for (let index = 0; index < 10; index++) {
          const session = await server.spawn(['cat'], { name: `chain-${chain}-${index}`, env: { TMUXPECT_TEST_MARKER: marker } })
          await session.submit(`hello ${chain} ${index}`)
          spawned.push(session)
        }
        return spawned
      }),
    )
    const sessions = chains.flat()
    await Promise.all(sessions.map((session) => session.waitForText(/hello \d+ \d+\n.*hello/s)))
    expect(await Promise.all(sessions.map((session) => session.isAlive()))).toEqual(sessions.map(() => true))
  } finally {
    await server.kill()
  }
  await expectNothingLeft(tmuxTmpdir, marker)
})

test('44 concurrent tests on 2 workers: all pass, nothing left', { timeout: 120_000 }, async () => {
  const marker = newMarker()
  const result = await runNestedVitest('concurrency', [], nestedEnvironment(tmuxTmpdir, marker))
  expect(result.all).toMatch(/Tests\s+44 passed \(44\)/)
  expect(result.exitCode).toBe(0)
  await expectNothingLeft(tmuxTmpdir, marker)
})

/**
 * The failure message format, pinned by snapshots: what a person reading a
 * CI log gets when a wait or a matcher fails. Times, session names and the
 * socket vary between runs and are normalised; everything else is exact.
 */
import stripAnsi from 'strip-ansi'
import { beforeEach, describe, expect as vitestExpect, vi } from 'vitest'
import { ProgramExitedError, WaitTimeoutError, type Session } from 'tmuxpect'
import { expect, test } from 'tmuxpect/vitest'

beforeEach(() => {
  // The snapshots are the plain form; colour has its own tests below.
  vi.stubEnv('FORCE_COLOR', undefined)
  vi.stubEnv('NO_COLOR', '1')
  return () => vi.unstubAllEnvs()
})

function normalise(message: string, ...sessions: Session[]): string {
  let text = message
  for (const session of sessions) {
    text = text.replaceAll(session.name, '<session>').replaceAll(session.server.socket, '<socket>')
  }
  return text
    .replace(/^(Waited: +)\d+ ms/m, '$1<elapsed> ms')
    .replace(/\d+ screens? looked at/, '<n> screens looked at')
    .replace(/\+ *\d+ ms/g, '+<t> ms')
}

/** The message a failing `await expect(…)` produced. */
async function failureOf(assertion: Promise<unknown>): Promise<string> {
  const error = await assertion.then(
    () => undefined,
    (caught: Error) => caught,
  )
  vitestExpect(error, 'the assertion was meant to fail').toBeInstanceOf(Error)
  return error!.message
}

const pythonSays42 = async (tmux: { spawn: (command: string[], options?: object) => Promise<Session> }) => {
  const py = await tmux.spawn(['python3', '-q'], { cols: 40, rows: 6 })
  await expect(py).toShowOnScreen('>>>')
  await py.submit('6 * 7')
  await expect(py).toShowOnScreen(/^42\n>>> $/m)
  return py
}

describe('matcher messages', () => {
  test('toShowOnScreen that times out: expected, waited, screen, session, attach, last actions', async ({ tmux }) => {
    const py = await pythonSays42(tmux)
    const message = await failureOf(expect(py).toShowOnScreen(/^43$/m, { timeout: 200 }))
    vitestExpect(normalise(message, py)).toMatchInlineSnapshot(`
      "expect(session).toShowOnScreen(expected)

      Expected: /^43$/m
      Options:  timeout 200 ms
      Waited:   <elapsed> ms, until the timeout (200 ms); <n> screens looked at
      Screen (40×6, cursor ▸ at row 3, column 5, i.e. x=4 y=2):
          ┌────────────────────────────────────────┐
        1 │>>> 6 * 7                               │
        2 │42                                      │
      ▸ 3 │>>>                                     │
        ⋮ │rows 4–6 blank                          │
          └────▲───────────────────────────────────┘
      Session:  <session>  (python3 -q), still running
      Attach:   tmux -L <socket> attach -r -t =<session>   (read-only: watching never resizes it)
      Last actions (ms since the session started):
        +<t> ms  submit "6 * 7"
        +<t> ms  ✗ gave up: timeout"
    `)
  })

  test('.not.toShowOnScreen that times out says it waited for the text to go', async ({ tmux }) => {
    const py = await pythonSays42(tmux)
    const message = await failureOf(expect(py).not.toShowOnScreen('42', { timeout: 200 }))
    vitestExpect(normalise(message, py)).toMatchInlineSnapshot(`
      "expect(session).not.toShowOnScreen(expected)

      Expected: not "42"
      Options:  timeout 200 ms
      Waited:   <elapsed> ms, until the timeout (200 ms); <n> screens looked at
      Screen (40×6, cursor ▸ at row 3, column 5, i.e. x=4 y=2):
          ┌────────────────────────────────────────┐
        1 │>>> 6 * 7                               │
        2 │42                                      │
      ▸ 3 │>>>                                     │
        ⋮ │rows 4–6 blank                          │
          └────▲───────────────────────────────────┘
      Session:  <session>  (python3 -q), still running
      Attach:   tmux -L <socket> attach -r -t =<session>   (read-only: watching never resizes it)
      Last actions (ms since the session started):
        +<t> ms  submit "6 * 7"
        +<t> ms  ✗ gave up: timeout"
    `)
  })

  test('a program that exits while awaited ends the wait at once, with its code', async ({ tmux }) => {
    const job = await tmux.spawn(['sh', '-c', 'echo "fatal: no config"; read x; exit 3'], { cols: 40, rows: 4 })
    await expect(job).toShowOnScreen('fatal')
    await job.submit('')
    const message = await failureOf(expect(job).toShowOnScreen('Ready'))
    vitestExpect(normalise(message, job)).toMatchInlineSnapshot(`
      "expect(session).toShowOnScreen(expected)

      Expected: "Ready"
      Waited:   <elapsed> ms, then the program exited with code 3 (the timeout was 5000 ms); <n> screens looked at
      Screen (40×4, cursor ▸ at row 1, column 17, i.e. x=16 y=0):
          ┌────────────────────────────────────────┐
      ▸ 1 │fatal: no config                        │
        ⋮ │rows 2–4 blank                          │
          └────────────────▲───────────────────────┘
      Session:  <session>  (sh -c 'echo "fatal: no config"; read x; exit 3'), exited with code 3
      Attach:   tmux -L <socket> attach -r -t =<session>   (read-only: watching never resizes it)
      Last actions (ms since the session started):
        +<t> ms  submit ""
        +<t> ms  ✗ gave up: the program had exited"
    `)
  })

  test('toHaveExited with the wrong code', async ({ tmux }) => {
    // (it waits for Enter: tmux 3.3a can lose the output of a program that exits at once)
    const job = await tmux.spawn(['sh', '-c', 'echo bye; read x; exit 2'], { cols: 30, rows: 3 })
    await expect(job).toShowOnScreen('bye')
    await job.press('Enter')
    const message = await failureOf(expect(job).toHaveExited({ code: 0 }))
    vitestExpect(normalise(message, job)).toMatchInlineSnapshot(`
      "expect(session).toHaveExited(expected)

      Expected: exit with code 0
      Received: exited with code 2
      Screen (30×3, cursor ▸ at row 1, column 4, i.e. x=3 y=0):
          ┌──────────────────────────────┐
      ▸ 1 │bye                           │
        2 │                              │
        3 │                              │
          └───▲──────────────────────────┘
      Session:  <session>  (sh -c 'echo bye; read x; exit 2'), exited with code 2
      Attach:   tmux -L <socket> attach -r -t =<session>   (read-only: watching never resizes it)
      Last actions (ms since the session started):
        +<t> ms  press Enter
        +<t> ms  ✗ failed"
    `)
  })

  test('a Screen is checked at once, and the message says how to wait instead', async ({ tmux }) => {
    const py = await pythonSays42(tmux)
    const screen = await py.screen()
    let message = ''
    try {
      expect(screen).toShowOnScreen('43')
    } catch (error) {
      message = (error as Error).message
    }
    vitestExpect(message).toMatchInlineSnapshot(`
      "expect(screen).toShowOnScreen(expected)

      Expected: "43"
      Received: a Screen, checked at once (give expect() the Session to wait)
      Screen (40×6, cursor ▸ at row 3, column 5, i.e. x=4 y=2):
          ┌────────────────────────────────────────┐
        1 │>>> 6 * 7                               │
        2 │42                                      │
      ▸ 3 │>>>                                     │
        ⋮ │rows 4–6 blank                          │
          └────▲───────────────────────────────────┘"
    `)
  })
})

describe('wait errors', () => {
  test('waitForText that times out is a WaitTimeoutError telling the same story', async ({ tmux }) => {
    const py = await pythonSays42(tmux)
    await py.press('Escape')
    await py.resize(40, 5)
    const error = await py.waitForText('43', { timeout: 200 }).catch((caught: Error) => caught)
    vitestExpect(error).toBeInstanceOf(WaitTimeoutError)
    vitestExpect(normalise((error as Error).message, py)).toMatchInlineSnapshot(`
      "Timed out after 200 ms waiting for text "43" in session <session>

      Expected: text "43"
      Waited:   <elapsed> ms, until the timeout (200 ms); <n> screens looked at
      Screen (40×5, cursor ▸ at row 3, column 5, i.e. x=4 y=2):
          ┌────────────────────────────────────────┐
        1 │>>> 6 * 7                               │
        2 │42                                      │
      ▸ 3 │>>>                                     │
        4 │                                        │
        5 │                                        │
          └────▲───────────────────────────────────┘
      Session:  <session>  (python3 -q), still running
      Attach:   tmux -L <socket> attach -r -t =<session>   (read-only: watching never resizes it)
      Last actions (ms since the session started):
        +<t> ms  submit "6 * 7"
        +<t> ms  press Escape
        +<t> ms  resize 40×5
        +<t> ms  ✗ gave up: timeout"
    `)
  })

  test('a wait on a program killed by a signal ends with the signal', async ({ tmux }) => {
    const job = await tmux.spawn(['sh', '-c', 'echo started; kill -TERM $$'])
    vitestExpect(await job.waitForExit()).toEqual({ code: null, signal: 'SIGTERM' })
    const error = await job.waitForText('done').catch((caught: Error) => caught)
    vitestExpect(error).toBeInstanceOf(ProgramExitedError)
    vitestExpect((error as Error).message.split('\n')[0]).toBe(
      `Gave up waiting for text "done" in session ${job.name}: the program killed by SIGTERM`,
    )
  })
})

describe('colour', () => {
  test('FORCE_COLOR colours labels, expectation and frame, never the screen text; stripped, it is the plain message', async ({ tmux }) => {
    const py = await pythonSays42(tmux)
    const attempt = () => failureOf(expect(py).toShowOnScreen('43', { timeout: 100 }))
    vi.stubEnv('NO_COLOR', undefined)
    vi.stubEnv('FORCE_COLOR', '1')
    const coloured = await attempt()
    vitestExpect(coloured).toContain('\u001b[32m"43"\u001b[39m')
    vitestExpect(coloured).toMatch(/│\u001b\[22m42 {38}\u001b\[2m│/)
    vi.stubEnv('FORCE_COLOR', undefined)
    vi.stubEnv('NO_COLOR', '1')
    const plain = await attempt()
    vitestExpect(plain).not.toContain('\u001b')
    vitestExpect(normalise(stripAnsi(coloured), py)).toBe(normalise(plain, py))
  })

  test('no colour when the output is not a terminal, even with CI=true', async ({ tmux }) => {
    const py = await pythonSays42(tmux)
    vi.stubEnv('NO_COLOR', undefined)
    vi.stubEnv('FORCE_COLOR', undefined)
    vi.stubEnv('FORCE_TTY', '')
    vi.stubEnv('CI', 'true')
    const message = await failureOf(expect(py).toShowOnScreen('43', { timeout: 100 }))
    vitestExpect(message).not.toContain('\u001b')
  })
})

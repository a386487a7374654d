// A python REPL driven from Jest: the engine's TmuxServer and Session,
// tmuxpect's matchers on Jest's expect.
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { TmuxServer, WaitTimeoutError } from 'tmuxpect'

let server
beforeAll(async () => {
  server = await TmuxServer.start()
})
afterAll(() => server.kill())

test('python evaluates', async () => {
  const py = await server.spawn(['python3', '-q'])
  await expect(py).toShowOnScreen('>>>')
  await py.submit('6 * 7')
  // The next prompt, before C-d: a key sent while python is still busy can be lost as readline takes the terminal back.
  await expect(py).toShowOnScreen(/^42\n>>> $/m)
  await py.press('C-d')
  await expect(py).toHaveExited({ code: 0 })
})

test('.not waits for the text to go', async () => {
  const py = await server.spawn(['python3', '-q'])
  await expect(py).toShowOnScreen('>>>')
  await py.submit('print("working..."); import time; time.sleep(0.2); print("\\033[2J\\033[H", end="")')
  await expect(py).not.toShowOnScreen('working...')
  await py.kill()
})

test('a failing wait tells the story: what was expected, the framed screen, the attach line', async () => {
  const py = await server.spawn(['python3', '-q'], { name: 'jest-wrong-answer' })
  await expect(py).toShowOnScreen('>>>')
  await py.submit('6 * 7')
  await expect(py).toShowOnScreen(/^42$/m)
  const failure = await expect(py).toShowOnScreen(/^43$/m, { timeout: 300 }).then(
    () => undefined,
    (error) => error,
  )
  expect(failure).toBeInstanceOf(Error)
  expect(failure.message).toContain('expect(session).toShowOnScreen(expected)')
  expect(failure.message).toContain('Expected: /^43$/m')
  expect(failure.message).toMatch(/^Screen \(80×24\b/m)
  expect(failure.message).toMatch(/^ +2 │42 +│$/m)
  expect(failure.message).toMatch(/^Session: +jest-wrong-answer +\(python3 -q\), still running$/m)
  expect(failure.message).toContain(py.attachCommand())
  await expect(py.waitForText('44', { timeout: 200 })).rejects.toBeInstanceOf(WaitTimeoutError)
  await py.kill()
})

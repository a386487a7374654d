/**
 * The matchers on real programs, through both homes they have: vitest's
 * `expect` (registered by tmuxpect/vitest) and Jest's standalone `expect`
 * package with `expect.extend(matchers)`, no vitest involved.
 */
import { expect as jestExpect } from 'expect'
import { afterAll, beforeAll, describe } from 'vitest'
import { TmuxServer, type Session } from 'tmuxpect'
import { matchers, screenSerializer } from 'tmuxpect/matchers'
import { expect as vitestExpect, test } from 'tmuxpect/vitest'

jestExpect.extend(matchers)

// Each framework's expect, typed the same way for the shared cases.
const frameworks = [
  ['vitest', vitestExpect],
  ['jest expect', jestExpect],
] as const

let server: TmuxServer
beforeAll(async () => {
  server = await TmuxServer.start()
})
afterAll(() => server.kill())

const shell = () => server.spawn(['sh', '-c', 'stty -echo; echo READY; exec cat'])

describe.each(frameworks)('with %s', (_name, expect) => {
  test('toShowOnScreen waits on a Session and checks a Screen at once', async () => {
    const session = await shell()
    await expect(session).toShowOnScreen('READY')
    await session.type('hello\r')
    await expect(session).toShowOnScreen(/^hello$/m)
    const screen = await session.screen()
    // Synchronous on a Screen: a failure throws here, awaited or not.
    expect(screen).toShowOnScreen('hello')
    expect(() => expect(screen).toShowOnScreen('absent')).toThrow(/Expected: "absent"/)
    expect(screen).not.toShowOnScreen('absent')
    await session.kill()
  })

  test('a failing toShowOnScreen says what it expected and shows the screen', async () => {
    const session = await shell()
    await expect(session).toShowOnScreen('READY')
    const failure = await expect(session).toShowOnScreen('never', { timeout: 150 }).then(
      () => undefined,
      (error: Error) => error,
    )
    expect(failure).toBeInstanceOf(Error)
    expect(failure!.message).toContain('"never"')
    expect(failure!.message).toMatch(/│READY\s*│/)
    expect(failure!.message).toContain(session.attachCommand())
    await session.kill()
  })

  test('.not.toShowOnScreen waits until the text is gone', async () => {
    const session = await server.spawn(['sh', '-c', 'echo LOADING; read line; clear; echo DONE; exec cat'])
    await expect(session).toShowOnScreen('LOADING')
    await session.type('\r')
    await expect(session).not.toShowOnScreen('LOADING')
    await expect(session).toShowOnScreen('DONE')
    await session.kill()
  })

  test('toHaveExited with a code, and .not for a running program', async () => {
    const session = await server.spawn(['sh', '-c', 'read line; exit 3'])
    await expect(session).not.toHaveExited()
    await session.type('\r')
    await expect(session).toHaveExited({ code: 3 })
    await expect(expect(session).toHaveExited({ code: 0 })).rejects.toThrow(/code 3/)
    await expect(expect(session).not.toHaveExited()).rejects.toThrow(/still running/)
  })

  test('toHaveExited with a signal', async () => {
    const session = await server.spawn(['sh', '-c', 'echo READY; kill -TERM $$'])
    await expect(session).toHaveExited({ signal: 'SIGTERM' })
  })

  test('toHaveCursorAt waits for the cursor', async () => {
    const session = await server.spawn(['sh', '-c', 'echo READY; exec cat']) // echo on: typing moves the cursor
    await expect(session).toShowOnScreen('READY')
    await expect(session).toHaveCursorAt(0, 1)
    await session.type('abc')
    await expect(session).toHaveCursorAt(3, 1)
    expect(await session.screen()).toHaveCursorAt(3, 1)
    await session.kill()
  })

  test('a receiver that is neither a Session nor a Screen is a TypeError naming what it got', async () => {
    expect(() => expect('text').toShowOnScreen('x')).toThrow(/must be a tmuxpect Session or Screen, got string/)
  })
})

test('the snapshot serializer stores the framed screen, without names or times', async () => {
  const session: Session = await shell()
  await session.waitForText('READY')
  const screen = await session.screen()
  const stored = screenSerializer.serialize(screen)
  vitestExpect(screenSerializer.test(screen)).toBe(true)
  vitestExpect(screenSerializer.test('READY')).toBe(false)
  vitestExpect(stored).toContain('READY')
  vitestExpect(stored).not.toContain(session.name)
  vitestExpect(stored).not.toContain(server.socket)
  await session.kill()
})

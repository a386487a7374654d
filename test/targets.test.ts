/**
 * Exact targets: tmux matches `-t api` against `api-2` by prefix (and `api*`
 * as a glob), and expands formats in `new-session -s`. A session's name is
 * exactly the one given, and killing, typing into or reading one session
 * never reaches another.
 */
import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { TmuxServer, type Session } from 'tmuxpect'
import { makeTmuxTmpdir, removeTree } from './hardening/census.js'

const tmuxTmpdir = makeTmuxTmpdir()
process.env.TMUX_TMPDIR = tmuxTmpdir
let server: TmuxServer

beforeAll(async () => {
  server = await TmuxServer.start()
})

afterAll(async () => {
  await server.kill()
  removeTree(tmuxTmpdir)
})

/** Session names as tmux itself lists them, through the CLI. */
function tmuxSessionNames(): string[] {
  return execFileSync('tmux', ['-L', server.socket, 'list-sessions', '-F', '#{session_name}'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
}

async function echoSession(name: string): Promise<Session> {
  const session = await server.spawn(['sh', '-c', 'echo "I am $0"; exec cat', name], { name })
  await session.waitForText(`I am ${name}`)
  return session
}

describe('api and api-2 on one server', () => {
  test('ensure("api") creates api when only api-2 exists (no prefix match)', async () => {
    const api2 = await echoSession('api-2')
    const api = await server.ensure('api', ['sh', '-c', 'echo "I am api"; exec cat'])
    expect(api).not.toBe(api2)
    expect(api.paneId).not.toBe(api2.paneId)
    await api.waitForText('I am api')
    expect(tmuxSessionNames()).toEqual(expect.arrayContaining(['api', 'api-2']))
    await Promise.all([api.kill(), api2.kill()])
  })

  test('typing into and reading api never touches api-2', async () => {
    const api2 = await echoSession('api-2')
    const api = await echoSession('api')
    await api.submit('for api only')
    await api.waitForText('for api only')
    await api2.submit('for api-2 only')
    await api2.waitForText('for api-2 only')
    const [apiScreen, api2Screen] = await Promise.all([api.screen(), api2.screen()])
    expect(apiScreen.contains('for api-2 only')).toBe(false)
    expect(api2Screen.contains('for api only')).toBe(false)
    expect(apiScreen.contains('I am api')).toBe(true)
    await Promise.all([api.kill(), api2.kill()])
  })

  test('killing api leaves api-2 running, and the dead handle never reaches api-2', async () => {
    const api2 = await echoSession('api-2')
    const api = await echoSession('api')
    await api.kill()
    expect(tmuxSessionNames()).toContain('api-2')
    expect(tmuxSessionNames()).not.toContain('api')
    await expect(api2.isAlive()).resolves.toBe(true)
    await expect(api.type('stray')).rejects.toThrow(/api/)
    await api2.submit('still here')
    await api2.waitForText('still here')
    expect((await api2.screen()).contains('stray')).toBe(false)
    await api2.kill()
  })

  test('every session is addressed by its pane id', async () => {
    const api = await echoSession('api')
    expect(api.paneId).toMatch(/^%\d+$/)
    expect(api.windowId).toMatch(/^@\d+$/)
    await api.kill()
  })
})

describe('names tmux would read as patterns or formats are taken literally', () => {
  test.each(['api*', 'api?', '[api]', 'build#S', '#{pane_id}x', '~user', '%1', '@1', 'cost$1', 'a"b', "it's", '-t', 'semi;colon', 'café ☕'])(
    'a session named %j is exactly that',
    async (name) => {
      // A neighbour whose name the pattern or format would match if tmux read it so.
      const bystander = await echoSession(`${name.replace(/[^\w]/g, '')}-bystander`)
      try {
        const session = await echoSession(name)
        expect(session.name).toBe(name)
        expect(tmuxSessionNames()).toContain(name)
        expect((await server.sessions()).map((listed) => listed.name)).toContain(name)
        // ensure() finds it again by its exact name instead of making another.
        expect(await server.ensure(name, ['cat'])).toBe(session)
        await session.kill()
        expect(tmuxSessionNames()).not.toContain(name)
        await expect(bystander.isAlive()).resolves.toBe(true)
      } finally {
        await bystander.kill()
      }
    },
  )
})

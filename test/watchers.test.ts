/**
 * Watchers never disturb the test: a real `tmux attach` client, running in
 * a terminal of its own (a pane of a private "outer" tmux server, 50×10),
 * attached to a test's session changes neither its size nor its screen —
 * while the test runs, and on a kept session nobody else is attached to.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import pWaitFor from 'p-wait-for'
import { beforeAll, expect, test } from 'vitest'
import { TmuxServer, type Session } from 'tmuxpect'
import 'tmuxpect/vitest'
import { removeTree, socketDirectoryOf } from './hardening/census.js'
import { tmuxCli, usePrivateTmux } from './hardening/private-tmux.js'

const harness = usePrivateTmux({ outerSocketPrefix: 'watchers-outer' })
const { tmuxTmpdir, cleanups, outerSocket } = harness
let server: TmuxServer
beforeAll(() => {
  server = harness.server
})

/** The tmux CLI, for what a person would do by hand. */
const tmux = tmuxCli

/** The window's size as tmux has it. */
function windowSize(socket: string, session: Session): string {
  return tmux(socket, 'display-message', '-p', '-t', `=${session.name}:`, '#{window_width}x#{window_height}').trim()
}

/**
 * Run `attachLine` (what a person would paste) in a 50×10 pane of the outer
 * server; resolves once the watcher is attached.
 */
async function startWatcher(socket: string, attachLine: string) {
  const name = `watch-${randomBytes(3).toString('hex')}`
  // Inside the outer pane TMUX is set, and tmux refuses to nest without unsetting it.
  tmux(outerSocket, 'new-session', '-d', '-s', name, '-x', '50', '-y', '10', `unset TMUX; exec ${attachLine}`)
  cleanups.push(() => tmux(outerSocket, 'kill-session', '-t', `=${name}`))
  const attached = () => tmux(socket, 'list-clients', '-F', '#{client_flags}').split('\n').filter((flags) => flags.includes('attached') && !flags.includes('control-mode'))
  await pWaitFor(() => attached().length > 0, { interval: 20, timeout: 10_000 })
  return {
    flags: () => attached(),
    /** What the person sees. */
    view: () => tmux(outerSocket, 'capture-pane', '-p', '-t', `=${name}:`),
    /** Keys the person types. */
    press: (...keys: string[]) => tmux(outerSocket, 'send-keys', '-t', `=${name}:`, ...keys),
  }
}

test('a read-only watcher at 50×10 beside a running test changes neither its size nor its screen', async () => {
  const py = await server.spawn(['python3', '-q'])
  cleanups.push(() => py.kill())
  await expect(py).toShowOnScreen('>>>')
  await py.submit('6 * 7')
  // The answer and the prompt after it: python prints them in two writes, and
  // a screen taken between them differs from the later one by the prompt.
  await expect(py).toShowOnScreen(/^42\n>>> $/m)
  const before = await py.screen()

  const watcher = await startWatcher(server.socket, py.attachCommand())
  expect(watcher.flags()[0]).toContain('read-only')
  await pWaitFor(() => /^42 *$/m.test(watcher.view()), { interval: 20, timeout: 10_000 })

  const after = await py.screen()
  expect([after.cols, after.rows]).toEqual([80, 24])
  expect(windowSize(server.socket, py)).toBe('80x24')
  expect(after.lines).toEqual(before.lines)
  expect(after.cursor).toEqual(before.cursor)

  // The test goes on, and the watcher sees it live.
  await py.submit('6 * 7 + 1')
  await expect(py).toShowOnScreen(/^43$/m)
  await pWaitFor(() => /^43 *$/m.test(watcher.view()), { interval: 20, timeout: 10_000 })
  expect(windowSize(server.socket, py)).toBe('80x24')
})

test('a watcher of a kept session that no tmuxpect client is attached to does not resize it either', async () => {
  // A server of its own, left by its creator with only the kept session in it.
  const owner = await TmuxServer.start()
  cleanups.push(() => {
    tmux(owner.socket, 'kill-server')
    removeTree(join(socketDirectoryOf(tmuxTmpdir), owner.socket))
  })
  const session = await owner.spawn(['sh', '-c', 'seq 1 30 | sed "s/^/kept line /"; exec cat'])
  await expect(session).toShowOnScreen('kept line 30')
  const before = await session.screen()
  const attachLine = await session.keep({ quiet: true })
  await owner.close()
  expect(tmux(owner.socket, 'list-clients')).toBe('')

  const watcher = await startWatcher(owner.socket, attachLine)
  await pWaitFor(() => watcher.view().includes('kept line 30'), { interval: 20, timeout: 10_000 })
  expect(windowSize(owner.socket, session)).toBe('80x24')

  const handle = await TmuxServer.connect(owner.socket)
  const [found] = await handle.sessions()
  const after = await found!.screen()
  expect([after.cols, after.rows]).toEqual([80, 24])
  expect(after.lines).toEqual(before.lines)
  await handle.close()
})

test('a person who attaches read-write (to take over) types into the session, yet does not resize it', async () => {
  const session = await server.spawn(['cat'], { cols: 100, rows: 30 })
  cleanups.push(() => session.kill())
  const person = await startWatcher(server.socket, session.attachCommand().replace(' attach -r ', ' attach '))
  expect(person.flags()[0]).not.toContain('read-only')
  person.press('typed by a person', 'Enter')
  await expect(session).toShowOnScreen(/^typed by a person\ntyped by a person$/m)
  expect(windowSize(server.socket, session)).toBe('100x30')
  const screen = await session.screen()
  expect([screen.cols, screen.rows]).toEqual([100, 30])
})

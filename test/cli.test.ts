/**
 * `npx tmuxpect` as a person runs it: `ls`, `attach`, `reap` and `--help`,
 * each a real process with a private TMUX_TMPDIR (so it never sees, let alone
 * reaps, anyone else's servers). The CLI runs from the sources through tsx,
 * so this file tests the code as it is now, built or not; the packed and
 * installed `bin` (`npx tmuxpect` from a tarball) is exercised by .ci/compat.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { execa } from 'execa'
import pWaitFor from 'p-wait-for'
import { beforeAll, describe, expect, test } from 'vitest'
import { TmuxServer, type Session } from 'tmuxpect'
import 'tmuxpect/vitest'
import { FIXTURES, REPO_ROOT, makeTmuxTmpdir, processRuns, removeTree, socketDirectoryOf, socketFiles } from './hardening/census.js'
import { tmuxCli, usePrivateTmux } from './hardening/private-tmux.js'

const harness = usePrivateTmux({ outerSocketPrefix: 'cli-outer' })
const { tmuxTmpdir, cleanups, outerSocket } = harness
const CLI = join(REPO_ROOT, 'src', 'cli.ts')
let server: TmuxServer
beforeAll(() => {
  server = harness.server
})

/** `tmuxpect …` in a process of its own. */
function tmuxpect(...args: string[]) {
  return execa(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, reject: false, env: { TMUX_TMPDIR: tmuxTmpdir } })
}

/** The tmux CLI, for what a person would do by hand. */
const tmux = tmuxCli

/**
 * A process that owns a server with one session named `name`, then goes
 * away: 'kept' leaves an orphaned server holding a kept session; 'stale'
 * is SIGKILLed, so the dead-man switch ends its server and only the socket
 * file stays.
 */
async function abandonedServer(name: string, kind: 'kept' | 'stale'): Promise<{ socket: string; ownerPid: number }> {
  const owner = execa(process.execPath, ['--import', 'tsx', join(FIXTURES, 'cli', 'owner.ts'), name, kind === 'kept' ? 'keep' : 'plain', kind === 'kept' ? 'exit' : 'hold'], {
    reject: false,
    stdout: 'pipe',
  })
  cleanups.push(() => owner.kill('SIGKILL'))
  const [line] = await createInterface({ input: owner.stdout! })[Symbol.asyncIterator]().next().then((next) => [next.value as string | undefined])
  if (line === undefined) throw new Error(`the owner process ended early: ${(await owner).stderr}`)
  const { socket, serverPid } = JSON.parse(line) as { socket: string; serverPid: number }
  cleanups.push(() => {
    tmux(socket, 'kill-server')
    removeTree(join(socketDirectoryOf(tmuxTmpdir), socket))
  })
  if (kind === 'stale') owner.kill('SIGKILL')
  await owner
  if (kind === 'stale') await pWaitFor(() => !processRuns(serverPid), { interval: 20, timeout: 10_000 })
  return { socket, ownerPid: owner.pid! }
}

describe('--help', () => {
  test.each([
    ['--help', 'Usage: tmuxpect <command>'],
    ['ls --help', 'Usage: tmuxpect ls'],
    ['attach --help', 'Usage: tmuxpect attach <session>'],
    ['reap --help', 'Usage: tmuxpect reap [--kept]'],
  ])('tmuxpect %s prints its usage', async (args, usage) => {
    const result = await tmuxpect(...args.split(' '))
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain(usage)
    expect(result.stdout).toMatch(/-h, --help/)
  })

  test('tmuxpect --version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
    expect((await tmuxpect('--version')).stdout).toBe(version)
  })

  test.each([
    [['launch'], 'tmuxpect: unknown command "launch"\nRun tmuxpect --help for usage.'],
    [['ls', '--all'], "tmuxpect: Unknown option '--all'\nRun tmuxpect ls --help for usage."],
    [['attach'], 'tmuxpect: attach needs the name of a session (see tmuxpect ls)\nRun tmuxpect attach --help for usage.'],
    [['reap', 'now'], 'tmuxpect: unexpected argument "now"\nRun tmuxpect reap --help for usage.'],
  ])('a mistake (%j) exits 2 and says what was wrong', async (args, message) => {
    const result = await tmuxpect(...args)
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toBe(message)
  })

  test('without a command it prints the usage and exits 2', async () => {
    const result = await tmuxpect()
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('Commands:\n  ls ')
  })
})

describe('ls and reap', () => {
  test('ls shows each server: owner alive or gone, sessions with state and program; reap removes only orphans, kept ones with --kept', async () => {
    const repl = await server.spawn(['python3', '-q'], { name: 'live-repl' })
    cleanups.push(() => repl.kill())
    await expect(repl).toShowOnScreen('>>>')
    const kept = await abandonedServer('kept-shell', 'kept')
    const stale = await abandonedServer('crashed-shell', 'stale')

    const listing = await tmuxpect('ls')
    expect(listing.exitCode).toBe(0)
    expect(listing.stdout).toContain(`3 tmuxpect servers in ${socketDirectoryOf(tmuxTmpdir)}:`)
    expect(listing.stdout).toMatch(new RegExp(`^${server.socket}  owner ${process.pid} alive, up \\d+s$`, 'm'))
    expect(listing.stdout).toMatch(/^ {2}live-repl +\d+s +running +80×24 +python3 -q$/m)
    expect(listing.stdout).toContain(`\n  watch: ${repl.attachCommand()}\n`)
    expect(listing.stdout).toMatch(new RegExp(`^${kept.socket}  owner ${kept.ownerPid} gone \\(orphaned\\), up \\d+s; remove with npx tmuxpect reap --kept$`, 'm'))
    expect(listing.stdout).toMatch(/^ {2}kept-shell +\d+s +running, kept +80×24 +sh -c 'echo "kept-shell is ready"; exec cat'$/m)
    expect(listing.stdout).toContain(`${stale.socket}  owner ${stale.ownerPid} gone; no server answers (a stale socket file; npx tmuxpect reap removes it)`)

    const json = JSON.parse((await tmuxpect('ls', '--json')).stdout) as { servers: { socket: string; state: string; sessions: { name: string; kept: boolean; attachCommand: string }[] }[] }
    const bySocket = Object.fromEntries(json.servers.map((entry) => [entry.socket, entry]))
    expect(bySocket[server.socket]?.state).toBe('alive')
    expect(bySocket[server.socket]?.sessions).toEqual([expect.objectContaining({ name: 'live-repl', kept: false, attachCommand: repl.attachCommand() })])
    expect(bySocket[kept.socket]?.state).toBe('orphaned')
    expect(bySocket[kept.socket]?.sessions).toEqual([expect.objectContaining({ name: 'kept-shell', kept: true })])
    expect(bySocket[stale.socket]).toMatchObject({ state: 'stale', sessions: [] })

    const reap = await tmuxpect('reap')
    expect(reap.exitCode).toBe(0)
    expect(reap.stdout).toBe(
      [
        `Removed 1 stale socket file: ${stale.socket}`,
        `Left 1 orphaned server holding kept sessions: ${kept.socket} (reap them too with --kept)`,
        `Left 1 server whose owner still runs: ${server.socket}`,
      ].join('\n'),
    )
    expect(socketFiles(tmuxTmpdir).sort()).toEqual([kept.socket, server.socket].sort())

    const reapKept = await tmuxpect('reap', '--kept')
    // Programs still ending on tmux's SIGHUP when the reaper looks are SIGKILLed and listed ("Ended …"): how many is a race.
    expect(reapKept.stdout.split('\n').filter((line) => !line.startsWith('Ended '))).toEqual([
      `Reaped 1 orphaned server: ${kept.socket}`,
      `Left 1 server whose owner still runs: ${server.socket}`,
    ])
    expect(socketFiles(tmuxTmpdir)).toEqual([server.socket])
    expect(tmux(kept.socket, 'list-sessions')).toBe('')

    // The live server was never touched.
    await repl.submit('6 * 7')
    await expect(repl).toShowOnScreen(/^42$/m)
    expect((await tmuxpect('reap')).stdout).toBe(`Left 1 server whose owner still runs: ${server.socket}`)
  })

  test('with no servers, ls and reap say so', async () => {
    const empty = makeTmuxTmpdir()
    cleanups.push(() => removeTree(empty))
    const run = (...args: string[]) => execa(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, env: { TMUX_TMPDIR: empty } })
    expect((await run('ls')).stdout).toBe(`No tmuxpect servers in ${socketDirectoryOf(empty)}.`)
    expect((await run('ls', '--json')).stdout).toBe(JSON.stringify({ directory: socketDirectoryOf(empty), servers: [] }, null, 2))
    expect((await run('reap')).stdout).toBe(`Nothing to reap in ${socketDirectoryOf(empty)}.`)
  })
})

describe('attach', () => {
  /** The window's size as tmux has it. */
  const windowSize = (session: Session) =>
    tmux(server.socket, 'display-message', '-p', '-t', `=${session.name}:`, '#{window_width}x#{window_height}').trim()

  /** Clients of the test's server other than tmuxpect's own control client. */
  const people = () =>
    tmux(server.socket, 'list-clients', '-F', '#{client_flags}')
      .split('\n')
      .filter((flags) => flags.includes('attached') && !flags.includes('control-mode'))

  /**
   * A person runs `tmuxpect attach …` in a 50×10 terminal (a pane of a
   * private outer tmux server); resolves once the client is attached.
   */
  async function attachInTerminal(...args: string[]) {
    const name = `person-${randomBytes(3).toString('hex')}`
    const command = `unset TMUX; ${process.execPath} --import tsx ${CLI} attach ${args.join(' ')}; echo "tmuxpect exited with $?"; exec cat`
    tmux(outerSocket, 'new-session', '-d', '-s', name, '-x', '50', '-y', '10', '-c', REPO_ROOT, '-e', `TMUX_TMPDIR=${tmuxTmpdir}`, command)
    cleanups.push(() => tmux(outerSocket, 'kill-session', '-t', `=${name}`))
    await pWaitFor(() => people().length > 0, { interval: 20, timeout: 10_000 })
    return {
      view: () => tmux(outerSocket, 'capture-pane', '-p', '-t', `=${name}:`),
      press: (...keys: string[]) => tmux(outerSocket, 'send-keys', '-t', `=${name}:`, ...keys),
    }
  }

  test('attach <session> watches read-only from a smaller terminal: the test window stays 80×24; C-b d detaches', async () => {
    const py = await server.spawn(['python3', '-q'], { name: 'watched-repl' })
    cleanups.push(() => py.kill())
    await expect(py).toShowOnScreen('>>>')
    await py.submit('6 * 7')
    await expect(py).toShowOnScreen(/^42\n>>> $/m)
    const before = await py.screen()

    const person = await attachInTerminal('watched-repl')
    expect(people()).toEqual([expect.stringContaining('read-only')])
    await pWaitFor(() => /^42 *$/m.test(person.view()), { interval: 20, timeout: 10_000 })
    expect(windowSize(py)).toBe('80x24')
    const after = await py.screen()
    expect([after.cols, after.rows]).toEqual([80, 24])
    expect(after.lines).toEqual(before.lines)

    person.press('C-b', 'd')
    await pWaitFor(() => person.view().includes('tmuxpect exited with 0'), { interval: 20, timeout: 10_000 })
    expect(person.view()).toContain('[detached')
    expect(people()).toEqual([])
  })

  test('attach --write lets the person type, and still never resizes the window', async () => {
    const cat = await server.spawn(['cat'], { name: 'taken-over', cols: 100, rows: 30 })
    cleanups.push(() => cat.kill())
    const person = await attachInTerminal('--write', 'taken-over')
    expect(people()).toEqual([expect.not.stringContaining('read-only')])
    person.press('typed by a person', 'Enter')
    await expect(cat).toShowOnScreen(/^typed by a person\ntyped by a person$/m)
    expect(windowSize(cat)).toBe('100x30')
  })

  test('attach to a session that is not there exits 1 and says where it looked', async () => {
    const result = await tmuxpect('attach', 'no-such-session')
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toBe(`tmuxpect: no session named "no-such-session" on any tmuxpect server in ${socketDirectoryOf(tmuxTmpdir)} (see tmuxpect ls)`)
  })
})

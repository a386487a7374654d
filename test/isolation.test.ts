/**
 * Isolation both ways: tmuxpect never touches a tmux server it does not own
 * (another socket, the user's default server, a live owner's server), and
 * the user's environment never reaches tmuxpect (tests run inside tmux, a
 * hostile ~/.tmux.conf, TERM=dumb or unset, LANG=C).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest'
import { TmuxServer, reapStaleServers } from 'tmuxpect'
import {
  REPO_ROOT,
  census,
  expectNothingLeft,
  makeTmuxTmpdir,
  nestedEnvironment,
  nestedVitestArgv,
  newMarker,
  removeTree,
  runNestedVitest,
  socketDirectoryOf,
  socketFiles,
  tmuxProcesses,
} from './hardening/census.js'

let tmuxTmpdir: string
let marker: string
const tmuxEnv = () => ({ PATH: process.env.PATH!, HOME: process.env.HOME ?? '/root', TMUX_TMPDIR: tmuxTmpdir })

beforeEach(() => {
  tmuxTmpdir = makeTmuxTmpdir()
  marker = newMarker()
  process.env.TMUX_TMPDIR = tmuxTmpdir
})

afterEach(() => {
  for (const pid of [...census(tmuxTmpdir, marker).programs, ...tmuxProcesses(tmuxTmpdir)]) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  removeTree(tmuxTmpdir)
})

/** A plain tmux server that is not tmuxpect's (`socket` undefined: the default server). */
function startForeignServer(socket: string | undefined): void {
  const where = socket === undefined ? [] : ['-L', socket]
  execFileSync('tmux', [...where, '-f', '/dev/null', 'new-session', '-d', '-s', 'work', 'sleep', '1000'], { env: tmuxEnv() })
}

function answers(socket: string | undefined): boolean {
  const where = socket === undefined ? [] : ['-L', socket]
  try {
    execFileSync('tmux', [...where, 'has-session', '-t', '=work'], { env: tmuxEnv(), stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** A PID that no process has right now: a child that has exited. */
function deadPid(): number {
  const child = execFileSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' })
  return Number(child.trim())
}

describe('other tmux servers are never touched', () => {
  test('the reaper takes only tmuxpect-<pid>-<hex> sockets whose owner is dead', async () => {
    const dead = deadPid()
    const stale = `tmuxpect-${dead}-b0b0b0`
    const staleNoServer = `tmuxpect-${dead}-c0c0c0`
    const liveOwner = `tmuxpect-${process.pid}-a0a0a0`
    const notHex = `tmuxpect-${dead}-zz`
    const foreign = ['other-app', liveOwner, notHex]
    for (const socket of [undefined, stale, staleNoServer, ...foreign]) startForeignServer(socket)
    // A socket file whose server is gone (tmux 3.3a leaves it when killed).
    const orphanPid = Number(execFileSync('tmux', ['-L', staleNoServer, 'display-message', '-p', '#{pid}'], { env: tmuxEnv(), encoding: 'utf8' }))
    process.kill(orphanPid, 'SIGKILL')
    // A regular file with a tmuxpect-like name is not a socket: left alone.
    const regularFile = join(socketDirectoryOf(tmuxTmpdir), `tmuxpect-${dead}-d0d0d0`)
    writeFileSync(regularFile, 'not a socket')

    const report = await reapStaleServers({ env: tmuxEnv() })

    expect(report.reaped).toEqual([stale])
    expect(report.removedSockets).toEqual([staleNoServer])
    expect(report.keptServers).toEqual([])
    expect(answers(undefined)).toBe(true)
    for (const socket of foreign) expect(answers(socket)).toBe(true)
    expect(socketFiles(tmuxTmpdir).sort()).toEqual(['default', ...foreign].sort())
    expect(existsSync(regularFile)).toBe(true)
  })

  test('a server kept on purpose by a dead owner is left for a person, unless asked', async () => {
    const kept = `tmuxpect-${deadPid()}-e0e0e0`
    startForeignServer(kept)
    execFileSync('tmux', ['-L', kept, 'set-option', '-t', '=work:', '@tmuxpect_kept', '1'], { env: tmuxEnv() })
    expect(await reapStaleServers({ env: tmuxEnv() })).toMatchObject({ reaped: [], keptServers: [kept] })
    expect(answers(kept)).toBe(true)
    expect(await reapStaleServers({ env: tmuxEnv(), includeKept: true })).toMatchObject({ reaped: [kept] })
    expect(socketFiles(tmuxTmpdir)).toEqual([])
  })

  test('starting, using and killing tmuxpect servers, in process and in a whole run, leaves others running', async () => {
    startForeignServer(undefined)
    startForeignServer('other-app')
    const server = await TmuxServer.start()
    const session = await server.spawn(['cat'])
    await session.submit('mine')
    await session.waitForText('mine')
    await server.kill()
    const run = await runNestedVitest('lifecycle', ['outcomes.fixture.ts'], nestedEnvironment(tmuxTmpdir, marker))
    expect(run.all).toMatch(/3 failed \| 1 passed/)
    expect(answers(undefined)).toBe(true)
    expect(answers('other-app')).toBe(true)
    expect(socketFiles(tmuxTmpdir).sort()).toEqual(['default', 'other-app'])
  })
})

describe('the user environment never reaches tmuxpect', () => {
  const home = makeTmuxTmpdir()
  // Every line of this config would show if tmux read it.
  const hostileConfig = [
    'set -g status on',
    'set -g status-position top',
    'set -g default-terminal dumb',
    'set -g remain-on-exit off',
    'set -g base-index 5',
    'set -g history-limit 1',
    'set -g prefix C-a',
    'set -g default-shell /bin/false',
    'new-session -d -s CONF_WAS_READ',
  ].join('\n')
  writeFileSync(join(home, '.tmux.conf'), hostileConfig + '\n')
  mkdirSync(join(home, '.config', 'tmux'), { recursive: true })
  writeFileSync(join(home, '.config', 'tmux', 'tmux.conf'), hostileConfig + '\n')
  afterAll(() => removeTree(home))

  const oddEnvironments: [string, Record<string, string | undefined>, string | undefined][] = [
    ['TERM=dumb, LANG=C', { TERM: 'dumb', LANG: 'C', LC_ALL: 'C' }, 'dumb'],
    ['no TERM, no LANG', { TERM: undefined, LANG: undefined, LC_ALL: undefined }, undefined],
    ['TMUX set to a server that is not there', { TMUX: '/tmp/no-such-tmux-socket,1,0', TMUX_PANE: '%9', TERM: 'screen' }, 'screen'],
  ]

  test.each(oddEnvironments)('a run with %s and a hostile ~/.tmux.conf passes and leaves nothing', async (_, extra, term) => {
    const env = nestedEnvironment(tmuxTmpdir, marker, { HOME: home, EXPECT_INSIDE_TMUX: extra.TMUX ? '1' : '0', EXPECT_TERM: term ?? '', ...extra })
    const run = await runNestedVitest('environment', [], env)
    expect(run.all).toMatch(/Tests\s+3 passed \(3\)/)
    await expectNothingLeft(tmuxTmpdir, marker)
  })

  test('a run inside a real tmux pane passes and leaves nothing', async () => {
    // The outer server gets its own TMUX_TMPDIR; the run inside it another.
    const outer = await TmuxServer.start()
    const innerTmpdir = makeTmuxTmpdir()
    try {
      const run = await outer.spawn([process.execPath, ...nestedVitestArgv('environment')], {
        cwd: REPO_ROOT,
        rows: 60,
        env: { HOME: home, TMUX_TMPDIR: innerTmpdir, TMUXPECT_TEST_MARKER: marker, EXPECT_INSIDE_TMUX: '1', EXPECT_TERM: 'pinned', NO_COLOR: '1', CI: 'true' },
      })
      const exit = await run.waitForExit({ timeout: 60_000 })
      const screen = await run.screen({ scrollback: true })
      expect(screen.text).toMatch(/Tests\s+3 passed \(3\)/)
      expect(exit).toEqual({ code: 0, signal: null })
      await expectNothingLeft(innerTmpdir, marker)
    } finally {
      await outer.kill()
      removeTree(innerTmpdir)
    }
  })
})

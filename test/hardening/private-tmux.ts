/**
 * The harness of the test files that need their own tmux world: a private
 * TMUX_TMPDIR (so nothing they start or list can meet another run's
 * servers), one TmuxServer for the file, cleanups run last-in first-out
 * after each test, and optionally an "outer" tmux server whose panes serve
 * as a person's terminal. Everything is removed after the file.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { TmuxServer } from 'tmuxpect'
import { makeTmuxTmpdir, removeTree, tmuxBinary } from './census.js'

export { tmuxBinary }

/** The tmux CLI, as a person would use it by hand; '' when tmux fails. */
export function tmuxCli(socket: string, ...args: string[]): string {
  try {
    return execFileSync(tmuxBinary(), ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  } catch {
    return ''
  }
}

export interface PrivateTmux {
  tmuxTmpdir: string
  /** The file's server, started before its first test. */
  server: TmuxServer
  /** Run after each test, last first. */
  cleanups: (() => Promise<unknown> | unknown)[]
  /** The outer server's socket name, if one was asked for. */
  outerSocket: string
}

export function usePrivateTmux(options: { outerSocketPrefix?: string } = {}): PrivateTmux {
  const tmuxTmpdir = makeTmuxTmpdir()
  process.env.TMUX_TMPDIR = tmuxTmpdir
  const outerSocket = options.outerSocketPrefix ? `${options.outerSocketPrefix}-${process.pid}-${randomBytes(3).toString('hex')}` : ''
  const harness: PrivateTmux = { tmuxTmpdir, server: undefined as unknown as TmuxServer, cleanups: [], outerSocket }
  beforeAll(async () => {
    harness.server = await TmuxServer.start()
  })
  afterEach(async () => {
    for (const cleanup of harness.cleanups.splice(0).reverse()) await cleanup()
  })
  afterAll(async () => {
    await harness.server?.kill()
    if (outerSocket) tmuxCli(outerSocket, 'kill-server')
    removeTree(tmuxTmpdir)
  })
  return harness
}

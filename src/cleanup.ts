/**
 * Cleanup layers below the fixture: an exit hook that ends owned servers on
 * exit, SIGINT and SIGTERM, and the reaper, which removes servers whose
 * owner process is dead (only `tmuxpect-<pid>-…` sockets, never anything
 * else). Ending one session's program after kill() is in ending.ts.
 */
import { readdirSync, realpathSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { onExit } from 'signal-exit'
import { killServerWithCli, queryServer } from './channel.js'
import { pollUntil } from './ending.js'
import { socketOwnerPid } from './naming.js'
import { assertObject, booleanField, readOptions } from './options.js'
import { isProcessAlive, processesWithVariable, sessionProcesses } from './processes.js'
import { hostProfile } from './profile.js'
import { REAPER_FORMAT } from './tmux-commands.js'

export interface ExitHookTarget {
  /** Synchronous last-chance cleanup: no awaiting in an exit hook. */
  killNow(): void
}

const liveTargets = new Set<ExitHookTarget>()
let exitHookInstalled = false

export function registerForExit(target: ExitHookTarget): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true
    onExit(killAllNow)
    // A test runner's forked worker outlives a runner that exits on SIGTERM
    // (vitest's main process exits without waiting for its forks): the
    // worker, still inside a hung test, keeps the control client and so the
    // server alive. The IPC channel closing is the sign; end the servers then,
    // which also ends the hung wait, and the worker exits on its next send.
    if (isTestRunnerWorker()) process.once('disconnect', killAllNow)
  }
  liveTargets.add(target)
}

function killAllNow(): void {
  for (const target of liveTargets) {
    try {
      target.killNow()
    } catch {
      // keep going: the other servers still need ending
    }
  }
}

function isTestRunnerWorker(): boolean {
  return typeof process.send === 'function' && (process.env.VITEST !== undefined || process.env.JEST_WORKER_ID !== undefined)
}

export function unregisterForExit(target: ExitHookTarget): void {
  liveTargets.delete(target)
}

/** Where tmux puts `-L` sockets: `$TMUX_TMPDIR/tmux-<uid>` (default /tmp). */
export function socketDirectory(): string {
  return join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`)
}

export function removeSocketFile(socketPath: string): void {
  rmSync(socketPath, { force: true })
}

export { isProcessAlive }

/**
 * An owned server that lost its control client is of no use: end it (the
 * dead-man switch usually has already) and, once it is gone, remove the
 * socket file tmux 3.3a leaves behind. Checking only once, at the moment
 * the control client's exit was seen, raced the server's own exit and left
 * the socket file about one run in ten.
 */
export async function endServerAndRemoveSocket(serverPid: number, socketPath: string): Promise<void> {
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    if (await pollUntil(() => !isProcessAlive(serverPid), signal === 'SIGTERM' ? 200 : 2000)) break
    try {
      process.kill(serverPid, signal)
    } catch {
      // gone meanwhile
    }
  }
  if (await pollUntil(() => !isProcessAlive(serverPid), 2000)) removeSocketFile(socketPath)
}

/** SIGKILL a pane's program and everything in its terminal session, now. */
export function killSessionProcessesNow(leader: number): void {
  for (const pid of sessionProcesses(leader)) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
}

export interface ReapReport {
  /** Servers killed and their sockets removed. */
  reaped: string[]
  /** Socket files whose server was already gone, removed. */
  removedSockets: string[]
  /** Orphaned servers left alone because they hold sessions kept on purpose. */
  keptServers: string[]
  /** PIDs of programs that outlived their reaped server (they ignored SIGHUP), ended with SIGKILL. */
  endedPrograms: number[]
}

const REAP_FIELDS = {
  includeKept: booleanField,
  env: (value: unknown, key: string) => {
    assertObject(value, key)
    return value as Record<string, string>
  },
}

export interface ReapOptions {
  /** Also kill orphaned servers that hold kept sessions (default false). */
  includeKept?: boolean
  /** Environment for the tmux CLI calls (default: tmuxpect's pinned profile). */
  env?: Record<string, string>
}

/**
 * Kill tmuxpect servers whose owner process is dead and remove their
 * sockets. Looks only at `tmuxpect-<pid>-<hex>` sockets: any other tmux
 * server, the user's own included, is never touched.
 */
export async function reapStaleServers(reapOptions: ReapOptions = {}): Promise<ReapReport> {
  const read = readOptions(reapOptions, 'reapStaleServers options', REAP_FIELDS)
  const options = { includeKept: read.includeKept ?? false, env: read.env ?? hostProfile().env }
  const report: ReapReport = { reaped: [], removedSockets: [], keptServers: [], endedPrograms: [] }
  const directory = socketDirectory()
  let names: string[]
  try {
    names = readdirSync(directory)
  } catch {
    return report
  }
  for (const name of names) {
    const owner = socketOwnerPid(name)
    if (owner === undefined || isProcessAlive(owner)) continue
    const path = join(directory, name)
    try {
      if (!statSync(path).isSocket()) continue
    } catch {
      continue
    }
    const sessions = await queryServer(name, options.env, REAPER_FORMAT)
    if (sessions === undefined) {
      removeSocketFile(path)
      report.removedSockets.push(name)
      continue
    }
    const holdsKept = sessions.includes('kept')
    if (holdsKept && !options.includeKept) {
      report.keptServers.push(name)
      continue
    }
    await killServerWithCli(name, options.env)
    removeSocketFile(path)
    report.reaped.push(name)
  }
  const goneSockets = [...report.reaped, ...report.removedSockets]
  if (goneSockets.length > 0) report.endedPrograms = killOrphanedPrograms(directory, goneSockets)
  return report
}

/**
 * A program that ignores SIGHUP outlives its server when the owner was
 * SIGKILLed (the dead-man switch ends tmux, and tmux only sends SIGHUP).
 * tmux gave every pane `TMUX=<socket path>,<server pid>,<n>` and children
 * inherit it, so their environment still tells whose they were: SIGKILL those.
 */
function killOrphanedPrograms(directory: string, sockets: string[]): number[] {
  let resolved = directory
  try {
    resolved = realpathSync(directory)
  } catch {
    // keep the path as given
  }
  const prefixes = sockets.flatMap((name) => [`TMUX=${join(directory, name)},`, `TMUX=${join(resolved, name)},`])
  const ended: number[] = []
  for (const pid of processesWithVariable(prefixes)) {
    try {
      process.kill(pid, 'SIGKILL')
      ended.push(pid)
    } catch {
      // gone meanwhile
    }
  }
  return ended
}

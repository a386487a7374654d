/**
 * What tmuxpect has running on this machine, for `npx tmuxpect ls` and
 * `attach`: every `tmuxpect-<pid>-…` socket in the socket directory, whether
 * its owner process still runs, and the sessions its server holds.
 */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { queryServer } from './channel.js'
import { tmuxBinary } from './tmux-version.js'
import { isProcessAlive, socketDirectory } from './cleanup.js'
import { CONTROL_SESSION, socketOwnerPid } from './naming.js'
import { hostProfile } from './profile.js'
import { commandFromJson } from './spawn-request.js'
import { INVENTORY_FORMAT, attachLine } from './tmux-commands.js'

export interface ServerEntry {
  /** The socket name (`tmux -L <socket>`). */
  socket: string
  /** The socket file. */
  socketPath: string
  /** The PID in the socket's name: the process that started the server. */
  ownerPid: number
  /** Whether that process still runs. */
  ownerAlive: boolean
  /** 'alive': its owner runs; 'orphaned': its owner is gone, the server is not; 'stale': only the socket file is left. */
  state: 'alive' | 'orphaned' | 'stale'
  /** The tmux server's PID (0 for a stale socket). */
  serverPid: number
  /** When the server started (undefined for a stale socket). */
  started: Date | undefined
  sessions: SessionEntry[]
}

export interface SessionEntry {
  name: string
  created: Date
  /** The program as given to `spawn` (argv array or shell string); undefined for a session made outside tmuxpect. */
  command: string[] | string | undefined
  /** Kept on purpose (`session.keep()`, `TMUXPECT_KEEP=1`). */
  kept: boolean
  /** The program has exited (its last screen stays readable). */
  exited: boolean
  /** Clients attached to it (people watching; tmuxpect's own client is attached elsewhere). */
  watchers: number
  cols: number
  rows: number
  /** The line that attaches a person read-only. */
  attachCommand: string
}

/** Every tmuxpect server in the socket directory (`$TMUX_TMPDIR/tmux-<uid>`), oldest socket name first. */
export async function listServers(env: Record<string, string> = hostProfile().env): Promise<ServerEntry[]> {
  const directory = socketDirectory()
  let names: string[]
  try {
    names = readdirSync(directory)
  } catch {
    return []
  }
  const sockets = names.filter((name) => socketOwnerPid(name) !== undefined && isSocket(join(directory, name))).sort()
  return Promise.all(sockets.map((socket) => describeServer(directory, socket, env)))
}

async function describeServer(directory: string, socket: string, env: Record<string, string>): Promise<ServerEntry> {
  const ownerPid = socketOwnerPid(socket)!
  const lines = await queryServer(socket, env, INVENTORY_FORMAT)
  const ownerAlive = isProcessAlive(ownerPid)
  const entry: ServerEntry = {
    socket,
    socketPath: join(directory, socket),
    ownerPid,
    ownerAlive,
    state: lines === undefined ? 'stale' : ownerAlive ? 'alive' : 'orphaned',
    serverPid: 0,
    started: undefined,
    sessions: [],
  }
  for (const line of lines ?? []) {
    const [name = '', created, command, kept, dead, attached, cols, rows, serverPid, started] = line.split('\t')
    entry.serverPid = Number(serverPid)
    entry.started = new Date(Number(started) * 1000)
    if (name === CONTROL_SESSION) continue
    entry.sessions.push({
      name,
      created: new Date(Number(created) * 1000),
      command: commandFromJson(command) as SessionEntry['command'],
      kept: kept === '1',
      exited: dead === '1',
      watchers: Number(attached),
      cols: Number(cols),
      rows: Number(rows),
      attachCommand: attachLine(socket, name, tmuxBinary()),
    })
  }
  return entry
}

/** The sessions of that name, on any server (or on one socket). */
export async function findSessions(name: string, socket?: string): Promise<{ server: ServerEntry; session: SessionEntry }[]> {
  const servers = (await listServers()).filter((server) => socket === undefined || server.socket === socket)
  return servers.flatMap((server) => server.sessions.filter((session) => session.name === name).map((session) => ({ server, session })))
}

function isSocket(path: string): boolean {
  try {
    return statSync(path).isSocket()
  } catch {
    return false
  }
}

/**
 * TmuxServer: one isolated tmux server (own `-L` socket, `-f /dev/null`),
 * owned by exactly one object, driven through one control-mode client.
 * The sessions it knows, and how each one ends, are in registry.ts.
 */
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { ControlChannel, checkTmuxVersion, killServerWithCli, runTmuxSync } from './channel.js'
import { needsDrainPipe } from './drain-pipe.js'
import { tmuxBinary } from './tmux-version.js'
import {
  endServerAndRemoveSocket,
  isProcessAlive,
  killSessionProcessesNow,
  reapStaleServers,
  registerForExit,
  removeSocketFile,
  socketDirectory,
  unregisterForExit,
} from './cleanup.js'
import { OptionError, ServerGoneError, SessionExistsError, TmuxCommandError } from './errors.js'
import { CONTROL_SESSION, newSocketName } from './naming.js'
import { describeValue, readOptions, tmuxField } from './options.js'
import { hostProfile } from './profile.js'
import { SessionRegistry } from './registry.js'
import type { SessionHost } from './host.js'
import { Session } from './session.js'
import { commandFromJson, prepareSpawn, toArgv, type Command, type SpawnOptions, type SpawnRequest } from './spawn-request.js'
import * as tmux from './tmux-commands.js'

export type { IfExists, SpawnOptions } from './spawn-request.js'

export interface StartOptions {
  /** Socket name; default `tmuxpect-<pid>-<random>`. */
  socket?: string
  /** The tmux binary (path or name); default `configure({ tmux })`, else TMUXPECT_TMUX, else `tmux`. */
  tmux?: string
}

const START_FIELDS = {
  socket: (value: unknown, key: string) => {
    if (typeof value !== 'string' || !/^[\w.-]+$/.test(value)) {
      throw new OptionError(`${key} must be a name of letters, digits, "_", "." and "-", got ${describeValue(value)}`)
    }
    return value
  },
  tmux: tmuxField,
}

let reaping: Promise<unknown> | undefined
/** Adopted windows are linked into the control session at this index plus their id; spawned ones at the next free index, far below. */
const ADOPTED_WINDOW_INDEX_BASE = 100_000

export class TmuxServer {
  /** The socket name (`tmux -L <socket>`). */
  readonly socket: string
  /** True for a server this object started; false for one it connected to. */
  readonly owned: boolean
  /** The tmux server's PID. */
  serverPid = 0
  /** Full path of the socket file. */
  socketPath: string
  /** The tmux binary this server runs (its attach lines name it), and the version the server reports (`#{version}`, e.g. "3.3a"). */
  readonly tmux: string
  tmuxVersion: string
  private readonly channel: ControlChannel
  private readonly registry: SessionRegistry
  /** What sessions see of this server. */
  private readonly host: SessionHost
  private killing: Promise<void> | undefined
  private keepingAlive = false
  /** close() detached on purpose: the server and the sessions in it live on. */
  private detaching = false

  private constructor(socket: string, channel: ControlChannel, owned: boolean, binary: { tmux: string; version: string }) {
    this.socket = socket
    this.tmux = binary.tmux
    this.tmuxVersion = binary.version
    this.channel = channel
    this.owned = owned
    this.socketPath = join(socketDirectory(), socket)
    const registry = (this.registry = new SessionRegistry(channel))
    const version = () => this.tmuxVersion
    this.host = {
      socket,
      tmux: binary.tmux,
      get tmuxVersion() {
        return version()
      },
      channel,
      get goneError() {
        return channel.closeReason
      },
      endSession: (session, reason) => registry.endSession(session, reason),
      trackProgramEnd: (pid) => registry.trackProgramEnd(pid),
      keepAlive: () => this.keepAlive(),
    }
    channel.onOutput = (paneId, line, dataStart) => registry.output(paneId, line, dataStart)
    channel.onNotification = (line) => registry.notification(line)
    channel.onClose = () => this.handleClose()
  }

  /** Start a fresh, isolated server. Stale servers of dead owners are reaped first. */
  static async start(options: StartOptions = {}): Promise<TmuxServer> {
    const read = readOptions(options, 'TmuxServer.start options', START_FIELDS)
    const version = await checkTmuxVersion(read.tmux)
    const binary = { tmux: tmuxBinary(read.tmux), version }
    const profile = hostProfile()
    reaping ??= reapStaleServers({ env: profile.env }).catch(() => undefined)
    await reaping
    const socket = read.socket ?? newSocketName()
    // The control session's own window just idles.
    const channel = new ControlChannel({ tmux: binary.tmux, socket, env: profile.env, mode: { create: { session: CONTROL_SESSION, program: ['cat'] } } })
    const server = new TmuxServer(socket, channel, true, binary)
    registerForExit(server)
    try {
      // The dead-man switch: with our client attached, the server exits when
      // it detaches, however this process dies (set before any client is
      // attached, it would end the fresh server at once).
      await channel.command(tmux.exitUnattached(true))
      await Promise.all(channel.pipeline(tmux.profileCommands(profile.terminal)))
      await server.readServerInfo()
    } catch (error) {
      await server.kill()
      throw error
    }
    return server
  }

  /**
   * A handle on a running tmuxpect server (e.g. one started in vitest's
   * globalSetup, shared across workers). Closing the handle ends only the
   * sessions it created; the owner ends the server. `tmux`: its binary, as for start().
   */
  static async connect(socket: string, options: { tmux?: string } = {}): Promise<TmuxServer> {
    if (typeof socket !== 'string' || socket === '') throw new OptionError(`connect(socket) needs a socket name, got ${describeValue(socket)}`)
    const read = readOptions(options, 'TmuxServer.connect options', { tmux: tmuxField })
    const binary = { tmux: tmuxBinary(read.tmux), version: await checkTmuxVersion(read.tmux) }
    const channel = new ControlChannel({ tmux: binary.tmux, socket, env: hostProfile().env, mode: { attach: { session: CONTROL_SESSION } } })
    const server = new TmuxServer(socket, channel, false, binary)
    registerForExit(server)
    try {
      await server.readServerInfo()
    } catch (error) {
      unregisterForExit(server)
      channel.terminate()
      if (error instanceof ServerGoneError) {
        throw new ServerGoneError(`no tmuxpect server answers on socket ${socket} (${error.message})`, socket)
      }
      throw error
    }
    return server
  }

  private async readServerInfo(): Promise<void> {
    const [line] = await this.channel.command(tmux.serverInfo)
    const [pid, path, version] = line!.split('\t')
    this.serverPid = Number(pid)
    if (path) this.socketPath = path
    if (version) this.tmuxVersion = version
  }

  /** Start `command` in a new session (argv array run as is, or a string run by `sh -c`). */
  async spawn(command: Command, options: SpawnOptions = {}): Promise<Session> {
    const request = prepareSpawn(command, options)
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.registry.whileSpawning(() => this.create(request))
      } catch (error) {
        if (!(error instanceof TmuxCommandError) || error.kind !== 'duplicate-session') throw error
      }
      if (request.ifExists === 'error') {
        throw new SessionExistsError(
          `a session named ${JSON.stringify(request.name)} already runs on server ${this.socket} (use ifExists: 'reuse' or 'replace')`,
          request.name,
        )
      }
      const existing = await this.adopt(request.name)
      existing?.masking.add(request.secrets)
      if (request.ifExists === 'reuse' && existing) return existing
      if (request.ifExists === 'replace' && existing) await existing.kill()
      if (attempt >= 5) throw new SessionExistsError(`could not ${request.ifExists} session ${JSON.stringify(request.name)}: it keeps changing`, request.name)
    }
  }

  /** Attach-or-create: the running session of that name, or a new one. Race-safe across processes. */
  ensure(name: string, command: Command, options: Omit<SpawnOptions, 'name' | 'ifExists'> = {}): Promise<Session> {
    return this.spawn(command, { ...options, name, ifExists: 'reuse' })
  }

  private async create(request: SpawnRequest): Promise<Session> {
    const replies = await this.channel.group(tmux.newSessionCommands(request, CONTROL_SESSION, needsDrainPipe(this.tmuxVersion)))
    const [windowId, paneId, panePid] = replies[0]![0]!.split('\t')
    // The request's name, size, command, argv, cwd, env and secrets, with what tmux made.
    const session = new Session(this, this.host, { ...request, windowId: windowId!, paneId: paneId!, panePid: Number(panePid) })
    this.registry.add(session, true)
    return session
  }

  /** A handle on an existing session by name (undefined if there is none). */
  private async adopt(name: string): Promise<Session | undefined> {
    const known = this.registry.named(name)
    if (known) return known
    let line: string | undefined
    try {
      ;[line] = await this.channel.command(tmux.describeSession(name))
    } catch (error) {
      if (error instanceof TmuxCommandError) return undefined
      throw error
    }
    const session = this.sessionFromListing(line!)
    const linked = await this.channel.command(tmux.listWindows(CONTROL_SESSION))
    if (!linked.includes(session.windowId)) {
      // Processes adopting at once all see "not linked": link at an index
      // that only this window can have, so tmux refuses every link but one
      // (a second link of a window doubles its %output).
      const index = ADOPTED_WINDOW_INDEX_BASE + Number(session.windowId.slice(1))
      try {
        await this.channel.command(tmux.linkWindowAt(session.windowId, CONTROL_SESSION, index))
      } catch (error) {
        if (!(error instanceof TmuxCommandError) || error.kind !== 'index-in-use') throw error
      }
    }
    return session
  }

  private sessionFromListing(line: string): Session {
    const [name, windowId, paneId, panePid, cols, rows, commandJson, kept] = line.split('\t')
    const known = this.registry.withPane(paneId!)
    if (known) return known
    const command = commandFromJson(commandJson)
    const session = new Session(this, this.host, {
      name: name!,
      windowId: windowId!,
      paneId: paneId!,
      panePid: Number(panePid),
      cols: Number(cols),
      rows: Number(rows),
      command,
      argv: command === undefined ? undefined : toArgv(command),
      cwd: undefined,
      env: {},
    })
    if (kept === '1') session.adoptKept()
    this.registry.add(session, false)
    return session
  }

  /** Every session on the server (tmuxpect's control session aside). */
  async sessions(): Promise<Session[]> {
    const lines = await this.channel.command(tmux.listAllPanes)
    return lines.filter((line) => !line.startsWith(CONTROL_SESSION + '\t')).map((line) => this.sessionFromListing(line))
  }

  /**
   * End this handle's use of the server: kill the sessions it created
   * (except kept ones); an owned server is killed unless it holds kept
   * sessions, in which case it is left running for a person to attach.
   */
  async close(): Promise<void> {
    const anyKept = this.registry.all.some((session) => session.isKept)
    if (this.owned && !anyKept) return this.kill()
    await Promise.all(this.registry.created.filter((session) => !session.isKept).map((session) => session.kill()))
    await this.registry.programsEnded()
    unregisterForExit(this)
    this.detaching = true
    await this.channel.detach()
  }

  /** Kill the server and everything in it, and remove its socket file. Idempotent. */
  kill(): Promise<void> {
    this.killing ??= this.killOnce()
    return this.killing
  }

  private async killOnce(): Promise<void> {
    await Promise.all(this.registry.all.map((session) => session.kill()))
    if (!this.channel.closed) this.channel.command(tmux.killServer).catch(() => {})
    // An unref'd timer: a script that kills its server must not then idle for 2 s before exiting.
    const exited = await Promise.race([this.channel.exited().then(() => true), sleep(2000, undefined, { ref: false }).then(() => false)])
    if (!exited) {
      // Last resort: the CLI, then the server's PID.
      await killServerWithCli(this.socket, hostProfile().env, this.tmux)
      this.channel.terminate()
    }
    await this.registry.programsEnded()
    if (this.serverPid && isProcessAlive(this.serverPid)) {
      try {
        process.kill(this.serverPid, 'SIGKILL')
      } catch {
        // gone meanwhile
      }
    }
    // tmux 3.3a leaves the socket file behind after kill-server.
    removeSocketFile(this.socketPath)
    unregisterForExit(this)
  }

  /** @internal exit hook: synchronous, no awaiting. */
  killNow(): void {
    // The control client first, before anything here can block (at exit the channel's handler
    // may have ended it; on a runner's 'disconnect' nothing else does). Left running, it held
    // the server after Ctrl-C of a vitest run (3 of 5 runs of shared-server.test.ts).
    this.channel.terminate()
    const sessions = this.registry.all
    const anyKept = sessions.some((session) => session.isKept)
    const doomed = this.owned && !anyKept ? sessions : this.registry.created.filter((session) => !session.isKept)
    for (const session of doomed) killSessionProcessesNow(session.panePid)
    if (this.owned && !anyKept) {
      try {
        process.kill(this.serverPid, 'SIGTERM')
      } catch {
        // already gone
      }
      removeSocketFile(this.socketPath)
    } else if (doomed.length > 0 && !this.channel.closed) {
      runTmuxSync(hostProfile().env, tmux.killWindowsArgs(this.socket, doomed.map((session) => session.windowId)), this.tmux)
    }
  }

  /** @internal one raw tmux command over the control client (tests look at server options with it). */
  command(line: string): Promise<string[]> {
    return this.channel.command(line)
  }

  private async keepAlive(): Promise<void> {
    if (this.keepingAlive) return
    this.keepingAlive = true
    await this.channel.command(tmux.exitUnattached(false))
  }

  private handleClose(): void {
    if (this.detaching) {
      // Only this handle let go: the programs run on, whoever else uses them.
      this.registry.loseAll(`its handle on server ${this.socket} was closed`, false)
      return
    }
    this.registry.loseAll(`the tmux server ${this.socket} is gone`, true)
    if (this.owned && !this.keepingAlive) {
      unregisterForExit(this)
      void endServerAndRemoveSocket(this.serverPid, this.socketPath)
    }
  }

  /** Why the server is unusable, if it is. */
  get goneError(): ServerGoneError | undefined {
    return this.channel.closeReason
  }
}

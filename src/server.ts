/**
 * TmuxServer: one isolated tmux server (own `-L` socket, `-f /dev/null`),
 * owned by exactly one object, driven through one control-mode client.
 */
import { accessSync, constants as fsConstants, statSync } from 'node:fs'
import { delimiter, isAbsolute, join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  ControlChannel,
  checkTmuxVersion,
  killServerWithCli,
  runTmuxSync,
} from './channel.js'
import {
  isProcessAlive,
  killSessionProcessesNow,
  ensureSessionProcessesEnded,
  reapStaleServers,
  registerForExit,
  removeSocketFile,
  endServerAndRemoveSocket,
  socketDirectory,
  unregisterForExit,
  type ExitHookTarget,
} from './cleanup.js'
import {
  OptionError,
  ProgramNotFoundError,
  ServerGoneError,
  SessionExistsError,
  TmuxCommandError,
} from './errors.js'
import { CONTROL_SESSION, newSocketName, sessionNameFor, validateSessionName } from './naming.js'
import { assertKnownKeys, assertObject, describeValue, validateSize } from './options.js'
import { drainPipeCommand, hostProfile, profileCommands } from './profile.js'
import { commandLine, quoteArgument } from './quote.js'
import { Session, environmentFlags, type Command } from './session.js'

export type IfExists = 'error' | 'reuse' | 'replace'

export interface SpawnOptions {
  /** Session name; validated (no `.` or `:`). Default: a short random name. */
  name?: string
  /** Working directory of the program (must exist). */
  cwd?: string
  /** Variables added to the clean, pinned environment. */
  env?: Record<string, string>
  /** Terminal width, default 80. */
  cols?: number
  /** Terminal height, default 24. */
  rows?: number
  /** When the name is taken: 'error' (default), 'reuse' the running session, or 'replace' it. */
  ifExists?: IfExists
}

export interface StartOptions {
  /** Socket name; default `tmuxpect-<pid>-<random>`. */
  socket?: string
}

const SPAWN_OPTIONS = ['name', 'cwd', 'env', 'cols', 'rows', 'ifExists'] as const
const SESSION_FORMAT =
  '#{session_name}\t#{window_id}\t#{pane_id}\t#{pane_pid}\t#{pane_width}\t#{pane_height}\t#{@tmuxpect_command}\t#{@tmuxpect_kept}'

let reaping: Promise<unknown> | undefined
/** Adopted windows are linked into the control session at this index plus their id; spawned ones at the next free index, far below. */
const ADOPTED_WINDOW_INDEX_BASE = 100_000

export class TmuxServer implements ExitHookTarget {
  /** The socket name (`tmux -L <socket>`). */
  readonly socket: string
  /** True for a server this object started; false for one it connected to. */
  readonly owned: boolean
  /** The tmux server's PID. */
  serverPid = 0
  /** Full path of the socket file. */
  socketPath: string
  private readonly channel: ControlChannel
  private readonly sessionsByPane = new Map<string, Session>()
  private readonly sessionsByName = new Map<string, Session>()
  /** Sessions this handle created (the ones close() may end). */
  private readonly created = new Set<Session>()
  private readonly programEnds = new Set<Promise<void>>()
  private killing: Promise<void> | undefined
  private keepingAlive = false
  /** close() detached on purpose: the server and the sessions in it live on. */
  private detaching = false
  private checkingSessions = false
  private recheckSessions = false
  /**
   * `%output` of panes not registered yet, kept only while a spawn is in
   * flight: a new program's first output can come in the same read as the
   * reply that names its pane, before the Session exists (its recording
   * would miss the start).
   */
  private earlyOutput: Map<string, Buffer[]> | undefined
  private earlyOutputBytes = 0
  private spawning = 0

  private constructor(socket: string, channel: ControlChannel, owned: boolean) {
    this.socket = socket
    this.channel = channel
    this.owned = owned
    this.socketPath = join(socketDirectory(), socket)
    channel.onOutput = (paneId, line, dataStart) => {
      const session = this.sessionsByPane.get(paneId)
      if (session) session.noteOutput(line, dataStart)
      else if (this.earlyOutput) this.keepEarlyOutput(paneId, line, dataStart)
    }
    channel.onNotification = (line) => this.handleNotification(line)
    channel.onClose = (error) => this.handleClose(error)
  }

  /** Start a fresh, isolated server. Stale servers of dead owners are reaped first. */
  static async start(options: StartOptions = {}): Promise<TmuxServer> {
    assertObject(options, 'TmuxServer.start options')
    assertKnownKeys(options, ['socket'], 'TmuxServer.start options')
    if (options.socket !== undefined && (typeof options.socket !== 'string' || !/^[\w.-]+$/.test(options.socket))) {
      throw new OptionError(`socket must be a name of letters, digits, "_", "." and "-", got ${describeValue(options.socket)}`)
    }
    await checkTmuxVersion()
    const profile = hostProfile()
    reaping ??= reapStaleServers({ env: profile.env }).catch(() => undefined)
    await reaping
    const socket = options.socket ?? newSocketName()
    const channel = new ControlChannel({
      socket,
      env: profile.env,
      // The control session's own window just idles.
      mode: { create: { session: CONTROL_SESSION, program: ['cat'] } },
    })
    const server = new TmuxServer(socket, channel, true)
    registerForExit(server)
    try {
      // The dead-man switch: with our client attached, the server exits when
      // it detaches, however this process dies (set before any client is
      // attached, it would end the fresh server at once).
      await channel.command('set-option -g exit-unattached on')
      await Promise.all(channel.pipeline(profileCommands(profile.terminal)))
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
   * sessions it created; the owner ends the server.
   */
  static async connect(socket: string): Promise<TmuxServer> {
    if (typeof socket !== 'string' || socket === '') throw new OptionError(`connect(socket) needs a socket name, got ${describeValue(socket)}`)
    await checkTmuxVersion()
    const channel = new ControlChannel({ socket, env: hostProfile().env, mode: { attach: { session: CONTROL_SESSION } } })
    const server = new TmuxServer(socket, channel, false)
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
    const [line] = await this.channel.command("display-message -p '#{pid}\t#{socket_path}'")
    const [pid, path] = line!.split('\t')
    this.serverPid = Number(pid)
    if (path) this.socketPath = path
  }

  /** Start `command` in a new session (argv array run as is, or a string run by `sh -c`). */
  async spawn(command: Command, options: SpawnOptions = {}): Promise<Session> {
    const request = this.prepareSpawn(command, options)
    const ifExists = options.ifExists ?? 'error'
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.create(request)
      } catch (error) {
        if (!(error instanceof TmuxCommandError) || !/duplicate session/.test(error.message)) throw error
      }
      if (ifExists === 'error') {
        throw new SessionExistsError(
          `a session named ${JSON.stringify(request.name)} already runs on server ${this.socket} (use ifExists: 'reuse' or 'replace')`,
          request.name,
        )
      }
      const existing = await this.adopt(request.name)
      if (ifExists === 'reuse' && existing) return existing
      if (ifExists === 'replace' && existing) await existing.kill()
      if (attempt >= 5) throw new SessionExistsError(`could not ${ifExists} session ${JSON.stringify(request.name)}: it keeps changing`, request.name)
    }
  }

  /** Attach-or-create: the running session of that name, or a new one. Race-safe across processes. */
  ensure(name: string, command: Command, options: Omit<SpawnOptions, 'name' | 'ifExists'> = {}): Promise<Session> {
    return this.spawn(command, { ...options, name, ifExists: 'reuse' })
  }

  private prepareSpawn(command: Command, options: SpawnOptions) {
    assertObject(options, 'spawn options')
    assertKnownKeys(options, SPAWN_OPTIONS, 'spawn options')
    const name = options.name === undefined ? sessionNameFor(undefined) : validateSessionName(options.name)
    const cols = options.cols === undefined ? 80 : validateSize(options.cols, 'cols')
    const rows = options.rows === undefined ? 24 : validateSize(options.rows, 'rows')
    if (options.ifExists !== undefined && !(['error', 'reuse', 'replace'] as unknown[]).includes(options.ifExists)) {
      throw new OptionError(`ifExists must be 'error', 'reuse' or 'replace', got ${describeValue(options.ifExists)}`)
    }
    const env = validateEnv(options.env)
    const cwd = validateCwd(options.cwd)
    const argv = toArgv(command)
    if (Array.isArray(command)) {
      resolveProgram(command[0]!, env.PATH ?? hostProfile().env.PATH ?? '', cwd ?? process.cwd())
    }
    return { name, cols, rows, env, cwd, argv, command }
  }

  private async create(request: ReturnType<TmuxServer['prepareSpawn']>): Promise<Session> {
    const windowTarget = quoteArgument('=' + request.name + ':')
    this.spawning++
    this.earlyOutput ??= new Map()
    try {
      return await this.createSession(request, windowTarget)
    } finally {
      if (--this.spawning === 0) {
        this.earlyOutput = undefined
        this.earlyOutputBytes = 0
      }
    }
  }

  private keepEarlyOutput(paneId: string, line: Buffer, dataStart: number): void {
    // Bounded: output of panes that are not ours (a shared server's other sessions) must not pile up.
    if (this.earlyOutputBytes > 1 << 20) return
    const data = Buffer.from(line.subarray(dataStart))
    this.earlyOutputBytes += data.length
    const kept = this.earlyOutput!.get(paneId)
    if (kept) kept.push(data)
    else this.earlyOutput!.set(paneId, [data])
  }

  private async createSession(request: ReturnType<TmuxServer['prepareSpawn']>, windowTarget: string): Promise<Session> {
    // One command list, run back to back: if new-session fails (name taken),
    // tmux skips the rest, so we never link someone else's window.
    const replies = await this.channel.group([
      // new-session expands formats in -s (`build#S` would name the session
      // "build<current session>"): `##` is a literal `#`.
      `new-session -d -s ${quoteArgument(request.name.replaceAll('#', '##'))} -x ${request.cols} -y ${request.rows}` +
        environmentFlags(request.cwd ?? process.cwd(), request.env) +
        " -P -F '#{window_id}\t#{pane_id}\t#{pane_pid}' " +
        commandLine('--', ...request.argv),
      // %output only flows for the control client's own session: link the
      // test's window into it so the one client hears every pane.
      `link-window -d -s ${windowTarget} -t ${quoteArgument(CONTROL_SESSION + ':')}`,
      `set-option -t ${windowTarget} @tmuxpect_command ${quoteArgument(JSON.stringify(request.command))}`,
      // Pin this window's size: a person attaching (or a read-only watcher,
      // once no other client is attached) would otherwise resize it to their
      // terminal. Per window only: `set -g window-size manual` crashes tmux 3.3a.
      `set-option -w -t ${windowTarget} window-size manual`,
      // tmux 3.3a destroys an exited program's pane without reading what is
      // left in its pty unless the pane is piped (window_pane_destroy_ready):
      // a program that printed a lot, then exited while tmux was behind,
      // lost its last lines. A pipe to a sink makes tmux drain it first.
      drainPipeCommand(windowTarget),
    ])
    const [windowId, paneId, panePid] = replies[0]![0]!.split('\t')
    const session = new Session(this, {
      name: request.name,
      windowId: windowId!,
      paneId: paneId!,
      panePid: Number(panePid),
      cols: request.cols,
      rows: request.rows,
      command: request.command,
      argv: request.argv,
      cwd: request.cwd ?? process.cwd(),
      env: request.env,
    })
    this.register(session)
    this.created.add(session)
    for (const data of this.earlyOutput?.get(session.paneId) ?? []) session.noteOutput(data, 0)
    this.earlyOutput?.delete(session.paneId)
    return session
  }

  /** A handle on an existing session by name (undefined if there is none). */
  private async adopt(name: string): Promise<Session | undefined> {
    const known = this.sessionsByName.get(name)
    if (known) return known
    let line: string | undefined
    try {
      ;[line] = await this.channel.command(`display-message -p -t ${quoteArgument('=' + name + ':')} '${SESSION_FORMAT}'`)
    } catch (error) {
      if (error instanceof TmuxCommandError) return undefined
      throw error
    }
    const session = this.sessionFromListing(line!)
    const linked = await this.channel.command(`list-windows -t ${quoteArgument('=' + CONTROL_SESSION)} -F '#{window_id}'`)
    if (!linked.includes(session.windowId)) {
      // Processes adopting at once all see "not linked": link at an index
      // that only this window can have, so tmux refuses every link but one
      // (a second link of a window doubles its %output).
      const index = ADOPTED_WINDOW_INDEX_BASE + Number(session.windowId.slice(1))
      try {
        await this.channel.command(`link-window -d -s ${session.windowId} -t ${quoteArgument(`=${CONTROL_SESSION}:${index}`)}`)
      } catch (error) {
        if (!(error instanceof TmuxCommandError) || !/same index/.test(error.message)) throw error
      }
    }
    return session
  }

  private sessionFromListing(line: string): Session {
    const [name, windowId, paneId, panePid, cols, rows, commandJson, kept] = line.split('\t')
    const known = this.sessionsByPane.get(paneId!)
    if (known) return known
    let command: Command | undefined
    try {
      command = commandJson ? (JSON.parse(commandJson) as Command) : undefined
    } catch {
      command = undefined
    }
    const session = new Session(this, {
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
    this.register(session)
    return session
  }

  /** Every session on the server (tmuxpect's control session aside). */
  async sessions(): Promise<Session[]> {
    const lines = await this.channel.command(`list-panes -a -F '${SESSION_FORMAT}'`)
    return lines.filter((line) => !line.startsWith(CONTROL_SESSION + '\t')).map((line) => this.sessionFromListing(line))
  }

  private register(session: Session): void {
    this.sessionsByPane.set(session.paneId, session)
    this.sessionsByName.set(session.name, session)
  }

  /**
   * End this handle's use of the server: kill the sessions it created
   * (except kept ones); an owned server is killed unless it holds kept
   * sessions, in which case it is left running for a person to attach.
   */
  async close(): Promise<void> {
    const all = [...this.sessionsByName.values()]
    const anyKept = all.some((session) => session.isKept)
    if (this.owned && !anyKept) return this.kill()
    await Promise.all([...this.created].filter((session) => !session.isKept).map((session) => session.kill()))
    await Promise.all(this.programEnds)
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
    await Promise.all([...this.sessionsByName.values()].map((session) => session.kill()))
    if (!this.channel.closed) {
      this.channel.command('kill-server').catch(() => {})
    }
    // An unref'd timer: a script that kills its server must not then idle for 2 s before exiting.
    const exited = await Promise.race([this.channel.exited().then(() => true), sleep(2000, undefined, { ref: false }).then(() => false)])
    if (!exited) {
      // Last resort: the CLI, then the server's PID.
      await killServerWithCli(this.socket, hostProfile().env)
      this.channel.terminate()
    }
    await Promise.all(this.programEnds)
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
    const sessions = [...this.sessionsByName.values()]
    const anyKept = sessions.some((session) => session.isKept)
    const doomed = this.owned && !anyKept ? sessions : [...this.created].filter((session) => !session.isKept)
    for (const session of doomed) killSessionProcessesNow(session.panePid)
    if (this.owned && !anyKept) {
      try {
        process.kill(this.serverPid, 'SIGTERM')
      } catch {
        // already gone
      }
      removeSocketFile(this.socketPath)
    } else if (doomed.length > 0 && !this.channel.closed) {
      runTmuxSync(this.socket, hostProfile().env, doomed.flatMap((session, index) => [...(index ? [';'] : []), 'kill-window', '-t', session.windowId]))
    }
  }

  // ── used by Session ────────────────────────────────────────────────────

  /** @internal */
  command(line: string): Promise<string[]> {
    return this.channel.command(line)
  }

  /** @internal */
  group(lines: string[]): Promise<string[][]> {
    return this.channel.group(lines)
  }

  /** @internal */
  pipeline(lines: string[]): Promise<string[]>[] {
    return this.channel.pipeline(lines)
  }

  /** @internal */
  forgetSession(session: Session): void {
    if (this.sessionsByPane.get(session.paneId) === session) this.sessionsByPane.delete(session.paneId)
    if (this.sessionsByName.get(session.name) === session) this.sessionsByName.delete(session.name)
    this.created.delete(session)
  }

  /** @internal make sure a program whose pane was closed really ends (it may ignore SIGHUP); resolves once it has. */
  trackProgramEnd(pid: number): Promise<void> {
    const ending = ensureSessionProcessesEnded(pid).catch(() => {})
    this.programEnds.add(ending)
    void ending.finally(() => this.programEnds.delete(ending))
    return ending
  }

  /** @internal a session is kept on purpose: turn the dead-man switch off. */
  async keepAlive(): Promise<void> {
    if (this.keepingAlive) return
    this.keepingAlive = true
    await this.channel.command('set-option -g exit-unattached off')
  }

  private handleNotification(line: string): void {
    if (line.startsWith('%window-close ') || line.startsWith('%unlinked-window-close ')) {
      const windowId = line.slice(line.indexOf(' ') + 1).trim()
      for (const session of this.sessionsByName.values()) {
        if (session.windowId === windowId) void this.loseWindow(session)
      }
    } else if (line.startsWith('%sessions-changed') && this.sessionsByName.size > 0) {
      void this.checkSessions()
    }
  }

  /**
   * tmux sends %window-close when a window leaves any session, also when it
   * lives on elsewhere: after `kill-session` from outside, the test's window
   * (and its program) still runs, linked into the control session. End it
   * there, and say which of the two happened.
   */
  private async loseWindow(session: Session): Promise<void> {
    this.forgetSession(session)
    let windowLives: boolean
    try {
      const [found] = await this.channel.command(`display-message -p -t ${session.windowId} '#{window_id}'`)
      windowLives = found === session.windowId
    } catch {
      windowLives = false
    }
    session.markGone(windowLives ? 'its session was killed from outside tmuxpect' : 'its window was closed from outside tmuxpect')
    if (windowLives) this.channel.command(`kill-window -t ${session.windowId}`).catch(() => {})
    void this.trackProgramEnd(session.panePid)
  }

  /** A session killed from outside (kill-session) leaves its linked window running: find and end it. */
  private async checkSessions(): Promise<void> {
    if (this.checkingSessions) {
      // A change during the check may not be in its listing: look again after.
      this.recheckSessions = true
      return
    }
    this.checkingSessions = true
    try {
      do {
        this.recheckSessions = false
        // Judge only sessions known before the listing was asked for: one
        // spawned meanwhile is missing from it without having been killed.
        const known = [...this.sessionsByName.values()]
        const names = new Set(await this.channel.command("list-sessions -F '#{session_name}'"))
        for (const session of known) {
          if (names.has(session.name) || this.sessionsByName.get(session.name) !== session) continue
          session.markGone('its session was killed from outside tmuxpect')
          this.forgetSession(session)
          this.channel.command(`kill-window -t ${session.windowId}`).catch(() => {})
          void this.trackProgramEnd(session.panePid)
        }
      } while (this.recheckSessions)
    } catch {
      // the server is going away; handleClose reports it
    } finally {
      this.checkingSessions = false
    }
  }

  private handleClose(error: ServerGoneError): void {
    if (this.detaching) {
      // Only this handle let go: the programs run on, whoever else uses them.
      for (const session of this.sessionsByName.values()) session.markGone(`its handle on server ${this.socket} was closed`)
      return
    }
    for (const session of this.sessionsByName.values()) {
      session.markGone(`the tmux server ${this.socket} is gone`)
      this.trackProgramEnd(session.panePid)
    }
    if (this.owned && !this.keepingAlive) {
      unregisterForExit(this)
      void endServerAndRemoveSocket(this.serverPid, this.socketPath)
    }
    void error
  }

  /** Why the server is unusable, if it is. */
  get goneError(): ServerGoneError | undefined {
    return this.channel.closeReason
  }
}

function toArgv(command: Command): string[] {
  if (typeof command === 'string') {
    if (command.trim() === '') throw new OptionError('command must not be an empty string')
    return ['/bin/sh', '-c', command]
  }
  if (!Array.isArray(command) || command.length === 0) {
    throw new OptionError(`command must be a non-empty argv array or a string, got ${describeValue(command)}`)
  }
  for (const [index, word] of command.entries()) {
    if (typeof word !== 'string') throw new OptionError(`command[${index}] must be a string, got ${describeValue(word)}`)
    if (word.includes('\0')) throw new OptionError(`command[${index}] holds a NUL character`)
  }
  // tmux runs a lone argument through the shell even in argv form: exec it via env.
  return command.length === 1 ? ['env', '--', command[0]!] : [...command]
}

function validateEnv(env: unknown): Record<string, string> {
  if (env === undefined) return {}
  assertObject(env, 'env')
  const clean: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new OptionError(`env has an invalid variable name ${JSON.stringify(key)}`)
    if (typeof value !== 'string') throw new OptionError(`env.${key} must be a string, got ${describeValue(value)}`)
    if (value.includes('\0')) throw new OptionError(`env.${key} holds a NUL character`)
    clean[key] = value
  }
  return clean
}

function validateCwd(cwd: unknown): string | undefined {
  if (cwd === undefined) return undefined
  if (typeof cwd !== 'string' || cwd === '') throw new OptionError(`cwd must be a directory path, got ${describeValue(cwd)}`)
  const absolute = resolve(cwd)
  let isDirectory = false
  try {
    isDirectory = statSync(absolute).isDirectory()
  } catch {
    isDirectory = false
  }
  if (!isDirectory) throw new OptionError(`cwd ${JSON.stringify(cwd)} is not an existing directory`)
  return absolute
}

/** Find the program as execvp would, so a missing one is an error naming it, not a dead pane. */
function resolveProgram(program: string, path: string, cwd: string): string {
  const candidates = program.includes('/')
    ? [isAbsolute(program) ? program : resolve(cwd, program)]
    : path.split(delimiter).filter(Boolean).map((directory) => join(resolve(cwd, directory), program))
  for (const candidate of candidates) {
    try {
      if (statSync(candidate).isFile()) {
        accessSync(candidate, fsConstants.X_OK)
        return candidate
      }
    } catch {
      // try the next one
    }
  }
  const where = program.includes('/') ? 'no such executable file' : `not found on PATH (${path})`
  throw new ProgramNotFoundError(`cannot spawn ${JSON.stringify(program)}: ${where}`, program)
}

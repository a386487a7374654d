/**
 * The sessions a server handle knows, and everything that ends one:
 * `endSession(session, reason)` is the one way out, whether the test called
 * kill(), the session was killed from outside tmuxpect (tmux says so with
 * `%window-close` / `%sessions-changed`), or the server went away. It also
 * routes each `%output` to its session, keeping early output of a pane
 * whose spawn reply has not been read yet.
 */
import { endProgram, sweepNow, type ProgramEnd } from './ending.js'
import type { ControlChannel } from './channel.js'
import type { Session } from './session.js'
import { killWindow, listSessionNames, windowExists } from './tmux-commands.js'

/** Early output kept at most while spawns are in flight (a shared server's other panes must not pile up). */
const EARLY_OUTPUT_LIMIT = 1 << 20

export class SessionRegistry {
  private readonly byPane = new Map<string, Session>()
  private readonly byName = new Map<string, Session>()
  /** Sessions this handle created (the ones close() may end). */
  private readonly createdHere = new Set<Session>()
  /** Programs being ended (endProgram): closing the server waits for them. */
  private readonly programEnds = new Set<ProgramEnd>()
  /**
   * `%output` of panes not registered yet, kept only while a spawn is in
   * flight: a new program's first output can come in the same read as the
   * reply that names its pane, before the Session exists (its recording
   * would miss the start).
   */
  private earlyOutput: Map<string, Buffer[]> | undefined
  private earlyOutputBytes = 0
  /** Early output went over the limit and was dropped: which pane's is not known. */
  private earlyOutputDropped = false
  private spawning = 0
  private checkingSessions = false
  private recheckSessions = false

  constructor(private readonly channel: ControlChannel) {}

  /** Register a session; `created`: this handle made it (close() ends it). */
  add(session: Session, created: boolean): void {
    this.byPane.set(session.paneId, session)
    this.byName.set(session.name, session)
    if (created) this.createdHere.add(session)
    for (const data of this.earlyOutput?.get(session.paneId) ?? []) session.noteOutput(data, 0)
    this.earlyOutput?.delete(session.paneId)
    // A session found running drew before we listened; one whose first output was dropped, too.
    if (!created || this.earlyOutputDropped) session.noteOutput()
  }

  named(name: string): Session | undefined {
    return this.byName.get(name)
  }

  withPane(paneId: string): Session | undefined {
    return this.byPane.get(paneId)
  }

  get all(): Session[] {
    return [...this.byName.values()]
  }

  get created(): Session[] {
    return [...this.createdHere]
  }

  /** Resolves once every program being ended has ended, with nothing left of its terminal session. */
  async programsEnded(): Promise<void> {
    const ends = [...this.programEnds]
    await Promise.all(ends.map((end) => end.ended))
    // What is left of their sessions is swept a moment later, in one scan: now, not after the delay.
    sweepNow()
    await Promise.all(ends.map((end) => end.settled))
  }

  /** Run `spawn` with early output kept for the pane it makes. */
  async whileSpawning<T>(spawn: () => Promise<T>): Promise<T> {
    this.spawning++
    this.earlyOutput ??= new Map()
    try {
      return await spawn()
    } finally {
      if (--this.spawning === 0) {
        this.earlyOutput = undefined
        this.earlyOutputBytes = 0
        this.earlyOutputDropped = false
      }
    }
  }

  /** A `%output` line for `paneId`. */
  output(paneId: string, line: Buffer, dataStart: number): void {
    const session = this.byPane.get(paneId)
    if (session) session.noteOutput(line, dataStart)
    else if (this.earlyOutput && this.earlyOutputBytes > EARLY_OUTPUT_LIMIT) this.earlyOutputDropped = true
    else if (this.earlyOutput) {
      const data = Buffer.from(line.subarray(dataStart))
      this.earlyOutputBytes += data.length
      const kept = this.earlyOutput.get(paneId)
      if (kept) kept.push(data)
      else this.earlyOutput.set(paneId, [data])
    }
  }

  /**
   * The one way a session ends: mark it gone (with why), forget it, close
   * its window — kill-window, not kill-session: the window is also linked
   * into the control session, and kill-session alone would leave it
   * running — and resolve once its program is gone (one that ignores
   * SIGHUP is ended by PID).
   */
  async endSession(session: Session, reason: string): Promise<void> {
    session.markGone(reason)
    this.forget(session)
    try {
      await this.channel.command(killWindow(session.windowId))
    } catch {
      // already gone, or the server is: nothing left to kill in tmux
    }
    await this.trackProgramEnd(session.panePid)
  }

  /** Every session is gone with the server (or this handle): no tmux left to ask. */
  loseAll(reason: string, endPrograms: boolean): void {
    for (const session of this.byName.values()) {
      session.markGone(reason)
      if (endPrograms) void this.trackProgramEnd(session.panePid)
    }
  }

  /** Make sure a program whose pane was closed really ends (it may ignore SIGHUP); resolves once it has. */
  trackProgramEnd(pid: number): Promise<void> {
    const end = endProgram(pid)
    const ending = { ended: end.ended.catch(() => {}), settled: end.settled.catch(() => {}) }
    this.programEnds.add(ending)
    void ending.settled.finally(() => this.programEnds.delete(ending))
    return ending.ended
  }

  /** tmux's notifications about windows and sessions changing. */
  notification(line: string): void {
    if (line.startsWith('%window-close ') || line.startsWith('%unlinked-window-close ')) {
      const windowId = line.slice(line.indexOf(' ') + 1).trim()
      for (const session of this.byName.values()) {
        if (session.windowId === windowId) void this.loseWindow(session)
      }
    } else if (line.startsWith('%sessions-changed') && this.byName.size > 0) {
      void this.checkSessions()
    }
  }

  private forget(session: Session): void {
    if (this.byPane.get(session.paneId) === session) this.byPane.delete(session.paneId)
    if (this.byName.get(session.name) === session) this.byName.delete(session.name)
    this.createdHere.delete(session)
  }

  /**
   * tmux sends %window-close when a window leaves any session, also when it
   * lives on elsewhere: after `kill-session` from outside, the test's window
   * (and its program) still runs, linked into the control session. End it
   * there, and say which of the two happened.
   */
  private async loseWindow(session: Session): Promise<void> {
    this.forget(session)
    let windowLives: boolean
    try {
      const [found] = await this.channel.command(windowExists(session.windowId))
      windowLives = found === session.windowId
    } catch {
      windowLives = false
    }
    await this.endSession(session, windowLives ? 'its session was killed from outside tmuxpect' : 'its window was closed from outside tmuxpect')
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
        const known = [...this.byName.values()]
        const names = new Set(await this.channel.command(listSessionNames))
        for (const session of known) {
          if (names.has(session.name) || this.byName.get(session.name) !== session) continue
          void this.endSession(session, 'its session was killed from outside tmuxpect')
        }
      } while (this.recheckSessions)
    } catch {
      // the server is going away; the channel's close reports it
    } finally {
      this.checkingSessions = false
    }
  }
}

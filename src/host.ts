/**
 * What a session is made from and what it needs of its server: the seam
 * between the session's rooms and the server side (server.ts builds the
 * host; registry.ts ends sessions). A session knows nothing else of its
 * server.
 */
import type { ServerGoneError } from './errors.js'
import type { CommandChannel } from './pane.js'
import type { Session } from './session.js'
import type { Command } from './spawn-request.js'

/** What a Session is made from (internal: sessions come from `server.spawn`). */
export interface SessionInit {
  name: string
  windowId: string
  paneId: string
  panePid: number
  cols: number
  rows: number
  command: Command | undefined
  /** The argv tmux ran, kept for restart(). */
  argv: readonly string[] | undefined
  cwd: string | undefined
  env: Readonly<Record<string, string>>
  /** spawn's `secrets`: masked in what is written about the session. */
  secrets?: readonly string[]
}

/** What a session needs of its server (server.ts / registry.ts): no more. */
export interface SessionHost {
  readonly socket: string
  /** The tmux binary the server runs: a person attaching needs the same one. */
  readonly tmux: string
  /** Its version as the server reports it (version-specific handling: tmux-version.ts). */
  readonly tmuxVersion: string
  readonly channel: CommandChannel
  /** Why the server is unusable, if it is. */
  readonly goneError: ServerGoneError | undefined
  /** The one way a session ends: forget it, close its window, make sure its program is gone. */
  endSession(session: Session, reason: string): Promise<void>
  /** Make sure a program whose pane was closed really ends (it may ignore SIGHUP). */
  trackProgramEnd(pid: number): Promise<void>
  /** A session is kept on purpose: turn the dead-man switch off. */
  keepAlive(): Promise<void>
}

/**
 * Every tmux command line, format and CLI argument list tmuxpect uses, in
 * one place: the rest of the code asks for "capture this pane" or "the
 * listing of this session", never spells tmux. The layering test
 * (test/layering.test.ts) holds that no other file in src/ does.
 *
 * Why the quoting: a control-mode line is parsed like a config line (`;`,
 * `$`, `#`, `~` and `{ }` mean something), so every argument that is not a
 * fixed word goes through quote.ts. Targets are exact: `=name` for a
 * session, `=name:` for its window, `%N` / `@N` ids for panes and windows.
 *
 * Version-specific commands (issue 19) belong here too, chosen once from
 * `#{version}` (see docs/architecture.md, "Seams").
 */
import { DRAIN_SINK } from './drain-pipe.js'
import { commandLine, quoteArgument, shellQuote } from './quote.js'

// ── targets ──────────────────────────────────────────────────────────────

/** `'=name'`: exactly this session (a plain name matches a prefix or a glob). */
export function sessionTarget(name: string): string {
  return quoteArgument('=' + name)
}

/** `'=name:'`: this session's current window (a pane or window target needs the colon). */
export function windowTarget(name: string): string {
  return quoteArgument('=' + name + ':')
}

// ── formats ──────────────────────────────────────────────────────────────

/** One session as the server lists it (spawn's adopt, server.sessions()). */
export const SESSION_LISTING_FORMAT =
  '#{session_name}\t#{window_id}\t#{pane_id}\t#{pane_pid}\t#{pane_width}\t#{pane_height}\t#{@tmuxpect_command}\t#{@tmuxpect_kept}'

/** One session as `npx tmuxpect ls` lists it (from outside, over the CLI with `-u`, so tabs survive). */
export const INVENTORY_FORMAT = [
  '#{session_name}',
  '#{session_created}',
  '#{@tmuxpect_command}',
  '#{@tmuxpect_kept}',
  '#{pane_dead}',
  '#{session_attached}',
  '#{window_width}',
  '#{window_height}',
  '#{pid}',
  '#{start_time}',
].join('\t')

/** One word a line, no tab: without a UTF-8 locale the tmux CLI prints a tab in a format as "_". */
export const REAPER_FORMAT = '#{?@tmuxpect_kept,kept,running}'

// ── the server ───────────────────────────────────────────────────────────

/** `pid \t socket path \t version`: the version as the running server reports it (tmux-version.ts judges versions). */
export const serverInfo = "display-message -p '#{pid}\t#{socket_path}\t#{version}'"
export const killServer = 'kill-server'

/** The dead-man switch (see DESIGN.md, Lifecycle). */
export function exitUnattached(on: boolean): string {
  return `set-option -g exit-unattached ${on ? 'on' : 'off'}`
}

/** Server options, set through the control client right after it attaches. */
export function profileCommands(terminal: string): string[] {
  return [
    'set-option -g status off',
    // Escape must reach the program at once, not wait to see if it starts an Alt key.
    'set-option -s escape-time 0',
    `set-option -g default-terminal ${quoteArgument(terminal)}`,
    // A program that exits leaves its last screen and exit status readable.
    'set-option -wg remain-on-exit on',
    // …as it left it: tmux's "Pane is dead" line scrolled the screen up a
    // row, and on the alternate screen that row was lost (docs/tmux-quirks.md).
    "set-option -wg remain-on-exit-format ''",
    'set-option -g history-limit 10000',
    "set-option -g default-shell '/bin/sh'",
    // Never `window-size manual` globally: tmux 3.3a then crashes at the next new-session.
  ]
}

export interface NewSessionRequest {
  name: string
  cols: number
  rows: number
  cwd: string
  env: Readonly<Record<string, string>>
  argv: readonly string[]
  /** The command as given to spawn, stored on the session for adopters and `tmuxpect ls`. */
  command: unknown
}

/**
 * One command list, run back to back: if new-session fails (name taken),
 * tmux skips the rest, so we never link someone else's window. The first
 * reply is `window_id \t pane_id \t pane_pid`.
 */
export function newSessionCommands(request: NewSessionRequest, controlSession: string, drain: boolean): string[] {
  const target = windowTarget(request.name)
  return [
    // new-session expands formats in -s (`build#S` would name the session
    // "build<current session>"): `##` is a literal `#`.
    `new-session -d -s ${quoteArgument(request.name.replaceAll('#', '##'))} -x ${request.cols} -y ${request.rows}` +
      environmentFlags(request.cwd, request.env) +
      " -P -F '#{window_id}\t#{pane_id}\t#{pane_pid}' " +
      commandLine('--', ...request.argv),
    // %output only flows for the control client's own session: link the
    // test's window into it so the one client hears every pane.
    `link-window -d -s ${target} -t ${quoteArgument(controlSession + ':')}`,
    `set-option -t ${target} @tmuxpect_command ${quoteArgument(JSON.stringify(request.command))}`,
    // Pin this window's size: a person attaching (or a read-only watcher,
    // once no other client is attached) would otherwise resize it to their
    // terminal. Per window only: `set -g window-size manual` crashes tmux 3.3a.
    `set-option -w -t ${target} window-size manual`,
    // tmux before 3.7 loses an exited program's unread output unless the
    // pane is piped (drain-pipe.ts).
    ...(drain ? [drainPipe(target)] : []),
  ]
}

/** ` -c 'dir' -e 'K=V' …` for new-session and respawn-pane. */
function environmentFlags(cwd: string | undefined, env: Readonly<Record<string, string>>): string {
  let flags = cwd === undefined ? '' : ` -c ${quoteArgument(cwd)}`
  for (const [key, value] of Object.entries(env)) flags += ` -e ${quoteArgument(`${key}=${value}`)}`
  return flags
}

export function describeSession(name: string): string {
  return `display-message -p -t ${windowTarget(name)} '${SESSION_LISTING_FORMAT}'`
}

export const listAllPanes = `list-panes -a -F '${SESSION_LISTING_FORMAT}'`
export const listSessionNames = "list-sessions -F '#{session_name}'"

export function listWindows(session: string): string {
  return `list-windows -t ${sessionTarget(session)} -F '#{window_id}'`
}

/** Link a window into a session at a fixed index (tmux refuses a second link at the same index). */
export function linkWindowAt(windowId: string, session: string, index: number): string {
  return `link-window -d -s ${windowId} -t ${quoteArgument(`=${session}:${index}`)}`
}

/** Answers the window's id while it exists anywhere on the server. */
export function windowExists(windowId: string): string {
  return `display-message -p -t ${windowId} '#{window_id}'`
}

/** kill-window, not kill-session: the window is also linked into the control session. */
export function killWindow(windowId: string): string {
  return `kill-window -t ${windowId}`
}

export function markKept(name: string): string {
  return `set-option -t ${windowTarget(name)} @tmuxpect_kept 1`
}

// ── one pane ─────────────────────────────────────────────────────────────

export interface CaptureRange {
  /** `-J`: soft-wrapped rows joined (what patterns match; keeps the spaces a program wrote). */
  joined?: boolean
  /** `-e`: with styles and line-drawing runs (`\016`…`\017`); rows also with `-N`, the spaces a program wrote. */
  styles?: boolean
  /** `-S`: first line (`-` for all history, negative for history lines). */
  start?: number | '-'
  /** `-E`: last line. */
  end?: number
}

export function capture(paneId: string, range: CaptureRange = {}): string {
  let line = 'capture-pane -p'
  if (range.joined) line += ' -J'
  // -e: styles and line drawing. -N keeps the trailing spaces a program wrote
  // (a coloured background, a prompt's "ops> "); -J keeps them already.
  if (range.styles) line += range.joined ? ' -e' : ' -e -N'
  if (range.start !== undefined) line += ` -S ${range.start}`
  if (range.end !== undefined) line += ` -E ${range.end}`
  return `${line} -t ${paneId}`
}

/** `1` once the pane's program has exited. */
export function paneDead(paneId: string): string {
  return `display-message -p -t ${paneId} '#{pane_dead}'`
}

/** `x y cols rows dead cursorShown alternate`, space-separated. */
export function screenInfo(paneId: string): string {
  return `display-message -p -t ${paneId} '#{cursor_x} #{cursor_y} #{pane_width} #{pane_height} #{pane_dead} #{cursor_flag} #{alternate_on}'`
}

/** `cursorMode keypadMode`: 1 where the program set application cursor keys (DECCKM) / application keypad (DECKPAM). */
export function keyModesQuery(paneId: string): string {
  return `display-message -p -t ${paneId} '#{keypad_cursor_flag} #{keypad_flag}'`
}

/** `x y shown`. */
export function cursorQuery(paneId: string): string {
  return `display-message -p -t ${paneId} '#{cursor_x} #{cursor_y} #{cursor_flag}'`
}

/** `dead \t status \t signal \t history \t cols \t rows \t alternate` (read by exit.ts). */
export function exitQuery(paneId: string): string {
  return `display-message -p -t ${paneId} '#{pane_dead}\t#{pane_dead_status}\t#{pane_dead_signal}\t#{history_size}\t#{pane_width}\t#{pane_height}\t#{alternate_on}'`
}

/** Any child exit makes tmux 3.3a reap a zombie whose SIGCHLD it missed. */
export const reapNudge = "run-shell 'true'"

/** The mouse mode the pane's program asked for: `standard button all utf8 sgr`, each 0 or 1 (read by mouse-encoding.ts). */
export function mouseModeQuery(paneId: string): string {
  return `display-message -p -t ${paneId} '#{mouse_standard_flag} #{mouse_button_flag} #{mouse_all_flag} #{mouse_utf8_flag} #{mouse_sgr_flag}'`
}

export function panePid(paneId: string): string {
  return `display-message -p -t ${paneId} '#{pane_pid}'`
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))
/** Bytes per send-keys command: keeps each control-mode line a modest size. */
const BYTES_PER_COMMAND = 1024

/** codegen: a pane's terminal (`/dev/pts/N`), read for the person's keys; its server's prefix table cut to C-b d (detach) and C-b C-b (a C-b for the program). */
export const paneTty = (paneId: string): string => `display-message -p -t ${paneId} '#{pane_tty}'`
export const CODEGEN_KEY_TABLE = ['unbind-key -a -T prefix', 'bind-key -T prefix d detach-client', 'bind-key -T prefix C-b send-prefix']

/** send-keys -H sends raw bytes: exact by construction, whatever the server's locale thinks of a character. */
export function sendBytes(paneId: string, bytes: Uint8Array): string[] {
  const commands: string[] = []
  for (let start = 0; start < bytes.length; start += BYTES_PER_COMMAND) {
    let line = `send-keys -t ${paneId} -H`
    const end = Math.min(bytes.length, start + BYTES_PER_COMMAND)
    for (let index = start; index < end; index++) line += ' ' + HEX[bytes[index]!]
    commands.push(line)
  }
  return commands
}


/** Bracketed paste when the program asked for it (`-p`), the buffer deleted after (`-d`). */
export function pasteText(paneId: string, buffer: string, text: string): string[] {
  return [commandLine('set-buffer -b', buffer, '--', text), `paste-buffer -p -d -b ${quoteArgument(buffer)} -t ${paneId}`]
}

export function resizeWindow(windowId: string, cols: number, rows: number): string {
  return `resize-window -t ${windowId} -x ${cols} -y ${rows}`
}

export interface Respawn {
  name: string
  windowId: string
  paneId: string
  cwd: string | undefined
  env: Readonly<Record<string, string>>
  argv: readonly string[]
  /** Every control client on the server (`listControlClients`), ours and other processes'. */
  controlClients: readonly string[]
  /** Pipe the pane to a sink (drain-pipe.ts). */
  drain: boolean
}

/** The names of the control clients attached to the server, one a line (other clients give an empty line). */
export const listControlClients = "list-clients -F '#{?client_control_mode,#{client_name},}'"

/** The same program again in the same pane; the last reply is the new pane_pid. */
export function respawnCommands(respawn: Respawn): string[] {
  // Target the pane through its own session: tmux takes the environment
  // (spawn's `env`, kept by new-session -e) from the target's session, and
  // a bare `%N` from the control client resolves to the control session.
  const paneInSession = quoteArgument(`=${respawn.name}:${respawn.windowId}.${respawn.paneId}`)
  return [
    `respawn-pane -k -t ${paneInSession}` + environmentFlags(respawn.cwd, respawn.env) + ' ' + commandLine('--', ...respawn.argv),
    // tmux before 3.8 keeps each control client's read offset into the pane
    // across a respawn: output of the old program that a client had not yet
    // been sent (a program that exits at once, a flood) leaves the offset
    // behind, and tmux then skips that many bytes of the new program's
    // output (a quick program's output lost) or reads past its buffer (the
    // server crashes). Turning the pane's output off and on for every
    // control client sets its offset to the pane's own, in the same list,
    // before tmux reads anything of the new program (docs/tmux-quirks.md).
    ...respawn.controlClients.flatMap((client) => [
      `refresh-client -t ${quoteArgument(client)} -A ${quoteArgument(respawn.paneId + ':off')}`,
      `refresh-client -t ${quoteArgument(client)} -A ${quoteArgument(respawn.paneId + ':on')}`,
    ]),
    // A fresh pipe for the new program (tmux 3.3a keeps the old one, with
    // its old read offsets, across a respawn), opened in the same command
    // list, before any of the new program's output is read.
    `pipe-pane -t ${respawn.paneId}`,
    ...(respawn.drain ? [drainPipe(respawn.paneId)] : []),
    `clear-history -t ${respawn.paneId}`,
    panePid(respawn.paneId),
  ]
}

/** Pipe a pane's output to a sink (`-O`: output only), so that tmux before 3.7 drains it before closing it (drain-pipe.ts). */
function drainPipe(target: string): string {
  return `pipe-pane -O -t ${target} ${quoteArgument(DRAIN_SINK)}`
}

/** The name of a paste buffer: one per paste, so concurrent pastes never share one. */
export function pasteBufferName(paneId: string, count: number): string {
  return `tmuxpect-paste-${paneId.slice(1)}-${count}`
}

// ── the tmux CLI (run by channel.ts only) ────────────────────────────────

export type ControlMode = { create: { session: string; program: string[] } } | { attach: { session: string } }

/** The control client: `-u` (without a UTF-8 locale tmux prints a tab, our separator, as "_"), `-C`. */
export function controlClientArgs(socket: string, mode: ControlMode): string[] {
  const command =
    'create' in mode
      ? ['new-session', '-s', mode.create.session, '-x', '80', '-y', '24', '--', ...mode.create.program]
      : ['attach-session', '-t', `=${mode.attach.session}`]
  return ['-u', '-L', socket, '-f', '/dev/null', '-C', ...command]
}

export const versionArgs = ['-V']

export function killServerArgs(socket: string): string[] {
  return ['-L', socket, 'kill-server']
}

export function listSessionsArgs(socket: string, format: string): string[] {
  return ['-u', '-L', socket, 'list-sessions', '-F', format]
}

/** `kill-window -t @1 ; kill-window -t @2` as one CLI call (exit hooks). */
export function killWindowsArgs(socket: string, windowIds: readonly string[]): string[] {
  return ['-L', socket, ...windowIds.flatMap((windowId, index) => [...(index ? [';'] : []), 'kill-window', '-t', windowId])]
}

export function attachArgs(socket: string, session: string, readOnly: boolean): string[] {
  return ['-L', socket, '-f', '/dev/null', 'attach-session', ...(readOnly ? ['-r'] : []), '-t', `=${session}`]
}

/**
 * The line a person pastes into a shell to watch a session (read-only: it
 * never resizes it). It names the server's own binary when that is not
 * `tmux` on PATH: a tmux client of another version cannot talk to the server.
 */
export function attachLine(socket: string, session: string, binary = 'tmux'): string {
  return `${shellQuote(binary)} -L ${shellQuote(socket)} attach -r -t ${shellQuote('=' + session)}`
}

/** How to end a kept server by hand. */
export function killServerLine(socket: string, binary = 'tmux'): string {
  return `${shellQuote(binary)} -L ${shellQuote(socket)} kill-server`
}

#!/usr/bin/env node
/**
 * `npx tmuxpect`: look at and clean up the tmux servers tests left running.
 * Thin: the listing is src/inventory.ts, reaping src/cleanup.ts, and the
 * tmux client for `attach` comes from src/channel.ts.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { attachClient, checkTmuxVersion } from './channel.js'
import { CODEGEN_HELP, CodegenUsageError, parseCodegenArgs } from './codegen/args.js'
import { reapStaleServers, socketDirectory } from './cleanup.js'
import { OptionError, TmuxpectError } from './errors.js'
import { findSessions, listServers, type ServerEntry } from './inventory.js'
import { checkEnvironment } from './options.js'
import { describeCommand } from './spawn-request.js'

const HELP = {
  main: `Usage: tmuxpect <command> [options]

Look at and clean up the tmux servers that tmuxpect tests start.

Commands:
  ls                  list tmuxpect servers and their sessions
  attach <session>    watch a session live (read-only; --write to type)
  reap                kill servers whose owner process is gone, remove their sockets
  codegen -- <cmd>    record yourself using a program, get a test that replays it
  show-report [dir]   open the report page of the last run's failing tests

Options:
  -h, --help          help (also after a command: tmuxpect ls --help)
  -v, --version       tmuxpect's version

Servers live in $TMUX_TMPDIR/tmux-<uid>/ (default /tmp/tmux-<uid>/), one
socket each, named tmuxpect-<owner pid>-<random>.
`,
  ls: `Usage: tmuxpect ls [--json]

List every tmuxpect server in the socket directory: its owner process and
whether it still runs (alive) or is gone (orphaned), the server's age, and its
sessions with their age, state (running, exited, kept), size and program.

Options:
  --json              print the listing as JSON
  -h, --help          this help
`,
  attach: `Usage: tmuxpect attach <session> [--socket <name>] [--write]

Attach this terminal to a session, to watch a test or a kept session live.
Read-only by default: keys are ignored. Detach with the tmux prefix and d
(C-b d). The session's size never changes, whatever the size of this terminal.

Options:
  --write             attach read-write, to type into the session
  --socket <name>     the server's socket, when several servers hold a
                      session of that name (see tmuxpect ls)
  -h, --help          this help
`,
  reap: `Usage: tmuxpect reap [--kept] [--json]

Kill tmuxpect servers whose owner process is gone (a crash, SIGKILL, a hard
reset), remove their socket files, and end programs that outlived them.
Servers whose owner still runs are never touched, nor any other tmux server.

Options:
  --kept              also reap orphaned servers that hold sessions kept on
                      purpose (session.keep(), TMUXPECT_KEEP=1)
  --json              print what was done as JSON
  -h, --help          this help
`,
  codegen: CODEGEN_HELP,
  'show-report': `Usage: tmuxpect show-report [dir]

Open the report page (index.html) that a run with failing tests left in its
results folder: each failing test's error, its sessions' recordings to play,
its actions on the timeline, and the final screens. Without a display (no
DISPLAY, a CI job) it prints the page's path instead. $BROWSER, when set, is
the browser to use.

Arguments:
  dir                 the results folder, or the page itself (default:
                      $TMUXPECT_RESULTS_DIR, else ./tmuxpect-results)

Options:
  -h, --help          this help
`,
}

type Command = keyof typeof HELP

const OPTIONS = {
  main: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
  ls: { help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' } },
  attach: { help: { type: 'boolean', short: 'h' }, write: { type: 'boolean' }, socket: { type: 'string' } },
  reap: { help: { type: 'boolean', short: 'h' }, kept: { type: 'boolean' }, json: { type: 'boolean' } },
  codegen: {},
  'show-report': { help: { type: 'boolean', short: 'h' } },
} satisfies Record<Command, ParseArgsConfig['options']>

/** A mistake in how the command was called (exit 2), or a request that cannot be met (exit 1). */
class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
    /** Point at --help (not for a bad environment setting). */
    readonly hint = true,
  ) {
    super(message)
  }
}

async function main(argv: string[]): Promise<number> {
  try {
    // A bad TMUXPECT_* setting is a mistake in how this was called: say which, exit 2.
    checkEnvironment()
  } catch (error) {
    if (error instanceof OptionError) throw new UsageError(error.message, 2, false)
    throw error
  }
  const [first, ...rest] = argv
  const command = commandNamed(first) ?? 'main'
  const args = command === 'main' ? argv : rest
  // codegen's own options, and the recorded command's after --, are codegen's to read.
  if (command === 'codegen') return codegen(args)
  let parsed
  try {
    parsed = parseArgs({ args, options: OPTIONS[command], allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, ''))
  }
  const values = parsed.values as { help?: boolean; version?: boolean; json?: boolean; kept?: boolean; write?: boolean; socket?: string }
  if (values.help) {
    process.stdout.write(HELP[command])
    return 0
  }
  switch (command) {
    case 'main':
      if (values.version) {
        process.stdout.write(packageVersion() + '\n')
        return 0
      }
      if (parsed.positionals.length > 0) throw new UsageError(`unknown command "${parsed.positionals[0]}"`)
      process.stderr.write(HELP.main)
      return 2
    case 'ls':
      expectPositionals(parsed.positionals, 0)
      return list(values.json ?? false)
    case 'attach':
      expectPositionals(parsed.positionals, 1, 'attach needs the name of a session (see tmuxpect ls)')
      return attach(parsed.positionals[0]!, values.socket, values.write ?? false)
    case 'reap':
      expectPositionals(parsed.positionals, 0)
      return reap(values.kept ?? false, values.json ?? false)
    case 'show-report':
      if (parsed.positionals.length > 1) throw new UsageError('show-report takes one folder (or page) at most')
      return showReportCommand(parsed.positionals[0])
  }
}

async function showReportCommand(target: string | undefined): Promise<number> {
  // Loaded here: the other commands need none of it.
  const { showReport } = await import('./report-page/open.js')
  const { recordingSettings } = await import('./options.js')
  const shown = await showReport(target ?? recordingSettings().resultsDir)
  if (shown.notOpened) process.stdout.write(`Report: ${shown.path}\nNo browser opened (${shown.notOpened}): open ${shown.url} in a browser.\n`)
  else process.stdout.write(`Report: ${shown.path} (opened in your browser)\n`)
  return 0
}

function commandNamed(word: string | undefined): Exclude<Command, 'main'> | undefined {
  return word !== undefined && word !== 'main' && Object.hasOwn(HELP, word) ? (word as Exclude<Command, 'main'>) : undefined
}

function expectPositionals(positionals: string[], count: number, missing = ''): void {
  if (positionals.length < count) throw new UsageError(missing)
  if (positionals.length > count) throw new UsageError(`unexpected argument "${positionals[count]}"`)
}

async function codegen(args: string[]): Promise<number> {
  let request
  try {
    request = parseCodegenArgs(args)
  } catch (error) {
    if (error instanceof CodegenUsageError) throw new UsageError(error.message)
    throw error
  }
  if (!request) {
    process.stdout.write(HELP.codegen)
    return 0
  }
  await checkTmuxVersion()
  // The recording needs the engine: loaded only now (the rest of the CLI never does).
  const { runCodegen } = await import('./codegen/run.js')
  try {
    return await runCodegen(request, {
      attach: (socket, session) => attachClient(socket, session, { readOnly: false, env: personalEnvironment() }),
      log: (line) => process.stderr.write(line + '\n'),
      print: (text) => process.stdout.write(text),
    })
  } catch (error) {
    if (error instanceof CodegenUsageError) throw new UsageError(error.message)
    throw error
  }
}

/** The person's own terminal settings; TMUX unset, or tmux refuses to nest. */
function personalEnvironment(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[0] !== 'TMUX' && entry[0] !== 'TMUX_PANE'))
}

async function list(json: boolean): Promise<number> {
  await checkTmuxVersion()
  const servers = await listServers()
  if (json) {
    process.stdout.write(JSON.stringify({ directory: socketDirectory(), servers }, null, 2) + '\n')
    return 0
  }
  if (servers.length === 0) {
    process.stdout.write(`No tmuxpect servers in ${socketDirectory()}.\n`)
    return 0
  }
  const now = Date.now()
  const out: string[] = [`${servers.length} tmuxpect server${servers.length === 1 ? '' : 's'} in ${socketDirectory()}:`]
  for (const server of servers) {
    out.push('', serverLine(server, now))
    if (server.sessions.length > 0) {
      const rows = server.sessions.map((session) => [
        session.name,
        age(now - session.created.getTime()),
        [session.exited ? 'exited' : 'running', ...(session.kept ? ['kept'] : []), ...(session.watchers ? [`${session.watchers} watching`] : [])].join(', '),
        `${session.cols}×${session.rows}`,
        session.command === undefined ? '(not started by tmuxpect)' : describeCommand(session.command),
      ])
      out.push(...table([['SESSION', 'AGE', 'STATE', 'SIZE', 'PROGRAM'], ...rows]).map((line) => '  ' + line))
      out.push(...server.sessions.map((session, index) => `  ${index === 0 ? 'watch:' : '      '} ${session.attachCommand}`))
    }
  }
  out.push('', 'Watch one: npx tmuxpect attach <session>   Clean up orphans: npx tmuxpect reap')
  process.stdout.write(out.join('\n') + '\n')
  return 0
}

function serverLine(server: ServerEntry, now: number): string {
  const owner = `owner ${server.ownerPid}`
  switch (server.state) {
    case 'alive':
      return `${server.socket}  ${owner} alive, up ${age(now - server.started!.getTime())}`
    case 'orphaned': {
      const kept = server.sessions.some((session) => session.kept)
      return `${server.socket}  ${owner} gone (orphaned), up ${age(now - server.started!.getTime())}; remove with npx tmuxpect reap${kept ? ' --kept' : ''}`
    }
    case 'stale':
      return `${server.socket}  ${owner} ${server.ownerAlive ? 'alive' : 'gone'}; no server answers (a stale socket file${server.ownerAlive ? '' : '; npx tmuxpect reap removes it'})`
  }
}

async function attach(name: string, socket: string | undefined, write: boolean): Promise<number> {
  await checkTmuxVersion()
  const sessionName = name.replace(/^=/, '')
  const found = await findSessions(sessionName, socket)
  if (found.length === 0) {
    const where = socket ? `on server ${socket}` : `on any tmuxpect server in ${socketDirectory()}`
    throw new UsageError(`no session named "${sessionName}" ${where} (see tmuxpect ls)`, 1)
  }
  if (found.length > 1) {
    const sockets = found.map(({ server }) => server.socket).join(', ')
    throw new UsageError(`several servers hold a session named "${sessionName}" (${sockets}): choose one with --socket`, 1)
  }
  const [{ server, session }] = found as [(typeof found)[0]]
  return attachClient(server.socket, session.name, { readOnly: !write, env: personalEnvironment() })
}

async function reap(includeKept: boolean, json: boolean): Promise<number> {
  await checkTmuxVersion()
  const report = await reapStaleServers({ includeKept })
  const untouched = (await listServers()).filter((server) => server.state === 'alive')
  if (json) {
    process.stdout.write(JSON.stringify({ ...report, ownerAlive: untouched.map((server) => server.socket) }, null, 2) + '\n')
    return 0
  }
  const out: string[] = []
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`
  if (report.reaped.length) out.push(`Reaped ${plural(report.reaped.length, 'orphaned server')}: ${report.reaped.join(', ')}`)
  if (report.removedSockets.length) out.push(`Removed ${plural(report.removedSockets.length, 'stale socket file')}: ${report.removedSockets.join(', ')}`)
  if (report.endedPrograms.length) out.push(`Ended ${plural(report.endedPrograms.length, 'program')} that outlived their server (PIDs ${report.endedPrograms.join(', ')})`)
  if (report.keptServers.length) out.push(`Left ${plural(report.keptServers.length, 'orphaned server')} holding kept sessions: ${report.keptServers.join(', ')} (reap them too with --kept)`)
  if (untouched.length) out.push(`Left ${plural(untouched.length, 'server')} whose owner still runs: ${untouched.map((server) => server.socket).join(', ')}`)
  if (out.length === 0) out.push(`Nothing to reap in ${socketDirectory()}.`)
  process.stdout.write(out.join('\n') + '\n')
  return 0
}

/** `3s`, `4m 10s`, `2h 5m`, `3d 4h`. */
function age(milliseconds: number): string {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000))
  if (seconds < 60) return `${seconds}s`
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`
  return `${Math.floor(seconds / 86_400)}d ${Math.floor((seconds % 86_400) / 3600)}h`
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)))
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('   '))
}

/** The version in tmuxpect's package.json (found above this file, in src/ or dist/src/). */
function packageVersion(): string {
  for (let directory = dirname(fileURLToPath(import.meta.url)); directory !== dirname(directory); directory = dirname(directory)) {
    const file = join(directory, 'package.json')
    if (!existsSync(file)) continue
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string }
    if (pkg.name === 'tmuxpect') return pkg.version ?? 'unknown'
  }
  return 'unknown'
}

const argv = process.argv.slice(2)
main(argv).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      if (error.message) process.stderr.write(`tmuxpect: ${error.message}\n`)
      const command = commandNamed(argv[0])
      if (error.exitCode === 2 && error.hint) process.stderr.write(`Run tmuxpect ${command ? command + ' ' : ''}--help for usage.\n`)
      process.exitCode = error.exitCode
    } else if (error instanceof TmuxpectError) {
      process.stderr.write(`tmuxpect: ${error.message}\n`)
      process.exitCode = 1
    } else {
      throw error
    }
  },
)

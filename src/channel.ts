/**
 * The command channel: the one module that runs tmux.
 *
 * Each server is driven through one persistent control-mode client
 * (`tmux -C`): a command costs ~0.04 ms there against ~2.3 ms for a CLI
 * process, and the client streams `%output` events that say when a pane may
 * have changed. Replies come back in order as `%begin … %end|%error` blocks
 * and are matched to commands first-in, first-out. The tmux CLI is used
 * only to read tmux's version, to query and kill servers from outside (the
 * reaper, `npx tmuxpect`), to kill a server whose control client is gone,
 * and to attach a person's terminal (`npx tmuxpect attach`).
 *
 * What every server start runs (the control client, `tmux -V`) is spawned
 * with node:child_process; execa, for the rest, is loaded only when one of
 * them runs. Loading execa is 140 of the 190 modules of `import 'tmuxpect'`
 * and about 90 ms, which vitest pays again for every test file it isolates
 * (docs/performance.md).
 */
import { execFile, execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import type { Options } from 'execa'
import { onExit } from 'signal-exit'
import {
  LineSplitter,
  parseBlockBoundary,
  parseOutputLine,
} from './protocol.js'
import {
  ServerGoneError,
  TmuxCommandError,
  type TmuxErrorKind,
} from './errors.js'
import {
  attachArgs,
  controlClientArgs,
  killServerArgs,
  listSessionsArgs,
  versionArgs,
  type ControlMode,
} from './tmux-commands.js'
import { assertRunnableBinary, judgeVersion, tmuxBinary } from './tmux-version.js'
import { redactCommandLine } from './secrets.js'

export type OutputListener = (paneId: string, line: Buffer, dataStart: number) => void
export type NotificationListener = (line: string) => void

interface PendingGroup {
  text: string
  expected: number
  replies: string[][]
  resolve: (replies: string[][]) => void
  reject: (error: Error) => void
}

export interface ControlClientOptions {
  /** The tmux binary (`tmuxBinary()`). */
  tmux: string
  socket: string
  env: Record<string, string>
  /** Create the server (new-session) or join a running one (attach). */
  mode: ControlMode
  /** Name used in errors: usually the socket. */
  label?: string
}

/** One control-mode client, its reply queue and its event stream. */
export class ControlChannel {
  readonly socket: string
  private readonly process: ChildProcessWithoutNullStreams
  private readonly splitter = new LineSplitter()
  private readonly pending: PendingGroup[] = []
  private pendingHead = 0
  private block: { id: string; lines: string[]; mine: boolean } | undefined
  private stderrTail = ''
  private closedError: ServerGoneError | undefined
  private exitPromise: Promise<void>
  onOutput: OutputListener | undefined
  onNotification: NotificationListener | undefined
  onClose: ((error: ServerGoneError) => void) | undefined

  constructor(options: ControlClientOptions) {
    this.socket = options.socket
    // The control client must outlive nothing: the exit hooks end it (here
    // and server.ts, killNow), and if we are killed its stdin ends; either
    // way the dead-man switch (exit-unattached) takes the server down.
    this.process = spawn(options.tmux, controlClientArgs(options.socket, options.mode), { env: options.env, stdio: 'pipe' })
    // An unread control client stalls the programs behind it: always drain.
    this.process.stdout.on('data', (chunk: Buffer) => this.splitter.push(chunk, this.handleLine))
    this.process.stderr.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-2000)
    })
    this.process.stdin.on('error', () => {})
    // As execa's `cleanup` did: when this process exits, end the client.
    const forgetAtExit = onExit(() => void this.process.kill())
    this.exitPromise = new Promise((resolve) => {
      let failure: NodeJS.ErrnoException | undefined
      const ended = () => {
        forgetAtExit()
        this.close(failure?.code === 'ENOENT' ? `${options.tmux} was not found` : failure ? `${options.tmux} could not start: ${failure.message}` : undefined)
        resolve()
      }
      this.process.once('error', (error: NodeJS.ErrnoException) => {
        failure = error
        // Node documents 'close' after a failed start as optional: end here then.
        if (this.process.pid === undefined) ended()
      })
      this.process.once('close', ended)
    })
  }

  get closed(): boolean {
    return this.closedError !== undefined
  }

  get pid(): number | undefined {
    return this.process.pid
  }

  /** Run one command; resolves with its output lines. */
  async command(line: string): Promise<string[]> {
    const [reply] = await this.group([line])
    return reply!
  }

  /**
   * Run several commands as one tmux command list (`a ; b`), sent in one
   * write and run back to back. If one fails, tmux skips the rest of the
   * list and sends no reply for them, so the group ends at the first error.
   */
  group(lines: string[]): Promise<string[][]> {
    if (this.closedError) return Promise.reject(this.closedError)
    const text = lines.join(' ; ')
    return new Promise((resolve, reject) => {
      this.pending.push({ text, expected: lines.length, replies: [], resolve, reject })
      this.process.stdin.write(text + '\n')
    })
  }

  /** Several independent commands in one write; each settles on its own. */
  pipeline(lines: string[]): Promise<string[]>[] {
    if (this.closedError) return lines.map(() => Promise.reject(this.closedError))
    const promises = lines.map(
      (text) =>
        new Promise<string[]>((resolve, reject) => {
          this.pending.push({ text, expected: 1, replies: [], resolve: (r) => resolve(r[0]!), reject })
        }),
    )
    this.process.stdin.write(lines.join('\n') + '\n')
    return promises
  }

  private readonly handleLine = (line: Buffer): void => {
    const block = this.block
    if (block) {
      const boundary = line[0] === 0x25 ? parseBlockBoundary(line) : undefined
      if (boundary && boundary.kind !== 'begin' && boundary.id === block.id) {
        this.block = undefined
        if (block.mine) this.settle(block.lines, boundary.kind === 'error')
      } else {
        block.lines.push(line.toString('utf8'))
      }
      return
    }
    if (line[0] !== 0x25) return
    if (line[1] === 0x6f /* o */ || line[1] === 0x65 /* e */) {
      const output = parseOutputLine(line)
      if (output) {
        this.onOutput?.(output.paneId, line, output.dataStart)
        return
      }
    }
    const boundary = parseBlockBoundary(line)
    if (boundary?.kind === 'begin') {
      // Blocks not marked as ours (flags 0) answer the attach itself or
      // commands tmux ran on its own; they are read and dropped.
      this.block = { id: boundary.id, lines: [], mine: boundary.fromClient }
      return
    }
    const text = line.toString('utf8')
    // tmux says why it ends a control client (`%exit too far behind`, …).
    if (text.startsWith('%exit')) this.exitMessage = text.slice(5).trim() || undefined
    this.onNotification?.(text)
  }

  private settle(lines: string[], failed: boolean): void {
    const group = this.pending[this.pendingHead]
    if (!group) return
    if (failed) {
      this.shift()
      const detail = lines.join('\n')
      // Never print spawn's env values or typed input (secrets.ts).
      const shown = redactCommandLine(group.text)
      group.reject(new TmuxCommandError(`tmux refused \`${shown}\`: ${detail}`, shown, lines, errorKind(detail)))
      return
    }
    group.replies.push(lines)
    if (group.replies.length === group.expected) {
      this.shift()
      group.resolve(group.replies)
    }
  }

  private shift(): void {
    this.pending[this.pendingHead] = undefined as never
    this.pendingHead++
    if (this.pendingHead > 1024 && this.pendingHead * 2 > this.pending.length) {
      this.pending.splice(0, this.pendingHead)
      this.pendingHead = 0
    }
  }

  private exitMessage: string | undefined

  private close(reason: string | undefined): void {
    if (this.closedError) return
    const stderr = this.stderrTail.trim()
    const why =
      reason ??
      (this.exitMessage ? `tmux ended the control client: ${this.exitMessage}` : stderr ? `tmux said: ${stderr}` : 'the control client exited')
    this.closedError = new ServerGoneError(`tmux server ${this.socket} is gone (${why})`, this.socket)
    for (let index = this.pendingHead; index < this.pending.length; index++) this.pending[index]?.reject(this.closedError)
    this.pending.length = 0
    this.pendingHead = 0
    this.onClose?.(this.closedError)
  }

  /** Why the channel closed, once it has. */
  get closeReason(): ServerGoneError | undefined {
    return this.closedError
  }

  /** Detach: close stdin (an empty line would also detach) and wait for exit. */
  async detach(): Promise<void> {
    if (!this.closed) this.process.stdin.end()
    await this.exitPromise
  }

  /** Resolves when the control client process has exited. */
  exited(): Promise<void> {
    return this.exitPromise
  }

  /** Kill the control client process outright. */
  terminate(): void {
    this.process.kill('SIGKILL')
  }
}

/**
 * What a tmux error means: tmux's English text is read here, once, and
 * nowhere else (callers test `error.kind`).
 */
export function errorKind(detail: string): TmuxErrorKind {
  if (/can't find (pane|window|session)/.test(detail)) return 'missing-target'
  if (/duplicate session/.test(detail)) return 'duplicate-session'
  if (/same index/.test(detail)) return 'index-in-use'
  return 'other'
}

const versions = new Map<string, Promise<string>>()

/**
 * tmux's version (e.g. "3.3a") for a binary (tmux-version.ts chooses it and
 * judges what `-V` says), checked once per process.
 */
export function checkTmuxVersion(explicit?: string): Promise<string> {
  const binary = tmuxBinary(explicit)
  let version = versions.get(binary)
  if (!version) {
    version = readTmuxVersion(binary, explicit !== undefined)
    versions.set(binary, version)
    version.catch(() => versions.delete(binary))
  }
  return version
}

async function readTmuxVersion(binary: string, explicit: boolean): Promise<string> {
  assertRunnableBinary(binary, explicit)
  const answer = await new Promise<{ error: (Error & { code?: unknown }) | null; stdout: string; stderr: string }>((resolve) => {
    execFile(binary, versionArgs, { timeout: 5000, encoding: 'utf8' }, (error, stdout, stderr) => resolve({ error, stdout, stderr }))
  })
  // execFile's error.code: the exit code for a program that ran, an errno name for one that could not start.
  const code = answer.error?.code
  return judgeVersion(binary, explicit, {
    notFound: code === 'ENOENT' || code === 127,
    stdout: answer.stdout,
    stderr: answer.stderr,
    exitCode: answer.error ? (typeof code === 'number' ? code : undefined) : 0,
  })
}

/** execa, loaded on first use: see the top of this file. */
async function execa<const O extends Options>(file: string, args: readonly string[], options: O) {
  const { execa: run } = await import('execa')
  return run(file, args, options)
}

/** Last resort, when the control client is gone: `tmux kill-server` from the CLI. */
export async function killServerWithCli(socket: string, env: Record<string, string>, tmux = tmuxBinary()): Promise<void> {
  await execa(tmux, killServerArgs(socket), { env, extendEnv: false, reject: false, timeout: 5000 })
}

/** Ask a server whether it answers (for the reaper and the CLI). */
export async function queryServer(socket: string, env: Record<string, string>, format: string): Promise<string[] | undefined> {
  const result = await execa(tmuxBinary(), listSessionsArgs(socket, format), {
    env,
    extendEnv: false,
    reject: false,
    timeout: 5000,
  })
  if (result.failed) return undefined
  return String(result.stdout).split('\n').filter(Boolean)
}

/** Synchronous tmux call for exit hooks, where nothing can be awaited; `args` from tmux-commands.ts. */
export function runTmuxSync(env: Record<string, string>, args: string[], tmux = tmuxBinary()): void {
  try {
    execFileSync(tmux, args, { env, stdio: 'ignore', timeout: 2000 })
  } catch {
    // best effort at exit
  }
}

/**
 * A person's tmux client on a session, in this terminal (`npx tmuxpect
 * attach`): stdio inherited; resolves with the client's exit code.
 */
export async function attachClient(socket: string, session: string, options: { readOnly: boolean; env: Record<string, string> }): Promise<number> {
  const result = await execa(tmuxBinary(), attachArgs(socket, session, options.readOnly), {
    env: options.env,
    extendEnv: false,
    stdio: 'inherit',
    reject: false,
  })
  return result.exitCode ?? 1
}

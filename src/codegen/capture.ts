/**
 * Recording a person at work: their program runs in a tmuxpect session,
 * exactly as `tmux.spawn` will run it in the generated test (same server
 * profile, size, TERM, environment rules, cwd), and nothing sits between
 * the program and its terminal. The person's terminal is attached to a
 * second session, the view, whose pane shows a mirror of the program's
 * output and takes the person's keys:
 *
 *   person's terminal ──tmux client──▶ view pane (raw tty, read by us)
 *        ▲                                        │ input bytes, timed
 *        │ tmux renders the view                  ▼
 *   view pane ◀── program output (%output) ── we ──send-keys -H──▶ program pane
 *
 * tmux encodes the person's keys for the view pane, whose modes (cursor
 * keys, keypad, mouse, bracketed paste) are the program's own, mirrored:
 * so the bytes read there are exactly what tmux would have sent the
 * program, and what `press`/`type` make tmux send again in the test.
 * Before each input is passed on, the program's screen is read, with its
 * styles (for style waits): the screen the person saw when they acted
 * (all of it drawn before the program got the input). Screens are also
 * read as output arrives, to tell stable text from text that changes on
 * its own.
 *
 * The program starts only once the mirror listens (it waits on a FIFO, then
 * execs itself in place, same PID and pane), so its first output and the
 * modes it sets at once are shown too.
 */
import { execFileSync } from 'node:child_process'
import { closeSync, constants as fs, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ReadStream } from 'node:tty'
import { ControlChannel } from '../channel.js'
import { hostProfile } from '../profile.js'
import { decodeOutputData } from '../protocol.js'
import type { Session } from '../session.js'
import { TmuxServer } from '../server.js'
import { CODEGEN_KEY_TABLE, paneTty, sendBytes } from '../tmux-commands.js'
import { CodegenError } from './args.js'
import { QueryFilter } from './mirror.js'
import type { ExitStatus, InputChunk, Recorded } from './plan.js'
import { styledStretches } from './style-waits.js'
import type { Shot } from './waits.js'

export interface CaptureOptions {
  /** The argv tmux runs (spawn-request's `toArgv`), already checked. */
  argv: readonly string[]
  cols: number
  rows: number
  cwd: string
  /** Attach the person's terminal to the view and resolve with the client's exit code when it detaches or ends. */
  attach(socket: string, session: string): Promise<number>
}

const FOREVER = 2_147_483_647

export async function capture(options: CaptureOptions): Promise<Recorded> {
  const directory = mkdtempSync(join(tmpdir(), 'tmuxpect-codegen-'))
  const gate = join(directory, 'start')
  execFileSync('mkfifo', ['-m', '600', gate])
  const server = await TmuxServer.start()
  let mirror: ControlChannel | undefined
  const descriptors: number[] = []
  try {
    const size = { cols: options.cols, rows: options.rows }
    const view = await server.spawn(['sleep', '2147483647'], { ...size, name: 'codegen' })
    // The program waits for the word to start, then becomes itself (exec: same process, same pane).
    const app = await server.spawn(['/bin/sh', '-c', 'read start < "$0" && exec "$@"', gate, ...options.argv], { ...size, cwd: options.cwd })
    mirror = new ControlChannel({ tmux: server.tmux, socket: server.socket, env: hostProfile().env, mode: { attach: { session: app.name } } })
    // Keys reach the program whatever they are; only C-b d (detach) and C-b C-b (a C-b for the program) stay tmux's.
    await mirror.group(CODEGEN_KEY_TABLE)
    const [tty] = await mirror.command(paneTty(view.paneId))
    if (!tty) throw new CodegenError('codegen could not find the terminal of its view pane')
    // Owned by the key stream below, which closes it.
    const viewRead = openSync(tty, fs.O_RDONLY | fs.O_NOCTTY)
    const viewWrite = openSync(tty, fs.O_WRONLY | fs.O_NOCTTY)
    descriptors.push(viewWrite)
    // The view passes bytes untouched both ways: no echo, no line editing, no signals, no output processing.
    execFileSync('stty', ['raw', '-echo'], { stdio: [viewRead, 'ignore', 'pipe'] })

    const recorder = new Recorder(app, mirror)
    const filter = new QueryFilter()
    mirror.onOutput = (paneId, line, dataStart) => {
      if (paneId !== app.paneId) return
      const shown = filter.push(decodeOutputData(line, dataStart))
      if (shown.length) writeAll(viewWrite, shown)
      recorder.outputArrived()
    }
    const keys = new ReadStream(viewRead)
    keys.on('data', (chunk: Buffer) => recorder.inputArrived(chunk))
    keys.on('error', () => {})

    const startFd = openSync(gate, fs.O_RDWR | fs.O_NONBLOCK)
    descriptors.push(startFd)
    writeSync(startFd, 'go\n')
    recorder.started()

    let exit: ExitStatus | undefined
    const exited = app.waitForExit({ timeout: FOREVER }).then(
      async (status) => {
        exit = { code: status.code, signal: status.signal }
        await recorder.idle()
        // Ends the person's client: the view is gone.
        await view.kill()
      },
      () => undefined,
    )
    const attached = options.attach(server.socket, view.name)
    await Promise.race([attached, exited])
    keys.destroy()
    await recorder.idle()
    const final = await recorder.shot()
    await attached.catch(() => undefined)
    return { shots: recorder.shots, inputs: recorder.inputs, final, exit }
  } finally {
    for (const descriptor of descriptors) {
      try {
        closeSync(descriptor)
      } catch {
        // already closed by its stream
      }
    }
    mirror?.terminate()
    await server.kill()
    rmSync(directory, { recursive: true, force: true })
  }
}

function writeAll(descriptor: number, bytes: Buffer): void {
  let offset = 0
  while (offset < bytes.length) {
    try {
      offset += writeSync(descriptor, bytes, offset)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return
    }
  }
}

/**
 * The recording's one queue: screens read and inputs passed on strictly in
 * turn, so each screen is known to be before or after each input.
 */
class Recorder {
  readonly shots: Shot[] = []
  readonly inputs: InputChunk[] = []
  private startedAt = performance.now()
  private queue: Promise<unknown> = Promise.resolve()
  private shotQueued = false
  private inputSinceShot = false

  constructor(
    private readonly app: Session,
    private readonly channel: ControlChannel,
  ) {}

  started(): void {
    this.startedAt = performance.now()
  }

  /** Output may have changed the screen: read it (once, however many outputs come while a read waits). */
  outputArrived(): void {
    if (this.shotQueued) return
    this.shotQueued = true
    this.enqueue(async () => {
      this.shotQueued = false
      const shot = await this.shot()
      if (shot) this.shots.push(shot)
    })
  }

  inputArrived(bytes: Buffer): void {
    const time = performance.now() - this.startedAt
    const copy = Buffer.from(bytes)
    this.enqueue(async () => {
      const before = await this.shot()
      this.shots.push(before)
      this.inputs.push({ time, bytes: copy, before })
      this.inputSinceShot = true
      await this.channel.group(sendBytes(this.app.paneId, copy)).catch(() => undefined)
    })
  }

  idle(): Promise<void> {
    return this.enqueue(async () => undefined)
  }

  async shot(): Promise<Shot> {
    const afterInput = this.inputSinceShot
    this.inputSinceShot = false
    // A live screen's cells come with the capture it is read from anyway; only a finished program's take one more.
    const screen = await this.app.screen({ styles: true }).catch(() => this.app.screen())
    const styled = screen.cells ? styledStretches(screen.cells) : undefined
    return { time: performance.now() - this.startedAt, lines: screen.lines, text: screen.text, cursor: { ...screen.cursor }, afterInput, styled }
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work)
    this.queue = next.catch(() => undefined)
    return next
  }
}

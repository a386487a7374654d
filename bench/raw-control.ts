/**
 * The limit: a minimal, honest control-mode client written for the bench.
 * One `tmux -C` connection, replies matched to commands first-in first-out,
 * every test window linked into the client's own session so it hears
 * `%output`, and a wait that captures the pane once, then again on each
 * `%output` for it (a few 1 ms re-looks when the screen lags the event,
 * and a 50 ms safety poll) — the same contract tmuxpect keeps, with none
 * of its checks, errors or bookkeeping.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import { benchSocket, cleanEnv, hexLine, socketPath, type Contender, type Handle, type SpawnSpec } from './contender.js'

interface Pending {
  resolve: (lines: string[]) => void
  reject: (error: Error) => void
}

interface Pane {
  count: number
  waiter: (() => void) | undefined
}

const PERCENT = 0x25
const OUTPUT_PREFIX = Buffer.from('%output %')
const BEGIN = Buffer.from('%begin ')

function quote(word: string): string {
  return "'" + word.replaceAll("'", "'\\''") + "'"
}

export class RawControlClient {
  readonly socket = benchSocket('raw')
  private process: ChildProcess | undefined
  private readonly pending: Pending[] = []
  private head = 0
  private block: { lines: string[]; mine: boolean } | undefined
  private tail: Buffer | undefined
  private readonly panes = new Map<string, Pane>()
  serverPid = 0
  private exited: Promise<void> = Promise.resolve()

  async start(): Promise<void> {
    const child = spawn('tmux', ['-u', '-L', this.socket, '-f', '/dev/null', '-C', 'new-session', '-s', 'ctl', '-x', '80', '-y', '24', 'cat'], {
      env: cleanEnv(),
      stdio: ['pipe', 'pipe', 'ignore'],
    })
    this.process = child
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()))
    child.stdout!.on('data', (chunk: Buffer) => this.onData(chunk))
    child.stdin!.on('error', () => {})
    await this.command('set-option -g exit-unattached on')
    await Promise.all([
      this.command('set-option -g status off'),
      this.command('set-option -g history-limit 10000'),
      this.command('set-option -s escape-time 0'),
    ])
    this.serverPid = Number((await this.command("display-message -p '#{pid}'"))[0])
  }

  command(line: string): Promise<string[]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject })
      this.process!.stdin!.write(line + '\n')
    })
  }

  private onData(chunk: Buffer): void {
    let data = chunk
    if (this.tail) {
      data = Buffer.concat([this.tail, chunk])
      this.tail = undefined
    }
    let start = 0
    for (;;) {
      const newline = data.indexOf(0x0a, start)
      if (newline === -1) break
      this.onLine(data, start, newline)
      start = newline + 1
    }
    if (start < data.length) this.tail = Buffer.from(data.subarray(start))
  }

  private onLine(data: Buffer, start: number, end: number): void {
    const block = this.block
    if (block) {
      if (data[start] === PERCENT && data[start + 1] === 0x65 /* %end, %error */) {
        const text = data.toString('latin1', start, end)
        if (text.startsWith('%end ') || text.startsWith('%error ')) {
          this.block = undefined
          if (block.mine) {
            const waiter = this.pending[this.head]!
            this.pending[this.head++] = undefined as never
            if (this.head > 4096) {
              this.pending.splice(0, this.head)
              this.head = 0
            }
            if (text.startsWith('%end ')) waiter.resolve(block.lines)
            else waiter.reject(new Error(block.lines.join('\n')))
          }
          return
        }
      }
      block.lines.push(data.toString('utf8', start, end))
      return
    }
    if (data[start] !== PERCENT) return
    if (end - start > OUTPUT_PREFIX.length && data.compare(OUTPUT_PREFIX, 0, OUTPUT_PREFIX.length, start, start + OUTPUT_PREFIX.length) === 0) {
      const idStart = start + OUTPUT_PREFIX.length - 1
      const idEnd = data.indexOf(0x20, idStart)
      const pane = this.panes.get(data.toString('latin1', idStart, idEnd === -1 || idEnd > end ? end : idEnd))
      if (pane) {
        pane.count++
        const waiter = pane.waiter
        if (waiter) {
          pane.waiter = undefined
          waiter()
        }
      }
      return
    }
    if (end - start > BEGIN.length && data.compare(BEGIN, 0, BEGIN.length, start, start + BEGIN.length) === 0) {
      // flags 1: the block answers a command of ours (the first one answers the attach).
      this.block = { lines: [], mine: data[end - 1] === 0x31 }
    }
  }

  async newSession(spec: SpawnSpec, name: string): Promise<{ pane: string; window: string }> {
    const [ids] = await Promise.all([
      this.command(
        `new-session -d -s ${name} -x ${spec.cols ?? 80} -y ${spec.rows ?? 24} -P -F '#{pane_id} #{window_id}' /bin/sh -c ${quote(spec.command)}`,
      ),
      this.command(`link-window -d -s =${name}: -t ctl:`),
    ])
    const [pane, window] = ids[0]!.split(' ') as [string, string]
    this.panes.set(pane, { count: 0, waiter: undefined })
    return { pane, window }
  }

  /** Resolves true on the pane's next %output, false after `ms`. */
  private nextOutput(pane: Pane, since: number, ms: number): Promise<boolean> {
    if (pane.count !== since) return Promise.resolve(true)
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        pane.waiter = undefined
        resolve(false)
      }, ms)
      pane.waiter = () => {
        clearTimeout(timer)
        resolve(true)
      }
    })
  }

  async waitFor(paneId: string, text: string, timeoutMs: number): Promise<void> {
    const pane = this.panes.get(paneId)!
    const deadline = performance.now() + timeoutMs
    const capture = `capture-pane -p -J -t ${paneId}`
    let quick = 0
    for (;;) {
      const before = pane.count
      const lines = await this.command(capture)
      for (const line of lines) if (line.includes(text)) return
      if (performance.now() > deadline) throw new Error(`raw control: timed out waiting for ${text}`)
      if (pane.count !== before) {
        quick = 3
        continue
      }
      const sawOutput = await this.nextOutput(pane, before, quick > 0 ? 1 : 50)
      quick = sawOutput ? 3 : Math.max(0, quick - 1)
    }
  }

  async kill(pane: string, window: string): Promise<void> {
    this.panes.delete(pane)
    await this.command(`kill-window -t ${window}`)
  }

  async stop(): Promise<void> {
    if (!this.process) return
    this.command('kill-server').catch(() => {})
    await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, 2000).unref())])
    try {
      if (this.serverPid) process.kill(this.serverPid, 'SIGKILL')
    } catch {
      // gone, as it should be
    }
    this.process.kill('SIGKILL')
    rmSync(socketPath(this.socket), { force: true })
    this.process = undefined
  }
}

let sessionCounter = 0

export class RawControlContender implements Contender {
  readonly name = 'raw control'
  private client: RawControlClient | undefined

  async start(): Promise<void> {
    this.client = new RawControlClient()
    await this.client.start()
  }

  async spawn(spec: SpawnSpec): Promise<Handle> {
    const client = this.client!
    const { pane, window } = await client.newSession(spec, `raw${++sessionCounter}`)
    const prefix = `send-keys -t ${pane} -H `
    return {
      submit: async (line) => {
        await client.command(prefix + hexLine(line))
      },
      waitFor: (text, timeoutMs) => client.waitFor(pane, text, timeoutMs),
      kill: () => client.kill(pane, window),
    }
  }

  async stop(): Promise<void> {
    await this.client?.stop()
    this.client = undefined
  }
}

/**
 * The tmux CLI as fast as it goes: one `tmux` process per command
 * (execFile, no shell), and a wait that runs `capture-pane` back to back,
 * without sleeping, until the text shows.
 */
import { execFile, execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { benchSocket, cleanEnv, hexLine, socketPath, type Contender, type Handle, type SpawnSpec } from './contender.js'

let sessionCounter = 0
/** CLI servers have no control client to take them down with us: end them on exit. */
const live = new Set<RawCliContender>()
process.once('exit', () => {
  for (const contender of live) contender.stopNow()
})

export class RawCliContender implements Contender {
  readonly name = 'raw CLI'
  private socket = ''
  private serverPid = 0
  private readonly env = cleanEnv()

  private tmux(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile('tmux', ['-L', this.socket, ...args], { env: this.env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
        if (error) reject(error)
        else resolve(stdout)
      })
    })
  }

  async start(): Promise<void> {
    this.socket = benchSocket('cli')
    await this.tmux(['-f', '/dev/null', 'new-session', '-d', '-s', 'keep', 'cat', ';', 'set-option', '-g', 'status', 'off', ';',
      'set-option', '-g', 'history-limit', '10000', ';', 'set-option', '-s', 'escape-time', '0'])
    live.add(this)
    this.serverPid = Number((await this.tmux(['display-message', '-p', '#{pid}'])).trim())
  }

  async spawn(spec: SpawnSpec): Promise<Handle> {
    const name = `cli${++sessionCounter}`
    const pane = (
      await this.tmux(['new-session', '-d', '-s', name, '-x', String(spec.cols ?? 80), '-y', String(spec.rows ?? 24), '-P', '-F', '#{pane_id}',
        '/bin/sh', '-c', spec.command])
    ).trim()
    return {
      submit: async (line) => {
        await this.tmux(['send-keys', '-t', pane, '-H', ...hexLine(line).split(' ')])
      },
      waitFor: async (text, timeoutMs) => {
        const deadline = performance.now() + timeoutMs
        for (;;) {
          const screen = await this.tmux(['capture-pane', '-p', '-J', '-t', pane])
          if (screen.includes(text)) return
          if (performance.now() > deadline) throw new Error(`raw CLI: timed out waiting for ${text}`)
        }
      },
      kill: async () => {
        await this.tmux(['kill-session', '-t', `=${name}`])
      },
    }
  }

  async stop(): Promise<void> {
    this.stopNow()
  }

  /** Synchronous, so it also works in an exit handler. */
  stopNow(): void {
    live.delete(this)
    if (!this.socket) return
    try {
      execFileSync('tmux', ['-L', this.socket, 'kill-server'], { env: this.env, stdio: 'ignore', timeout: 5000 })
    } catch {
      // already gone
    }
    try {
      if (this.serverPid) process.kill(this.serverPid, 'SIGKILL')
    } catch {
      // gone, as it should be
    }
    rmSync(socketPath(this.socket), { force: true })
    this.socket = ''
  }
}

/** The contender under test: tmuxpect's engine, used as a test would use it (the built package unless TMUXPECT_BENCH_SOURCE=src: engine.ts). */
import type { TmuxServer, Session } from '../src/index.js'
import type { Contender, Handle, SpawnSpec } from './contender.js'
import { loadTmuxpect } from './engine.js'

export class TmuxpectContender implements Contender {
  readonly name = 'tmuxpect'
  private server: TmuxServer | undefined
  /** Sessions record their terminal (asciicast) unless this is false; the engine's default records. */
  recording = true

  private engine: typeof import('../src/index.js') | undefined

  async start(): Promise<void> {
    this.engine = await loadTmuxpect()
    this.server = await this.engine.TmuxServer.start()
  }

  async spawn(spec: SpawnSpec): Promise<Handle> {
    // The recording setting is read when a session is made.
    if (!this.recording) this.engine!.configure({ record: 'off' })
    let session: Session
    try {
      session = await this.server!.spawn(spec.command, { cols: spec.cols, rows: spec.rows })
    } finally {
      if (!this.recording) this.engine!.configure({ record: 'failed' })
    }
    return {
      submit: (line) => session.submit(line),
      waitFor: async (text, timeoutMs) => {
        await session.waitForText(text, { timeout: timeoutMs })
      },
      kill: () => session.kill(),
    }
  }

  async stop(): Promise<void> {
    await this.server?.kill()
    this.server = undefined
  }
}

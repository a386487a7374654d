/** The contender under test: tmuxpect's engine, used as a test would use it. */
import { TmuxServer, type Session } from '../src/index.js'
import type { Contender, Handle, SpawnSpec } from './contender.js'

export class TmuxpectContender implements Contender {
  readonly name = 'tmuxpect'
  private server: TmuxServer | undefined

  async start(): Promise<void> {
    this.server = await TmuxServer.start()
  }

  async spawn(spec: SpawnSpec): Promise<Handle> {
    const session: Session = await this.server!.spawn(spec.command, { cols: spec.cols, rows: spec.rows })
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

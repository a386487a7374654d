/**
 * The vitest fixture: `tmux` gives each test a handle that spawns sessions
 * on a per-worker server, named after the test. Teardown kills the test's
 * sessions however the test ended; on failure it first prints each
 * session's last screen with its attach line (and with TMUXPECT_KEEP=1
 * keeps them alive for a person to look at).
 */
import { test as base, type TestContext } from 'vitest'
import { TmuxServer, type SpawnOptions } from './server.js'
import type { Command, Session } from './session.js'
import { sessionNameFor } from './naming.js'
import { sessionBlock } from './report.js'

export interface TmuxFixture {
  /** Start a program in a new session named after the test (or `options.name`). */
  spawn(command: Command, options?: SpawnOptions): Promise<Session>
  /** Attach-or-create a named session on the worker's server. */
  ensure(name: string, command: Command, options?: Omit<SpawnOptions, 'name' | 'ifExists'>): Promise<Session>
  /** The worker's server. */
  readonly server: TmuxServer
  /** Sessions this test spawned. */
  readonly sessions: readonly Session[]
}

/** The worker's server, started on first use and started again if it died. */
export class WorkerServer {
  private server: TmuxServer | undefined
  private starting: Promise<TmuxServer> | undefined

  async get(): Promise<TmuxServer> {
    if (this.server && !this.server.goneError) return this.server
    this.starting ??= TmuxServer.start().finally(() => {
      this.starting = undefined
    })
    this.server = await this.starting
    return this.server
  }

  async close(): Promise<void> {
    await this.server?.close()
  }
}

class TestTmux implements TmuxFixture {
  readonly sessions: Session[] = []

  constructor(
    readonly server: TmuxServer,
    private readonly testName: string,
  ) {}

  async spawn(command: Command, options: SpawnOptions = {}): Promise<Session> {
    const session = await this.server.spawn(command, { name: sessionNameFor(this.testName), ...options })
    this.sessions.push(session)
    return session
  }

  async ensure(name: string, command: Command, options: Omit<SpawnOptions, 'name' | 'ifExists'> = {}): Promise<Session> {
    return this.server.ensure(name, command, options)
  }

  async teardown(failed: boolean): Promise<void> {
    const keep = failed && /^(1|true|yes)$/i.test(process.env.TMUXPECT_KEEP ?? '')
    if (failed && this.sessions.length > 0) await this.reportFailure(keep)
    await Promise.all(this.sessions.filter((session) => !session.isKept).map((session) => session.kill()))
  }

  private async reportFailure(keep: boolean): Promise<void> {
    const blocks: string[] = []
    for (const session of this.sessions) {
      if (keep && !session.isKept) await session.keep({ quiet: true }).catch(() => undefined)
      blocks.push(sessionBlock(session.summary(), await session.evidenceScreen()))
    }
    const footer = keep
      ? `\nKept alive (TMUXPECT_KEEP=1): attach with the lines above; when done, remove them with\n  tmux -L ${this.server.socket} kill-server ; rm -f ${this.server.socketPath}\nor: npx tmuxpect reap --kept`
      : '\nSet TMUXPECT_KEEP=1 to keep failing sessions alive and attach to them.'
    console.error(`tmuxpect: test "${this.testName}" failed; its sessions:\n\n${blocks.join('\n\n')}\n${footer}`)
  }
}

function testFailed(context: TestContext): boolean {
  return context.task.result?.state === 'fail'
}

export const test = base.extend<{ tmux: TmuxFixture; tmuxWorkerServer: WorkerServer }>({
  tmuxWorkerServer: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const holder = new WorkerServer()
      try {
        await use(holder)
      } finally {
        await holder.close()
      }
    },
    { scope: 'worker' },
  ],
  tmux: async ({ tmuxWorkerServer, task }, use) => {
    const fixture = new TestTmux(await tmuxWorkerServer.get(), task.name)
    const context = { task } as TestContext
    try {
      await use(fixture)
    } finally {
      await fixture.teardown(testFailed(context))
    }
  },
})

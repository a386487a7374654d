/**
 * The vitest fixture: `tmux` gives each test a handle that spawns sessions
 * on a per-worker server, named after the test. Teardown kills the test's
 * sessions however the test ended; on failure it first prints each
 * session's last screen with its attach line (and with TMUXPECT_KEEP=1
 * keeps them alive for a person to look at).
 */
import { test as base, type TestContext } from 'vitest'
import { sessionResults, shortPath } from './artifacts.js'
import { sessionNameFor, slugOf } from './naming.js'
import { recordingSettings, secretListField } from './options.js'
import { colorFor, plainPaint, sessionBlock, type Paint } from './report.js'
import { TmuxServer } from './server.js'
import { Secrets } from './secrets.js'
import type { Session } from './session.js'
import type { Command, SpawnOptions } from './spawn-request.js'
import { killServerLine } from './tmux-commands.js'
import { resultsModule, resultsToTidy } from './report-page/lazy.js'

export interface TmuxFixture {
  /** Start a program in a new session named after the test (or `options.name`). */
  spawn(command: Command, options?: SpawnOptions): Promise<Session>
  /** Attach-or-create a named session on the worker's server. */
  ensure(name: string, command: Command, options?: Omit<SpawnOptions, 'name' | 'ifExists'>): Promise<Session>
  /** The worker's server. */
  readonly server: TmuxServer
  /** Sessions this test spawned. */
  readonly sessions: readonly Session[]
  /**
   * Values to mask (shown as `•••`) in everything written about this
   * test's sessions, spawned before or after: messages, recordings, final
   * screens, the report page. E.g. `tmux.secrets(process.env.API_TOKEN!)`.
   */
  secrets(...values: string[]): void
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
  /** The test's secrets: every session of the test inherits them. */
  private readonly masking = new Secrets()

  constructor(
    readonly server: TmuxServer,
    private readonly testName: string,
    /** The test's name with its describe blocks, for the results folder. */
    private readonly testPath: string,
    /** The test file, relative to the working directory. */
    private readonly file: string,
  ) {}

  async spawn(command: Command, options: SpawnOptions = {}): Promise<Session> {
    const session = await this.server.spawn(command, { name: sessionNameFor(this.testName), ...options })
    session.masking.inherit(this.masking)
    this.sessions.push(session)
    return session
  }

  async ensure(name: string, command: Command, options: Omit<SpawnOptions, 'name' | 'ifExists'> = {}): Promise<Session> {
    const session = await this.server.ensure(name, command, options)
    session.masking.inherit(this.masking)
    return session
  }

  secrets(...values: string[]): void {
    this.masking.add(secretListField(values, 'tmux.secrets(values)'))
  }

  /**
   * On failure: write each session's recording and final screen and the
   * run's report page, attach them to the test in vitest's reporters, print
   * every session's story, name the files in the test's own error; then
   * kill the sessions (or keep them, with TMUXPECT_KEEP=1). A test that
   * passes takes away what an earlier attempt of it left.
   */
  async teardown(context: TeardownContext, failed: boolean, errors: TestError[] = []): Promise<void> {
    const keep = failed && /^(1|true|yes)$/i.test(process.env.TMUXPECT_KEEP ?? '')
    if (keep) for (const session of this.sessions) if (!session.isKept) await session.keep({ quiet: true }).catch(() => undefined)
    const settings = recordingSettings()
    const write = this.sessions.length > 0 && (settings.mode === 'all' || (failed && settings.mode === 'failed'))
    const key = `${this.file} > ${this.testPath}`
    const files = new Map<Session, string[]>()
    let page: string | undefined
    if (write) {
      // The page's last marker: when the test was over (a failed wait or matcher gave up just before).
      const ending = failed ? ` ✗ test failed: ${(errors[0]?.message ?? '').split('\n')[0]!.slice(0, 120)}` : ' ✓ test passed'
      const { annotateResults, saveTestResults } = await resultsModule()
      const saved = await saveTestResults(settings.resultsDir, {
        key,
        test: this.testPath,
        file: this.file,
        failed,
        errors: errors.map((error) => error.message),
        folder: slugOf(this.testPath, 80) || 'test',
        sessions: await Promise.all(
          this.sessions.map((session) =>
            sessionResults(session, keep && session.isKept, { at: session.summary().now ?? 0, what: ending.trim(), outcome: failed ? 'failed' : 'ok' }),
          ),
        ),
      })
      for (const session of this.sessions) files.set(session, (saved.files.get(session.name) ?? []).map(shortPath))
      page = saved.page
      if (failed) await annotateResults(context, saved)
    } else if (settings.mode !== 'off') {
      await (await resultsToTidy(settings.resultsDir))?.forgetTestResults(settings.resultsDir, key)
    }
    if (failed && this.sessions.length > 0) {
      // A session whose story the test's error already tells (a failed wait or matcher) gets one line here.
      const toldIn = new Set(errors.flatMap(storiesToldIn))
      const told = new Set(this.sessions.filter((session) => toldIn.has(session.attachCommand())))
      await this.reportFailure(keep, files, told, page)
      // The test's error is what a CI log shows first: it names the files too.
      const named = [...files.values()].flatMap((written) => describeFiles(written, plainPaint))
      if (page) named.push(describePage(page, plainPaint))
      if (named.length > 0) for (const error of errors) error.message += `\n\n${named.join('\n')}`
    }
    await Promise.all(this.sessions.filter((session) => !session.isKept).map((session) => session.kill()))
  }

  private async reportFailure(keep: boolean, files: Map<Session, string[]>, told: Set<Session>, page: string | undefined): Promise<void> {
    const paint = colorFor(process.stderr)
    const blocks: string[] = []
    for (const session of this.sessions) {
      const summary = session.summary()
      const block = told.has(session) && !keep
        ? [`${paint.label('Session:')}  ${summary.name}  (${summary.program}), ${summary.state}: its screen, attach line and last actions are in the test's error`]
        : [sessionBlock(summary, await session.evidenceScreen(), paint)]
      block.push(...describeFiles(files.get(session) ?? [], paint))
      blocks.push(block.join('\n'))
    }
    const report = page ? `\n${describePage(page, paint)}` : ''
    const footer = keep
      ? `\nKept alive (TMUXPECT_KEEP=1): attach with the lines above; when done, remove them with\n  ${killServerLine(this.server.socket, this.server.tmux)} ; rm -f ${this.server.socketPath}\nor: npx tmuxpect reap --kept`
      : '\nSet TMUXPECT_KEEP=1 to keep failing sessions alive and attach to them.'
    console.error(`tmuxpect: test "${this.testName}" failed; its sessions:\n\n${blocks.join('\n\n')}\n${report}${footer}`)
  }
}

/** A test's error as the fixture sees it: already serialised by vitest (own fields kept, the class lost). */
interface TestError {
  message: string
  /** A WaitError's field: the story of that session is in the message. */
  attachCommand?: unknown
  /** A matcher failure: vitest keeps the result's `meta` here (matchers/matchers.ts sets it). */
  __vitest_error_context__?: { meta?: { tmuxpectStoryOf?: unknown } }
}

/** The attach lines of the sessions whose story an error tells: read from fields, never from the text. */
export function storiesToldIn(error: TestError): string[] {
  const told = [error.attachCommand, error.__vitest_error_context__?.meta?.tmuxpectStoryOf]
  return told.filter((line): line is string => typeof line === 'string')
}

/** `Recording: <cast>` with how to play it, `Screen: <txt>`. */
function describeFiles(written: readonly string[], paint: Paint): string[] {
  const lines: string[] = []
  for (const file of written) {
    if (file.endsWith('.cast')) lines.push(`${paint.label('Recording:')} ${file}   ${paint.dim('play it:')} ${paint.highlight(`asciinema play ${file}`)}`)
    else lines.push(`${paint.label('Final screen:')} ${file}`)
  }
  return lines
}

/** `Report: <page>` with how to open it. */
function describePage(page: string, paint: Paint): string {
  return `${paint.label('Report:')} ${shortPath(page)}   ${paint.dim('open it:')} ${paint.highlight('npx tmuxpect show-report')}`
}

/** What the fixture's teardown gets of the test's context. */
type TeardownContext = Pick<TestContext, 'task'> & { annotate?: unknown }

/** `describe › test` names, outermost first (the file itself left out). */
function testPathOf(task: TestContext['task']): string {
  const names = [task.name]
  for (let suite = task.suite; suite && suite.suite; suite = suite.suite) names.unshift(suite.name)
  return names.join(' ')
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
  tmux: async ({ tmuxWorkerServer, task, annotate }, use) => {
    const fixture = new TestTmux(await tmuxWorkerServer.get(), task.name, testPathOf(task), shortPath(task.file.filepath))
    const context = { task } as TestContext
    try {
      await use(fixture)
    } finally {
      await fixture.teardown({ task, annotate }, testFailed(context), task.result?.errors ?? [])
    }
  },
})

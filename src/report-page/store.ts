/**
 * The results folder holds this run's results only, and several writers
 * (vitest workers, shards on one machine) share it without clobbering one
 * another.
 *
 * A *run* is one vitest process, or everything started with one
 * TMUXPECT_RUN_ID. vitest gives a fixture no run-wide hook (globalSetup is
 * the user's), so the run is told by the process that owns the worker: a
 * forked worker's parent, a worker thread's own process. Its PID and start
 * time name the run.
 *
 * Each writer (one module instance in one worker) keeps its entries in its
 * own data file, `.tmuxpect/<run>~<writer>.json`, always replaced whole by
 * a rename, so no writer ever edits another's file. The data file is
 * written before the files it lists, so a listed file is never an orphan.
 *
 * The first time a writer touches the folder it removes the results of
 * earlier runs: a data file (and every file it lists) whose run is another,
 * whose owner process is gone, and which was last written before this run
 * started. A shard running beside this one is alive; a shard that ran
 * beside it and has just ended wrote after this run started: both are kept.
 * Shards run one after the other on one machine share a TMUXPECT_RUN_ID.
 *
 * A test that fails again replaces its own results; a test that passes
 * after failing earlier in the same run (a retry, watch mode) leaves a
 * `passed` entry that hides the failure, and its files are removed.
 *
 * A passing run does not load this module unless the folder holds
 * tmuxpect's data (lazy.ts); the page, with its renderer, is built only
 * when there are results to show.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises'
import { uptime } from 'node:os'
import { dirname, join, sep } from 'node:path'
import { isMainThread, threadId } from 'node:worker_threads'
import { procStatFields } from '../proc.js'
import type { ReportEntry, ResultFile } from './entry.js'
import { DATA_FOLDER } from './lazy.js'

export { DATA_FOLDER }
export const PAGE_FILE = 'index.html'

export interface RunOwner {
  pid: number
  /** Wall-clock ms when the owner process started (Linux); else when the first writer of the run saw it. */
  startedAt: number
}

export interface RunIdentity {
  id: string
  owner: RunOwner
  /** Set when the run's id came from TMUXPECT_RUN_ID. */
  fromEnvironment: boolean
}

export interface DataFile {
  version: 1
  run: string
  owner: RunOwner
  entries: ReportEntry[]
}

/** Wall-clock start of a process from /proc (clock ticks since boot, at 100 a second), or undefined. */
export function processStartedAt(pid: number): number | undefined {
  const fields = procStatFields(pid, 20)
  const ticks = Number(fields?.[19])
  if (!Number.isFinite(ticks)) return undefined
  return Math.round(Date.now() - (uptime() * 1000 - ticks * 10))
}

/** This worker's run: TMUXPECT_RUN_ID, else the vitest process that owns this worker. */
export function currentRun(env: NodeJS.ProcessEnv = process.env): RunIdentity {
  // A worker thread shares vitest's process; a forked worker is its child.
  const pid = isMainThread ? process.ppid : process.pid
  const startedAt = processStartedAt(pid) ?? Math.round(performance.timeOrigin)
  const named = env.TMUXPECT_RUN_ID?.trim()
  if (named) return { id: `env-${named.replace(/[^A-Za-z0-9._-]+/g, '_')}`, owner: { pid, startedAt }, fromEnvironment: true }
  return { id: `p${pid}-${startedAt}`, owner: { pid, startedAt }, fromEnvironment: false }
}

/** Whether the process that owned a run still runs (same PID and, where /proc tells, the same start). */
export function ownerAlive(owner: RunOwner): boolean {
  try {
    process.kill(owner.pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  const startedAt = processStartedAt(owner.pid)
  // ±2 s: the two readings of uptime and ticks round differently.
  return startedAt === undefined || Math.abs(startedAt - owner.startedAt) < 2000
}

async function writeAtomically(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}-${threadId}-${randomUUID().slice(0, 8)}.tmp`
  await writeFile(temporary, content)
  await rename(temporary, path)
}

/** Every writer's data file in the folder, with when it was last written; unreadable ones skipped. */
export async function readDataFiles(resultsDir: string): Promise<{ path: string; mtimeMs: number; data: DataFile }[]> {
  const folder = join(resultsDir, DATA_FOLDER)
  let names: string[]
  try {
    names = await readdir(folder)
  } catch {
    return []
  }
  const files = await Promise.all(
    names
      .filter((name) => name.endsWith('.json'))
      .map(async (name) => {
        const path = join(folder, name)
        try {
          const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)])
          const data = JSON.parse(text) as DataFile
          if (data.version !== 1 || !Array.isArray(data.entries)) return undefined
          return { path, mtimeMs: info.mtimeMs, data }
        } catch {
          return undefined // removed meanwhile by another writer, or not ours
        }
      }),
  )
  return files.filter((file) => file !== undefined)
}

/** The entries the page shows: the newest of each test, tests that passed since left out. */
export function currentEntries(files: readonly { data: DataFile }[]): ReportEntry[] {
  const newest = new Map<string, ReportEntry>()
  for (const { data } of files) {
    for (const entry of data.entries) {
      const known = newest.get(entry.key)
      if (!known || known.writtenAt <= entry.writtenAt) newest.set(entry.key, entry)
    }
  }
  return [...newest.values()].filter((entry) => !entry.passed).sort((a, b) => a.writtenAt - b.writtenAt)
}

/** Remove files (relative to the results folder) and then their folders, if empty. Never outside the folder. */
async function removeResultFiles(resultsDir: string, paths: readonly string[]): Promise<void> {
  const root = resultsDir.endsWith(sep) ? resultsDir : resultsDir + sep
  const folders = new Set<string>()
  for (const path of paths) {
    const full = join(resultsDir, path)
    if (!full.startsWith(root)) continue
    await rm(full, { force: true })
    folders.add(dirname(full))
  }
  for (const folder of folders) {
    if (folder.startsWith(root)) await rmdir(folder).catch(() => undefined) // not empty: another run's files are there
  }
}

function filesOf(entry: ReportEntry): string[] {
  return entry.sessions.flatMap((session) => [session.castFile, session.screenFile].filter((path) => path !== undefined))
}

/** The page builder, loaded only when a page is written. */
async function rebuildPage(resultsDir: string): Promise<string | undefined> {
  const { writeReportPage } = await import('./page.js')
  return writeReportPage(resultsDir)
}

/**
 * One writer's view of a results folder: its own data file, the keys of
 * tests with results in the folder, and the first-touch clean-up.
 */
export class ResultsStore {
  private writer: string | undefined
  private run: RunIdentity | undefined
  private readonly entries = new Map<string, ReportEntry>()
  /** Keys of tests with results in the folder (any writer), as of the first touch and this writer's own writes. */
  private readonly known = new Set<string>()
  private prepared: Promise<void> | undefined

  /** `run`: this worker's run, worked out when first needed (a passing run never needs it). */
  constructor(
    readonly resultsDir: string,
    run?: RunIdentity,
  ) {
    this.run = run
  }

  private get identity(): RunIdentity {
    this.run ??= currentRun()
    return this.run
  }

  get dataFile(): string {
    this.writer ??= `${process.pid}-${threadId}-${randomUUID().slice(0, 8)}`
    return join(this.resultsDir, DATA_FOLDER, `${this.identity.id}~${this.writer}.json`)
  }

  /** Once per writer: remove earlier runs' results and learn which tests have results now. */
  prepare(): Promise<void> {
    this.prepared ??= this.removeEarlierRuns()
    return this.prepared
  }

  private async removeEarlierRuns(): Promise<void> {
    try {
      await stat(join(this.resultsDir, DATA_FOLDER))
    } catch {
      return // nothing of ours there: the common case of a passing run
    }
    let removed = false
    for (const file of await readDataFiles(this.resultsDir)) {
      const earlier =
        file.data.run !== this.identity.id && file.mtimeMs < this.identity.owner.startedAt && !ownerAlive(file.data.owner)
      if (earlier) {
        await removeResultFiles(this.resultsDir, file.data.entries.flatMap(filesOf))
        await rm(file.path, { force: true })
        removed = true
      } else {
        for (const entry of file.data.entries) if (!entry.passed) this.known.add(entry.key)
      }
    }
    if (removed) await rebuildPage(this.resultsDir)
  }

  /**
   * Save a test's results: its entry first (so its files are never
   * orphans), then its files, then the page. Older results of the same test
   * are removed. Returns the page's path (undefined when it could not be written).
   */
  async save(entry: ReportEntry, files: readonly ResultFile[]): Promise<string | undefined> {
    await this.prepare()
    const stale = await this.olderFilesOf(entry.key, new Set(files.map((file) => file.path)))
    this.entries.set(entry.key, entry)
    this.known.add(entry.key)
    await this.writeData()
    for (const file of files) {
      const path = join(this.resultsDir, file.path)
      await mkdir(dirname(path), { recursive: true })
      await writeFile(path, file.content)
    }
    await removeResultFiles(this.resultsDir, stale)
    return rebuildPage(this.resultsDir)
  }

  /** A test passed: if it has results from earlier in this run, hide them and remove their files. */
  async forget(key: string): Promise<void> {
    await this.prepare()
    if (!this.known.has(key)) return
    const stale = await this.olderFilesOf(key, new Set())
    this.entries.set(key, { key, test: '', file: '', failed: false, errors: [], writtenAt: Date.now(), passed: true, sessions: [] })
    this.known.delete(key)
    await this.writeData()
    await removeResultFiles(this.resultsDir, stale)
    await rebuildPage(this.resultsDir)
  }

  /** Files of earlier entries of a test, in any writer's data, except those about to be written again. */
  private async olderFilesOf(key: string, keep: ReadonlySet<string>): Promise<string[]> {
    if (!this.known.has(key)) return []
    const files = await readDataFiles(this.resultsDir)
    return files
      .flatMap(({ data }) => data.entries.filter((entry) => entry.key === key).flatMap(filesOf))
      .filter((path) => !keep.has(path))
  }

  private async writeData(): Promise<void> {
    const { id, owner } = this.identity
    const data: DataFile = { version: 1, run: id, owner, entries: [...this.entries.values()] }
    await mkdir(join(this.resultsDir, DATA_FOLDER), { recursive: true })
    await writeAtomically(this.dataFile, JSON.stringify(data))
  }
}

export { writeAtomically }

/**
 * Counting what a run leaves behind, for the hardening tests: tmux processes
 * and socket files under one private TMUX_TMPDIR, and the processes of
 * programs under test (found by a marker variable in their environment).
 * Also runs the nested vitest projects under test/fixtures as child processes.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'
import { execa, type Options } from 'execa'
import pWaitFor from 'p-wait-for'
import { expect } from 'vitest'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures')
const VITEST_BIN = join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs')

/** A private TMUX_TMPDIR: sockets made under it are the only ones a census sees. */
export function makeTmuxTmpdir(): string {
  // Short path: a socket path must fit in 108 bytes.
  return mkdtempSync(join(tmpdir(), 'tmuxpect-hard-'))
}

export function socketDirectoryOf(tmuxTmpdir: string): string {
  return join(tmuxTmpdir, `tmux-${process.getuid?.() ?? 0}`)
}

/** Socket files under a TMUX_TMPDIR. */
export function socketFiles(tmuxTmpdir: string): string[] {
  const directory = socketDirectoryOf(tmuxTmpdir)
  let names: string[]
  try {
    names = readdirSync(directory)
  } catch {
    return []
  }
  return names.filter((name) => {
    try {
      return statSync(join(directory, name)).isSocket()
    } catch {
      return false
    }
  })
}

function readProc(pid: string, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8')
  } catch {
    return undefined
  }
}

/** True while the process runs (a zombie counts as ended), read from /proc by the tests themselves. */
export function processRuns(pid: number): boolean {
  const stat = readProc(String(pid), 'stat')
  if (stat === undefined) return false
  return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2))
}

/** Live (not zombie) processes whose environment holds `name=value`. */
export function processesWithEnvironment(name: string, value: string): number[] {
  const wanted = `${name}=${value}`
  const found: number[] = []
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue
    const environ = readProc(pid, 'environ')
    if (!environ || !environ.split('\0').includes(wanted)) continue
    const stat = readProc(pid, 'stat')
    const state = stat?.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
    if (stat && state !== 'Z' && state !== 'X') found.push(Number(pid))
  }
  return found
}

/** tmux processes (servers and clients) that run with this TMUX_TMPDIR. A server names itself "tmux: server". */
export function tmuxProcesses(tmuxTmpdir: string): number[] {
  return processesWithEnvironment('TMUX_TMPDIR', tmuxTmpdir).filter((pid) => /^tmux(:|$)/.test(readProc(String(pid), 'comm')?.trim() ?? ''))
}

/** A marker to put in the environment of programs under test, so strays can be counted. */
export function newMarker(): string {
  return `hard-${process.pid}-${randomBytes(4).toString('hex')}`
}

export const MARKER_VARIABLE = 'TMUXPECT_TEST_MARKER'

export interface Census {
  tmux: number[]
  sockets: string[]
  programs: number[]
}

export function census(tmuxTmpdir: string, marker: string): Census {
  return {
    tmux: tmuxProcesses(tmuxTmpdir),
    sockets: socketFiles(tmuxTmpdir),
    programs: processesWithEnvironment(MARKER_VARIABLE, marker),
  }
}

export const EMPTY_CENSUS: Census = { tmux: [], sockets: [], programs: [] }

/**
 * Waits (bounded) for the census to come to nothing, then asserts it, so a
 * failure shows what stayed. (A server sent SIGTERM by an exit hook takes a
 * moment to go: this waits on that, it does not time it.)
 */
export async function expectNothingLeft(tmuxTmpdir: string, marker: string): Promise<void> {
  let last = census(tmuxTmpdir, marker)
  const empty = () => {
    last = census(tmuxTmpdir, marker)
    return last.tmux.length + last.sockets.length + last.programs.length === 0
  }
  await pWaitFor(empty, { interval: 25, timeout: 5000 }).catch(() => undefined)
  expect(last).toEqual(EMPTY_CENSUS)
}

/**
 * A clean environment for a nested run: none of the parent vitest worker's
 * variables (a nested vitest must not think it is a worker), a private
 * TMUX_TMPDIR (which also holds the run's tmuxpect-results), and the marker.
 */
/** The tmux binary the suite runs on: TMUXPECT_TMUX (the CI matrix) or tmux on PATH. */
export function tmuxBinary(): string {
  return process.env.TMUXPECT_TMUX || 'tmux'
}

export function nestedEnvironment(tmuxTmpdir: string, marker: string, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    TMUX_TMPDIR: tmuxTmpdir,
    [MARKER_VARIABLE]: marker,
    CI: 'true',
    NO_COLOR: '1',
    // A nested run's failing tests write their recordings here, not into the repository.
    TMUXPECT_RESULTS_DIR: join(tmuxTmpdir, 'tmuxpect-results'),
  }
  // The run's own tmux and process-reading mode (the CI matrix sets them).
  for (const key of ['TMUXPECT_TMUX', 'TMUXPECT_NO_PROC']) {
    const value = process.env[key]
    if (value) env[key] = value
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key]
    else env[key] = value
  }
  return env
}

/** Start `vitest run` on a nested project under test/fixtures (a child process, in its own process group). */
export function runNestedVitest(project: string, args: string[], env: Record<string, string>) {
  return execa(process.execPath, nestedVitestArgv(project, args), {
    cwd: REPO_ROOT,
    env,
    extendEnv: false,
    all: true,
    reject: false,
    detached: true,
  })
}

/** `vitest run` on a nested project: the arguments after `node`. */
export function nestedVitestArgv(project: string, args: string[] = []): string[] {
  const root = join(FIXTURES, project)
  return [VITEST_BIN, 'run', '--root', root, '--config', join(root, 'vitest.config.ts'), ...args]
}

export function removeTree(path: string): void {
  rmSync(path, { recursive: true, force: true })
}

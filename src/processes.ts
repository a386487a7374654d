/**
 * Questions about processes — is it alive, which processes are in a pane's
 * terminal session, which processes inherited a server's `TMUX` variable
 * (and, in foreground.ts, is a pane's foreground program running) — answered from Linux's
 * /proc when it is there, and from `ps` where it is not (macOS, the BSDs),
 * so no guarantee silently disappears there. `TMUXPECT_NO_PROC=1` takes the
 * `ps` path on Linux too: CI runs the whole suite that way (.ci/run).
 *
 * The `ps -o` fields used (pid, ppid, pgid, stat, tpgid) are in procps and
 * in BSD/macOS `ps` alike; only the environment listing differs (`ps e` /
 * `ps -E`). What is weaker without /proc is in docs/compatibility.md.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { procAvailable, procStatFields } from './proc.js'

interface ProcessEntry {
  pid: number
  ppid: number
  group: number
  /** The terminal session (Linux /proc only; `ps` has no portable field for it). */
  session: number | undefined
  state: string
}

/** Run `ps` with these arguments; its lines, or [] when it lists nothing (it exits 1 for a PID that is gone). */
export function ps(args: string[]): string[] {
  try {
    return execFileSync('ps', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 })
      .split('\n')
      .filter((line) => line.trim() !== '')
  } catch {
    return []
  }
}

function parseEntry(line: string): ProcessEntry {
  const [pid, ppid, group, state] = line.trim().split(/\s+/)
  return { pid: Number(pid), ppid: Number(ppid), group: Number(group), session: undefined, state: state ?? '' }
}

/** Every process on the machine: pid, parent, group, session (/proc only), state. */
function processTable(): ProcessEntry[] {
  if (!procAvailable()) return ps(['-A', '-o', 'pid=,ppid=,pgid=,stat=']).map(parseEntry)
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return []
  }
  const table: ProcessEntry[] = []
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    const fields = procStatFields(Number(entry), 4)
    if (fields) table.push({ pid: Number(entry), state: fields[0]!, ppid: Number(fields[1]), group: Number(fields[2]), session: Number(fields[3]) })
  }
  return table
}

/** True while the process runs (a zombie counts as ended). */
export function isProcessAlive(pid: number): boolean {
  if (procAvailable()) {
    const state = procStatFields(pid, 1)?.[0]
    return state !== undefined && state !== 'Z' && state !== 'X'
  }
  try {
    process.kill(pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  // kill(pid, 0) succeeds for a zombie too: ask ps for its state.
  const [state] = ps(['-o', 'stat=', '-p', String(pid)])
  return state !== undefined && !state.trim().startsWith('Z')
}

/**
 * Every process in the terminal sessions the given pane programs lead (a
 * pane's PID is its session leader), so a job it put in the background is
 * ended too; one look at the process table for all of them. /proc gives
 * each process's session; without it, a session is approximated by the
 * leader's descendants and the process groups they lead.
 */
export function sessionProcesses(...leaders: number[]): number[] {
  const table = processTable()
  const found = new Set<number>(leaders)
  if (procAvailable()) {
    const led = new Set(leaders)
    for (const entry of table) if (led.has(entry.session!) || led.has(entry.group)) found.add(entry.pid)
    return [...found]
  }
  // Descendants (children of anything found, to a fixed point) and members of groups led by one of them.
  for (let grew = true; grew; ) {
    grew = false
    for (const entry of table) {
      if (!found.has(entry.pid) && (found.has(entry.ppid) || found.has(entry.group))) {
        found.add(entry.pid)
        grew = true
      }
    }
  }
  return [...found]
}

/**
 * PIDs of processes whose environment holds a variable starting with one of
 * `prefixes` (e.g. `TMUX=/tmp/tmux-0/tmuxpect-…,`). /proc/<pid>/environ, or
 * `ps`'s environment listing (procps: `ps axeww`; BSD/macOS: `ps -A -E -ww`),
 * in which the variables follow the command, space-separated.
 */
export function processesWithVariable(prefixes: readonly string[]): number[] {
  const found: number[] = []
  if (!procAvailable()) {
    const args = process.platform === 'linux' ? ['axeww', '-o', 'pid=,command='] : ['-A', '-E', '-ww', '-o', 'pid=,command=']
    for (const line of ps(args)) {
      const match = /^\s*(\d+)\s(.*)$/.exec(line)
      if (match && prefixes.some((prefix) => match[2]!.includes(' ' + prefix))) found.push(Number(match[1]))
    }
    return found.filter((pid) => pid !== process.pid)
  }
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return found
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    let environment: string
    try {
      environment = readFileSync(`/proc/${entry}/environ`, 'utf8')
    } catch {
      continue
    }
    if (environment.split('\0').some((variable) => prefixes.some((prefix) => variable.startsWith(prefix)))) found.push(Number(entry))
  }
  return found
}

/**
 * Whether the program in the foreground of a pane's terminal is running
 * right now, or waiting (for input, most likely): from Linux's /proc, or
 * from `ps` where there is none (processes.ts).
 *
 * Why: a key's meaning depends on the terminal's mode when it arrives. A
 * readline program (python, bash, bc) puts the terminal back in line mode
 * while it works; a Ctrl-D that lands then, before the program has switched
 * back to reading keys, is stored as end-of-file and turned into a NUL byte
 * by the switch — the key is lost (docs/tmux-quirks.md, "Keys sent while a
 * program is busy"). Waiting, briefly, until the foreground process sleeps
 * makes `press` land where a person's key would.
 */
import { readFileSync } from 'node:fs'
import { procAvailable, procStatFields } from './proc.js'
import { ps, sessionProcesses } from './processes.js'

/**
 * True while the terminal's foreground process group leader is on a CPU or
 * waiting for one (state R); false when it sleeps or cannot be seen (gone,
 * another user's). The pane's tpgid field, then the leader's state: from
 * /proc/<pid>/stat, or `ps -o stat=,tpgid=`.
 */
export function foregroundIsRunning(panePid: number): boolean {
  if (!procAvailable()) {
    const [pane] = ps(['-o', 'stat=,tpgid=', '-p', String(panePid)])
    const [paneState, tpgid] = pane?.trim().split(/\s+/) ?? []
    const foreground = Number(tpgid)
    if (!(foreground > 0)) return false
    const state = foreground === panePid ? paneState : ps(['-o', 'stat=', '-p', String(foreground)])[0]?.trim()
    return state?.startsWith('R') === true
  }
  const pane = procStatFields(panePid, 6)
  const foreground = Number(pane?.[5])
  if (!pane || !(foreground > 0)) return false
  const leader = foreground === panePid ? pane : procStatFields(foreground, 1)
  return leader?.[0] === 'R'
}

/**
 * Whether the programs on a pane's terminal have read since a moment: the
 * read system calls (`syscr` in /proc/<pid>/io) of every process in the
 * pane's session, summed. A mouse press and its release written together
 * are read together, and some programs take only the first report of a
 * read (docs/tmux-quirks.md, "Mouse"): the release waits until the press
 * has been read. The processes are found once (a scan of /proc), then only
 * their io files are read.
 */
export class TerminalReads {
  /** Each process's read count when watching began. */
  private readonly before = new Map<number, number>()

  constructor(panePid: number) {
    // ps has no read counts: without /proc the reads stay unseen (mouse.ts says what it does then).
    if (!procAvailable()) return
    for (const pid of sessionProcesses(panePid)) {
      const reads = readCount(pid)
      if (reads !== undefined) this.before.set(pid, reads)
    }
  }

  /** False where /proc cannot tell (not Linux, another user's processes). */
  get visible(): boolean {
    return this.before.size > 0
  }

  /** True once a process of the session has made a read since watching began, and none of them is running. */
  readSinceAndWaiting(): boolean {
    let read = false
    for (const [pid, before] of this.before) {
      const state = procStatFields(pid, 1)?.[0]
      if (state === 'R') return false
      if ((readCount(pid) ?? before) > before) read = true
    }
    return read
  }
}

function readCount(pid: number): number | undefined {
  try {
    const match = /^syscr: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'latin1'))
    return match ? Number(match[1]) : undefined
  } catch {
    return undefined
  }
}

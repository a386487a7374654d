/**
 * Whether the program in the foreground of a pane's terminal is running
 * right now, or waiting (for input, most likely), from Linux's /proc.
 *
 * Why: a key's meaning depends on the terminal's mode when it arrives. A
 * readline program (python, bash, bc) puts the terminal back in line mode
 * while it works; a Ctrl-D that lands then, before the program has switched
 * back to reading keys, is stored as end-of-file and turned into a NUL byte
 * by the switch — the key is lost (docs/tmux-quirks.md, "Keys sent while a
 * program is busy"). Waiting, briefly, until the foreground process sleeps
 * makes `press` land where a person's key would.
 */
import { openSync, readSync, closeSync } from 'node:fs'

const buffer = Buffer.alloc(1024)

function readStat(pid: number): string | undefined {
  let fd: number
  try {
    fd = openSync(`/proc/${pid}/stat`, 'r')
  } catch {
    return undefined
  }
  try {
    const length = readSync(fd, buffer, 0, buffer.length, 0)
    return buffer.toString('latin1', 0, length)
  } catch {
    return undefined
  } finally {
    closeSync(fd)
  }
}

/** Fields after the command name: state, ppid, pgrp, session, tty_nr, tpgid, … */
function statFields(pid: number): string[] | undefined {
  const stat = readStat(pid)
  if (stat === undefined) return undefined
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
}

/**
 * True while the terminal's foreground process group leader is on a CPU or
 * waiting for one (state R); false when it sleeps or cannot be seen (not
 * Linux, gone, another user's).
 */
export function foregroundIsRunning(panePid: number): boolean {
  const pane = statFields(panePid)
  const foreground = Number(pane?.[5])
  if (!pane || !(foreground > 0)) return false
  const leader = foreground === panePid ? pane : statFields(foreground)
  return leader?.[0] === 'R'
}

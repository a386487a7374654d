/**
 * Reading Linux's /proc/<pid>/stat cheaply: one open, one read into a
 * reused buffer, one close. kill() scans every process on the machine, and
 * readFileSync's extra fstat and allocations made that scan cost ~5 ms with
 * 100 processes on a busy 2-core machine.
 */
import { closeSync, openSync, readSync } from 'node:fs'

const statBuffer = Buffer.allocUnsafe(4096)

/**
 * The fields after the command name — state, ppid, pgrp, session, tty_nr,
 * tpgid, … — or undefined when the process is gone (or not Linux). Callers
 * ask procAvailable() first.
 * `count` limits how many are split off.
 */
export function procStatFields(pid: number, count?: number): string[] | undefined {
  let fd: number
  try {
    fd = openSync(`/proc/${pid}/stat`, 'r')
  } catch {
    return undefined
  }
  try {
    const length = readSync(fd, statBuffer, 0, statBuffer.length, 0)
    const stat = statBuffer.toString('latin1', 0, length)
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ', count)
  } catch {
    return undefined
  } finally {
    closeSync(fd)
  }
}

let haveProc: { asked: string; answer: boolean } | undefined

/**
 * Whether process questions are answered from /proc: on Linux, unless
 * TMUXPECT_NO_PROC=1 asks for the portable `ps` path (processes.ts), as on
 * macOS. Found once for each value of TMUXPECT_NO_PROC (a test may change it).
 */
export function procAvailable(): boolean {
  const asked = process.env.TMUXPECT_NO_PROC ?? ''
  if (haveProc?.asked !== asked) {
    haveProc = { asked, answer: !/^(1|true|yes)$/i.test(asked) && process.platform === 'linux' && procStatFields(process.pid, 1) !== undefined }
  }
  return haveProc.answer
}

/**
 * Watches one process through an open /proc/<pid>/statm: each check is one
 * read (no open or close), and a PID given to a later process can never be
 * mistaken for it — once the process is reaped, the open file only answers
 * ESRCH. statm rather than stat: a process that has exited (a zombie, or
 * one past releasing its memory) has no memory, so its first field is 0,
 * and the kernel writes 7 numbers instead of 52 (1.4 against 3.5 µs a
 * check; every input asks).
 */
export class ProcessWatch {
  private fd: number | undefined

  constructor(pid: number) {
    if (!procAvailable()) return
    try {
      this.fd = openSync(`/proc/${pid}/statm`, 'r')
    } catch {
      this.fd = -1 // already gone
    }
  }

  /** True once the process has ended (a zombie counts); undefined where /proc cannot tell. */
  ended(): boolean | undefined {
    if (this.fd === undefined) return undefined
    if (this.fd === -1) return true
    let length: number
    try {
      length = readSync(this.fd, statBuffer, 0, 32, 0)
    } catch {
      return true
    }
    // "0 0 0 0 0 0 0": no memory, so no longer running
    return length < 2 || (statBuffer[0] === 0x30 /* 0 */ && statBuffer[1] === 0x20)
  }

  close(): void {
    if (this.fd !== undefined && this.fd >= 0) closeSync(this.fd)
    this.fd = -1
  }
}

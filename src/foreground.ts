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
import { procStatFields } from './proc.js'

/**
 * True while the terminal's foreground process group leader is on a CPU or
 * waiting for one (state R); false when it sleeps or cannot be seen (not
 * Linux, gone, another user's).
 */
export function foregroundIsRunning(panePid: number): boolean {
  const pane = procStatFields(panePid, 6)
  const foreground = Number(pane?.[5])
  if (!pane || !(foreground > 0)) return false
  const leader = foreground === panePid ? pane : procStatFields(foreground, 1)
  return leader?.[0] === 'R'
}

/**
 * A finished program, as pure functions (no tmux here, so all of it is
 * unit-tested in test/exit.test.ts): the exit status from tmux's pane
 * formats, signal names, the "Pane is dead" line, and the final screen's
 * geometry.
 *
 * When a program ends under `remain-on-exit`, tmux scrolls the screen up
 * one line — the first visible line goes into the history, or nowhere on
 * the alternate screen — and writes `Pane is dead (status N, <time>)` on the
 * last row, unless `remain-on-exit-format` is empty, as tmuxpect's servers
 * set it: then the screen stays as the program left it. For a server that
 * draws the line (one started by an older tmuxpect), the final screen is
 * the last history line plus the rows above that message.
 */
import { constants } from 'node:os'
import stringWidth from 'string-width'
import type { ExitStatus } from './errors.js'
import { Screen, logicalText } from './screen.js'

const DEAD_PREFIX = 'Pane is dead'

const SIGNAL_NAMES = new Map<number, string>(Object.entries(constants.signals).map(([name, number]) => [number, name]))

/** What tmux could not tell: the program is gone, its status unknown. */
export const UNKNOWN_EXIT: ExitStatus = Object.freeze({ code: null, signal: null })

/** `SIGTERM` for 15; `SIG<n>` for a number this platform has no name for. */
export function signalName(signal: number): string {
  return SIGNAL_NAMES.get(signal) ?? `SIG${signal}`
}

/** True when `line` is tmux's "Pane is dead" message (cut to the pane's width, as tmux draws it). */
export function isDeadLine(line: string | undefined, cols: number): boolean {
  return line !== undefined && line.startsWith(DEAD_PREFIX.slice(0, cols))
}

export interface PaneExitFields {
  /** The pane's program has exited (`#{pane_dead}`). */
  dead: boolean
  /** Its status, once tmux knows it (`pane_dead` can be 1 before the status is set). */
  exit: ExitStatus | undefined
  cols: number
  rows: number
  /**
   * The alternate screen is up (`#{alternate_on}`, which tmux keeps for a
   * dead pane on 3.1c–3.8); undefined if tmux did not say.
   */
  alternate: boolean | undefined
}

/** Read tmux's `dead \t status \t signal \t history \t cols \t rows \t alternate` reply. */
export function parseExitFields(line: string): PaneExitFields {
  const [dead, status = '', signal = '', , cols, rows, alternate = ''] = line.split('\t')
  const known = status !== '' || signal !== ''
  return {
    dead: dead === '1',
    exit: known ? { code: status === '' ? null : Number(status), signal: signal === '' ? null : signalName(Number(signal)) } : undefined,
    cols: Number(cols),
    rows: Number(rows),
    alternate: alternate === '' ? undefined : alternate === '1',
  }
}

/**
 * The final screen from a capture that starts one line into the history
 * (`-S -1`): the last history line plus the rows above "Pane is dead". If
 * tmux never learned the status it drew no message and did not scroll: then
 * the visible rows are the screen. The program's own cursor is lost when
 * tmux writes its message: the cursor is put where the output ended.
 */
/** What the program left the terminal in, as its output said (tmux hides the cursor of a dead pane itself). */
export interface FinalModes {
  cursorVisible: boolean
  alternate: boolean
}

export function finalScreen(
  plain: readonly string[],
  joined: readonly string[],
  cols: number,
  rows: number,
  modes: FinalModes = { cursorVisible: true, alternate: false },
): Screen {
  const hasHistoryLine = plain.length > rows
  const scrolled = isDeadLine(plain[plain.length - 1], cols)
  const lines = scrolled ? plain.slice(0, -1) : plain.slice(hasHistoryLine ? 1 : 0)
  const logical = scrolled ? joined.slice(0, -1) : joined.slice(hasHistoryLine ? 1 : 0)
  lines.length = Math.min(lines.length, rows)
  while (lines.length < rows) lines.push('')
  let lastRow = lines.length - 1
  while (lastRow > 0 && lines[lastRow] === '') lastRow--
  const cursor = { x: stringWidth(lines[lastRow] ?? ''), y: Math.max(lastRow, 0), visible: modes.cursorVisible }
  return new Screen({ lines, text: logicalText(logical), cursor, cols, rows, alternate: modes.alternate })
}

/** The last line of a final screen's history capture (`-E`): the row above "Pane is dead". */
export function lastHistoryRow(rows: number): number {
  return Math.max(rows - 2, 0)
}

/** A final screen with the history above it: the cursor at its last line. */
export function finalScreenWithHistory(plain: readonly string[], joined: readonly string[], final: Screen): Screen {
  return new Screen({
    lines: plain,
    text: logicalText(joined),
    cursor: { x: 0, y: plain.length - 1, visible: final.cursor.visible },
    cols: final.cols,
    rows: final.rows,
    alternate: final.alternate,
  })
}

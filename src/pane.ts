/**
 * The pane room: the tmux side of one session's pane — capture, cursor,
 * "is it dead", its exit, input commands, resize, respawn — over the
 * channel's narrow `command / group / pipeline` interface. No session
 * state lives here: the session decides what a reply means for it. A tmux
 * "can't find" (the pane was closed from outside) becomes `lost()`, the
 * session's own error.
 */
import { TmuxCommandError, type ExitStatus } from './errors.js'
import { UNKNOWN_EXIT, finalScreen, finalScreenWithHistory, isDeadLine, lastHistoryRow, parseExitFields, type FinalModes } from './exit.js'
import type { KeyModes } from './keys.js'
import { Screen, type ScreenCursor } from './screen.js'
import { joinLogicalLines, readLogicalLines, readLogicalText, readRows } from './screen-text.js'
import { parseStyledRows } from './styles.js'
import * as tmux from './tmux-commands.js'

/** What the pane room needs of the command channel (channel.ts). */
export interface CommandChannel {
  command(line: string): Promise<string[]>
  group(lines: string[]): Promise<string[][]>
  pipeline(lines: string[]): Promise<string[]>[]
}

/** A program's end: its status and its last screen. */
export interface Final {
  exit: ExitStatus
  screen: Screen
}

/** The text capture: logical lines, with escapes (line drawing, styles of trailing spaces). */
const TEXT = { joined: true, styles: true } as const
/**
 * The same capture without escapes, for a screen that holds none
 * (terminal-modes.ts `styled`): `-J` keeps the same cells as `-J -e`, and
 * with `-e` tmux spends about three times the CPU on a capture (38 against
 * 13 µs for a full 80×24 screen: `npx tsx bench/capture-cost.ts`).
 */
const PLAIN_TEXT = { joined: true } as const
const textCapture = (styled: boolean) => (styled ? TEXT : PLAIN_TEXT)

/** `x y shown` → the cursor. */
function parseCursor(reply: string): ScreenCursor {
  const [x, y, shown] = reply.split(' ').map(Number) as [number, number, number]
  return { x, y, visible: shown === 1 }
}

export class Pane {
  /** The pane's size as last seen (the dead-line check cuts tmux's message to it). */
  cols: number
  rows: number
  /** The last text capture had blanks that only the cursor can keep or drop (`captureText`). */
  private cursorMatters = false

  constructor(
    private readonly channel: CommandChannel,
    readonly paneId: string,
    readonly windowId: string,
    size: { cols: number; rows: number },
    /** The error to throw when tmux no longer knows the pane (it also marks the session gone). */
    private readonly lost: () => Error,
  ) {
    this.cols = size.cols
    this.rows = size.rows
  }

  /** Send commands as one list; with `askDead`, ask in the same list whether the pane was dead before they ran. */
  async send(commands: string[], askDead = false): Promise<boolean> {
    const replies = await this.run(this.channel.group(askDead ? [...commands, tmux.paneDead(this.paneId)] : commands))
    return askDead && replies[replies.length - 1]?.[0] === '1'
  }

  async isDead(): Promise<boolean> {
    return (await this.run(this.channel.command(tmux.paneDead(this.paneId))))[0] === '1'
  }

  /**
   * The logical lines as a person sees them, and whether they end in tmux's
   * "Pane is dead" line (only a server an older tmuxpect set up draws it).
   * One capture with escapes; the cursor, which decides
   * which trailing spaces are text, is asked in the same write only when it
   * can matter: when a line ends in blanks the rule would drop without it
   * (a prompt's "name: "). A text whose lines end in characters is the same
   * wherever the cursor is, so most looks are one tmux command, as in a bare
   * client (tmux's one thread is the limit with many sessions). Whether the
   * last capture needed the cursor is remembered: a program that shows a
   * prompt usually still shows one at the next look, so that look asks both
   * at once; when a capture alone turns out to need the cursor, both are
   * asked again together (a cursor asked later could belong to a newer screen).
   * `styled`: the program may have drawn styles or line drawing, so the
   * capture needs escapes.
   */
  async captureText(styled: boolean): Promise<{ lines: string[]; dead: boolean }> {
    const capture = tmux.capture(this.paneId, textCapture(styled))
    let lines: string[] | undefined
    if (!this.cursorMatters) {
      const read = readLogicalText(await this.run(this.channel.command(capture)), this.cols)
      if (read.cursorMatters) this.cursorMatters = true
      else lines = read.lines
    }
    if (!lines) {
      const [captured, cursor] = await this.run(Promise.all(this.channel.pipeline([capture, tmux.cursorQuery(this.paneId)])))
      const read = readLogicalText(captured!, this.cols, parseCursor(cursor![0]!))
      this.cursorMatters = read.cursorMatters
      lines = read.lines
    }
    return { lines, dead: isDeadLine(lines[lines.length - 1], this.cols) }
  }

  /** The logical lines and the pane_dead answer, in one write: the capture and one question (cursor, size, pane_dead). */
  async captureTextAndDeath(styled: boolean): Promise<{ lines: string[]; dead: boolean }> {
    const [captured, info] = await this.run(Promise.all(this.channel.pipeline([tmux.capture(this.paneId, textCapture(styled)), tmux.screenInfo(this.paneId)])))
    const { cursor, dead } = this.readInfo(info![0]!)
    const read = readLogicalText(captured!, this.cols, cursor)
    this.cursorMatters = read.cursorMatters
    return { lines: read.lines, dead }
  }

  /** The live screen (rows, logical text, cursor, size, alternate screen; styles if asked) and whether the pane is dead. */
  async screen(scrollback: boolean, styles: boolean): Promise<{ screen: Screen; dead: boolean }> {
    const start = scrollback ? '-' : undefined
    const commands = [
      tmux.capture(this.paneId, { styles: true, start }),
      tmux.capture(this.paneId, { ...TEXT, start }),
      tmux.screenInfo(this.paneId),
    ]
    const [rowsCaptured, joined, info] = await this.run(Promise.all(this.channel.pipeline(commands)))
    const { cursor: seen, dead, alternate } = this.readInfo(info![0]!)
    const { cols, rows } = this
    const history = Math.max(0, rowsCaptured!.length - rows)
    const cursor = { ...seen, y: seen.y + history }
    const read = readRows(rowsCaptured!, cols, cursor)
    const screen = new Screen({
      lines: read.lines,
      text: joinLogicalLines(readLogicalLines(joined!, cols, cursor)),
      cursor,
      cols,
      rows,
      alternate,
      cells: styles ? read.cells : undefined,
    })
    return { screen, dead }
  }

  /** `screenInfo`'s answer; the size it gives is the pane's size from now on. */
  private readInfo(reply: string): { cursor: ScreenCursor; dead: boolean; alternate: boolean } {
    const [x, y, cols, rows, dead, shown, alternate] = reply.split(' ').map(Number) as number[] as [number, number, number, number, number, number, number]
    this.cols = cols
    this.rows = rows
    return { cursor: { x, y, visible: shown === 1 }, dead: dead === 1, alternate: alternate === 1 }
  }

  /** The key modes the program set (what cursor and keypad keys send). */
  async keyModes(): Promise<KeyModes> {
    const [line] = await this.run(this.channel.command(tmux.keyModesQuery(this.paneId)))
    const [cursor, keypad] = line!.split(' ')
    return { applicationCursor: cursor === '1', applicationKeypad: keypad === '1' }
  }

  async cursor(): Promise<ScreenCursor> {
    return parseCursor((await this.run(this.channel.command(tmux.cursorQuery(this.paneId))))[0]!)
  }

  /**
   * The pane looks dead: read its exit status and final screen; undefined
   * if it is not dead after all. `pane_dead` can be 1 before the status is
   * set, and tmux 3.3a sometimes misses the program's SIGCHLD and leaves it
   * a zombie with no status at all; any other child exit makes tmux reap
   * it, so after a few ms we run one (`run-shell true`).
   */
  async readExit(modes: FinalModes): Promise<Final | undefined> {
    let fields = parseExitFields('')
    for (let attempt = 0; attempt < 30; attempt++) {
      const [line] = await this.run(this.channel.command(tmux.exitQuery(this.paneId)))
      fields = parseExitFields(line!)
      if (!fields.dead) return undefined
      if (fields.exit) break
      if (attempt >= 2) await this.run(this.channel.command(tmux.reapNudge))
      await new Promise((resolve) => setTimeout(resolve, Math.min(2 + attempt, 10)))
    }
    const [rowsCaptured, joined] = await this.run(
      Promise.all(this.channel.pipeline([tmux.capture(this.paneId, { styles: true, start: -1 }), tmux.capture(this.paneId, { ...TEXT, start: -1 })])),
    )
    const plain = readRows(rowsCaptured!, fields.cols).lines
    // The alternate screen from tmux, which parsed every byte: the stream can
    // miss a dying program's last output, or a handle its first (an adopted session).
    const final = { cursorVisible: modes.cursorVisible, alternate: fields.alternate ?? modes.alternate }
    const screen = finalScreen(plain, readLogicalLines(joined!, fields.cols), fields.cols, fields.rows, final)
    return { exit: fields.exit ?? { ...UNKNOWN_EXIT }, screen }
  }

  /** A finished program's final screen with the history above it. */
  async finalWithHistory(final: Screen, styles: boolean): Promise<Screen> {
    const end = lastHistoryRow(final.rows)
    const [rowsCaptured, joined] = await this.run(
      Promise.all(
        this.channel.pipeline([tmux.capture(this.paneId, { styles: true, start: '-', end }), tmux.capture(this.paneId, { ...TEXT, start: '-', end })]),
      ),
    )
    const screen = finalScreenWithHistory(readRows(rowsCaptured!, final.cols).lines, readLogicalLines(joined!, final.cols), final)
    return styles ? this.withStyles(screen, '-') : screen
  }

  /**
   * A finished program's screen with styles: the same rows, read with `-e`
   * from `start` (-1: the history line tmux scrolled away, `-`: all history)
   * and found in the styled capture by their text.
   */
  async withStyles(screen: Screen, start: number | '-'): Promise<Screen> {
    const styled = await this.run(this.channel.command(tmux.capture(this.paneId, { styles: true, start })))
    const cells = parseStyledRows(styled, screen.cols)
    const texts = cells.map((row) => row.map((cell) => cell.char).join('').trimEnd())
    let offset = 0
    for (let candidate = 0; candidate + screen.lines.length <= texts.length; candidate++) {
      if (screen.lines.every((line, index) => line === texts[candidate + index])) {
        offset = candidate
        break
      }
    }
    return new Screen({ ...screen, cells: cells.slice(offset, offset + screen.lines.length) })
  }

  /** tmux's mouse flags for the pane's program (`tmux-commands.mouseModeQuery`). */
  async mouseFlags(): Promise<string> {
    return (await this.run(this.channel.command(tmux.mouseModeQuery(this.paneId))))[0] ?? ''
  }

  async resize(cols: number, rows: number): Promise<void> {
    await this.run(this.channel.command(tmux.resizeWindow(this.windowId, cols, rows)))
    this.cols = cols
    this.rows = rows
  }

  /** Run `argv` again in this pane (fresh pipe, history cleared); resolves with the new program's PID. */
  async respawn(respawn: Omit<tmux.Respawn, 'windowId' | 'paneId' | 'controlClients'>): Promise<number> {
    const controlClients = (await this.run(this.channel.command(tmux.listControlClients))).filter(Boolean)
    const replies = await this.run(
      this.channel.group(tmux.respawnCommands({ ...respawn, windowId: this.windowId, paneId: this.paneId, controlClients })),
    )
    return Number(replies[replies.length - 1]![0])
  }

  async markKept(name: string): Promise<void> {
    await this.run(this.channel.command(tmux.markKept(name)))
  }

  /** Turn tmux's "can't find" into the session's own error. */
  private async run<T>(promise: Promise<T>): Promise<T> {
    try {
      return await promise
    } catch (error) {
      if (error instanceof TmuxCommandError && error.kind === 'missing-target') throw this.lost()
      throw error
    }
  }
}

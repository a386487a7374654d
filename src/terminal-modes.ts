/**
 * The cursor's visibility and the alternate screen as the program's own
 * output set them, read from `%output`. tmux says both for a live pane
 * (`#{cursor_flag}`, `#{alternate_on}`), but hides the cursor of every dead
 * pane itself (docs/tmux-quirks.md): the final screen takes them from here,
 * so a program that exits with the cursor hidden can be caught.
 */
import type { FinalModes } from './exit.js'

// In `%output`, ESC arrives escaped as `\033`: `\033[?25l`, `\033[?1049h`, `\033c`.
const MODE_SET = /\\033(?:\[\?([\d;]+)([hl])|c)/g
/** Enough of a sequence cut at the end of one `%output` to finish it in the next. */
const CARRY = 24

export class TerminalModes implements FinalModes {
  cursorVisible = true
  alternate = false
  private carry = ''

  /** One `%output` line: its escaped payload starts at `dataStart`. */
  feed(line: Buffer, dataStart: number): void {
    const text = this.carry + line.toString('latin1', dataStart)
    // Most output sets no mode: skip the regex then.
    if (!text.includes('\\033')) {
      this.carry = ''
      return
    }
    let end = 0
    for (const match of text.matchAll(MODE_SET)) {
      end = match.index + match[0].length
      if (match[1] === undefined) {
        this.cursorVisible = true
        this.alternate = false
        continue
      }
      const on = match[2] === 'h'
      for (const mode of match[1].split(';')) {
        if (mode === '25') this.cursorVisible = on
        else if (mode === '1049' || mode === '1047' || mode === '47') this.alternate = on
      }
    }
    const lastEscape = text.lastIndexOf('\\033')
    this.carry = lastEscape >= end && text.length - lastEscape < CARRY ? text.slice(lastEscape) : ''
  }

  /** A new program in the same pane (restart). */
  reset(): void {
    this.cursorVisible = true
    this.alternate = false
    this.carry = ''
  }
}

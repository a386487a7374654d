/**
 * The cursor's visibility and the alternate screen as the program's own
 * output set them, read from `%output`. tmux says both for a live pane
 * (`#{cursor_flag}`, `#{alternate_on}`), but hides the cursor of every dead
 * pane itself (docs/tmux-quirks.md): the final screen takes them from here,
 * so a program that exits with the cursor hidden can be caught.
 *
 * Also whether the program has drawn anything a capture needs escapes
 * for: a style (any SGR, `ESC[…m`) or line drawing (`ESC(0`, `ESC)0`).
 * Until it has, every cell has the default style and plain characters, so
 * a text look asks tmux for the capture without `-e` — the same text for a
 * third of tmux's work (pane.ts).
 */
import type { FinalModes } from './exit.js'

// In `%output`, ESC arrives escaped as `\033`: `\033[?25l`, `\033[?1049h`, `\033c`.
const MODE_SET = /\\033(?:\[\?([\d;]+)([hl])|c)/g
/** Enough of a sequence cut at the end of one `%output` to finish it in the next. */
const CARRY = 24
/** A style or a line-drawing charset; any SGR counts, a reset too (cheap to be wrong that way). */
const STYLE_SET = /\\033(?:\[[\d;:<=>?]*m|[()]0)/
/** A sequence that may become one of those, cut at the end of a line too long to carry. */
const STYLE_UNFINISHED = /\\033(?:\[[\d;:<=>?]*|[()])?$/

export class TerminalModes implements FinalModes {
  cursorVisible = true
  alternate = false
  /**
   * The screen may hold styled or line-drawing cells. Stays true once set
   * (a restart included: a look asks for escapes again, which is only slower).
   */
  styled = false
  private carry = ''

  /** One `%output` line: its escaped payload starts at `dataStart`. */
  feed(line: Buffer, dataStart: number): void {
    const text = this.carry + line.toString('latin1', dataStart)
    // Most output sets no mode: skip the regex then.
    if (!text.includes('\\033')) {
      this.carry = ''
      return
    }
    if (!this.styled && STYLE_SET.test(text)) this.styled = true
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
    if (!this.carry && !this.styled && STYLE_UNFINISHED.test(text)) this.styled = true
  }

  /** Output was drawn that this pane's reader did not see (a session found running, output dropped): assume styles. */
  assumeStyled(): void {
    this.styled = true
  }

  /** A new program in the same pane (restart). */
  reset(): void {
    this.cursorVisible = true
    this.alternate = false
    this.carry = ''
  }
}

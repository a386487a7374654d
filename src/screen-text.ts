/**
 * What a person sees, from tmux's captures with escapes (`capture-pane -e`):
 * line drawing as lines (styles.ts translates the DEC set), and the rule for
 * trailing spaces (docs/screens.md):
 *
 *   trailing spaces are dropped, except spaces before the visible cursor on
 *   its row (a prompt's "ops> ") and spaces a person can see (a background
 *   colour, reverse video, a line under or through them) that end before
 *   the row's edge — a colour filled to the edge is the background.
 *
 * Pure functions: tmux is asked in pane.ts, the rule lives here.
 */
import stringWidth from 'string-width'
import { DEFAULT_STYLE, isVisibleBlank, parseStyledRows, type Cell } from './styles.js'

const BLANK: Cell = Object.freeze({ char: ' ', width: 1, style: DEFAULT_STYLE })

export interface TextCursor {
  x: number
  /** Row in the captured rows (history rows first, when captured). */
  y: number
  visible: boolean
}

function isBlank(cell: Cell): boolean {
  return cell.char === ' ' || cell.char === ''
}

/**
 * How many cells of a row (or logical line) are text. From the end: blanks
 * of one style that reach the row's edge are its background (curses
 * programs paint whole rows white on black), then blanks nobody can see
 * go; what stops both is a character, a visible blank (a band of colour
 * that ends before the edge: a highlighted field), or `keepTo`, the
 * visible cursor.
 */
function keptLength(cells: readonly Cell[], keepTo: number, edge: number): number {
  let end = cells.length
  if (end >= edge && end > 0) {
    const fill = cells[end - 1]!.style
    while (end > keepTo && isBlank(cells[end - 1]!) && cells[end - 1]!.style === fill) end--
  }
  while (end > keepTo && isBlank(cells[end - 1]!) && !isVisibleBlank(cells[end - 1]!.style)) end--
  return end
}

function textOf(cells: readonly Cell[]): string {
  let text = ''
  for (const cell of cells) if (cell.width !== 0) text += cell.char
  return text
}

/**
 * Rows captured with `-e -N` (which keeps the spaces a program wrote, and
 * only those) → cells, `cols` per row, and each row's text by the rule.
 */
export function readRows(captured: readonly string[], cols: number, cursor?: TextCursor): { cells: (readonly Cell[])[]; lines: string[] } {
  const written = parseStyledRows(captured)
  const lines = written.map((row, y) => {
    const keepTo = cursor?.visible && cursor.y === y ? cursor.x : 0
    return textOf(row.slice(0, keptLength(row, keepTo, cols)))
  })
  const cells = written.map((row) => {
    const padded = row.slice(0, cols)
    while (padded.length < cols) padded.push(BLANK)
    return padded
  })
  return { cells, lines }
}

// eslint-disable-next-line no-control-regex
const ESCAPES = /[\u001b\u000e]/

/**
 * Logical lines captured with `-e -J` (soft-wrapped rows joined) → each
 * line's text by the rule. A logical line covers as many rows as its width
 * fills, which is how the cursor's row is found in it.
 */
export function readLogicalLines(captured: readonly string[], cols: number, cursor?: TextCursor): string[] {
  return readLogicalText(captured, cols, cursor).lines
}

/**
 * `readLogicalLines`, and whether the cursor decides anything here:
 * `cursorMatters` is false when no line ends in blanks the rule would drop
 * without a cursor, so the text is the same wherever the cursor is (the
 * cursor only keeps blanks that are there; it never adds any). Then a look
 * needs no question about the cursor (pane.ts).
 */
export function readLogicalText(captured: readonly string[], cols: number, cursor?: TextCursor): { lines: string[]; cursorMatters: boolean } {
  // Most captures of plain programs hold no escapes: no parser needed.
  const plain = !captured.some((line) => ESCAPES.test(line))
  const parsed = plain ? undefined : parseStyledRows(captured)
  let row = 0
  let cursorMatters = false
  const lines = captured.map((raw, index) => {
    const cells = parsed?.[index]
    if (!cells && !cursor?.visible) {
      // No cursor to place: a plain row's width does not matter.
      const trimmed = raw.trimEnd()
      if (trimmed.length < raw.length) cursorMatters = true
      return trimmed
    }
    const width = cells ? cells.length : stringWidth(raw)
    const span = Math.max(1, Math.ceil(width / cols))
    let keepTo = 0
    if (cursor?.visible && cursor.y >= row && cursor.y < row + span) keepTo = (cursor.y - row) * cols + cursor.x
    row += span
    if (!cells) {
      const trimmed = raw.trimEnd()
      if (trimmed.length < raw.length) cursorMatters = true
      return keepTo > trimmed.length ? raw.slice(0, keepTo) : trimmed
    }
    const blind = keptLength(cells, 0, span * cols)
    if (blind < cells.length) cursorMatters = true
    return textOf(cells.slice(0, keepTo > 0 ? keptLength(cells, keepTo, span * cols) : blind))
  })
  return { lines, cursorMatters }
}

/** Logical lines as one text: trailing empty lines dropped. */
export function joinLogicalLines(lines: readonly string[]): string {
  let end = lines.length
  while (end > 0 && lines[end - 1] === '') end--
  return lines.slice(0, end).join('\n')
}

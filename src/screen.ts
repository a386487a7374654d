/**
 * Screen: an immutable capture of a pane. `lines` are the rows as shown;
 * `text` is the logical text, soft-wrapped rows joined (what patterns match).
 */
import stringWidth from 'string-width'
import type { Cell } from './styles.js'

export interface Cursor {
  /** Column, 0-based. */
  x: number
  /** Row, 0-based. */
  y: number
}

export type Pattern = string | RegExp

export interface ScreenInit {
  lines: readonly string[]
  text: string
  cursor: Cursor
  cols: number
  rows: number
  /** Cells with their styles, one per column (from `capture-pane -e`), when the capture asked for them. */
  cells?: readonly (readonly Cell[])[]
}

export class Screen {
  /** Rows as the terminal shows them, trailing spaces removed. */
  readonly lines: readonly string[]
  /** Logical text: soft-wrapped rows joined, trailing blanks removed. */
  readonly text: string
  readonly cursor: Readonly<Cursor>
  readonly cols: number
  readonly rows: number
  /**
   * Each row's cells, one per terminal column, with colours and attributes:
   * only on a screen read with `session.screen({ styles: true })`, else
   * undefined. `cells[y][x]` is column x of row y (0-based); a wide
   * character's second column is a cell of width 0.
   */
  readonly cells: readonly (readonly Cell[])[] | undefined

  constructor(init: ScreenInit) {
    this.lines = Object.freeze([...init.lines])
    this.text = init.text
    this.cursor = Object.freeze({ ...init.cursor })
    this.cols = init.cols
    this.rows = init.rows
    this.cells = init.cells ? Object.freeze(init.cells.map((row) => Object.freeze([...row]))) : undefined
    Object.freeze(this)
  }

  /** The cell at column x, row y (0-based), with its style; undefined outside the screen or without styles. */
  cellAt(x: number, y: number): Cell | undefined {
    return this.cells?.[y]?.[x]
  }

  contains(pattern: Pattern): boolean {
    return matchesText(this.text, pattern)
  }

  /** A framed picture with row numbers, for messages and snapshots. */
  toString(): string {
    return frameScreen(this)
  }
}

export function matchesText(text: string, pattern: Pattern): boolean {
  if (typeof pattern === 'string') return text.includes(pattern)
  pattern.lastIndex = 0
  return pattern.test(text)
}

/** Text from `capture-pane -J` output: each logical line trimmed at the end, trailing blank lines dropped. */
export function logicalText(joinedLines: readonly string[]): string {
  let end = joinedLines.length
  while (end > 0 && joinedLines[end - 1]!.trimEnd() === '') end--
  let text = ''
  for (let index = 0; index < end; index++) {
    if (index > 0) text += '\n'
    text += joinedLines[index]!.trimEnd()
  }
  return text
}

export function describePattern(pattern: Pattern): string {
  return typeof pattern === 'string' ? JSON.stringify(pattern) : String(pattern)
}

/**
 * ```
 *     ┌────────┐
 *   1 │>>> 6*7 │
 *   2 │42      │
 * ▸ 3 │>>>     │
 *     └────▲───┘
 * ```
 * Rows are padded to the screen width (wide characters count as two
 * columns, as the terminal shows them); the cursor's row is marked `▸` and
 * its column `▲` in the bottom border. Trailing blank rows collapse into one
 * line saying how many there were. The screen's own text is never painted.
 */
export function frameScreen(
  screen: Pick<Screen, 'lines' | 'cols' | 'rows' | 'cursor'>,
  paint: { dim(text: string): string; highlight(text: string): string } = { dim: (text) => text, highlight: (text) => text },
): string {
  const rows = screen.lines
  let lastUsed = rows.length
  while (lastUsed > 0 && rows[lastUsed - 1] === '' && lastUsed - 1 !== screen.cursor.y) lastUsed--
  const shown = rows.length - lastUsed > 2 ? lastUsed : rows.length
  const numberWidth = String(Math.max(rows.length, 1)).length
  const gutter = ' '.repeat(numberWidth + 3)
  const bar = paint.dim('│')
  const out: string[] = [paint.dim(`${gutter}┌${'─'.repeat(screen.cols)}┐`)]
  for (let index = 0; index < shown; index++) {
    const line = rows[index]!
    const padding = Math.max(0, screen.cols - stringWidth(line))
    const marker = index === screen.cursor.y ? paint.highlight('▸') : ' '
    out.push(`${marker} ${paint.dim(String(index + 1).padStart(numberWidth))} ${bar}${line}${' '.repeat(padding)}${bar}`)
  }
  if (shown < rows.length) {
    const first = shown + 1
    out.push(paint.dim(`  ${'⋮'.padStart(numberWidth)} │${`rows ${first}–${rows.length} blank`.padEnd(screen.cols).slice(0, screen.cols)}│`))
  }
  const column = screen.cursor.x
  if (column >= 0 && column < screen.cols) {
    out.push(
      paint.dim(`${gutter}└${'─'.repeat(column)}`) + paint.highlight('▲') + paint.dim(`${'─'.repeat(screen.cols - column - 1)}┘`),
    )
  } else {
    out.push(paint.dim(`${gutter}└${'─'.repeat(screen.cols)}┘`))
  }
  return out.join('\n')
}

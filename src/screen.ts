/**
 * Screen: an immutable capture of a pane. `lines` are the rows as shown;
 * `text` is the logical text, soft-wrapped rows joined (what patterns match).
 * Its picture: `toSVG()` (svg.ts draws it) and `session.screenshot()`.
 */
import stringWidth from 'string-width'
import { OptionError } from './errors.js'
import { describeValue, readOptions } from './options.js'
import {
  findOnRows,
  occurrenceHasStyle,
  parseStyledRows,
  STYLE_KEYS,
  styleExpectationFrom,
  styleMatches,
  type Cell,
  type Style,
  type StyleExpectation,
} from './styles.js'
import { renderSVG, type SVGOptions } from './svg.js'
import { writePicture } from './artifacts.js'
import { svgToPNG } from './png.js'
import { resolveTheme, type Theme } from './themes.js'

export interface Cursor {
  /** Column, 0-based. */
  x: number
  /** Row, 0-based. */
  y: number
}

/** The cursor of a Screen: where it is, and whether the program shows it. */
export interface ScreenCursor extends Cursor {
  /** False while the program hides the cursor (`ESC[?25l`; tmux's `#{cursor_flag}`). */
  visible: boolean
}

export type Pattern = string | RegExp

export interface ScreenInit {
  lines: readonly string[]
  text: string
  /** `visible` defaults to true. */
  cursor: Cursor & { visible?: boolean }
  cols: number
  rows: number
  /** The alternate screen is up (default false). */
  alternate?: boolean
  /** Cells with their styles, one per column (from `capture-pane -e`), when the capture asked for them. */
  cells?: readonly (readonly Cell[])[]
}

/** Where a text shows: `screen.find()` gives one per place. */
export interface ScreenMatch {
  /** Row, 0-based. */
  y: number
  /** Column of its first character, 0-based, as the terminal shows it (a wide character takes two). */
  x: number
  /** The text as matched. */
  text: string
  /** Columns it takes on the screen. */
  width: number
}

/** A stretch of a row in one style. */
export interface StyledRun {
  /** Column of its first character, 0-based. */
  x: number
  text: string
  /** Columns it takes. */
  width: number
  style: Readonly<Style>
}

/** One row of a screen: `screen.line(y)`. */
export interface ScreenLine {
  /** Row, 0-based. */
  y: number
  /** The row as shown, trailing spaces removed. */
  text: string
  /** One cell per column, with styles; undefined unless the screen was read with `{ styles: true }`. */
  cells: readonly Cell[] | undefined
  /**
   * The row cut where the style changes, left to right, every column
   * included (default-styled stretches too); undefined without styles.
   */
  runs: readonly StyledRun[] | undefined
}

export class Screen {
  /**
   * Rows as the terminal shows them. Line drawing reads as lines (┌──┐).
   * Trailing spaces are dropped, except spaces before the visible cursor
   * on its row and spaces with a visible style (docs/screens.md).
   */
  readonly lines: readonly string[]
  /** Logical text: soft-wrapped rows joined, trailing spaces by the same rule, trailing blank lines removed. */
  readonly text: string
  /** Where the cursor is (0-based) and whether the program shows it. */
  readonly cursor: Readonly<ScreenCursor>
  readonly cols: number
  readonly rows: number
  /** True while the program has the alternate screen up (full-screen programs: vim, less, top; tmux's `#{alternate_on}`). */
  readonly alternate: boolean
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
    this.cursor = Object.freeze({ x: init.cursor.x, y: init.cursor.y, visible: init.cursor.visible ?? true })
    this.cols = init.cols
    this.rows = init.rows
    this.alternate = init.alternate ?? false
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

  /**
   * Every place the text shows, top to bottom and left to right, with its
   * row and column (0-based; wide characters count as the two columns the
   * terminal gives them), for clicking on it or asserting where it is.
   * Matches are within one row: text the terminal wrapped is not joined.
   *
   * With a style (`{ inverse: true }`, `{ fg: 'red' }` — the keys of
   * `toShowOnScreen`), only places drawn entirely in it; with a style and
   * no text, every stretch of text drawn in it (blanks at its ends left
   * out), e.g. which item a list highlights:
   * `screen.find({ inverse: true })[0]?.text`. A style needs a screen read
   * with `session.screen({ styles: true })`.
   */
  find(pattern: Pattern, style?: StyleExpectation): ScreenMatch[]
  find(style: StyleExpectation): ScreenMatch[]
  find(patternOrStyle: Pattern | StyleExpectation, style?: StyleExpectation): ScreenMatch[] {
    if (typeof patternOrStyle === 'string' || patternOrStyle instanceof RegExp) {
      if (patternOrStyle === '') throw new OptionError('screen.find(pattern): pattern must not be empty')
      const wanted = style === undefined ? undefined : this.styleOption(style)
      const rows = wanted ? this.cells! : parseStyledRows(this.lines, this.cols)
      return findOnRows(rows, patternOrStyle)
        .filter((found) => !wanted || occurrenceHasStyle(found, wanted))
        .map(({ x, y, text, cells }) => ({ x, y, text, width: cells.length }))
    }
    if (typeof patternOrStyle !== 'object' || patternOrStyle === null) {
      throw new OptionError(`screen.find(pattern): pattern must be a string, a RegExp or a style, got ${describeValue(patternOrStyle)}`)
    }
    const wanted = this.styleOption(patternOrStyle)
    const found: ScreenMatch[] = []
    this.cells!.forEach((row, y) => {
      let x = 0
      while (x < row.length) {
        if (!styleMatches(row[x]!.style, wanted)) {
          x++
          continue
        }
        let end = x
        while (end < row.length && styleMatches(row[end]!.style, wanted)) end++
        let first = x
        let last = end
        while (first < last && row[first]!.char === ' ') first++
        while (last > first && row[last - 1]!.char === ' ') last--
        if (last > first) {
          const text = row.slice(first, last).map((cell) => cell.char).join('')
          found.push({ x: first, y, text, width: last - first })
        }
        x = end
      }
    })
    return found
  }

  /**
   * Row y (0-based) with its text and, on a screen read with
   * `{ styles: true }`, its cells and styled runs:
   * `screen.line(2).runs` → `[{ x: 0, text: '❯ Banana', style: { inverse: true, … } }, …]`.
   */
  line(y: number): ScreenLine {
    if (!Number.isInteger(y) || y < 0 || y >= this.rows) {
      throw new OptionError(`screen.line(y): y must be a row number from 0 to ${this.rows - 1}, got ${describeValue(y)}`)
    }
    const cells = this.cells?.[y]
    return { y, text: this.lines[y] ?? '', cells, runs: cells ? runsOf(cells) : undefined }
  }

  private styleOption(style: StyleExpectation): StyleExpectation {
    if (typeof style !== 'object' || style === null) throw new OptionError(`screen.find: style must be an object such as { inverse: true }, got ${describeValue(style)}`)
    const wanted = styleExpectationFrom(style, 'screen.find style')
    if (!wanted) throw new OptionError(`screen.find: style names no style key (fg, bg, bold, dim, italic, underline, inverse, strikethrough), got ${describeValue(style)}`)
    if (!this.cells) throw new OptionError('screen.find with a style needs the cells: read the screen with session.screen({ styles: true })')
    return wanted
  }

  /**
   * The screen as a self-contained SVG picture (cells, colours, attributes,
   * the cursor), in the `'dark'` (default) or `'light'` theme or a palette
   * of your own. Needs the cells: read the screen with `{ styles: true }`.
   */
  toSVG(options: SVGOptions = {}): string {
    readOptions(options, 'toSVG options', { theme: (value) => value })
    if (!this.cells) {
      throw new OptionError('screen.toSVG() needs the cells: read the screen with session.screen({ styles: true })')
    }
    return renderSVG({ cols: this.cols, rows: this.rows, cells: this.cells, cursor: this.cursor }, { theme: options.theme, themeWhat: 'toSVG option theme' })
  }

  /** A framed picture with row numbers, for messages and snapshots. */
  toString(): string {
    return frameScreen(this)
  }
}

/** A row's cells cut where the style changes. */
function runsOf(cells: readonly Cell[]): StyledRun[] {
  const runs: StyledRun[] = []
  let x = 0
  while (x < cells.length) {
    const style = cells[x]!.style
    let end = x + 1
    while (end < cells.length && sameStyle(cells[end]!.style, style)) end++
    runs.push({ x, text: cells.slice(x, end).map((cell) => cell.char).join(''), width: end - x, style })
    x = end
  }
  return runs
}

function sameStyle(a: Readonly<Style>, b: Readonly<Style>): boolean {
  return a === b || STYLE_KEYS.every((key) => a[key] === b[key])
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
 * its column `▲` in the bottom border (`▹` and `△` while the program hides
 * the cursor). Trailing blank rows collapse into one
 * line saying how many there were. The screen's own text is never painted.
 */
export function frameScreen(
  screen: Pick<Screen, 'lines' | 'cols' | 'rows'> & { cursor: Cursor & { visible?: boolean } },
  paint: { dim(text: string): string; highlight(text: string): string } = { dim: (text) => text, highlight: (text) => text },
): string {
  const rows = screen.lines
  let lastUsed = rows.length
  while (lastUsed > 0 && rows[lastUsed - 1] === '' && lastUsed - 1 !== screen.cursor.y) lastUsed--
  const shown = rows.length - lastUsed > 2 ? lastUsed : rows.length
  const numberWidth = String(Math.max(rows.length, 1)).length
  const gutter = ' '.repeat(numberWidth + 3)
  const bar = paint.dim('│')
  const hidden = screen.cursor.visible === false
  const rowMark = hidden ? '▹' : '▸'
  const columnMark = hidden ? '△' : '▲'
  const out: string[] = [paint.dim(`${gutter}┌${'─'.repeat(screen.cols)}┐`)]
  for (let index = 0; index < shown; index++) {
    const line = rows[index]!
    const padding = Math.max(0, screen.cols - stringWidth(line))
    const marker = index === screen.cursor.y ? paint.highlight(rowMark) : ' '
    out.push(`${marker} ${paint.dim(String(index + 1).padStart(numberWidth))} ${bar}${line}${' '.repeat(padding)}${bar}`)
  }
  if (shown < rows.length) {
    const first = shown + 1
    out.push(paint.dim(`  ${'⋮'.padStart(numberWidth)} │${`rows ${first}–${rows.length} blank`.padEnd(screen.cols).slice(0, screen.cols)}│`))
  }
  const column = screen.cursor.x
  if (column >= 0 && column < screen.cols) {
    out.push(
      paint.dim(`${gutter}└${'─'.repeat(column)}`) + paint.highlight(columnMark) + paint.dim(`${'─'.repeat(screen.cols - column - 1)}┘`),
    )
  } else {
    out.push(paint.dim(`${gutter}└${'─'.repeat(screen.cols)}┘`))
  }
  return out.join('\n')
}

export interface ScreenshotOptions {
  /** Write the picture here too: `.svg`, or `.png` (needs @resvg/resvg-js). Relative to the cwd. */
  path?: string
  /** `'dark'` (default), `'light'`, or a palette object (see Theme). */
  theme?: Theme
}

const SCREENSHOT_FIELDS = {
  path: (value: unknown, key: string): string => {
    if (typeof value !== 'string' || !/\.(svg|png)$/i.test(value)) {
      throw new OptionError(`screenshot option ${key} must be a file path ending in .svg or .png, got ${describeValue(value)}`)
    }
    return value
  },
  theme: (value: unknown, key: string): Theme => {
    resolveTheme(value, `screenshot option ${key}`)
    return value as Theme
  },
}

/**
 * `session.screenshot()`: the options checked before the screen is read (a
 * bad one costs no capture), the screen read with styles, its SVG written to
 * `path` when given (a `.png` rendered by @resvg/resvg-js, imported only then).
 */
export async function screenshotOf(
  session: { screen(options: { styles: true }): Promise<Screen>; masking: { maskScreen(screen: Screen): Screen } },
  options: unknown,
): Promise<string> {
  const read: ScreenshotOptions = readOptions(options, 'screenshot options', SCREENSHOT_FIELDS)
  // A picture is a file someone keeps: the session's secrets are masked (secrets.ts).
  const svg = session.masking.maskScreen(await session.screen({ styles: true })).toSVG({ theme: read.theme })
  if (read.path !== undefined) await writePicture(read.path, /\.png$/i.test(read.path) ? await svgToPNG(svg) : svg)
  return svg
}

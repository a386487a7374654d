/**
 * Cell styles: colours and attributes of each cell, read from
 * `capture-pane -e` (the screen with its SGR escape sequences) by
 * ansi-sequence-parser, shiki's SGR parser, and laid out one cell per
 * terminal column so wide characters stay aligned with the cursor and the
 * frame.
 */
import { createAnsiSequenceParser, type Color as ParsedColor, type ParseToken } from 'ansi-sequence-parser'
import stringWidth from 'string-width'
import { OptionError } from './errors.js'
import { describeValue } from './options.js'

/** The 16 ANSI colours, by the names terminals give them (SGR 30–37 and 90–97). */
export const COLOR_NAMES = [
  'black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white',
  'brightBlack', 'brightRed', 'brightGreen', 'brightYellow', 'brightBlue', 'brightMagenta', 'brightCyan', 'brightWhite',
] as const

export type ColorName = (typeof COLOR_NAMES)[number]

/**
 * A colour as the program set it: one of the 16 ANSI colours by name
 * (`'red'`, `'brightBlue'`; 256-colour indexes 0–15 are these too), an
 * index 16–255 of the 256-colour palette (`208`), or truecolor as
 * `'#rrggbb'` (lower case). `null` in a Style is the terminal's default.
 */
export type Color = ColorName | number | `#${string}`

/** The look of one cell. */
export interface Style {
  fg: Color | null
  bg: Color | null
  bold: boolean
  dim: boolean
  italic: boolean
  underline: boolean
  /** Reverse video (SGR 7): foreground and background swapped. */
  inverse: boolean
  strikethrough: boolean
}

/**
 * One terminal column. A wide character (CJK, most emoji) is a cell of
 * `width` 2 followed by a cell of `width` 0 and `char` '' for the column it
 * covers, so `cells[y][x]` is always column x.
 */
export interface Cell {
  char: string
  width: 0 | 1 | 2
  style: Readonly<Style>
}

/** What a style check asks for: only the keys given are checked. `'default'` is the terminal's default colour. */
export interface StyleExpectation {
  fg?: Color | 'default'
  bg?: Color | 'default'
  bold?: boolean
  dim?: boolean
  italic?: boolean
  underline?: boolean
  inverse?: boolean
  strikethrough?: boolean
}

export const STYLE_KEYS = ['fg', 'bg', 'bold', 'dim', 'italic', 'underline', 'inverse', 'strikethrough'] as const

export const DEFAULT_STYLE: Readonly<Style> = Object.freeze({
  fg: null,
  bg: null,
  bold: false,
  dim: false,
  italic: false,
  underline: false,
  inverse: false,
  strikethrough: false,
})

function colorOf(color: ParsedColor | null): Color | null {
  if (color === null) return null
  if (color.type === 'named') return color.name
  if (color.type === 'table') return color.index < 16 ? COLOR_NAMES[color.index]! : color.index
  return `#${color.rgb.map((part) => part.toString(16).padStart(2, '0')).join('')}`
}

const segmenter = new Intl.Segmenter()
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g
// eslint-disable-next-line no-control-regex
const CONTROL_CHAR = /^[\u0000-\u001f\u007f]$/
const SHIFT_OUT = '\u000e'
const SHIFT_IN = '\u000f'

/**
 * The VT100 line-drawing set (DEC special graphics, `ESC ( 0`): the ASCII
 * letters a program writes, and what a person sees. tmux stores the
 * letters and `capture-pane -e` wraps such runs in SO (\016) … SI (\017).
 */
export const LINE_DRAWING: Readonly<Record<string, string>> = Object.freeze({
  '`': '◆', a: '▒', b: '␉', c: '␌', d: '␍', e: '␊', f: '°', g: '±', h: '␤', i: '␋',
  j: '┘', k: '┐', l: '┌', m: '└', n: '┼', o: '⎺', p: '⎻', q: '─', r: '⎼', s: '⎽',
  t: '├', u: '┤', v: '┴', w: '┬', x: '│', y: '≤', z: '≥', '{': 'π', '|': '≠', '}': '£', '~': '·', _: ' ',
})

/** Text of one capture token as a person sees it: line-drawing runs translated, other controls dropped. */
function visibleText(value: string, state: { drawing: boolean }): string {
  if (!state.drawing && !value.includes(SHIFT_OUT)) return value.replace(CONTROL, '')
  let out = ''
  for (const char of value) {
    if (char === SHIFT_OUT) state.drawing = true
    else if (char === SHIFT_IN) state.drawing = false
    else if (CONTROL_CHAR.test(char)) continue
    else out += state.drawing ? (LINE_DRAWING[char] ?? char) : char
  }
  return out
}
/** True if a blank cell of this style shows (a background, reverse video, a line under or through it). */
export function isVisibleBlank(style: Readonly<Style>): boolean {
  return style.bg !== null || style.inverse || style.underline || style.strikethrough
}

/**
 * Rows of `capture-pane -p -e` output as cells, `cols` per row (padded with
 * blanks, cut past it); without `cols`, each row as long as it is. tmux
 * carries attributes (and line drawing) from one row to the next, so one
 * parser reads them all.
 */
export function parseStyledRows(rows: readonly string[], cols?: number): Cell[][] {
  const parser = createAnsiSequenceParser()
  const drawing = { drawing: false }
  const styles = new Map<string, Readonly<Style>>()
  const styleOf = (token: ParseToken): Readonly<Style> => {
    const fg = colorOf(token.foreground)
    const bg = colorOf(token.background)
    const d = token.decorations
    const key = `${fg}|${bg}|${[...d].sort().join(',')}`
    let style = styles.get(key)
    if (!style) {
      style = Object.freeze({
        fg,
        bg,
        bold: d.has('bold'),
        dim: d.has('dim'),
        italic: d.has('italic'),
        underline: d.has('underline'),
        inverse: d.has('reverse'),
        strikethrough: d.has('strikethrough'),
      })
      styles.set(key, style)
    }
    return style
  }
  return rows.map((row) => {
    const cells: Cell[] = []
    for (const token of parser.parse(row)) {
      const style = styleOf(token)
      for (const { segment } of segmenter.segment(visibleText(token.value, drawing))) {
        const width = Math.min(2, stringWidth(segment)) as 0 | 1 | 2
        if (width === 0) {
          // A combining mark without a base of its own: it belongs to the previous cell.
          const previous = cells[cells.length - 1]
          if (previous) cells[cells.length - 1] = { ...previous, char: previous.char + segment }
          continue
        }
        cells.push(Object.freeze({ char: segment, width, style }))
        if (width === 2) cells.push(Object.freeze({ char: '', width: 0, style }))
      }
    }
    if (cols === undefined) return cells
    cells.length = Math.min(cells.length, cols)
    while (cells.length < cols) cells.push(Object.freeze({ char: ' ', width: 1, style: DEFAULT_STYLE }))
    return cells
  })
}

/** Validate and normalise a colour given by a user; `what` names the option in errors. */
export function normaliseColor(value: unknown): Color | 'default' | undefined {
  if (value === 'default') return 'default'
  if (typeof value === 'string' && (COLOR_NAMES as readonly string[]).includes(value)) return value as ColorName
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 255) return value < 16 ? COLOR_NAMES[value]! : value
  if (typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value)) return value.toLowerCase() as `#${string}`
  return undefined
}

/**
 * The style keys of `options`, validated and normalised; undefined when none
 * was given. `where` names the caller in errors (`toShowOnScreen option`).
 */
export function styleExpectationFrom(options: StyleExpectation, where: string): StyleExpectation | undefined {
  const style: StyleExpectation = {}
  let any = false
  for (const key of STYLE_KEYS) {
    const value: unknown = options[key]
    if (value === undefined) continue
    any = true
    if (key === 'fg' || key === 'bg') {
      const color = normaliseColor(value)
      if (color === undefined) {
        throw new OptionError(
          `${where} ${key} must be a colour name ('red', 'brightRed', …), a 256-colour index 0–255, '#rrggbb' or 'default', got ${describeValue(value)}`,
        )
      }
      style[key] = color
    } else {
      if (typeof value !== 'boolean') throw new OptionError(`${where} ${key} must be true or false, got ${describeValue(value)}`)
      style[key] = value
    }
  }
  return any ? style : undefined
}

export function styleMatches(style: Readonly<Style>, expected: StyleExpectation): boolean {
  for (const key of STYLE_KEYS) {
    const want = expected[key]
    if (want === undefined) continue
    if (key === 'fg' || key === 'bg') {
      if ((want === 'default' ? null : want) !== style[key]) return false
    } else if (style[key] !== want) {
      return false
    }
  }
  return true
}

/** `fg red, bold` — the keys of an expectation, in words. */
export function describeStyleExpectation(expected: StyleExpectation): string {
  const parts: string[] = []
  for (const key of STYLE_KEYS) {
    const want = expected[key]
    if (want === undefined) continue
    if (key === 'fg' || key === 'bg') parts.push(`${key} ${want}`)
    else parts.push(want ? key : `not ${key}`)
  }
  return parts.join(', ')
}

/** A style in words, only what differs from the default: `fg red, bold`, or `default style`. */
export function describeStyle(style: Readonly<Style>): string {
  const parts: string[] = []
  if (style.fg !== null) parts.push(`fg ${style.fg}`)
  if (style.bg !== null) parts.push(`bg ${style.bg}`)
  for (const key of ['bold', 'dim', 'italic', 'underline', 'inverse', 'strikethrough'] as const) if (style[key]) parts.push(key)
  return parts.length > 0 ? parts.join(', ') : 'default style'
}

/** One place where a pattern shows on a row: its row, first column and cells. */
export interface Occurrence {
  /** Row, 0-based. */
  y: number
  /** Column of the first character, 0-based. */
  x: number
  text: string
  cells: readonly Cell[]
}

/**
 * Every place a pattern shows, row by row (a style check looks at cells, so
 * it matches within a row; text the terminal wrapped is not joined here).
 */
export function findOnRows(cells: readonly (readonly Cell[])[], pattern: string | RegExp): Occurrence[] {
  const found: Occurrence[] = []
  cells.forEach((row, y) => {
    // The row's text, and for each UTF-16 index the column it starts at.
    let text = ''
    const columnAt: number[] = []
    row.forEach((cell, x) => {
      if (cell.width === 0) return
      for (let index = 0; index < cell.char.length; index++) columnAt.push(x)
      text += cell.char
    })
    columnAt.push(row.length)
    const regex =
      typeof pattern === 'string'
        ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g')
        : new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g')
    for (const match of text.matchAll(regex)) {
      if (match[0] === '') continue
      const start = columnAt[match.index]!
      const end = columnAt[match.index + match[0].length]!
      found.push({ y, x: start, text: match[0], cells: row.slice(start, end) })
    }
  })
  return found
}

/** True if every visible character of the occurrence has the expected style (spaces between words included). */
export function occurrenceHasStyle(occurrence: Occurrence, expected: StyleExpectation): boolean {
  return occurrence.cells.every((cell) => cell.width === 0 || styleMatches(cell.style, expected))
}

/**
 * The styled runs of a screen, one line each, for snapshots and messages:
 * `row 1, columns 1–5 "ERROR": fg red, bold`. Default-styled text is left out.
 */
export function describeStyledRuns(cells: readonly (readonly Cell[])[]): string[] {
  const lines: string[] = []
  cells.forEach((row, y) => {
    let x = 0
    while (x < row.length) {
      const style = row[x]!.style
      let end = x + 1
      while (end < row.length && row[end]!.style === style) end++
      if (style !== DEFAULT_STYLE && describeStyle(style) !== 'default style') {
        // Trailing blanks show nothing unless the style paints a background or a line.
        const visibleBlank = isVisibleBlank(style)
        let last = end
        while (!visibleBlank && last > x + 1 && row[last - 1]!.char === ' ') last--
        const text = row.slice(x, last).map((cell) => cell.char).join('')
        const columns = last - x === 1 ? `column ${x + 1}` : `columns ${x + 1}–${last}`
        lines.push(`row ${y + 1}, ${columns} ${JSON.stringify(text)}: ${describeStyle(style)}`)
      }
      x = end
    }
  })
  return lines
}

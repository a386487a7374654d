/**
 * A screen as picture data: its cells (char, width, style), size and
 * cursor, encoded as compact JSON so an SVG can carry the exact screen it
 * shows. A golden compares on this data, not on pixels: exact, fast, and
 * the same on every machine whatever fonts it has.
 */
import { DEFAULT_STYLE, STYLE_KEYS, type Cell, type Style } from './styles.js'

/** What a picture is drawn from: a Screen read with `{ styles: true }` is one. */
export interface PictureScreen {
  cols: number
  rows: number
  cells: readonly (readonly Cell[])[]
  cursor: Readonly<{ x: number; y: number; visible?: boolean }>
}

/** Version of the encoded data; a golden with another version is read as out of date. */
export const PICTURE_DATA_VERSION = 1

/** Style as stored: only what differs from the default. */
type StoredStyle = Partial<Style>
/** A run of cells in one style: `[styleIndex, text]` (one cell per code point) or `[styleIndex, cells]` (one string per cell, '' for a wide character's second column). */
type StoredRun = [number, string] | [number, string[]]

interface StoredScreen {
  tmuxpect: number
  cols: number
  rows: number
  cursor: { x: number; y: number; visible: boolean }
  styles: StoredStyle[]
  /** Each row's runs; blank default cells at the end of a row are left out. */
  lines: StoredRun[][]
}

function storedStyle(style: Readonly<Style>): StoredStyle {
  const stored: StoredStyle = {}
  for (const key of STYLE_KEYS) {
    if (style[key] !== DEFAULT_STYLE[key]) (stored as Record<string, unknown>)[key] = style[key]
  }
  return stored
}

function isBlank(cell: Cell): boolean {
  return cell.char === ' ' && cell.width === 1 && styleKey(cell.style) === DEFAULT_KEY
}

function styleKey(style: Readonly<Style>): string {
  return STYLE_KEYS.map((key) => String(style[key])).join('|')
}

const DEFAULT_KEY = styleKey(DEFAULT_STYLE)

/** True when every cell of the run is one code point wide 1 (the run can be stored as plain text). */
function plain(cells: readonly Cell[]): boolean {
  return cells.every((cell) => cell.width === 1 && [...cell.char].length === 1)
}

/**
 * The picture data as JSON, safe inside XML text (`<`, `>` and `&` are
 * written as JSON escapes). The same screen always gives the same string.
 */
export function encodePictureData(screen: PictureScreen): string {
  const styles: StoredStyle[] = [{}]
  const indexOf = new Map<string, number>([[DEFAULT_KEY, 0]])
  const lines: StoredRun[][] = screen.cells.map((row) => {
    let end = row.length
    while (end > 0 && isBlank(row[end - 1]!)) end--
    const runs: StoredRun[] = []
    let x = 0
    while (x < end) {
      const key = styleKey(row[x]!.style)
      let next = x + 1
      while (next < end && styleKey(row[next]!.style) === key) next++
      let index = indexOf.get(key)
      if (index === undefined) {
        index = styles.length
        styles.push(storedStyle(row[x]!.style))
        indexOf.set(key, index)
      }
      const cells = row.slice(x, next)
      runs.push(plain(cells) ? [index, cells.map((cell) => cell.char).join('')] : [index, cells.map((cell) => (cell.width === 0 ? '' : cell.char))])
      x = next
    }
    return runs
  })
  const stored: StoredScreen = {
    tmuxpect: PICTURE_DATA_VERSION,
    cols: screen.cols,
    rows: screen.rows,
    cursor: { x: screen.cursor.x, y: screen.cursor.y, visible: screen.cursor.visible !== false },
    styles,
    lines,
  }
  return JSON.stringify(stored).replace(/[<>&]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** The picture data back as a screen; throws a plain Error naming what is wrong when the data is not ours. */
export function decodePictureData(json: string): PictureScreen & { cursor: { x: number; y: number; visible: boolean } } {
  const stored = JSON.parse(json) as StoredScreen
  if (typeof stored !== 'object' || stored === null || stored.tmuxpect !== PICTURE_DATA_VERSION) {
    throw new Error(`not tmuxpect picture data of version ${PICTURE_DATA_VERSION}`)
  }
  const { cols, rows, cursor, lines } = stored
  if (!Number.isInteger(cols) || !Number.isInteger(rows) || !Array.isArray(lines) || !Array.isArray(stored.styles) || typeof cursor !== 'object') {
    throw new Error('picture data lacks cols, rows, cursor, styles or lines')
  }
  const styles = stored.styles.map((style) => {
    const full = { ...DEFAULT_STYLE, ...style }
    return styleKey(full) === DEFAULT_KEY ? DEFAULT_STYLE : Object.freeze(full)
  })
  const blank: Cell = Object.freeze({ char: ' ', width: 1, style: DEFAULT_STYLE })
  const cells = lines.map((runs) => {
    const row: Cell[] = []
    for (const [index, content] of runs) {
      const style = styles[index]
      if (!style) throw new Error(`picture data names style ${index}, which it does not have`)
      const chars = typeof content === 'string' ? [...content] : content
      chars.forEach((char, at) => {
        const width = char === '' ? 0 : chars[at + 1] === '' ? 2 : 1
        row.push(Object.freeze({ char, width, style }))
      })
    }
    while (row.length < cols) row.push(blank)
    return row
  })
  while (cells.length < rows) cells.push(Array.from({ length: cols }, () => blank))
  return { cols, rows, cells, cursor: { x: cursor.x, y: cursor.y, visible: cursor.visible !== false } }
}

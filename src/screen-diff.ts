/**
 * Cell-by-cell difference of two screens (a golden and what is shown): the
 * size, the cursor, and each cell's character, width and style, exactly.
 * Changed cells come back grouped into runs along a row, so a message can
 * say `row 3, columns 5–9 "ERROR": expected fg red, got fg green`, and a
 * diff picture can outline them.
 */
import type { PictureScreen } from './picture.js'
import { DEFAULT_STYLE, STYLE_KEYS, describeStyle, type Cell } from './styles.js'
import type { CellBox } from './svg.js'

export interface CellChange {
  /** Row, 0-based. */
  y: number
  /** First column, 0-based. */
  x: number
  /** Columns covered. */
  width: number
  expected: { text: string; style: string }
  actual: { text: string; style: string }
}

export interface ScreenDiff {
  /** True when nothing differs. */
  same: boolean
  /** `80×24` vs `100×30`, when the sizes differ (cells are then compared where both have them). */
  size?: { expected: string; actual: string }
  cursor?: { expected: string; actual: string }
  changes: CellChange[]
  /** Cells that differ, counted one per column. */
  changedCells: number
}

const BLANK: Cell = { char: ' ', width: 1, style: DEFAULT_STYLE }

function sameCell(one: Cell, other: Cell): boolean {
  return one.char === other.char && one.width === other.width && STYLE_KEYS.every((key) => one.style[key] === other.style[key])
}

function describeCursor(cursor: PictureScreen['cursor']): string {
  return `row ${cursor.y + 1}, column ${cursor.x + 1}${cursor.visible === false ? ', hidden' : ''}`
}

function textOf(cells: readonly Cell[]): string {
  return cells.map((cell) => cell.char).join('')
}

export function diffScreens(expected: PictureScreen, actual: PictureScreen): ScreenDiff {
  const diff: ScreenDiff = { same: true, changes: [], changedCells: 0 }
  if (expected.cols !== actual.cols || expected.rows !== actual.rows) {
    diff.size = { expected: `${expected.cols}×${expected.rows}`, actual: `${actual.cols}×${actual.rows}` }
  }
  const cursorOf = (screen: PictureScreen) => describeCursor({ ...screen.cursor, visible: screen.cursor.visible !== false })
  if (cursorOf(expected) !== cursorOf(actual)) diff.cursor = { expected: cursorOf(expected), actual: cursorOf(actual) }
  const rows = Math.max(expected.rows, actual.rows)
  const cols = Math.max(expected.cols, actual.cols)
  for (let y = 0; y < rows; y++) {
    const want = (x: number) => expected.cells[y]?.[x] ?? BLANK
    const got = (x: number) => actual.cells[y]?.[x] ?? BLANK
    for (let x = 0; x < cols; ) {
      if (sameCell(want(x), got(x))) {
        x++
        continue
      }
      // A run: changed cells in a row whose expected and actual styles stay the same.
      const expectedStyle = describeStyle(want(x).style)
      const actualStyle = describeStyle(got(x).style)
      let end = x + 1
      while (end < cols && !sameCell(want(end), got(end)) && describeStyle(want(end).style) === expectedStyle && describeStyle(got(end).style) === actualStyle) end++
      const range = (from: (x: number) => Cell) => Array.from({ length: end - x }, (_, at) => from(x + at))
      diff.changes.push({
        y,
        x,
        width: end - x,
        expected: { text: textOf(range(want)), style: expectedStyle },
        actual: { text: textOf(range(got)), style: actualStyle },
      })
      diff.changedCells += end - x
      x = end
    }
  }
  diff.same = !diff.size && !diff.cursor && diff.changes.length === 0
  return diff
}

/** The changes as lines, at most `limit` of them (then how many more), rows and columns counted from 1. */
export function describeDiff(diff: ScreenDiff, limit = 12): string[] {
  const lines: string[] = []
  if (diff.size) lines.push(`size: expected ${diff.size.expected}, got ${diff.size.actual}`)
  if (diff.cursor) lines.push(`cursor: expected at ${diff.cursor.expected}, got ${diff.cursor.actual}`)
  for (const change of diff.changes.slice(0, limit)) {
    const columns = change.width === 1 ? `column ${change.x + 1}` : `columns ${change.x + 1}–${change.x + change.width}`
    const where = `row ${change.y + 1}, ${columns}`
    if (change.expected.text === change.actual.text) {
      lines.push(`${where} ${JSON.stringify(change.expected.text)}: expected ${change.expected.style}, got ${change.actual.style}`)
    } else if (change.expected.style === change.actual.style) {
      lines.push(`${where}: expected ${JSON.stringify(change.expected.text)}, got ${JSON.stringify(change.actual.text)} (${change.actual.style})`)
    } else {
      lines.push(`${where}: expected ${JSON.stringify(change.expected.text)} in ${change.expected.style}, got ${JSON.stringify(change.actual.text)} in ${change.actual.style}`)
    }
  }
  if (diff.changes.length > limit) lines.push(`… and ${diff.changes.length - limit} more changed runs (${diff.changedCells} cells in all)`)
  return lines
}

/** The changed runs as boxes to outline in a diff picture. */
export function changedBoxes(diff: ScreenDiff): CellBox[] {
  return diff.changes.map((change) => ({ x: change.x, y: change.y, width: change.width }))
}

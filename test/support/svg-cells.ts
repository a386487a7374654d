/**
 * Reads a tmuxpect SVG back into what each cell shows, from its drawing
 * (not its metadata): the background under the cell's centre, the
 * character drawn in it with its colour and weight, and the lines over it.
 * Tests check pictures cell by cell with it.
 */
import { GEOMETRY } from '../../src/svg.js'

export interface DrawnCell {
  background: string
  char?: string
  fill?: string
  bold?: boolean
  italic?: boolean
  /** A wide character drawn centred over this column and the next. */
  wide?: boolean
  underline?: string
  strikethrough?: string
  outlined?: boolean
}

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"' }

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1]
}

export function drawnCells(svg: string): DrawnCell[][] {
  const { cellWidth, cellHeight, padding, baseline } = GEOMETRY
  const width = Number(/<svg [^>]*width="(\d+)"/.exec(svg)![1])
  const height = Number(/<svg [^>]*height="(\d+)"/.exec(svg)![1])
  const cols = (width - 2 * padding) / cellWidth
  const rows = (height - 2 * padding) / cellHeight
  const column = (x: number) => (x - padding) / cellWidth
  const row = (y: number) => (y - padding) / cellHeight
  let background = ''
  const grid: DrawnCell[][] = []
  for (const tag of svg.match(/<rect [^>]*\/>/g) ?? []) {
    const fill = attribute(tag, 'fill')!
    if (attribute(tag, 'x') === undefined) {
      background = fill
      for (let y = 0; y < rows; y++) grid.push(Array.from({ length: cols }, () => ({ background: fill })))
      continue
    }
    const x = Number(attribute(tag, 'x'))
    const y = Number(attribute(tag, 'y'))
    const w = Number(attribute(tag, 'width'))
    const h = Number(attribute(tag, 'height'))
    if (attribute(tag, 'stroke')) {
      for (let at = Math.floor(column(x)); at < Math.floor(column(x)) + Math.round(w / cellWidth); at++) grid[Math.floor(row(y))]![at]!.outlined = true
      continue
    }
    const top = Math.floor(row(y))
    const cells = grid[top]!.slice(column(x), column(x) + w / cellWidth)
    if (h === cellHeight) for (const cell of cells) cell.background = fill
    else if (y - (padding + top * cellHeight) === GEOMETRY.underline) for (const cell of cells) cell.underline = fill
    else for (const cell of cells) cell.strikethrough = fill
  }
  for (const found of svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)) {
    const tag = ` ${found[1]}`
    const text = found[2]!.replace(/&(lt|gt|amp|quot);/g, (entity) => ENTITIES[entity]!)
    const y = row(Number(attribute(tag, 'y')) - baseline)
    const wide = attribute(tag, 'text-anchor') === 'middle'
    let x = column(Number(attribute(tag, 'x'))) - (wide ? 1 : 0)
    const length = attribute(tag, 'textLength')
    if (length !== undefined && Number(length) !== [...text].length * cellWidth) throw new Error(`text "${text}" is stretched to ${length}, not to its cells`)
    for (const char of wide ? [text] : [...text]) {
      if (char !== ' ') {
        Object.assign(grid[y]![x]!, {
          char,
          fill: attribute(tag, 'fill'),
          bold: attribute(tag, 'font-weight') === 'bold',
          italic: attribute(tag, 'font-style') === 'italic',
          ...(wide ? { wide: true } : {}),
        })
      }
      x++
    }
  }
  void background
  return grid
}

/**
 * A screen as a self-contained SVG: the exact cell grid, background runs as
 * rectangles, text runs in a monospace font stack (fonts by family name
 * only: no external resource), underline and strikethrough drawn as lines
 * so they span the cells exactly, wide characters centred over their two
 * columns, the cursor as a block. The picture carries its own cell data
 * (`<metadata id="tmuxpect-screen">`), which goldens are compared on.
 *
 * The same screen and theme always give the same bytes: no time, no
 * random ids, attributes in a fixed order.
 */
import { decodePictureData, encodePictureData, type PictureScreen } from './picture.js'
import { colorIn, mix, resolveTheme, type Palette, type Theme } from './themes.js'
import type { Cell } from './styles.js'

/** Picture geometry, in SVG user units (pixels at 1×). */
export const GEOMETRY = Object.freeze({
  fontSize: 15,
  /** 0.6em: the advance of common monospace fonts; text runs are stretched to it exactly. */
  cellWidth: 9,
  cellHeight: 18,
  padding: 8,
  /** Text baseline below a cell's top. */
  baseline: 14,
  underline: 16,
  strikethrough: 9,
})

const FONT_FAMILY = "ui-monospace,'SFMono-Regular','SF Mono',Menlo,Consolas,'DejaVu Sans Mono','Liberation Mono',monospace"

export interface SVGOptions {
  /** `'dark'` (default), `'light'`, or a palette object (see Theme). */
  theme?: Theme
}

/** A rectangle of cells to outline in red (a diff picture's changed cells). */
export interface CellBox {
  x: number
  y: number
  width: number
  height?: number
}

/** What a cell looks like once theme, inverse, dim and the cursor are applied. */
interface Look {
  fill: string
  background: string
  bold: boolean
  italic: boolean
  underline: boolean
  strikethrough: boolean
}

function lookOf(cell: Cell, palette: Palette, atCursor: boolean): Look {
  const style = cell.style
  let fill = colorIn(palette, style.fg, 'foreground')
  let background = colorIn(palette, style.bg, 'background')
  if (style.inverse) [fill, background] = [background, fill]
  if (style.dim) fill = mix(fill, background)
  // The cursor is a block in the cursor colour with the character in the cell's background;
  // on a coloured cell it swaps the cell's colours, so the character stays readable.
  if (atCursor) [fill, background] = [background, background === palette.background ? palette.cursor : fill]
  return { fill, background, bold: style.bold, italic: style.italic, underline: style.underline, strikethrough: style.strikethrough }
}

function sameText(one: Look, other: Look): boolean {
  return one.fill === other.fill && one.bold === other.bold && one.italic === other.italic
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }

/** Text safe in XML: markup characters escaped, characters XML forbids (lone surrogates, U+FFFE/FFFF, C0 controls) as U+FFFD. */
function xmlText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[&<>"]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (char) => XML_ESCAPES[char] ?? '\ufffd')
}

function textAttributes(look: Look): string {
  return `${look.bold ? ' font-weight="bold"' : ''}${look.italic ? ' font-style="italic"' : ''}`
}

/**
 * The screen as an SVG document. Throws when the screen has no cells (read
 * it with `{ styles: true }`); the caller turns that into its own error.
 */
export function renderSVG(screen: PictureScreen, options: SVGOptions & { outline?: readonly CellBox[]; themeWhat?: string } = {}): string {
  const palette = resolveTheme(options.theme ?? 'dark', options.themeWhat ?? 'theme')
  const { fontSize, cellWidth, cellHeight, padding, baseline } = GEOMETRY
  const width = screen.cols * cellWidth + 2 * padding
  const height = screen.rows * cellHeight + 2 * padding
  const cursor = screen.cursor
  const showCursor = cursor.visible !== false && cursor.y >= 0 && cursor.y < screen.rows && cursor.x >= 0 && cursor.x < screen.cols
  const backgrounds: string[] = []
  const texts: string[] = []
  const lines: string[] = []

  screen.cells.forEach((row, y) => {
    const top = padding + y * cellHeight
    // The cursor on a wide character's second column covers the character.
    let cursorX = showCursor && cursor.y === y ? cursor.x : -1
    if (cursorX > 0 && row[cursorX]?.width === 0) cursorX--
    const looks = row.map((cell, x) => lookOf(cell, palette, cursorX >= 0 && (x === cursorX || (x === cursorX + 1 && row[x]!.width === 0))))
    const left = (x: number) => padding + x * cellWidth

    // Backgrounds: runs of one colour that is not the theme's.
    for (let x = 0; x < row.length; ) {
      let end = x + 1
      while (end < row.length && looks[end]!.background === looks[x]!.background) end++
      if (looks[x]!.background !== palette.background) {
        backgrounds.push(`<rect x="${left(x)}" y="${top}" width="${(end - x) * cellWidth}" height="${cellHeight}" fill="${looks[x]!.background}"/>`)
      }
      x = end
    }

    // Text: runs of narrow characters in one look, blanks at their ends left out; a wide character alone, centred on its two columns.
    for (let x = 0; x < row.length; ) {
      const cell = row[x]!
      if (cell.width === 2) {
        if (cell.char.trim() !== '') {
          texts.push(`<text x="${left(x) + cellWidth}" y="${top + baseline}" fill="${looks[x]!.fill}"${textAttributes(looks[x]!)} text-anchor="middle">${xmlText(cell.char)}</text>`)
        }
        x++
        continue
      }
      if (cell.width === 0) {
        x++
        continue
      }
      let end = x + 1
      while (end < row.length && row[end]!.width === 1 && sameText(looks[end]!, looks[x]!)) end++
      let first = x
      let last = end
      while (first < last && row[first]!.char === ' ') first++
      while (last > first && row[last - 1]!.char === ' ') last--
      if (last > first) {
        const text = row.slice(first, last).map((one) => one.char).join('')
        const length = last - first > 1 ? ` textLength="${(last - first) * cellWidth}"` : ''
        texts.push(`<text x="${left(first)}" y="${top + baseline}" fill="${looks[x]!.fill}"${textAttributes(looks[x]!)}${length}>${xmlText(text)}</text>`)
      }
      x = end
    }

    // Underline and strikethrough: lines over every cell that has them, blanks included, as a terminal draws them.
    for (const [key, offset] of [['underline', GEOMETRY.underline], ['strikethrough', GEOMETRY.strikethrough]] as const) {
      for (let x = 0; x < row.length; ) {
        if (!looks[x]![key]) {
          x++
          continue
        }
        let end = x + 1
        while (end < row.length && looks[end]![key] && looks[end]!.fill === looks[x]!.fill) end++
        lines.push(`<rect x="${left(x)}" y="${top + offset}" width="${(end - x) * cellWidth}" height="1" fill="${looks[x]!.fill}"/>`)
        x = end
      }
    }
  })

  const outlines = (options.outline ?? []).map(
    (box) =>
      `<rect x="${padding + box.x * cellWidth + 0.5}" y="${padding + box.y * cellHeight + 0.5}" width="${box.width * cellWidth - 1}" height="${(box.height ?? 1) * cellHeight - 1}" fill="none" stroke="#ff0000" stroke-width="1"/>`,
  )

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}" font-size="${fontSize}" xml:space="preserve">`,
    `<metadata id="tmuxpect-screen">${encodePictureData(screen)}</metadata>`,
    `<rect width="${width}" height="${height}" fill="${palette.background}"/>`,
    ...backgrounds,
    ...texts,
    ...lines,
    ...outlines,
    '</svg>',
    '',
  ].join('\n')
}

const METADATA = /<metadata id="tmuxpect-screen">([^<]*)<\/metadata>/
const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&apos;': "'" }

/** The screen a tmuxpect SVG was drawn from; undefined when the SVG carries none (not ours, or edited). */
export function readSVGScreen(svg: string): ReturnType<typeof decodePictureData> | undefined {
  const found = METADATA.exec(svg)
  if (!found) return undefined
  try {
    return decodePictureData(found[1]!.replace(/&(lt|gt|amp|quot|apos);/g, (entity) => ENTITIES[entity]!))
  } catch {
    return undefined
  }
}

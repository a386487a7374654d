/**
 * Pictures of the terminal: a real program's coloured screen as SVG, checked
 * cell by cell from the drawing; themes; the cell data the SVG carries; the
 * cell diff behind toMatchScreenshot; goldens' paths and update modes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect as vitestExpect, test as plainTest } from 'vitest'
import { OptionError, type Screen } from 'tmuxpect'
import { expect, test } from 'tmuxpect/vitest'
import { decodePictureData, encodePictureData } from '../src/picture.js'
import { renderSVG, readSVGScreen, GEOMETRY } from '../src/svg.js'
import { THEMES, color256, resolveTheme } from '../src/themes.js'
import { changedBoxes, describeDiff, diffScreens } from '../src/screen-diff.js'
import { defaultScreenshotName, goldenPath, updateModeOf, validateScreenshotName } from '../src/golden.js'
import { parseStyledRows } from '../src/styles.js'
import { drawnCells } from './support/svg-cells.js'

const printf = (format: string) => ['sh', '-c', `printf '${format}'; exec cat`]

/** Row 1: ANSI, 256-colour and RGB colours; row 2: attributes; row 3: wide characters and markup characters. */
const COLOURED =
  '\\033[31mred\\033[0m \\033[1;94mBB\\033[0m \\033[38;5;208mor\\033[0m \\033[38;2;1;2;3;48;2;250;240;230mtc\\033[0m \\033[44mbg\\033[0m \\033[48;5;22m  \\033[0m\\n' +
  '\\033[1mB\\033[0m\\033[2mD\\033[0m\\033[3mI\\033[0m\\033[4mU\\033[0m\\033[7mR\\033[0m\\033[9mS\\033[0m\\033[7;31mr\\033[0m\\n' +
  '日\\033[32m本\\033[0mx <&>"\\n'

async function colouredScreen(spawn: (command: string[]) => Promise<import('tmuxpect').Session>): Promise<Screen> {
  const session = await spawn(printf(COLOURED))
  await expect(session).toShowOnScreen('<&>"')
  return session.screen({ styles: true })
}

describe('screen.toSVG()', () => {
  test('a coloured screen, cell by cell: ANSI, 256-colour and RGB colours, attributes, wide characters, the cursor', async ({ tmux }) => {
    const screen = await colouredScreen((command) => tmux.spawn(command))
    const svg = screen.toSVG()
    const cells = drawnCells(svg)
    const dark = THEMES.dark
    vitestExpect(cells).toHaveLength(24)
    vitestExpect(cells[0]).toHaveLength(80)
    // Row 1.
    vitestExpect(cells[0]!.slice(0, 3)).toEqual(['r', 'e', 'd'].map((char) => ({ background: dark.background, char, fill: dark.red, bold: false, italic: false })))
    vitestExpect(cells[0]![4]).toMatchObject({ char: 'B', fill: dark.brightBlue, bold: true })
    vitestExpect(cells[0]![7]).toMatchObject({ char: 'o', fill: '#ff8700', background: dark.background })
    vitestExpect(cells[0]![10]).toMatchObject({ char: 't', fill: '#010203', background: '#faf0e6' })
    vitestExpect(cells[0]![11]).toMatchObject({ char: 'c', fill: '#010203', background: '#faf0e6' })
    vitestExpect(cells[0]![13]).toMatchObject({ char: 'b', fill: dark.foreground, background: dark.blue })
    vitestExpect(cells[0]![16]).toEqual({ background: '#005f00' })
    vitestExpect(cells[0]![17]).toEqual({ background: '#005f00' })
    vitestExpect(cells[0]![18]).toEqual({ background: dark.background })
    // Row 2: bold, dim (half way to the background), italic, underline, inverse, strikethrough, inverse red.
    vitestExpect(cells[1]![0]).toMatchObject({ char: 'B', bold: true, fill: dark.foreground })
    vitestExpect(cells[1]![1]).toMatchObject({ char: 'D', bold: false, fill: '#757575' })
    vitestExpect(cells[1]![2]).toMatchObject({ char: 'I', italic: true })
    vitestExpect(cells[1]![3]).toMatchObject({ char: 'U', underline: dark.foreground })
    vitestExpect(cells[1]![4]).toMatchObject({ char: 'R', fill: dark.background, background: dark.foreground })
    vitestExpect(cells[1]![5]).toMatchObject({ char: 'S', strikethrough: dark.foreground })
    vitestExpect(cells[1]![6]).toMatchObject({ char: 'r', fill: dark.background, background: dark.red })
    // Row 3: each wide character centred over its two columns, then narrow text right after them.
    vitestExpect(cells[2]![0]).toMatchObject({ char: '日', wide: true, fill: dark.foreground })
    vitestExpect(cells[2]![2]).toMatchObject({ char: '本', wide: true, fill: dark.green })
    vitestExpect(cells[2]!.slice(4, 9).map((cell) => cell.char ?? ' ').join('')).toBe('x <&>')
    vitestExpect(cells[2]![9]).toMatchObject({ char: '"' })
    // The cursor: a block in the cursor colour on the row after the text, where `cat` waits.
    vitestExpect(screen.cursor).toEqual({ x: 0, y: 3, visible: true })
    vitestExpect(cells[3]![0]).toEqual({ background: dark.cursor })
    // Every other cell: the character the screen has, and nothing where it is blank.
    screen.cells!.forEach((row, y) =>
      row.forEach((cell, x) => {
        if (cell.width === 0) return
        vitestExpect({ x, y, char: cells[y]![x]!.char ?? ' ' }).toEqual({ x, y, char: cell.char })
      }),
    )
    // The picture carries the screen it shows, exactly.
    const carried = readSVGScreen(svg)!
    vitestExpect(diffScreens(carried, { ...screen, cells: screen.cells! }).same).toBe(true)
    vitestExpect(carried.cells).toEqual(screen.cells)
  })

  test('the same screen always gives the same bytes; the light theme changes only theme colours', async ({ tmux }) => {
    const screen = await colouredScreen((command) => tmux.spawn(command))
    vitestExpect(screen.toSVG()).toBe(screen.toSVG({ theme: 'dark' }))
    const light = drawnCells(screen.toSVG({ theme: 'light' }))
    vitestExpect(light[0]![0]).toMatchObject({ fill: THEMES.light.red, background: THEMES.light.background })
    vitestExpect(light[0]![7]).toMatchObject({ fill: '#ff8700' })
    vitestExpect(light[0]![10]).toMatchObject({ fill: '#010203', background: '#faf0e6' })
    vitestExpect(light[1]![4]).toMatchObject({ fill: THEMES.light.background, background: THEMES.light.foreground })
  })

  test('session.screenshot(): the screen with styles as SVG, written to a path when given', async ({ tmux, onTestFinished }) => {
    const folder = mkdtempSync(join(tmpdir(), 'tmuxpect-screenshot-'))
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }))
    const session = await tmux.spawn(printf(COLOURED))
    await expect(session).toShowOnScreen('<&>"')
    const path = join(folder, 'deep', 'screen.svg')
    const svg = await session.screenshot({ path, theme: 'light' })
    vitestExpect(readFileSync(path, 'utf8')).toBe(svg)
    vitestExpect(svg).toBe((await session.screen({ styles: true })).toSVG({ theme: 'light' }))
    vitestExpect(await session.screenshot()).toBe((await session.screen({ styles: true })).toSVG())
    await vitestExpect(session.screenshot({ path: join(folder, 'screen.jpg') })).rejects.toThrow(
      /screenshot option path must be a file path ending in .svg or .png, got ".*screen.jpg"/,
    )
    await vitestExpect(session.screenshot({ theme: 'sepia' as never })).rejects.toThrow(OptionError)
    await vitestExpect(session.screenshot({ them: 'light' } as never)).rejects.toThrow('screenshot options has no option "them" (known: path, theme)')
  })

  test('a screen read without styles has no picture: the error says how to read one', async ({ tmux }) => {
    const session = await tmux.spawn(printf('plain\\n'))
    await expect(session).toShowOnScreen('plain')
    const screen = await session.screen()
    vitestExpect(() => screen.toSVG()).toThrow(OptionError)
    vitestExpect(() => screen.toSVG()).toThrow(/styles: true/)
  })
})

/** A screen built from SGR text as tmux's `capture-pane -e` gives it (no tmux needed). */
function screenOf(lines: string[], cols = 80, rows = 24, cursor = { x: 0, y: 0 }) {
  const padded = [...lines, ...Array.from({ length: rows - lines.length }, () => '')]
  return { cols, rows, cells: parseStyledRows(padded, cols), cursor }
}

describe('pictures without tmux', () => {
  plainTest('a full 80×24 screen of coloured text is well under 100 kB', () => {
    const colours = ['31', '32', '1;33', '38;5;208', '38;2;200;100;50', '7;36', '44;37', '4;35']
    const lines = Array.from({ length: 24 }, (_, y) =>
      Array.from({ length: 8 }, (_, word) => `\u001b[${colours[(y + word) % colours.length]}mword${y}-${word}\u001b[0m `).join('').padEnd(80, '.'),
    )
    const svg = renderSVG(screenOf(lines))
    vitestExpect(Buffer.byteLength(svg)).toBeLessThan(100_000)
    vitestExpect(Buffer.byteLength(svg)).toBeGreaterThan(10_000)
  })

  plainTest('cell data survives encoding: wide characters, combining marks, every attribute, trailing styled blanks', () => {
    const screen = screenOf(['e\u0301 日本 👍 \u001b[1;2;3;4;7;9;38;5;99;48;2;1;2;3mall\u001b[0m\u001b[41m   \u001b[0m', '\u001b[32m<&>\u001b[0m'], 20, 3, { x: 2, y: 1 })
    const json = encodePictureData(screen)
    vitestExpect(json).not.toMatch(/[<>&]/)
    const back = decodePictureData(json)
    vitestExpect(back.cells).toEqual(screen.cells)
    vitestExpect(back.cursor).toEqual({ x: 2, y: 1, visible: true })
    vitestExpect(encodePictureData(back)).toBe(json)
  })

  plainTest('a hidden cursor is not drawn and is part of the data', () => {
    const screen = { ...screenOf(['hi'], 10, 2), cursor: { x: 0, y: 0, visible: false } }
    const svg = renderSVG(screen)
    vitestExpect(drawnCells(svg)[0]![0]).toMatchObject({ char: 'h', background: THEMES.dark.background })
    vitestExpect(readSVGScreen(svg)!.cursor.visible).toBe(false)
    vitestExpect(drawnCells(renderSVG(screenOf(['hi'], 10, 2)))[0]![0]).toMatchObject({ char: 'h', fill: THEMES.dark.background, background: THEMES.dark.cursor })
  })

  plainTest('256-colour indexes are the xterm palette', () => {
    vitestExpect([16, 21, 196, 208, 231, 232, 244, 255].map(color256)).toEqual(['#000000', '#0000ff', '#ff0000', '#ff8700', '#ffffff', '#080808', '#808080', '#eeeeee'])
  })

  plainTest('a palette object: complete, or extending a built-in theme; bad ones are clear errors', () => {
    const mine = resolveTheme({ extends: 'light', red: '#F00', background: '#101010' })
    vitestExpect(mine).toMatchObject({ red: '#ff0000', background: '#101010', green: THEMES.light.green, cursor: THEMES.light.cursor })
    const svg = renderSVG(screenOf(['\u001b[31mr'], 10, 2, { x: 5, y: 1 }), { theme: { extends: 'dark', red: '#123456' } })
    vitestExpect(drawnCells(svg)[0]![0]!.fill).toBe('#123456')
    vitestExpect(() => resolveTheme('solarized')).toThrow(OptionError)
    vitestExpect(() => resolveTheme({ red: '#ff0000' })).toThrow(/missing foreground, background, black, green/)
    vitestExpect(() => resolveTheme({ extends: 'dark', red: 'red' })).toThrow(`theme.red must be a colour '#rrggbb' or '#rgb', got "red"`)
    vitestExpect(() => resolveTheme({ extends: 'dark', purple: '#ff00ff' })).toThrow(/unknown key "purple"/)
    vitestExpect(() => resolveTheme({ extends: 'sepia' })).toThrow(/extends must be 'dark' or 'light'/)
  })

  plainTest('diff: a colour-only change names the cells, their text and both styles', () => {
    const expected = screenOf(['ok \u001b[31mERROR\u001b[0m done'], 20, 2)
    const actual = screenOf(['ok \u001b[32mERROR\u001b[0m done'], 20, 2)
    const diff = diffScreens(expected, actual)
    vitestExpect(diff.same).toBe(false)
    vitestExpect(diff.changedCells).toBe(5)
    vitestExpect(describeDiff(diff)).toEqual(['row 1, columns 4–8 "ERROR": expected fg red, got fg green'])
    vitestExpect(changedBoxes(diff)).toEqual([{ x: 3, y: 0, width: 5 }])
    const outlined = drawnCells(renderSVG(actual, { outline: changedBoxes(diff) }))
    vitestExpect(outlined[0]!.map((cell) => cell.outlined === true).indexOf(true)).toBe(3)
    vitestExpect(outlined[0]!.filter((cell) => cell.outlined)).toHaveLength(5)
    vitestExpect(diffScreens(expected, expected).same).toBe(true)
  })

  plainTest('diff: text, size and cursor changes, and a long list cut short', () => {
    const expected = screenOf(['abc'], 10, 2)
    vitestExpect(describeDiff(diffScreens(expected, screenOf(['abd'], 10, 2)))).toEqual(['row 1, column 3: expected "c", got "d" (default style)'])
    vitestExpect(describeDiff(diffScreens(expected, screenOf(['abc'], 12, 2)))).toEqual(['size: expected 10×2, got 12×2'])
    vitestExpect(describeDiff(diffScreens(expected, screenOf(['abc'], 10, 2, { x: 3, y: 0 })))).toEqual([
      'cursor: expected at row 1, column 1, got row 1, column 4',
    ])
    const many = describeDiff(diffScreens(screenOf(Array(20).fill('x'), 10, 20), screenOf(Array(20).fill('\u001b[1mx'), 10, 20)), 3)
    vitestExpect(many).toHaveLength(4)
    vitestExpect(many[3]).toBe('… and 17 more changed runs (20 cells in all)')
  })

  plainTest('an SVG that is not ours (or was edited) carries no screen', () => {
    vitestExpect(readSVGScreen('<svg xmlns="http://www.w3.org/2000/svg"/>')).toBeUndefined()
    vitestExpect(readSVGScreen('<svg><metadata id="tmuxpect-screen">{"tmuxpect":99}</metadata></svg>')).toBeUndefined()
  })

  plainTest('goldens: beside the test file, named by the test, written as the framework says', () => {
    vitestExpect(goldenPath('/repo/test/menu.test.ts', 'main-menu')).toBe('/repo/test/__screenshots__/menu.test.ts/main-menu.svg')
    vitestExpect(defaultScreenshotName('menu > shows Quit!', 2)).toBe('menu-shows-quit-2')
    vitestExpect(validateScreenshotName('main menu.svg')).toBe('main menu')
    vitestExpect(() => validateScreenshotName('../escape')).toThrow(OptionError)
    vitestExpect(() => validateScreenshotName('')).toThrow(/non-empty string/)
    vitestExpect(updateModeOf({ snapshotState: { snapshotUpdateState: 'all' } }, {})).toBe('all')
    vitestExpect(updateModeOf({ snapshotState: { _updateSnapshot: 'none' } }, {})).toBe('none')
    vitestExpect(updateModeOf({}, { CI: 'true' })).toBe('none')
    vitestExpect(updateModeOf({}, {})).toBe('new')
    vitestExpect(updateModeOf({}, { CI: 'true', TMUXPECT_UPDATE_SCREENSHOTS: '1' })).toBe('all')
  })

  plainTest('geometry: a cell is 9×18 units, text at 15 px', () => {
    const svg = renderSVG(screenOf([''], 80, 24))
    vitestExpect(svg).toContain(`width="${80 * GEOMETRY.cellWidth + 2 * GEOMETRY.padding}" height="${24 * GEOMETRY.cellHeight + 2 * GEOMETRY.padding}"`)
    vitestExpect(svg).not.toMatch(/href|url\(|@import|<image/)
  })
})

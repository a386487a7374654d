// screen.find and screen.line: where a text is, in display columns, and the
// styles of a row — on screens built from known escape sequences, and on a
// real program's screen.
import { describe, expect, test } from 'vitest'
import { test as tmuxTest } from 'tmuxpect/vitest'
import { OptionError, Screen } from 'tmuxpect'
import { logicalText } from '../src/screen.js'
import { parseStyledRows } from '../src/styles.js'

/** A Screen from rows as a program would print them (SGR escapes kept for the styled cells). */
function screenOf(rows: string[], cols = 20): Screen {
  const plain = rows.map((row) => row.replace(/\x1b\[[0-9;]*m/g, '')) // eslint-disable-line no-control-regex
  return new Screen({
    lines: plain.map((row) => row.trimEnd()),
    text: logicalText(plain),
    cursor: { x: 0, y: 0 },
    cols,
    rows: rows.length,
    cells: parseStyledRows(rows, cols),
  })
}

describe('screen.find', () => {
  const screen = screenOf(['  Apple  Apple', '日本 Apple 👍 Apple', '\x1b[7m❯ Banana    \x1b[0m', '  Cherry'])

  test('every match, with its row and column, wide characters counted as two columns', () => {
    expect(screen.find('Apple')).toEqual([
      { y: 0, x: 2, text: 'Apple', width: 5 },
      { y: 0, x: 9, text: 'Apple', width: 5 },
      { y: 1, x: 5, text: 'Apple', width: 5 },
      { y: 1, x: 14, text: 'Apple', width: 5 },
    ])
  })

  test('a RegExp, with or without the g flag, and a match that holds wide characters', () => {
    expect(screen.find(/[A-C]\w+/)).toHaveLength(6)
    expect(screen.find(/本 A/g)).toEqual([{ y: 1, x: 2, text: '本 A', width: 4 }])
    expect(screen.find('Durian')).toEqual([])
  })

  test('with a style: only the places drawn in it', () => {
    expect(screen.find(/❯ \w+/, { inverse: true })).toEqual([{ y: 2, x: 0, text: '❯ Banana', width: 8 }])
    expect(screen.find('Cherry', { inverse: true })).toEqual([])
  })

  test('a style alone: the stretches drawn in it, blanks at their ends left out (which item is selected)', () => {
    expect(screen.find({ inverse: true })).toEqual([{ y: 2, x: 0, text: '❯ Banana', width: 8 }])
    expect(screen.find({ bold: true })).toEqual([])
  })

  test('without styles read, a style is a clear error; bad patterns and styles too', () => {
    const plain = new Screen({ lines: ['x'], text: 'x', cursor: { x: 0, y: 0 }, cols: 5, rows: 1 })
    expect(plain.find('x')).toEqual([{ y: 0, x: 0, text: 'x', width: 1 }])
    expect(() => plain.find({ inverse: true })).toThrow(OptionError)
    expect(() => plain.find({ inverse: true })).toThrow(/session\.screen\(\{ styles: true \}\)/)
    expect(() => screen.find('')).toThrow(/must not be empty/)
    expect(() => screen.find(42 as unknown as string)).toThrow(/string, a RegExp or a style, got 42/)
    expect(() => screen.find({ inverse: 'yes' } as never)).toThrow(/screen.find style inverse must be true or false, got "yes"/)
    expect(() => screen.find({ colour: 'red' } as never)).toThrow(/names no style key/)
  })
})

describe('screen.line', () => {
  const screen = screenOf(['plain', 'a \x1b[1;31mred\x1b[0m b'], 10)

  test('a row with its text, cells and styled runs', () => {
    const line = screen.line(1)
    expect(line.text).toBe('a red b')
    expect(line.cells).toHaveLength(10)
    expect(line.runs!.map(({ x, text, width, style }) => ({ x, text, width, bold: style.bold, fg: style.fg }))).toEqual([
      { x: 0, text: 'a ', width: 2, bold: false, fg: null },
      { x: 2, text: 'red', width: 3, bold: true, fg: 'red' },
      { x: 5, text: ' b   ', width: 5, bold: false, fg: null },
    ])
  })

  test('rows outside the screen are an error naming the range', () => {
    expect(() => screen.line(2)).toThrow(/y must be a row number from 0 to 1, got 2/)
    expect(() => screen.line(-1)).toThrow(OptionError)
    const plain = new Screen({ lines: ['x'], text: 'x', cursor: { x: 0, y: 0 }, cols: 5, rows: 1 })
    expect(plain.line(0)).toEqual({ y: 0, text: 'x', cells: undefined, runs: undefined })
  })
})

tmuxTest('find on a real program: wide characters and reverse video as the terminal shows them', async ({ tmux }) => {
  const app = await tmux.spawn(['printf', '%s\\n', '日本語 target', '\x1b[7m selected \x1b[0m target'])
  await expect(app).toHaveExited({ code: 0 })
  const screen = await app.screen({ styles: true })
  expect(screen.find('target')).toEqual([
    { y: 0, x: 7, text: 'target', width: 6 },
    { y: 1, x: 11, text: 'target', width: 6 },
  ])
  expect(screen.find({ inverse: true })).toEqual([{ y: 1, x: 1, text: 'selected', width: 8 }])
  expect(screen.line(1).runs![0]!.style.inverse).toBe(true)
})

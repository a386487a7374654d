/**
 * The exit room (src/exit.ts) without tmux: tmux's exit fields, signal
 * names, the "Pane is dead" line, and the final screen's geometry as
 * DESIGN.md measured it (tmux 3.3a scrolls one line into the history and
 * writes its message on the last row).
 */
import { expect, test } from 'vitest'
import { finalScreen, finalScreenWithHistory, isDeadLine, parseExitFields, signalName } from '../src/exit.js'

test('exit fields: a code, a signal, or dead without a status yet', () => {
  expect(parseExitFields('1\t3\t\t0\t80\t24\t0')).toEqual({ dead: true, exit: { code: 3, signal: null }, cols: 80, rows: 24, alternate: false })
  expect(parseExitFields('1\t\t9\t0\t80\t24\t1')).toEqual({ dead: true, exit: { code: null, signal: 'SIGKILL' }, cols: 80, rows: 24, alternate: true })
  expect(parseExitFields('1\t\t\t0\t40\t10')).toEqual({ dead: true, exit: undefined, cols: 40, rows: 10, alternate: undefined })
  expect(parseExitFields('0\t\t\t0\t80\t24').dead).toBe(false)
})

test('signal names, and a number the platform has no name for', () => {
  expect(signalName(15)).toBe('SIGTERM')
  expect(signalName(99)).toBe('SIG99')
})

test('the dead line is recognised even cut to a narrow pane', () => {
  expect(isDeadLine('Pane is dead (status 0, Wed Dec  2 13:00:00 2026)', 80)).toBe(true)
  expect(isDeadLine('Pane is', 7)).toBe(true)
  expect(isDeadLine('Pane is alive', 80)).toBe(false)
  expect(isDeadLine(undefined, 80)).toBe(false)
})

test('final screen: the history line and the rows above "Pane is dead", the cursor where output ended', () => {
  // `sh -c 'echo one && echo two'` in a 20×4 pane, captured with -S -1
  const plain = ['one', 'two', '', '', 'Pane is dead (status 0)']
  const screen = finalScreen(plain, plain, 20, 4)
  expect(screen.lines).toEqual(['one', 'two', '', ''])
  expect(screen.text).toBe('one\ntwo')
  expect(screen.cursor).toEqual({ x: 3, y: 1, visible: true })
})

test('final screen when tmux never learned the status: no message, no scroll, the visible rows', () => {
  const plain = ['history line', 'a', 'b', '']
  const screen = finalScreen(plain, plain, 20, 3)
  expect(screen.lines).toEqual(['a', 'b', ''])
  expect(screen.cursor).toEqual({ x: 1, y: 1, visible: true })
})

test('a final screen with its history keeps the final size and puts the cursor on the last line', () => {
  const final = finalScreen(['x', 'y', 'Pane is dead'], ['x', 'y', 'Pane is dead'], 10, 2)
  const withHistory = finalScreenWithHistory(['old', 'x', 'y'], ['old', 'x', 'y'], final)
  expect([withHistory.cols, withHistory.rows, withHistory.cursor.y]).toEqual([10, 2, 2])
})

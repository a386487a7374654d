// top, a full-screen program that redraws itself every second.
import { test, expect, type TmuxFixture } from 'tmuxpect/vitest'
import type { Screen } from 'tmuxpect'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * top with a refresh every second, and an empty HOME so that no toprc on
 * the machine changes what it shows; the directory is removed when the test ends.
 */
function startTop(tmux: TmuxFixture, onTestFinished: (fn: () => void) => void) {
  const home = mkdtempSync(join(tmpdir(), 'tmuxpect-top-'))
  onTestFinished(() => rmSync(home, { recursive: true, force: true }))
  return tmux.spawn(['top', '-d', '1'], { env: { HOME: home } })
}

/** The rows of the task list: the non-empty rows below the column headings. */
function taskRows(screen: Screen): string[] {
  const header = screen.lines.findIndex((line) => /^ +PID USER/.test(line))
  return header === -1 ? [] : screen.lines.slice(header + 1).filter((line) => line !== '')
}

// The screen changes every second (the clock, the load, the busiest tasks),
// so these tests wait for the rows they need, never for the screen to settle:
// waitForStable would return whichever frame happened to pause.

test('top shows its summary and quits on q', async ({ tmux, onTestFinished }) => {
  const top = await startTop(tmux, onTestFinished)
  await expect(top).toShowOnScreen(/^top - .*load average:/m)
  await expect(top).toShowOnScreen(/^Tasks: +\d+ total/m)
  await expect(top).toShowOnScreen(/^ +PID USER .* COMMAND$/m)

  await top.press('q')
  await expect(top).toHaveExited({ code: 0 })
})

test('top opens its help and goes back', async ({ tmux, onTestFinished }) => {
  const top = await startTop(tmux, onTestFinished)
  await expect(top).toShowOnScreen('load average:')

  await top.press('h')
  await expect(top).toShowOnScreen('Help for Interactive Commands')
  // Escape reaches top at once: tmuxpect's server sets escape-time 0.
  await top.press('Escape')
  await expect(top).toShowOnScreen('load average:')
  await expect(top).not.toShowOnScreen('Help for Interactive Commands')

  await top.press('q')
  await expect(top).toHaveExited({ code: 0 })
})

test('top filters its task list through its own prompt', async ({ tmux, onTestFinished }) => {
  const top = await startTop(tmux, onTestFinished)
  await expect(top).toShowOnScreen('load average:')

  // o asks for a filter on the row above the task list.
  await top.press('o')
  await expect(top).toShowOnScreen('add filter #1')
  await top.submit('COMMAND=top')

  // waitFor takes any predicate on the whole Screen: here, every task row left is a top.
  await top.waitFor((screen) => {
    const rows = taskRows(screen)
    return rows.length > 0 && rows.every((row) => / top$/.test(row))
  })

  await top.press('q')
  await expect(top).toHaveExited({ code: 0 })
})

test('top redraws for a new terminal size', async ({ tmux, onTestFinished }) => {
  const top = await startTop(tmux, onTestFinished)
  await expect(top).toShowOnScreen(/^ +PID USER .* COMMAND$/m)

  // Narrower than the task columns: the COMMAND column no longer fits.
  // top learns of the new size from SIGWINCH and redraws at once.
  await top.resize(60, 15)
  await expect(top).not.toShowOnScreen('COMMAND')
  const narrow = await top.screen()
  expect([narrow.cols, narrow.rows]).toEqual([60, 15])
  expect(narrow.lines.every((line) => line.length <= 60)).toBe(true)

  // Wider again: the column is back.
  await top.resize(120, 40)
  await expect(top).toShowOnScreen(/^ +PID USER .* COMMAND$/m)

  await top.press('q')
  await expect(top).toHaveExited({ code: 0 })
})

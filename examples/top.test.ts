// top, a full-screen program that redraws itself every second.
import { test, expect, type TmuxFixture } from 'tmuxpect/vitest'
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

test('top takes a new setting at its own prompt', async ({ tmux, onTestFinished }) => {
  const top = await startTop(tmux, onTestFinished)
  await expect(top).toShowOnScreen('load average:')

  // d asks for the refresh delay on the row above the task list; what is
  // typed there is top's input until Enter.
  await top.press('d')
  await expect(top).toShowOnScreen('Change delay from 1.0 to')
  await top.submit('2.5')
  await expect(top).not.toShowOnScreen('Change delay')

  // The help screen reports the new setting.
  await top.press('h')
  await expect(top).toShowOnScreen('Delay 2.5 secs')
  // Escape leaves it, at once: tmuxpect's server sets escape-time 0, so tmux
  // does not hold the key back waiting for an Alt combination.
  await top.press('Escape')
  await expect(top).not.toShowOnScreen('Help for Interactive Commands')

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

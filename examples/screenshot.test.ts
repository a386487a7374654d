// Pictures of a full-screen program: a curses dashboard (colour pairs in ANSI
// and 256 colours, bold, reverse, underline, a wide-character label) checked
// against golden SVGs in __screenshots__/screenshot.test.ts/, and saved as a
// picture a person can open.
import { fileURLToPath } from 'node:url'
import { test, expect } from 'tmuxpect/vitest'

const dashboard = fileURLToPath(new URL('./programs/dashboard.py', import.meta.url))

test('the dashboard looks as it did, in colour', async ({ tmux }) => {
  const app = await tmux.spawn(['python3', dashboard])
  await expect(app).toShowOnScreen('q quit')
  // The whole screen, every cell's character and colour, against the golden.
  // A change of colour alone (a service drawn red instead of green) fails here
  // and leaves expected, actual and diff pictures in tmuxpect-results/.
  await expect(app).toMatchScreenshot('dashboard')

  await app.press('Down', 'Down')
  // Waits until the selection has moved and the screen matches the second golden.
  await expect(app).toMatchScreenshot('scheduler-selected', { theme: 'light' })

  // A picture for people: SVG (or PNG with @resvg/resvg-js installed).
  const svg = await app.screenshot()
  expect(svg).toContain('<svg')

  await app.press('q')
  await expect(app).toHaveExited({ code: 0 })
})

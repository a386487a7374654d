// Colours as your users' terminals offer them. tmuxpect tells the program a
// colour level with the `colors` option (TERM, COLORTERM, NO_COLOR and
// FORCE_COLOR set together; default 'truecolor'), and tmux keeps every
// colour the program draws, 24-bit included, for the matchers to check.
import { vi } from 'vitest'
import { test, expect } from 'tmuxpect/vitest'
import { ROOT, STARTUP, appCommand } from './apps/command.js'

// The app's start-up can take most of a minute on a busy machine (see STARTUP).
vi.setConfig({ testTimeout: 120_000 })

test('the brand colour is drawn exactly: an RGB colour on a truecolor terminal (the default)', async ({ tmux }) => {
  const app = await tmux.spawn(appCommand('ink-status.tsx'), { cwd: ROOT })
  await expect(app).toShowOnScreen('▲ deploy', { fg: '#ff8800', bold: true, ...STARTUP })
  await expect(app).toShowOnScreen('ready', { fg: 'green' })
  await expect(app).toHaveExited({ code: 0 })
})

test('on a 256-colour terminal the same app falls back to the nearest of the 256', async ({ tmux }) => {
  const app = await tmux.spawn(appCommand('ink-status.tsx'), { cwd: ROOT, colors: 256 })
  await expect(app).toHaveExited({ code: 0, ...STARTUP })
  const screen = await app.screen({ styles: true })
  const [title] = screen.find('▲ deploy')
  // 214 is the 256-colour cube's nearest to #ff8800: what the user of such a terminal sees.
  expect(screen.cellAt(title!.x, title!.y)?.style.fg).toBe(214)
})

test('a NO_COLOR run: the same words, no colour anywhere', async ({ tmux }) => {
  const app = await tmux.spawn(appCommand('ink-status.tsx'), { cwd: ROOT, colors: false })
  await expect(app).toHaveExited({ code: 0, ...STARTUP })
  // chalk, under Ink, turns every style off at level 0 (FORCE_COLOR=0), bold included.
  await expect(app).toShowOnScreen('▲ deploy ready', { fg: 'default', bold: false })
  const screen = await app.screen({ styles: true })
  const coloured = screen.cells!.flat().filter((cell) => cell.style.fg !== null || cell.style.bg !== null)
  expect(coloured).toEqual([])
})

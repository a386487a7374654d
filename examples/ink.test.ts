// Ink (React for the terminal): a list driven with the arrow keys, a
// component redrawn on a timer, Ctrl-C handled by the app, and a
// full-screen app on the alternate screen that gives the screen back.
// The apps are in examples/apps/; each test runs one as a user would.
import { vi } from 'vitest'
import { test, expect } from 'tmuxpect/vitest'
import { ROOT, STARTUP, appCommand } from './apps/command.js'

// The app's start-up can take most of a minute on a busy machine (see STARTUP).
vi.setConfig({ testTimeout: 120_000 })

test('Ink list: arrows move the highlight, Enter chooses', async ({ tmux }) => {
  const app = await tmux.spawn(appCommand('ink-list.tsx'), { cwd: ROOT })
  // The selected item is drawn in reverse video: that is how to ask which one it is.
  await expect(app).toShowOnScreen('❯ Apple', { inverse: true, ...STARTUP })

  await app.press('Down')
  await expect(app).toShowOnScreen('❯ Banana', { inverse: true })
  await expect(app).not.toShowOnScreen('Apple', { inverse: true })
  await app.press('Down')
  await expect(app).toShowOnScreen('❯ Cherry', { inverse: true })
  // Up from the top wraps around to the bottom.
  await app.press('Up', 'Up', 'Up')
  await expect(app).toShowOnScreen('❯ Durian', { inverse: true })
  await app.press('Up')
  await expect(app).toShowOnScreen('❯ Cherry', { inverse: true })
  // Or ask the screen which item is highlighted, and where.
  const screen = await app.screen({ styles: true })
  expect(screen.find({ inverse: true })).toEqual([{ y: 3, x: 0, text: '❯ Cherry', width: 8 }])

  await app.press('Enter')
  await expect(app).toShowOnScreen('You chose Cherry.')
  await expect(app).toHaveExited({ code: 0 })
})

test('Ink list: Ctrl-C is handled by the app, not by a signal', async ({ tmux }) => {
  const app = await tmux.spawn(appCommand('ink-list.tsx'), { cwd: ROOT })
  await expect(app).toShowOnScreen('❯ Apple', { inverse: true, ...STARTUP })
  // Ink puts the terminal in raw mode, so Ctrl-C is a key the app reads.
  await app.press('C-c')
  await expect(app).toShowOnScreen('Cancelled, nothing chosen.')
  await expect(app).toHaveExited({ code: 130 })
})

test('Ink timer: a component redrawn every 100 ms until the build is done', async ({ tmux }) => {
  const app = await tmux.spawn(appCommand('ink-timer.tsx', '20'), { cwd: ROOT })
  // Wait for a state, not for a time: some progress, drawn in place on one row.
  const step = (text: string) => Number(/(\d+)\/20/.exec(text)?.[1] ?? -1)
  const early = await app.waitFor((screen) => step(screen.text) >= 1 && step(screen.text) < 20, STARTUP)
  expect(early.lines[0]).toMatch(/^Building \[#*\.+\] \d+\/20$/)
  await app.waitFor((screen) => step(screen.text) > step(early.text))
  await expect(app).toShowOnScreen(/^Built \[#{20}\] 20\/20$/m)
  await expect(app).toHaveExited({ code: 0 })
  // Redrawn in place: one row, never a scroll of frames.
  expect((await app.screen()).lines.filter((line) => line !== '')).toEqual(['Built [####################] 20/20'])
})

// A shell prints a line, runs the app, then says how it exited.
const fullScreenApp = `echo before the app; ${appCommand('ink-fullscreen.tsx').map((part) => `'${part}'`).join(' ')}; echo "app exited $?"; sleep 600`

test('Ink full screen: fills the terminal, refills it on resize', async ({ tmux }) => {
  const app = await tmux.spawn(appCommand('ink-fullscreen.tsx'), { cwd: ROOT, cols: 60, rows: 12 })
  await expect(app).toShowOnScreen('Files (60×12)', STARTUP)
  // The box fills the terminal: its bottom border is the last row.
  await app.waitFor((screen) => /^└─{58}┘$/.test(screen.lines[11] ?? ''))
  await expect(app).toShowOnScreen('README.md', { inverse: true })

  await app.resize(70, 14)
  await expect(app).toShowOnScreen('Files (70×14)')
  await app.waitFor((screen) => /^└─{68}┘$/.test(screen.lines[13] ?? ''))
  await app.press('q')
  await expect(app).toHaveExited({ code: 0 })
})

test('Ink full screen: the alternate screen, and the old screen back on exit', async ({ tmux }) => {
  const shell = await tmux.spawn(fullScreenApp, { cwd: ROOT, cols: 60, rows: 12 })
  await expect(shell).toShowOnScreen('Files (60×12)', STARTUP)
  await expect(shell).not.toShowOnScreen('before the app')

  await shell.press('Down', 'Down')
  await expect(shell).toShowOnScreen('src/index.ts', { inverse: true })
  await shell.press('Enter')
  await expect(shell).toShowOnScreen('Opened src/index.ts')

  await shell.press('q')
  await expect(shell).toShowOnScreen('app exited 0')
  // The screen from before the app is back, and nothing of the app is left on it.
  const after = await shell.screen()
  expect(after.lines[0]).toBe('before the app')
  expect(after.contains('Files')).toBe(false)
})

test('Ink full screen: a click opens a file, the wheel moves the highlight', async ({ tmux }) => {
  const app = await tmux.spawn(appCommand('ink-fullscreen.tsx'), { cwd: ROOT, cols: 60, rows: 12 })
  await expect(app).toShowOnScreen('README.md', { inverse: true, ...STARTUP })
  // The app turned the mouse on (normal tracking, SGR): click the text itself.
  await app.click('src/screen.ts')
  await expect(app).toShowOnScreen('Opened src/screen.ts')
  await expect(app).toShowOnScreen('src/screen.ts', { inverse: true })
  await app.mouse({ action: 'wheel', button: 'up', x: 10, y: 5 })
  await expect(app).toShowOnScreen('src/index.ts', { inverse: true })
  await app.press('q')
  await expect(app).toHaveExited({ code: 0 })
})

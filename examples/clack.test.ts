// @clack/prompts: a project wizard (examples/apps/clack.ts) with text,
// select, multiselect and a spinner; Ctrl-C cancels with a message.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { vi } from 'vitest'
import { test, expect } from 'tmuxpect/vitest'
import { ROOT, STARTUP, appCommand } from './apps/command.js'

// The app's start-up can take most of a minute on a busy machine (see STARTUP).
vi.setConfig({ testTimeout: 120_000 })

/** The file whose appearance ends the wizard's "install" step, in a fresh directory removed when the test ends. */
function readyFile(onTestFinished: (fn: () => void) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'tmuxpect-clack-'))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  return join(dir, 'installed')
}

test('Clack: text, select, multiselect, a spinner until the work is done', async ({ tmux, onTestFinished }) => {
  const ready = readyFile(onTestFinished)
  const app = await tmux.spawn(appCommand('clack.ts', ready), { cwd: ROOT })

  await expect(app).toShowOnScreen('Project name?', STARTUP)
  // A name the validator refuses, then a good one.
  await app.submit('My App')
  await expect(app).toShowOnScreen('Use lower case letters, digits and -')
  await app.press(...Array<string>(6).fill('BSpace'))
  await app.submit('my-app')

  // select: ● marks the active option.
  await expect(app).toShowOnScreen('Language?')
  await expect(app).toShowOnScreen('● TypeScript')
  await app.press('Down')
  await expect(app).toShowOnScreen('● JavaScript')
  await app.press('Enter')

  // multiselect: space ticks the option under the cursor.
  await expect(app).toShowOnScreen('Tools?')
  await app.press('Space', 'Down', 'Down', 'Space')
  await expect(app).toShowOnScreen('◼ Prettier')
  await app.press('Enter')

  // The spinner spins until the work is done: here, until the test says so.
  await expect(app).toShowOnScreen('Installing dependencies')
  const spinning = await app.screen()
  await app.waitFor((screen) => screen.text !== spinning.text)
  await expect(app).not.toHaveExited()
  writeFileSync(ready, '')
  await expect(app).toShowOnScreen('Dependencies installed')
  await expect(app).toShowOnScreen('Created my-app (js) with vitest, prettier')
  await expect(app).toHaveExited({ code: 0 })
})

test('Clack: Ctrl-C cancels with a message and exit code 130', async ({ tmux, onTestFinished }) => {
  const ready = readyFile(onTestFinished)
  const app = await tmux.spawn(appCommand('clack.ts', ready), { cwd: ROOT })
  await expect(app).toShowOnScreen('Project name?', STARTUP)
  await app.type('half-typed')
  await expect(app).toShowOnScreen('half-typed')
  await app.press('C-c')
  await expect(app).toShowOnScreen('Setup cancelled.')
  await expect(app).toHaveExited({ code: 130 })
})

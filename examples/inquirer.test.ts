// @inquirer/prompts: select, checkbox, password, input with validation,
// confirm — one questionnaire (examples/apps/inquirer.ts) answered key by
// key, each key sent once the prompt it is for is on the screen.
import { vi } from 'vitest'
import { test, expect } from 'tmuxpect/vitest'
import { ROOT, STARTUP, appCommand } from './apps/command.js'

// The app's start-up can take most of a minute on a busy machine (see STARTUP).
vi.setConfig({ testTimeout: 120_000 })

test('Inquirer: every kind of prompt answered, the answers printed, exit 0', async ({ tmux }) => {
  const app = await tmux.spawn(appCommand('inquirer.ts'), { cwd: ROOT })

  // select: the highlighted choice carries the ❯ pointer.
  await expect(app).toShowOnScreen('? Framework', STARTUP)
  await expect(app).toShowOnScreen(/^❯ Ink$/m)
  await app.press('Down', 'Down')
  await expect(app).toShowOnScreen(/^❯ Clack$/m)
  await app.press('Up')
  await expect(app).toShowOnScreen(/^❯ Inquirer$/m)
  // Where the pointer is: the second choice, on the row under the question.
  expect((await app.screen()).find('❯')).toEqual([{ y: 2, x: 0, text: '❯', width: 1 }])
  await app.press('Enter')
  await expect(app).toShowOnScreen('✔ Framework Inquirer')

  // checkbox: `a` toggles all, space toggles the one under the pointer.
  await expect(app).toShowOnScreen(/^❯◯ TypeScript$/m)
  await app.press('a')
  await expect(app).toShowOnScreen(/^ ◉ Tests$/m)
  await app.press('Down', 'Space')
  await expect(app).toShowOnScreen(/^❯◯ ESLint$/m)
  await app.press('Enter')
  await expect(app).toShowOnScreen('✔ Features TypeScript, Tests')

  // password: nothing of what is typed shows, not even a mask.
  await expect(app).toShowOnScreen('? API token')
  await app.type('s3cret-token')
  await app.press('Enter')
  await expect(app).toShowOnScreen('✔ API token')
  await expect(app).not.toShowOnScreen('s3cret')

  // input with validation: a bad port is refused with a message, then retried.
  await expect(app).toShowOnScreen('? Port (3000)')
  await app.submit('99999')
  await expect(app).toShowOnScreen('> Enter a port between 1 and 65535')
  // The bad answer stays in the field: clear it as a person would.
  await app.press(...Array<string>(5).fill('BSpace'))
  await expect(app).not.toShowOnScreen('99999')
  await app.submit('8080')
  await expect(app).toShowOnScreen('✔ Port 8080')

  // confirm: y and Enter.
  await expect(app).toShowOnScreen('? Create the project? (Y/n)')
  await app.submit('y')

  await expect(app).toShowOnScreen('{"framework":"inquirer","features":["typescript","tests"],"tokenLength":12,"port":8080,"ok":true}')
  await expect(app).toHaveExited({ code: 0 })
})

test('Inquirer: "no" at the confirm exits 1, Ctrl-C at a prompt exits 130', async ({ tmux }) => {
  const app = await tmux.spawn(appCommand('inquirer.ts'), { cwd: ROOT })
  await expect(app).toShowOnScreen('? Framework', STARTUP)
  await app.press('Enter')
  await expect(app).toShowOnScreen('? Features')
  await app.press('Enter')
  await expect(app).toShowOnScreen('? API token')
  await app.press('Enter')
  await expect(app).toShowOnScreen('? Port (3000)')
  await app.press('Enter')
  await expect(app).toShowOnScreen('✔ Port 3000')
  await expect(app).toShowOnScreen('? Create the project? (Y/n)')
  await app.submit('n')
  await expect(app).toShowOnScreen('"features":[],"tokenLength":0,"port":3000,"ok":false}')
  await expect(app).toHaveExited({ code: 1 })

  await app.restart()
  await expect(app).toShowOnScreen('? Framework', STARTUP)
  await app.press('C-c')
  await expect(app).toShowOnScreen(/^Cancelled\.$/m)
  await expect(app).toHaveExited({ code: 130 })
})

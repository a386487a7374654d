import { createRequire } from 'node:module'
import { test, expect } from 'tmuxpect/vitest'

test('runs on the Node and vitest this project was made for', () => {
  const vitest = createRequire(import.meta.url)('vitest/package.json') as { version: string }
  expect(`node ${process.versions.node.split('.')[0]}, vitest ${vitest.version.split('.')[0]}`).toBe(
    `node ${process.env.COMPAT_NODE}, vitest ${process.env.COMPAT_VITEST}`,
  )
})

test('python evaluates', async ({ tmux }) => {
  const py = await tmux.spawn(['python3', '-q'])
  await expect(py).toShowOnScreen('>>>')
  await py.submit('6 * 7')
  // The next prompt, before C-d: a key sent while python is still busy can be lost as readline takes the terminal back.
  await expect(py).toShowOnScreen(/^42\n>>> $/m)
  await py.press('C-d')
  await expect(py).toHaveExited({ code: 0 })
})

test('a failed wait names what it waited for and shows the framed screen and the attach line', async ({ tmux }) => {
  const py = await tmux.spawn(['python3', '-q'], { name: 'compat-wrong-answer' })
  await expect(py).toShowOnScreen('>>>')
  await py.submit('6 * 7')
  await expect(py).toShowOnScreen(/^42\n>>> $/m)
  const error: unknown = await expect(py)
    .toShowOnScreen(/^43$/m, { timeout: 300 })
    .then(() => undefined, (failure: unknown) => failure)
  expect(error).toBeInstanceOf(Error)
  const message = (error as Error).message
  expect(message).toContain('expect(session).toShowOnScreen(expected)')
  expect(message).toContain('Expected: /^43$/m')
  expect(message).toMatch(/^Screen \(80×24\b/m)
  expect(message).toMatch(/^ +2 │42 +│$/m)
  expect(message).toContain(py.attachCommand())
  await expect(py).not.toShowOnScreen('43')
})

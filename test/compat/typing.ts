// Type-checked (tsc --noEmit, strict) and never run: the matchers are typed
// on vitest's expect, .not included, and wrong arguments are errors.
import { expect, test } from 'tmuxpect/vitest'
import type { Screen, Session } from 'tmuxpect'

test('typing', async ({ tmux }) => {
  const session: Session = await tmux.spawn(['python3', '-q'], { cols: 100, rows: 30 })
  await expect(session).toShowOnScreen('>>>')
  await expect(session).toShowOnScreen(/^\d+$/m, { timeout: 1000 })
  await expect(session).not.toShowOnScreen('Traceback')
  await expect(session).toHaveExited({ code: 0 })
  await expect(session).not.toHaveExited()
  await expect(session).toHaveCursorAt(0, 1)
  const screen: Screen = await session.screen()
  expect(screen).toShowOnScreen('>>>')
  expect(screen.lines.length).toBe(30)
  await expect(session).toMatchScreenshot('prompt', { theme: 'light', timeout: 1000 })
  await expect(session).toMatchScreenshot({ theme: { extends: 'dark', red: '#ff0000' } })
  const svg: string = await session.screenshot({ path: 'shots/prompt.svg' })
  expect(svg.startsWith('<svg')).toBe(true)
  expect(screen.toSVG({ theme: 'dark' })).toContain('<svg')
  // @ts-expect-error a theme is 'dark', 'light' or a palette object
  await session.screenshot({ theme: 'sepia' })
  // @ts-expect-error a golden's name is a string
  await expect(session).toMatchScreenshot(42)
  // @ts-expect-error timeout is a number of milliseconds
  await expect(session).toShowOnScreen('>>>', { timeout: '5s' })
  // @ts-expect-error a pattern is a string or a RegExp
  await expect(session).toShowOnScreen(42)
  // @ts-expect-error no such matcher
  await expect(session).toShowOnScren('>>>')
})

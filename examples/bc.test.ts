// bc, the arbitrary-precision calculator: a program with no prompt at all.
import { test, expect } from 'tmuxpect/vitest'

test('bc computes to any precision', async ({ tmux }) => {
  // -q: no banner; -l: the math library (a() is arctangent) and scale=20.
  const bc = await tmux.spawn(['bc', '-q', '-l'])

  // bc shows no prompt, so there is nothing to wait for before typing: the
  // terminal holds the input until bc reads it.
  await bc.submit('scale = 50')
  await bc.submit('4 * a(1)')
  // Anchor the answer to a whole row: the typed line is on the screen too.
  await expect(bc).toShowOnScreen(/^3\.14159265358979323846264338327950288419716939937508$/m)

  await bc.submit('x = 7; x * 6')
  await expect(bc).toShowOnScreen(/^42$/m)

  await bc.submit('quit')
  await expect(bc).toHaveExited({ code: 0 })
})

test('bc prints a number wider than the terminal', async ({ tmux }) => {
  // BC_LINE_LENGTH=0 stops bc from breaking long numbers with a backslash,
  // so the terminal wraps the row instead.
  const bc = await tmux.spawn(['bc', '-q'], { env: { BC_LINE_LENGTH: '0' } })
  await bc.submit('2 ^ 400')

  // 121 digits take two rows of an 80-column screen, yet a string pattern
  // matches the whole number: soft-wrapped rows are joined before matching.
  const expected = (2n ** 400n).toString()
  await expect(bc).toShowOnScreen(expected)
  const screen = await bc.screen()
  expect(screen.lines).toContain(expected.slice(0, 80))

  // quit, not Ctrl-D: bc has no prompt to show that its line editor is
  // reading again, and a Ctrl-D that arrives while bc is still busy is taken
  // as a stray byte, not the end of input. Typed text waits until read.
  await bc.submit('quit')
  await expect(bc).toHaveExited({ code: 0 })
})

test('bc reports an error and keeps going', async ({ tmux }) => {
  const bc = await tmux.spawn(['bc', '-q'])
  await bc.submit('1 / 0')
  await expect(bc).toShowOnScreen('Divide by zero')

  await bc.submit('10 / 4')
  // Without -l the scale is 0: integer division.
  await expect(bc).toShowOnScreen(/^2$/m)
  await bc.submit('quit')
  await expect(bc).toHaveExited({ code: 0 })
})

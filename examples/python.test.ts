import { test, expect } from 'tmuxpect/vitest'

test('python evaluates', async ({ tmux }) => {
  const py = await tmux.spawn(['python3', '-q'])
  await expect(py).toShowOnScreen('>>>')
  await py.submit('6 * 7')
  await expect(py).toShowOnScreen(/^42$/m)
  await py.press('C-d')
  await expect(py).toHaveExited({ code: 0 })
})

test('python reports an exception and keeps going', async ({ tmux }) => {
  const py = await tmux.spawn(['python3', '-q'])
  await expect(py).toShowOnScreen('>>>')
  await py.submit('1 / 0')
  await expect(py).toShowOnScreen('ZeroDivisionError: division by zero')
  await py.submit('print("still here")')
  await expect(py).toShowOnScreen(/^still here$/m)
  await py.submit('exit(3)')
  await expect(py).toHaveExited({ code: 3 })
})

// The Python REPL: the example from the README, and what happens after an error.
import { test, expect } from 'tmuxpect/vitest'

test('python evaluates', async ({ tmux }) => {
  const py = await tmux.spawn(['python3', '-q'])
  await expect(py).toShowOnScreen('>>>')
  await py.submit('6 * 7')
  // The answer on a row of its own (the typed ">>> 6 * 7" is on screen too),
  // then the next prompt. Wait for that prompt before pressing a control key:
  // while python is busy the terminal is in line-at-a-time mode, and a Ctrl-D
  // arriving then is no end of input but a stray byte for the line editor.
  // The prompt is drawn once the line editor reads keys again.
  await expect(py).toShowOnScreen(/^42\n>>> $/m)
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
  // Typed text is never lost that way: it waits in the terminal until read.
  await py.submit('exit(3)')
  await expect(py).toHaveExited({ code: 3 })
})

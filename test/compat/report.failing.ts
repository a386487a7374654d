// Fails on purpose: .ci/compat checks that the fixture prints the session's
// story and writes its final screen under tmuxpect-results/.
import { test, expect } from 'tmuxpect/vitest'

test('python shows the wrong answer', async ({ tmux }) => {
  const py = await tmux.spawn(['python3', '-q'], { name: 'compat-report' })
  await expect(py).toShowOnScreen('>>>')
  await py.submit('6 * 7')
  await expect(py).toShowOnScreen(/^43$/m, { timeout: 300 })
})

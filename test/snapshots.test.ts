/**
 * Screens in snapshots: `expect(screen).toMatchSnapshot()` and inline
 * snapshots store a readable frame, the same on every run (no session
 * names, sockets or times in it).
 */
import { expect as vitestExpect } from 'vitest'
import type { Session } from 'tmuxpect'
import { screenSerializer } from 'tmuxpect/matchers'
import { expect, test } from 'tmuxpect/vitest'

async function pythonSession(tmux: { spawn: (command: string[], options?: object) => Promise<Session> }, name?: string) {
  const py = await tmux.spawn(['python3', '-q'], { cols: 30, rows: 5, ...(name ? { name } : {}) })
  await expect(py).toShowOnScreen('>>>')
  await py.submit('round(22 / 7, 3)')
  await expect(py).toShowOnScreen(/^3.143\n>>> $/m)
  return py
}

test('a screen in a file snapshot', async ({ tmux }) => {
  const py = await pythonSession(tmux)
  vitestExpect(await py.screen()).toMatchSnapshot()
})

test('a screen in an inline snapshot', async ({ tmux }) => {
  const py = await pythonSession(tmux)
  vitestExpect(await py.screen()).toMatchInlineSnapshot(`
    Screen (30×5, cursor ▸ at row 3, column 5, i.e. x=4 y=2):
        ┌──────────────────────────────┐
      1 │>>> round(22 / 7, 3)          │
      2 │3.143                         │
    ▸ 3 │>>>                           │
      4 │                              │
      5 │                              │
        └────▲─────────────────────────┘
  `)
})

test('the same screen in two sessions, at two times, stores the same snapshot', async ({ tmux }) => {
  const first = await pythonSession(tmux, 'snapshot-first')
  const second = await pythonSession(tmux, 'snapshot-second-with-another-name')
  await second.resize(30, 5)
  const [a, b] = [await first.screen(), await second.screen()]
  const stored = screenSerializer.serialize(a)
  vitestExpect(screenSerializer.serialize(b)).toBe(stored)
  vitestExpect(stored).not.toMatch(/snapshot-first|tmuxpect-\d+|\d+ ms/)
})

test('a styled screen stores its coloured runs under the frame', async ({ tmux }) => {
  const app = await tmux.spawn(['sh', '-c', "printf 'tests: \\033[1;32m12 passed\\033[0m, \\033[1;31m1 failed\\033[0m\\n'; exec cat"], { cols: 32, rows: 3 })
  await expect(app).toShowOnScreen('1 failed', { fg: 'red' })
  vitestExpect(await app.screen({ styles: true })).toMatchInlineSnapshot(`
    Screen (32×3, cursor ▸ at row 2, column 1, i.e. x=0 y=1):
        ┌────────────────────────────────┐
      1 │tests: 12 passed, 1 failed      │
    ▸ 2 │                                │
      3 │                                │
        └▲───────────────────────────────┘
    Styles:
      row 1, columns 8–16 "12 passed": fg green, bold
      row 1, columns 19–26 "1 failed": fg red, bold
  `)
})

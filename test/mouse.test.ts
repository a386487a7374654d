/**
 * session.click and session.mouse on real programs: a reporter of ours
 * that prints every read (test/fixtures/mouse/report.mjs) in each mode a
 * program can ask for, vim with `set mouse=a`, and htop (installed by
 * .ci/setup). (An Ink app clicked:
 * examples/ink.test.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, vi } from 'vitest'
import { MouseNotEnabledError, OptionError, type Session } from 'tmuxpect'
import { test, expect } from 'tmuxpect/vitest'

const REPORT = fileURLToPath(new URL('./fixtures/mouse/report.mjs', import.meta.url))

/** The reads the reporter printed, in order. */
async function reads(session: Session, count: number): Promise<string[]> {
  const screen = await session.waitFor((screen) => screen.lines.filter((line) => line.startsWith('read ')).length >= count)
  return screen.lines.filter((line) => line.startsWith('read ')).map((line) => line.replace(/^read \d+: /, ''))
}

describe('click sends press and release, each read on its own, in the encoding the program asked for', () => {
  test.for([
    ['X10 (1000)', ['1000'], ['ESC[M<20>%#', 'ESC[M#%#']],
    ['UTF-8 (1005)', ['1000', '1005'], ['ESC[M<20>%#', 'ESC[M#%#']],
    ['SGR (1006)', ['1000', '1006'], ['ESC[<0;5;3M', 'ESC[<0;5;3m']],
    ['button-event SGR (1002 + 1006)', ['1002', '1006'], ['ESC[<0;5;3M', 'ESC[<0;5;3m']],
    ['any-event SGR (1003 + 1006)', ['1003', '1006'], ['ESC[<0;5;3M', 'ESC[<0;5;3m']],
  ] as const)('%s', async ([, modes, expected], { tmux }) => {
    const app = await tmux.spawn(['node', REPORT, ...modes])
    await expect(app).toShowOnScreen(`ready ${modes.join(',')}`)
    await app.click(4, 2)
    expect(await reads(app, 2)).toEqual(expected)
  })
})

test.for([['/proc'], ['no /proc (TMUXPECT_NO_PROC=1, as on macOS)']] as const)(
  'a program busy between its reads still reads the press and the release apart (%s)',
  async ([how], { tmux }) => {
    vi.stubEnv('TMUXPECT_NO_PROC', how === '/proc' ? '' : '1')
    const app = await tmux.spawn(['node', REPORT, '1000', '1006'], { env: { REPORT_PAUSE_MS: '150' } })
    await expect(app).toShowOnScreen('ready 1000,1006')
    // After reading "x" the program is blocked for 150 ms: the click arrives
    // meanwhile, and the release must wait until the press has been read.
    await app.type('x')
    await expect(app).toShowOnScreen('read 1: x')
    await app.click(4, 2)
    expect(await reads(app, 3)).toEqual(['x', 'ESC[<0;5;3M', 'ESC[<0;5;3m'])
  },
)

test('a text is clicked at its middle, once it shows; the button and modifiers go with it', async ({ tmux }) => {
  const app = await tmux.spawn(['node', REPORT, '1000', '1006'])
  // "ready" covers columns 0–4 of row 0: its middle is column 2.
  await app.click('ready', { button: 'right', modifiers: ['ctrl'] })
  expect(await reads(app, 2)).toEqual(['ESC[<18;3;1M', 'ESC[<18;3;1m'])
})

test('mouse(): drag and wheel under button-event tracking; move needs any-event tracking', async ({ tmux }) => {
  const app = await tmux.spawn(['node', REPORT, '1002', '1006'])
  await expect(app).toShowOnScreen('ready 1002,1006')
  await app.mouse({ action: 'press', x: 1, y: 1 })
  await app.mouse({ action: 'drag', x: 3, y: 1 })
  await app.mouse({ action: 'release', x: 3, y: 1 })
  await app.mouse({ action: 'wheel', button: 'down', x: 0, y: 0 })
  expect(await reads(app, 4)).toEqual(['ESC[<0;2;2M', 'ESC[<32;4;2M', 'ESC[<0;4;2m', 'ESC[<65;1;1M'])
  await expect(app.mouse({ action: 'move', x: 2, y: 2 })).rejects.toThrow(/only under any-event tracking \(1003\)/)
})

test('a program that has not turned the mouse on: MouseNotEnabledError, nothing sent', async ({ tmux }) => {
  const app = await tmux.spawn(['node', REPORT])
  await expect(app).toShowOnScreen('ready no mouse')
  const error = await app.click(4, 2).catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(MouseNotEnabledError)
  expect(error).toMatchObject({ mode: { tracking: 'none' }, event: { action: 'press', x: 4, y: 2 } })
  expect(String(error)).toMatch(/the program has not turned the mouse on \(no mode 1000, 1002 or 1003\)/)
  // Normal tracking reports no drags.
  const clicks = await tmux.spawn(['node', REPORT, '1000'])
  await expect(clicks).toShowOnScreen('ready 1000')
  await expect(clicks.mouse({ action: 'drag', x: 1, y: 1 })).rejects.toThrow(MouseNotEnabledError)
  await app.press('q')
  await expect(app).toHaveExited({ code: 0 })
  expect((await app.screen()).contains('read ')).toBe(false)
})

test('bad input is an OptionError naming it; a cell outside the screen too', async ({ tmux }) => {
  const app = await tmux.spawn(['node', REPORT, '1000', '1006'], { cols: 40, rows: 10 })
  await expect(app).toShowOnScreen('ready')
  await expect(app.click(40, 0)).rejects.toThrow(/x=40 y=0 is outside the 40×10 screen/)
  await expect(app.click(-1, 0)).rejects.toThrow(OptionError)
  await expect(app.click(1, 1, { button: 'side' } as never)).rejects.toThrow(/button must be 'left', 'middle' or 'right', got "side"/)
  await expect(app.mouse({ action: 'tap', x: 1, y: 1 } as never)).rejects.toThrow(/action must be one of/)
  await expect(app.click('never shown', { timeout: 200 })).rejects.toThrow(/"never shown" to click on/)
})

test('vim with set mouse=a: a click moves the cursor there, the wheel scrolls', async ({ tmux }) => {
  const lines = Array.from({ length: 100 }, (_, index) => `line ${index + 1}`).join('\n')
  const vim = await tmux.spawn(['vim', '-N', '-u', 'NONE', '-i', 'NONE', '-n', '-c', 'set mouse=a', '-c', `call setline(1, split("${lines}", "\\n"))`])
  await expect(vim).toShowOnScreen(/^line 23$/m)
  await vim.click(3, 5)
  await expect(vim).toHaveCursorAt(3, 5)
  await vim.click('line 12')
  await expect(vim).toHaveCursorAt(3, 11)
  await vim.mouse({ action: 'wheel', button: 'down', x: 0, y: 0 })
  await vim.waitFor((screen) => screen.lines[0] !== 'line 1')
  await vim.press('Escape', ':', 'q', '!', 'Enter')
  await expect(vim).toHaveExited({ code: 0 })
})

test('htop: a click on its function bar opens help, another quits', async ({ tmux, onTestFinished }) => {
  // htop writes its settings under HOME on exit: give it an empty one.
  const home = mkdtempSync(join(tmpdir(), 'tmuxpect-htop-'))
  onTestFinished(() => rmSync(home, { recursive: true, force: true }))
  const htop = await tmux.spawn(['htop'], { env: { HOME: home } })
  await expect(htop).toShowOnScreen(/F1Help .*F10Quit/)
  await htop.click('Help')
  await expect(htop).toShowOnScreen("See 'man' page for more info.")
  await htop.press('Enter')
  await expect(htop).toShowOnScreen(/F1Help .*F10Quit/)
  await htop.click('Quit')
  await expect(htop).toHaveExited({ code: 0 })
})

/**
 * A lone Escape reaches the program as a key of its own (escapeDelay), on a
 * real raw-mode reader with a 125 ms escape timeout, as TUI libraries have.
 */
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect as plainExpect } from 'vitest'
import { test, expect } from 'tmuxpect/vitest'
import { OptionError, configure } from 'tmuxpect'

const reader = fileURLToPath(new URL('./fixtures/keys/escape-reader.py', import.meta.url))

afterEach(() => configure({ escapeDelay: 150 }))

describe('escapeDelay', () => {
  test('Escape then q in one press: Escape, then q', async ({ tmux }) => {
    const session = await tmux.spawn(['python3', reader, '125'])
    await expect(session).toShowOnScreen('READY')
    await session.press('Escape', 'q')
    await expect(session).toShowOnScreen(/^1 Escape\n2 key q \(\d+ ms after Escape\)$/m)
  })

  test('across calls: press Escape, then press or type', async ({ tmux }) => {
    const session = await tmux.spawn(['python3', reader, '125'])
    await expect(session).toShowOnScreen('READY')
    await session.press('Escape')
    await session.press('q')
    await session.press('Escape')
    await session.type('w')
    await expect(session).toShowOnScreen(/^1 Escape\n2 key q .*\n3 Escape\n4 key w /m)
  })

  test("M-q stays Alt+q, and escapeDelay 0 sends Escape and q together (the program reads Alt+q)", async ({ tmux }) => {
    const session = await tmux.spawn(['python3', reader, '125'])
    await expect(session).toShowOnScreen('READY')
    await session.press('M-q')
    await session.press('Escape', 'x', { escapeDelay: 0 })
    await expect(session).toShowOnScreen(/^1 Alt\+q\n2 Alt\+x$/m)
  })

  test('configure({ escapeDelay }) sets it for every press; a longer escape timeout needs a longer delay', async ({ tmux }) => {
    // A program that waits 400 ms after Escape (node's readline waits 500).
    configure({ escapeDelay: 450 })
    const session = await tmux.spawn(['python3', reader, '400'])
    await expect(session).toShowOnScreen('READY')
    await session.press('Escape', 'q')
    await expect(session).toShowOnScreen(/^1 Escape\n2 key q /m)
  })

  test('a bad escapeDelay is an OptionError naming it', async ({ tmux }) => {
    plainExpect(() => configure({ escapeDelay: -1 })).toThrow(/escapeDelay must be a number of milliseconds, 0 or more \(0 turns it off\), got -1/)
    const session = await tmux.spawn(['cat'])
    await plainExpect(session.press('Escape', { escapeDelay: '1s' } as never)).rejects.toThrow(OptionError)
    await plainExpect(session.press('Escape', { escapDelay: 1 } as never)).rejects.toThrow(/press options has no option "escapDelay"/)
    plainExpect(() => session.type('x', { escapeDelay: null } as never)).toThrow(OptionError)
  })
})

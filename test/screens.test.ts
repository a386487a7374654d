/**
 * Screens as a person sees them, on real programs: line drawing reads as
 * lines, the trailing-space rule, the cursor's visibility and the alternate
 * screen, and waits that read styles.
 */
import { describe, expect as plainExpect, test as unitTest } from 'vitest'
import { test, expect } from 'tmuxpect/vitest'
import { Screen, TmuxServer } from 'tmuxpect'
import { readLogicalLines, readLogicalText, readRows } from '../src/screen-text.js'
import { TerminalModes } from '../src/terminal-modes.js'
import { Pane } from '../src/pane.js'
import { trailingWhitespaceNote } from '../src/report.js'

const BOX = String.raw`printf '\033(0lqqk\033(B\n\033(0x\033(Bhi\033(0x\033(B\n\033(0mqqj\033(B\n'; sleep 30`

describe('line drawing (DEC special graphics) reads as lines', () => {
  test('in text, lines, styles, failure frames and snapshots', async ({ tmux }) => {
    const session = await tmux.spawn(BOX, { cols: 20, rows: 4 })
    await expect(session).toShowOnScreen('┌──┐\n│hi│\n└──┘')
    const screen = await session.screen({ styles: true })
    plainExpect(screen.lines.slice(0, 3)).toEqual(['┌──┐', '│hi│', '└──┘'])
    plainExpect(screen.cellAt(0, 0)?.char).toBe('┌')
    plainExpect(screen.cellAt(3, 2)?.char).toBe('┘')
    plainExpect(screen.find('│hi│')[0]).toMatchObject({ x: 0, y: 1 })
    const failure = await expect(session).toShowOnScreen('lqqk', { timeout: 200 }).then(
      () => undefined,
      (error: Error) => error.message,
    )
    plainExpect(failure).toContain('│┌──┐                │')
    plainExpect(screen).toMatchInlineSnapshot(`
      Screen (20×4, cursor ▸ at row 4, column 1, i.e. x=0 y=3):
          ┌────────────────────┐
        1 │┌──┐                │
        2 ││hi│                │
        3 │└──┘                │
      ▸ 4 │                    │
          └▲───────────────────┘
      Styles: none
    `)
  })

  test("a curses program's box (python's curses module, through the terminfo entry)", async ({ tmux }) => {
    const program = [
      'import curses',
      'def main(stdscr):',
      '    curses.curs_set(0)',
      '    win = curses.newwin(4, 12, 0, 0)',
      '    win.box()',
      '    win.addstr(1, 2, "curses")',
      '    win.refresh()',
      '    win.getch()',
      'curses.wrapper(main)',
      // lingers after restoring the terminal: tmux may drop the %output of a pane that dies at once (docs/tmux-quirks.md)
      'import time; time.sleep(0.1)',
    ].join('\n')
    const session = await tmux.spawn(['python3', '-c', program], { cols: 30, rows: 6 })
    await expect(session).toShowOnScreen('┌──────────┐\n│ curses   │')
    await expect(session).toShowOnScreen('└──────────┘')
    const screen = await session.screen()
    plainExpect(screen.alternate).toBe(true)
    plainExpect(screen.cursor.visible).toBe(false)
    await session.press('q')
    await expect(session).toHaveExited({ code: 0 })
    // curses.wrapper put the terminal back: main screen, cursor shown
    const final = await session.screen()
    plainExpect(final.alternate).toBe(false)
    await expect(session).toHaveCursorVisible()
  })
})

describe('trailing spaces: before the cursor on its row, and styled ones, are text', () => {
  test('a prompt that ends in a space', async ({ tmux }) => {
    const session = await tmux.spawn('printf "ops> "; sleep 30')
    await expect(session).toShowOnScreen('ops> ')
    await expect(session).toShowOnScreen(/^ops> $/m)
    plainExpect((await session.screen()).lines[0]).toBe('ops> ')
  })

  test("a look that sees a prompt's space asks where the cursor is before it answers", async ({ tmux }) => {
    // The session's first looks are one capture each (no line ends in
    // blanks); the one that sees "ops> " must not answer from the capture
    // alone, which would drop the space and match a prompt without it.
    const session = await tmux.spawn('printf "ops> "; sleep 30')
    const failure = await expect(session).toShowOnScreen(/^ops>$/m, { timeout: 300 }).then(
      () => undefined,
      (error: Error) => error.message,
    )
    plainExpect(failure).toMatch(/until the timeout \(300 ms\)/)
    await expect(session).toShowOnScreen(/^ops> $/m)
  })

  test('written spaces elsewhere are not text; styled ones are', async ({ tmux }) => {
    const session = await tmux.spawn(String.raw`printf 'plain   \nbar\033[41m   \033[0m\n> '; sleep 30`)
    await expect(session).toShowOnScreen('bar   \n> ')
    const screen = await session.screen()
    plainExpect(screen.lines.slice(0, 3)).toEqual(['plain', 'bar   ', '> '])
    plainExpect(screen.text).toBe('plain\nbar   \n> ')
  })

  test('a failure that differs only in trailing whitespace says so', async ({ tmux }) => {
    const session = await tmux.spawn(String.raw`printf 'ready  \n$ '; sleep 30`)
    await expect(session).toShowOnScreen('$ ')
    const failure = await expect(session).toShowOnScreen('ready  ', { timeout: 200 }).then(
      () => undefined,
      (error: Error) => error.message,
    )
    plainExpect(failure).toMatch(/Note: +the screen differs from the expected text only in trailing whitespace/)
    const other = await expect(session).toShowOnScreen('steady', { timeout: 200 }).then(
      () => undefined,
      (error: Error) => error.message,
    )
    plainExpect(other).not.toContain('Note:')
  })

  unitTest('the rule, as pure functions', () => {
    const rows = readRows(['ops> ', 'x  ', '\u001b[41m  \u001b[49m'], 10, { x: 5, y: 0, visible: true })
    plainExpect(rows.lines).toEqual(['ops> ', 'x', '  '])
    plainExpect(rows.cells[1]).toHaveLength(10)
    // a colour filled to the row's edge is the background (curses paints white on black)
    plainExpect(readRows(['\u001b[37;40mab   '], 5).lines).toEqual(['ab'])
    plainExpect(readRows(['\u001b[37;40mab \u001b[0m  '], 5).lines).toEqual(['ab '])
    // the cursor hidden: its spaces are not kept
    plainExpect(readRows(['ops> '], 10, { x: 5, y: 0, visible: false }).lines).toEqual(['ops>'])
    // a logical line over two rows: the cursor on the second row, after a space
    plainExpect(readLogicalLines(['abcdefghij', 'k '], 5, { x: 2, y: 2, visible: true })).toEqual(['abcdefghij', 'k '])
    plainExpect(readLogicalLines(['abcdefghij', 'k '], 5, { x: 2, y: 1, visible: true })).toEqual(['abcdefghij', 'k'])
    // whether the cursor can decide anything: only when a line ends in blanks the rule drops
    plainExpect(readLogicalText(['READY', 'k0000001z', ''], 80).cursorMatters).toBe(false)
    plainExpect(readLogicalText(['ops> '], 80).cursorMatters).toBe(true)
    plainExpect(readLogicalText(['ops> '], 80)).toEqual({ lines: ['ops>'], cursorMatters: true })
    plainExpect(readLogicalText(['\u001b[41mred\u001b[0m'], 80).cursorMatters).toBe(false)
    plainExpect(readLogicalText(['\u001b[41mred\u001b[0m  '], 80).cursorMatters).toBe(true)
    // a band of colour that ends before the edge is text whatever the cursor
    plainExpect(readLogicalText(['x\u001b[41m  \u001b[49m'], 10).cursorMatters).toBe(false)
    plainExpect(trailingWhitespaceNote('a  ', 'a\nb')).toMatch(/only in trailing whitespace/)
    plainExpect(trailingWhitespaceNote(/^a$/m, 'a \nb')).toMatch(/only in trailing whitespace/)
    plainExpect(trailingWhitespaceNote('c', 'a\nb')).toBeUndefined()
  })
})

describe('a screen with no styles is captured without escapes, until the program draws some', () => {
  // A capture with -e costs tmux about three times the work; until a
  // program's output holds a style or line drawing, its screen cannot
  // hold any, and the text is the same without them.
  test('styled spaces drawn after plain looks are text', async ({ tmux }) => {
    const session = await tmux.spawn(String.raw`echo plain; read x; printf 'bar\033[41m   \033[0m\n'; sleep 30`)
    await expect(session).toShowOnScreen('plain')
    await session.submit('go')
    await expect(session).toShowOnScreen(/^bar {3}$/m)
    plainExpect((await session.screen()).lines).toContain('bar   ')
  })

  test('line drawing drawn after plain looks reads as lines', async ({ tmux }) => {
    const session = await tmux.spawn(String.raw`echo plain; read x; printf '\033(0lqqk\033(B\n'; sleep 30`)
    await expect(session).toShowOnScreen('plain')
    await session.submit('go')
    await expect(session).toShowOnScreen('┌──┐')
  })

  test('a session found running, styled before this handle listened, is read with its styles', async ({ tmux }) => {
    const drawn = await tmux.spawn(String.raw`printf 'bar\033[41m   \033[0m\n'; sleep 30`, { name: 'drawn-before' })
    await expect(drawn).toShowOnScreen(/^bar {3}$/m)
    const other = await TmuxServer.connect(tmux.server.socket)
    try {
      const [found] = (await other.sessions()).filter((session) => session.name === 'drawn-before')
      await expect(found!).toShowOnScreen(/^bar {3}$/m, { timeout: 2000 })
    } finally {
      await other.close()
    }
  })

  unitTest('what counts as drawing styles, from the output stream', () => {
    const styledAfter = (...chunks: string[]) => {
      const modes = new TerminalModes()
      for (const chunk of chunks) modes.feed(Buffer.from(`%output %1 ${chunk}`, 'latin1'), 11)
      return modes.styled
    }
    plainExpect(styledAfter('plain text\\015\\012')).toBe(false)
    // modes, cursor moves and erasing draw no style
    plainExpect(styledAfter(String.raw`\033[?2004h\033[2J\033[H\033[K>>> \033[?25l`)).toBe(false)
    plainExpect(styledAfter(String.raw`\033[1;31mred\033[0m`)).toBe(true)
    plainExpect(styledAfter(String.raw`\033[m`)).toBe(true)
    plainExpect(styledAfter(String.raw`\033(0lqk\033(B`)).toBe(true)
    plainExpect(styledAfter(String.raw`\033)0`)).toBe(true)
    // cut between two %output lines
    plainExpect(styledAfter(String.raw`text \033[38;2;25`, String.raw`5;136;0mX`)).toBe(true)
    plainExpect(styledAfter(String.raw`text \033`, String.raw`(0q`)).toBe(true)
    // cut where it is too long to carry: assumed
    plainExpect(styledAfter(String.raw`text \033[38;2;255;136;0;48;2;10;20;30;1;4`)).toBe(true)
    const reset = new TerminalModes()
    reset.assumeStyled()
    reset.reset()
    plainExpect(reset.styled).toBe(true)
  })

  unitTest('the capture a look asks for', async () => {
    const sent: string[] = []
    const channel = {
      command: async (line: string) => (sent.push(line), ['hello']),
      group: async () => [],
      pipeline: (lines: string[]) => lines.map((line) => (sent.push(line), Promise.resolve(['hello']))),
    }
    const pane = new Pane(channel, '%7', '@7', { cols: 80, rows: 24 }, () => new Error('lost'))
    plainExpect((await pane.captureText(false)).lines).toEqual(['hello'])
    await pane.captureText(true)
    await pane.captureTextAndDeath(false).catch(() => undefined)
    plainExpect(sent).toEqual(['capture-pane -p -J -t %7', 'capture-pane -p -J -e -t %7', 'capture-pane -p -J -t %7', expect.stringMatching(/^display-message/)])
  })
})

describe('the cursor and the alternate screen', () => {
  test('a program that hides the cursor: screen.cursor.visible, the matcher, the frame', async ({ tmux }) => {
    const session = await tmux.spawn(String.raw`printf '\033[?25lworking'; read x; printf '\033[?25h done'; sleep 30`)
    await expect(session).toShowOnScreen('working')
    await expect(session).not.toHaveCursorVisible()
    const hidden = await session.screen()
    plainExpect(hidden.cursor).toEqual({ x: 7, y: 0, visible: false })
    plainExpect(String(hidden)).toMatch(/▹ +1 │working/)
    plainExpect(String(hidden)).toContain('△')
    const failure = await expect(session).toHaveCursorVisible({ timeout: 200 }).then(
      () => undefined,
      (error: Error) => error.message,
    )
    plainExpect(failure).toMatch(/Expected: the cursor visible/)
    plainExpect(failure).toMatch(/cursor hidden ▹, at row 1, column 8/)
    await session.submit('')
    await expect(session).toHaveCursorVisible()
    plainExpect((await session.cursor()).visible).toBe(true)
  })

  test('a program that exits with the cursor still hidden is caught; one that shows it again passes', async ({ tmux }) => {
    // (They wait for Enter first: output in a program's first instant, before
    // tmuxpect hears its pane, is on the screen but not in the stream that
    // tells how the program left the cursor; and they linger 100 ms after
    // their last output: tmux may drop the %output of a pane that dies in
    // the same instant, seen 2 in 40 on 3.8 and under load on 3.3a;
    // docs/tmux-quirks.md.)
    const careless = await tmux.spawn(String.raw`read x; printf '\033[?25lspinning… done\n'; sleep 0.1`)
    await careless.submit('')
    await expect(careless).toHaveExited({ code: 0 })
    await expect(careless).not.toHaveCursorVisible()
    plainExpect((await careless.screen()).cursor.visible).toBe(false)
    const careful = await tmux.spawn(String.raw`read x; printf '\033[?25lspinning… done\n\033[?25h'; sleep 0.1`)
    await careful.submit('')
    await expect(careful).toHaveExited({ code: 0 })
    await expect(careful).toHaveCursorVisible()
  })

  test('a program that enters and leaves the alternate screen', async ({ tmux }) => {
    const session = await tmux.spawn(String.raw`printf 'main\n'; read x; printf '\033[?1049hfull screen'; read x; printf '\033[?1049lback'; sleep 30`)
    await expect(session).toShowOnScreen('main')
    plainExpect((await session.screen()).alternate).toBe(false)
    await session.submit('')
    await expect(session).toShowOnScreen('full screen')
    const up = await session.screen()
    plainExpect(up.alternate).toBe(true)
    plainExpect(String(up)).toBe(String(up)) // framed without error
    plainExpect(up.toString()).toMatch(/^Screen|┌/)
    await session.submit('')
    await expect(session).toShowOnScreen('back')
    const after = await session.screen()
    plainExpect(after.alternate).toBe(false)
    plainExpect(after.text).toMatch(/^main\n/)
  })

  test('a program that exits on the alternate screen: its final screen is the one it left, top row included, and says so even to a handle that never heard it go there', async ({ tmux }) => {
    // tmux's "Pane is dead" line scrolled the screen up a row, and on the
    // alternate screen (no history) the top row was lost: a full-screen
    // program's title bar was missing from its final screen.
    const started = await tmux.spawn(String.raw`printf '\033[?1049h\033[Htitle bar\033[2;1Hbody'; read x; exit 0`, { name: 'exits-on-alternate', rows: 6 })
    await expect(started).toShowOnScreen('body')
    // The other handle finds the session running, after the program went to
    // the alternate screen: only tmux can tell it (#{alternate_on}, kept for
    // a dead pane). The same holds when tmux drops a dying program's last
    // %output (docs/tmux-quirks.md).
    const other = await TmuxServer.connect(tmux.server.socket)
    try {
      const [found] = (await other.sessions()).filter((session) => session.name === 'exits-on-alternate')
      await found!.submit('')
      await expect(found!).toHaveExited({ code: 0 })
      const final = await found!.screen()
      plainExpect(final.alternate).toBe(true)
      plainExpect(final.lines).toEqual(['title bar', 'body', '', '', '', ''])
    } finally {
      await other.close()
    }
    await expect(started).toHaveExited({ code: 0 })
    const final = await started.screen()
    plainExpect(final.alternate).toBe(true)
    plainExpect(final.lines.slice(0, 2)).toEqual(['title bar', 'body'])
  })

  unitTest('the modes a program leaves, from its output stream', () => {
    const modes = new TerminalModes()
    const feed = (text: string) => modes.feed(Buffer.from(`%output %1 ${text}`, 'latin1'), 11)
    feed(String.raw`\033[?25l\033[?1049h`)
    plainExpect([modes.cursorVisible, modes.alternate]).toEqual([false, true])
    feed(String.raw`text \033[?10`) // cut in the middle of a sequence
    feed(String.raw`49l\033[34h\033[?25h`)
    plainExpect([modes.cursorVisible, modes.alternate]).toEqual([true, false])
    feed(String.raw`\033[?25l`)
    feed(String.raw`\033c`)
    plainExpect(modes.cursorVisible).toBe(true)
  })

  unitTest('a Screen made without them: cursor shown, main screen', () => {
    const screen = new Screen({ lines: ['a'], text: 'a', cursor: { x: 1, y: 0 }, cols: 5, rows: 1 })
    plainExpect(screen.cursor.visible).toBe(true)
    plainExpect(screen.alternate).toBe(false)
  })
})

describe('waitFor with styles', () => {
  test('wait until the selected row of a list is the one you want', async ({ tmux }) => {
    // A list whose selection (reverse video) moves down on each Enter.
    const menu = String.raw`
      items='apple banana cherry'; selected=0
      while :; do
        printf '\033[H\033[2J'; i=0
        for item in $items; do
          if [ $i -eq $selected ]; then printf '\033[7m%s\033[0m\n' "$item"; else printf '%s\n' "$item"; fi
          i=$((i + 1))
        done
        read x; selected=$((selected + 1))
      done`
    const session = await tmux.spawn(menu)
    await expect(session).toShowOnScreen('cherry')
    const selected = (screen: Screen) => screen.cells?.find((row) => row[0]?.style.inverse)?.map((cell) => cell.char).join('').trim()
    await session.submit('')
    const screen = await session.waitFor((screen) => selected(screen) === 'banana', { styles: true })
    plainExpect(screen.cellAt(0, 1)?.style.inverse).toBe(true)
    // without the option the predicate gets no cells
    await session.waitFor((screen) => screen.cells === undefined)
  })
})

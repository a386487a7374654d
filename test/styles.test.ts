/**
 * Colours and attributes, from real programs that colour their output:
 * printf with SGR codes, ls and grep with --color=always, vim with syntax on.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect as vitestExpect, vi } from 'vitest'
import { OptionError, type Screen } from 'tmuxpect'
import { expect, test } from 'tmuxpect/vitest'

const folder = mkdtempSync(join(tmpdir(), 'tmuxpect-styles-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

beforeEach(() => {
  vi.stubEnv('FORCE_COLOR', undefined)
  vi.stubEnv('NO_COLOR', '1')
  return () => vi.unstubAllEnvs()
})

const printf = (format: string) => ['sh', '-c', `printf '${format}'; exec cat`]

describe('screen({ styles: true })', () => {
  test('16-colour, 256-colour and truecolor foregrounds and backgrounds, and every attribute', async ({ tmux }) => {
    const session = await tmux.spawn(
      printf(
        '\\033[31mred\\033[0m \\033[1;94mbb\\033[0m \\033[38;5;208mor\\033[0m \\033[38;5;3my3\\033[0m ' +
          '\\033[38;2;255;135;0;48;2;0;0;95mtc\\033[0m \\033[44mbg\\033[0m\\n' +
          '\\033[1mB\\033[0m\\033[2mD\\033[0m\\033[3mI\\033[0m\\033[4mU\\033[0m\\033[7mR\\033[0m\\033[9mS\\033[0m.\\n',
      ),
    )
    await expect(session).toShowOnScreen('BDIURS.')
    const screen = await session.screen({ styles: true })
    const style = (x: number, y: number) => screen.cellAt(x, y)!.style
    vitestExpect(screen.cellAt(0, 0)).toEqual({ char: 'r', width: 1, style: vitestExpect.objectContaining({ fg: 'red', bg: null, bold: false }) })
    vitestExpect(style(4, 0)).toMatchObject({ fg: 'brightBlue', bold: true })
    vitestExpect(style(7, 0).fg).toBe(208)
    vitestExpect(style(10, 0).fg).toBe('yellow') // 256-colour index 3 is the ANSI colour
    vitestExpect(style(13, 0)).toMatchObject({ fg: '#ff8700', bg: '#00005f' })
    vitestExpect(style(16, 0)).toMatchObject({ fg: null, bg: 'blue' })
    vitestExpect(style(3, 0)).toEqual({ fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false, strikethrough: false })
    const attributes = [0, 1, 2, 3, 4, 5].map((x) => style(x, 1))
    vitestExpect(attributes.map((each) => Object.entries(each).filter(([, on]) => on === true).map(([name]) => name))).toEqual([
      ['bold'],
      ['dim'],
      ['italic'],
      ['underline'],
      ['inverse'],
      ['strikethrough'],
    ])
    vitestExpect(screen.cells).toHaveLength(screen.rows)
    vitestExpect(screen.cells!.every((row) => row.length === screen.cols)).toBe(true)
  })

  test('wide characters keep cells aligned with columns', async ({ tmux }) => {
    const session = await tmux.spawn(printf('日本\\033[32mgo\\033[0m 👍\\033[35m!\\033[0m\\n'))
    await expect(session).toShowOnScreen('!')
    const screen = await session.screen({ styles: true })
    const row = screen.cells![0]!
    vitestExpect(row.slice(0, 6).map((cell) => [cell.char, cell.width])).toEqual([
      ['日', 2], ['', 0], ['本', 2], ['', 0], ['g', 1], ['o', 1],
    ])
    vitestExpect(screen.cellAt(4, 0)!.style.fg).toBe('green')
    vitestExpect(screen.cellAt(9, 0)).toMatchObject({ char: '!', style: { fg: 'magenta' } })
  })

  test('a finished program keeps its styled final screen', async ({ tmux }) => {
    const session = await tmux.spawn(['sh', '-c', "printf '\\033[1;31mFAILED\\033[0m 3 tests\\n'; read x; exit 1"])
    await expect(session).toShowOnScreen('FAILED', { fg: 'red', bold: true })
    await session.press('Enter')
    await expect(session).toHaveExited({ code: 1 })
    const screen = await session.screen({ styles: true })
    vitestExpect(screen.lines[0]).toBe('FAILED 3 tests')
    vitestExpect(screen.cellAt(0, 0)!.style).toMatchObject({ fg: 'red', bold: true })
    vitestExpect(screen.cellAt(7, 0)!.style.fg).toBeNull()
  })
})

describe('toShowOnScreen with a style', () => {
  test('ls --color=always: directories bold blue, executables bold green', async ({ tmux }) => {
    const project = mkdtempSync(join(folder, 'ls-'))
    const ls = await tmux.spawn('mkdir src && touch build.sh && chmod +x build.sh && touch notes.txt && ls --color=always; exec cat', { cwd: project })
    await expect(ls).toShowOnScreen('src', { fg: 'blue', bold: true })
    await expect(ls).toShowOnScreen('build.sh', { fg: 'green', bold: true })
    await expect(ls).toShowOnScreen('notes.txt', { fg: 'default', bold: false })
    await expect(ls).not.toShowOnScreen('notes.txt', { fg: 'blue', timeout: 100 })
  })

  test('grep --color=always: the match bold red, the rest of the line plain', async ({ tmux }) => {
    const grep = await tmux.spawn("printf 'ok: started\\nfail: an ERROR here\\n' | grep --color=always ERROR; exec cat")
    await expect(grep).toShowOnScreen('ERROR', { fg: 'red', bold: true })
    await expect(grep).toShowOnScreen('fail: an ', { fg: 'default' })
    const screen = await grep.screen({ styles: true })
    expect(screen).toShowOnScreen(/ERROR/, { bold: true })
    expect(screen).not.toShowOnScreen('here', { bold: true })
  })

  test('vim with syntax on colours keywords, strings and comments', async ({ tmux }) => {
    writeFileSync(join(folder, 'greet.py'), 'def greet():\n    return "hi"  # say it\n')
    const vim = await tmux.spawn(['vim', '-u', 'NONE', '-N', '-i', 'NONE', '-c', 'syntax on', 'greet.py'], { cwd: folder, cols: 40, rows: 6 })
    await expect(vim).toShowOnScreen('"hi"', { fg: 'red' })
    await expect(vim).toShowOnScreen('# say it', { fg: 'blue' })
    await expect(vim).toShowOnScreen('def', { fg: 130 })
    await expect(vim).toShowOnScreen('greet', { fg: 'cyan' })
    await expect(vim).toShowOnScreen('return', { fg: 130 })
    // a snapshot of the styled screen: the frame and its coloured runs
    await vim.waitForStable({ quiet: 100 })
    vitestExpect(await vim.screen({ styles: true })).toMatchInlineSnapshot(`
      Screen (40×6, alternate screen, cursor ▸ at row 1, column 1, i.e. x=0 y=0):
          ┌────────────────────────────────────────┐
      ▸ 1 │def greet():                            │
        2 │    return "hi"  # say it               │
        3 │~                                       │
        4 │~                                       │
        5 │~                                       │
        6 │"greet.py" 2L, 39B                      │
          └▲───────────────────────────────────────┘
      Styles:
        row 1, columns 1–3 "def": fg 130
        row 1, columns 5–9 "greet": fg cyan
        row 2, columns 5–10 "return": fg 130
        row 2, columns 12–15 "\\"hi\\"": fg red
        row 2, columns 18–25 "# say it": fg blue
        row 3, column 1 "~": fg brightBlue
        row 4, column 1 "~": fg brightBlue
        row 5, column 1 "~": fg brightBlue
    `)
    await vim.press('Escape', ':', 'q', '!', 'Enter')
    await expect(vim).toHaveExited({ code: 0 })
  })

  test('.not with a style waits until the text is no longer shown in it', async ({ tmux }) => {
    const status = await tmux.spawn(['sh', '-c', "stty -echo; printf '\\033[31mBUILDING\\033[0m'; read x; printf '\\r\\033[32mBUILDING\\033[0m'; exec cat"])
    await expect(status).toShowOnScreen('BUILDING', { fg: 'red' })
    await status.press('Enter')
    await expect(status).not.toShowOnScreen('BUILDING', { fg: 'red' })
    await expect(status).toShowOnScreen('BUILDING', { fg: 'green' })
  })

  test('a failure says where the text is and in what style', async ({ tmux }) => {
    const app = await tmux.spawn(printf('status: \\033[1;32mERROR\\033[0m (not really)\\n'), { cols: 40, rows: 3 })
    await expect(app).toShowOnScreen('ERROR')
    const error = await expect(app)
      .toShowOnScreen('ERROR', { fg: 'red', bold: true, timeout: 150 })
      .then(() => undefined, (caught: Error) => caught)
    const message = error!.message.replaceAll(app.name, '<session>').replaceAll(app.server.socket, '<socket>')
    vitestExpect(message.split('\n').slice(0, 5).join('\n').replace(/\d+ ms, until/, '<elapsed> ms, until').replace(/\d+ screens?/, '<n> screens'))
      .toMatchInlineSnapshot(`
        "expect(session).toShowOnScreen(expected, style)

        Expected: "ERROR" in fg red, bold
        Options:  timeout 150 ms
        Received: "ERROR" at row 1, column 9 in fg green, bold"
      `)
  })

  test('a style needs a Session or a Screen read with styles, and valid options', async ({ tmux }) => {
    const session = await tmux.spawn(printf('plain\\n'))
    await expect(session).toShowOnScreen('plain')
    const screen: Screen = await session.screen()
    vitestExpect(() => expect(screen).toShowOnScreen('plain', { bold: false })).toThrow(/read the screen with session.screen\(\{ styles: true \}\)/)
    vitestExpect(() => expect(session).toShowOnScreen('plain', { fg: 'purple' as never })).toThrow(OptionError)
    vitestExpect(() => expect(session).toShowOnScreen('plain', { fg: 'purple' as never })).toThrow(
      /option fg must be a colour name \('red', 'brightRed', …\), a 256-colour index 0–255, '#rrggbb' or 'default', got "purple"/,
    )
    vitestExpect(() => expect(session).toShowOnScreen('plain', { bold: 'yes' as never })).toThrow(/option bold must be true or false, got "yes"/)
    vitestExpect(() => expect(session).toShowOnScreen('plain', { colour: 'red' } as never)).toThrow(/has no option "colour"/)
  })
})

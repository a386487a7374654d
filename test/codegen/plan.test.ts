// Recordings (screens and input bytes) → steps and the test's text: the pure half of codegen.
import { describe, expect, test } from 'vitest'
import { CodegenUsageError, parseCodegenArgs } from '../../src/codegen/args.js'
import { literal, renderTest } from '../../src/codegen/emit.js'
import { QueryFilter } from '../../src/codegen/mirror.js'
import { planSteps, type InputChunk, type Recorded, type Step } from '../../src/codegen/plan.js'
import { styledStretches } from '../../src/codegen/style-waits.js'
import type { Shot } from '../../src/codegen/waits.js'
import { parseStyledRows } from '../../src/styles.js'

let clock = 0
/** A screen: rows as given, the cursor at the end of the last row with text unless given. */
function shot(rows: string[], options: { cursor?: { x: number; y: number }; afterInput?: boolean } = {}): Shot {
  const lines = [...rows, ...Array.from({ length: Math.max(0, 24 - rows.length) }, () => '')]
  let last = rows.length - 1
  while (last > 0 && rows[last] === '') last--
  const cursor = options.cursor ?? { x: (rows[last] ?? '').length, y: Math.max(0, last) }
  return { time: clock++, lines, text: rows.join('\n').replace(/\n+$/, ''), cursor, afterInput: options.afterInput ?? false }
}

/** A screen read with its styles: rows written with SGR sequences (`\x1b[7m…\x1b[27m`), as a program draws them. */
function styledShot(rows: string[], options: { cursor?: { x: number; y: number } } = {}): Shot {
  // eslint-disable-next-line no-control-regex
  const plain = shot(rows.map((row) => row.replace(/\x1b\[[0-9;]*m/g, '')), { cursor: options.cursor ?? { x: 0, y: rows.length } })
  return { ...plain, styled: styledStretches(parseStyledRows(rows, 80)) }
}

const EXITED = { code: 0, signal: null }

/**
 * A recording from (screen before, bytes) pairs, as the recorder keeps it:
 * every screen is a shot, and the shot after an input's is marked as
 * coming after an input. Shots are in the order they were made.
 */
function recording(pairs: [Shot, string][], final: Shot, exit: Recorded['exit'], extraShots: Shot[] = []): Recorded {
  const inputs: InputChunk[] = pairs.map(([before, bytes]) => ({ time: before.time, bytes: Buffer.from(bytes, 'latin1'), before }))
  const befores = new Set(pairs.map(([before]) => before))
  const ordered = [...new Set([...befores, ...extraShots])].sort((a, b) => a.time - b.time)
  const shots = ordered.map((one, index) => ({ ...one, afterInput: index > 0 && befores.has(ordered[index - 1]!) }))
  const marked = new Map(ordered.map((one, index) => [one, shots[index]!]))
  return { shots, inputs: inputs.map((input) => ({ ...input, before: marked.get(input.before)! })), final: { ...final, afterInput: befores.has(ordered[ordered.length - 1]!) }, exit }
}

describe('planSteps', () => {
  test('python: typed characters merge into submit; the answer and the prompt under it are waited for', () => {
    const start = shot(['>>>'], { cursor: { x: 4, y: 0 } })
    const r = recording(
      [
        [start, '6'],
        [shot(['>>> 6']), '*'],
        [shot(['>>> 6*']), '7'],
        [shot(['>>> 6*7']), '\r'],
        [shot(['>>> 6*7', '42', '>>>'], { cursor: { x: 4, y: 2 }, afterInput: true }), '\x04'],
      ],
      shot(['>>> 6*7', '42', '>>>', '']),
      EXITED,
    )
    expect(planSteps(r)).toEqual([
      { kind: 'show', text: '>>>' },
      { kind: 'submit', text: '6*7' },
      { kind: 'show', text: '42\n>>>' },
      { kind: 'press', keys: ['C-d'] },
      { kind: 'exit', status: { code: 0, signal: null } },
    ])
  })

  test('bash: "hello" is in the echoed command, so the wait is hello with the prompt below', () => {
    const prompt = shot(['$'], { cursor: { x: 2, y: 0 } })
    const typed = shot(['$ echo hello'])
    const answered = shot(['$ echo hello', 'hello', '$'], { cursor: { x: 2, y: 2 } })
    const steps = planSteps(recording([[prompt, 'echo hello'], [typed, '\r'], [answered, 'exit\r']], answered, undefined))
    expect(steps).toEqual([
      { kind: 'show', text: '$' },
      { kind: 'submit', text: 'echo hello' },
      { kind: 'show', text: 'hello\n$' },
      { kind: 'submit', text: 'exit' },
    ])
  })

  test('keys in a row are one press; a menu choice redrawn in place is waited for by its new line', () => {
    const menu = (chosen: number) => shot(['? Pick a colour', ...['red', 'green', 'blue'].map((c, i) => `${i === chosen ? '❯' : ' '} ${c}`)], { cursor: { x: 0, y: 4 } })
    const steps = planSteps(recording([[menu(0), '\x1b[B'], [menu(1), '\x1b[B\x1b[B']], shot(['? Pick a colour', 'You picked red']), EXITED))
    expect(steps).toEqual([
      { kind: 'show', text: 'blue' },
      { kind: 'press', keys: ['Down'] },
      { kind: 'show', text: '❯ green' },
      { kind: 'press', keys: ['Down', 'Down'] },
      { kind: 'show', text: 'You picked red' },
      { kind: 'exit', status: { code: 0, signal: null } },
    ])
  })

  describe('a line longer than a row, wrapped onto the next (80 columns)', () => {
    /** A screen whose logical lines are cut into rows of 80, as a terminal wraps them. */
    const wrapped = (logical: string[], cursor?: { x: number; y: number }): Shot => {
      const rows = logical.flatMap((line) => (line.length <= 80 ? [line] : (line.match(/.{1,80}/g) ?? [])))
      return { ...shot(rows, cursor ? { cursor } : {}), text: logical.join('\n') }
    }
    const json = '{"framework":"inquirer","features":["typescript"],"tokenLength":3,"port":8080,"ok":true}'

    test('the wait is the whole line, never the piece the wrap left on a row of its own', () => {
      const asked = wrapped(['? Create the project? (Y/n) y'])
      const answered = wrapped(['✔ Create the project? Yes', json])
      const steps = planSteps(recording([[asked, '\r']], answered, EXITED))
      expect(json.slice(80)).toBe('k":true}')
      expect(steps.slice(-2)).toEqual([{ kind: 'show', text: '✔ Create the project? Yes' }, { kind: 'exit', status: EXITED }])
      // Only the long line new: it is waited for whole.
      const printed = planSteps(recording([[wrapped(['$ run'], { x: 6, y: 0 }), '\r']], wrapped(['$ run', json]), EXITED))
      expect(printed.slice(-2)).toEqual([{ kind: 'show', text: json }, { kind: 'exit', status: EXITED }])
    })

    test('a prompt under a wrapped answer: the whole answer and the prompt', () => {
      const answer = `'${'word '.repeat(20).trim()}'`
      const typed = wrapped(['>>> x'])
      const replied = wrapped(['>>> x', answer, '>>>'], { x: 4, y: 3 })
      const steps = planSteps(recording([[wrapped(['>>>'], { x: 4, y: 0 }), 'x'], [typed, '\r'], [replied, '\x04']], replied, undefined))
      expect(steps).toContainEqual({ kind: 'show', text: `${answer}\n>>>` })
    })

    test('typing that wraps is echo on both rows: no wait before Enter, the line and Enter are one submit', () => {
      const text = 'a'.repeat(100)
      const start = wrapped(['>'], { x: 2, y: 0 })
      const echoed = wrapped([`> ${text}`], { x: 22, y: 1 })
      const steps = planSteps(recording([[start, text], [echoed, '\r']], wrapped([`> ${text}`, 'ok', '>'], { x: 2, y: 3 }), undefined))
      expect(steps).toEqual([{ kind: 'show', text: '>' }, { kind: 'submit', text }, { kind: 'show', text: 'ok\n>' }])
    })
  })

  test('a clock that ticks on its own is never waited for; the counter is', () => {
    const screen = (time: string, count: number) => shot(['Clock demo', `time: ${time}`, `count: ${count}`], { cursor: { x: 0, y: 5 } })
    const ticks = [screen('10:00:00.1', 0), screen('10:00:00.2', 0), screen('10:00:00.3', 0)]
    const before = screen('10:00:00.4', 0)
    const after = screen('10:00:00.5', 1)
    const steps = planSteps(recording([[before, '+']], after, EXITED, ticks))
    expect(steps).toEqual([
      { kind: 'show', text: 'count: 0' },
      { kind: 'type', text: '+' },
      { kind: 'show', text: 'count: 1' },
      { kind: 'exit', status: { code: 0, signal: null } },
    ])
  })

  test('text that came and went with no input ("loading…") is not waited for, what stayed is', () => {
    const start = shot(['$'], { cursor: { x: 2, y: 0 } })
    const loading = shot(['$ go', 'loading...'])
    const done = shot(['$ go', 'done', '$'], { cursor: { x: 2, y: 2 } })
    const steps = planSteps(recording([[start, 'go\r'], [done, 'x']], done, undefined, [loading]))
    expect(steps.slice(2, 3)).toEqual([{ kind: 'show', text: 'done\n$' }])
  })

  test('nothing new but a line went (vim\'s mode line after Escape): wait for it to be gone', () => {
    const insert = shot(['hello', '~', '-- INSERT --'], { cursor: { x: 5, y: 0 } })
    const normal = shot(['hello', '~', ''], { cursor: { x: 4, y: 0 } })
    const steps = planSteps(recording([[insert, '\x1b'], [normal, ':']], normal, undefined))
    expect(steps).toContainEqual({ kind: 'gone', text: '-- INSERT --' })
  })

  test('a left press and release on one cell is a click; other mouse events stay mouse calls', () => {
    const screen = shot(['[ OK ]'])
    const steps = planSteps(recording([[screen, '\x1b[<0;3;1M'], [screen, '\x1b[<0;3;1m'], [screen, '\x1b[<65;1;1M']], screen, undefined))
    expect(steps.filter((step) => step.kind !== 'show')).toEqual([
      { kind: 'click', x: 2, y: 0 },
      { kind: 'mouse', event: { action: 'wheel', button: 'down', x: 0, y: 0, modifiers: [] } },
    ])
  })
})

describe('style waits: a moment only a style tells', () => {
  const fruits = ['Apple', 'Banana', 'Cherry', 'Durian']
  /** A menu marking its choice in reverse video only (`mark` draws the chosen item), no marker character. */
  const menu = (chosen: number, mark = (item: string) => `\x1b[7m${item}\x1b[27m`, extra: string[] = []) =>
    styledShot(['Pick a fruit (arrow keys, Enter)', ...fruits.map((item, index) => `  ${index === chosen ? mark(item) : item}`), ...extra])

  test('the highlight moves and no text changes: each key waits for the newly highlighted item in reverse video', () => {
    const steps = planSteps(recording([[menu(0), '\x1b[B'], [menu(1), '\x1b[B'], [menu(2), '\r']], styledShot(['You picked Cherry']), EXITED))
    expect(steps).toEqual([
      // The first screen's shortest new line (not a full redraw: 5 rows of 24).
      { kind: 'show', text: 'Apple' },
      { kind: 'press', keys: ['Down'] },
      { kind: 'show', text: 'Banana', style: { inverse: true } },
      { kind: 'press', keys: ['Down'] },
      { kind: 'show', text: 'Cherry', style: { inverse: true } },
      // Text tells this moment: the text wait, as before.
      { kind: 'press', keys: ['Enter'] },
      { kind: 'show', text: 'You picked Cherry' },
      { kind: 'exit', status: EXITED },
    ])
  })

  test('the attribute is the one that sets the item apart from how it looked: not the colour every item has, the one only the choice has', () => {
    // Every item bold in cyan; the choice on a blue background.
    const colourMenu = (chosen: number) =>
      styledShot(['Pick a fruit', ...fruits.map((item, index) => `  \x1b[1;36m${index === chosen ? `\x1b[44m${item}\x1b[49m` : item}\x1b[0m`)])
    const steps = planSteps(recording([[colourMenu(0), '\x1b[B'], [colourMenu(1), '\x1b[A']], colourMenu(0), undefined))
    expect(steps.filter((step) => step.kind === 'show').slice(1)).toEqual([
      { kind: 'show', text: 'Banana', style: { bg: 'blue' } },
      { kind: 'show', text: 'Apple', style: { bg: 'blue' } },
    ])
    // Reverse video and bold together: reverse video is named, as a person would.
    const both = (chosen: number) => menu(chosen, (item) => `\x1b[1;7m${item}\x1b[0m`)
    expect(planSteps(recording([[both(0), '\x1b[B']], both(1), undefined)).pop()).toEqual({ kind: 'show', text: 'Banana', style: { inverse: true } })
    // A 256-colour foreground as the program wrote it.
    const orange = (chosen: number) => menu(chosen, (item) => `\x1b[38;5;208m${item}\x1b[39m`)
    expect(planSteps(recording([[orange(0), '\x1b[B']], orange(1), undefined)).pop()).toEqual({ kind: 'show', text: 'Banana', style: { fg: 208 } })
  })

  test('styled text that blinks on its own is never waited for; the highlight the key moved is', () => {
    const live = (on: boolean) => [on ? '\x1b[7mRECORDING, LIVE FROM THE STUDIO\x1b[27m' : 'RECORDING, LIVE FROM THE STUDIO']
    const blink = [menu(0, undefined, live(true)), menu(0, undefined, live(false)), menu(0, undefined, live(true))]
    const before = menu(0, undefined, live(false))
    const after = menu(1, undefined, live(true))
    const steps = planSteps(recording([[before, '\x1b[B'], [after, '\r']], styledShot(['You picked Banana']), EXITED, blink))
    expect(steps).toContainEqual({ kind: 'show', text: 'Banana', style: { inverse: true } })
    expect(steps.some((step) => step.kind === 'show' && step.text.includes('RECORDING'))).toBe(false)
  })

  test('typing into a field drawn in reverse video is echo: no wait on the field, the keys stay one submit', () => {
    const field = (text: string) => styledShot(['Name:', `\x1b[7m${text.padEnd(20)}\x1b[27m`], { cursor: { x: text.length, y: 1 } })
    const steps = planSteps(recording([[field(''), 'ada'], [field('ada'), '\r']], styledShot(['Welcome aboard']), EXITED))
    expect(steps).toEqual([{ kind: 'show', text: 'Name:' }, { kind: 'submit', text: 'ada' }, { kind: 'show', text: 'Welcome aboard' }, { kind: 'exit', status: EXITED }])
  })
})

describe('renderTest', () => {
  const steps: Step[] = [
    { kind: 'show', text: 'Pick a colour' },
    { kind: 'press', keys: ['Down', 'Enter'] },
    { kind: 'type', text: ' ' },
    { kind: 'paste', text: 'a\nb' },
    { kind: 'click', x: 1, y: 2 },
    { kind: 'raw', bytes: Buffer.from('\x1b[I') },
    { kind: 'gone', text: "it's" },
    { kind: 'show', text: 'Banana', style: { inverse: true } },
    { kind: 'show', text: 'Cherry', style: { fg: 'cyan', bg: 208 } },
    { kind: 'show', text: 'Durian', style: { fg: '#ff8700' } },
    { kind: 'exit', status: { code: null, signal: 'SIGINT' } },
  ]

  test('vitest: the fixture, one spawn with the size, one line per step', () => {
    expect(renderTest({ name: 'menu', command: ['node', 'menu.js'], cols: 80, rows: 24, target: 'vitest', steps })).toBe(
      [
        "import { test, expect } from 'tmuxpect/vitest'",
        '',
        "test('menu', async ({ tmux }) => {",
        "  const app = await tmux.spawn(['node', 'menu.js'], { cols: 80, rows: 24 })",
        "  await expect(app).toShowOnScreen('Pick a colour')",
        "  await app.press('Down', 'Enter')",
        "  await app.press('Space')",
        "  await app.paste('a\\nb')",
        '  await app.click(1, 2)',
        "  await app.type('\\x1b[I') // not a key tmux names: the bytes as they came (1b 5b 49)",
        "  await expect(app).not.toShowOnScreen('it\\'s')",
        "  await expect(app).toShowOnScreen('Banana', { inverse: true })",
        "  await expect(app).toShowOnScreen('Cherry', { fg: 'cyan', bg: 208 })",
        "  await expect(app).toShowOnScreen('Durian', { fg: '#ff8700' })",
        "  await expect(app).toHaveExited({ signal: 'SIGINT' })",
        '})',
        '',
      ].join('\n'),
    )
  })

  test('jest: a server per file from the engine, the same steps; a shell command stays a string', () => {
    const text = renderTest({ name: 'x', command: 'ls | less', cols: 100, rows: 30, target: 'jest', steps: [{ kind: 'exit', status: { code: 0, signal: null } }] })
    expect(text).toContain("import { afterAll, beforeAll, expect, test } from '@jest/globals'")
    expect(text).toContain('server = await TmuxServer.start()')
    expect(text).toContain("const app = await server.spawn('ls | less', { cols: 100, rows: 30 })")
    expect(text).toContain('await expect(app).toHaveExited({ code: 0 })')
  })

  test('literal escapes quotes, backslashes and control characters, keeps other text', () => {
    expect(literal("a'b\\c\n\t\x1b\u2028é✓")).toBe("'a\\'b\\\\c\\n\\t\\x1b\\u2028é✓'")
  })
})

describe('QueryFilter', () => {
  test('drops the queries a terminal answers, keeps everything else byte for byte', () => {
    const filter = new QueryFilter()
    const out = filter.push(Buffer.from('a\x1b[c\x1b[>c\x1b[6n\x1b[?1h\x1b]11;?\x07\x1b]0;title\x07\x1b[?2004$p\x1b[1;31mred'))
    expect(out.toString('latin1')).toBe('a\x1b[?1h\x1b]0;title\x07\x1b[1;31mred')
  })

  test('a query cut between two reads is still dropped; a plain sequence cut in two still passes whole', () => {
    const filter = new QueryFilter()
    expect(filter.push(Buffer.from('x\x1b[')).toString('latin1')).toBe('x')
    expect(filter.push(Buffer.from('6ny\x1b[3')).toString('latin1')).toBe('y')
    expect(filter.push(Buffer.from('1mz')).toString('latin1')).toBe('\x1b[31mz')
  })
})

describe('parseCodegenArgs', () => {
  test('defaults, options, the command after --', () => {
    expect(parseCodegenArgs(['--', 'python3', '-q'])).toEqual({ command: ['python3', '-q'], out: undefined, force: false, target: 'vitest', name: 'python3 -q', cols: 80, rows: 24, secrets: [] })
    expect(parseCodegenArgs(['--out', 'a.test.ts', '--force', '--target', 'jest', '--name', 'n', '--cols', '100', '--rows', '30', '--', 'sh', '-c', 'echo "a b"'])).toEqual({
      command: ['sh', '-c', 'echo "a b"'], out: 'a.test.ts', force: true, target: 'jest', name: 'n', cols: 100, rows: 30, secrets: [],
    })
    expect(parseCodegenArgs(['--', 'echo hi | cat'])?.command).toBe('echo hi | cat')
    expect(parseCodegenArgs(['--help'])).toBeUndefined()
  })

  test.each([
    [[], /needs the command to record after --/],
    [['python3'], /put the command after --/],
    [['--target', 'mocha', '--', 'ls'], /--target must be vitest or jest, got "mocha"/],
    [['--cols', 'wide', '--', 'ls'], /--cols must be a whole number of cells from 2 to 10000, got "wide"/],
    [['--rows', '0', '--', 'ls'], /--rows must be/],
    [['--force', '--', 'ls'], /--force only goes with --out/],
    [['--bogus', '--', 'ls'], /Unknown option '--bogus'/],
    [['--', 'no-such-program-xyz'], /cannot spawn "no-such-program-xyz": not found on PATH/],
  ])('%j is a usage error: %s', (args, message) => {
    expect(() => parseCodegenArgs(args)).toThrow(CodegenUsageError)
    expect(() => parseCodegenArgs(args)).toThrow(message)
  })
})

/**
 * Masking, the pure parts (src/secrets.ts): text that arrives in pieces (a
 * recording's `%output` chunks, a screen's wrapped rows), screens with
 * their cells, the recording as written, tmux command lines in errors.
 * The end-to-end check (a nested vitest run whose files and output hold
 * none of the secrets) is test/secrets-run.test.ts.
 */
import { afterEach, describe, expect, test } from 'vitest'
import { configure, OptionError } from 'tmuxpect'
import { Recording } from '../src/recording.js'
import { Screen } from '../src/screen.js'
import { MASK, Secrets, maskScreen, maskSegments, maskText, redactCommandLine } from '../src/secrets.js'
import { DEFAULT_STYLE, type Cell } from '../src/styles.js'
import { typing, submitting } from '../src/input.js'
import { parseCodegenArgs } from '../src/codegen/args.js'
import { renderTest } from '../src/codegen/emit.js'

afterEach(() => configure({ secrets: [] }))

describe('text in pieces', () => {
  test('a secret inside one piece is replaced by the fixed mask, whatever its length', () => {
    expect(maskSegments(['token: hunter2!'], ['hunter2'])).toEqual([`token: ${MASK}!`])
    expect(maskText('a-very-long-secret-value and x', ['a-very-long-secret-value', 'x'])).toBe(`${MASK} and ${MASK}`)
  })

  test('a secret split across pieces: the first piece shows the mask, the next lose their part, every piece stays', () => {
    expect(maskSegments(['pass: hun', 'te', 'r2 ok'], ['hunter2'])).toEqual([`pass: ${MASK}`, '', ' ok'])
    expect(maskSegments(['hunter', '2'], ['hunter2'])).toEqual([MASK, ''])
    expect(maskSegments(['x', 'hunter2', 'y'], ['hunter2'])).toEqual(['x', MASK, 'y'])
  })

  test('every split point of a secret in two pieces is masked', () => {
    const text = 'before s3cr3t-t0ken after'
    for (let cut = 0; cut <= text.length; cut++) {
      const pieces = maskSegments([text.slice(0, cut), text.slice(cut)], ['s3cr3t-t0ken'])
      expect(pieces.join('')).toBe(`before ${MASK} after`)
      expect(pieces.join('')).not.toContain('t0ken')
    }
  })

  test('repeated and overlapping secrets: each occurrence masked, overlaps as one mask', () => {
    expect(maskSegments(['abc-ab', 'c-abc'], ['abc'])).toEqual([`${MASK}-${MASK}`, `-${MASK}`])
    expect(maskText('abcd', ['abc', 'bcd'])).toBe(MASK)
    expect(maskText('nothing here', ['abc'])).toBe('nothing here')
    expect(maskSegments(['a', 'b'], [])).toEqual(['a', 'b'])
  })
})

describe('Secrets', () => {
  test("a session's set sees its own values, its test's (added later too) and the global ones", () => {
    const test = new Secrets(['from-test'])
    const session = new Secrets(['from-spawn'])
    session.inherit(test)
    configure({ secrets: ['from-configure'] })
    test.add(['added-later'])
    expect(session.maskText('from-spawn from-test from-configure added-later')).toBe([MASK, MASK, MASK, MASK].join(' '))
  })

  test('a value with quotes or control characters is masked in the JSON form the action log shows too', () => {
    const secrets = new Secrets(['pa"ss\tword'])
    expect(secrets.maskText(`type ${JSON.stringify('pa"ss\tword')}`)).toBe(`type "${MASK}"`)
  })

  test('configure and tmux.secrets take only non-empty strings, and never print the values', () => {
    expect(() => configure({ secrets: ['ok', ''] })).toThrow(new OptionError('secrets[1] is an empty string: an empty secret would mask nothing'))
    expect(() => configure({ secrets: 'hunter2' as never })).toThrow(OptionError)
    expect(() => configure({ secrets: ['hunter2', 7 as never] })).toThrow(new OptionError('secrets[1] must be a string, got number'))
  })
})

describe('input marked secret', () => {
  test('type and submit send the bytes as given; the journal entry shows the mask; the value joins the secrets', () => {
    const secrets = new Secrets()
    const typed = typing('%1', 'hunter2', { secret: true }, secrets)
    expect(typed.commands.join(' ')).toContain('68 75 6e 74 65 72 32')
    expect(typed.entry).toEqual({ action: `type ${MASK}`, input: MASK })
    expect(secrets.maskText('echo: hunter2')).toBe(`echo: ${MASK}`)
    const submitted = submitting('%1', 's3cret', { secret: true }, secrets)
    expect(submitted.entry).toEqual({ action: `submit ${MASK}`, input: `${MASK}\r` })
    expect(submitting('%1', 'plain', undefined, secrets).entry!.action).toBe('submit "plain"')
    expect(() => typing('%1', 'x', { secret: 'yes' } as never, secrets)).toThrow(new OptionError('secret must be true or false, got "yes"'))
  })

  test('text not marked but holding a listed secret is masked in the action log', () => {
    const entry = typing('%1', 'login admin hunter2', undefined, new Secrets(['hunter2'])).entry
    expect(entry!.action).toBe(`type "login admin ${MASK}"`)
  })
})

/** A `%output` line as tmux sends it: bytes below 0x20 and `\` as octal escapes. */
function outputLine(data: Buffer): Buffer {
  const escaped = data.reduce((text, byte) => text + (byte < 0x20 || byte === 0x5c ? `\\${byte.toString(8).padStart(3, '0')}` : String.fromCharCode(byte)), '')
  return Buffer.concat([Buffer.from('%output %1 '), Buffer.from(escaped, 'latin1')])
}

/** Return once performance.now() has moved on, so the next chunk is an event of its own. */
function nextInstant(): void {
  const now = performance.now()
  while (performance.now() === now);
}

function events(cast: string): [number, string, string][] {
  return cast.trimEnd().split('\n').slice(1).map((line) => JSON.parse(line))
}

describe('recordings', () => {
  test('a secret printed across %output chunks is masked in the cast; every byte split point of a UTF-8 secret', () => {
    const secret = 'tökén-42'
    const bytes = Buffer.from(`your token is ${secret}\r\n`, 'utf8')
    for (let cut = 1; cut < bytes.length; cut++) {
      const recording = new Recording({ cols: 80, rows: 24, startedAt: performance.now(), limit: 1 << 20 })
      recording.output(outputLine(bytes.subarray(0, cut)), 11)
      nextInstant()
      recording.output(outputLine(bytes.subarray(cut)), 11)
      const cast = recording.toAsciicast([secret])
      const shown = events(cast)
        .filter(([, kind]) => kind === 'o')
        .map(([, , data]) => data)
      expect(shown.join('')).toBe(`your token is ${MASK}\r\n`)
      expect(cast).not.toContain('tökén')
      // Unmasked, the same recording shows it, split over two events (what a per-event mask would miss).
      const plain = events(recording.toAsciicast()).map(([, , data]) => data)
      expect(plain.join('')).toContain(secret)
      if (cut > 14 && cut < 14 + Buffer.byteLength(secret)) expect(plain.some((data) => data.includes(secret))).toBe(false)
    }
  })

  test('a secret spread over many chunks with input events between them; input events masked too', () => {
    const recording = new Recording({ cols: 80, rows: 24, startedAt: performance.now(), limit: 1 << 20, title: 'login --password hunter2' })
    for (const piece of ['Password: h', 'u', 'nt', 'er', '2\r\n']) {
      recording.output(outputLine(Buffer.from(piece)), 11)
      recording.input('hunter2')
      nextInstant()
    }
    const cast = recording.toAsciicast(['hunter2'])
    expect(cast).not.toContain('hunter2')
    expect(JSON.parse(cast.split('\n')[0]!).title).toBe(`login --password ${MASK}`)
    const all = events(cast)
    expect(all.filter(([, kind]) => kind === 'i').map(([, , data]) => data)).toEqual(Array(5).fill(MASK))
    expect(all.filter(([, kind]) => kind === 'o').map(([, , data]) => data).join('')).toBe(`Password: ${MASK}\r\n`)
  })
})

function cellsOf(lines: readonly string[], cols: number, styled?: { row: number; from: number; to: number }): Cell[][] {
  const bold = { ...DEFAULT_STYLE, bold: true }
  return lines.map((line, y) =>
    [...line.padEnd(cols)].map((char, x) => ({ char, width: 1 as const, style: styled && styled.row === y && x >= styled.from && x < styled.to ? bold : DEFAULT_STYLE })),
  )
}

describe('screens', () => {
  test('rows, text and cells are masked; cells keep the width and the hidden text’s style', () => {
    const lines = ['$ show-token', 'token=hunter2 ok', '$']
    const screen = new Screen({ lines, text: lines.join('\n'), cursor: { x: 2, y: 2 }, cols: 20, rows: 3, cells: cellsOf(lines, 20, { row: 1, from: 6, to: 13 }) })
    const masked = maskScreen(screen, ['hunter2'])
    expect(masked.lines).toEqual(['$ show-token', `token=${MASK} ok`, '$'])
    expect(masked.text).toBe(`$ show-token\ntoken=${MASK} ok\n$`)
    const row = masked.cells![1]!
    expect(row).toHaveLength(20)
    expect(row.map((cell) => cell.char).join('').trimEnd()).toBe(`token=${MASK} ok`)
    expect(row[6]!.style.bold).toBe(true)
    expect(masked.cursor).toEqual({ x: 2, y: 2, visible: true })
    expect(maskScreen(screen, ['absent'])).toBe(screen)
  })

  test('a secret wrapped over two rows (the first one full) is masked in both', () => {
    const lines = ['token=abcdef', 'ghij done']
    const screen = new Screen({ lines, text: 'token=abcdefghij done', cursor: { x: 0, y: 1 }, cols: 12, rows: 2, cells: cellsOf(lines, 12) })
    const masked = maskScreen(screen, ['abcdefghij'])
    expect(masked.lines).toEqual([`token=${MASK}`, ' done'])
    expect(masked.text).toBe(`token=${MASK} done`)
    expect(masked.cells!.map((row) => row.map((cell) => cell.char).join(''))).toEqual([`token=${MASK}   `, ' done       '])
  })
})

describe('tmux command lines in errors', () => {
  test("spawn's env values and input payloads are left out; names and targets stay", () => {
    const line =
      "new-session -d -s 'x' -x 80 -y 24 -c '/tmp' -e 'API_TOKEN=hunter2' -e \"MULTI=a\\nb\" -P -F '#{pane_id}' -- 'sh' ; send-keys -t %3 -H 68 75 6e ; set-buffer -b 'b1' -- 'pasted hunter2'"
    const shown = redactCommandLine(line)
    expect(shown).not.toContain('hunter2')
    expect(shown).not.toContain('a\\nb')
    expect(shown).not.toContain('68 75')
    expect(shown).toContain(`-e API_TOKEN=${MASK} -e MULTI=${MASK}`)
    expect(shown).toContain("new-session -d -s 'x'")
    expect(shown).toContain(`send-keys -t %3 -H ${MASK}`)
  })
})

describe('codegen --secret', () => {
  test('the value is named as process.env.NAME, typed with { secret: true }, listed in spawn; never spelled', () => {
    const secrets = [{ name: 'APP_PASSWORD', value: 'hunter2' }]
    const text = renderTest({
      name: 'login',
      command: ['./login', '--user', 'admin'],
      cols: 80,
      rows: 24,
      target: 'vitest',
      secrets,
      steps: [
        { kind: 'show', text: 'Password:' },
        { kind: 'submit', text: 'hunter2' },
        { kind: 'type', text: 'again hunter2!' },
        { kind: 'show', text: 'hello hunter2' },
        { kind: 'submit', text: 'plain' },
      ],
    })
    expect(text).not.toContain('hunter2')
    expect(text).toContain("tmux.spawn(['./login', '--user', 'admin'], { cols: 80, rows: 24, secrets: [process.env.APP_PASSWORD!] })")
    expect(text).toContain('await app.submit(process.env.APP_PASSWORD!, { secret: true })')
    expect(text).toContain("await app.type('again ' + process.env.APP_PASSWORD! + '!', { secret: true })")
    expect(text).toContain("await expect(app).toShowOnScreen('hello ' + process.env.APP_PASSWORD!)")
    expect(text).toContain("await app.submit('plain')")
    const jest = renderTest({ name: 'j', command: 'x', cols: 80, rows: 24, target: 'jest', secrets, steps: [{ kind: 'submit', text: 'hunter2' }] })
    expect(jest).toContain('await app.submit(process.env.APP_PASSWORD, { secret: true })')
  })

  test('--secret reads the variable when codegen starts; an unset one is a usage error naming it', () => {
    process.env.TMUXPECT_TEST_SECRET = 's3'
    try {
      expect(parseCodegenArgs(['--secret', 'TMUXPECT_TEST_SECRET', '--', 'sh'])?.secrets).toEqual([{ name: 'TMUXPECT_TEST_SECRET', value: 's3' }])
    } finally {
      delete process.env.TMUXPECT_TEST_SECRET
    }
    expect(() => parseCodegenArgs(['--secret', 'TMUXPECT_TEST_SECRET', '--', 'sh'])).toThrow(/--secret TMUXPECT_TEST_SECRET: the environment variable TMUXPECT_TEST_SECRET is not set/)
    expect(() => parseCodegenArgs(['--secret', 'not a name', '--', 'sh'])).toThrow(/--secret takes the name of an environment variable/)
  })
})

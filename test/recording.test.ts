/**
 * Recordings: every session's terminal as an asciicast v2 file, from the
 * `%output` stream. Checked as a person would check one: it plays back in
 * the asciinema program (Debian's package) to the screen the test saw.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, afterEach, describe, expect } from 'vitest'
import { configure, OptionError } from 'tmuxpect'
import { test } from 'tmuxpect/vitest'
import { Recording } from '../src/recording.js'
import { recordingSettings } from '../src/options.js'

const folder = mkdtempSync(join(tmpdir(), 'tmuxpect-recording-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

const defaults = recordingSettings()
afterEach(() => configure({ record: defaults.mode, recordLimit: defaults.limit }))

interface Cast {
  header: Record<string, unknown>
  events: [number, string, string][]
}

function parseCast(text: string): Cast {
  const [header, ...events] = text.trimEnd().split('\n').map((line) => JSON.parse(line))
  return { header, events }
}

function output(cast: Cast): string {
  return cast.events.filter(([, kind]) => kind === 'o').map(([, , data]) => data).join('')
}

/** A `%output` line as tmux sends it: bytes below 0x20 and `\` as octal escapes. */
function outputLine(data: string): Buffer {
  const escaped = Buffer.from(data, 'utf8').reduce((text, byte) => text + (byte < 0x20 || byte === 0x5c ? `\\${byte.toString(8).padStart(3, '0')}` : String.fromCharCode(byte)), '')
  return Buffer.concat([Buffer.from('%output %1 '), Buffer.from(escaped, 'latin1')])
}

describe('the recording format', () => {
  test('output is decoded from tmux escapes, UTF-8 stays whole across pages, input and resizes are events', () => {
    const recording = new Recording({ cols: 80, rows: 24, startedAt: performance.now(), limit: 8 << 20, env: { TERM: 'tmux-256color', SHELL: '/bin/sh' } })
    const wide = 'é日'.repeat(3000) // 15000 bytes: crosses the 4 KiB and 8 KiB pages mid-character
    recording.output(outputLine('a\\b\r\n\u001b[31mred\u001b[0m\r\n'), 11)
    recording.input('ls\r')
    recording.output(outputLine(wide), 11)
    recording.resize(100, 30)
    const cast = parseCast(recording.toAsciicast())
    expect(cast.header).toMatchObject({ version: 2, width: 80, height: 24, env: { TERM: 'tmux-256color', SHELL: '/bin/sh' } })
    expect(typeof cast.header.timestamp).toBe('number')
    expect(output(cast)).toBe('a\\b\r\n\u001b[31mred\u001b[0m\r\n' + wide)
    expect(cast.events.filter(([, kind]) => kind === 'i').map(([, , data]) => data)).toEqual(['ls\r'])
    expect(cast.events.at(-1)!.slice(1)).toEqual(['r', '100x30'])
    const times = cast.events.map(([time]) => time)
    expect(times).toEqual([...times].sort((a, b) => a - b))
  })

  test('past its limit a recording keeps the start and the latest output, and says what it left out', () => {
    const limit = 256 * 1024
    const recording = new Recording({ cols: 80, rows: 24, startedAt: performance.now(), limit })
    const line = (n: number) => `line ${String(n).padStart(7, '0')} ${'x'.repeat(80)}\r\n`
    for (let n = 1; n <= 100_000; n++) recording.output(outputLine(line(n)), 11)
    // ~9.3 MB went through; memory held stays within the limit (plus the page being filled)
    expect(recording.heldBytes).toBeLessThanOrEqual(limit + 65536)
    expect(recording.droppedBytes).toBeGreaterThan(8_000_000)
    const text = output(parseCast(recording.toAsciicast()))
    expect(text.startsWith(line(1))).toBe(true)
    expect(text.endsWith(line(100_000))).toBe(true)
    expect(text).toMatch(/\[tmuxpect: \d+ bytes of output left out here: the recording keeps 262144 bytes at most\]/)
  })

  test('configure() names a wrong mode or limit', () => {
    expect(() => configure({ record: 'sometimes' as never })).toThrow(OptionError)
    expect(() => configure({ record: 'sometimes' as never })).toThrow(/record must be one of 'off', 'failed', 'all', got "sometimes"/)
    expect(() => configure({ recordLimit: 10 })).toThrow(/recordLimit must be a whole number of bytes, at least 65536, got 10/)
  })
})

describe('recording real programs', () => {
  test('a session records what the program printed, what was typed and resizes, with times from its start', async ({ tmux }) => {
    const py = await tmux.spawn(['python3', '-q'], { cols: 60, rows: 12 })
    await expect(py).toShowOnScreen('>>>')
    await py.submit('print("\\x1b[1;31mERROR\\x1b[0m", 6 * 7)')
    await expect(py).toShowOnScreen('ERROR 42')
    await py.resize(70, 14)
    const cast = parseCast(py.asciicast()!)
    expect(cast.header).toMatchObject({ version: 2, width: 60, height: 12, title: 'python3 -q' })
    expect(output(cast)).toContain('\u001b[1;31mERROR\u001b[0m 42')
    expect(cast.events.filter(([, kind]) => kind === 'i').map(([, , data]) => data)).toEqual(['print("\\x1b[1;31mERROR\\x1b[0m", 6 * 7)\r'])
    // (python redraws its prompt after the resize: the "r" event need not be the last)
    expect(cast.events.filter(([, kind]) => kind === 'r').map(([, , data]) => data)).toEqual(['70x14'])
    // times count from the session's start, not from the epoch
    expect(cast.events[0]![0]).toBeLessThan(60)
  })

  test('a recording plays back in asciinema to the screen the test saw', async ({ tmux }) => {
    const shell = await tmux.spawn(['bash', '--norc', '--noprofile'], { cols: 60, rows: 10, env: { PS1: '$ ' } })
    await expect(shell).toShowOnScreen('$')
    await shell.submit("printf '\\033[32mgreen\\033[0m and 日本語\\n'; seq 3")
    await expect(shell).toShowOnScreen(/^3\n\$ $/m)
    const seen = await shell.screen()
    const file = join(folder, 'shell.cast')
    writeFileSync(file, shell.asciicast()!)

    // as a person runs it, in a terminal of the recorded size
    const player = await tmux.spawn(['asciinema', 'play', '-s', '1000', '-i', '0.01', file], { cols: 60, rows: 10 })
    await expect(player).toHaveExited({ code: 0 })
    const played = await player.screen()
    // (the player's final screen has no cursor on the prompt row, so its "$ " reads "$")
    expect(played.lines.slice(0, seen.lines.length - 1)).toEqual(seen.lines.slice(0, -1).map((line) => line.trimEnd()))
    expect(played.text).toContain('green and 日本語')

    // and without a terminal at all (CI)
    const piped = await execa('asciinema', ['play', '-s', '1000', '-i', '0.01', file], { stdin: 'ignore' })
    expect(piped.stdout).toContain('\u001b[32mgreen\u001b[0m and 日本語')
  })

  test('a flood of 1,000,000 lines keeps the recording within its limit', async ({ tmux }) => {
    configure({ recordLimit: 1 << 20 })
    const flood = await tmux.spawn(['sh', '-c', 'seq 1 1000000; echo FLOOD-DONE; exec cat'])
    await expect(flood).toShowOnScreen('FLOOD-DONE', { timeout: 60_000 })
    const cast = flood.asciicast()!
    // 6.9 MB of output went through; the file holds about the limit (JSON adds escapes)
    expect(cast.length).toBeLessThan(3 << 20)
    const text = output(parseCast(cast))
    expect(text.startsWith('1\r\n2\r\n3\r\n')).toBe(true)
    expect(text).toContain('bytes of output left out here')
    expect(text).toMatch(/999999\r\n1000000\r\nFLOOD-DONE\r\n$/)
  })

  test('with recording off there is no recording', async ({ tmux }) => {
    configure({ record: 'off' })
    const session = await tmux.spawn(['cat'])
    expect(session.asciicast()).toBeUndefined()
  })
})

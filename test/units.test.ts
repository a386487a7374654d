import { describe, expect, test } from 'vitest'
import { InvalidKeyError, InvalidSessionNameError, OptionError } from '../src/errors.js'
import { validateKey } from '../src/keys.js'
import { sessionNameFor, socketOwnerPid, validateSessionName, newSocketName } from '../src/naming.js'
import { Screen, logicalText } from '../src/screen.js'
import { configure, defaultTimeout, validateTimeout } from '../src/options.js'

describe('key names', () => {
  test.each(['Enter', 'enter', 'Escape', 'Tab', 'BSpace', 'C-c', 'M-x', 'C-M-Left', 'S-F5', 'F12', 'KPEnter', 'q', ';', '-', 'é', '^C', '0x1b'])(
    '%s is a tmux key',
    (key) => expect(validateKey(key)).toBe(key),
  )

  test('an unknown name is an error naming it, with a hint', () => {
    expect(() => validateKey('Ener')).toThrow(InvalidKeyError)
    expect(() => validateKey('Ener')).toThrow(/unknown key "Ener" \(did you mean "Enter"\?\)/)
    expect(() => validateKey('C-Backspace')).toThrow(/did you mean "C-BSpace"/)
    expect(() => validateKey('')).toThrow(/empty/)
    expect(() => validateKey(42)).toThrow(/must be a string, got 42/)
  })
})

describe('names', () => {
  test('socket names carry the owner PID', () => {
    const name = newSocketName(4242)
    expect(name).toMatch(/^tmuxpect-4242-[0-9a-f]{6}$/)
    expect(socketOwnerPid(name)).toBe(4242)
    expect(socketOwnerPid('default')).toBeUndefined()
    expect(socketOwnerPid('tmuxpect-abc-123')).toBeUndefined()
  })

  test('session names are a slug of the test name plus a short random part', () => {
    expect(sessionNameFor('Python evaluates: 6 * 7!')).toMatch(/^python-evaluates-6-7-[0-9a-f]{6}$/)
    expect(sessionNameFor(undefined)).toMatch(/^session-[0-9a-f]{6}$/)
    expect(sessionNameFor('x'.repeat(200)).length).toBeLessThanOrEqual(47)
  })

  test.each([
    ['', /empty/],
    ['a.b', /target separators/],
    ['a:b', /target separators/],
    ['x'.repeat(101), /101 characters/],
    ['tab\there', /control character/],
    [' padded', /whitespace/],
    ['__tmuxpect', /tmuxpect's own/],
  ])('session name %j is refused', (name, why) => {
    expect(() => validateSessionName(name)).toThrow(InvalidSessionNameError)
    expect(() => validateSessionName(name)).toThrow(why)
  })
})

describe('options', () => {
  test('timeouts must be positive finite numbers', () => {
    expect(() => validateTimeout('5s')).toThrow(new OptionError('timeout must be a positive finite number of milliseconds, got "5s"'))
    expect(() => validateTimeout(Number.POSITIVE_INFINITY)).toThrow(OptionError)
    expect(() => validateTimeout(0)).toThrow(OptionError)
    expect(validateTimeout(1)).toBe(1)
  })

  test('the default timeout is configurable', () => {
    const before = defaultTimeout()
    configure({ timeout: 1234 })
    expect(defaultTimeout()).toBe(1234)
    configure({ timeout: before })
    expect(() => configure({ timeout: -1 })).toThrow(/got -1/)
  })
})

describe('Screen', () => {
  const screen = new Screen({
    lines: ['>>> 6 * 7', '42', '日本語 wide', '>>>', '', '', ''],
    text: logicalText(['>>> 6 * 7   ', '42', '日本語 wide', '>>>', '', '', '']),
    cursor: { x: 4, y: 3 },
    cols: 12,
    rows: 7,
  })

  test('is immutable', () => {
    expect(Object.isFrozen(screen)).toBe(true)
    expect(Object.isFrozen(screen.lines)).toBe(true)
  })

  test('matches strings and regular expressions on the logical text', () => {
    expect(screen.text).toBe('>>> 6 * 7\n42\n日本語 wide\n>>>')
    expect(screen.contains('42')).toBe(true)
    expect(screen.contains(/^42$/m)).toBe(true)
    expect(screen.contains(/^4$/m)).toBe(false)
    const global = /42/g
    expect(screen.contains(global)).toBe(true)
    expect(screen.contains(global)).toBe(true) // lastIndex does not leak between calls
  })

  test('frames the screen with row numbers, wide characters as two columns, the cursor row and column marked', () => {
    expect(screen.toString()).toBe(
      [
        '    ┌────────────┐',
        '  1 │>>> 6 * 7   │',
        '  2 │42          │',
        '  3 │日本語 wide │',
        '▸ 4 │>>>         │',
        '  ⋮ │rows 5–7 bla│',
        '    └────▲───────┘',
      ].join('\n'),
    )
  })
})

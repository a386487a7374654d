// Input bytes as tmux writes them to a pane → text, key names, pastes, mouse reports.
import { describe, expect, test } from 'vitest'
import { decodeInput, type Token } from '../../src/codegen/decode.js'
import { OTHER_SPELLINGS, reverseKeyTable } from '../../src/codegen/key-lookup.js'
import { KEY_NAMES, MODIFIER_PREFIXES, NORMAL_MODES, encodeKey, type KeyModes } from '../../src/keys.js'

const keys = (bytes: string) => decodeInput(Buffer.from(bytes, 'latin1'))
const key = (name: string): Token => ({ kind: 'key', name })

describe('decodeInput', () => {
  test('printable text, UTF-8 included, is one text token', () => {
    expect(decodeInput(Buffer.from('héllo wörld ✓', 'utf8'))).toEqual([{ kind: 'text', text: 'héllo wörld ✓' }])
  })

  test.each([
    ['\r', 'Enter'], ['\t', 'Tab'], ['\x7f', 'BSpace'], ['\x08', 'C-h'], ['\x03', 'C-c'], ['\x04', 'C-d'],
    ['\x1a', 'C-z'], ['\x00', 'C-Space'], ['\x1c', 'C-\\'], ['\x1d', 'C-]'], ['\x1f', 'C-_'], ['\x0a', 'C-j'],
    ['\x1b', 'Escape'], ['\x1b[Z', 'BTab'],
    ['\x1b[A', 'Up'], ['\x1b[B', 'Down'], ['\x1b[C', 'Right'], ['\x1b[D', 'Left'],
    ['\x1bOA', 'Up'], ['\x1bOD', 'Left'],
    ['\x1b[1~', 'Home'], ['\x1b[4~', 'End'], ['\x1b[H', 'Home'], ['\x1b[F', 'End'],
    ['\x1b[2~', 'IC'], ['\x1b[3~', 'DC'], ['\x1b[5~', 'PPage'], ['\x1b[6~', 'NPage'],
    ['\x1bOP', 'F1'], ['\x1bOS', 'F4'], ['\x1b[15~', 'F5'], ['\x1b[21~', 'F10'], ['\x1b[24~', 'F12'],
    ['\x1b[1;5A', 'C-Up'], ['\x1b[1;3A', 'M-Up'], ['\x1b[1;2A', 'S-Up'], ['\x1b[1;7A', 'C-M-Up'],
    ['\x1b[1;2D', 'S-Left'], ['\x1b[1;5C', 'C-Right'], ['\x1b[1;3H', 'M-Home'], ['\x1b[1;2F', 'S-End'],
    ['\x1b[15;5~', 'C-F5'], ['\x1b[15;6~', 'C-S-F5'], ['\x1b[1;2P', 'S-F1'], ['\x1b[5;3~', 'M-PPage'], ['\x1b[3;5~', 'C-DC'],
    ['\x1bx', 'M-x'], ['\x1bX', 'M-X'], ['\x1b1', 'M-1'], ['\x1b ', 'M-Space'], ['\x1b\r', 'M-Enter'],
    ['\x1b\x7f', 'M-BSpace'], ['\x1b\x01', 'C-M-a'], ['\x1b\x1b', 'M-Escape'],
    ['\x1bOp', 'KP0'], ['\x1bOM', 'KPEnter'], ['\x1bOk', 'KP+'],
  ])('%j is %s (what tmux 3.3a sends for it)', (bytes, name) => {
    expect(keys(bytes)).toEqual([key(name)])
  })

  test('keys and text in one read stay in order', () => {
    expect(keys('ab\x1b[Acd\r\x03')).toEqual([{ kind: 'text', text: 'ab' }, key('Up'), { kind: 'text', text: 'cd' }, key('Enter'), key('C-c')])
    expect(keys('\x1b[B\x1b[B\r')).toEqual([key('Down'), key('Down'), key('Enter')])
  })

  test('a bracketed paste is one paste, newlines and escapes inside kept', () => {
    expect(keys('\x1b[200~line 1\rline 2\x1b[A\x1b[201~x')).toEqual([{ kind: 'paste', text: 'line 1\rline 2\x1b[A' }, { kind: 'text', text: 'x' }])
  })

  test('mouse: SGR, X10 and urxvt reports, zero-based cells', () => {
    expect(keys('\x1b[<0;5;3M\x1b[<0;5;3m')).toEqual([
      { kind: 'mouse', event: { action: 'press', button: 'left', x: 4, y: 2, modifiers: [] } },
      { kind: 'mouse', event: { action: 'release', button: 'left', x: 4, y: 2, modifiers: [] } },
    ])
    expect(keys('\x1b[<64;1;1M')).toEqual([{ kind: 'mouse', event: { action: 'wheel', button: 'up', x: 0, y: 0, modifiers: [] } }])
    expect(keys('\x1b[<34;10;2M')).toEqual([{ kind: 'mouse', event: { action: 'drag', button: 'right', x: 9, y: 1, modifiers: [] } }])
    expect(keys('\x1b[<16;2;2M')).toEqual([{ kind: 'mouse', event: { action: 'press', button: 'left', x: 1, y: 1, modifiers: ['ctrl'] } }])
    expect(keys('\x1b[M !!\x1b[M#!!')).toEqual([
      { kind: 'mouse', event: { action: 'press', button: 'left', x: 0, y: 0, modifiers: [] } },
      { kind: 'mouse', event: { action: 'release', x: 0, y: 0, modifiers: [] } },
    ])
    // 1005: coordinates past 95 as UTF-8 characters.
    expect(decodeInput(Buffer.concat([Buffer.from('\x1b[M '), Buffer.from(String.fromCodePoint(33 + 120) + '!', 'utf8')]))).toEqual([
      { kind: 'mouse', event: { action: 'press', button: 'left', x: 120, y: 0, modifiers: [] } },
    ])
    expect(keys('\x1b[32;3;4M')).toEqual([{ kind: 'mouse', event: { action: 'press', button: 'left', x: 2, y: 3, modifiers: [] } }])
  })

  test('unknown sequences stay byte-exact, never dropped or guessed', () => {
    expect(keys('\x1b[I')).toEqual([{ kind: 'raw', bytes: Buffer.from('\x1b[I') }])
    expect(keys('\x1b[99~')).toEqual([{ kind: 'raw', bytes: Buffer.from('\x1b[99~') }])
    expect(keys('\x1b[1;9A')).toEqual([{ kind: 'raw', bytes: Buffer.from('\x1b[1;9A') }])
    expect(keys('\x1bOz')).toEqual([{ kind: 'raw', bytes: Buffer.from('\x1bOz') }])
    expect(keys('a\xff')).toEqual([{ kind: 'raw', bytes: Buffer.from('a\xff', 'latin1') }])
  })

  test('an escape sequence cut short by the end of the read is Meta-[ then text', () => {
    expect(keys('\x1b[1;')).toEqual([key('M-['), { kind: 'text', text: '1;' }])
  })
})

describe('the reverse key table is the key table read backwards (src/key-table.ts, what press sends)', () => {
  const APPLICATION: KeyModes = { applicationCursor: true, applicationKeypad: true }
  const lower = [...'abcdefghijklmnopqrstuvwxyz0123456789@[\\]^_/?`~!;', 'é', 'ж', '👍']
  // Capitals too: Shift with a letter (M-S-b) sends what the capital (M-B) does.
  const characters = [...new Set([...lower, ...lower.map((character) => character.toUpperCase())])]
  const names = [...KEY_NAMES, ...characters].flatMap((key) => MODIFIER_PREFIXES.map((prefix) => prefix + key))
  const bytesOf = (name: string, modes: KeyModes) => {
    try {
      return encodeKey(name, modes)
    } catch {
      return undefined
    }
  }

  test.each([
    ['normal modes', NORMAL_MODES],
    ['application cursor keys and keypad', APPLICATION],
  ])('every name decodes back to itself when no other name sends its bytes, else to a name that sends the same bytes (%s)', (_, modes) => {
    const sending = new Map<string, string[]>()
    for (const name of names) {
      const bytes = bytesOf(name, modes)
      if (bytes !== undefined) sending.set(bytes, [...(sending.get(bytes) ?? []), name])
    }
    let checked = 0
    let unique = 0
    for (const [bytes, senders] of sending) {
      const tokens = decodeInput(Buffer.from(bytes, 'utf8'))
      const printable = !/[\x00-\x1f\x7f]/.test(bytes)
      if (printable) {
        // A key that sends a character (KP5 in numeric mode, S-a) is typed text.
        expect(tokens, senders.join(' ')).toEqual([{ kind: 'text', text: bytes }])
        continue
      }
      expect(tokens, `${senders.join(' ')} send ${JSON.stringify(bytes)}`).toHaveLength(1)
      const token = tokens[0]!
      expect(token.kind, `${senders.join(' ')} send ${JSON.stringify(bytes)}`).toBe('key')
      const decoded = token.kind === 'key' ? token.name : ''
      expect(bytesOf(decoded, modes), `${JSON.stringify(bytes)} (sent by ${senders.join(' ')}) decoded as ${decoded}`).toBe(bytes)
      if (senders.length === 1) {
        expect(decoded).toBe(senders[0])
        unique++
      }
      checked++
    }
    // Most of the table is there: the eight modifier combinations of each named key, Ctrl and Alt with characters.
    expect(checked).toBeGreaterThan(400)
    expect(unique).toBeGreaterThan(300)
  })

  test('characters with modifiers of their own: Alt with any character, modifyOtherKeys forms, the modified application keypad', () => {
    expect(decodeInput(Buffer.from('\x1bé', 'utf8'))).toEqual([key('M-é')])
    expect(keys('\x1b[27;6;65~')).toEqual([key('C-S-a')])
    expect(keys('\x1b[27;5;49~')).toEqual([key('C-1')])
    expect(keys('\x1b[27;5;9~\x1b[27;5;13~')).toEqual([key('C-Tab'), key('C-Enter')])
    expect(keys('\x1bO5p')).toEqual([key('C-KP0')])
    expect(keys('\x1b[27;9;65~')).toEqual([{ kind: 'raw', bytes: Buffer.from('\x1b[27;9;65~') }])
  })

  test('the other spellings (xterm\'s and rxvt\'s Home and End, old F1–F4) are no name\'s bytes, and name keys of the table', () => {
    const table = reverseKeyTable()
    for (const [bytes, name] of Object.entries(OTHER_SPELLINGS)) {
      expect(table.has(bytes), bytes).toBe(false)
      expect(names.some((candidate) => bytesOf(candidate, NORMAL_MODES) === bytes || bytesOf(candidate, APPLICATION) === bytes), bytes).toBe(false)
      expect(KEY_NAMES).toContain(name)
    }
  })
})

/**
 * Keys: the one key table (src/keys.ts) against what xterm really sends
 * (measured, test/fixtures/keys/xterm-379.json), and against what a real
 * program in real tmux reads for every accepted name in every modifier
 * combination.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect as plainExpect, test as unitTest } from 'vitest'
import { test, expect } from 'tmuxpect/vitest'
import { InvalidKeyError } from 'tmuxpect'
import { MODIFIER_PREFIXES, NAMED_KEYS, encodeKey, parseKey, validateKey, type KeyModes } from '../src/keys.js'
import { keyTableMarkdown } from './fixtures/keys/print-table.js'

const xterm = JSON.parse(readFileSync(new URL('./fixtures/keys/xterm-379.json', import.meta.url), 'utf8')) as Record<string, Record<string, string>>

/** xdotool's names for our keys. */
const XTERM_KEYS: Record<string, string> = {
  a: 'a', z: 'z', 1: '1', 2: '2', ',': 'comma', '/': 'slash', Space: 'space', Tab: 'Tab', Enter: 'Return', Escape: 'Escape', BSpace: 'BackSpace',
  Up: 'Up', Down: 'Down', Left: 'Left', Right: 'Right', Home: 'Home', End: 'End', IC: 'Insert', DC: 'Delete', PPage: 'Prior', NPage: 'Next',
  ...Object.fromEntries(Array.from({ length: 12 }, (_, index) => [`F${index + 1}`, `F${index + 1}`])),
}
const XDOTOOL_MODIFIERS = ['', 'shift+', 'ctrl+', 'alt+', 'ctrl+shift+', 'alt+shift+', 'ctrl+alt+', 'ctrl+alt+shift+']
const hex = (bytes: string) => Buffer.from(bytes, 'utf8').toString('hex')

describe('the key table against xterm (XTerm 379, measured)', () => {
  /**
   * The rule: xterm's usual bytes (modifyOtherKeys 1) where they are the
   * key's own; where they are the same as the key with fewer modifiers, or
   * already in the modifyOtherKeys form, xterm's modifyOtherKeys 2 bytes.
   */
  function expectedFromXterm(key: string, modifier: number, table: Record<string, string>): string | undefined {
    const name = (mask: number) => XDOTOOL_MODIFIERS[mask]! + XTERM_KEYS[key]!
    const usual = table[name(modifier)]
    if (usual === '') return undefined // xterm or the X server kept this one (Shift-Insert pastes, Ctrl-Alt-Fn switches consoles)
    const bits = (mask: number) => ({ shift: mask === 1 || mask === 4 || mask === 5 || mask === 7, ctrl: [2, 4, 6, 7].includes(mask), alt: [3, 5, 6, 7].includes(mask) })
    const mine = bits(modifier)
    const collides = XDOTOOL_MODIFIERS.some((_, other) => {
      if (other === modifier) return false
      const theirs = bits(other)
      const subset = (!theirs.shift || mine.shift) && (!theirs.ctrl || mine.ctrl) && (!theirs.alt || mine.alt)
      return subset && table[name(other)] === usual
    })
    // Where modifyOtherKeys 1 already uses the ESC[27;m;code~ form it drops Alt
    // (Ctrl-Alt-Escape as Ctrl-Escape): the table takes modifyOtherKeys 2's, which keeps it.
    const otherKeysForm = usual!.startsWith(hex('\u001b[27;'))
    return collides || otherKeysForm ? xterm.modifyOtherKeys2![name(modifier)] : usual
  }

  const cases: [string, number][] = []
  for (const key of Object.keys(XTERM_KEYS)) for (let modifier = 0; modifier < 8; modifier++) cases.push([key, modifier])

  unitTest.each(cases)('%s with modifiers #%i', (key, modifier) => {
    const name = MODIFIER_PREFIXES[modifier]! + key
    // Shift with a character that is not a letter gives another character
    // on the keyboard (Shift-1 is "!"), which tmuxpect cannot know: refused.
    if (key.length === 1 && !/[a-z]/.test(key) && name.includes('S-')) {
      plainExpect(() => encodeKey(name)).toThrow(/Shift with "."/)
      return
    }
    // Home and End follow the terminfo entry programs are given (tmux-256color: khome=\E[1~, kend=\E[4~).
    if ((key === 'Home' || key === 'End') && modifier === 0) {
      plainExpect(hex(encodeKey(name))).toBe(hex(key === 'Home' ? '\u001b[1~' : '\u001b[4~'))
      return
    }
    const expected = expectedFromXterm(key, modifier, xterm.modifyOtherKeys1!)
    if (expected !== undefined) plainExpect(hex(encodeKey(name))).toBe(expected)
    const application = xterm.modifyOtherKeys1ApplicationModes![XDOTOOL_MODIFIERS[modifier]! + XTERM_KEYS[key]!]
    if (modifier === 0 && application && key !== 'Home' && key !== 'End') {
      plainExpect(hex(encodeKey(name, { applicationCursor: true, applicationKeypad: true }))).toBe(application)
    }
  })

  unitTest('no name sends what another name with fewer modifiers sends', () => {
    for (const key of [...Object.keys(NAMED_KEYS), 'a', '1', '/', ' ']) {
      const sent = new Map<string, string>()
      for (const prefix of MODIFIER_PREFIXES) {
        let bytes: string
        try {
          bytes = encodeKey(prefix + key)
        } catch {
          continue
        }
        plainExpect(sent.get(bytes), `${prefix}${key} sends what ${sent.get(bytes)} sends`).toBeUndefined()
        sent.set(bytes, prefix + key)
      }
    }
  })
})

describe('key names', () => {
  unitTest.each(['Enter', 'enter', 'Escape', 'Tab', 'BTab', 'S-Tab', 'BSpace', 'C-c', 'M-x', 'C-M-Left', 'S-F5', 'F12', 'KPEnter', 'q', ';', '-', 'é', '^C', '0x1b', 'C-S-a', 'M-S-Tab', 'S-Enter', 'C-Tab', 'C-Enter', 'C-Escape', 'C-BSpace', 's-enter'])(
    '%s is accepted',
    (key) => plainExpect(validateKey(key)).toBe(key),
  )

  unitTest('tmux spellings and aliases send the same', () => {
    plainExpect(encodeKey('BTab')).toBe('\u001b[Z')
    plainExpect(encodeKey('S-Tab')).toBe('\u001b[Z')
    plainExpect(encodeKey('^C')).toBe('\u0003')
    plainExpect(encodeKey('PgUp')).toBe(encodeKey('PPage'))
    plainExpect(encodeKey('Delete')).toBe(encodeKey('DC'))
    plainExpect(encodeKey('0x41')).toBe('A')
  })

  unitTest('a name that cannot be sent is refused with what to use instead', () => {
    plainExpect(() => encodeKey('Ener')).toThrow(/unknown key "Ener" \(did you mean "Enter"\?\)/)
    plainExpect(() => encodeKey('C-Backspace')).toThrow(/did you mean "C-BSpace"/)
    plainExpect(() => encodeKey('shift-tab')).toThrow(/did you mean "S-Tab"/)
    plainExpect(() => encodeKey('C-A')).toThrow(/ambiguous: write "C-a" for Ctrl\+a or "C-S-a" for Ctrl\+Shift\+a/)
    plainExpect(() => encodeKey('S-1')).toThrow(/press the character Shift gives/)
    plainExpect(() => encodeKey('C-KP5')).toThrow(/application keypad mode \(ESC =\)\. Press "KP5"/)
    plainExpect(encodeKey('C-KP5', { applicationCursor: false, applicationKeypad: true })).toBe('\u001bO5u')
    plainExpect(() => encodeKey('')).toThrow(/empty/)
    plainExpect(() => encodeKey(42)).toThrow(/must be a string, got 42/)
    plainExpect(() => parseKey('0x110000')).toThrow(InvalidKeyError)
  })
})

const scratch = mkdtempSync(join(tmpdir(), 'tmuxpect-keys-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** A raw-mode program that keeps every byte it reads and writes them to a file at the end marker. */
const BYTE_DUMP = [
  'import os, sys, tty',
  'tty.setraw(0)',
  "if 'c' in sys.argv[2]: os.write(1, b'\\x1b[?1h')",
  "if 'k' in sys.argv[2]: os.write(1, b'\\x1b=')",
  "os.write(1, b'READY\\r\\n')",
  "data = b''",
  "while not data.endswith(b'<<end>>'): data += os.read(0, 4096)",
  "open(sys.argv[1], 'wb').write(data[:-7])",
  "os.write(1, b'DONE\\r\\n')",
].join('\n')

/** Every accepted name in every modifier combination: the named keys, BTab, and characters of each kind. */
const ALL_KEYS = [...Object.keys(NAMED_KEYS), 'BTab', 'a', 'z', '1', '2', '8', ',', '/', '[', 'é', '👍']

describe('every key name through tmux to a real program', () => {
  for (const [label, modes, flags] of [
    ['normal modes', { applicationCursor: false, applicationKeypad: false }, ''],
    ['application cursor keys and keypad', { applicationCursor: true, applicationKeypad: true }, 'ck'],
  ] as [string, KeyModes, string][]) {
    test(`the program reads exactly the table's bytes (${label})`, async ({ tmux }) => {
      const dump = join(scratch, `${flags || 'normal'}.bin`)
      const session = await tmux.spawn(['python3', '-c', BYTE_DUMP, dump, flags])
      await expect(session).toShowOnScreen('READY')
      let expected = ''
      let refused = 0
      for (const key of ALL_KEYS) {
        for (const prefix of MODIFIER_PREFIXES) {
          const name = prefix + key
          let bytes: string
          try {
            bytes = encodeKey(name, modes)
          } catch (error) {
            // Refused by the table: refused by press too, and nothing is sent.
            await plainExpect(session.press(name, '|')).rejects.toThrow(InvalidKeyError)
            refused++
            continue
          }
          await session.press(name, '|', { escapeDelay: 0 })
          expected += bytes + '|'
        }
      }
      await session.type('<<end>>')
      await expect(session).toShowOnScreen('DONE')
      const got = readFileSync(dump)
      const want = Buffer.from(expected, 'utf8')
      // Compared key by key, so a failure names the key.
      const gotKeys = got.toString('latin1').split('|')
      const wantKeys = want.toString('latin1').split('|')
      plainExpect(gotKeys.map((bytes) => Buffer.from(bytes, 'latin1').toString('hex'))).toEqual(wantKeys.map((bytes) => Buffer.from(bytes, 'latin1').toString('hex')))
      plainExpect(refused).toBeGreaterThan(0)
    })
  }

  test('a key that refuses sends nothing, not even the keys before it', async ({ tmux }) => {
    const dump = join(scratch, 'refused.bin')
    const session = await tmux.spawn(['python3', '-c', BYTE_DUMP, dump, ''])
    await expect(session).toShowOnScreen('READY')
    await plainExpect(session.press('Up', 'S-1')).rejects.toThrow(/Shift with "1"/)
    await plainExpect(session.press('Up', 'C-KP5')).rejects.toThrow(/numeric keypad mode/)
    await session.press('S-Tab', 'C-S-a', 'S-Enter')
    await session.type('<<end>>')
    await expect(session).toShowOnScreen('DONE')
    plainExpect(readFileSync(dump).toString('latin1')).toBe('\u001b[Z\u001b[27;6;65~\u001b[27;2;13~')
  })
})

describe('the key tables in the docs', () => {
  unitTest('docs/keys.md holds the whole table keys.ts encodes (npx tsx test/fixtures/keys/print-table.ts)', () => {
    const doc = readFileSync(new URL('../docs/keys.md', import.meta.url), 'utf8')
    plainExpect(doc).toContain(keyTableMarkdown())
  })

  unitTest("the README's excerpt is rows of the same table", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const rows = readme.split('\n').filter((line) => /^\| `[^`]+` \| `/.test(line))
    plainExpect(rows.length).toBeGreaterThan(5)
    const keys = rows.map((line) => /^\| `([^`]+)`/.exec(line)![1]!)
    plainExpect(rows.join('\n')).toBe(keyTableMarkdown(keys).split('\n').slice(2).join('\n'))
  })
})

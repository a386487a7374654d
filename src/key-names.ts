/**
 * Key names read: modifiers, named keys (key-table.ts), characters; a name
 * that cannot be sent is an InvalidKeyError saying what to use instead.
 */
import { InvalidKeyError } from './errors.js'
import { KEY_NAMES, NAMED_KEYS, type NamedKey } from './key-table.js'
import { describeValue } from './options.js'

const BY_LOWER_NAME = new Map(Object.keys(NAMED_KEYS).map((name) => [name.toLowerCase(), name]))

/** Names people reach for that are spelled differently here. */
const SUGGESTIONS: Record<string, string> = {
  backspace: 'BSpace', bs: 'BSpace', esc: 'Escape', return: 'Enter', ret: 'Enter', cr: 'Enter',
  del: 'DC', ins: 'IC', arrowup: 'Up', arrowdown: 'Down',
  arrowleft: 'Left', arrowright: 'Right', 'shift-tab': 'S-Tab', ctrl: 'C-', control: 'C-', alt: 'M-', meta: 'M-',
}

/** A key name read: its modifiers and the key they modify. */
export interface ParsedKey {
  /** The name as given. */
  name: string
  ctrl: boolean
  alt: boolean
  shift: boolean
  /** A name of NAMED_KEYS (canonical spelling), or a single character. */
  key: string
  named: NamedKey | undefined
}

function isSingleCharacter(text: string): boolean {
  const iterator = text[Symbol.iterator]()
  const first = iterator.next()
  return !first.done && iterator.next().done === true
}

export function invalid(key: string, why: string): InvalidKeyError {
  return new InvalidKeyError(`key ${JSON.stringify(key)} ${why}`, key)
}

/**
 * Read a key name: modifiers `C-` (Ctrl), `M-` (Alt), `S-` (Shift) in any
 * order, or `^x` for Ctrl-x, then a named key, a single character, or a
 * code point `0x…`. Throws InvalidKeyError for anything else.
 */
export function parseKey(key: unknown): ParsedKey {
  if (typeof key !== 'string') throw new InvalidKeyError(`key must be a string, got ${describeValue(key)}`, String(key))
  if (key.length === 0) throw new InvalidKeyError('key name is empty', key)
  let rest = key
  let ctrl = false
  let alt = false
  let shift = false
  if (rest.length === 2 && rest[0] === '^') {
    ctrl = true
    rest = rest[1]!.toLowerCase()
  }
  while (rest.length > 2 && rest[1] === '-' && 'CMScms'.includes(rest[0]!)) {
    const modifier = rest[0]!.toUpperCase()
    if (modifier === 'C') ctrl = true
    else if (modifier === 'M') alt = true
    else shift = true
    rest = rest.slice(2)
  }
  const canonical = BY_LOWER_NAME.get(rest.toLowerCase())
  if (canonical) return { name: key, ctrl, alt, shift, key: canonical, named: NAMED_KEYS[canonical] }
  if (rest.toLowerCase() === 'btab') return { name: key, ctrl, alt, shift: true, key: 'Tab', named: NAMED_KEYS.Tab }
  if (/^0x[0-9a-f]{1,6}$/i.test(rest)) {
    const code = Number.parseInt(rest.slice(2), 16)
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw invalid(key, `is not a Unicode code point`)
    rest = String.fromCodePoint(code)
  }
  if (isSingleCharacter(rest)) {
    const isUpper = rest !== rest.toLowerCase() && rest === rest.toUpperCase()
    if (isUpper && (ctrl || shift)) {
      const lower = rest.toLowerCase()
      const choices = ctrl ? `"C-${lower}" for Ctrl+${lower} or "C-S-${lower}" for Ctrl+Shift+${lower}` : `"${rest}" or "S-${lower}"`
      throw invalid(key, `is ambiguous: write ${choices}`)
    }
    if (shift && !isLetter(rest)) {
      throw invalid(
        key,
        `cannot be sent: Shift with ${JSON.stringify(rest)} gives another character, which depends on the keyboard; press the character Shift gives (e.g. "!" for Shift+1 on a US keyboard)`,
      )
    }
    return { name: key, ctrl, alt, shift, key: rest, named: undefined }
  }
  const lower = rest.toLowerCase()
  const hint = SUGGESTIONS[lower] ?? closestName(rest)
  const suggestion = hint ? ` (did you mean "${key.slice(0, key.length - rest.length)}${hint}"?)` : ''
  throw new InvalidKeyError(
    `unknown key ${JSON.stringify(key)}${suggestion}: use key names such as Enter, Escape, Tab, BSpace, Up, F5, C-c, M-x, S-Tab; use type() for text`,
    key,
  )
}

/**
 * Check a key name without sending it; returns it unchanged. (Kept for
 * callers of earlier versions: `parseKey` says more, `encodeKey` gives the bytes.)
 */
export function validateKey(key: unknown): string {
  return parseKey(key).name
}

function isLetter(char: string): boolean {
  return char.toLowerCase() !== char.toUpperCase()
}

function closestName(name: string): string | undefined {
  const lower = name.toLowerCase()
  let best: string | undefined
  let bestDistance = 3
  for (const candidate of KEY_NAMES) {
    const distance = editDistance(lower, candidate.toLowerCase())
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance]
  }
  return best
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1))
      previous = current
    }
  }
  return row[b.length]!
}

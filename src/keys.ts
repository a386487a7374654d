/**
 * Key names, validated against tmux's own table (key-string.c) before
 * anything is sent: tmux's send-keys types an unknown name as literal text,
 * so `press('Ener')` would type "Ener" instead of failing.
 */
import { InvalidKeyError } from './errors.js'
import { describeValue } from './options.js'

/** tmux's named keys (matched without regard to case, as tmux does). */
export const KEY_NAMES: readonly string[] = [
  'F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9', 'F10', 'F11', 'F12',
  'IC', 'Insert', 'DC', 'Delete', 'Home', 'End', 'NPage', 'PageDown', 'PgDn',
  'PPage', 'PageUp', 'PgUp', 'Tab', 'BTab', 'Space', 'BSpace', 'Enter', 'Escape',
  'Up', 'Down', 'Left', 'Right',
  'KP/', 'KP*', 'KP-', 'KP7', 'KP8', 'KP9', 'KP+', 'KP4', 'KP5', 'KP6',
  'KP1', 'KP2', 'KP3', 'KPEnter', 'KP0', 'KP.',
]

const NAMED = new Map(KEY_NAMES.map((name) => [name.toLowerCase(), name]))

/** Names people reach for that tmux spells differently. */
const SUGGESTIONS: Record<string, string> = {
  backspace: 'BSpace', bs: 'BSpace', esc: 'Escape', return: 'Enter', ret: 'Enter', cr: 'Enter',
  del: 'DC', pageup: 'PageUp', pagedown: 'PageDown', ins: 'IC', arrowup: 'Up', arrowdown: 'Down',
  arrowleft: 'Left', arrowright: 'Right', 'shift-tab': 'BTab', ctrl: 'C-', control: 'C-', alt: 'M-', meta: 'M-',
}

function isSingleCharacter(text: string): boolean {
  const iterator = text[Symbol.iterator]()
  const first = iterator.next()
  return !first.done && iterator.next().done === true
}

/**
 * Check a key name the way tmux reads it: modifiers `C-`, `M-`, `S-` (any
 * order), or `^x` for Ctrl, then a named key, a single character, or a hex
 * key code `0x…`. Returns the name to send.
 */
export function validateKey(key: unknown): string {
  if (typeof key !== 'string') throw new InvalidKeyError(`key must be a string, got ${describeValue(key)}`, String(key))
  if (key.length === 0) throw new InvalidKeyError('key name is empty', key)
  let rest = key
  if (rest.length === 2 && rest[0] === '^') return key
  while (rest.length > 2 && rest[1] === '-' && 'CMScms'.includes(rest[0]!)) rest = rest.slice(2)
  if (NAMED.has(rest.toLowerCase())) return key
  if (isSingleCharacter(rest)) return key
  if (/^0x[0-9a-f]{1,8}$/i.test(rest)) return key
  const hint = SUGGESTIONS[rest.toLowerCase()] ?? closestName(rest)
  const suggestion = hint ? ` (did you mean "${key.slice(0, key.length - rest.length)}${hint}"?)` : ''
  throw new InvalidKeyError(
    `unknown key ${JSON.stringify(key)}${suggestion}: use tmux key names such as Enter, Escape, Tab, BSpace, Up, F5, C-c, M-x; use type() for text`,
    key,
  )
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

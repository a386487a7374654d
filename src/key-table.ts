/**
 * THE key table's data: every named key tmuxpect accepts and how each is
 * encoded (keys.ts encodes, key-names.ts reads names; docs/keys.md).
 */
/**
 * How a named key is encoded:
 * - `other`: a key with a character code (Enter, Tab, …), encoded like a character;
 * - `cursor`: `CSI final` (`SS3 final` in application cursor mode), modified `CSI 1;m final`;
 * - `ss3`: `SS3 final`, modified `CSI 1;m final` (F1–F4);
 * - `tilde`: `CSI number ~`, modified `CSI number;m ~`;
 * - `home`: `CSI number ~`, modified `CSI 1;m final` (Home, End);
 * - `keypad`: its character, or `SS3 final` in application keypad mode (modified `SS3 m final`).
 */
export type NamedKey =
  | { kind: 'other'; bytes: string; code: number; ctrl?: string; ctrlCode?: number; shift?: string }
  | { kind: 'cursor'; final: string }
  | { kind: 'ss3'; final: string }
  | { kind: 'tilde'; number: number }
  | { kind: 'home'; number: number; final: string }
  | { kind: 'keypad'; char: string; final: string }

/**
 * THE key table: every key name tmuxpect accepts besides single
 * characters, with its encoding. Aliases point at the same entry. Names
 * match without regard to case, as tmux's do.
 */
export const NAMED_KEYS: Readonly<Record<string, NamedKey>> = (() => {
  const table: Record<string, NamedKey> = {
    Enter: { kind: 'other', bytes: '\r', code: 13 },
    Tab: { kind: 'other', bytes: '\t', code: 9, shift: '\u001b[Z' },
    Space: { kind: 'other', bytes: ' ', code: 32, ctrl: '\u0000' },
    Escape: { kind: 'other', bytes: '\u001b', code: 27 },
    // Ctrl flips Backspace between DEL and BS in xterm (its backarrowKey), and its code with it.
    BSpace: { kind: 'other', bytes: '\u007f', code: 127, ctrl: '\b', ctrlCode: 8 },
    Up: { kind: 'cursor', final: 'A' },
    Down: { kind: 'cursor', final: 'B' },
    Right: { kind: 'cursor', final: 'C' },
    Left: { kind: 'cursor', final: 'D' },
    Home: { kind: 'home', number: 1, final: 'H' },
    End: { kind: 'home', number: 4, final: 'F' },
    IC: { kind: 'tilde', number: 2 },
    DC: { kind: 'tilde', number: 3 },
    PPage: { kind: 'tilde', number: 5 },
    NPage: { kind: 'tilde', number: 6 },
    F1: { kind: 'ss3', final: 'P' },
    F2: { kind: 'ss3', final: 'Q' },
    F3: { kind: 'ss3', final: 'R' },
    F4: { kind: 'ss3', final: 'S' },
  }
  const fNumbers = [15, 17, 18, 19, 20, 21, 23, 24]
  fNumbers.forEach((number, index) => (table[`F${index + 5}`] = { kind: 'tilde', number }))
  for (let digit = 0; digit <= 9; digit++) table[`KP${digit}`] = { kind: 'keypad', char: String(digit), final: 'pqrstuvwxy'[digit]! }
  Object.assign(table, {
    'KP/': { kind: 'keypad', char: '/', final: 'o' },
    'KP*': { kind: 'keypad', char: '*', final: 'j' },
    'KP-': { kind: 'keypad', char: '-', final: 'm' },
    'KP+': { kind: 'keypad', char: '+', final: 'k' },
    'KP.': { kind: 'keypad', char: '.', final: 'n' },
    KPEnter: { kind: 'keypad', char: '\r', final: 'M' },
  })
  // tmux's other spellings.
  Object.assign(table, {
    Insert: table.IC,
    Delete: table.DC,
    PageUp: table.PPage,
    PgUp: table.PPage,
    PageDown: table.NPage,
    PgDn: table.NPage,
  })
  return Object.freeze(table)
})()

/** Every named key (aliases included), as tmux spells them. */
export const KEY_NAMES: readonly string[] = Object.freeze([...Object.keys(NAMED_KEYS), 'BTab'])

/** Second spellings of a key (left out of the docs table). */
export const ALIASES = new Set(['Insert', 'Delete', 'PageUp', 'PgUp', 'PageDown', 'PgDn'])


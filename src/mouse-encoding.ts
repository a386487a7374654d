/**
 * Mouse reports: the bytes a terminal sends a program for a mouse event, in
 * the tracking mode and encoding the program asked for. Pure: the mouse
 * room (mouse.ts) reads the mode from tmux and sends the bytes with
 * `send-keys -H` (which bypasses tmux's own mouse handling).
 *
 * What a program asks for (xterm's private modes) and how tmux shows it:
 *
 * | mode | what it reports | tmux format |
 * |---|---|---|
 * | 1000 normal tracking | press, release, wheel | `mouse_standard_flag` |
 * | 1002 button-event tracking | + motion while a button is down (drag) | `mouse_button_flag` |
 * | 1003 any-event tracking | + every motion | `mouse_all_flag` |
 * | 1005 UTF-8 encoding | coordinates past 223 as UTF-8 | `mouse_utf8_flag` |
 * | 1006 SGR encoding | `ESC [ < b ; x ; y M` / `m` | `mouse_sgr_flag` |
 *
 * `mouse_any_flag` is set for any of 1000/1002/1003 (measured on tmux 3.1c,
 * 3.3a and 3.8), not for 1003 alone. Two modes tmux does not keep, so no
 * format shows them: X10 compatibility mode 9 (press only) and urxvt's
 * 1015 encoding. A program inside tmux that asks for 1015 gets what tmux
 * sends it for a real mouse (X10 bytes, or SGR when it also asked for
 * 1006), and that is what is sent here too.
 */
import { OptionError, TmuxpectError } from './errors.js'
import { describeValue } from './options.js'

export type MouseTracking = 'none' | 'normal' | 'button' | 'any'
export type MouseEncoding = 'x10' | 'utf8' | 'sgr'

/** The mouse mode a program has asked for. */
export interface MouseMode {
  tracking: MouseTracking
  encoding: MouseEncoding
}

export type MouseAction = 'press' | 'release' | 'drag' | 'move' | 'wheel'
export type MouseButton = 'left' | 'middle' | 'right'
export type WheelDirection = 'up' | 'down'
export type MouseModifier = 'shift' | 'alt' | 'ctrl'

/**
 * One mouse event at a cell (x, y: 0-based column and row, like
 * `toHaveCursorAt`). `button`: for press, release and drag `'left'`
 * (default), `'middle'` or `'right'`; for wheel `'up'` or `'down'`; not
 * used for move.
 */
export interface MouseEvent {
  action: MouseAction
  button?: MouseButton | WheelDirection
  x: number
  y: number
  modifiers?: readonly MouseModifier[]
}

/** The program has not asked for the mouse, or not for this kind of event. Nothing was sent. */
export class MouseNotEnabledError extends TmuxpectError {
  override name = 'MouseNotEnabledError'
  constructor(
    message: string,
    readonly mode: MouseMode,
    readonly event: MouseEvent,
  ) {
    super(message)
  }
}

/** The mode from tmux's flags (`tmux-commands.mouseModeQuery`: standard, button, all, utf8, sgr), e.g. `'1 0 0 0 1'` → normal tracking, SGR. */
export function parseMouseMode(reply: string): MouseMode {
  const [standard, button, all, utf8, sgr] = reply.trim().split(' ').map((flag) => flag === '1')
  // A program that sets several tracking modes gets the widest (xterm and tmux alike).
  const tracking: MouseTracking = all ? 'any' : button ? 'button' : standard ? 'normal' : 'none'
  const encoding: MouseEncoding = sgr ? 'sgr' : utf8 ? 'utf8' : 'x10'
  return { tracking, encoding }
}

const BUTTON_CODES: Record<MouseButton, number> = { left: 0, middle: 1, right: 2 }
const WHEEL_CODES: Record<WheelDirection, number> = { up: 64, down: 65 }
const MODIFIER_BITS: Record<MouseModifier, number> = { shift: 4, alt: 8, ctrl: 16 }
const MOTION = 32
/** X10 and UTF-8 reports cannot say which button was released: 3 is "released". */
const RELEASED = 3

const TRACKING_WORDS: Record<MouseTracking, string> = {
  none: 'no mouse tracking',
  normal: 'normal tracking (1000: press, release, wheel)',
  button: 'button-event tracking (1002: press, release, wheel, drag)',
  any: 'any-event tracking (1003: every event, motion too)',
}

/** Validate a mouse event given by a user; `where` names the call in errors. */
export function validateMouseEvent(event: unknown, where = 'mouse(event)'): MouseEvent {
  if (typeof event !== 'object' || event === null) throw new OptionError(`${where}: event must be an object such as { action: 'press', x: 3, y: 1 }, got ${describeValue(event)}`)
  const { action, button, x, y, modifiers } = event as Record<string, unknown>
  const actions: readonly string[] = ['press', 'release', 'drag', 'move', 'wheel']
  if (typeof action !== 'string' || !actions.includes(action)) {
    throw new OptionError(`${where}: action must be one of ${actions.map((name) => `'${name}'`).join(', ')}, got ${describeValue(action)}`)
  }
  for (const [name, value] of [['x', x], ['y', y]] as const) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new OptionError(`${where}: ${name} must be a cell number, 0 or more (0-based, like toHaveCursorAt), got ${describeValue(value)}`)
    }
  }
  if (action === 'wheel') {
    if (button !== 'up' && button !== 'down') throw new OptionError(`${where}: a wheel event's button must be 'up' or 'down', got ${describeValue(button)}`)
  } else if (action === 'move') {
    if (button !== undefined) throw new OptionError(`${where}: a move is motion with no button held (use action 'drag' to move with a button down), got button ${describeValue(button)}`)
  } else if (button !== undefined && !(button === 'left' || button === 'middle' || button === 'right')) {
    throw new OptionError(`${where}: button must be 'left', 'middle' or 'right', got ${describeValue(button)}`)
  }
  if (modifiers !== undefined) {
    const known = Object.keys(MODIFIER_BITS)
    if (!Array.isArray(modifiers) || modifiers.some((modifier) => !known.includes(modifier as string))) {
      throw new OptionError(`${where}: modifiers must be an array of 'shift', 'alt', 'ctrl', got ${describeValue(modifiers)}`)
    }
  }
  return {
    action: action as MouseAction,
    ...(button === undefined ? {} : { button: button as MouseButton | WheelDirection }),
    x: x as number,
    y: y as number,
    ...(modifiers === undefined ? {} : { modifiers: modifiers as MouseModifier[] }),
  }
}

/**
 * The bytes a terminal sends for `event` to a program in `mode`. Throws
 * MouseNotEnabledError when the program would get nothing (no tracking
 * asked for; a drag without button-event tracking; a move without
 * any-event tracking), and OptionError for a cell the encoding cannot
 * express (0-based, X10 stops at 222, UTF-8 at 2014).
 */
export function encodeMouseEvent(event: MouseEvent, mode: MouseMode): Uint8Array {
  const refuse = (why: string) => {
    throw new MouseNotEnabledError(`${why}; the program asked for ${TRACKING_WORDS[mode.tracking]}, so a terminal would send it nothing`, mode, event)
  }
  if (mode.tracking === 'none') refuse(`the program has not turned the mouse on (no mode 1000, 1002 or 1003)`)
  if (event.action === 'drag' && mode.tracking === 'normal') refuse(`a drag is reported only under button-event (1002) or any-event (1003) tracking`)
  if (event.action === 'move' && mode.tracking !== 'any') refuse(`a move with no button held is reported only under any-event tracking (1003)`)

  let code: number
  if (event.action === 'wheel') code = WHEEL_CODES[event.button as WheelDirection]
  else if (event.action === 'move') code = MOTION + RELEASED
  else code = BUTTON_CODES[(event.button ?? 'left') as MouseButton] + (event.action === 'drag' ? MOTION : 0)
  for (const modifier of new Set(event.modifiers ?? [])) code += MODIFIER_BITS[modifier]

  if (mode.encoding === 'sgr') {
    // SGR says which button was released: same code, final 'm'.
    return ascii(`\x1b[<${code};${event.x + 1};${event.y + 1}${event.action === 'release' ? 'm' : 'M'}`)
  }
  if (event.action === 'release') code = (code & ~0b11) | RELEASED
  const values = [code + 32, event.x + 33, event.y + 33]
  if (mode.encoding === 'utf8') {
    const limit = 0x7ff
    if (values[1]! > limit || values[2]! > limit) throw tooFar(event, 'UTF-8 (1005)', limit - 33)
    return new Uint8Array([0x1b, 0x5b, 0x4d, ...values.flatMap(utf8Bytes)])
  }
  if (values[1]! > 0xff || values[2]! > 0xff) throw tooFar(event, 'X10', 0xff - 33)
  return new Uint8Array([0x1b, 0x5b, 0x4d, ...values])
}

/** A report as text a person can read: `ESC[<0;5;3M`, `ESC[M 0x20 0x25 0x23`. */
export function describeMouseBytes(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString('latin1')
  if (text.startsWith('\x1b[<')) return `ESC${text.slice(1)}`
  return `ESC[M ${[...bytes.slice(3)].map((byte) => `0x${byte.toString(16).padStart(2, '0')}`).join(' ')}`
}

function tooFar(event: MouseEvent, encoding: string, max: number): OptionError {
  return new OptionError(
    `mouse cell x=${event.x} y=${event.y} cannot be sent in the ${encoding} encoding the program asked for: it stops at ${max}`,
  )
}

function ascii(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'latin1'))
}

/** One value of a UTF-8 (1005) report: below 128 a byte, else its two-byte UTF-8 form. */
function utf8Bytes(value: number): number[] {
  return value < 0x80 ? [value] : [0xc0 | (value >> 6), 0x80 | (value & 0x3f)]
}

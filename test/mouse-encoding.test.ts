// The mouse encoder alone: the bytes of each report, for each mode, against
// xterm's documented forms (ctlseqs, "Mouse Tracking").
import { describe, expect, test } from 'vitest'
import { OptionError } from 'tmuxpect'
import {
  MouseNotEnabledError,
  describeMouseBytes,
  encodeMouseEvent,
  parseMouseMode,
  validateMouseEvent,
  type MouseEvent,
  type MouseMode,
} from '../src/mouse-encoding.js'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1')
const sgr: MouseMode = { tracking: 'normal', encoding: 'sgr' }
const x10: MouseMode = { tracking: 'normal', encoding: 'x10' }
const utf8: MouseMode = { tracking: 'normal', encoding: 'utf8' }

describe('parseMouseMode', () => {
  test('the widest tracking and the SGR > UTF-8 > X10 encoding, from the flags tmux shows', () => {
    expect(parseMouseMode('0 0 0 0 0')).toEqual({ tracking: 'none', encoding: 'x10' })
    expect(parseMouseMode('1 0 0 0 0')).toEqual({ tracking: 'normal', encoding: 'x10' })
    expect(parseMouseMode('1 1 0 1 0\n')).toEqual({ tracking: 'button', encoding: 'utf8' })
    expect(parseMouseMode('0 0 1 1 1')).toEqual({ tracking: 'any', encoding: 'sgr' })
  })
})

describe('encodeMouseEvent', () => {
  test('SGR (1006): 1-based cells, the button kept on release, m for release', () => {
    expect(hex(encodeMouseEvent({ action: 'press', x: 4, y: 2 }, sgr))).toBe('\x1b[<0;5;3M')
    expect(hex(encodeMouseEvent({ action: 'release', x: 4, y: 2 }, sgr))).toBe('\x1b[<0;5;3m')
    expect(hex(encodeMouseEvent({ action: 'press', button: 'right', x: 0, y: 0 }, sgr))).toBe('\x1b[<2;1;1M')
    expect(hex(encodeMouseEvent({ action: 'release', button: 'middle', x: 300, y: 100 }, sgr))).toBe('\x1b[<1;301;101m')
    expect(hex(encodeMouseEvent({ action: 'wheel', button: 'up', x: 1, y: 1 }, sgr))).toBe('\x1b[<64;2;2M')
    expect(hex(encodeMouseEvent({ action: 'wheel', button: 'down', x: 1, y: 1 }, sgr))).toBe('\x1b[<65;2;2M')
  })

  test('modifiers add shift 4, alt 8, ctrl 16; drag adds 32; a move is 35', () => {
    expect(hex(encodeMouseEvent({ action: 'press', x: 0, y: 0, modifiers: ['shift', 'ctrl'] }, sgr))).toBe('\x1b[<20;1;1M')
    expect(hex(encodeMouseEvent({ action: 'press', button: 'middle', x: 0, y: 0, modifiers: ['alt'] }, sgr))).toBe('\x1b[<9;1;1M')
    expect(hex(encodeMouseEvent({ action: 'drag', x: 2, y: 0 }, { tracking: 'button', encoding: 'sgr' }))).toBe('\x1b[<32;3;1M')
    expect(hex(encodeMouseEvent({ action: 'move', x: 2, y: 0 }, { tracking: 'any', encoding: 'sgr' }))).toBe('\x1b[<35;3;1M')
  })

  test('X10: ESC [ M and three bytes of value + 32, cells + 33; a release is button 3', () => {
    expect([...encodeMouseEvent({ action: 'press', x: 4, y: 2 }, x10)]).toEqual([0x1b, 0x5b, 0x4d, 32, 37, 35])
    expect([...encodeMouseEvent({ action: 'release', button: 'right', x: 4, y: 2 }, x10)]).toEqual([0x1b, 0x5b, 0x4d, 35, 37, 35])
    expect([...encodeMouseEvent({ action: 'release', x: 0, y: 0, modifiers: ['ctrl'] }, x10)]).toEqual([0x1b, 0x5b, 0x4d, 32 + 16 + 3, 33, 33])
    expect([...encodeMouseEvent({ action: 'wheel', button: 'down', x: 222, y: 0 }, x10)]).toEqual([0x1b, 0x5b, 0x4d, 97, 255, 33])
    expect(() => encodeMouseEvent({ action: 'press', x: 223, y: 0 }, x10)).toThrow(OptionError)
    expect(() => encodeMouseEvent({ action: 'press', x: 223, y: 0 }, x10)).toThrow(/X10 encoding .* stops at 222/)
  })

  test('UTF-8 (1005): values from 128 as two-byte UTF-8', () => {
    expect([...encodeMouseEvent({ action: 'press', x: 4, y: 2 }, utf8)]).toEqual([0x1b, 0x5b, 0x4d, 32, 37, 35])
    // x = 200 → 233 = U+00E9 → C3 A9
    expect([...encodeMouseEvent({ action: 'press', x: 200, y: 2 }, utf8)]).toEqual([0x1b, 0x5b, 0x4d, 32, 0xc3, 0xa9, 35])
    expect(Buffer.from(encodeMouseEvent({ action: 'press', x: 2014, y: 0 }, utf8).slice(3)).toString('utf8')).toBe(' \u07ff!')
    expect(() => encodeMouseEvent({ action: 'press', x: 2015, y: 0 }, utf8)).toThrow(/UTF-8 \(1005\) encoding .* stops at 2014/)
  })

  test('what the mode does not report is refused, with the mode and the event as evidence', () => {
    const event: MouseEvent = { action: 'press', x: 0, y: 0 }
    const none: MouseMode = { tracking: 'none', encoding: 'x10' }
    expect(() => encodeMouseEvent(event, none)).toThrow(MouseNotEnabledError)
    expect(() => encodeMouseEvent(event, none)).toThrow(/has not turned the mouse on/)
    expect(() => encodeMouseEvent({ action: 'drag', x: 1, y: 0 }, sgr)).toThrow(/a drag is reported only under button-event \(1002\) or any-event \(1003\)/)
    expect(() => encodeMouseEvent({ action: 'move', x: 1, y: 0 }, { tracking: 'button', encoding: 'sgr' })).toThrow(/only under any-event tracking/)
    try {
      encodeMouseEvent(event, none)
    } catch (error) {
      expect(error).toMatchObject({ mode: none, event })
    }
  })

  test('describeMouseBytes reads like the protocol', () => {
    expect(describeMouseBytes(encodeMouseEvent({ action: 'press', x: 4, y: 2 }, sgr))).toBe('ESC[<0;5;3M')
    expect(describeMouseBytes(encodeMouseEvent({ action: 'press', x: 4, y: 2 }, x10))).toBe('ESC[M 0x20 0x25 0x23')
  })
})

describe('validateMouseEvent', () => {
  test('names the field and the value', () => {
    expect(validateMouseEvent({ action: 'press', x: 1, y: 2 })).toEqual({ action: 'press', x: 1, y: 2 })
    expect(() => validateMouseEvent(null)).toThrow(/event must be an object/)
    expect(() => validateMouseEvent({ action: 'click', x: 1, y: 2 })).toThrow(/action must be one of 'press', 'release', 'drag', 'move', 'wheel', got "click"/)
    expect(() => validateMouseEvent({ action: 'press', x: -1, y: 2 })).toThrow(/x must be a cell number, 0 or more .* got -1/)
    expect(() => validateMouseEvent({ action: 'press', x: 1, y: 1.5 })).toThrow(/y must be a cell number/)
    expect(() => validateMouseEvent({ action: 'wheel', x: 1, y: 1 })).toThrow(/wheel event's button must be 'up' or 'down', got undefined/)
    expect(() => validateMouseEvent({ action: 'press', button: 'up', x: 1, y: 1 })).toThrow(/button must be 'left', 'middle' or 'right', got "up"/)
    expect(() => validateMouseEvent({ action: 'move', button: 'left', x: 1, y: 1 })).toThrow(/use action 'drag'/)
    expect(() => validateMouseEvent({ action: 'press', x: 1, y: 1, modifiers: ['meta'] })).toThrow(/modifiers must be an array of 'shift', 'alt', 'ctrl'/)
  })
})

/**
 * The mouse room: `session.mouse(event)` and `session.click(…)`. Each report
 * is encoded (mouse-encoding.ts) for the mode the program asked for — read
 * from tmux right before — and sent as a Delivery through `Input.deliver`,
 * so the journal and the recording keep it like any input and a program
 * that has ended is a clear error.
 *
 * After each report the room waits until the program has read it (its read
 * count went up and it sleeps again; foreground.ts), bounded: a press and
 * its release that arrive together are read together, and some programs
 * act only on the first report of a read (docs/tmux-quirks.md, "Mouse").
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { OptionError } from './errors.js'
import { TerminalReads } from './foreground.js'
import type { Input } from './input.js'
import {
  encodeMouseEvent,
  parseMouseMode,
  validateMouseEvent,
  type MouseButton,
  type MouseEvent,
  type MouseModifier,
} from './mouse-encoding.js'
import { describeValue, readOptions, timeoutField, timeoutOf } from './options.js'
import type { Pane } from './pane.js'
import type { Signal } from './wait.js'
import { describePattern, type Pattern, type Screen } from './screen.js'
import { sendBytes } from './tmux-commands.js'

/** How long a report may wait at most for the program to read it before the next one goes. */
const READ_LIMIT_MS = 1000
/**
 * Without /proc (macOS) a read cannot be seen: a report waits for the
 * program's answer on screen instead, at most this long (docs/mouse.md).
 */
const UNSEEN_READ_LIMIT_MS = 400

export interface ClickOptions {
  /** `'left'` (default), `'middle'` or `'right'`. */
  button?: MouseButton
  modifiers?: MouseModifier[]
  /** For `click(text)`: how long to wait for the text to show (ms; the global default). */
  timeout?: number
}

const CLICK_FIELDS = {
  button: (value: unknown, key: string) => {
    if (value === 'left' || value === 'middle' || value === 'right') return value
    throw new OptionError(`${key} must be 'left', 'middle' or 'right', got ${describeValue(value)}`)
  },
  modifiers: (value: unknown) => value as MouseModifier[],
  timeout: timeoutField,
}

export interface MouseHost {
  pane: Pane
  input: Input
  /** The program's PID now (restart changes it). */
  panePid(): number
  /** The pane's output signal: what a report waits on where reads cannot be seen. */
  output: Signal
  /** Wait until `check(screen)` holds (session.waitForScreen). */
  waitForScreen(awaited: string, check: (screen: Screen) => boolean, timeout: number, callSite: Error): Promise<Screen>
}

export class Mouse {
  constructor(private readonly host: MouseHost) {}

  /** One report, as given. */
  async send(event: unknown): Promise<void> {
    const valid = validateMouseEvent(event)
    await this.deliver(valid, 'mouse')
  }

  /** Press and release at a cell, or at the middle of the first place a text shows (waited for). */
  async click(target: unknown, yOrOptions: unknown, options: unknown, callSite: Error): Promise<void> {
    let x: number
    let y: number
    let read: ClickOptions
    let what: string
    if (typeof target === 'string' || target instanceof RegExp) {
      if (target === '') throw new OptionError('click(text): text must not be empty')
      read = readOptions(yOrOptions ?? {}, 'click options', CLICK_FIELDS)
      const screen = await this.host.waitForScreen(
        `${describePattern(target)} to click on`,
        (screen) => screen.find(target).length > 0,
        timeoutOf(read),
        callSite,
      )
      const place = screen.find(target)[0]!
      x = place.x + Math.floor((place.width - 1) / 2)
      y = place.y
      what = `click ${describePattern(target)}`
    } else if (typeof target === 'number') {
      x = target
      y = yOrOptions as number
      read = readOptions(options ?? {}, 'click options', CLICK_FIELDS)
      what = 'click'
    } else {
      throw new OptionError(`click: give a cell (click(x, y)) or a text to click on (click('OK')), got ${describeValue(target)}`)
    }
    const { button = 'left', modifiers } = read
    const press = validateMouseEvent({ action: 'press', button, x, y, ...(modifiers ? { modifiers } : {}) }, 'click')
    await this.deliver(press, what)
    await this.deliver({ ...press, action: 'release' }, what)
  }

  private async deliver(event: MouseEvent, what: string): Promise<void> {
    const { pane, input } = this.host
    if (event.x >= pane.cols || event.y >= pane.rows) {
      throw new OptionError(`${what}: cell x=${event.x} y=${event.y} is outside the ${pane.cols}×${pane.rows} screen (cells are 0-based)`)
    }
    const mode = parseMouseMode(await pane.mouseFlags())
    const bytes = encodeMouseEvent(event, mode)
    const reads = new TerminalReads(this.host.panePid())
    const outputBefore = this.host.output.outputCount
    const button = event.action === 'move' ? '' : ` ${event.button ?? 'left'}`
    const modifiers = event.modifiers?.length ? ` with ${event.modifiers.join('+')}` : ''
    await input.deliver({
      verb: 'send the mouse to',
      entry: { action: `${what}: ${event.action}${button} at x=${event.x} y=${event.y}${modifiers}`, input: Buffer.from(bytes).toString('latin1') },
      commands: sendBytes(pane.paneId, bytes),
    })
    if (!reads.visible) {
      // Sent back to back, a press and its release are read together (7 of 15
      // clicks lost, docs/tmux-quirks.md "Mouse"): wait for the program to answer.
      await this.host.output.changed(outputBefore, UNSEEN_READ_LIMIT_MS)
      return
    }
    const deadline = performance.now() + READ_LIMIT_MS
    while (!reads.readSinceAndWaiting() && performance.now() < deadline) await sleep(1)
  }
}

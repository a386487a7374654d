/**
 * Input: what `type`, `press`, `submit` and `paste` send, as data. Each
 * turns its arguments (validated here) into a `Delivery` — the tmux
 * commands that carry the bytes, and the journal entry that says what was
 * done — and `Input.deliver` sends it: the one path every input takes,
 * through the journal, to a pane whose program still runs.
 *
 * A mouse room (issue 13) sits beside this one and makes Deliveries too;
 * key-name→bytes encoding and an `escapeDelay` (issue 20) belong here.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { foregroundIsRunning } from './foreground.js'
import type { Journal, JournalEntry } from './journal.js'
import { validateKey } from './keys.js'
import type { Life } from './life.js'
import { assertString, assertWellFormed } from './options.js'
import { keysAsInput } from './recording.js'
import { previewText } from './report.js'
import type { Pane } from './pane.js'
import { pasteBufferName, pasteText, sendBytes, sendKeyNames } from './tmux-commands.js'

/** How long `press` waits at most for a busy foreground program to go back to reading. */
const KEY_SETTLE_LIMIT_MS = 100

export interface Delivery {
  /** For messages: `cannot <verb> session x: …`. */
  verb: string
  /** What the journal keeps of it. */
  entry: JournalEntry
  /** The tmux commands, sent as one command list; none: only check that the program runs. */
  commands: string[]
  /** Wait (briefly) for a busy foreground program to go back to reading first (keys only: see foreground.ts). */
  settleFirst?: boolean
}

/** Text exactly as given: every character literal, byte for byte. */
export function typing(paneId: string, text: unknown): Delivery {
  assertString(text, 'type(text)')
  assertWellFormed(text, 'type(text)')
  const commands = text === '' ? [] : sendBytes(paneId, Buffer.from(text, 'utf8'))
  return { verb: 'type into', entry: { action: `type ${previewText(text)}`, input: text }, commands }
}

/** A line and Enter (a carriage return, as a terminal sends it). */
export function submitting(paneId: string, line: unknown): Delivery {
  assertString(line, 'submit(line)')
  assertWellFormed(line, 'submit(line)')
  const bytes = Buffer.from(line + '\r', 'utf8')
  return { verb: 'submit to', entry: { action: `submit ${previewText(line)}`, input: line + '\r' }, commands: sendBytes(paneId, bytes) }
}

/** Named keys in order, validated against tmux's names (tmux would type an unknown name's letters). */
export function pressing(paneId: string, keys: readonly unknown[]): Delivery {
  const names = keys.map(validateKey)
  return {
    verb: 'press keys in',
    entry: { action: `press ${names.join(' ')}`, input: keysAsInput(names) },
    commands: [sendKeyNames(paneId, names)],
    settleFirst: true,
  }
}

/** Text pasted as a terminal does: bracketed when the program asked for it; `count` makes the buffer name unique. */
export function pasting(paneId: string, text: unknown, count: number): Delivery {
  assertString(text, 'paste(text)')
  assertWellFormed(text, 'paste(text)')
  return {
    verb: 'paste into',
    entry: { action: `paste ${previewText(text)}`, input: text },
    commands: pasteText(paneId, pasteBufferName(paneId, count), text),
  }
}

/** One session's input: the public methods' bodies, and the one delivery path. */
export class Input {
  private pasteCount = 0

  constructor(
    private readonly pane: Pane,
    private readonly life: Life,
    private readonly journal: Journal,
    /** The program's PID now (restart changes it). */
    private readonly panePid: () => number,
  ) {}

  type(text: string): Promise<void> {
    return this.deliver(typing(this.pane.paneId, text))
  }

  async press(keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.deliver(pressing(this.pane.paneId, keys))
  }

  submit(line: string): Promise<void> {
    return this.deliver(submitting(this.pane.paneId, line))
  }

  paste(text: string): Promise<void> {
    return this.deliver(pasting(this.pane.paneId, text, ++this.pasteCount))
  }

  /**
   * Journal it, then send it to a running program. Is the program still
   * there? On Linux the kernel says so at no cost to tmux (asking tmux with
   * every input was one command more per round trip than a bare client
   * sends: 0.79x its throughput with 100 sessions, against 0.92x without;
   * docs/performance.md). Elsewhere tmux is asked in the same command list,
   * which runs without interruption, so "dead" there means gone before the
   * keys were sent.
   */
  async deliver(delivery: Delivery): Promise<void> {
    const { life, pane } = this
    const { verb } = delivery
    if (delivery.settleFirst) await this.untilForegroundWaits()
    this.journal.note(delivery.entry)
    life.assertUsable(verb)
    if (delivery.commands.length === 0) {
      if (life.final || !(await life.isAlive())) throw life.notRunning(verb)
      return
    }
    if (life.final) throw life.notRunning(verb)
    const ended = life.programEnded()
    if (ended === undefined) {
      if ((await pane.send(delivery.commands, true)) && (await life.settle())) throw life.notRunning(verb)
      return
    }
    if (ended && (await life.settleOnceTmuxKnows())) throw life.notRunning(verb)
    await pane.send(delivery.commands)
  }

  /**
   * Before keys are pressed: while the program in the foreground is running
   * (not waiting for input), wait for it to settle, bounded. A Ctrl-D that
   * reaches a readline program between two of its reads is lost (see
   * foreground.ts); text is not, so only `press` waits.
   */
  private async untilForegroundWaits(): Promise<void> {
    if (this.life.final) return
    const deadline = performance.now() + KEY_SETTLE_LIMIT_MS
    while (foregroundIsRunning(this.panePid()) && performance.now() < deadline) await sleep(1)
  }
}

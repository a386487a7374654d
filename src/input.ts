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
import { assertString, assertWellFormed, booleanField, readOptions } from './options.js'
import { keysAsInput } from './recording.js'
import { previewText } from './report.js'
import type { Pane } from './pane.js'
import { MASK, type Secrets } from './secrets.js'
import { pasteBufferName, pasteText, sendBytes, sendKeyNames } from './tmux-commands.js'

/** Options of `type`, `submit` and `paste`. */
export interface TextOptions {
  /**
   * The text is a secret (a password, a token): it is sent as is, and
   * everything tmuxpect writes about the step shows `•••` instead (the
   * action log, failure messages, the recording, the report page); the
   * value is also masked wherever it later shows up (an echo).
   */
  secret?: boolean
}

const TEXT_FIELDS = { secret: booleanField }

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
export function typing(paneId: string, text: unknown, options: TextOptions | undefined, secrets: Secrets): Delivery {
  assertString(text, 'type(text)')
  assertWellFormed(text, 'type(text)')
  const secret = isSecret(options, 'type options', text, secrets)
  const commands = text === '' ? [] : sendBytes(paneId, Buffer.from(text, 'utf8'))
  const entry = secret ? { action: `type ${MASK}`, input: MASK } : { action: `type ${previewText(secrets.maskText(text))}`, input: text }
  return { verb: 'type into', entry, commands }
}

/** A line and Enter (a carriage return, as a terminal sends it). */
export function submitting(paneId: string, line: unknown, options: TextOptions | undefined, secrets: Secrets): Delivery {
  assertString(line, 'submit(line)')
  assertWellFormed(line, 'submit(line)')
  const secret = isSecret(options, 'submit options', line, secrets)
  const bytes = Buffer.from(line + '\r', 'utf8')
  const entry = secret ? { action: `submit ${MASK}`, input: MASK + '\r' } : { action: `submit ${previewText(secrets.maskText(line))}`, input: line + '\r' }
  return { verb: 'submit to', entry, commands: sendBytes(paneId, bytes) }
}

/** `{ secret: true }`: the value joins the session's secrets, so an echo of it is masked too. */
function isSecret(options: TextOptions | undefined, name: string, text: string, secrets: Secrets): boolean {
  const secret = readOptions(options, name, TEXT_FIELDS).secret ?? false
  if (secret) secrets.add([text])
  return secret
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
export function pasting(paneId: string, text: unknown, count: number, options: TextOptions | undefined, secrets: Secrets): Delivery {
  assertString(text, 'paste(text)')
  assertWellFormed(text, 'paste(text)')
  const secret = isSecret(options, 'paste options', text, secrets)
  return {
    verb: 'paste into',
    entry: secret ? { action: `paste ${MASK}`, input: MASK } : { action: `paste ${previewText(secrets.maskText(text))}`, input: text },
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
    /** The session's secrets: a secret typed joins them. */
    private readonly secrets: Secrets,
  ) {}

  type(text: string, options?: TextOptions): Promise<void> {
    return this.deliver(typing(this.pane.paneId, text, options, this.secrets))
  }

  async press(keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.deliver(pressing(this.pane.paneId, keys))
  }

  submit(line: string, options?: TextOptions): Promise<void> {
    return this.deliver(submitting(this.pane.paneId, line, options, this.secrets))
  }

  paste(text: string, options?: TextOptions): Promise<void> {
    return this.deliver(pasting(this.pane.paneId, text, ++this.pasteCount, options, this.secrets))
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

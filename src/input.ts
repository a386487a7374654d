/**
 * Input: what `type`, `press`, `submit` and `paste` send, as data. Each
 * turns its arguments (validated here) into a `Delivery` — the tmux
 * commands that carry the bytes, and the journal entry that says what was
 * done — and `Input.deliver` sends it: the one path every input takes,
 * through the journal, to a pane whose program still runs.
 *
 * A mouse room (issue 13) sits beside this one and makes Deliveries too.
 * Key names become bytes in keys.ts (the one key table); the room sends
 * them with `send-keys -H` and keeps a lone Escape apart from what follows
 * it (`escapeDelay`).
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { foregroundIsRunning } from './foreground.js'
import type { Journal, JournalEntry } from './journal.js'
import { NORMAL_MODES, dependsOnModes, encodeParsed, endsInEscape, parseKey, type KeyModes, type ParsedKey } from './keys.js'
import type { Life } from './life.js'
import { assertString, assertWellFormed, booleanField, escapeDelayField, escapeDelaySetting, readOptions } from './options.js'
import { previewText } from './report.js'
import type { Pane } from './pane.js'
import { MASK, type Secrets } from './secrets.js'
import { pasteBufferName, pasteText, sendBytes } from './tmux-commands.js'

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
  /** What the journal keeps of it (a press sent in parts is journaled with its first part). */
  entry: JournalEntry | undefined
  /** The tmux commands, sent as one command list; none: only check that the program runs. */
  commands: string[]
  /** Wait (briefly) for a busy foreground program to go back to reading first (keys only: see foreground.ts). */
  settleFirst?: boolean
  /** The input ends in a lone Escape byte: input after it waits this many ms (escapeDelay), so the program reads the Escape as a key of its own. */
  escapeDelay?: number
}

/** The options of `press` (given as its last argument) and `type`. */
export interface KeyOptions {
  /**
   * ms to wait after a lone Escape before more input is sent, so a program
   * with an escape timeout reads Escape as its own key and not as Alt with
   * what follows; 0 sends at once. Default: `configure({ escapeDelay })`, else 150.
   */
  escapeDelay?: number
}

const KEY_OPTION_FIELDS = { escapeDelay: escapeDelayField }
const TYPE_FIELDS = { ...TEXT_FIELDS, ...KEY_OPTION_FIELDS }

/** Text exactly as given: every character literal, byte for byte. */
export function typing(paneId: string, text: unknown, options: (TextOptions & KeyOptions) | undefined, secrets: Secrets): Delivery {
  assertString(text, 'type(text)')
  assertWellFormed(text, 'type(text)')
  const read = readOptions(options, 'type options', TYPE_FIELDS)
  const secret = read.secret ?? false
  if (secret) secrets.add([text])
  const commands = text === '' ? [] : sendBytes(paneId, Buffer.from(text, 'utf8'))
  const entry = secret ? { action: `type ${MASK}`, input: MASK } : { action: `type ${previewText(secrets.maskText(text))}`, input: text }
  const delivery: Delivery = { verb: 'type into', entry, commands }
  if (endsInEscape(text)) delivery.escapeDelay = read.escapeDelay ?? escapeDelaySetting()
  return delivery
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

/** Named keys, read (and refused, before anything is sent) by keys.ts; the options may be the last argument. */
export function readKeys(args: readonly unknown[]): { keys: ParsedKey[]; escapeDelay: number } {
  const last = args[args.length - 1]
  const hasOptions = typeof last === 'object' && last !== null && !Array.isArray(last)
  const { escapeDelay = escapeDelaySetting() } = readOptions(hasOptions ? last : undefined, 'press options', KEY_OPTION_FIELDS)
  return { keys: (hasOptions ? args.slice(0, -1) : args).map(parseKey), escapeDelay }
}

/**
 * Keys as the Deliveries that send them: one, or one more after each lone
 * Escape that other keys follow (the wait between them is the escape delay).
 */
export function pressing(paneId: string, keys: readonly ParsedKey[], modes: Readonly<KeyModes>, escapeDelay: number): Delivery[] {
  const encoded = keys.map((key) => encodeParsed(key, modes))
  const entry: JournalEntry = { action: `press ${keys.map((key) => key.name).join(' ')}`, input: encoded.join('') }
  const deliveries: Delivery[] = []
  let bytes = ''
  encoded.forEach((keyBytes, index) => {
    bytes += keyBytes
    const last = index === encoded.length - 1
    if (!last && !(escapeDelay > 0 && endsInEscape(keyBytes))) return
    const delivery: Delivery = { verb: 'press keys in', entry: deliveries.length === 0 ? entry : undefined, commands: sendBytes(paneId, Buffer.from(bytes, 'utf8')) }
    if (deliveries.length === 0) delivery.settleFirst = true
    if (endsInEscape(keyBytes)) delivery.escapeDelay = escapeDelay
    deliveries.push(delivery)
    bytes = ''
  })
  return deliveries
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
  /** After a lone Escape: no input before this time (performance.now()). */
  private escapeGapUntil = 0

  constructor(
    private readonly pane: Pane,
    private readonly life: Life,
    private readonly journal: Journal,
    /** The program's PID now (restart changes it). */
    private readonly panePid: () => number,
    /** The session's secrets: a secret typed joins them. */
    private readonly secrets: Secrets,
  ) {}

  type(text: string, options?: TextOptions & KeyOptions): Promise<void> {
    return this.deliver(typing(this.pane.paneId, text, options, this.secrets))
  }

  async press(args: readonly unknown[]): Promise<void> {
    const { keys, escapeDelay } = readKeys(args)
    if (keys.length === 0) return
    // Cursor and keypad keys send what the program's mode asks for, as a terminal does.
    const modes = keys.some(dependsOnModes) && !this.life.final ? await this.pane.keyModes() : NORMAL_MODES
    for (const delivery of pressing(this.pane.paneId, keys, modes, escapeDelay)) await this.deliver(delivery)
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
    await this.afterEscapeGap()
    if (delivery.settleFirst) await this.untilForegroundWaits()
    if (delivery.entry) this.journal.note(delivery.entry)
    life.assertUsable(verb)
    if (delivery.commands.length === 0) {
      if (life.final || !(await life.isAlive())) throw life.notRunning(verb)
      return
    }
    if (life.final) throw life.notRunning(verb)
    const ended = life.programEnded()
    if (ended === undefined) {
      if ((await pane.send(delivery.commands, true)) && (await life.settle())) throw life.notRunning(verb)
      this.noteEscape(delivery)
      return
    }
    if (ended && (await life.settleOnceTmuxKnows())) throw life.notRunning(verb)
    await pane.send(delivery.commands)
    this.noteEscape(delivery)
  }

  /**
   * A lone Escape was sent: a program with an escape timeout (vim's
   * ttimeoutlen, TUI libraries' 25–150 ms) waits that long for more bytes
   * and would read an Escape followed at once by `q` as Alt+q. A person's
   * Escape is a key of its own, so input after it waits (docs/keys.md).
   */
  private noteEscape(delivery: Delivery): void {
    this.escapeGapUntil = delivery.escapeDelay ? performance.now() + delivery.escapeDelay : 0
  }

  private async afterEscapeGap(): Promise<void> {
    const wait = this.escapeGapUntil - performance.now()
    this.escapeGapUntil = 0
    if (wait > 0) await sleep(wait)
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

/**
 * Session: one tmux session running one program, addressed by its pane id
 * (`%N`) so a command can never hit another session. Input is byte-exact,
 * reading goes through `capture-pane`, waits go through wait.ts, and
 * `kill()` is the one way out.
 */
import { constants } from 'node:os'
import stringWidth from 'string-width'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  ProgramNotRunningError,
  ServerGoneError,
  SessionGoneError,
  TmuxCommandError,
  type ExitStatus,
} from './errors.js'
import { validateKey } from './keys.js'
import {
  assertKnownKeys,
  assertObject,
  assertString,
  assertWellFormed,
  defaultTimeout,
  describeValue,
  validateSize,
  validateTimeout,
} from './options.js'
import { commandLine, quoteArgument, shellQuote } from './quote.js'
import { previewText, describeExit, type ActionRecord, type SessionSummary } from './report.js'
import { Screen, describePattern, logicalText, matchesText, type Cursor, type Pattern } from './screen.js'
import { parseStyledRows } from './styles.js'
import { foregroundIsRunning } from './foreground.js'
import { ProcessWatch } from './proc.js'
import { SAFETY_POLL_MS, waitUntil, withCallSite, waitFailure, type Look, type Waitable } from './wait.js'
import { OptionError, WaitTimeoutError } from './errors.js'
import { closePipeCommand, drainPipeCommand, hostProfile } from './profile.js'
import { Recording, keysAsInput } from './recording.js'
import { recordingSettings } from './options.js'
import type { TmuxServer } from './server.js'

export type Command = string | readonly string[]

export interface WaitOptions {
  /** ms; the global default (5000) unless given. */
  timeout?: number
}

export interface StableOptions extends WaitOptions {
  /** How long the screen must stay unchanged, in ms (default 200). */
  quiet?: number
}

export interface ScreenOptions {
  /** Include the scrollback history above the visible rows. */
  scrollback?: boolean
  /** Read each cell's colours and attributes too (`screen.cells`, from `capture-pane -e`). */
  styles?: boolean
}

/** What a Session is made from (internal: sessions come from `server.spawn`). */
export interface SessionInit {
  name: string
  windowId: string
  paneId: string
  panePid: number
  cols: number
  rows: number
  command: Command | undefined
  /** The argv tmux ran, kept for restart(). */
  argv: readonly string[] | undefined
  cwd: string | undefined
  env: Readonly<Record<string, string>>
}

const MAX_ACTIONS = 12
const DEAD_PREFIX = 'Pane is dead'
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))
/** Bytes per send-keys command: keeps each control-mode line a modest size. */
const BYTES_PER_COMMAND = 1024
/** How long `press` waits at most for a busy foreground program to go back to reading. */
const KEY_SETTLE_LIMIT_MS = 100

const SIGNAL_NAMES = new Map<number, string>(
  Object.entries(constants.signals).map(([name, number]) => [number, name]),
)

type State = 'running' | 'exited' | 'killed'

export class Session implements Waitable {
  readonly name: string
  readonly server: TmuxServer
  /** tmux's pane id (`%N`): every command targets it. */
  readonly paneId: string
  /** tmux's window id (`@N`). */
  readonly windowId: string
  /** PID of the program's process (the pane's session leader). */
  panePid: number
  /** The kernel's view of that process: has it ended? (see input) */
  private program: ProcessWatch
  /** The command as given to spawn, for messages. */
  readonly command: Command | undefined
  private cols: number
  private rows: number
  private readonly argv: readonly string[] | undefined
  private readonly cwd: string | undefined
  private readonly env: Readonly<Record<string, string>>
  private state: State = 'running'
  private goneReason: string | undefined
  private final: { exit: ExitStatus; screen: Screen } | undefined
  private settling: Promise<boolean> | undefined
  private killing: Promise<void> | undefined
  private kept = false
  private readonly startedAt = performance.now()
  private readonly actions: ActionRecord[] = []
  /** The terminal's output since the session started, unless recording is off. */
  private readonly recording: Recording | undefined
  private wakers: (() => void)[] = []
  private pasteCount = 0
  /** Incremented on every `%output` for the pane. */
  outputCount = 0
  private readonly captureCommand: string
  private readonly deadQuery: string

  /** @internal sessions are made by `server.spawn` / `server.ensure`. */
  constructor(server: TmuxServer, init: SessionInit) {
    this.server = server
    this.name = init.name
    this.paneId = init.paneId
    this.windowId = init.windowId
    this.panePid = init.panePid
    this.program = new ProcessWatch(init.panePid)
    this.cols = init.cols
    this.rows = init.rows
    this.command = init.command
    this.argv = init.argv
    this.cwd = init.cwd
    this.env = init.env
    this.captureCommand = `capture-pane -p -J -t ${init.paneId}`
    this.deadQuery = `display-message -p -t ${init.paneId} '#{pane_dead}'`
    const settings = recordingSettings()
    if (settings.mode !== 'off') {
      const { TERM, SHELL } = hostProfile().env
      this.recording = new Recording({
        cols: init.cols,
        rows: init.rows,
        startedAt: this.startedAt,
        limit: settings.limit,
        title: describeCommand(init.command),
        env: { TERM, SHELL },
      })
    }
  }

  // ── input ──────────────────────────────────────────────────────────────

  /** Type text exactly as given: every character literal, byte for byte. */
  async type(text: string): Promise<void> {
    assertString(text, 'type(text)')
    assertWellFormed(text, 'type(text)')
    this.record(`type ${previewText(text)}`)
    this.recording?.input(text)
    if (text === '') return this.assertRunning('type into')
    await this.input(this.hexKeys(Buffer.from(text, 'utf8')), 'type into')
  }

  /** Press named keys in order: `press('C-c')`, `press('Escape', ':', 'q', 'Enter')`. */
  async press(...keys: string[]): Promise<void> {
    if (keys.length === 0) return
    const names = keys.map(validateKey)
    await this.untilForegroundWaits()
    this.record(`press ${names.join(' ')}`)
    this.recording?.input(keysAsInput(names))
    await this.input([commandLine(`send-keys -t ${this.paneId} --`, ...names)], 'press keys in')
  }

  /**
   * Before keys are pressed: while the program in the foreground is running
   * (not waiting for input), wait for it to settle, bounded. A Ctrl-D that
   * reaches a readline program between two of its reads is lost (see
   * foreground.ts); text is not, so only `press` waits.
   */
  private async untilForegroundWaits(): Promise<void> {
    if (this.final) return
    const deadline = performance.now() + KEY_SETTLE_LIMIT_MS
    while (foregroundIsRunning(this.panePid) && performance.now() < deadline) await sleep(1)
  }

  /** Type a line and press Enter. */
  async submit(line: string): Promise<void> {
    assertString(line, 'submit(line)')
    assertWellFormed(line, 'submit(line)')
    this.record(`submit ${previewText(line)}`)
    this.recording?.input(line + '\r')
    const bytes = Buffer.concat([Buffer.from(line, 'utf8'), Buffer.from('\r')])
    await this.input(this.hexKeys(bytes), 'submit to')
  }

  /**
   * Paste text as a terminal does: wrapped in bracketed-paste markers when
   * the program asked for them, newlines sent as carriage returns.
   */
  async paste(text: string): Promise<void> {
    assertString(text, 'paste(text)')
    assertWellFormed(text, 'paste(text)')
    this.record(`paste ${previewText(text)}`)
    this.recording?.input(text)
    const buffer = `tmuxpect-paste-${this.paneId.slice(1)}-${++this.pasteCount}`
    await this.input(
      [commandLine('set-buffer -b', buffer, '--', text), `paste-buffer -p -d -b ${quoteArgument(buffer)} -t ${this.paneId}`],
      'paste into',
    )
  }

  private hexKeys(bytes: Buffer): string[] {
    // send-keys -H sends raw bytes: exact by construction, whatever the
    // server's locale thinks of a character.
    const commands: string[] = []
    for (let start = 0; start < bytes.length; start += BYTES_PER_COMMAND) {
      let line = `send-keys -t ${this.paneId} -H`
      const end = Math.min(bytes.length, start + BYTES_PER_COMMAND)
      for (let index = start; index < end; index++) line += ' ' + HEX[bytes[index]!]
      commands.push(line)
    }
    return commands
  }

  /**
   * Send input commands and, in the same tmux command list, ask whether the
   * pane is dead: commands in one list run back to back, so "dead" here
   * means the program was gone before the keys were sent.
   */
  private async input(commands: string[], verb: string): Promise<void> {
    this.assertNotKilled(verb)
    if (this.final) throw this.notRunning(verb)
    // Is the program still there? On Linux the kernel says so at no cost to
    // tmux: asking tmux with every input (below, elsewhere) was one command
    // more per round trip than a bare client sends — 1.29x its round trip
    // and 0.79x its throughput with 100 sessions, against 1.02x and 0.92x
    // without (docs/performance.md).
    const ended = this.program.ended()
    if (ended === undefined) {
      // Elsewhere: ask tmux in the same command list, which runs without
      // interruption, so "dead" means gone before the keys were sent.
      const replies = await this.guard(this.server.group([...commands, this.deadQuery]))
      if (replies[replies.length - 1]?.[0] === '1' && (await this.settleExit())) throw this.notRunning(verb)
      return
    }
    if (ended && (await this.exitOnceTmuxKnows())) throw this.notRunning(verb)
    await this.guard(this.server.group(commands))
  }

  /**
   * The program is gone (the kernel says so); tmux learns it when it handles
   * the SIGCHLD, a moment later. Read the exit status then, bounded.
   */
  private async exitOnceTmuxKnows(): Promise<boolean> {
    const deadline = performance.now() + 500
    for (;;) {
      if (await this.settleExit()) return true
      if (performance.now() > deadline) return false
      await sleep(1)
    }
  }

  private async assertRunning(verb: string): Promise<void> {
    this.assertNotKilled(verb)
    if (this.final || !(await this.isAlive())) throw this.notRunning(verb)
  }

  // ── reading ────────────────────────────────────────────────────────────

  /** The visible screen (or, with `scrollback`, history too) as an immutable Screen. */
  async screen(options: ScreenOptions = {}): Promise<Screen> {
    assertObject(options, 'screen options')
    assertKnownKeys(options, ['scrollback', 'styles'], 'screen options')
    this.assertNotKilled('read the screen of')
    const scrollback = options.scrollback === true
    const styles = options.styles === true
    if (this.final && !scrollback) return styles ? this.withStyles(this.final.screen, -1) : this.final.screen
    if (this.final) return this.finalScreenWithHistory(styles)
    const range = scrollback ? ' -S -' : ''
    const commands = [
      `capture-pane -p${range} -t ${this.paneId}`,
      `capture-pane -p -J${range} -t ${this.paneId}`,
      `display-message -p -t ${this.paneId} '#{cursor_x} #{cursor_y} #{pane_width} #{pane_height} #{pane_dead}'`,
    ]
    // -N keeps trailing spaces: a coloured background there is part of the picture.
    if (styles) commands.push(`capture-pane -p -e -N${range} -t ${this.paneId}`)
    const [plain, joined, info, styled] = await this.guard(Promise.all(this.server.pipeline(commands)))
    const [x, y, cols, rows, dead] = info![0]!.split(' ').map(Number) as [number, number, number, number, number]
    if (dead === 1 && (await this.settleExit())) return this.screen(options)
    this.cols = cols
    this.rows = rows
    const history = plain!.length - rows
    return new Screen({
      lines: plain!,
      text: logicalText(joined!),
      cursor: { x, y: y + Math.max(0, history) },
      cols,
      rows,
      cells: styled ? parseStyledRows(styled, cols) : undefined,
    })
  }

  /**
   * A finished program's screen with styles: the same rows as `screen`, read
   * with `-e` from `start` (-1: the history line tmux scrolled away, `-`: all
   * history) and cut the way readExit cut the plain rows.
   */
  private async withStyles(screen: Screen, start: number | '-'): Promise<Screen> {
    const [styled] = await this.guard(Promise.all(this.server.pipeline([`capture-pane -p -e -N -S ${start} -t ${this.paneId}`])))
    const cells = parseStyledRows(styled!, screen.cols)
    // Find the plain rows in the styled capture by their text.
    const texts = cells.map((row) => row.map((cell) => cell.char).join('').trimEnd())
    let offset = 0
    for (let candidate = 0; candidate + screen.lines.length <= texts.length; candidate++) {
      if (screen.lines.every((line, index) => line === texts[candidate + index])) {
        offset = candidate
        break
      }
    }
    return new Screen({ ...screen, cells: cells.slice(offset, offset + screen.lines.length) })
  }

  /** The cursor position, 0-based. */
  async cursor(): Promise<Cursor> {
    this.assertNotKilled('read the cursor of')
    if (this.final) return { ...this.final.screen.cursor }
    const [line] = await this.guard(this.server.command(`display-message -p -t ${this.paneId} '#{cursor_x} #{cursor_y}'`))
    const [x, y] = line!.split(' ').map(Number) as [number, number]
    return { x, y }
  }

  /**
   * One look for a wait: the logical text, in the cheapest form (one
   * capture). A thorough look also asks whether the pane is dead, in the
   * same write.
   */
  private async lookText(thorough: boolean, enough?: (text: string) => boolean): Promise<Look> {
    if (this.final) return { text: this.final.screen.text, exit: this.final.exit }
    this.assertNotKilled('wait on')
    let lines: string[]
    let dead = false
    if (thorough && enough) {
      // The hot path: most waits are met by their first look. A screen that
      // already ends the wait needs no question about the pane's life (it is
      // the final screen too, unless tmux drew "Pane is dead", which the
      // capture shows): one command, one round trip. Only a screen that does
      // not end the wait is followed by the pane_dead question.
      lines = await this.guard(this.server.command(this.captureCommand))
      const last = lines[lines.length - 1]
      dead = last !== undefined && last.startsWith(DEAD_PREFIX.slice(0, this.cols))
      if (!dead) {
        const text = logicalText(lines)
        if (enough(text)) return { text, exit: undefined }
        dead = (await this.guard(this.server.command(this.deadQuery)))[0] === '1'
        if (!dead || !(await this.settleExit())) return { text, exit: undefined }
        return { text: this.final!.screen.text, exit: this.final!.exit }
      }
    } else if (thorough) {
      const [capture, deadReply] = await this.guard(
        Promise.all(this.server.pipeline([this.captureCommand, this.deadQuery])),
      )
      lines = capture!
      dead = deadReply![0] === '1'
    } else {
      lines = await this.guard(this.server.command(this.captureCommand))
      const last = lines[lines.length - 1]
      dead = last !== undefined && last.startsWith(DEAD_PREFIX.slice(0, this.cols))
    }
    if (dead && (await this.settleExit())) return { text: this.final!.screen.text, exit: this.final!.exit }
    return { text: logicalText(lines), exit: undefined }
  }

  private async lookScreen(styles = false): Promise<Look & { screen: Screen }> {
    const screen = await this.screen({ styles })
    return { screen, text: screen.text, exit: this.final?.exit }
  }

  // ── waiting ────────────────────────────────────────────────────────────

  /** Wait until the screen shows `pattern` (soft-wrapped lines joined). Resolves with the screen text. */
  waitForText(pattern: Pattern, options: WaitOptions = {}): Promise<string> {
    return this.waitForTextState(pattern, true, this.timeoutFrom(options), new Error())
  }

  /** @internal the engine behind toShowOnScreen and its `.not` form. */
  waitForTextState(pattern: Pattern, present: boolean, timeout: number, callSite: Error): Promise<string> {
    validatePattern(pattern)
    this.assertNotKilled('wait on')
    return waitUntil(this, {
      awaited: `${present ? 'text' : 'text to go'} ${describePattern(pattern)}`,
      timeout,
      callSite,
      look: (thorough) => this.lookText(thorough, (text) => matchesText(text, pattern) === present),
      check: (look) => (matchesText(look.text, pattern) === present ? look.text : undefined),
    })
  }

  /** Wait until `predicate(screen)` is truthy. Resolves with that screen. */
  waitFor(predicate: (screen: Screen) => unknown, options: WaitOptions = {}): Promise<Screen> {
    if (typeof predicate !== 'function') throw new OptionError(`waitFor(predicate): predicate must be a function, got ${describeValue(predicate)}`)
    const callSite = new Error()
    const timeout = this.timeoutFrom(options)
    this.assertNotKilled('wait on')
    return waitUntil(this, {
      awaited: `predicate ${predicate.name || 'function'} to hold`,
      timeout,
      callSite,
      look: () => this.lookScreen(),
      check: (look) => (predicate(look.screen) ? look.screen : undefined),
    })
  }

  /** @internal waitFor with a description, for matchers; `styles` reads cell styles at each look. */
  waitForScreen(awaited: string, check: (screen: Screen) => boolean, timeout: number, callSite: Error, styles = false): Promise<Screen> {
    this.assertNotKilled('wait on')
    return waitUntil(this, {
      awaited,
      timeout,
      callSite,
      look: () => this.lookScreen(styles),
      check: (look) => (check(look.screen) ? look.screen : undefined),
    })
  }

  /** Wait until the screen has not changed for `quiet` ms (default 200). */
  async waitForStable(options: StableOptions = {}): Promise<Screen> {
    const callSite = new Error()
    assertObject(options, 'waitForStable options')
    assertKnownKeys(options, ['timeout', 'quiet'], 'waitForStable options')
    const timeout = this.timeoutFrom(options)
    const quiet = options.quiet === undefined ? 200 : validateTimeout(options.quiet, 'quiet')
    this.assertNotKilled('wait on')
    const start = performance.now()
    const deadline = start + timeout
    let looks = 0
    let previous = await this.lookText(true)
    looks++
    for (;;) {
      if (previous.exit) return this.screen()
      const remaining = deadline - performance.now()
      if (remaining < quiet) break
      const countBefore = this.outputCount
      const sawOutput = await this.changedOrQuiet(countBefore, quiet)
      if (sawOutput) continue
      const current = await this.lookText(true)
      looks++
      if (current.text === previous.text) return this.screen()
      previous = current
    }
    throw await waitFailure(this, { awaited: `a screen unchanged for ${quiet} ms`, timeout, callSite }, WaitTimeoutError, {
      elapsedMs: performance.now() - start,
      looks,
      exit: undefined,
    })
  }

  /** Wait for the program to exit. Resolves with its `{ code, signal }`. */
  async waitForExit(options: WaitOptions = {}): Promise<ExitStatus> {
    const callSite = new Error()
    const timeout = this.timeoutFrom(options)
    return this.waitForExitWithin(timeout, callSite)
  }

  /** @internal */
  async waitForExitWithin(timeout: number, callSite: Error): Promise<ExitStatus> {
    this.assertNotKilled('wait on')
    return waitUntil(this, {
      awaited: 'the program to exit',
      timeout,
      callSite,
      look: async () => {
        if (!this.final) await this.isAlive()
        return this.final ? { text: this.final.screen.text, exit: this.final.exit } : { text: '', exit: undefined }
      },
      check: (look) => look.exit,
    })
  }

  private async changedOrQuiet(sinceCount: number, quiet: number): Promise<boolean> {
    // The safety poll still runs: a change that sends no %output (a resize) must show.
    let waited = 0
    while (waited < quiet) {
      const step = Math.min(SAFETY_POLL_MS * 4, quiet - waited)
      if (await this.changed(sinceCount, step)) return true
      waited += step
    }
    return false
  }

  /** @internal Waitable: resolves true on output after `sinceCount`, false after `ms`. */
  changed(sinceCount: number, ms: number): Promise<boolean> {
    if (this.outputCount !== sinceCount || this.state !== 'running' || this.final) return Promise.resolve(true)
    return new Promise((resolve) => {
      const waker = () => {
        clearTimeout(timer)
        resolve(true)
      }
      const timer = setTimeout(() => {
        const index = this.wakers.indexOf(waker)
        if (index !== -1) this.wakers.splice(index, 1)
        resolve(false)
      }, ms)
      this.wakers.push(waker)
    })
  }

  /** @internal called by the server for each `%output` of this pane: `line` holds the escaped bytes from `dataStart`. */
  noteOutput(line?: Buffer, dataStart = 0): void {
    this.outputCount++
    if (line !== undefined) this.recording?.output(line, dataStart)
    if (this.wakers.length > 0) this.wake()
  }

  private wake(): void {
    const wakers = this.wakers
    this.wakers = []
    for (const waker of wakers) waker()
  }

  // ── exit ───────────────────────────────────────────────────────────────

  /**
   * The pane looks dead: read its exit status. `pane_dead` can be 1 before
   * the status is set, and tmux 3.3a sometimes misses the program's SIGCHLD
   * and leaves it a zombie with no status at all; any other child exit makes
   * tmux reap it, so after a few ms we run one (`run-shell true`).
   * Resolves true if the program has exited.
   */
  private settleExit(): Promise<boolean> {
    this.settling ??= this.readExit().finally(() => {
      this.settling = undefined
    })
    return this.settling
  }

  private async readExit(): Promise<boolean> {
    if (this.final) return true
    const query = `display-message -p -t ${this.paneId} '#{pane_dead}\t#{pane_dead_status}\t#{pane_dead_signal}\t#{history_size}\t#{pane_width}\t#{pane_height}'`
    let fields: string[] = []
    let exit: ExitStatus | undefined
    for (let attempt = 0; attempt < 30; attempt++) {
      const [line] = await this.guard(this.server.command(query))
      fields = line!.split('\t')
      if (fields[0] !== '1') return false
      if (fields[1] !== '' || fields[2] !== '') {
        exit = {
          code: fields[1] === '' ? null : Number(fields[1]),
          signal: fields[2] === '' ? null : (SIGNAL_NAMES.get(Number(fields[2])) ?? `SIG${fields[2]}`),
        }
        break
      }
      if (attempt >= 2) await this.guard(this.server.command("run-shell 'true'"))
      await sleep(Math.min(2 + attempt, 10))
    }
    exit ??= { code: null, signal: null }
    const rows = Number(fields[5])
    const cols = Number(fields[4])
    // tmux scrolled the screen up one line and wrote "Pane is dead" on the
    // last row: the final screen is the last history line plus the rows
    // above the message. (If tmux never learned the status it drew no
    // message and did not scroll: then the visible rows are the screen.)
    const [plain, joined] = await this.guard(
      Promise.all(this.server.pipeline([`capture-pane -p -S -1 -t ${this.paneId}`, `capture-pane -p -J -S -1 -t ${this.paneId}`])),
    )
    const hasHistoryLine = plain!.length > rows
    const scrolled = plain![plain!.length - 1]!.startsWith(DEAD_PREFIX.slice(0, cols))
    const lines = scrolled ? plain!.slice(0, -1) : plain!.slice(hasHistoryLine ? 1 : 0)
    const logical = scrolled ? joined!.slice(0, -1) : joined!.slice(hasHistoryLine ? 1 : 0)
    lines.length = Math.min(lines.length, rows)
    while (lines.length < rows) lines.push('')
    // The program's own cursor is lost when tmux writes its message: report
    // where the output ended instead.
    let lastRow = lines.length - 1
    while (lastRow > 0 && lines[lastRow] === '') lastRow--
    const cursor = { x: stringWidth(lines[lastRow] ?? ''), y: Math.max(lastRow, 0) }
    const screen = new Screen({ lines, text: logicalText(logical), cursor, cols, rows })
    this.final = { exit, screen }
    this.program.close()
    this.state = 'exited'
    this.wake()
    return true
  }

  private async finalScreenWithHistory(styles: boolean): Promise<Screen> {
    const { screen } = this.final!
    const [plain, joined] = await this.guard(
      Promise.all(
        this.server.pipeline([
          `capture-pane -p -S - -E ${Math.max(screen.rows - 2, 0)} -t ${this.paneId}`,
          `capture-pane -p -J -S - -E ${Math.max(screen.rows - 2, 0)} -t ${this.paneId}`,
        ]),
      ),
    )
    const withHistory = new Screen({
      lines: plain!,
      text: logicalText(joined!),
      cursor: { x: 0, y: plain!.length - 1 },
      cols: screen.cols,
      rows: screen.rows,
    })
    return styles ? this.withStyles(withHistory, '-') : withHistory
  }

  /** The exit status once the program has exited (as far as tmuxpect has seen). */
  get exitStatus(): ExitStatus | undefined {
    return this.final?.exit
  }

  // ── lifecycle ──────────────────────────────────────────────────────────

  /** True while the program runs. False once it exited or the session was killed. */
  async isAlive(): Promise<boolean> {
    if (this.state === 'killed' || this.final) return false
    let reply: string[]
    try {
      reply = await this.guard(this.server.command(this.deadQuery))
    } catch (error) {
      if (error instanceof SessionGoneError) return false
      throw error
    }
    return !(reply[0] === '1' && (await this.settleExit()))
  }

  /** Resize the terminal (the window keeps this size whoever attaches). */
  async resize(cols: number, rows: number): Promise<void> {
    validateSize(cols, 'resize(cols)')
    validateSize(rows, 'resize(rows)')
    this.assertNotKilled('resize')
    this.record(`resize ${cols}×${rows}`)
    this.recording?.resize(cols, rows)
    await this.guard(this.server.command(`resize-window -t ${this.windowId} -x ${cols} -y ${rows}`))
    this.cols = cols
    this.rows = rows
  }

  /**
   * Run the same program again in the same session: same name, same attach
   * line, a fresh screen and history.
   */
  async restart(): Promise<void> {
    this.assertNotKilled('restart')
    if (!this.argv) throw new SessionGoneError(`cannot restart session ${this.name}: tmuxpect did not start its program`, this.name)
    this.record('restart')
    const oldPid = this.panePid
    // Target the pane through its own session: tmux takes the environment
    // (spawn's `env`, kept by new-session -e) from the target's session, and
    // a bare `%N` from the control client resolves to the control session.
    const paneInSession = quoteArgument(`=${this.name}:${this.windowId}.${this.paneId}`)
    const replies = await this.guard(
      this.server.group([
        `respawn-pane -k -t ${paneInSession}` + environmentFlags(this.cwd, this.env) + ' ' + commandLine('--', ...this.argv),
        // A fresh pipe for the new program (tmux 3.3a keeps the old one, with
        // its old read offsets, across a respawn), opened in the same command
        // list, before any of the new program's output is read.
        closePipeCommand(this.paneId),
        drainPipeCommand(this.paneId),
        `clear-history -t ${this.paneId}`,
        `display-message -p -t ${this.paneId} '#{pane_pid}'`,
      ]),
    )
    this.panePid = Number(replies[4]![0])
    this.program.close()
    this.program = new ProcessWatch(this.panePid)
    this.final = undefined
    this.state = 'running'
    this.outputCount++
    this.server.trackProgramEnd(oldPid)
  }

  /**
   * Kill the session and its program. Idempotent; safe from teardown, exit
   * hooks and error paths. A program that ignores SIGHUP is ended by PID.
   */
  kill(): Promise<void> {
    this.killing ??= this.killOnce()
    return this.killing
  }

  private async killOnce(): Promise<void> {
    this.state = 'killed'
    this.goneReason ??= 'it was killed'
    this.wake()
    this.server.forgetSession(this)
    // kill-window, not kill-session: the window is also linked into the
    // control session, and kill-session alone would leave it running.
    try {
      await this.server.command(`kill-window -t ${this.windowId}`)
    } catch {
      // already gone, or the server is: nothing left to kill in tmux
    }
    // Resolve only once the program is gone: one that ignores SIGHUP is ended by PID.
    await this.server.trackProgramEnd(this.panePid)
    this.program.close()
  }

  /** @internal the session went away without kill() (killed from outside, server gone). */
  markGone(reason: string): void {
    if (this.state === 'killed') return
    this.state = 'killed'
    this.goneReason = reason
    this.program.close()
    this.wake()
  }

  /**
   * Keep this session alive past teardown and the exit hook, on purpose
   * (for a person to attach to). Turns off the server's dead-man switch.
   * Returns (and prints) the attach line. Remove it later with kill(),
   * `tmux -L <socket> kill-server`, or `npx tmuxpect reap --kept`.
   */
  async keep(options: { quiet?: boolean } = {}): Promise<string> {
    this.assertNotKilled('keep')
    this.kept = true
    await this.guard(this.server.command(`set-option -t ${quoteArgument('=' + this.name + ':')} @tmuxpect_kept 1`))
    await this.server.keepAlive()
    const line = this.attachCommand()
    if (!options.quiet) process.stderr.write(`tmuxpect: keeping session ${this.name}; watch it with:\n  ${line}\n`)
    return line
  }

  get isKept(): boolean {
    return this.kept
  }

  /** @internal marks a session found already kept on the server. */
  adoptKept(): void {
    this.kept = true
  }

  /** The exact command a person can paste to watch the session (read-only: it never resizes it). */
  attachCommand(): string {
    return `tmux -L ${shellQuote(this.server.socket)} attach -r -t ${shellQuote('=' + this.name)}`
  }

  // ── internals ──────────────────────────────────────────────────────────

  /** @internal */
  summary(): SessionSummary {
    const state =
      this.state === 'killed'
        ? `gone (${this.goneReason})`
        : this.final
          ? describeExit(this.final.exit)
          : 'still running'
    return {
      name: this.name,
      program: describeCommand(this.command),
      state,
      attachCommand: this.attachCommand(),
      actions: [...this.actions],
      now: performance.now() - this.startedAt,
    }
  }

  /**
   * The session's terminal as an asciicast v2 recording (play it with
   * `asciinema play file.cast`): output from the start, typed input and
   * resizes. Undefined when recording is off (`TMUXPECT_RECORD=off`).
   */
  asciicast(): string | undefined {
    return this.recording?.toAsciicast()
  }

  /** @internal Waitable: a full screen for evidence, never throwing. */
  async evidenceScreen(): Promise<Screen | undefined> {
    if (this.final) return this.final.screen
    if (this.state === 'killed') return undefined
    try {
      return await this.screen()
    } catch {
      return undefined
    }
  }

  private record(what: string): void {
    this.actions.push({ at: performance.now() - this.startedAt, what })
    if (this.actions.length > MAX_ACTIONS) this.actions.shift()
  }

  private timeoutFrom(options: WaitOptions): number {
    assertObject(options, 'wait options')
    return options.timeout === undefined ? defaultTimeout() : validateTimeout(options.timeout, 'timeout')
  }

  private assertNotKilled(verb: string): void {
    if (this.state === 'killed') {
      const message = `cannot ${verb} session ${this.name}: ${this.goneReason}`
      // The whole server went away (not a kill()): its own error class, so callers can tell.
      const serverGone = this.server.goneError
      if (serverGone && !this.killing) throw new ServerGoneError(message, serverGone.socket)
      throw new SessionGoneError(message, this.name)
    }
  }

  private notRunning(verb: string): ProgramNotRunningError {
    const exit = this.final?.exit ?? { code: null, signal: null }
    return withCallSite(
      new ProgramNotRunningError(
        `cannot ${verb} session ${this.name}: its program ${describeExit(exit)}`,
        this.name,
        exit,
      ),
      new Error(),
    )
  }

  /** Turn "can't find pane" into SessionGoneError naming the session. */
  private async guard<T>(promise: Promise<T>): Promise<T> {
    try {
      return await promise
    } catch (error) {
      if (error instanceof TmuxCommandError && /can't find (pane|window|session)/.test(error.message)) {
        this.markGone('it was killed from outside tmuxpect')
        throw new SessionGoneError(`session ${this.name} is gone: ${this.goneReason}`, this.name)
      }
      throw error
    }
  }
}

export function describeCommand(command: Command | undefined): string {
  if (command === undefined) return 'unknown program'
  if (typeof command === 'string') return command
  return command.map((word) => shellQuote(word)).join(' ')
}

/** ` -c 'dir' -e 'K=V' …` for new-session and respawn-pane. */
export function environmentFlags(cwd: string | undefined, env: Readonly<Record<string, string>>): string {
  let flags = cwd === undefined ? '' : ` -c ${quoteArgument(cwd)}`
  for (const [key, value] of Object.entries(env)) flags += ` -e ${quoteArgument(`${key}=${value}`)}`
  return flags
}

function validatePattern(pattern: unknown): asserts pattern is Pattern {
  if (typeof pattern !== 'string' && !(pattern instanceof RegExp)) {
    throw new OptionError(`pattern must be a string or a RegExp, got ${describeValue(pattern)}`)
  }
}

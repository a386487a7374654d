/**
 * Session: one tmux session running one program, addressed by its pane id
 * (`%N`) so a command can never hit another session. The session holds its
 * identity and its state; the work is done in rooms:
 *
 *   input.ts    what type/press/submit/paste send, and `deliver`, the one input path
 *   journal.ts  the action log and the recording
 *   pane.ts     the tmux commands for the pane
 *   life.ts     running / exited / gone, and the looks a wait takes
 *   exit.ts     exit statuses and final screens (pure)
 *   wait.ts     every wait, over one output signal
 *
 * `kill()` is the one way out (the server's `endSession`).
 */
import { OptionError, SessionGoneError, type ExitStatus } from './errors.js'
import type { SessionHost, SessionInit } from './host.js'
import { Input, type KeyOptions, type TextOptions } from './input.js'
import { Journal } from './journal.js'
import { Life } from './life.js'
import { Mouse, type ClickOptions } from './mouse.js'
import type { MouseEvent } from './mouse-encoding.js'
import {
  KEEP_FIELDS,
  SCREEN_FIELDS,
  STABLE_FIELDS,
  WAIT_FIELDS,
  WAIT_FOR_FIELDS,
  describeValue,
  readOptions,
  timeoutOf,
  validateSize,
  type ScreenOptions, type StableOptions, type WaitForOptions, type WaitOptions,
} from './options.js'
import { Pane } from './pane.js'
import type { SessionSummary } from './report.js'
import { screenshotOf, type Pattern, type Screen, type ScreenCursor, type ScreenshotOptions } from './screen.js'
import { needsDrainPipe } from './drain-pipe.js'
import { Secrets } from './secrets.js'
import type { TmuxServer } from './server.js'
import { describeCommand, type Command } from './spawn-request.js'
import { attachLine } from './tmux-commands.js'
import { apiCallSite, waitForExit, waitForScreen, waitForStable, waitForText, type Watched } from './wait.js'

export type { Command } from './spawn-request.js'
export type { ScreenOptions, StableOptions, WaitForOptions, WaitOptions } from './options.js'


export class Session {
  readonly name: string
  readonly server: TmuxServer
  /** tmux's pane id (`%N`): every command targets it. */
  readonly paneId: string
  /** tmux's window id (`@N`). */
  readonly windowId: string
  /** PID of the program's process (the pane's session leader). */
  panePid: number
  /** The command as given to spawn, for messages. */
  readonly command: Command | undefined
  /** @internal What is masked in everything written about this session (secrets.ts). */
  readonly masking: Secrets
  private readonly host: SessionHost
  private readonly pane: Pane
  private readonly journal: Journal
  private readonly life: Life
  private readonly input: Input
  private readonly pointer: Mouse
  /** What the waits in wait.ts see of this session. */
  private readonly watched: Watched
  private killing: Promise<void> | undefined
  private kept = false
  private readonly restartWith: { argv: readonly string[]; cwd: string | undefined; env: Readonly<Record<string, string>> } | undefined

  /** Sessions are made by `server.spawn` / `server.ensure`, not by hand. */
  constructor(server: TmuxServer, host: SessionHost, init: SessionInit) {
    this.server = server
    this.host = host
    this.name = init.name
    this.paneId = init.paneId
    this.windowId = init.windowId
    this.panePid = init.panePid
    this.command = init.command
    this.restartWith = init.argv && { argv: init.argv, cwd: init.cwd, env: init.env }
    this.masking = new Secrets(init.secrets)
    this.pane = new Pane(host.channel, init.paneId, init.windowId, init, () => this.lost())
    // A session killed on purpose is gone, not lost with its server.
    this.life = new Life(init.name, this.pane, init.panePid, () => (this.killing ? undefined : host.goneError))
    this.journal = new Journal({ cols: init.cols, rows: init.rows, title: describeCommand(init.command), term: init.env.TERM }, this.masking)
    this.input = new Input(this.pane, this.life, this.journal, () => this.panePid, this.masking)
    this.pointer = new Mouse({ pane: this.pane, input: this.input, panePid: () => this.panePid, output: this.life.signal, waitForScreen: (...args) => this.waitForScreen(...args) })
    const life = this.life
    this.watched = {
      get outputCount() {
        return life.signal.outputCount
      },
      changed: (sinceCount, ms) => life.signal.changed(sinceCount, ms),
      assertWaitable: () => life.assertUsable('wait on'),
      lookText: (thorough, enough) => life.lookText(thorough, enough),
      lookScreen: async (styles) => {
        const screen = await this.screen({ styles })
        return { screen, text: screen.text, exit: life.final?.exit }
      },
      lookExit: () => life.lookExit(),
      screen: () => this.screen(),
      summary: () => this.summary(),
      noteWait: (wait) => this.journal.waited({ ...wait, awaited: this.masking.maskText(wait.awaited) }),
      evidenceScreen: () => this.evidenceScreen(),
      maskText: (text) => this.masking.maskText(text),
    }
  }

  // ── input (input.ts) ───────────────────────────────────────────────────

  /** Type text exactly as given, byte for byte; `{ secret: true }`: what tmuxpect writes about the step shows `•••`. */
  type(text: string, options?: TextOptions & KeyOptions): Promise<void> {
    return this.input.type(text, options)
  }

  /**
   * Press keys in order, each sent as the bytes a terminal sends (docs/keys.md): `press('C-c')`,
   * `press('Escape', ':', 'q', 'Enter')`; options last: `press('Escape', 'q', { escapeDelay: 0 })`.
   */
  press(...keys: [...keys: string[], options: KeyOptions] | string[]): Promise<void> {
    return this.input.press(keys)
  }

  /** Type a line and press Enter; `{ secret: true }` as for `type`. */
  submit(line: string, options?: TextOptions): Promise<void> {
    return this.input.submit(line, options)
  }

  /** Paste text as a terminal does: in bracketed-paste markers when the program asked for them, newlines as carriage returns. */
  paste(text: string, options?: TextOptions): Promise<void> {
    return this.input.paste(text, options)
  }

  /** Click a cell (`click(4, 2)`, 0-based) or a text (`click('OK')`, waited for), in the program's mouse mode (mouse.ts). */
  click(target: number | Pattern, yOrOptions?: number | ClickOptions, options?: ClickOptions): Promise<void> {
    return this.pointer.click(target, yOrOptions, options, apiCallSite())
  }

  /** One mouse report: `mouse({ action: 'press' | 'release' | 'drag' | 'move' | 'wheel', button, x, y, modifiers })`. */
  mouse(event: MouseEvent): Promise<void> {
    return this.pointer.send(event)
  }

  // ── reading ────────────────────────────────────────────────────────────

  /** The visible screen (or, with `scrollback`, history too) as an immutable Screen. */
  async screen(options: ScreenOptions = {}): Promise<Screen> {
    const { scrollback = false, styles = false } = readOptions(options, 'screen options', SCREEN_FIELDS)
    this.life.assertUsable('read the screen of')
    const final = this.life.final
    if (final && !scrollback) return styles ? this.pane.withStyles(final.screen, -1) : final.screen
    if (final) return this.pane.finalWithHistory(final.screen, styles)
    const { screen, dead } = await this.pane.screen(scrollback, styles)
    if (dead && (await this.life.settle())) return this.screen(options)
    return screen
  }

  /** The screen in colour as a self-contained SVG, also written to `path` (.svg, or .png with @resvg/resvg-js); `theme`: 'dark', 'light' or a palette. */
  screenshot(options: ScreenshotOptions = {}): Promise<string> {
    return screenshotOf(this, options)
  }

  /** The cursor position, 0-based. */
  async cursor(): Promise<ScreenCursor> {
    this.life.assertUsable('read the cursor of')
    const final = this.life.final
    if (final) return { ...final.screen.cursor }
    return this.pane.cursor()
  }

  // ── waiting (wait.ts) ──────────────────────────────────────────────────

  /** Wait until the screen shows `pattern` (soft-wrapped lines joined). Resolves with the screen text. */
  waitForText(pattern: Pattern, options: WaitOptions = {}): Promise<string> {
    const callSite = apiCallSite()
    const timeout = timeoutOf(readOptions(options, 'waitForText options', WAIT_FIELDS))
    return this.waitForTextState(pattern, true, timeout, callSite)
  }

  /** @internal the engine behind toShowOnScreen and its `.not` form. */
  waitForTextState(pattern: Pattern, present: boolean, timeout: number, callSite: Error): Promise<string> {
    if (typeof pattern !== 'string' && !(pattern instanceof RegExp)) {
      throw new OptionError(`pattern must be a string or a RegExp, got ${describeValue(pattern)}`)
    }
    return waitForText(this.watched, pattern, present, timeout, callSite)
  }

  /** Wait until `predicate(screen)` is truthy; resolves with that screen. `{ styles: true }`: screens with cell styles. */
  waitFor(predicate: (screen: Screen) => unknown, options: WaitForOptions = {}): Promise<Screen> {
    if (typeof predicate !== 'function') throw new OptionError(`waitFor(predicate): predicate must be a function, got ${describeValue(predicate)}`)
    const callSite = apiCallSite()
    const read = readOptions(options, 'waitFor options', WAIT_FOR_FIELDS)
    return waitForScreen(this.watched, `predicate ${predicate.name || 'function'} to hold`, predicate, timeoutOf(read), callSite, read.styles === true)
  }

  /** @internal waitFor with a description, for matchers; `styles` reads cell styles at each look. */
  waitForScreen(awaited: string, check: (screen: Screen) => boolean, timeout: number, callSite: Error, styles = false): Promise<Screen> {
    return waitForScreen(this.watched, awaited, check, timeout, callSite, styles)
  }

  /** Wait until the screen has not changed for `quiet` ms (default 200). */
  waitForStable(options: StableOptions = {}): Promise<Screen> {
    const callSite = apiCallSite()
    const read = readOptions(options, 'waitForStable options', STABLE_FIELDS)
    return waitForStable(this.watched, read.quiet ?? 200, timeoutOf(read), callSite)
  }

  /** Wait for the program to exit. Resolves with its `{ code, signal }`. */
  waitForExit(options: WaitOptions = {}): Promise<ExitStatus> {
    const callSite = apiCallSite()
    return this.waitForExitWithin(timeoutOf(readOptions(options, 'waitForExit options', WAIT_FIELDS)), callSite)
  }

  /** @internal */
  waitForExitWithin(timeout: number, callSite: Error): Promise<ExitStatus> {
    return waitForExit(this.watched, timeout, callSite)
  }

  /** @internal Incremented on every `%output` for the pane. */
  get outputCount(): number {
    return this.life.signal.outputCount
  }

  /** @internal each `%output` of this pane (`line` holds the escaped bytes from `dataStart`); no line: output drawn unseen (before tmuxpect listened, or dropped). */
  noteOutput(line?: Buffer, dataStart = 0): void {
    if (line !== undefined) this.journal.output(line, dataStart)
    this.life.output(line, dataStart)
  }

  /** The exit status once the program has exited (as far as tmuxpect has seen). */
  get exitStatus(): ExitStatus | undefined {
    return this.life.final?.exit
  }

  // ── lifecycle ──────────────────────────────────────────────────────────

  /** True while the program runs. False once it exited or the session was killed. */
  isAlive(): Promise<boolean> {
    return this.life.isAlive()
  }

  /** Resize the terminal (the window keeps this size whoever attaches). */
  async resize(cols: number, rows: number): Promise<void> {
    validateSize(cols, 'resize(cols)')
    validateSize(rows, 'resize(rows)')
    this.life.assertUsable('resize')
    this.journal.note({ action: `resize ${cols}×${rows}`, resize: { cols, rows } })
    await this.pane.resize(cols, rows)
  }

  /** Run the same program again in the same session: same name, same attach line, a fresh screen and history. */
  async restart(): Promise<void> {
    this.life.assertUsable('restart')
    if (!this.restartWith) throw new SessionGoneError(`cannot restart session ${this.name}: tmuxpect did not start its program`, this.name)
    this.journal.note({ action: 'restart' })
    const oldPid = this.panePid
    this.panePid = await this.pane.respawn({ name: this.name, ...this.restartWith, drain: needsDrainPipe(this.host.tmuxVersion) })
    this.life.restarted(this.panePid)
    void this.host.trackProgramEnd(oldPid)
  }

  /**
   * Kill the session and its program. Idempotent; safe from teardown, exit
   * hooks and error paths. A program that ignores SIGHUP is ended by PID.
   */
  kill(): Promise<void> {
    this.killing ??= this.host.endSession(this, 'it was killed')
    return this.killing
  }

  /** @internal the session ended (kill(), killed from outside, server gone): it cannot be used any more. */
  markGone(reason: string): void {
    this.life.end(reason)
  }

  /**
   * Keep this session alive past teardown and the exit hook, on purpose
   * (for a person to attach to). Turns off the server's dead-man switch.
   * Returns (and prints) the attach line. Remove it later with kill(),
   * `tmux -L <socket> kill-server`, or `npx tmuxpect reap --kept`.
   */
  async keep(options: { quiet?: boolean } = {}): Promise<string> {
    const { quiet = false } = readOptions(options, 'keep options', KEEP_FIELDS)
    this.life.assertUsable('keep')
    this.kept = true
    await this.pane.markKept(this.name)
    await this.host.keepAlive()
    const line = this.attachCommand()
    if (!quiet) process.stderr.write(`tmuxpect: keeping session ${this.name}; watch it with:\n  ${line}\n`)
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
    return attachLine(this.host.socket, this.name, this.host.tmux)
  }

  // ── for messages and the fixture ───────────────────────────────────────

  /** @internal the session in words: evidence, secrets masked like all evidence leaving the session (secrets.ts). */
  summary(): SessionSummary {
    return {
      name: this.name,
      program: this.masking.maskText(describeCommand(this.command)),
      state: this.life.describe(),
      attachCommand: this.attachCommand(),
      actions: this.journal.actions, timeline: this.journal.timeline,
      now: this.journal.elapsed(),
    }
  }

  /**
   * The session's terminal as an asciicast v2 recording (play it with
   * `asciinema play file.cast`): output from the start, typed input and
   * resizes, secrets masked. Undefined when recording is off (`TMUXPECT_RECORD=off`).
   */
  asciicast(): string | undefined {
    return this.journal.asciicast()
  }

  /** @internal Waitable: a full screen for evidence, secrets masked, never throwing. */
  async evidenceScreen(styles = false): Promise<Screen | undefined> {
    const final = this.life.final
    if (!final && this.life.gone) return undefined
    const screen = final && !styles ? final.screen : await this.screen({ styles }).catch(() => final?.screen)
    return screen && this.masking.maskScreen(screen)
  }

  /** The pane is gone from tmux (closed from outside): the session is gone too. */
  private lost(): SessionGoneError {
    this.life.end('it was killed from outside tmuxpect')
    return new SessionGoneError(`session ${this.name} is gone: ${this.life.goneReason}`, this.name)
  }
}

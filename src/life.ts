/**
 * The life of a session's program, as one state: running, exited (with its
 * status and final screen), or gone (killed, killed from outside, the
 * server gone — with why). Also the cheap looks a wait takes at the pane,
 * which depend on that state: a finished program's screen is its final
 * screen, and a pane that looks dead has its exit read once (`settle`),
 * however many callers ask at the same time.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { ProgramNotRunningError, ServerGoneError, SessionGoneError, type ExitStatus } from './errors.js'
import { UNKNOWN_EXIT } from './exit.js'
import type { Final, Pane } from './pane.js'
import { ProcessWatch } from './proc.js'
import { describeExit } from './report.js'
import { joinLogicalLines } from './screen-text.js'
import { TerminalModes } from './terminal-modes.js'
import { OutputSignal, withCallSite, type Look } from './wait.js'

export type State = { kind: 'running' } | { kind: 'exited'; final: Final } | { kind: 'gone'; reason: string; final: Final | undefined }

export class Life {
  state: State = { kind: 'running' }
  /** The one output signal of the pane: bumped on `%output`, woken when the program ends. */
  readonly signal = new OutputSignal()
  /** The cursor and alternate screen as the program's output set them (for its final screen). */
  readonly modes = new TerminalModes()
  /** The kernel's view of the program: has it ended? */
  private program: ProcessWatch
  private settling: Promise<boolean> | undefined

  constructor(
    private readonly name: string,
    private readonly pane: Pane,
    pid: number,
    /** The server's error when the whole server went away (and the session was not killed on purpose). */
    private readonly serverGone: () => ServerGoneError | undefined,
  ) {
    this.program = new ProcessWatch(pid)
  }

  get final(): Final | undefined {
    return this.state.kind === 'running' ? undefined : this.state.final
  }

  get gone(): boolean {
    return this.state.kind === 'gone'
  }

  /** True (not undefined) once the kernel says the program ended; undefined where it cannot tell. */
  programEnded(): boolean | undefined {
    return this.program.ended()
  }

  /** A `%output` line of the pane; none: output that was drawn unseen, so the screen may hold anything. */
  output(line?: Buffer, dataStart = 0): void {
    if (line === undefined) this.modes.assumeStyled()
    else this.modes.feed(line, dataStart)
    this.signal.note()
  }

  /** The pane looks dead: read its exit once (concurrent callers share the read). Resolves true if the program has exited. */
  settle(): Promise<boolean> {
    this.settling ??= this.readExit().finally(() => {
      this.settling = undefined
    })
    return this.settling
  }

  private async readExit(): Promise<boolean> {
    if (this.final) return true
    const final = await this.pane.readExit(this.modes)
    if (!final) return false
    if (this.state.kind === 'running') this.state = { kind: 'exited', final }
    this.program.close()
    this.signal.setEnded(true)
    return true
  }

  /** The kernel says the program is gone; tmux learns it when it handles the SIGCHLD, a moment later. Bounded. */
  async settleOnceTmuxKnows(): Promise<boolean> {
    const deadline = performance.now() + 500
    for (;;) {
      if (await this.settle()) return true
      if (performance.now() > deadline) return false
      await sleep(1)
    }
  }

  /** True while the program runs (asks tmux). */
  async isAlive(): Promise<boolean> {
    if (this.state.kind !== 'running') return false
    let dead: boolean
    try {
      dead = await this.pane.isDead()
    } catch (error) {
      if (error instanceof SessionGoneError) return false
      throw error
    }
    return !(dead && (await this.settle()))
  }

  /** The same session runs a new program (restart). */
  restarted(pid: number): void {
    this.program.close()
    this.program = new ProcessWatch(pid)
    this.state = { kind: 'running' }
    this.modes.reset()
    this.signal.setEnded(false)
    this.signal.note()
  }

  /** The session ended: it cannot be used any more (the first reason stays). */
  end(reason: string): void {
    if (this.state.kind === 'gone') return
    this.state = { kind: 'gone', reason, final: this.final }
    this.program.close()
    this.signal.setEnded(true)
  }

  /** Throws SessionGoneError (or ServerGoneError when the server went away) once the session is gone. */
  assertUsable(verb: string): void {
    if (this.state.kind !== 'gone') return
    const message = `cannot ${verb} session ${this.name}: ${this.state.reason}`
    const serverGone = this.serverGone()
    if (serverGone) throw new ServerGoneError(message, serverGone.socket)
    throw new SessionGoneError(message, this.name)
  }

  notRunning(verb: string): ProgramNotRunningError {
    const exit: ExitStatus = this.final?.exit ?? { ...UNKNOWN_EXIT }
    return withCallSite(new ProgramNotRunningError(`cannot ${verb} session ${this.name}: its program ${describeExit(exit)}`, this.name, exit), new Error())
  }

  /** In words, for messages: `still running`, `exited with code 0`, `gone (it was killed)`. */
  describe(): string {
    const { state } = this
    return state.kind === 'gone' ? `gone (${state.reason})` : state.kind === 'exited' ? describeExit(state.final.exit) : 'still running'
  }

  /** The reason the session is gone (for messages). */
  get goneReason(): string | undefined {
    return this.state.kind === 'gone' ? this.state.reason : undefined
  }

  // ── looks for waits ────────────────────────────────────────────────────

  /**
   * The logical text in the cheapest form. The hot path (with `enough`):
   * most waits are met by their first look, and a screen that already ends
   * the wait needs no question about the pane's life (it is the final
   * screen too: tmuxpect's servers draw no "Pane is dead" line over it):
   * one command. Only a screen that does not end the wait is followed by
   * the pane_dead question. A thorough look without `enough` asks both in
   * one write.
   */
  async lookText(thorough: boolean, enough?: (text: string) => boolean): Promise<Look> {
    if (this.final) return this.finalLook()
    this.assertUsable('wait on')
    const { styled } = this.modes
    let { lines, dead } = thorough && !enough ? await this.pane.captureTextAndDeath(styled) : await this.pane.captureText(styled)
    if (thorough && enough && !dead) {
      const text = joinLogicalLines(lines)
      if (enough(text)) return { text, exit: undefined }
      dead = await this.pane.isDead()
      if (!dead || !(await this.settle())) return { text, exit: undefined }
      return this.finalLook()
    }
    if (dead && (await this.settle())) return this.finalLook()
    return { text: joinLogicalLines(lines), exit: undefined }
  }

  /** The exit once the program has exited (asking tmux whether it has). */
  async lookExit(): Promise<Look> {
    if (!this.final) await this.isAlive()
    return this.final ? this.finalLook() : { text: '', exit: undefined }
  }

  private finalLook(): Look {
    return { text: this.final!.screen.text, exit: this.final!.exit }
  }
}

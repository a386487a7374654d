/**
 * The journal of one session: what was done to it (the action log that
 * failure messages end with) and what its terminal showed (the recording).
 * Every input, resize and restart goes through `note`, so the log and the
 * recording can never disagree; every `%output` goes through `output`.
 *
 * Readers: failure messages (`actions`), `session.asciicast()`, and the
 * results folder and the report page (artifacts.ts, report-page/), which
 * read `timeline`: every step, waits included, with how each ended.
 */
import { recordingSettings } from './options.js'
import { hostProfile } from './profile.js'
import { Recording } from './recording.js'
import { Secrets } from './secrets.js'
import type { ActionRecord } from './report.js'

/** Actions kept for messages: the last few tell the story. */
const MAX_ACTIONS = 12
/** Steps kept for the report page's timeline: all of a test's, up to a bound. */
const MAX_TIMELINE = 2000

/** One thing done to a session, as the journal keeps it. */
export interface JournalEntry {
  /** In words, for the action log: `type "hello"`, `press Enter`. */
  action: string
  /** The input as the program receives it, for the recording's "i" event. */
  input?: string
  /** A resize, for the recording's "r" event. */
  resize?: { cols: number; rows: number }
}

/** A step on the report page's timeline: an action, or a wait and how it ended. */
export interface TimelineEntry {
  /** ms since the session (and its recording) started. */
  at: number
  what: string
  outcome?: 'ok' | 'failed'
}

/** A wait as it ended, for the timeline. */
export interface WaitRecord {
  awaited: string
  elapsedMs: number
  met: boolean
  /** Why a wait that was not met ended: `timeout`, or the program's exit in words. */
  ending?: string
}

export class Journal {
  /** `performance.now()` when the session started: every time counts from it. */
  readonly startedAt = performance.now()
  private readonly log: ActionRecord[] = []
  private readonly steps: TimelineEntry[] = []
  /** The terminal's output since the session started, unless recording is off. */
  private readonly recording: Recording | undefined

  constructor(
    init: { cols: number; rows: number; title: string; term?: string },
    /** What is masked when the log and the recording are read (secrets.ts). */
    private readonly secrets: Secrets = new Secrets(),
  ) {
    const settings = recordingSettings()
    if (settings.mode !== 'off') {
      const { TERM, SHELL } = hostProfile().env
      const { term, ...header } = init
      this.recording = new Recording({ ...header, startedAt: this.startedAt, limit: settings.limit, env: { TERM: term ?? TERM, SHELL } })
    }
  }

  note(entry: JournalEntry): void {
    const at = this.elapsed()
    this.log.push({ at, what: entry.action })
    if (this.log.length > MAX_ACTIONS) this.log.shift()
    this.step({ at, what: entry.action })
    if (entry.input !== undefined) this.recording?.input(entry.input)
    if (entry.resize) this.recording?.resize(entry.resize.cols, entry.resize.rows)
  }

  /** A wait ended: on the timeline (not in the action log, whose story a wait's own message tells). */
  waited(wait: WaitRecord): void {
    const took = `${Math.round(wait.elapsedMs)} ms`
    const what = wait.met ? `✓ waited ${took} for ${wait.awaited}` : `✗ gave up after ${took} waiting for ${wait.awaited} (${wait.ending ?? 'timeout'})`
    this.step({ at: this.elapsed(), what, outcome: wait.met ? 'ok' : 'failed' })
  }

  private step(entry: TimelineEntry): void {
    this.steps.push(entry)
    // Trimmed in batches: a splice per step, once the bound is reached, moved 2,000 entries a round trip.
    if (this.steps.length >= 2 * MAX_TIMELINE) this.steps.splice(0, this.steps.length - MAX_TIMELINE)
  }

  /** Every step since the session started (up to a bound), oldest first: the report page's markers. */
  get timeline(): TimelineEntry[] {
    return this.steps.slice(-MAX_TIMELINE)
  }

  /** A `%output` line of the pane: its escaped payload starts at `dataStart`. */
  output(line: Buffer, dataStart: number): void {
    this.recording?.output(line, dataStart)
  }

  /** The last actions, oldest first, secrets masked. */
  get actions(): ActionRecord[] {
    return this.log.map((action) => ({ ...action, what: this.secrets.maskText(action.what) }))
  }

  /** ms since the session started. */
  elapsed(): number {
    return performance.now() - this.startedAt
  }

  /** The recording as an asciicast v2 file, secrets masked; undefined when recording is off. */
  asciicast(): string | undefined {
    return this.recording?.toAsciicast(this.secrets.values())
  }
}

/**
 * What the report page shows of one test, and the one place it is put
 * together. Everything a person will see — the test's errors, each
 * session's recording, final screen, actions and attach line — passes
 * through `assembleTestResults`, which also yields the contents of the
 * files written beside the page (`<session>.cast`, `<session>.txt`). A
 * filter applied here (masking secrets, say) therefore reaches the page and
 * the files alike.
 *
 * Plain data, JSON all the way: an entry is stored in a writer's data file
 * and read back by whichever writer rebuilds the page.
 */
import stripAnsi from 'strip-ansi'
import type { Screen } from '../screen.js'
import type { Style } from '../styles.js'

/** One step of the test on a session, placed on the recording's timeline. */
export interface ReportAction {
  /** ms since the session (and its recording) started. */
  at: number
  /** `submit "6 * 7"`, `waitForText "42"`, `✗ test failed: …`. */
  what: string
  /** How a step ended, where it can end badly (a wait): `ok` or `failed`. */
  outcome?: 'ok' | 'failed'
}

/** A run of characters in one style on one row of the final screen; style omitted for the default look. */
export type ScreenRun = [text: string, style?: Partial<Style>]

export interface ReportSession {
  name: string
  /** The program, as the failure message names it (`python3 -q`). */
  program: string
  /** `still running`, `exited with code 3`, … */
  state: string
  /** The size the session started with; resizes are in the recording. */
  cols: number
  rows: number
  /** The read-only attach line, only when the session was kept alive (TMUXPECT_KEEP=1). */
  attach?: string
  /** The recording and the final screen, relative to the results folder. */
  castFile?: string
  screenFile?: string
  actions: ReportAction[]
  /** The final screen, one array of runs per row, with colours when they were captured. */
  screen?: ScreenRun[][]
  /** Cursor of the final screen (0-based), when there was one. */
  cursor?: { x: number; y: number }
}

export interface ReportEntry {
  /** Identifies the test across runs and writers: its file and its full name. */
  key: string
  /** `describe › test`. */
  test: string
  /** The test file, relative to the working directory. */
  file: string
  /** The test's errors as plain text (no escape codes). */
  errors: string[]
  /** Date.now() when written: the newest entry of a key wins. */
  writtenAt: number
  /** False for a passing test written with TMUXPECT_RECORD=all. */
  failed: boolean
  /** True for a test that passed after an earlier failure of the same run: hides the older entries. */
  passed?: boolean
  sessions: ReportSession[]
}

/** What the fixture knows about one session of a finished test. */
export interface SessionResultsInput {
  name: string
  program: string
  state: string
  actions: readonly ReportAction[]
  /** The asciicast recording, undefined when recording is off. */
  cast: string | undefined
  /** The final screen (read with styles where possible). */
  screen: Screen | undefined
  /** The attach line, given only when the session is kept alive. */
  attach?: string
}

export interface TestResultsInput {
  key: string
  test: string
  file: string
  failed: boolean
  errors: readonly string[]
  sessions: readonly SessionResultsInput[]
  /** The folder of the test's files, relative to the results folder (`python-shows-the-wrong-answer`). */
  folder: string
}

/** A file to write under the results folder. */
export interface ResultFile {
  /** Relative to the results folder. */
  path: string
  content: string
}

export interface AssembledResults {
  entry: ReportEntry
  files: ResultFile[]
}

/**
 * The page's entry for one test and the files written beside it. The single
 * place where what the page and the files show is decided.
 */
export function assembleTestResults(input: TestResultsInput): AssembledResults {
  const files: ResultFile[] = []
  const sessions = input.sessions.map((session): ReportSession => {
    const out: ReportSession = {
      name: session.name,
      program: session.program,
      state: session.state,
      ...startSize(session),
      actions: session.actions.map((action) => ({ ...action })),
    }
    if (session.attach) out.attach = session.attach
    if (session.cast !== undefined) {
      out.castFile = `${input.folder}/${session.name}.cast`
      files.push({ path: out.castFile, content: session.cast })
    }
    if (session.screen) {
      out.screenFile = `${input.folder}/${session.name}.txt`
      files.push({ path: out.screenFile, content: session.screen.lines.join('\n') + '\n' })
      out.screen = screenRuns(session.screen)
      out.cursor = { ...session.screen.cursor }
    }
    return out
  })
  return {
    entry: {
      key: input.key,
      test: input.test,
      file: input.file,
      failed: input.failed,
      errors: input.errors.map((error) => stripAnsi(error)),
      writtenAt: Date.now(),
      sessions,
    },
    files,
  }
}

/** The size the session started with: the recording's header, else the final screen's size. */
function startSize(session: SessionResultsInput): { cols: number; rows: number } {
  if (session.cast !== undefined) {
    try {
      const header = JSON.parse(session.cast.slice(0, session.cast.indexOf('\n'))) as { width?: unknown; height?: unknown }
      if (typeof header.width === 'number' && typeof header.height === 'number') return { cols: header.width, rows: header.height }
    } catch {
      // not a header: fall through
    }
  }
  return { cols: session.screen?.cols ?? 80, rows: session.screen?.rows ?? 24 }
}

const DEFAULT_LOOK: Readonly<Style> = {
  fg: null,
  bg: null,
  bold: false,
  dim: false,
  italic: false,
  underline: false,
  inverse: false,
  strikethrough: false,
}

/** Only what differs from the default look, so a plain screen stores as plain text. */
function styleDelta(style: Readonly<Style>): Partial<Style> | undefined {
  const delta: Partial<Style> = {}
  let any = false
  for (const key of Object.keys(DEFAULT_LOOK) as (keyof Style)[]) {
    if (style[key] !== DEFAULT_LOOK[key]) {
      ;(delta as Record<string, unknown>)[key] = style[key]
      any = true
    }
  }
  return any ? delta : undefined
}

/** Rows of same-style runs; trailing default-style blanks dropped. Plain lines when the screen has no styles. */
export function screenRuns(screen: Screen): ScreenRun[][] {
  if (!screen.cells) return screen.lines.map((line) => (line.trimEnd() ? [[line.trimEnd()]] : []))
  return screen.cells.map((row) => {
    const runs: ScreenRun[] = []
    let text = ''
    let style: Partial<Style> | undefined
    let key = ''
    for (const cell of row) {
      if (cell.width === 0) continue
      const delta = styleDelta(cell.style)
      const cellKey = delta ? JSON.stringify(delta) : ''
      if (cellKey !== key && text) {
        runs.push(style ? [text, style] : [text])
        text = ''
      }
      key = cellKey
      style = delta
      text += cell.char || ' '
    }
    if (text) runs.push(style ? [text, style] : [text])
    // Blank default-style tail: nothing to show.
    const last = runs[runs.length - 1]
    if (last && !last[1]) {
      const trimmed = last[0].trimEnd()
      if (trimmed) last[0] = trimmed
      else runs.pop()
    }
    return runs
  })
}

/**
 * What the generated test waits for before each input: the text that tells
 * the moment the person acted apart from every moment before it. Pure: it
 * reads the screens the recording took, never the live program.
 *
 * The rules, in order:
 *   - what is waited for is whole lines of the logical text (soft-wrapped
 *     rows joined, what `toShowOnScreen` matches), never the piece of a
 *     long line that a wrap left on a row of its own;
 *   - only the program's own new text counts: a line already on the screen
 *     when the previous input was sent, the person's echoed typing (a row
 *     that holds what they typed since the last wait), and text that came
 *     and went on its own (a clock, a spinner, "loading…") are never waited
 *     for;
 *   - a line-oriented program (its cursor on its last line, a prompt): the
 *     new line above the prompt and the prompt, as one two-line text, so
 *     the test waits until the program asks for input again;
 *   - otherwise the shortest new line that is not trivial; after a
 *     full-screen redraw the most specific (longest) one;
 *   - nothing new, but a line went away (vim's "-- INSERT --" after Escape):
 *     wait for it to be gone;
 *   - no text tells the moment, but text took on a style it did not have
 *     (a highlight moved to another item): wait for that text in that
 *     style (style-waits.ts).
 */
import { chooseStyleWait, transientMarks, type StyledStretch, type StyleWait } from './style-waits.js'

/** One look at the screen, as the recording took it. */
export interface Shot {
  /** ms since the recording started. */
  time: number
  /** Rows as shown, trailing spaces removed. */
  lines: readonly string[]
  /** Logical text (soft-wrapped rows joined), what `toShowOnScreen` matches. */
  text: string
  cursor: { x: number; y: number }
  /** An input was sent to the program between the previous shot and this one. */
  afterInput: boolean
  /** The stretches drawn in a style other than the default; undefined when the screen was read without its cells. */
  styled?: readonly StyledStretch[]
}

export type Wait = { kind: 'show'; text: string } | StyleWait | { kind: 'gone'; text: string }

/**
 * Lines that came and went on their own: on screen from one look to a
 * later one with no input sent in all that time (a clock's tick, a spinner,
 * "loading…"). Their shapes (digits as #) are not stable either. A line
 * that goes after an input was sent may be the program's answer to it,
 * however late the answer: that is not counted.
 */
export class Volatility {
  private readonly transient = new Set<string>()
  private readonly shapes = new Set<string>()
  /** Styled text that came and went on its own (style-waits.ts). */
  readonly transientStyles: ReadonlySet<string>

  constructor(shots: readonly Shot[]) {
    this.transientStyles = transientMarks(shots)
    /** Each line on screen now, with the number of inputs sent before the look that first showed it. */
    let shown = new Map<string, number>()
    let inputs = 0
    for (const shot of shots) {
      if (shot.afterInput) inputs++
      const next = new Map<string, number>()
      for (const line of contentLines(shot)) next.set(line, shown.get(line) ?? inputs)
      for (const [line, since] of shown) {
        if (next.has(line) || shot.text.includes(line) || since !== inputs) continue
        this.transient.add(line)
        this.shapes.add(shapeOf(line))
      }
      shown = next
    }
  }

  /** The line itself came and went, or it looks like one that did (a clock's next tick). */
  isVolatile(line: string): boolean {
    if (this.transient.has(line)) return true
    const shape = shapeOf(line)
    return shape !== line && this.shapes.has(shape)
  }
}

/** Digits and spinner characters stand for any: `12:00:01` and `12:00:02` have one shape. */
function shapeOf(line: string): string {
  return line.replace(/\d+/g, '#').replace(/[\u2800-\u28ff|/\\◐◓◑◒⠁-⣿]/g, '*')
}

/** The logical lines (soft-wrapped rows joined), trimmed. */
function logicalLines(shot: Pick<Shot, 'text'>): string[] {
  return shot.text.split('\n').map((line) => line.trim())
}

/** The lines worth waiting for: logical lines with a letter or a digit in them. */
function contentLines(shot: Pick<Shot, 'text'>): string[] {
  return logicalLines(shot).filter((line) => /[\p{L}\p{N}]/u.test(line))
}

const MOST_SPECIFIC_MAX = 60

/**
 * The wait before an input: `previous` is the screen when the last input
 * was sent (or the blank screen before the program started), `now` the
 * screen the person saw when they acted, `typed` what they typed since the
 * last wait; `exited`: `now` is the program's last screen.
 */
export function chooseWait(previous: Shot | undefined, now: Shot, typed: string, volatility: Volatility, options: { exited?: boolean } = {}): Wait | undefined {
  const before = previous?.text ?? ''
  const echoRows = echoRowsOf(previous, now, typed)
  const stable = (line: string) => !volatility.isVolatile(line)
  const fresh = (text: string) => !before.includes(text) && !(typed && typed.includes(text))
  const rows = new Set(now.lines.map((line) => line.trim()))
  // A line wider than a row (no row is all of it) holds rows: it is echo if one of them is.
  const holdsEcho = (text: string) => !rows.has(text) && echoRows.some((row) => row !== '' && text.includes(row))
  const notEcho = (text: string) => !echoRows.some((row) => row.includes(text)) && !holdsEcho(text)
  const worthy = (line: string) => fresh(line) && notEcho(line) && stable(line)
  // Once the program has exited, its last styles say nothing more than toHaveExited.
  const styleWait = () => (options.exited ? undefined : chooseStyleWait(previous, now, (text) => !notEcho(text) || typed.includes(text), volatility.transientStyles))
  if (now.text === before) return styleWait()
  // Lines with a letter or digit; failing those, any (python's bare `>>>`).
  let candidates = [...new Set(contentLines(now))].filter(worthy)
  if (candidates.length === 0) candidates = [...new Set(logicalLines(now).filter(Boolean))].filter(worthy)

  const previousRows = new Set(previous?.lines ?? [])
  const changedRows = now.lines.filter((line) => line.trim() !== '' && !previousRows.has(line)).length
  const fullRedraw = changedRows > now.lines.length / 2

  // A program that has exited asks for nothing more: no prompt to wait for.
  if (!fullRedraw && !options.exited) {
    const prompt = promptBlock(now, before, (text) => echoRows.includes(text) || holdsEcho(text), volatility)
    if (prompt) return { kind: 'show', text: prompt }
  }
  if (candidates.length > 0) {
    const byLength = [...candidates].sort((a, b) => a.length - b.length)
    if (fullRedraw) {
      const fitting = byLength.filter((line) => line.length <= MOST_SPECIFIC_MAX)
      return { kind: 'show', text: fitting.length ? fitting[fitting.length - 1]! : byLength[0]! }
    }
    return { kind: 'show', text: byLength.find((line) => line.length >= 3) ?? byLength[0]! }
  }
  // Two lines together can be new where neither is alone (bash: `hello` is in the echoed `echo hello`).
  const lines = now.text.split('\n')
  for (let line = lines.length - 1; line > 0; line--) {
    const [upper, lower] = [lines[line - 1]!, lines[line]!]
    const block = joinLines(upper, lower)
    if (block && !before.includes(block) && notEcho(upper.trim()) && notEcho(lower.trim()) && stable(upper.trim()) && stable(lower.trim())) {
      return { kind: 'show', text: block }
    }
  }
  if (previous) {
    // The row the person was typing on is theirs, not the program's (vim's `:wq` once it runs).
    const typingRow = (previous.lines[previous.cursor.y] ?? '').trim()
    const gone = contentLines(previous)
      .filter((line) => !now.text.includes(line) && stable(line) && !echoRows.some((row) => row.includes(line)) && line !== typingRow)
      .sort((a, b) => a.length - b.length)
    if (gone.length > 0) return { kind: 'gone', text: gone.find((line) => line.length >= 3) ?? gone[0]! }
  }
  return styleWait()
}

/** The rows showing the person's own typing: those holding what they typed, and the cursor row when it only grew at the cursor. */
function echoRowsOf(previous: Shot | undefined, now: Shot, typed: string): string[] {
  if (!typed) return []
  // One character is everywhere: a lone typed character counts by the cursor rule below only.
  const rows = typed.length > 1 ? now.lines.filter((line) => line.includes(typed)) : []
  const cursorRow = now.lines[now.cursor.y] ?? ''
  if (previous && previous.cursor.y === now.cursor.y && now.cursor.x > previous.cursor.x && cursorRow.startsWith(previous.lines[previous.cursor.y] ?? '')) {
    rows.push(cursorRow)
  } else if (cursorRow.slice(0, now.cursor.x).endsWith(typed.slice(-1))) {
    // What was typed last, just left of the cursor (vim's `:` on its command line).
    rows.push(cursorRow)
  }
  return rows.map((row) => row.trim())
}

/**
 * A prompt on the last line, below new output: `42\n>>>`. Only for a
 * program whose cursor sits on its last non-blank row, with text on it and
 * a line with text above it, the two together new.
 */
function promptBlock(now: Shot, before: string, isEcho: (text: string) => boolean, volatility: Volatility): string | undefined {
  const row = now.cursor.y
  let last = now.lines.length - 1
  while (last >= 0 && now.lines[last]!.trim() === '') last--
  if (row !== last || row < 1) return undefined
  // The prompt's line and the one above it, whole (either may be wider than a row).
  const lines = now.text.replace(/\n+$/, '').split('\n')
  if (lines.length < 2) return undefined
  const above = lines[lines.length - 2]!.trim()
  const prompt = lines[lines.length - 1]!.trimEnd()
  if (!prompt.trim() || !/[\p{L}\p{N}]/u.test(above) || isEcho(prompt.trim())) return undefined
  // The line above may be the echoed input itself: the prompt below it is still the program's own.
  if (volatility.isVolatile(above) || volatility.isVolatile(prompt.trim())) return undefined
  const block = joinLines(above, prompt)
  if (!block || before.includes(block)) return undefined
  return block
}

/** Two lines as one pattern: the first from its text on, the second up to its end. */
function joinLines(upper: string, lower: string): string | undefined {
  const first = upper.trim()
  const second = lower.trimEnd()
  if (!first || !second.trim()) return undefined
  return `${first}\n${second}`
}

/**
 * What the generated test waits for before each input: the text that tells
 * the moment the person acted apart from every moment before it. Pure: it
 * reads the screens the recording took, never the live program.
 *
 * The rules, in order:
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
 *     wait for it to be gone.
 */

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
}

export type Wait = { kind: 'show'; text: string } | { kind: 'gone'; text: string }

/** Lines that came and went with no input in between: their shapes (digits as #) are not stable. */
export class Volatility {
  private readonly transient = new Set<string>()
  private readonly shapes = new Set<string>()

  constructor(shots: readonly Shot[]) {
    for (let index = 1; index < shots.length; index++) {
      const before = shots[index - 1]!
      const after = shots[index]!
      if (after.afterInput) continue
      for (const line of contentLines(before)) {
        if (after.text.includes(line)) continue
        this.transient.add(line)
        this.shapes.add(shapeOf(line))
      }
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

/** The rows worth waiting for: trimmed, with a letter or a digit in them. */
function contentLines(shot: Pick<Shot, 'lines'>): string[] {
  return shot.lines.map((line) => line.trim()).filter((line) => /[\p{L}\p{N}]/u.test(line))
}

const MOST_SPECIFIC_MAX = 60

/**
 * The wait before an input: `previous` is the screen when the last input
 * was sent (or the blank screen before the program started), `now` the
 * screen the person saw when they acted, `typed` what they typed since the
 * last wait.
 */
export function chooseWait(previous: Shot | undefined, now: Shot, typed: string, volatility: Volatility): Wait | undefined {
  const before = previous?.text ?? ''
  if (now.text === before) return undefined
  const echoRows = echoRowsOf(previous, now, typed)
  const stable = (line: string) => !volatility.isVolatile(line)
  const fresh = (text: string) => !before.includes(text) && !(typed && typed.includes(text))
  const notEcho = (text: string) => !echoRows.some((row) => row.includes(text))
  const candidates = [...new Set(contentLines(now))].filter((line) => fresh(line) && notEcho(line) && stable(line))

  const previousRows = new Set(previous?.lines ?? [])
  const changedRows = now.lines.filter((line) => line.trim() !== '' && !previousRows.has(line)).length
  const fullRedraw = changedRows > now.lines.length / 2

  if (!fullRedraw) {
    const prompt = promptBlock(now, before, volatility)
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
  // Two rows together can be new where neither is alone (bash: `hello` is in the echoed `echo hello`).
  for (let row = now.lines.length - 1; row > 0; row--) {
    const block = joinRows(now.lines[row - 1]!, now.lines[row]!)
    if (block && now.text.includes(block) && !before.includes(block) && notEcho(now.lines[row - 1]!.trim()) && stable(now.lines[row - 1]!.trim()) && stable(now.lines[row]!.trim())) {
      return { kind: 'show', text: block }
    }
  }
  if (previous) {
    const gone = contentLines(previous)
      .filter((line) => !now.text.includes(line) && stable(line) && !echoRows.some((row) => row.includes(line)))
      .sort((a, b) => a.length - b.length)
    if (gone.length > 0) return { kind: 'gone', text: gone.find((line) => line.length >= 3) ?? gone[0]! }
  }
  return undefined
}

/** The rows showing the person's own typing: those holding what they typed, and the cursor row when it only grew at the cursor. */
function echoRowsOf(previous: Shot | undefined, now: Shot, typed: string): string[] {
  if (!typed) return []
  const rows = now.lines.filter((line) => line.includes(typed))
  if (previous && previous.cursor.y === now.cursor.y && now.cursor.x > previous.cursor.x) {
    const before = previous.lines[previous.cursor.y] ?? ''
    const after = now.lines[now.cursor.y] ?? ''
    if (after.startsWith(before)) rows.push(after)
  }
  return rows.map((row) => row.trim())
}

/**
 * A prompt on the last line, below new output: `42\n>>>`. Only for a
 * program whose cursor sits on its last non-blank row, with text on it and
 * a line with text above it, the two together new.
 */
function promptBlock(now: Shot, before: string, volatility: Volatility): string | undefined {
  const row = now.cursor.y
  let last = now.lines.length - 1
  while (last >= 0 && now.lines[last]!.trim() === '') last--
  if (row !== last || row < 1) return undefined
  const above = now.lines[row - 1]!.trim()
  const prompt = now.lines[row]!.trimEnd()
  if (!prompt.trim() || !/[\p{L}\p{N}]/u.test(above)) return undefined
  // The row above may be the echoed input itself: the prompt below it is still the program's own.
  if (volatility.isVolatile(above) || volatility.isVolatile(prompt.trim())) return undefined
  const block = joinRows(now.lines[row - 1]!, now.lines[row]!)
  if (!block || !now.text.includes(block) || before.includes(block)) return undefined
  return block
}

/** Two rows as one pattern: the first from its text on, the second up to its end. */
function joinRows(upper: string, lower: string): string | undefined {
  const first = upper.trim()
  const second = lower.trimEnd()
  if (!first || !second.trim()) return undefined
  return `${first}\n${second}`
}

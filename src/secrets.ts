/**
 * Secrets: the one module that masks. A value known to be secret — typed
 * with `{ secret: true }`, listed in `secrets` (per spawn, per test with
 * `tmux.secrets(…)`, globally with `configure({ secrets })`) — is replaced
 * by a fixed mask, `•••` (never its length), in everything tmuxpect writes
 * or prints: failure messages, the action log, recordings, final screens,
 * the report page. Masking is exact-substring; it happens where the
 * evidence leaves the engine (session.ts's evidence doors, artifacts.ts,
 * the recording's writer), never on the input path: what the program
 * receives is untouched.
 *
 * Text that arrives in pieces (a recording's `%output` chunks, a screen's
 * soft-wrapped rows) is masked across the pieces: `maskSegments`.
 */
import stringWidth from 'string-width'
import { configuredSecrets } from './options.js'
import { Screen } from './screen.js'
import { DEFAULT_STYLE, type Cell } from './styles.js'

/** What a secret is shown as. Fixed: the length of the value is not told. */
export const MASK = '•••'

/**
 * A set of secret values, with the sets it inherits (a test's, for its
 * sessions) and the global ones from `configure({ secrets })`. Values
 * added later mask everything written afterwards.
 */
export class Secrets {
  private readonly own = new Set<string>()
  private readonly parents = new Set<Secrets>()

  constructor(values: Iterable<string> = []) {
    this.add(values)
  }

  add(values: Iterable<string>): void {
    for (const value of values) if (value !== '') this.own.add(value)
  }

  /** Also mask what `parent` holds (now and later). */
  inherit(parent: Secrets): void {
    if (parent !== this) this.parents.add(parent)
  }

  /**
   * Every value to look for: own, inherited and global, each also in its
   * JSON-escaped form (the action log shows typed text as a JSON string),
   * longest first.
   */
  values(): string[] {
    const all = new Set<string>()
    this.collect(all, new Set())
    for (const value of configuredSecrets()) all.add(value)
    for (const value of [...all]) {
      const escaped = JSON.stringify(value).slice(1, -1)
      if (escaped !== value) all.add(escaped)
    }
    return [...all].sort((a, b) => b.length - a.length)
  }

  private collect(into: Set<string>, seen: Set<Secrets>): void {
    if (seen.has(this)) return
    seen.add(this)
    for (const value of this.own) into.add(value)
    for (const parent of this.parents) parent.collect(into, seen)
  }

  maskText(text: string): string {
    return maskText(text, this.values())
  }

  maskScreen(screen: Screen): Screen {
    return maskScreen(screen, this.values())
  }
}

/** The secrets configured globally (`configure({ secrets })`), for what belongs to no session. */
export function globalSecrets(): Secrets {
  return new Secrets()
}

/** `text` with every occurrence of every value replaced by the mask. */
export function maskText(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0 || text === '') return text
  return maskSegments([text], secrets)[0]!
}

/**
 * Mask text that arrives in pieces: `segments` joined are searched, and a
 * secret that spans pieces is masked in all of them — the piece it starts
 * in shows the mask, the pieces it continues into lose their part. Each
 * piece stays a piece (a recording's event keeps its time), possibly
 * emptied. Overlapping occurrences become one mask.
 */
export function maskSegments(segments: readonly string[], secrets: readonly string[]): string[] {
  if (secrets.length === 0 || segments.length === 0) return [...segments]
  const joined = segments.join('')
  const hidden = hiddenRanges(joined, secrets)
  if (hidden.length === 0) return [...segments]
  const out: string[] = []
  let start = 0
  let range = 0
  for (const segment of segments) {
    const end = start + segment.length
    let text = ''
    let at = start
    while (range < hidden.length && hidden[range]![0] < end) {
      const [from, to] = hidden[range]!
      if (from >= at) {
        text += joined.slice(at, from) + MASK
      }
      at = Math.max(at, Math.min(to, end))
      if (to > end) break
      range++
    }
    text += joined.slice(at, end)
    out.push(text)
    start = end
  }
  return out
}

/** Where secrets occur in `text`: sorted, overlapping ones merged, as [from, to) offsets. */
function hiddenRanges(text: string, secrets: readonly string[]): [number, number][] {
  const found: [number, number][] = []
  for (const secret of secrets) {
    if (secret === '') continue
    for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + 1)) found.push([at, at + secret.length])
  }
  if (found.length === 0) return found
  found.sort((a, b) => a[0] - b[0])
  const merged: [number, number][] = [found[0]!]
  for (const [from, to] of found.slice(1)) {
    const last = merged[merged.length - 1]!
    if (from < last[1]) last[1] = Math.max(last[1], to)
    else merged.push([from, to])
  }
  return merged
}

/**
 * A screen with secrets masked in its rows, its text and its cells. A row
 * that fills the width may continue on the next (a soft wrap): such rows
 * are masked as one piece of text, so a secret wrapped over two rows is
 * masked too. Masked rows keep the screen's width (cells padded or cut).
 */
export function maskScreen(screen: Screen, secrets: readonly string[]): Screen {
  if (secrets.length === 0) return screen
  const text = maskText(screen.text, secrets)
  const groups = rowGroups(screen.lines, screen.cols)
  const lines = groups.flatMap((rows) => maskSegments(rows.map((row) => screen.lines[row]!), secrets))
  const unchanged = text === screen.text && lines.every((line, index) => line === screen.lines[index])
  if (unchanged) return screen
  const cells = screen.cells && groups.flatMap((rows) => maskCellRows(rows.map((row) => screen.cells![row]!), secrets, screen.cols))
  return new Screen({ lines, text, cursor: screen.cursor, cols: screen.cols, rows: screen.rows, ...(cells ? { cells } : {}) })
}

/** Row indexes grouped so that a full-width row and the row after it are in one group. */
function rowGroups(lines: readonly string[], cols: number): number[][] {
  const groups: number[][] = []
  let current: number[] = []
  lines.forEach((line, index) => {
    current.push(index)
    if (stringWidth(line) < cols) {
      groups.push(current)
      current = []
    }
  })
  if (current.length > 0) groups.push(current)
  return groups
}

/** Rows of cells masked as one text (a mask drawn in the first hidden cell's style); each row then padded or cut back to `cols` columns. */
function maskCellRows(rows: readonly (readonly Cell[])[], secrets: readonly string[], cols: number): Cell[][] {
  let joined = ''
  const starts = rows.map((row) =>
    row.map((cell) => {
      const start = joined.length
      if (cell.width > 0) joined += cell.char || ' '
      return start
    }),
  )
  const hidden = hiddenRanges(joined, secrets)
  if (hidden.length === 0) return rows.map((row) => [...row])
  let range = 0
  let masked = -1
  return rows.map((row, y) => {
    const out: Cell[] = []
    let keptLast = true
    row.forEach((cell, x) => {
      if (cell.width === 0) {
        // The second column of a wide character goes with its first.
        if (keptLast) out.push(cell)
        return
      }
      const start = starts[y]![x]!
      const end = start + (cell.char || ' ').length
      while (range < hidden.length && hidden[range]![1] <= start) range++
      const hide = range < hidden.length && hidden[range]![0] < end
      keptLast = !hide
      if (!hide) out.push(cell)
      else if (masked !== range) {
        masked = range
        for (const char of MASK) out.push({ char, width: 1, style: cell.style })
      }
    })
    let width = out.reduce((sum, cell) => sum + cell.width, 0)
    for (; width < cols; width++) out.push({ char: ' ', width: 1, style: DEFAULT_STYLE })
    while (width > cols && out.length > 0) width -= out.pop()!.width
    return out
  })
}

/**
 * `text` cut where the values occur, for code that names a secret instead of
 * spelling it (codegen writes `process.env.NAME`): plain pieces, and for
 * each occurrence the index of its value in `values` (the longest value
 * that starts at a place wins).
 */
export function splitAtSecrets(text: string, values: readonly string[]): (string | number)[] {
  const order = values.map((value, index) => ({ value, index })).filter(({ value }) => value !== '').sort((a, b) => b.value.length - a.value.length)
  const pieces: (string | number)[] = []
  let plain = ''
  for (let at = 0; at < text.length; ) {
    const found = order.find(({ value }) => text.startsWith(value, at))
    if (!found) {
      plain += text[at]
      at++
      continue
    }
    if (plain) pieces.push(plain)
    plain = ''
    pieces.push(found.index)
    at += found.value.length
  }
  if (plain) pieces.push(plain)
  return pieces
}

/**
 * A tmux command line fit to print: the values of `-e NAME=value` (spawn's
 * `env`) and the payload of input commands (`send-keys -H` bytes, `-l`
 * text, `set-buffer` data) are left out; names and targets stay.
 */
export function redactCommandLine(line: string): string {
  return line
    .replace(/ -e ('(?:[^']|'\\'')*'|"(?:[^"\\]|\\.)*")/g, (_, quoted: string) => {
      const name = /^['"]([A-Za-z_][A-Za-z0-9_]*)=/.exec(quoted)?.[1] ?? '?'
      return ` -e ${name}=${MASK}`
    })
    .replace(/(send-keys -t \S+ -H)(?: [0-9a-f]{2})+/g, `$1 ${MASK}`)
    .replace(/(send-keys -t \S+ -l) .*?(?= ; |$)/g, `$1 ${MASK}`)
    .replace(/(set-buffer -b \S+ --) .*?(?= ; |$)/g, `$1 ${MASK}`)
}

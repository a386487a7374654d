/**
 * Waits on a style, for the moments text cannot tell: a menu that marks
 * its selected item only in reverse video (or a colour, bold, underline…),
 * with no marker character, changes no text when an arrow key moves the
 * highlight. The wait is then the stretch of text newly drawn in an
 * attribute, with that attribute: `toShowOnScreen('Banana', { inverse:
 * true })`, a wait that did not hold on the screen when the previous input
 * was sent. Pure: it reads what the recording kept of each screen's cells.
 */
import { STYLE_KEYS, type Cell, type Color, type Style, type StyleExpectation } from '../styles.js'

/** A stretch of one row drawn in one style other than the default (all a Shot keeps of its cells). */
export interface StyledStretch {
  /** Row, 0-based. */
  y: number
  /** Column of its first cell, 0-based. */
  x: number
  /** Columns it takes. */
  width: number
  /** Its characters, blanks included (a wide character's second column adds none). */
  text: string
  style: Readonly<Style>
}

/** The screen's stretches in a style other than the default, row by row, left to right. */
export function styledStretches(cells: readonly (readonly Cell[])[]): StyledStretch[] {
  const stretches: StyledStretch[] = []
  cells.forEach((row, y) => {
    let x = 0
    while (x < row.length) {
      const style = row[x]!.style
      let end = x + 1
      while (end < row.length && sameStyle(row[end]!.style, style)) end++
      if (!isDefault(style)) stretches.push({ y, x, width: end - x, text: row.slice(x, end).map((cell) => cell.char).join(''), style })
      x = end
    }
  })
  return stretches
}

/**
 * The attributes a wait may name, in the order it prefers them: the ones a
 * person notices first (reverse video, bold, underline), then colours as
 * the program wrote them, then the rest.
 */
const PREFERRED = ['inverse', 'bold', 'underline', 'fg', 'bg', 'italic', 'strikethrough', 'dim'] as const
type Attribute = (typeof PREFERRED)[number]

/** Text drawn in one attribute: on one row, the longest run of cells having it, blanks at its ends left out. */
interface Mark {
  text: string
  attribute: Attribute
  /** `true` for a flag, the colour for fg and bg. */
  value: true | Color
}

/** Where each attribute is on (a flag set, a colour other than the default): one mark per unbroken run of cells with the same value. */
function marksOf(stretches: readonly StyledStretch[]): Mark[] {
  const marks: Mark[] = []
  for (const attribute of PREFERRED) {
    let open: { y: number; end: number; text: string; value: true | Color } | undefined
    const close = () => {
      const text = open?.text.trim()
      if (open && text) marks.push({ text, attribute, value: open.value })
      open = undefined
    }
    for (const stretch of stretches) {
      const raw = stretch.style[attribute]
      const value = raw === true ? true : raw === false || raw === null ? undefined : raw
      if (value === undefined) {
        close()
        continue
      }
      if (open && open.y === stretch.y && open.end === stretch.x && open.value === value) {
        open.text += stretch.text
        open.end += stretch.width
      } else {
        close()
        open = { y: stretch.y, end: stretch.x + stretch.width, text: stretch.text, value }
      }
    }
    close()
  }
  return marks
}

/** Would `toShowOnScreen(mark.text, { [attribute]: value })` hold on this screen? */
function shows(marks: readonly Mark[], wanted: Mark): boolean {
  return marks.some((mark) => mark.attribute === wanted.attribute && mark.value === wanted.value && mark.text.includes(wanted.text))
}

const identity = (mark: Mark) => `${mark.attribute}=${String(mark.value)}\u0000${mark.text}`

/** The screens a recording took, as far as style waits read them. */
interface Styled {
  styled?: readonly StyledStretch[]
  afterInput: boolean
}

/**
 * Styled text that came and went on its own (a blinking highlight, a
 * spinner in colour): on screen from one look to a later one with no input
 * sent in between; the same rule as for lines (waits.ts Volatility).
 */
export function transientMarks(shots: readonly Styled[]): Set<string> {
  const transient = new Set<string>()
  let shown = new Map<string, { mark: Mark; since: number }>()
  let inputs = 0
  for (const shot of shots) {
    if (shot.afterInput) inputs++
    // A screen read without its cells says nothing about styles.
    if (!shot.styled) continue
    const marks = marksOf(shot.styled)
    const next = new Map<string, { mark: Mark; since: number }>()
    for (const mark of marks) next.set(identity(mark), shown.get(identity(mark)) ?? { mark, since: inputs })
    for (const [key, { mark, since }] of shown) {
      if (!next.has(key) && !shows(marks, mark) && since === inputs) transient.add(key)
    }
    shown = next
  }
  return transient
}

export type StyleWait = { kind: 'show'; text: string; style: StyleExpectation }

const MOST_SPECIFIC_MAX = 60

/**
 * The wait for a moment only a style tells: text on `now` in an attribute
 * it did not show in on `previous` (the screen when the last input was
 * sent), never the person's own typing (`isEcho`) nor styled text that
 * came and went on its own. Text of three characters or more first, then
 * the attribute in PREFERRED order, then the most specific (longest up to
 * 60 characters) text.
 */
export function chooseStyleWait(
  previous: Styled | undefined,
  now: Styled,
  isEcho: (text: string) => boolean,
  transient: ReadonlySet<string>,
): StyleWait | undefined {
  // Without the cells of both screens, what changed style is not known.
  if (!now.styled || (previous && !previous.styled)) return undefined
  const before = marksOf(previous?.styled ?? [])
  const candidates = marksOf(now.styled).filter(
    (mark) => /[\p{L}\p{N}]/u.test(mark.text) && !shows(before, mark) && !isEcho(mark.text) && !transient.has(identity(mark)),
  )
  if (candidates.length === 0) return undefined
  const long = candidates.filter((mark) => mark.text.length >= 3)
  const pool = long.length ? long : candidates
  const rank = (mark: Mark) => PREFERRED.indexOf(mark.attribute)
  const best = rank(pool.reduce((a, b) => (rank(b) < rank(a) ? b : a)))
  const ofBest = pool.filter((mark) => rank(mark) === best).sort((a, b) => a.text.length - b.text.length)
  const fitting = ofBest.filter((mark) => mark.text.length <= MOST_SPECIFIC_MAX)
  const chosen = fitting.length ? fitting[fitting.length - 1]! : ofBest[0]!
  return { kind: 'show', text: chosen.text, style: { [chosen.attribute]: chosen.value } }
}

function isDefault(style: Readonly<Style>): boolean {
  return STYLE_KEYS.every((key) => (key === 'fg' || key === 'bg' ? style[key] === null : !style[key]))
}

function sameStyle(a: Readonly<Style>, b: Readonly<Style>): boolean {
  return a === b || STYLE_KEYS.every((key) => a[key] === b[key])
}

/**
 * The colour level a program under test is told about: the `colors` option
 * of `spawn` (and of `configure`), turned into the variables programs read
 * to choose their colours, set together so they never disagree.
 *
 *   level        TERM                          COLORTERM   NO_COLOR  FORCE_COLOR
 *   'truecolor'  tmux-256color (screen-256…)   truecolor   —         —
 *   256          tmux-256color (screen-256…)   —           —         —
 *   16           screen                        —           —         —
 *   false        tmux-256color (screen-256…)   —           1         0
 *
 * `false` keeps a capable TERM: NO_COLOR is the user's wish for no colour,
 * not a terminal without cursor movement, so full-screen programs still
 * draw. FORCE_COLOR=0 is there because chalk (so Ink) reads it and not
 * NO_COLOR; picocolors, Node and Python's rich read NO_COLOR. tmux keeps every colour a program writes, 24-bit included, so the
 * screen a test reads (`screen({ styles: true })`, screenshots) holds exactly
 * what the program chose.
 */
import { OptionError } from './errors.js'

export type ColorLevel = 'truecolor' | 256 | 16 | false

/** What programs are told when no one says otherwise: what most terminals people use today offer. */
export const DEFAULT_COLORS: ColorLevel = 'truecolor'

/** The variables `colors` decides; an `env` naming one of them with `colors` also given is an error. */
export const COLOR_VARIABLES = ['TERM', 'COLORTERM', 'NO_COLOR', 'FORCE_COLOR'] as const

/** Every level, in the order the docs and messages list them. */
export const COLOR_LEVELS: readonly ColorLevel[] = ['truecolor', 256, 16, false]

/** A level as it is written in code: `'truecolor'`, `256`, `false`. */
export function describeLevel(level: ColorLevel): string {
  return typeof level === 'string' ? `'${level}'` : String(level)
}

/** The variables for a colour level; `terminal` is the host's 256-colour TERM (profile.ts). */
export function colorEnvironment(level: ColorLevel, terminal: string): Record<string, string> {
  switch (level) {
    case 'truecolor':
      return { TERM: terminal, COLORTERM: 'truecolor' }
    case 256:
      return { TERM: terminal }
    case 16:
      // Every terminfo database has `screen`; Node, chalk and curses read it as 8/16 colours.
      return { TERM: 'screen' }
    case false:
      return { TERM: terminal, NO_COLOR: '1', FORCE_COLOR: '0' }
  }
}

/**
 * A spawn's environment with its colour variables: the level asked for (or
 * the default) under the user's own `env`. An `env` that sets TERM,
 * COLORTERM, NO_COLOR or FORCE_COLOR itself takes the colour setup into its own hands:
 * with `colors` also given that is a contradiction, so an error.
 */
export function withColors(env: Record<string, string>, asked: ColorLevel | undefined, fallback: ColorLevel, terminal: string): Record<string, string> {
  const own = COLOR_VARIABLES.filter((name) => Object.hasOwn(env, name))
  if (own.length > 0) {
    if (asked !== undefined) {
      throw new OptionError(`env sets ${own.join(' and ')} and colors is ${describeLevel(asked)}: give one of them (colors sets TERM, COLORTERM, NO_COLOR and FORCE_COLOR together)`)
    }
    return env
  }
  return { ...colorEnvironment(asked ?? fallback, terminal), ...env }
}

/**
 * Themes: what the 16 ANSI colours and the terminal's default foreground
 * and background look like in a picture. 256-colour indexes 16–255 and
 * truecolor cells are exact colours and never come from a theme.
 */
import { OptionError } from './errors.js'
import { describeValue } from './options.js'
import { COLOR_NAMES, type Color, type ColorName } from './styles.js'

/** A complete palette: every colour as `#rrggbb`. */
export interface Palette extends Record<ColorName, string> {
  /** The terminal's default text colour. */
  foreground: string
  /** The terminal's default background. */
  background: string
  /** The cursor's block (default: the foreground). */
  cursor: string
}

/**
 * A palette of your own: `#rgb` or `#rrggbb` for `foreground`,
 * `background`, optionally `cursor`, and the 16 colours by name (`black` …
 * `brightWhite`). With `extends: 'dark'` or `'light'`, keys left out come
 * from that theme; without it, all 18 colours are required.
 */
export type PaletteInput = Partial<Record<ColorName | 'foreground' | 'background' | 'cursor', string>> & {
  extends?: ThemeName
}

export type ThemeName = 'dark' | 'light'

/** `'dark'` (the default), `'light'`, or a palette object. */
export type Theme = ThemeName | PaletteInput

/** Dark: the colours of a common dark terminal scheme (VS Code's integrated terminal). */
const DARK: Palette = Object.freeze({
  foreground: '#cccccc',
  background: '#1e1e1e',
  cursor: '#cccccc',
  black: '#000000',
  red: '#cd3131',
  green: '#0dbc79',
  yellow: '#e5e510',
  blue: '#2472c8',
  magenta: '#bc3fbc',
  cyan: '#11a8cd',
  white: '#e5e5e5',
  brightBlack: '#666666',
  brightRed: '#f14c4c',
  brightGreen: '#23d18b',
  brightYellow: '#f5f543',
  brightBlue: '#3b8eea',
  brightMagenta: '#d670d6',
  brightCyan: '#29b8db',
  brightWhite: '#ffffff',
})

/** Light: the same scheme's light variant, with colours dark enough to read on white. */
const LIGHT: Palette = Object.freeze({
  foreground: '#333333',
  background: '#ffffff',
  cursor: '#333333',
  black: '#000000',
  red: '#cd3131',
  green: '#00bc00',
  yellow: '#949800',
  blue: '#0451a5',
  magenta: '#bc05bc',
  cyan: '#0598bc',
  white: '#555555',
  brightBlack: '#666666',
  brightRed: '#cd3131',
  brightGreen: '#14ce14',
  brightYellow: '#b5ba00',
  brightBlue: '#0451a5',
  brightMagenta: '#bc05bc',
  brightCyan: '#0598bc',
  brightWhite: '#a5a5a5',
})

export const THEMES: Readonly<Record<ThemeName, Palette>> = Object.freeze({ dark: DARK, light: LIGHT })

const PALETTE_KEYS = ['foreground', 'background', 'cursor', ...COLOR_NAMES] as const

function hexColor(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const long = /^#([0-9a-f]{6})$/i.exec(value)
  if (long) return `#${long[1]!.toLowerCase()}`
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(value)
  if (short) return `#${short.slice(1).map((digit) => digit + digit).join('').toLowerCase()}`
  return undefined
}

/**
 * A theme option as a complete palette; `what` names the option in errors
 * (`screenshot option theme`). A bad theme is an OptionError that names the
 * key and the value.
 */
export function resolveTheme(theme: unknown = 'dark', what = 'theme'): Palette {
  if (theme === 'dark' || theme === 'light') return THEMES[theme]
  if (typeof theme === 'string') throw new OptionError(`${what} must be 'dark', 'light' or a palette object, got ${describeValue(theme)}`)
  if (typeof theme !== 'object' || theme === null || Array.isArray(theme)) {
    throw new OptionError(`${what} must be 'dark', 'light' or a palette object, got ${describeValue(theme)}`)
  }
  const input = theme as Record<string, unknown>
  const unknown = Object.keys(input).filter((key) => key !== 'extends' && !(PALETTE_KEYS as readonly string[]).includes(key))
  if (unknown.length > 0) {
    throw new OptionError(`${what} has unknown key${unknown.length === 1 ? '' : 's'} ${unknown.map((key) => JSON.stringify(key)).join(', ')}; a palette has ${PALETTE_KEYS.join(', ')} (and extends)`)
  }
  let base: Palette | undefined
  if (input.extends !== undefined) {
    if (input.extends !== 'dark' && input.extends !== 'light') {
      throw new OptionError(`${what}.extends must be 'dark' or 'light', got ${describeValue(input.extends)}`)
    }
    base = THEMES[input.extends]
  }
  const palette = {} as Palette
  const missing: string[] = []
  for (const key of PALETTE_KEYS) {
    const value = input[key]
    if (value === undefined) {
      if (base) palette[key] = base[key]
      else if (key === 'cursor') palette.cursor = ''
      else missing.push(key)
      continue
    }
    const color = hexColor(value)
    if (color === undefined) throw new OptionError(`${what}.${key} must be a colour '#rrggbb' or '#rgb', got ${describeValue(value)}`)
    palette[key] = color
  }
  if (missing.length > 0) {
    throw new OptionError(`${what} is missing ${missing.join(', ')}: give every colour, or add extends: 'dark' (or 'light') to take the rest from a built-in theme`)
  }
  if (palette.cursor === '') palette.cursor = palette.foreground
  return Object.freeze(palette)
}

const CUBE_LEVELS = [0, 95, 135, 175, 215, 255]

function hex(red: number, green: number, blue: number): string {
  return `#${[red, green, blue].map((part) => part.toString(16).padStart(2, '0')).join('')}`
}

/** The xterm 256-colour palette's index 16–255 as `#rrggbb`: the 6×6×6 cube, then 24 greys. */
export function color256(index: number): string {
  if (index >= 232) {
    const level = 8 + (index - 232) * 10
    return hex(level, level, level)
  }
  const cube = index - 16
  return hex(CUBE_LEVELS[Math.floor(cube / 36)]!, CUBE_LEVELS[Math.floor(cube / 6) % 6]!, CUBE_LEVELS[cube % 6]!)
}

/** A cell's colour in the palette; `null` (the default) is `fallback`. */
export function colorIn(palette: Palette, color: Color | null, fallback: 'foreground' | 'background'): string {
  if (color === null) return palette[fallback]
  if (typeof color === 'number') return color256(color)
  if (color.startsWith('#')) return color
  return palette[color as ColorName]
}

/** Half way between two `#rrggbb` colours: dim text, drawn over its background. */
export function mix(one: string, other: string): string {
  const parts = [1, 3, 5].map((at) => Math.round((parseInt(one.slice(at, at + 2), 16) + parseInt(other.slice(at, at + 2), 16)) / 2))
  return hex(parts[0]!, parts[1]!, parts[2]!)
}

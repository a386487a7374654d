/**
 * Options: one pipeline for every public entry point, and the global
 * defaults.
 *
 * Every entry point reads its options with `readOptions(options, name,
 * fields)`: not an object, an unknown name or a wrong type is an
 * OptionError with the same message form everywhere (`<name> has no option
 * "timout" (known: timeout)`, `timeout must be …, got "5s"`).
 *
 * The `TMUXPECT_*` environment is read when a value is needed, never at
 * import: a bad value is an error at the call that uses it (the CLI checks
 * it up front and exits 2), not a crash while loading the module.
 */
import { resolve } from 'node:path'
import { OptionError } from './errors.js'
import type { RecordMode } from './recording.js'
import { COLOR_LEVELS, DEFAULT_COLORS, describeLevel, type ColorLevel } from './colors.js'

const RECORD_MODES: readonly RecordMode[] = ['off', 'failed', 'all']
const DEFAULT_TIMEOUT_MS = 5000
const DEFAULT_RECORD_LIMIT = 8 * 1024 * 1024
/**
 * ms between a lone Escape and the input after it. Above the 125 ms escape
 * timeout common in TUI libraries, with room for a loaded machine (measured:
 * docs/keys.md, "The escape delay").
 */
export const DEFAULT_ESCAPE_DELAY_MS = 150

/** Validates one option's value (`key` names it in the message); returns it, possibly normalised. */
export type Field<T> = (value: unknown, key: string) => T

type Fields = Record<string, Field<unknown>>
export type OptionsOf<F extends Fields> = { [K in keyof F]?: ReturnType<F[K]> }

/**
 * Check `options` against `fields`: an object (or undefined: no options),
 * no name outside `fields`, each given value through its field. Returns the
 * validated values (undefined ones left out).
 */
export function readOptions<F extends Fields>(options: unknown, name: string, fields: F): OptionsOf<F> {
  if (options === undefined) return {}
  assertObject(options, name)
  const known = Object.keys(fields)
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(fields, key)) throw new OptionError(`${name} has no option "${key}" (known: ${known.join(', ')})`)
  }
  const read: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) read[key] = fields[key]!(value, key)
  }
  return read as OptionsOf<F>
}

// ── fields ───────────────────────────────────────────────────────────────

export const timeoutField: Field<number> = (value, key) => validateTimeout(value, key)
export const sizeField: Field<number> = (value, key) => validateSize(value, key)
/** A `secrets` option: an array of non-empty strings (the values are never put in the message). */
export const secretListField: Field<readonly string[]> = (value, key) => {
  if (!Array.isArray(value)) throw new OptionError(`${key} must be an array of strings, got ${describeValue(value)}`)
  value.forEach((item: unknown, index) => {
    if (typeof item !== 'string') throw new OptionError(`${key}[${index}] must be a string, got ${typeof item === 'object' ? describeValue(item) : typeof item}`)
    if (item === '') throw new OptionError(`${key}[${index}] is an empty string: an empty secret would mask nothing`)
  })
  return Object.freeze([...(value as string[])])
}
export const booleanField: Field<boolean> = (value, key) => {
  if (typeof value !== 'boolean') throw new OptionError(`${key} must be true or false, got ${describeValue(value)}`)
  return value
}

export function oneOf<T extends string>(values: readonly T[]): Field<T> {
  return (value, key) => {
    if (!(values as readonly unknown[]).includes(value)) {
      const listed = values.map((each) => `'${each}'`)
      const words = listed.length > 1 ? `${listed.slice(0, -1).join(', ')} or ${listed[listed.length - 1]}` : listed[0]
      throw new OptionError(`${key} must be ${words}, got ${describeValue(value)}`)
    }
    return value as T
  }
}

/** `colors`: the colour level programs are told about (colors.ts). */
export const colorsField: Field<ColorLevel> = (value, key) => {
  if (!(COLOR_LEVELS as readonly unknown[]).includes(value)) {
    throw new OptionError(`${key} must be ${COLOR_LEVELS.map(describeLevel).join(', ').replace(/, (?=[^,]*$)/, ' or ')}, got ${describeValue(value)}`)
  }
  return value as ColorLevel
}

/** `escapeDelay`: ms, 0 (off) or more. */
export const escapeDelayField: Field<number> = (value, key) => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new OptionError(`${key} must be a number of milliseconds, 0 or more (0 turns it off), got ${describeValue(value)}`)
  }
  return value
}

/** The `timeout` option of every wait and matcher. */
export const WAIT_FIELDS = { timeout: timeoutField }

// ── the options of Session's methods ─────────────────────────────────────

export interface WaitOptions {
  /** ms; the global default (5000) unless given. */
  timeout?: number
}

export interface WaitForOptions extends WaitOptions {
  /** Give the predicate screens with cell styles (`screen.cells`); each look then reads them too. */
  styles?: boolean
}

export interface StableOptions extends WaitOptions {
  /** How long the screen must stay unchanged, in ms (default 200). */
  quiet?: number
}

export interface ScreenOptions {
  /** Include the scrollback history above the visible rows. */
  scrollback?: boolean
  /** Read each cell's colours and attributes too (`screen.cells`, from `capture-pane -e`). */
  styles?: boolean
}

export const SCREEN_FIELDS = { scrollback: booleanField, styles: booleanField }
export const STABLE_FIELDS = { ...WAIT_FIELDS, quiet: timeoutField }
export const WAIT_FOR_FIELDS = { ...WAIT_FIELDS, styles: booleanField }
export const KEEP_FIELDS = { quiet: booleanField }

/** The timeout a wait runs with: the one given, else the global default. */
export function timeoutOf(options: { timeout?: number }): number {
  return options.timeout ?? defaultTimeout()
}

// ── the global defaults ──────────────────────────────────────────────────

/** What configure() set; anything unset comes from the environment, then the built-in default. */
const configured: { timeout?: number; record?: RecordMode; resultsDir?: string; recordLimit?: number; tmux?: string; secrets?: readonly string[]; escapeDelay?: number; colors?: ColorLevel } = {}

export interface GlobalOptions {
  /** Default timeout for waits and matchers, in milliseconds (5000 unless TMUXPECT_TIMEOUT says otherwise). */
  timeout?: number
  /**
   * Recording of each session's terminal as an asciicast file: 'failed'
   * (default; the fixture writes a failing test's), 'all' (every test's),
   * or 'off' (nothing recorded). Env: TMUXPECT_RECORD.
   */
  record?: RecordMode
  /** Folder for recordings and final screens (default `tmuxpect-results` in the cwd). Env: TMUXPECT_RESULTS_DIR. */
  resultsDir?: string
  /** Bytes of output a session's recording keeps in memory at most (default 8 MiB); the middle is left out past it. */
  recordLimit?: number
  /**
   * The tmux binary servers start with (and the fixture's server), a path or
   * a name on PATH; `TmuxServer.start({ tmux })` overrides it for one server.
   * Env: TMUXPECT_TMUX. Default: `tmux` on PATH.
   */
  tmux?: string
  /**
   * Values masked (shown as `•••`) wherever tmuxpect writes or prints them:
   * failure messages, recordings, final screens, the report page. For a
   * token every test uses; see docs/secrets.md.
   */
  secrets?: readonly string[]
  /**
   * ms to wait after a lone Escape before more input (default 150), so a
   * program with an escape timeout reads Escape as a key of its own rather
   * than as Alt with the next key; 0 turns it off. Per call: `press(…, { escapeDelay })`.
   */
  escapeDelay?: number
  /**
   * The colour level programs are told about (TERM, COLORTERM, NO_COLOR and
   * set together): 'truecolor' (default), 256, 16, or false (NO_COLOR=1).
   * Per spawn: `spawn(…, { colors })`. See docs/colors.md.
   */
  colors?: ColorLevel
}

/** A tmux binary: a path or a name on PATH (checked when a server starts). */
export function tmuxField(value: unknown, key: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.includes('\0')) {
    throw new OptionError(`${key} must be the path of a tmux binary (or its name on PATH), got ${describeValue(value)}`)
  }
  return value
}

const CONFIGURE_FIELDS = {
  timeout: timeoutField,
  tmux: tmuxField,
  record: (value: unknown, key: string) => {
    if (!(RECORD_MODES as unknown[]).includes(value)) {
      throw new OptionError(`${key} must be one of ${RECORD_MODES.map((mode) => `'${mode}'`).join(', ')}, got ${describeValue(value)}`)
    }
    return value as RecordMode
  },
  resultsDir: (value: unknown, key: string) => {
    if (typeof value !== 'string' || value === '') throw new OptionError(`${key} must be a non-empty path, got ${describeValue(value)}`)
    return value
  },
  recordLimit: (value: unknown, key: string) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 65536) {
      throw new OptionError(`${key} must be a whole number of bytes, at least 65536, got ${describeValue(value)}`)
    }
    return value
  },
  secrets: (value: unknown, key: string) => secretListField(value, key),
  escapeDelay: escapeDelayField,
  colors: colorsField,
}

/** Change global defaults, e.g. `configure({ timeout: 10_000 })` in a setup file. */
export function configure(options: GlobalOptions): void {
  Object.assign(configured, readOptions(options, 'configure options', CONFIGURE_FIELDS))
}

/** The secrets set with configure(). */
export function configuredSecrets(): readonly string[] {
  return configured.secrets ?? []
}

export function defaultTimeout(): number {
  return configured.timeout ?? timeoutFromEnvironment() ?? DEFAULT_TIMEOUT_MS
}

/** The escape delay now in force (configure(), else the default). */
export function escapeDelaySetting(): number {
  return configured.escapeDelay ?? DEFAULT_ESCAPE_DELAY_MS
}

/** The colour level spawns get when they do not say (configure(), else 'truecolor'). */
export function colorsSetting(): ColorLevel {
  return configured.colors ?? DEFAULT_COLORS
}

/** The recording settings now in force (configure(), else the environment). */
export function recordingSettings(): { mode: RecordMode; resultsDir: string; limit: number } {
  return {
    mode: configured.record ?? recordModeFromEnvironment() ?? 'failed',
    resultsDir: resolve(configured.resultsDir ?? (process.env.TMUXPECT_RESULTS_DIR || 'tmuxpect-results')),
    limit: configured.recordLimit ?? DEFAULT_RECORD_LIMIT,
  }
}

/** The tmux binary configure() or TMUXPECT_TMUX chose, and which of them did (undefined: `tmux` on PATH). */
export function tmuxSetting(): { value: string; from: 'configure' | 'env' } | undefined {
  if (configured.tmux !== undefined) return { value: configured.tmux, from: 'configure' }
  const raw = process.env.TMUXPECT_TMUX
  return raw === undefined || raw === '' ? undefined : { value: raw, from: 'env' }
}

/** Read every `TMUXPECT_*` setting once, so a bad one is reported up front (the CLI does this). */
export function checkEnvironment(): void {
  timeoutFromEnvironment()
  recordModeFromEnvironment()
}

function timeoutFromEnvironment(): number | undefined {
  const raw = process.env.TMUXPECT_TIMEOUT
  if (raw === undefined || raw === '') return undefined
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) {
    throw new OptionError(`TMUXPECT_TIMEOUT must be a positive number of milliseconds, got ${JSON.stringify(raw)}`)
  }
  return value
}

function recordModeFromEnvironment(): RecordMode | undefined {
  const raw = process.env.TMUXPECT_RECORD
  if (raw === undefined || raw === '') return undefined
  if (!(RECORD_MODES as string[]).includes(raw)) {
    throw new OptionError(`TMUXPECT_RECORD must be one of ${RECORD_MODES.join(', ')}, got ${JSON.stringify(raw)}`)
  }
  return raw as RecordMode
}

// ── single values ────────────────────────────────────────────────────────

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'function') return 'a function'
  if (Array.isArray(value)) return 'an array'
  if (value === null) return 'null'
  if (typeof value === 'object') return 'an object'
  return String(value)
}

export function validateTimeout(value: unknown, name = 'timeout'): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new OptionError(`${name} must be a positive finite number of milliseconds, got ${describeValue(value)}`)
  }
  return value
}

export function validateSize(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 10_000) {
    throw new OptionError(`${name} must be a whole number from 1 to 10000, got ${describeValue(value)}`)
  }
  return value
}

export function assertObject(value: unknown, name: string): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new OptionError(`${name} must be an object, got ${describeValue(value)}`)
  }
}

export function assertString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') throw new OptionError(`${name} must be a string, got ${describeValue(value)}`)
}

export function assertWellFormed(text: string, name: string): void {
  // A lone UTF-16 surrogate has no UTF-8 form: it would be sent as U+FFFD.
  if (!text.isWellFormed()) throw new OptionError(`${name} holds a lone UTF-16 surrogate, which has no byte form to send`)
}

/** Option validation (where options enter) and the global defaults. */
import { resolve } from 'node:path'
import { OptionError } from './errors.js'
import type { RecordMode } from './recording.js'

const RECORD_MODES: readonly RecordMode[] = ['off', 'failed', 'all']

const defaults = {
  /** Default timeout of every wait and matcher, in ms. */
  timeout: readTimeoutFromEnvironment() ?? 5000,
  record: readRecordModeFromEnvironment() ?? ('failed' as RecordMode),
  /** Where the fixture writes a failing test's recordings and final screens; resolved against the cwd when used. */
  resultsDir: process.env.TMUXPECT_RESULTS_DIR || 'tmuxpect-results',
  /** Bytes of output a session's recording keeps in memory at most. */
  recordLimit: 8 * 1024 * 1024,
}

function readRecordModeFromEnvironment(): RecordMode | undefined {
  const raw = process.env.TMUXPECT_RECORD
  if (raw === undefined || raw === '') return undefined
  if (!(RECORD_MODES as string[]).includes(raw)) {
    throw new OptionError(`TMUXPECT_RECORD must be one of ${RECORD_MODES.join(', ')}, got ${JSON.stringify(raw)}`)
  }
  return raw as RecordMode
}

function readTimeoutFromEnvironment(): number | undefined {
  const raw = process.env.TMUXPECT_TIMEOUT
  if (raw === undefined || raw === '') return undefined
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) {
    throw new OptionError(`TMUXPECT_TIMEOUT must be a positive number of milliseconds, got ${JSON.stringify(raw)}`)
  }
  return value
}

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
}

/** Change global defaults, e.g. `configure({ timeout: 10_000 })` in a setup file. */
export function configure(options: GlobalOptions): void {
  assertObject(options, 'configure options')
  assertKnownKeys(options, ['timeout', 'record', 'resultsDir', 'recordLimit'], 'configure options')
  if (options.timeout !== undefined) defaults.timeout = validateTimeout(options.timeout, 'timeout')
  if (options.record !== undefined) {
    if (!(RECORD_MODES as unknown[]).includes(options.record)) {
      throw new OptionError(`record must be one of ${RECORD_MODES.map((mode) => `'${mode}'`).join(', ')}, got ${describeValue(options.record)}`)
    }
    defaults.record = options.record as RecordMode
  }
  if (options.resultsDir !== undefined) {
    if (typeof options.resultsDir !== 'string' || options.resultsDir === '') {
      throw new OptionError(`resultsDir must be a non-empty path, got ${describeValue(options.resultsDir)}`)
    }
    defaults.resultsDir = options.resultsDir
  }
  if (options.recordLimit !== undefined) {
    const limit = options.recordLimit
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 65536) {
      throw new OptionError(`recordLimit must be a whole number of bytes, at least 65536, got ${describeValue(limit)}`)
    }
    defaults.recordLimit = limit
  }
}

export function defaultTimeout(): number {
  return defaults.timeout
}

/** The recording settings now in force (configure() and the environment). */
export function recordingSettings(): { mode: RecordMode; resultsDir: string; limit: number } {
  return { mode: defaults.record, resultsDir: resolve(defaults.resultsDir), limit: defaults.recordLimit }
}

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

/** Refuse option names that are not known: a typo must not be silently ignored. */
export function assertKnownKeys(value: Record<string, unknown>, known: readonly string[], name: string): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new OptionError(`${name} has no option "${key}" (known: ${known.join(', ')})`)
    }
  }
}

export function assertString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') throw new OptionError(`${name} must be a string, got ${describeValue(value)}`)
}

export function assertWellFormed(text: string, name: string): void {
  // A lone UTF-16 surrogate has no UTF-8 form: it would be sent as U+FFFD.
  if (!text.isWellFormed()) throw new OptionError(`${name} holds a lone UTF-16 surrogate, which has no byte form to send`)
}

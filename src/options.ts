/** Option validation (where options enter) and the global defaults. */
import { OptionError } from './errors.js'

const defaults = {
  /** Default timeout of every wait and matcher, in ms. */
  timeout: readTimeoutFromEnvironment() ?? 5000,
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
}

/** Change global defaults, e.g. `configure({ timeout: 10_000 })` in a setup file. */
export function configure(options: GlobalOptions): void {
  assertObject(options, 'configure options')
  if (options.timeout !== undefined) defaults.timeout = validateTimeout(options.timeout, 'timeout')
}

export function defaultTimeout(): number {
  return defaults.timeout
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

/**
 * What `spawn` is asked to start, checked before tmux hears of it: the
 * options, the argv tmux will run (a lone argument would go through the
 * shell), the environment, the working directory, and the program itself
 * (found as execvp would, so a missing one is an error naming it, not a
 * dead pane). Also `describeCommand`, the command in words for messages.
 */
import { accessSync, constants as fsConstants, statSync } from 'node:fs'
import { delimiter, isAbsolute, join, resolve } from 'node:path'
import { OptionError, ProgramNotFoundError } from './errors.js'
import { sessionNameFor, validateSessionName } from './naming.js'
import { withColors, type ColorLevel } from './colors.js'
import { assertObject, colorsField, colorsSetting, describeValue, oneOf, readOptions, secretListField, sizeField } from './options.js'
import { hostProfile } from './profile.js'
import { shellQuote } from './quote.js'

export type Command = string | readonly string[]

export type IfExists = 'error' | 'reuse' | 'replace'

export interface SpawnOptions {
  /** Session name; validated (no `.` or `:`). Default: a short random name. */
  name?: string
  /** Working directory of the program (must exist). */
  cwd?: string
  /** Variables added to the clean, pinned environment. */
  env?: Record<string, string>
  /** Terminal width, default 80. */
  cols?: number
  /** Terminal height, default 24. */
  rows?: number
  /** When the name is taken: 'error' (default), 'reuse' the running session, or 'replace' it. */
  ifExists?: IfExists
  /**
   * Values masked (shown as `•••`) in everything tmuxpect writes or prints
   * about this session: messages, its recording, its final screen, the
   * report page. See docs/secrets.md.
   */
  secrets?: readonly string[]
  /**
   * The colour level the program is told about, setting TERM, COLORTERM and
   * NO_COLOR together: 'truecolor' (the default, or what configure() set),
   * 256, 16, or false (NO_COLOR=1). See docs/colors.md.
   */
  colors?: ColorLevel
}

export interface SpawnRequest {
  name: string
  cols: number
  rows: number
  env: Record<string, string>
  /** Absolute; the caller's cwd unless given. */
  cwd: string
  /** The argv tmux runs. */
  argv: string[]
  /** The command as given, for messages and for adopters. */
  command: Command
  ifExists: IfExists
  secrets: readonly string[]
}

const SPAWN_FIELDS = {
  name: (value: unknown) => validateSessionName(value),
  cwd: (value: unknown) => validateCwd(value),
  env: (value: unknown) => validateEnv(value),
  cols: sizeField,
  rows: sizeField,
  ifExists: oneOf<IfExists>(['error', 'reuse', 'replace']),
  secrets: secretListField,
  colors: colorsField,
}

// Validated in this order: the options, then the command, then the program on disk.
export function prepareSpawn(command: Command, options: SpawnOptions = {}): SpawnRequest {
  const read = readOptions(options, 'spawn options', SPAWN_FIELDS)
  const env = withColors(read.env ?? {}, read.colors, colorsSetting(), hostProfile().terminal)
  const cwd = read.cwd ?? process.cwd()
  const argv = withColorVariables(toArgv(command), env)
  if (Array.isArray(command)) resolveProgram(command[0]!, env.PATH ?? hostProfile().env.PATH ?? '', cwd)
  return {
    name: read.name ?? sessionNameFor(undefined),
    cols: read.cols ?? 80,
    rows: read.rows ?? 24,
    env,
    cwd,
    argv,
    command,
    ifExists: read.ifExists ?? 'error',
    secrets: read.secrets ?? [],
  }
}

/** The command in words: a shell string as is, an argv shell-quoted. */
export function describeCommand(command: Command | undefined): string {
  if (command === undefined) return 'unknown program'
  if (typeof command === 'string') return command
  return command.map((word) => shellQuote(word)).join(' ')
}

/** The argv tmux runs: a string by `sh -c`, a lone argv word through `env --` (tmux would hand it to the shell). */
export function toArgv(command: Command): string[] {
  if (typeof command === 'string') {
    if (command.trim() === '') throw new OptionError('command must not be an empty string')
    return ['/bin/sh', '-c', command]
  }
  if (!Array.isArray(command) || command.length === 0) {
    throw new OptionError(`command must be a non-empty argv array or a string, got ${describeValue(command)}`)
  }
  for (const [index, word] of command.entries()) {
    if (typeof word !== 'string') throw new OptionError(`command[${index}] must be a string, got ${describeValue(word)}`)
    if (word.includes('\0')) throw new OptionError(`command[${index}] holds a NUL character`)
  }
  return command.length === 1 ? ['env', '--', command[0]!] : [...command]
}

/**
 * tmux sets TERM (its default-terminal) and, from 3.6, COLORTERM=truecolor
 * in a new session's environment over `new-session -e` (docs/tmux-quirks.md,
 * "TERM and COLORTERM of a new session"): a TERM of the spawn's own is set,
 * and a COLORTERM it does not have is removed, by `env`, which then execs
 * the program (same PID, same process).
 */
function withColorVariables(argv: string[], env: Record<string, string>): string[] {
  const unset = env.COLORTERM === undefined ? ['-u', 'COLORTERM'] : []
  const term = env.TERM !== undefined && env.TERM !== hostProfile().terminal ? [`TERM=${env.TERM}`] : []
  if (unset.length === 0 && term.length === 0) return argv
  const program = argv[0] === 'env' && argv[1] === '--' ? argv.slice(2) : argv
  return ['env', ...unset, '--', ...term, ...program]
}

/** The command a session was started with, from the JSON tmuxpect stores on it (undefined if none or not ours). */
export function commandFromJson(json: string | undefined): Command | undefined {
  if (!json) return undefined
  try {
    const command: unknown = JSON.parse(json)
    if (typeof command === 'string' || (Array.isArray(command) && command.every((word) => typeof word === 'string'))) return command as Command
  } catch {
    // not set by tmuxpect
  }
  return undefined
}

function validateEnv(env: unknown): Record<string, string> {
  assertObject(env, 'env')
  const clean: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new OptionError(`env has an invalid variable name ${JSON.stringify(key)}`)
    if (typeof value !== 'string') throw new OptionError(`env.${key} must be a string, got ${describeValue(value)}`)
    if (value.includes('\0')) throw new OptionError(`env.${key} holds a NUL character`)
    clean[key] = value
  }
  return clean
}

function validateCwd(cwd: unknown): string {
  if (typeof cwd !== 'string' || cwd === '') throw new OptionError(`cwd must be a directory path, got ${describeValue(cwd)}`)
  const absolute = resolve(cwd)
  let isDirectory = false
  try {
    isDirectory = statSync(absolute).isDirectory()
  } catch {
    isDirectory = false
  }
  if (!isDirectory) throw new OptionError(`cwd ${JSON.stringify(cwd)} is not an existing directory`)
  return absolute
}

/** Find the program as execvp would, so a missing one is an error naming it, not a dead pane. */
function resolveProgram(program: string, path: string, cwd: string): string {
  const candidates = program.includes('/')
    ? [isAbsolute(program) ? program : resolve(cwd, program)]
    : path.split(delimiter).filter(Boolean).map((directory) => join(resolve(cwd, directory), program))
  for (const candidate of candidates) {
    try {
      if (statSync(candidate).isFile()) {
        accessSync(candidate, fsConstants.X_OK)
        return candidate
      }
    } catch {
      // try the next one
    }
  }
  const where = program.includes('/') ? 'no such executable file' : `not found on PATH (${path})`
  throw new ProgramNotFoundError(`cannot spawn ${JSON.stringify(program)}: ${where}`, program)
}

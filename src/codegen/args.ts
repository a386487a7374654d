/**
 * `npx tmuxpect codegen [options] -- <command>`: its help and its
 * arguments, checked before anything starts. Light on purpose: the CLI
 * loads this at once and the recording (run.ts, the engine) only when
 * asked to record.
 */
import { parseArgs } from 'node:util'
import { OptionError, TmuxpectError } from '../errors.js'
import { describeCommand, prepareSpawn, type Command } from '../spawn-request.js'
import type { Target } from './emit.js'

/** codegen could not record (no terminal, the view or the program could not start, the test could not be written). */
export class CodegenError extends TmuxpectError {
  override name = 'CodegenError'
}

export const CODEGEN_HELP = `Usage: tmuxpect codegen [options] -- <command> [args…]

Record yourself using a terminal program and get a test that replays it.
The program starts in a tmuxpect session (as tmux.spawn starts it in a test:
same size, TERM and environment) with this terminal attached to it; use it
as usual. When it exits, or when you detach (C-b d), the test is written:
your keys as type/submit/press/paste/click calls, and before each of them a
wait for the text the program had drawn when you acted; at the end, its
exit status. C-b C-b sends the program a C-b.

Options:
  --out <file>        write the test there (default: print it)
  --force             overwrite --out if it exists
  --target <runner>   vitest (default) or jest
  --name <title>      the test's title (default: the command)
  --secret <NAME>     the value of environment variable NAME is a secret
                      (a password you will type): the test names it as
                      process.env.NAME, types it with { secret: true } and
                      lists it in spawn's secrets; never spelled out.
                      Repeat for more
  --cols <n>          terminal width (default 80)
  --rows <n>          terminal height (default 24)
  -h, --help          this help

One argument after -- with spaces in it is a shell command (run by sh -c),
as spawn('…') runs a string; several are an argv, run as is.

Example:
  npx tmuxpect codegen --out test/menu.test.ts -- node dist/cli.js menu
`

export interface CodegenRequest {
  command: Command
  out: string | undefined
  force: boolean
  target: Target
  name: string
  cols: number
  rows: number
  /** --secret: environment variables whose values the test names instead of spelling. */
  secrets: { name: string; value: string }[]
}

/** A mistake in how codegen was called (exit 2). */
export class CodegenUsageError extends OptionError {
  override name = 'CodegenUsageError'
}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  target: { type: 'string' },
  name: { type: 'string' },
  secret: { type: 'string', multiple: true },
  cols: { type: 'string' },
  rows: { type: 'string' },
} as const

/** Parse and check codegen's arguments; undefined for --help. */
export function parseCodegenArgs(args: readonly string[]): CodegenRequest | undefined {
  const separator = args.indexOf('--')
  const own = separator >= 0 ? args.slice(0, separator) : [...args]
  const words = separator >= 0 ? args.slice(separator + 1) : []
  let parsed
  try {
    parsed = parseArgs({ args: own, options: OPTIONS, allowPositionals: true, strict: true })
  } catch (error) {
    throw new CodegenUsageError((error as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, ''))
  }
  const values = parsed.values
  if (values.help) return undefined
  if (parsed.positionals.length > 0) {
    throw new CodegenUsageError(`put the command after --: tmuxpect codegen [options] -- ${parsed.positionals.join(' ')}`)
  }
  if (words.length === 0) throw new CodegenUsageError('codegen needs the command to record after --, e.g. tmuxpect codegen -- python3 -q')
  const target = values.target ?? 'vitest'
  if (target !== 'vitest' && target !== 'jest') throw new CodegenUsageError(`--target must be vitest or jest, got ${JSON.stringify(target)}`)
  const cols = size(values.cols, '--cols', 80)
  const rows = size(values.rows, '--rows', 24)
  if (values.force && values.out === undefined) throw new CodegenUsageError('--force only goes with --out')
  if (values.out !== undefined && values.out.trim() === '') throw new CodegenUsageError('--out needs a file name')
  if (values.name !== undefined && values.name.trim() === '') throw new CodegenUsageError('--name needs a title')
  const command: Command = words.length === 1 && /\s/.test(words[0]!) ? words[0]! : words
  try {
    // The same checks spawn makes (the program exists, the size is sane), before the person starts.
    prepareSpawn(command, { cols, rows })
  } catch (error) {
    throw new CodegenUsageError((error as Error).message)
  }
  const secrets = (values.secret ?? []).map(secretFromEnvironment)
  return { command, out: values.out, force: values.force ?? false, target, name: values.name ?? describeCommand(command), cols, rows, secrets }
}

/** `--secret NAME`: the variable's value, read here so a missing one stops codegen before the person starts. */
function secretFromEnvironment(name: string): { name: string; value: string } {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new CodegenUsageError(`--secret takes the name of an environment variable, got ${JSON.stringify(name)}`)
  const value = process.env[name]
  if (!value) throw new CodegenUsageError(`--secret ${name}: the environment variable ${name} is not set (set it to the secret, e.g. read -s ${name}; export ${name})`)
  return { name, value }
}

function size(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback
  const number = /^\d+$/.test(value) ? Number(value) : NaN
  if (!Number.isInteger(number) || number < 2 || number > 10_000) throw new CodegenUsageError(`${option} must be a whole number of cells from 2 to 10000, got ${JSON.stringify(value)}`)
  return number
}


/**
 * `npx tmuxpect codegen [options] -- <command>`: its arguments, checked
 * before anything starts, and the run: record (capture.ts), turn the
 * recording into steps (plan.ts), write the test (emit.ts).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { OptionError } from '../errors.js'
import { describeCommand, prepareSpawn, toArgv, type Command } from '../spawn-request.js'
import { capture, CodegenError } from './capture.js'
import { renderTest, type Target } from './emit.js'
import { planSteps } from './plan.js'

export { CodegenError } from './capture.js'

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
  return { command, out: values.out, force: values.force ?? false, target, name: values.name ?? describeCommand(command), cols, rows }
}

function size(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback
  const number = /^\d+$/.test(value) ? Number(value) : NaN
  if (!Number.isInteger(number) || number < 2 || number > 10_000) throw new CodegenUsageError(`${option} must be a whole number of cells from 2 to 10000, got ${JSON.stringify(value)}`)
  return number
}

/**
 * Record, then write the test. `attach` connects the person's terminal
 * (the CLI passes tmux's own client); `log` says where the test went.
 */
export async function runCodegen(
  request: CodegenRequest,
  io: { attach(socket: string, session: string): Promise<number>; log(line: string): void; print(text: string): void },
): Promise<number> {
  const out = request.out === undefined ? undefined : resolve(request.out)
  // Refuse before the person spends time on a recording that cannot be written.
  if (out && existsSync(out) && !request.force) throw new CodegenUsageError(`${request.out} exists: choose another --out or add --force to overwrite it`)
  if (!process.stdin.isTTY || !process.stdout.isTTY) throw new CodegenError('codegen needs a terminal: run it in an interactive terminal, not with input or output redirected')
  const recorded = await capture({ argv: toArgv(request.command), cols: request.cols, rows: request.rows, cwd: process.cwd(), attach: io.attach })
  if (process.env.CG_DUMP) writeFileSync(process.env.CG_DUMP, JSON.stringify({ ...recorded, inputs: recorded.inputs.map((i) => ({ ...i, bytes: i.bytes.toString('latin1') })) }, null, 1))
  const source = renderTest({ name: request.name, command: request.command, cols: request.cols, rows: request.rows, target: request.target, steps: planSteps(recorded) })
  const ending = recorded.exit ? `the program exited (${recorded.exit.signal ?? `code ${recorded.exit.code}`})` : 'you detached'
  if (!out) {
    io.print(source)
    return 0
  }
  mkdirSync(dirname(out), { recursive: true })
  try {
    writeFileSync(out, source, { flag: request.force ? 'w' : 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    // Made while recording: keep the recording rather than lose it.
    io.print(source)
    throw new CodegenError(`${request.out} appeared while recording: not overwritten (add --force); the test is printed above`)
  }
  io.log(`tmuxpect codegen: ${ending}; wrote ${request.out} (${recorded.inputs.length} inputs recorded)`)
  return 0
}

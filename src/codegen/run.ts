/**
 * The codegen run: record (capture.ts), turn the recording into steps
 * (plan.ts), write the test (emit.ts).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { toArgv } from '../spawn-request.js'
import { CodegenError, CodegenUsageError, type CodegenRequest } from './args.js'
import { capture } from './capture.js'
import { renderTest } from './emit.js'
import { planSteps } from './plan.js'

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
  const source = renderTest({ name: request.name, command: request.command, cols: request.cols, rows: request.rows, target: request.target, steps: planSteps(recorded), secrets: request.secrets })
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

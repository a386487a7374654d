// `tmuxpect codegen` end to end: a person (an outer tmuxpect session, typing
// into codegen's terminal as they would) uses a real program; codegen writes
// a test; that test is then run ten times over with vitest, in parallel
// workers (so under load) unless it must run alone, and must pass every time.
import { execa } from 'execa'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import stripAnsi from 'strip-ansi'
import { afterAll } from 'vitest'
import { test, expect, type TmuxFixture } from 'tmuxpect/vitest'
import type { Session } from 'tmuxpect'
import { FIXTURES, REPO_ROOT } from '../hardening/census.js'

const CLI = join(REPO_ROOT, 'src', 'cli.ts')
const HOME = join(FIXTURES, 'codegen')
const VITEST = join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs')
const SLOW = { timeout: 30_000 }
/** Node with tsx and a UI framework: seconds to start on a quiet machine, over 20 s under a load of 20 (examples/apps/command.ts). */
const STARTUP = { timeout: 60_000 }
const RUNS = 10
/**
 * The replays' wait timeout: the written tests keep tmuxpect's default, and
 * the runs raise it as the README advises for slow shared runners (here
 * load averages of 20+ on 2 cores: python, a pyenv shim, then takes over
 * 5 s to show its first prompt).
 */
const REPLAY_ENV = { TMUXPECT_TIMEOUT: '30000' }

const made: string[] = []
afterAll(() => {
  for (const directory of made) rmSync(directory, { recursive: true, force: true })
})

interface Recording {
  directory: string
  file: string
  source: string
}

/** Run codegen in a 100×30 terminal (the program's 80×24 in its top left corner, tmux's dots around it), let `person` use the program, return the test it wrote. */
async function record(tmux: TmuxFixture, name: string, command: string[], person: (terminal: Session) => Promise<void>, options: string[] = []): Promise<Recording> {
  const directory = mkdtempSync(join(HOME, `out-${name}-`))
  made.push(directory)
  const file = join(directory, `${name}.gen.ts`)
  const terminal = await tmux.spawn([process.execPath, '--import', 'tsx', CLI, 'codegen', '--out', file, ...options, '--', ...command], { cols: 100, rows: 30, cwd: REPO_ROOT })
  await person(terminal)
  await expect(terminal).toHaveExited({ code: 0, ...SLOW })
  const source = readFileSync(file, 'utf8')
  // The recording as documentation of what happened, should the replay fail.
  console.log(`--- ${name}: the test codegen wrote ---\n${source}`)
  return { directory, file, source }
}

/**
 * Run the written test RUNS times (copies of the file, one vitest run): how
 * many passed. `timeout`: the replays' wait timeout and each test's own,
 * for programs slower to start than REPLAY_ENV allows for.
 */
async function replay(recording: Recording, options: { alone?: boolean; reset?: string[]; timeout?: number } = {}): Promise<{ passed: number; output: string }> {
  const directory = join(recording.directory, 'runs')
  mkdirSync(directory)
  for (let run = 1; run <= RUNS; run++) copyFileSync(recording.file, join(directory, `run-${run}.gen.ts`))
  rmSync(recording.file)
  const result = await execa(
    process.execPath,
    [
      VITEST, 'run', '--config', join(HOME, 'vitest.config.ts'), '--root', HOME,
      ...(options.alone ? ['--no-file-parallelism'] : []),
      ...(options.timeout ? ['--testTimeout', String(options.timeout)] : []),
      directory,
    ],
    {
      cwd: REPO_ROOT, reject: false, all: true,
      env: { ...REPLAY_ENV, ...(options.timeout ? { TMUXPECT_TIMEOUT: String(options.timeout) } : {}), CODEGEN_RESET: (options.reset ?? []).join(','), NO_COLOR: '1' },
    },
  )
  const output = stripAnsi(result.all ?? '')
  const passed = Number(/Tests\s+(?:\d+ failed \| )?(\d+) passed/.exec(output)?.[1] ?? 0)
  return { passed, output }
}

function data(name: string, text: string): string {
  const directory = mkdtempSync(join(HOME, `out-data-${name}-`))
  made.push(directory)
  const file = join(directory, name)
  writeFileSync(file, text)
  return file
}

test('python: typed lines become submit, each waits for the answer above the next prompt', { timeout: 240_000 }, async ({ tmux }) => {
  const recording = await record(tmux, 'python', ['python3', '-q'], async (terminal) => {
    await expect(terminal).toShowOnScreen('>>>', SLOW)
    await terminal.type('6*7')
    await terminal.press('Enter')
    await expect(terminal).toShowOnScreen(/^42 /m, SLOW)
    await terminal.type('x = 1')
    await terminal.press('Enter')
    await expect(terminal).toShowOnScreen(/^>>> x = 1 .*\n>>> /m, SLOW)
    await terminal.press('C-d')
  })
  expect(recording.source).toContain("await expect(app).toShowOnScreen('>>>')\n  await app.submit('6*7')\n  await expect(app).toShowOnScreen('42\\n>>>')")
  expect(recording.source).toContain("await app.submit('x = 1')\n  await expect(app).toShowOnScreen('>>> x = 1\\n>>>')\n  await app.press('C-d')")
  expect(recording.source).toContain('await expect(app).toHaveExited({ code: 0 })')
  const { passed, output } = await replay(recording)
  expect(passed, output).toBe(RUNS)
})

test('bash: the output line is waited for with the prompt after it, never the echoed command', { timeout: 240_000 }, async ({ tmux }) => {
  const recording = await record(tmux, 'bash', ['bash', '--norc', '--noprofile'], async (terminal) => {
    await expect(terminal).toShowOnScreen(/bash-\S+[$#]/, SLOW)
    await terminal.type('echo hello')
    await terminal.press('Enter')
    await expect(terminal).toShowOnScreen(/^hello /m, SLOW)
    await terminal.type('exit 3')
    await terminal.press('Enter')
  })
  expect(recording.source).toContain("await app.submit('echo hello')")
  expect(recording.source).toMatch(/toShowOnScreen\('hello\\n[^']*[$#]'\)/)
  expect(recording.source).toContain('await expect(app).toHaveExited({ code: 3 })')
  const { passed, output } = await replay(recording)
  expect(passed, output).toBe(RUNS)
})

test('vim: insert, Escape, :wq; the mode line waited for and waited away', { timeout: 240_000 }, async ({ tmux }) => {
  const file = join(mkdtempSync(join(HOME, 'out-data-vim-')), 'note.txt')
  made.push(join(file, '..'))
  const recording = await record(tmux, 'vim', ['vim', '-Nu', 'NONE', file], async (terminal) => {
    await expect(terminal).toShowOnScreen('[New]', SLOW)
    await terminal.type('i')
    await expect(terminal).toShowOnScreen('-- INSERT --', SLOW)
    await terminal.type('hello from codegen')
    await expect(terminal).toShowOnScreen('hello from codegen', SLOW)
    await terminal.press('Escape')
    await expect(terminal).not.toShowOnScreen('-- INSERT --', SLOW)
    await terminal.type(':wq')
    await expect(terminal).toShowOnScreen(':wq', SLOW)
    await terminal.press('Enter')
  })
  expect(readFileSync(file, 'utf8')).toBe('hello from codegen\n')
  expect(recording.source).toContain("await app.type('i')\n  await expect(app).toShowOnScreen('-- INSERT --')\n  await app.type('hello from codegen')")
  expect(recording.source).toContain("await app.press('Escape')\n  await expect(app).not.toShowOnScreen('-- INSERT --')\n  await app.submit(':wq')")
  expect(recording.source).toContain('await expect(app).toHaveExited({ code: 0 })')
  // Each run starts as the recording did, without the file (and writes it).
  const { passed, output } = await replay(recording, { alone: true, reset: [file] })
  expect(passed, output).toBe(RUNS)
})

test('less: a search redraws the screen; the wait is a line only the match brings', { timeout: 240_000 }, async ({ tmux }) => {
  const lines = Array.from({ length: 200 }, (_, index) => (index === 150 ? 'the needle is here' : `line ${index + 1} of the haystack`))
  const file = data('haystack.txt', lines.join('\n') + '\n')
  const recording = await record(tmux, 'less', ['less', file], async (terminal) => {
    await expect(terminal).toShowOnScreen('haystack.txt', SLOW)
    await terminal.type('/needle')
    await expect(terminal).toShowOnScreen('/needle', SLOW)
    await terminal.press('Enter')
    await expect(terminal).toShowOnScreen('the needle is here', SLOW)
    await terminal.type('q')
  })
  expect(recording.source).toContain("await app.submit('/needle')")
  expect(recording.source).toMatch(/submit\('\/needle'\)\n {2}await expect\(app\)\.toShowOnScreen\('[^']+'\)\n {2}await app\.type\('q'\)/)
  expect(recording.source).toContain('await expect(app).toHaveExited({ code: 0 })')
  const { passed, output } = await replay(recording)
  expect(passed, output).toBe(RUNS)
})

test('a menu redrawn in place: arrow keys pressed, each choice waited for', { timeout: 240_000 }, async ({ tmux }) => {
  const recording = await record(tmux, 'menu', ['node', join(HOME, 'menu.mjs')], async (terminal) => {
    await expect(terminal).toShowOnScreen('Pick a colour', SLOW)
    await terminal.press('Down')
    await expect(terminal).toShowOnScreen('❯ green', SLOW)
    await terminal.press('Down')
    await expect(terminal).toShowOnScreen('❯ blue', SLOW)
    await terminal.press('Enter')
  })
  expect(recording.source).toContain("await app.press('Down')\n  await expect(app).toShowOnScreen('❯ green')\n  await app.press('Down')\n  await expect(app).toShowOnScreen('❯ blue')\n  await app.press('Enter')")
  expect(recording.source).toMatch(/toShowOnScreen\('[^']*You picked blue'\)\n {2}await expect\(app\)\.toHaveExited\(\{ code: 0 \}\)/)
  const { passed, output } = await replay(recording)
  expect(passed, output).toBe(RUNS)
})

test('a menu that marks its choice only in reverse video: each key waits for the newly highlighted item in that style', { timeout: 240_000 }, async ({ tmux }) => {
  const recording = await record(tmux, 'style-menu', ['node', join(HOME, 'style-menu.mjs')], async (terminal) => {
    await expect(terminal).toShowOnScreen('Pick a fruit', SLOW)
    await terminal.press('Down')
    await expect(terminal).toShowOnScreen('Banana', { inverse: true, ...SLOW })
    await terminal.press('Down')
    await expect(terminal).toShowOnScreen('Cherry', { inverse: true, ...SLOW })
    await terminal.press('Enter')
  })
  // No text changes with the highlight: without style waits the keys would go back to back, and nothing would check the choice.
  expect(recording.source).toContain(
    "await app.press('Down')\n  await expect(app).toShowOnScreen('Banana', { inverse: true })\n  await app.press('Down')\n  await expect(app).toShowOnScreen('Cherry', { inverse: true })\n  await app.press('Enter')",
  )
  expect(recording.source).toMatch(/press\('Enter'\)\n {2}await expect\(app\)\.toShowOnScreen\('You picked Cherry'\)\n {2}await expect\(app\)\.toHaveExited\(\{ code: 0 \}\)/)
  const { passed, output } = await replay(recording)
  expect(passed, output).toBe(RUNS)
})

test('an Ink menu (examples/apps/ink-list.tsx): arrows move the highlight, each highlighted choice is waited for, Enter picks', { timeout: 600_000 }, async ({ tmux }) => {
  const recording = await record(tmux, 'ink-list', ['node', '--import', 'tsx', 'examples/apps/ink-list.tsx'], async (terminal) => {
    await expect(terminal).toShowOnScreen('❯ Apple', STARTUP)
    await terminal.press('Down')
    await expect(terminal).toShowOnScreen('❯ Banana', SLOW)
    await terminal.press('Down')
    await expect(terminal).toShowOnScreen('❯ Cherry', SLOW)
    await terminal.press('Up')
    await expect(terminal).toShowOnScreen('❯ Banana', SLOW)
    await terminal.press('Enter')
  })
  // The first wait is for the list (drawn once keys are read), never for the "Loading…" before it.
  expect(recording.source).toMatch(/tmux\.spawn\(\['node', '--import', 'tsx', 'examples\/apps\/ink-list\.tsx'\], \{ cols: 80, rows: 24 \}\)\n {2}await expect\(app\)\.toShowOnScreen\('(?:❯ Apple|Banana|Cherry|Durian|Pick a fruit[^']*)'\)\n {2}await app\.press\('Down'\)\n/)
  expect(recording.source).not.toContain('Loading')
  expect(recording.source).toContain(
    "await app.press('Down')\n  await expect(app).toShowOnScreen('❯ Banana')\n  await app.press('Down')\n  await expect(app).toShowOnScreen('❯ Cherry')\n  await app.press('Up')\n  await expect(app).toShowOnScreen('❯ Banana')\n  await app.press('Enter')",
  )
  expect(recording.source).toMatch(/press\('Enter'\)\n {2}await expect\(app\)\.toShowOnScreen\('You chose Banana\.'\)\n {2}await expect\(app\)\.toHaveExited\(\{ code: 0 \}\)\n\}\)/)
  const { passed, output } = await replay(recording, { timeout: STARTUP.timeout })
  expect(passed, output).toBe(RUNS)
})

test('an Inquirer questionnaire (examples/apps/inquirer.ts): a select, a checkbox, a password, an input, a confirm; the answers on one wrapped line', { timeout: 600_000 }, async ({ tmux }) => {
  const recording = await record(tmux, 'inquirer', ['node', '--import', 'tsx', 'examples/apps/inquirer.ts'], async (terminal) => {
    await expect(terminal).toShowOnScreen('❯ Ink', STARTUP)
    await terminal.press('Down')
    await expect(terminal).toShowOnScreen('❯ Inquirer', SLOW)
    await terminal.press('Enter')
    await expect(terminal).toShowOnScreen('❯◯ TypeScript', SLOW)
    await terminal.press('Space')
    await expect(terminal).toShowOnScreen('❯◉ TypeScript', SLOW)
    await terminal.press('Down')
    await expect(terminal).toShowOnScreen('❯◯ ESLint', SLOW)
    await terminal.press('Enter')
    await expect(terminal).toShowOnScreen('? API token', SLOW)
    await terminal.type('tok')
    await terminal.press('Enter')
    await expect(terminal).toShowOnScreen('? Port (3000)', SLOW)
    await terminal.type('8080')
    await expect(terminal).toShowOnScreen('? Port 8080', SLOW)
    await terminal.press('Enter')
    await expect(terminal).toShowOnScreen('(Y/n)', SLOW)
    await terminal.type('y')
    await expect(terminal).toShowOnScreen('(Y/n) y', SLOW)
    await terminal.press('Enter')
  })
  const { source } = recording
  // The select: the pointer's new line after Down.
  expect(source).toContain("await expect(app).toShowOnScreen('❯ Ink')\n  await app.press('Down')\n  await expect(app).toShowOnScreen('❯ Inquirer')\n  await app.press('Enter')\n")
  // The checkbox: drawn in place of the select, then each key's new line.
  expect(source).toMatch(/press\('Enter'\)\n {2}await expect\(app\)\.toShowOnScreen\('[^'\n]*(?:TypeScript|ESLint|Tests)'\)\n {2}await app\.press\('Space'\)\n/)
  expect(source).toContain("await app.press('Space')\n  await expect(app).toShowOnScreen('❯◉ TypeScript')\n  await app.press('Down')\n  await expect(app).toShowOnScreen('❯◯ ESLint')\n  await app.press('Enter')\n")
  // Typed answers: the prompt's line waited for, never the echoed typing ('? Port 8080').
  expect(source).toMatch(/toShowOnScreen\('[^']*\? API token[^']*'\)\n {2}await app\.submit\('tok'\)\n {2}await expect\(app\)\.toShowOnScreen\('[^']*\? Port \(3000\)'\)\n {2}await app\.submit\('8080'\)\n/)
  expect(source).toContain("await expect(app).toShowOnScreen('✔ Port 8080\\n? Create the project? (Y/n)')\n  await app.submit('y')\n")
  expect(source).not.toContain("'? Port 8080'")
  // The answers are one line of 88 characters, wrapped at 80: a wait is a whole line, never the piece on the next row.
  expect(source).toMatch(/submit\('y'\)\n {2}await expect\(app\)\.toShowOnScreen\('(?:✔ Create the project\? Yes|\{"framework":"inquirer"[^']*\})'\)\n {2}await expect\(app\)\.toHaveExited\(\{ code: 0 \}\)\n\}\)/)
  expect(source).not.toContain('\'k":true}\'')
  const { passed, output } = await replay(recording, { timeout: STARTUP.timeout })
  expect(passed, output).toBe(RUNS)
})

test('a program that redraws on a timer: its clock is never waited for, its counter is', { timeout: 240_000 }, async ({ tmux }) => {
  const recording = await record(tmux, 'clock', ['node', join(HOME, 'clock.mjs')], async (terminal) => {
    await expect(terminal).toShowOnScreen('count: 0', SLOW)
    // Watch it tick, as a person reading the screen would.
    const shown = /time: (\S+)/.exec((await terminal.screen()).text)?.[1] ?? ''
    await terminal.waitFor((screen) => /time: \S+/.test(screen.text) && !screen.text.includes(`time: ${shown}`), SLOW)
    await terminal.type('+')
    await expect(terminal).toShowOnScreen('count: 1', SLOW)
    await terminal.type('+')
    await expect(terminal).toShowOnScreen('count: 2', SLOW)
    await terminal.type('q')
  }, ['--name', 'the clock counts'])
  expect(recording.source).toContain("test('the clock counts'")
  expect(recording.source).not.toContain('time:')
  expect(recording.source).toContain("await app.type('+')\n  await expect(app).toShowOnScreen('count: 1')\n  await app.type('+')\n  await expect(app).toShowOnScreen('count: 2')\n  await app.type('q')")
  const { passed, output } = await replay(recording)
  expect(passed, output).toBe(RUNS)
})

test('--target jest: the written test runs under Jest (its own expect, a server per file), ten times out of ten', { timeout: 300_000 }, async ({ tmux }) => {
  const recording = await record(tmux, 'jest-menu', ['node', join(HOME, 'menu.mjs')], async (terminal) => {
    await expect(terminal).toShowOnScreen('Pick a colour', SLOW)
    await terminal.press('Up')
    await expect(terminal).toShowOnScreen('❯ blue', SLOW)
    await terminal.press('Enter')
  }, ['--target', 'jest'])
  expect(recording.source).toContain("import { afterAll, beforeAll, expect, test } from '@jest/globals'")
  expect(recording.source).toContain("await app.press('Up')\n  await expect(app).toShowOnScreen('❯ blue')\n  await app.press('Enter')")
  // A build of its own for Jest to import (it runs no TypeScript), inside node_modules so it finds its dependencies.
  const dist = join(REPO_ROOT, 'node_modules', '.cache', `tmuxpect-codegen-jest-${process.pid}`)
  made.push(dist)
  await execa(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', dist, '--declaration', 'false', '--sourceMap', 'false'], { cwd: REPO_ROOT })
  for (let run = 1; run <= RUNS; run++) copyFileSync(recording.file, join(recording.directory, `run-${run}.test.js`))
  rmSync(recording.file)
  const config = join(recording.directory, 'jest.config.mjs')
  writeFileSync(
    config,
    `export default ${JSON.stringify({
      rootDir: recording.directory,
      testMatch: ['<rootDir>/run-*.test.js'],
      transform: {},
      moduleNameMapper: { '^tmuxpect$': `${dist}/src/index.js`, '^tmuxpect/matchers$': `${dist}/matchers/index.js` },
      setupFilesAfterEnv: [join(REPO_ROOT, 'examples', 'jest', 'setup.js')],
      testTimeout: 30_000,
    })}\n`,
  )
  const jest = await execa(process.execPath, ['--experimental-vm-modules', join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--config', config, '--ci'], { cwd: REPO_ROOT, env: REPLAY_ENV, all: true, reject: false })
  expect(jest.all).toMatch(new RegExp(`^Tests: +${RUNS} passed, ${RUNS} total$`, 'm'))
})

test('codegen --help documents it; bad arguments are one clear line and exit 2; an existing --out is refused without --force', { timeout: 120_000 }, async () => {
  const run = (...args: string[]) => execa(process.execPath, ['--import', 'tsx', CLI, 'codegen', ...args], { cwd: REPO_ROOT, reject: false })
  const help = await run('--help')
  expect(help.exitCode).toBe(0)
  expect(help.stdout).toContain('Usage: tmuxpect codegen [options] -- <command> [args…]')
  expect(help.stdout).toContain('--target <runner>   vitest (default) or jest')

  const bad = await run('--target', 'mocha', '--', 'ls')
  expect(bad.exitCode).toBe(2)
  expect(bad.stderr).toBe('tmuxpect: --target must be vitest or jest, got "mocha"\nRun tmuxpect codegen --help for usage.')
  const missing = await run('--out', 'x.test.ts')
  expect(missing.exitCode).toBe(2)
  expect(missing.stderr).toContain('codegen needs the command to record after --')

  const existing = data('taken.test.ts', '// mine\n')
  const refused = await run('--out', existing, '--', 'ls')
  expect(refused.exitCode).toBe(2)
  expect(refused.stderr).toContain(`${existing} exists: choose another --out or add --force to overwrite it`)
  expect(readFileSync(existing, 'utf8')).toBe('// mine\n')

  // With --force it gets as far as needing a terminal (stdin here is not one): exit 1, nothing written.
  const noTerminal = await run('--out', existing, '--force', '--', 'ls')
  expect(noTerminal.exitCode).toBe(1)
  expect(noTerminal.stderr).toContain('codegen needs a terminal')
  expect(readFileSync(existing, 'utf8')).toBe('// mine\n')
})

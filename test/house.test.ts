/**
 * The bugs issue 17 found, each as a user meets it: a misspelled option
 * that was silently ignored, a bad TMUXPECT_* setting that crashed at
 * import, and the fixture's "already told" decision, which must come from
 * the error's fields (as vitest hands them over, serialised, from a worker)
 * and never from its text.
 */
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { OptionError, TmuxServer, TmuxpectError, configure, reapStaleServers, type Session } from 'tmuxpect'
import { matchers } from 'tmuxpect/matchers'
import { decodeOutputInto } from '../src/protocol.js'
import { Recording } from '../src/recording.js'
import {
  REPO_ROOT,
  expectNothingLeft,
  makeTmuxTmpdir,
  nestedEnvironment,
  newMarker,
  removeTree,
  runNestedVitest,
} from './hardening/census.js'

let tmuxTmpdir: string
let server: TmuxServer
let cat: Session

beforeAll(async () => {
  tmuxTmpdir = makeTmuxTmpdir()
  process.env.TMUX_TMPDIR = tmuxTmpdir
  server = await TmuxServer.start()
  cat = await server.spawn(['cat'], { name: 'options' })
})

afterAll(async () => {
  await server?.kill()
  removeTree(tmuxTmpdir)
})

/** The error a call throws or rejects with. */
async function errorOf(call: () => unknown): Promise<Error> {
  try {
    await call()
  } catch (error) {
    expect(error).toBeInstanceOf(TmuxpectError)
    return error as Error
  }
  throw new Error('expected an error, got none')
}

describe('one options pipeline: every entry point refuses an unknown option name', () => {
  const wait = 'timeout'
  test.each([
    ['waitForText options', () => cat.waitForText('x', { timout: 100 } as never), wait],
    ['waitFor options', () => cat.waitFor(() => true, { timout: 100 } as never), 'timeout, styles'],
    ['waitForExit options', () => cat.waitForExit({ timout: 100 } as never), wait],
    ['waitForStable options', () => cat.waitForStable({ timout: 100 } as never), 'timeout, quiet'],
    ['screen options', () => cat.screen({ timout: 100 } as never), 'scrollback, styles'],
    ['keep options', () => cat.keep({ timout: 100 } as never), 'quiet'],
    ['press options', () => cat.press('a', { timout: 100 } as never), 'escapeDelay'],
    ['type options', () => cat.type('a', { timout: 100 } as never), 'secret, escapeDelay'],
    ['spawn options', () => server.spawn(['cat'], { timout: 100 } as never), 'name, cwd, env, cols, rows, ifExists, secrets, colors'],
    ['TmuxServer.start options', () => TmuxServer.start({ timout: 100 } as never), 'socket, tmux'],
    ['configure options', () => configure({ timout: 100 } as never), 'timeout, tmux, record, resultsDir, recordLimit, secrets, escapeDelay, colors'],
    ['reapStaleServers options', () => reapStaleServers({ timout: 100 } as never), 'includeKept, env'],
    ['toHaveCursorAt options', () => matchers.toHaveCursorAt.call({}, cat, 0, 0, { timout: 100 } as never), wait],
    ['toHaveExited expectation', () => matchers.toHaveExited.call({}, cat, { timout: 100 } as never), 'code, signal, timeout'],
  ])('%s', async (name, call, known) => {
    const error = await errorOf(call)
    expect(error).toBeInstanceOf(OptionError)
    expect(error.message).toBe(`${name} has no option "timout" (known: ${known})`)
  })

  test('toShowOnScreen lists its style options too', async () => {
    const error = await errorOf(() => matchers.toShowOnScreen.call({}, cat, 'x', { timout: 100 } as never))
    expect(error.message).toMatch(/^toShowOnScreen options has no option "timout" \(known: timeout, fg, bg, bold/)
  })

  test.each([
    [() => cat.screen({ scrollback: 'yes' } as never), 'scrollback must be true or false, got "yes"'],
    [() => cat.keep({ quiet: 1 } as never), 'quiet must be true or false, got 1'],
    [() => cat.waitForStable({ quiet: -1 }), 'quiet must be a positive finite number of milliseconds, got -1'],
    [() => matchers.toHaveExited.call({}, cat, { code: '0' } as never), 'code must be a whole number, got "0"'],
    [() => matchers.toHaveCursorAt.call({}, cat, 0, 0, { timeout: '1s' } as never), 'timeout must be a positive finite number of milliseconds, got "1s"'],
    [() => cat.waitForText('x', 'fast' as never), 'waitForText options must be an object, got "fast"'],
  ])('a wrong type is named the same way: %#', async (call, message) => {
    const error = await errorOf(call)
    expect(error).toBeInstanceOf(OptionError)
    expect(error.message).toBe(message)
  })
})

describe('the TMUXPECT_* environment is read when used, not at import', () => {
  const env = (extra: Record<string, string>) => ({ PATH: process.env.PATH!, HOME: process.env.HOME ?? '/root', TMUX_TMPDIR: tmuxTmpdir, ...extra })

  test('TMUXPECT_TIMEOUT=abc npx tmuxpect ls: a clear error and exit 2, not a crash', async () => {
    const run = await execa(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src', 'cli.ts'), 'ls'], {
      cwd: REPO_ROOT,
      env: env({ TMUXPECT_TIMEOUT: 'abc' }),
      extendEnv: false,
      reject: false,
    })
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toBe('tmuxpect: TMUXPECT_TIMEOUT must be a positive number of milliseconds, got "abc"')
  })

  test('the package loads with a bad setting; the call that needs it says what is wrong', async () => {
    const script = `
      const { defaultTimeout, OptionError } = await import(${JSON.stringify(join(REPO_ROOT, 'src', 'index.ts'))})
      try { defaultTimeout(); console.log('no error') } catch (error) { console.log(error instanceof OptionError, error.message) }`
    const run = await execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      env: env({ TMUXPECT_TIMEOUT: '5s' }),
      extendEnv: false,
      reject: false,
    })
    expect(run.stderr).toBe('')
    expect(run.stdout).toBe('true TMUXPECT_TIMEOUT must be a positive number of milliseconds, got "5s"')
  })
})

test('one %output decoder: it stops where its room ends and the recording continues on the next page', () => {
  const line = Buffer.from('ab\\015\\012\\134c')
  const room = Buffer.alloc(3)
  expect(decodeOutputInto(line, 0, room, 0)).toEqual({ read: 6, written: 3 })
  expect(room.toString('latin1')).toBe('ab\r')
  const recording = new Recording({ cols: 80, rows: 24, startedAt: performance.now(), limit: 1 << 20 })
  recording.output(Buffer.from(`%output %1 ${'x'.repeat(4094)}\\015\\012\\134!`), 11)
  const events = recording.toAsciicast().trim().split('\n').slice(1).map((event) => JSON.parse(event) as [number, string, string])
  expect(events.map((event) => event[2]).join('')).toBe(`${'x'.repeat(4094)}\r\n\\!`)
})

test('the fixture tells apart, from fields that survive vitest serialising errors in its workers, which stories a test error already tells', async () => {
  const marker = newMarker()
  const nested = makeTmuxTmpdir()
  try {
    for (const pool of ['forks', 'threads']) {
      const run = await runNestedVitest('told', ['--pool', pool], nestedEnvironment(nested, marker))
      expect(run.exitCode).toBe(1)
      const output = String(run.all)
      const oneLine = (name: string) => new RegExp(`Session: +${name} +\\(cat\\), still running: its screen, attach line and last actions are in the test's error`)
      expect(output).toMatch(oneLine('told-by-matcher'))
      expect(output).toMatch(oneLine('told-by-wait'))
      expect(output).not.toMatch(oneLine('not-told'))
      // the untold session gets its whole story from the fixture
      expect(output).toMatch(/Session: +not-told +\(cat\), still running\nAttach: /)
    }
    await expectNothingLeft(nested, marker)
  } finally {
    removeTree(nested)
  }
})

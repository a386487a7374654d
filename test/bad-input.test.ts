/**
 * Bad input is a named error whose message says what was wrong and shows the
 * value, thrown before anything reaches tmux.
 */
import { mkdtempSync, rmSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  InvalidKeyError,
  InvalidSessionNameError,
  OptionError,
  ProgramNotFoundError,
  SessionGoneError,
  TmuxServer,
  TmuxpectError,
  type Session,
} from 'tmuxpect'
import { FIXTURES, REPO_ROOT, makeTmuxTmpdir, removeTree } from './hardening/census.js'

const tmuxTmpdir = makeTmuxTmpdir()
process.env.TMUX_TMPDIR = tmuxTmpdir
let server: TmuxServer
let cat: Session

beforeAll(async () => {
  server = await TmuxServer.start()
  cat = await server.spawn(['cat'])
})

afterAll(async () => {
  await server.kill()
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

describe('key names', () => {
  test.each([
    ['Ener', /unknown key "Ener" \(did you mean "Enter"\?\)/],
    ['C-Ener', /unknown key "C-Ener" \(did you mean "C-Enter"\?\)/],
    ['Backspace', /unknown key "Backspace" \(did you mean "BSpace"\?\)/],
    ['', /key name is empty/],
    ['xyzzy', /unknown key "xyzzy"/],
  ])('press(%j) is an InvalidKeyError and sends nothing', async (key, message) => {
    const error = await errorOf(() => cat.press('Z', key))
    expect(error).toBeInstanceOf(InvalidKeyError)
    expect(error.message).toMatch(message)
    expect((error as InvalidKeyError).key).toBe(key)
  })

  test('a key that is not a string', async () => {
    const error = await errorOf(() => cat.press(42 as never))
    expect(error).toBeInstanceOf(InvalidKeyError)
    expect(error.message).toBe('key must be a string, got 42')
  })

  test('nothing of a rejected press reached the program', async () => {
    await cat.submit('after the bad keys')
    await cat.waitForText('after the bad keys')
    expect((await cat.screen()).contains('Z')).toBe(false)
  })
})

describe('session names', () => {
  test.each([
    ['.', /invalid session name "\.": tmux reads "\." and ":" as target separators/],
    ['api.v2', /invalid session name "api\.v2": tmux reads "\." and ":"/],
    [':', /invalid session name ":": tmux reads "\." and ":"/],
    ['', /invalid session name "": it is empty/],
    ['x'.repeat(101), /invalid session name "x{101}": it is 101 characters long \(at most 100\)/],
    ['tab\there', /invalid session name "tab\\there": it holds a control character/],
    [' padded', /it starts or ends with whitespace/],
    ['cost$HOME', /invalid session name "cost\$HOME": tmux rewrites/],
    ['back\\slash', /invalid session name "back\\\\slash": tmux rewrites/],
    ['$1', /invalid session name "\$1": tmux reads a target starting with "\$" as a session id/],
    ['__tmuxpect-mine', /tmuxpect's own/],
  ])('spawn({ name: %j }) is an InvalidSessionNameError', async (name, message) => {
    const error = await errorOf(() => server.spawn(['cat'], { name }))
    expect(error).toBeInstanceOf(InvalidSessionNameError)
    expect(error.message).toMatch(message)
    expect((error as InvalidSessionNameError).sessionName).toBe(name)
  })

  test('a name that is not a string', async () => {
    const error = await errorOf(() => server.spawn(['cat'], { name: 7 as never }))
    expect(error).toBeInstanceOf(InvalidSessionNameError)
    expect(error.message).toBe('session name must be a string, got 7')
  })

  test('no session was created by any rejected spawn', async () => {
    expect((await server.sessions()).map((session) => session.name)).toEqual([cat.name])
  })
})

describe('options', () => {
  test.each([
    [{ cols: '80' }, 'cols must be a whole number from 1 to 10000, got "80"'],
    [{ rows: 0 }, 'rows must be a whole number from 1 to 10000, got 0'],
    [{ cols: 80.5 }, 'cols must be a whole number from 1 to 10000, got 80.5'],
    [{ env: { LEVEL: 3 } }, 'env.LEVEL must be a string, got 3'],
    [{ env: { 'BAD-NAME': 'x' } }, 'env has an invalid variable name "BAD-NAME"'],
    [{ env: 'A=1' }, 'env must be an object, got "A=1"'],
    [{ cwd: '/no/such/directory' }, 'cwd "/no/such/directory" is not an existing directory'],
    [{ ifExists: 'maybe' }, `ifExists must be 'error', 'reuse' or 'replace', got "maybe"`],
    [{ colums: 100 }, 'spawn options has no option "colums" (known: name, cwd, env, cols, rows, ifExists, secrets, colors)'],
  ])('spawn options %j', async (options, message) => {
    const error = await errorOf(() => server.spawn(['cat'], options as never))
    expect(error).toBeInstanceOf(OptionError)
    expect(error.message).toBe(message)
  })

  test.each([
    [[], 'command must be a non-empty argv array or a string, got an array'],
    ['  ', 'command must not be an empty string'],
    [['echo', 1], 'command[1] must be a string, got 1'],
    [42, 'command must be a non-empty argv array or a string, got 42'],
  ])('command %j', async (command, message) => {
    const error = await errorOf(() => server.spawn(command as never))
    expect(error).toBeInstanceOf(OptionError)
    expect(error.message).toBe(message)
  })

  test.each([
    [0, 24, 'resize(cols) must be a whole number from 1 to 10000, got 0'],
    [-80, 24, 'resize(cols) must be a whole number from 1 to 10000, got -80'],
    [80, -1, 'resize(rows) must be a whole number from 1 to 10000, got -1'],
    [80, 0, 'resize(rows) must be a whole number from 1 to 10000, got 0'],
    [Number.NaN, 24, 'resize(cols) must be a whole number from 1 to 10000, got NaN'],
  ])('resize(%j, %j)', async (cols, rows, message) => {
    const error = await errorOf(() => cat.resize(cols, rows))
    expect(error).toBeInstanceOf(OptionError)
    expect(error.message).toBe(message)
  })

  test.each([Number.NaN, Number.POSITIVE_INFINITY, -5, 0, '5s', null])('timeout %j', async (timeout) => {
    for (const call of [
      () => cat.waitForText('x', { timeout: timeout as never }),
      () => cat.waitFor(() => true, { timeout: timeout as never }),
      () => cat.waitForExit({ timeout: timeout as never }),
      () => cat.waitForStable({ timeout: timeout as never }),
    ]) {
      const error = await errorOf(call)
      expect(error).toBeInstanceOf(OptionError)
      expect(error.message).toBe(`timeout must be a positive finite number of milliseconds, got ${typeof timeout === 'string' ? JSON.stringify(timeout) : String(timeout)}`)
    }
  })

  test('text that is not text', async () => {
    expect((await errorOf(() => cat.type(5 as never))).message).toBe('type(text) must be a string, got 5')
    expect((await errorOf(() => cat.submit(undefined as never))).message).toBe('submit(line) must be a string, got undefined')
    expect((await errorOf(() => cat.type('\ud800'))).message).toMatch(/type\(text\) holds a lone UTF-16 surrogate/)
    expect((await errorOf(() => cat.waitForText(7 as never))).message).toBe('pattern must be a string or a RegExp, got 7')
  })
})

describe('a session used after kill', () => {
  test('every operation is a SessionGoneError naming the session', async () => {
    const session = await server.spawn(['cat'], { name: 'killed-before-use' })
    await session.kill()
    const uses: [string, () => unknown][] = [
      ['type into', () => session.type('x')],
      ['press keys in', () => session.press('Enter')],
      ['submit to', () => session.submit('x')],
      ['paste into', () => session.paste('x')],
      ['read the screen of', () => session.screen()],
      ['read the cursor of', () => session.cursor()],
      ['wait on', () => session.waitForText('x')],
      ['wait on', () => session.waitForExit()],
      ['resize', () => session.resize(100, 30)],
      ['restart', () => session.restart()],
      ['keep', () => session.keep()],
    ]
    for (const [verb, use] of uses) {
      const error = await errorOf(use)
      expect(error).toBeInstanceOf(SessionGoneError)
      expect(error.message).toBe(`cannot ${verb} session killed-before-use: it was killed`)
    }
    await expect(session.isAlive()).resolves.toBe(false)
  })
})

describe('programs and tmux that are not there', () => {
  test.each([
    [['no-such-program-tmuxpect'], /cannot spawn "no-such-program-tmuxpect": not found on PATH/],
    [['./no/such/program', '--flag'], /cannot spawn "\.\/no\/such\/program": no such executable file/],
  ])('spawn(%j) is a ProgramNotFoundError naming the program', async (command, message) => {
    const error = await errorOf(() => server.spawn(command))
    expect(error).toBeInstanceOf(ProgramNotFoundError)
    expect(error.message).toMatch(message)
    expect((error as ProgramNotFoundError).program).toBe(command[0])
  })

  const fakeBin = mkdtempSync(join(tmpdir(), 'tmuxpect-fake-tmux-'))
  afterAll(() => rmSync(fakeBin, { recursive: true, force: true }))

  test('a file that is not executable is a ProgramNotFoundError', async () => {
    const notExecutable = join(fakeBin, 'notes.txt')
    writeFileSync(notExecutable, 'just text\n', { mode: 0o644 })
    const error = await errorOf(() => server.spawn([notExecutable]))
    expect(error).toBeInstanceOf(ProgramNotFoundError)
    expect(error.message).toBe(`cannot spawn ${JSON.stringify(notExecutable)}: no such executable file`)
  })

  /** TmuxServer.start() in a child node process with the given PATH. */
  async function startWithPath(path: string) {
    const result = await execa(process.execPath, ['--import', 'tsx', join(FIXTURES, 'tmux-check', 'start.ts')], {
      cwd: REPO_ROOT,
      env: { PATH: path, HOME: process.env.HOME ?? '/root', TMUX_TMPDIR: tmuxTmpdir },
      extendEnv: false,
    })
    return JSON.parse(String(result.stdout).trim().split('\n').pop()!) as { started: boolean; name?: string; message?: string; found?: string }
  }

  test('tmux missing from PATH is a TmuxNotFoundError', async () => {
    const empty = join(fakeBin, 'empty')
    mkdirSync(empty)
    const outcome = await startWithPath(empty)
    expect(outcome).toMatchObject({ started: false, name: 'TmuxNotFoundError' })
    expect(outcome.message).toMatch(/^tmux was not found on PATH: tmuxpect drives programs through tmux 3\.3 or newer/)
  })

  test('a tmux older than 3.3 is a TmuxVersionError naming both versions', async () => {
    const old = join(fakeBin, 'old')
    mkdirSync(old)
    writeFileSync(join(old, 'tmux'), '#!/bin/sh\necho "tmux 2.9"\n')
    chmodSync(join(old, 'tmux'), 0o755)
    const outcome = await startWithPath(`${old}:/usr/bin:/bin`)
    expect(outcome).toMatchObject({ started: false, name: 'TmuxVersionError', found: '2.9' })
    expect(outcome.message).toMatch(/^tmux 2\.9 is too old: tmuxpect needs tmux 3\.3 or newer \(docs\/compatibility\.md\)\. /)
    // How to get a newer one, where the old ones are.
    expect(outcome.message).toContain('Ubuntu 22.04 (3.2a)')
    expect(outcome.message).toContain('TMUXPECT_TMUX')
  })

  // Without a UTF-8 locale tmux prints a tab in a format as "_", and tmuxpect
  // reads tab-separated replies: the clients run with -u (docs/tmux-quirks.md).
  test('a host with no UTF-8 locale at all still works', async () => {
    const noUtf8 = join(fakeBin, 'no-utf8')
    mkdirSync(noUtf8)
    writeFileSync(join(noUtf8, 'locale'), '#!/bin/sh\nprintf "C\\nPOSIX\\n"\n')
    chmodSync(join(noUtf8, 'locale'), 0o755)
    await expect(startWithPath(`${noUtf8}:${process.env.PATH!}`)).resolves.toEqual({ started: true, sessions: ['check'], timersLeft: 0 })
  })

  test('the real tmux on PATH starts, and nothing keeps the process alive after kill()', async () => {
    await expect(startWithPath(process.env.PATH!)).resolves.toEqual({ started: true, sessions: ['check'], timersLeft: 0 })
  })
})

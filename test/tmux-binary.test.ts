/**
 * Choosing the tmux binary: `TmuxServer.start({ tmux })`, `configure({ tmux })`
 * (the fixture's server) and TMUXPECT_TMUX (also for `npx tmuxpect`); a
 * binary that is not there, not tmux or too old is an error naming it.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterEach, describe, expect, test } from 'vitest'
import { OptionError, TmuxNotFoundError, TmuxServer, TmuxVersionError, configure } from 'tmuxpect'
import { REPO_ROOT, makeTmuxTmpdir, removeTree } from './hardening/census.js'
import { tmuxBinary, usePrivateTmux } from './hardening/private-tmux.js'

const harness = usePrivateTmux()
const scratch = makeTmuxTmpdir()
const CLI = join(REPO_ROOT, 'src', 'cli.ts')
afterEach(() => {
  delete process.env.TMUXPECT_TMUX
  if (saved !== undefined) process.env.TMUXPECT_TMUX = saved
})
const saved = process.env.TMUXPECT_TMUX

/** An executable script in the scratch folder. */
function script(name: string, body: string): string {
  const path = join(scratch, name)
  writeFileSync(path, `#!/bin/sh\n${body}\n`)
  chmodSync(path, 0o755)
  return path
}

/** A tmux that notes each of its runs in a log, then is the suite's own tmux. */
function loggingTmux(name: string): { path: string; runs: () => string[] } {
  const log = join(scratch, `${name}.log`)
  writeFileSync(log, '')
  const path = script(name, `echo "$*" >> '${log}'\nexec '${tmuxBinary() === 'tmux' ? 'tmux' : tmuxBinary()}' "$@"`)
  return { path, runs: () => readFileSync(log, 'utf8').split('\n').filter(Boolean) }
}

async function errorOf(call: () => Promise<unknown>): Promise<Error> {
  try {
    await call()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected an error')
}

describe('the tmux binary', () => {
  test('start({ tmux }) runs that binary: the server, its control client, and the attach line name it', async () => {
    const tmux = loggingTmux('tmux-start-option')
    const server = await TmuxServer.start({ tmux: tmux.path })
    harness.cleanups.push(() => server.kill())
    const session = await server.spawn(['sh', '-c', 'echo hello; exec cat'])
    await session.waitForText('hello')
    expect(server.tmux).toBe(tmux.path)
    // The version the running server reports (#{version}), the same `tmux -V` says.
    expect(server.tmuxVersion).toBe(execFileSync(tmuxBinary(), ['-V'], { encoding: 'utf8' }).trim().replace(/^tmux /, ''))
    expect(tmux.runs()).toEqual(['-V', expect.stringMatching(/^-u -L tmuxpect-\d+-\w+ -f \/dev\/null -C new-session /)])
    expect(session.attachCommand()).toBe(`${tmux.path} -L ${server.socket} attach -r -t =${session.name}`)
    // Another handle on the same server, with the same binary.
    const handle = await TmuxServer.connect(server.socket, { tmux: tmux.path })
    expect(handle.tmux).toBe(tmux.path)
    expect((await handle.sessions()).map((each) => each.name)).toEqual([session.name])
    await handle.close()
    expect(tmux.runs().at(-1)).toMatch(/ -C attach-session -t =__tmuxpect$/)
  })

  test('TMUXPECT_TMUX chooses the binary of servers started without the option', async () => {
    const tmux = loggingTmux('tmux-env')
    process.env.TMUXPECT_TMUX = tmux.path
    const server = await TmuxServer.start()
    harness.cleanups.push(() => server.kill())
    expect(server.tmux).toBe(tmux.path)
    expect(tmux.runs()).toContainEqual(expect.stringContaining(' -C new-session '))
  })

  test('a path that is not there, not executable or not tmux is a TmuxNotFoundError naming it and where it came from', async () => {
    process.env.TMUXPECT_TMUX = join(scratch, 'no-such-tmux')
    const missing = await errorOf(() => TmuxServer.start())
    expect(missing).toBeInstanceOf(TmuxNotFoundError)
    expect(missing.message).toMatch(new RegExp(`^TMUXPECT_TMUX=${process.env.TMUXPECT_TMUX}: \\S+ does not exist; `))

    const notExecutable = join(scratch, 'plain-file')
    writeFileSync(notExecutable, 'tmux 3.8\n')
    const denied = await errorOf(() => TmuxServer.start({ tmux: notExecutable }))
    expect(denied).toBeInstanceOf(TmuxNotFoundError)
    expect(denied.message).toMatch(/^the tmux option ".*plain-file": .*plain-file is not executable/)

    const notTmux = await errorOf(() => TmuxServer.start({ tmux: '/bin/echo' }))
    expect(notTmux).toBeInstanceOf(TmuxNotFoundError)
    expect(notTmux.message).toBe('the tmux option "/bin/echo": /bin/echo is not tmux (`/bin/echo -V` said "-V")')

    await expect(TmuxServer.start({ tmux: 42 as unknown as string })).rejects.toThrow(OptionError)
  })

  test('a binary older than the minimum is refused with the version found, the minimum and how to get a newer one', async () => {
    const old = script('tmux-3.1c', 'echo "tmux 3.1c"')
    const error = await errorOf(() => TmuxServer.start({ tmux: old }))
    expect(error).toBeInstanceOf(TmuxVersionError)
    expect(error).toMatchObject({ found: '3.1c', required: '3.3' })
    expect(error.message).toMatch(new RegExp(`^tmux 3\\.1c \\(${old}\\) is too old: tmuxpect needs tmux 3\\.3 or newer`))
    expect(error.message).toContain('Ubuntu 22.04 (3.2a)')
    expect(error.message).toContain('brew install tmux')
  })

  test('npx tmuxpect honours TMUXPECT_TMUX, and names a bad one', async () => {
    const tmux = loggingTmux('tmux-cli')
    const env = { TMUX_TMPDIR: harness.tmuxTmpdir, TMUXPECT_TMUX: tmux.path }
    const ok = await execa(process.execPath, ['--import', 'tsx', CLI, 'ls'], { cwd: REPO_ROOT, reject: false, env })
    expect(ok.exitCode).toBe(0)
    expect(tmux.runs()[0]).toBe('-V')
    const bad = await execa(process.execPath, ['--import', 'tsx', CLI, 'ls'], {
      cwd: REPO_ROOT,
      reject: false,
      env: { ...env, TMUXPECT_TMUX: '/nowhere/tmux' },
    })
    expect(bad.exitCode).toBe(1)
    expect(bad.stderr).toContain('tmuxpect: TMUXPECT_TMUX=/nowhere/tmux: /nowhere/tmux does not exist')
  })

  test('configure({ tmux }) (what the fixture starts with) wins over TMUXPECT_TMUX; start({ tmux }) over both', async () => {
    const configured = loggingTmux('tmux-configured')
    const option = loggingTmux('tmux-option')
    process.env.TMUXPECT_TMUX = '/nowhere/tmux'
    configure({ tmux: configured.path })
    try {
      const server = await TmuxServer.start()
      harness.cleanups.push(() => server.kill())
      expect(server.tmux).toBe(configured.path)
      const other = await TmuxServer.start({ tmux: option.path })
      harness.cleanups.push(() => other.kill())
      expect(other.tmux).toBe(option.path)
    } finally {
      // configure() has no "unset": this test comes last in the file (files run isolated).
      configure({ tmux: tmuxBinary() })
    }
    expect(() => configure({ tmux: '' })).toThrow(OptionError)
  })
})

describe('cleanup', () => {
  test('the scratch folder goes', () => {
    removeTree(scratch)
  })
})

/**
 * The command channel's pitfalls (DESIGN.md), each with a test that fails
 * without its handling, on real programs in real tmux.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import pWaitFor from 'p-wait-for'
import { afterAll, describe } from 'vitest'
import { needsDrainPipe } from '../src/drain-pipe.js'
import { tmuxCli } from './hardening/private-tmux.js'
import { test, expect } from 'tmuxpect/vitest'
import {
  ProgramExitedError,
  ProgramNotFoundError,
  ProgramNotRunningError,
  Screen,
  SessionGoneError,
  WaitTimeoutError,
} from 'tmuxpect'

const scratch = mkdtempSync(join(tmpdir(), 'tmuxpect-engine-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('the control channel', () => {
  test('the first command gets its own reply, not the attach block', async ({ tmux }) => {
    // readServerInfo is the first command after the profile: a reply shifted by
    // the attach block would leave the PID unreadable.
    const comm = readFileSync(`/proc/${tmux.server.serverPid}/comm`, 'utf8').trim()
    expect(comm).toBe('tmux: server')
  })

  test('arguments holding ; $ ~ # { } quotes and newlines reach the program literally', async ({ tmux }) => {
    const tricky = `a;b $HOME ~ #c {d} 'e' "f" \\g`
    const session = await tmux.spawn(['printf', '[%s]\\n', tricky, 'one\ntwo'])
    await expect(session).toHaveExited({ code: 0 })
    const screen = await session.screen()
    expect(screen.lines.slice(0, 3)).toEqual([`[${tricky}]`, '[one', 'two]'])
  })

  test('environment values keep $ and newlines', async ({ tmux }) => {
    const session = await tmux.spawn(['sh', '-c', 'printf "<%s>" "$TRICKY"'], { env: { TRICKY: 'x$HOME\ny;z' } })
    await expect(session).toHaveExited({ code: 0 })
    await expect(session).toShowOnScreen('<x$HOME\ny;z>')
  })

  test('a single-element argv runs the program itself, with no shell', async ({ tmux }) => {
    const directory = join(scratch, 'sp ace')
    mkdirSync(directory, { recursive: true })
    const program = join(directory, 'prog')
    writeFileSync(program, '#!/bin/sh\necho "ran from a path with a space"\n')
    chmodSync(program, 0o755)
    const session = await tmux.spawn([program])
    await expect(session).toHaveExited({ code: 0 })
    await expect(session).toShowOnScreen('ran from a path with a space')
    // tmux would hand a lone argument to the shell, which would expand it
    await expect(tmux.spawn(['echo $HOME'])).rejects.toThrow(ProgramNotFoundError)
  })

  test('a missing program is an error naming it', async ({ tmux }) => {
    await expect(tmux.spawn(['no-such-program-xyz', '--flag'])).rejects.toThrow(
      /cannot spawn "no-such-program-xyz": not found on PATH/,
    )
  })

  test("%output reaches the session: its window is linked into the control client's session", async ({ tmux }) => {
    const cat = await tmux.spawn(['cat'])
    const before = cat.outputCount
    await cat.submit('hello')
    await expect(cat).toShowOnScreen(/^hello$/m)
    expect(cat.outputCount).toBeGreaterThan(before)
  })

  test('a program flooding output never stalls: the control client is always drained', async ({ tmux }) => {
    const flood = await tmux.spawn(['sh', '-c', 'seq 1 200000; echo FLOOD-DONE; exec cat'])
    await expect(flood).toShowOnScreen('FLOOD-DONE', { timeout: 20_000 })
    await expect(flood).toShowOnScreen(/^200000$/m)
  })

  test('no global window-size manual: sessions can still be made after a resize', async ({ tmux }) => {
    const first = await tmux.spawn(['cat'])
    await first.resize(100, 30)
    const second = await tmux.spawn(['cat'], { cols: 60, rows: 10 })
    await second.submit('alive')
    await expect(second).toShowOnScreen('alive')
    expect((await first.screen()).cols).toBe(100)
    expect((await second.screen()).rows).toBe(10)
    expect(await tmux.server.command('show-options -gwv window-size')).toEqual(['latest'])
  })
})

describe('finished programs (tmux 3.3a)', () => {
  test("a finished program's first line is on its final screen, not in history", async ({ tmux }) => {
    const session = await tmux.spawn('echo one && echo two')
    await expect(session).toHaveExited({ code: 0 })
    const screen = await session.screen()
    expect(screen.lines.slice(0, 2)).toEqual(['one', 'two'])
    expect(screen.text).toBe('one\ntwo')
    expect(screen.lines).toHaveLength(24)
    expect(screen.text).not.toContain('Pane is dead')
  })

  test('an exit status that tmux failed to reap is read anyway', async ({ tmux }) => {
    // vim quitting right after start is the measured case: without the
    // run-shell nudge, some of these end with no status at all.
    for (let round = 0; round < 8; round++) {
      const vim = await tmux.spawn(['vim', '-u', 'NONE', '-i', 'NONE', '-N', '-c', 'cq 7'])
      await expect(vim).toHaveExited({ code: 7 })
      await vim.kill()
    }
  })

  test('a signal is reported by name', async ({ tmux }) => {
    const session = await tmux.spawn(['sh', '-c', 'kill -TERM $$'])
    expect(await session.waitForExit()).toEqual({ code: null, signal: 'SIGTERM' })
  })

  test('a wait on a program that dies ends at once with its status and last screen', async ({ tmux }) => {
    // Repeated: tmux 3.3a sometimes misses the exit and never draws its
    // "Pane is dead" line, so the screen alone cannot tell (measured: about
    // 1 run in 5 here without the dead-pane query in the safety poll).
    for (let round = 0; round < 10; round++) {
      const session = await tmux.spawn(['sh', '-c', 'echo going away; read line; exit 4'])
      await expect(session).toShowOnScreen('going away')
      const waiting = session.waitForText('never printed', { timeout: 60_000 })
      await session.submit('')
      const error = await waiting.catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(ProgramExitedError)
      expect((error as ProgramExitedError).exit).toEqual({ code: 4, signal: null })
      expect((error as ProgramExitedError).screen?.text).toContain('going away')
      expect((error as ProgramExitedError).message).toMatch(/the program exited with code 4/)
      await session.kill()
    }
  })

  test('text a program printed just before exiting still satisfies a wait', async ({ tmux }) => {
    const session = await tmux.spawn(['sh', '-c', 'echo the-last-words'])
    await expect(session).toShowOnScreen('the-last-words')
  })

  test('a program that floods and exits keeps its last lines (tmux drains the pane before closing it)', async ({ tmux }) => {
    // Without a pipe on the pane, tmux 3.3a closed it at the exit while its
    // pty still held the tail of the output: 10 runs of 10 ended mid-stream.
    const session = await tmux.spawn(['seq', '1', '200000'])
    await expect(session).toHaveExited({ code: 0 })
    expect((await session.screen()).lines.filter(Boolean).at(-1)).toBe('200000')
  })

  test('the pane is piped to a sink where tmux needs it to drain (before 3.7), after a restart too', async ({ tmux }) => {
    const session = await tmux.spawn(['sh', '-c', 'echo up; exec cat'])
    await expect(session).toShowOnScreen('up')
    const piped = needsDrainPipe(tmux.server.tmuxVersion) ? '1' : '0'
    const pipeOf = () => tmuxCli(tmux.server.socket, 'display-message', '-p', '-t', session.paneId, '#{pane_pipe}').trim()
    expect(pipeOf()).toBe(piped)
    await session.restart()
    await expect(session).toShowOnScreen('up')
    expect(pipeOf()).toBe(piped)
  })

  test("the pipe's reader: a quiet pane's stays cat-cheap, a busy pane's sleeps between reads, and both end with their pane", async ({ tmux }) => {
    const { server } = tmux
    /** The server's descendants that read a drain pipe: the first reads' dd (and its shells), or perl. */
    const readers = () => {
      const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
        .split('\n')
        .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
        .filter((match) => match !== null)
        .map(([, pid, ppid, args]) => ({ pid: Number(pid), ppid: Number(ppid), args: args! }))
      const below = new Set([server.serverPid])
      for (let grew = true; grew; ) {
        grew = false
        for (const row of table) if (below.has(row.ppid) && !below.has(row.pid)) below.add(row.pid), (grew = true)
      }
      return table.filter((row) => below.has(row.pid) && /^(dd bs=|perl -e|sh -c r=)/.test(row.args)).map((row) => row.args)
    }
    const quiet = await tmux.spawn(['sh', '-c', 'echo quiet; exec sleep 30'], { name: 'quiet-reader' })
    const busy = await tmux.spawn(['sh', '-c', 'for i in $(seq 1 60); do echo line$i; sleep 0.002; done; echo busy-done; exec sleep 30'], { name: 'busy-reader' })
    await expect(quiet).toShowOnScreen('quiet')
    await expect(busy).toShowOnScreen('busy-done')
    if (needsDrainPipe(server.tmuxVersion)) {
      // the busy pane's first 32 outputs were read by dd; then perl took over
      await pWaitFor(() => readers().some((args) => args.startsWith('perl -e')), { interval: 10, timeout: 5000 })
      expect(readers().filter((args) => args.startsWith('perl -e'))).toHaveLength(1)
      expect(readers().filter((args) => args.startsWith('dd bs='))).toHaveLength(1)
    } else {
      expect(readers()).toEqual([])
    }
    await quiet.kill()
    await busy.kill()
    // the sleeping reader notices the end of its pipe within its 50 ms nap
    await pWaitFor(() => readers().length === 0, { interval: 10, timeout: 2000 })
  })

  test('input to a finished program is an error that says how it ended', async ({ tmux }) => {
    const session = await tmux.spawn(['sh', '-c', 'exit 3'])
    await session.waitForExit()
    await expect(session.type('x')).rejects.toThrow(ProgramNotRunningError)
    await expect(session.press('Enter')).rejects.toThrow(/its program exited with code 3/)
  })

  test('input to a program that died unseen (no wait saw it) is refused, not lost', async ({ tmux }) => {
    const session = await tmux.spawn(['sh', '-c', 'echo BYE; exit 4'])
    await session.waitForText('BYE') // ends on the text: nothing has looked at the exit yet
    await pWaitFor(() => !existsSync(`/proc/${session.panePid}/stat`) || /\) [ZX] /.test(readFileSync(`/proc/${session.panePid}/stat`, 'utf8')), {
      interval: 1,
      timeout: 5000,
    })
    await expect(session.type('x')).rejects.toThrow(/cannot type into session .*: its program exited with code 4/)
  })
})

describe('input', () => {
  test('type is byte-exact for text tmux or a shell would read as syntax', async ({ tmux }) => {
    const file = join(scratch, 'typed.txt')
    const session = await tmux.spawn(['sh', '-c', `stty raw -echo; head -c 64 > '${file}'; echo STORED`])
    const text = `-x; #{pane_id} $HOME ~ 'q' "d" \\ {b} %1 日本 👍🏽 é\t;`
    const bytes = Buffer.from(text, 'utf8')
    await session.type(text + 'z'.repeat(64 - bytes.length))
    await expect(session).toShowOnScreen('STORED')
    expect(readFileSync(file, 'utf8')).toBe(text + 'z'.repeat(64 - bytes.length))
  })

  test('press sends named keys; an unknown name is refused before anything is sent', async ({ tmux }) => {
    const readUntilReturn = [
      'import os, tty',
      'tty.setraw(0)',
      'print("READY", end="\\r\\n", flush=True)',
      'data = b""',
      'while not data.endswith(b"\\r"): data += os.read(0, 64)',
      'print("got", repr(data))',
    ].join('\n')
    const session = await tmux.spawn(['python3', '-c', readUntilReturn])
    await expect(session).toShowOnScreen('READY')
    await expect(session.press('Up', 'Ener')).rejects.toThrow(/unknown key "Ener"/)
    await session.press('Escape', 'Tab', 'C-a', 'M-x', 'Enter')
    // exactly these bytes: the refused call sent nothing (no Up before them)
    await expect(session).toShowOnScreen(`got b'\\x1b\\t\\x01\\x1bx\\r'`)
  })

  test('press waits for a busy program to read again: a Ctrl-D between two reads is not lost', async ({ tmux }) => {
    // The program answers, stays busy for 60 ms in line mode (as a REPL does
    // between printing a result and reading the next line), then reads one
    // key in raw mode. A Ctrl-D that arrived while it was busy would have
    // been stored as end-of-file and read back as a NUL byte ("GOT 0").
    const program = [
      'import os, termios, time',
      'print("BUSY", flush=True)',
      'end = time.monotonic() + 0.06',
      'while time.monotonic() < end: pass',
      'attrs = termios.tcgetattr(0)',
      'attrs[3] &= ~(termios.ICANON | termios.ECHO)',
      'termios.tcsetattr(0, termios.TCSANOW, attrs)',
      'print("GOT", os.read(0, 1)[0], flush=True)',
    ].join('\n')
    const session = await tmux.spawn(['python3', '-c', program])
    await expect(session).toShowOnScreen('BUSY')
    await session.press('C-d')
    await expect(session).toShowOnScreen(/^GOT \d+$/m)
    expect((await session.screen()).text).toMatch(/^GOT 4$/m)
  })

  test('paste wraps text in bracketed-paste markers when the program asks for them', async ({ tmux }) => {
    const session = await tmux.spawn(['sh', '-c', 'printf "\\033[?2004h"; stty raw -echo; echo READY; cat -v'])
    await expect(session).toShowOnScreen('READY')
    await session.paste('one\ntwo')
    await expect(session).toShowOnScreen('^[[200~one^Mtwo^[[201~')
  })
})

describe('reading and waiting', () => {
  test('screen() gives rows, cursor and size; wide characters take two columns', async ({ tmux }) => {
    const session = await tmux.spawn(['sh', '-c', 'printf "日本語"; exec cat'], { cols: 40, rows: 5 })
    await expect(session).toShowOnScreen('日本語')
    const screen = await session.screen()
    expect(screen).toBeInstanceOf(Screen)
    expect([screen.cols, screen.rows]).toEqual([40, 5])
    expect(screen.lines).toHaveLength(5)
    expect(screen.cursor).toEqual({ x: 6, y: 0, visible: true })
    expect(await session.cursor()).toEqual({ x: 6, y: 0, visible: true })
    await expect(session).toHaveCursorAt(6, 0)
  })

  test('a string pattern matches across a soft-wrapped line', async ({ tmux }) => {
    const session = await tmux.spawn(['sh', '-c', 'printf "%s" abcdefghijklmnopqrstuvwxyz; exec cat'], { cols: 10, rows: 5 })
    await expect(session).toShowOnScreen('abcdefghijklmnopqrstuvwxyz')
    expect((await session.screen()).lines.slice(0, 3)).toEqual(['abcdefghij', 'klmnopqrst', 'uvwxyz'])
  })

  test('scrollback holds what scrolled off the top', async ({ tmux }) => {
    const session = await tmux.spawn(['sh', '-c', 'seq 1 100; exec cat'])
    await expect(session).toShowOnScreen(/^100$/m)
    expect((await session.screen()).contains(/^1$/m)).toBe(false)
    const full = await session.screen({ scrollback: true })
    expect(full.contains(/^1$/m)).toBe(true)
    expect(full.lines.length).toBeGreaterThan(100)
  })

  test('waitFor takes a predicate over the screen', async ({ tmux }) => {
    const session = await tmux.spawn(['sh', '-c', 'for i in 1 2 3 4 5; do echo line$i; sleep 0.02; done; exec cat'])
    const screen = await session.waitFor((current) => current.lines.filter((line) => line.startsWith('line')).length === 5)
    expect(screen.lines[4]).toBe('line5')
  })

  test('waitForStable resolves once output stops', async ({ tmux }) => {
    const session = await tmux.spawn(['sh', '-c', 'for i in $(seq 1 15); do echo tick$i; sleep 0.01; done; exec cat'])
    const screen = await session.waitForStable({ quiet: 150 })
    expect(screen.contains('tick15')).toBe(true)
  })

  test('.not.toShowOnScreen waits until the text is gone', async ({ tmux }) => {
    const session = await tmux.spawn(['sh', '-c', 'echo BUSY; read x; clear; echo READY; exec cat'])
    await expect(session).toShowOnScreen('BUSY')
    await session.submit('')
    await expect(session).not.toShowOnScreen('BUSY')
    await expect(session).toShowOnScreen('READY')
  })

  test('a timeout is a WaitTimeoutError carrying the awaited text, the screen and the attach line', async ({ tmux }) => {
    const session = await tmux.spawn(['sh', '-c', 'echo some output; exec cat'])
    await session.submit('typed line')
    const error = (await session.waitForText('absent text', { timeout: 150 }).catch((caught: unknown) => caught)) as WaitTimeoutError
    expect(error).toBeInstanceOf(WaitTimeoutError)
    expect(error.awaited).toBe('text "absent text"')
    expect(error.timeoutMs).toBe(150)
    expect(error.elapsedMs).toBeGreaterThanOrEqual(150)
    expect(error.screen?.text).toContain('some output')
    expect(error.attachCommand).toBe(`${tmux.server.tmux} -L ${tmux.server.socket} attach -r -t =${session.name}`)
    expect(error.message).toContain(error.attachCommand)
    expect(error.message).toContain('│some output')
    expect(error.message).toContain('submit "typed line"')
    // the stack points at this file, not at the polling loop
    expect(error.stack?.split('\n').find((line) => /^\s+at /.test(line))).toContain('engine.test.ts')
  })

  test("a failed wait's stack reaches the test through helpers, three deep", async ({ tmux }) => {
    const session = await tmux.spawn(['sh', '-c', 'echo ready; exec cat'])
    const waitForLogin = () => session.waitForText('logged in', { timeout: 100 })
    const login = () => waitForLogin()
    const setUp = () => login()
    const error = (await setUp().catch((caught: unknown) => caught)) as Error
    const frames = error.stack!.split('\n').filter((line) => /^\s+at /.test(line))
    expect(frames.slice(0, 3).join('\n')).toMatch(/waitForLogin[\s\S]*login[\s\S]*setUp/)
    // the test's own line, where setUp() was called
    const line = new Error().stack!.split('\n')[1]!.match(/engine\.test\.ts:(\d+)/)![1]
    expect(frames[3]).toContain(`engine.test.ts:${Number(line) - 4}:`)
  })
})

describe('lifecycle', () => {
  test('kill is idempotent and a killed session is a clear error', async ({ tmux }) => {
    const session = await tmux.spawn(['cat'])
    await Promise.all([session.kill(), session.kill()])
    await session.kill()
    expect(await session.isAlive()).toBe(false)
    await expect(session.type('x')).rejects.toThrow(SessionGoneError)
    await expect(session.screen()).rejects.toThrow(new RegExp(`session ${session.name}: it was killed`))
    expect((await tmux.server.sessions()).map((each) => each.name)).not.toContain(session.name)
  })

  test('resize changes the terminal; the program sees it', async ({ tmux }) => {
    const session = await tmux.spawn(['sh', '-c', 'trap "stty size" WINCH; stty size; while :; do sleep 0.05; done'])
    await expect(session).toShowOnScreen('24 80')
    await session.resize(100, 30)
    await expect(session).toShowOnScreen('30 100')
  })
})

/**
 * Sessions that outlive a test: attach-or-create (also raced by several
 * processes at once), clean restart after a crash, sessions kept on purpose
 * past their creator's exit, and operations on dead sessions failing at once
 * with errors that say what happened.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { execa, type ResultPromise } from 'execa'
import pWaitFor from 'p-wait-for'
import { beforeAll, describe, expect, test } from 'vitest'
import {
  ProgramExitedError,
  ProgramNotRunningError,
  SessionExistsError,
  SessionGoneError,
  TmuxServer,
  reapStaleServers,
  type Session,
} from 'tmuxpect'
import 'tmuxpect/vitest'
import { FIXTURES, processRuns, removeTree, socketFiles } from './hardening/census.js'
import { tmuxBinary, tmuxCli, usePrivateTmux } from './hardening/private-tmux.js'

const harness = usePrivateTmux()
const { tmuxTmpdir, cleanups } = harness
let server: TmuxServer
beforeAll(() => {
  server = harness.server
})

/** tmux's own answer, through the CLI: what tmuxpect's handles think does not count here. */
function tmuxList(socket: string, ...args: string[]): string[] {
  return tmuxCli(socket, ...args).split('\n').filter(Boolean)
}

function runScript(script: string, args: string[]): ResultPromise<{ stdin: 'pipe'; stdout: 'pipe'; reject: false }> {
  return execa(process.execPath, ['--import', 'tsx', join(FIXTURES, 'persistent', script), ...args], {
    stdin: 'pipe',
    stdout: 'pipe',
    reject: false,
  })
}

/** Reads a child's stdout line by line. */
function lineReader(child: ResultPromise) {
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]()
  return async (): Promise<string> => {
    const next = await lines.next()
    if (next.done) throw new Error(`child ${child.pid} ended before printing the awaited line`)
    return next.value
  }
}

describe('attach-or-create', () => {
  test("spawn on a taken name: 'error' (the default) names the session, 'reuse' gives the running one, 'replace' a new one", async () => {
    const first = await server.spawn(['sh', '-c', 'echo "first instance"; exec cat'], { name: 'db-shell' })
    cleanups.push(async () => {
      for (const session of await server.sessions()) if (session.name === 'db-shell') await session.kill()
    })
    await expect(first).toShowOnScreen('first instance')

    const refused = await server.spawn(['cat'], { name: 'db-shell' }).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(SessionExistsError)
    expect((refused as SessionExistsError).sessionName).toBe('db-shell')
    expect((refused as Error).message).toContain(`a session named "db-shell" already runs on server ${server.socket}`)
    await expect(first).not.toHaveExited()

    const reused = await server.spawn(['sh', '-c', 'echo "second instance"; exec cat'], { name: 'db-shell', ifExists: 'reuse' })
    expect(reused).toBe(first)
    expect(await server.ensure('db-shell', ['cat'])).toBe(first)
    await expect(first).not.toShowOnScreen('second instance', { timeout: 300 })

    const replaced = await server.spawn(['sh', '-c', 'echo "third instance"; exec cat'], { name: 'db-shell', ifExists: 'replace' })
    expect(replaced).not.toBe(first)
    expect(replaced.name).toBe('db-shell')
    await expect(replaced).toShowOnScreen('third instance')
    expect(await first.isAlive()).toBe(false)
    expect(tmuxList(server.socket, 'list-sessions', '-F', '#{session_name}').filter((name) => name === 'db-shell')).toHaveLength(1)
  })

  test('several processes ensure the same name at once: one session, linked once, shared by all; only its creator ends it', async () => {
    const name = 'shared-repl'
    const workers = Array.from({ length: 6 }, () => runScript('ensure-worker.ts', [server.socket, name]))
    cleanups.push(() => workers.forEach((worker) => worker.kill('SIGKILL')))
    const readers = workers.map(lineReader)
    for (const read of readers) expect(await read()).toBe('ready')
    // All connected and waiting: let them race.
    for (const worker of workers) worker.stdin!.write('go\n')
    const results = await Promise.all(readers.map(async (read) => JSON.parse(await read()) as { pid: number; paneId?: string; error?: string }))

    expect(results.filter((result) => result.error)).toEqual([])
    const paneIds = new Set(results.map((result) => result.paneId))
    expect(paneIds.size).toBe(1)
    expect(tmuxList(server.socket, 'list-sessions', '-F', '#{session_name}').filter((each) => each === name)).toHaveLength(1)
    const [session] = (await server.sessions()).filter((each) => each.name === name)
    expect(session!.paneId).toBe([...paneIds][0])
    // One link into the control session: a second one would double every %output.
    const linked = tmuxList(server.socket, 'list-windows', '-t', '=__tmuxpect', '-F', '#{window_id}')
    expect(linked.filter((windowId) => windowId === session!.windowId)).toHaveLength(1)

    const creatorPid = Number(/started by (\d+)/.exec((await session!.waitForText(/started by \d+/)))![1])
    const creator = results.findIndex((result) => result.pid === creatorPid)
    expect(creator).not.toBe(-1)
    // The others let go of their handles: the session stays.
    await Promise.all(
      workers.map(async (worker, index) => {
        if (index === creator) return
        worker.stdin!.end()
        expect((await worker).exitCode).toBe(0)
      }),
    )
    await expect(session!).not.toHaveExited()
    await session!.submit('still here')
    await expect(session!).toShowOnScreen(/^still here\nstill here$/m)
    // The creator's close() ends it.
    workers[creator]!.stdin!.end()
    expect((await workers[creator]!).exitCode).toBe(0)
    expect(tmuxList(server.socket, 'list-sessions', '-F', '#{session_name}')).not.toContain(name)
    expect(await session!.isAlive()).toBe(false)
  })
  test('several processes find a session made outside tmuxpect at once: each adopts it, its window is linked once', async () => {
    const name = 'made-by-hand'
    tmuxList(server.socket, 'new-session', '-d', '-s', name, 'sh', '-c', 'echo "made by hand"; exec cat')
    cleanups.push(() => tmuxList(server.socket, 'kill-session', '-t', `=${name}`))
    const workers = Array.from({ length: 6 }, () => runScript('ensure-worker.ts', [server.socket, name]))
    cleanups.push(() => workers.forEach((worker) => worker.kill('SIGKILL')))
    const readers = workers.map(lineReader)
    for (const read of readers) expect(await read()).toBe('ready')
    for (const worker of workers) worker.stdin!.write('go\n')
    const results = await Promise.all(readers.map(async (read) => JSON.parse(await read()) as { paneId?: string; error?: string }))
    expect(results.filter((result) => result.error)).toEqual([])
    expect(new Set(results.map((result) => result.paneId)).size).toBe(1)
    const windowId = tmuxList(server.socket, 'display-message', '-p', '-t', `=${name}:`, '#{window_id}')[0]
    const linked = tmuxList(server.socket, 'list-windows', '-t', '=__tmuxpect', '-F', '#{window_id}')
    expect(linked.filter((each) => each === windowId)).toHaveLength(1)
    // None of them created it: closing every handle leaves it running.
    for (const worker of workers) worker.stdin!.end()
    for (const worker of workers) expect((await worker).exitCode).toBe(0)
    expect(tmuxList(server.socket, 'list-sessions', '-F', '#{session_name}')).toContain(name)
  })
})

describe('restart', () => {
  /** A program that counts its runs in a file in its cwd and fills the history. */
  const countingProgram = 'n=$(($(cat runs 2>/dev/null || echo 0) + 1)); echo $n > runs; seq 1 60 | sed "s/^/run $n line /"; echo "run $n ready, FLAVOUR=$FLAVOUR"; exec cat'

  test('restart runs the program again: same name, pane and attach line; fresh screen and empty history', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tmuxpect-restart-'))
    cleanups.push(() => removeTree(cwd))
    const session = await server.spawn(countingProgram, { cwd, env: { FLAVOUR: 'mint' } })
    cleanups.push(() => session.kill())
    await expect(session).toShowOnScreen('run 1 ready, FLAVOUR=mint')
    expect((await session.screen({ scrollback: true })).contains('run 1 line 1\n')).toBe(true)
    const { name, paneId } = session
    const attach = session.attachCommand()

    await session.restart()
    await expect(session).toShowOnScreen('run 2 ready, FLAVOUR=mint')
    expect([session.name, session.paneId, session.attachCommand()]).toEqual([name, paneId, attach])
    const everything = await session.screen({ scrollback: true })
    expect(everything.text).not.toContain('run 1')
    // 60 lines plus the ready line do not fit 24 rows: the history holds run 2's first lines only.
    expect(everything.lines[0]).toBe('run 2 line 1')
  })

  test('a crashed program is detected with its exit status, restarted, and work goes on', async () => {
    const py = await server.spawn(['python3', '-q'])
    cleanups.push(() => py.kill())
    await expect(py).toShowOnScreen('>>>')
    await py.submit('counter = 41')
    await py.submit('import os; os._exit(3)')
    await expect(py).toHaveExited({ code: 3 })

    const refused = await py.submit('counter + 1').catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(ProgramNotRunningError)
    expect((refused as Error).message).toBe(`cannot submit to session ${py.name}: its program exited with code 3`)

    await py.restart()
    await expect(py).not.toHaveExited()
    await expect(py).toShowOnScreen('>>>')
    expect((await py.screen()).text).not.toContain('os._exit')
    // A fresh interpreter: the old state is gone.
    await py.submit('counter')
    await expect(py).toShowOnScreen("NameError: name 'counter' is not defined")
    await py.submit('6 * 7')
    await expect(py).toShowOnScreen(/^42$/m)

    // Killed by a signal this time: detected as such, restarted again.
    await py.submit('import os, signal; os.kill(os.getpid(), signal.SIGKILL)')
    await expect(py).toHaveExited({ signal: 'SIGKILL' })
    await py.restart()
    await py.submit('7 * 6')
    await expect(py).toShowOnScreen(/^42$/m)
  })

  test('a session found again through another handle restarts with the cwd and env it was spawned with', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tmuxpect-restart-'))
    cleanups.push(() => removeTree(cwd))
    const original = await server.spawn(countingProgram, { name: 'counted', cwd, env: { FLAVOUR: 'lemon' } })
    cleanups.push(() => original.kill())
    await expect(original).toShowOnScreen('run 1 ready, FLAVOUR=lemon')

    const other = await TmuxServer.connect(server.socket)
    cleanups.push(() => other.close())
    const found = await other.ensure('counted', ['false'])
    expect(found.paneId).toBe(original.paneId)
    await found.restart()
    await expect(found).toShowOnScreen('run 2 ready, FLAVOUR=lemon')
    await expect(original).toShowOnScreen('run 2 ready, FLAVOUR=lemon')
  })
})

describe('sessions kept on purpose', () => {
  test.each(['exit', 'hold'] as const)(
    'a kept session outlives its creator (%s); connect + sessions() find it; the reaper spares it unless includeKept',
    async (how) => {
      const owner = runScript('keep-and-exit.ts', [how])
      cleanups.push(() => owner.kill('SIGKILL'))
      const { socket, socketPath, serverPid, attach } = JSON.parse(await lineReader(owner)()) as Record<string, string>
      cleanups.push(() => {
        tmuxList(socket!, 'kill-server')
        removeTree(socketPath!)
      })
      expect(attach).toBe(`${tmuxBinary()} -L ${socket} attach -r -t =kept`)
      if (how === 'hold') owner.kill('SIGKILL')
      expect((await owner).stderr).toContain(`tmuxpect: keeping session kept; watch it with:\n  ${attach}`)
      // The owner is gone; so is its control client (the dead-man switch would have fired now).
      await pWaitFor(() => tmuxList(socket!, 'list-clients', '-F', '#{client_pid}').length === 0, { interval: 20, timeout: 10_000 })

      const names = tmuxList(socket!, 'list-sessions', '-F', '#{session_name}')
      expect(names).toContain('kept')
      // The exit hook ends what was not kept; a SIGKILLed owner had no exit hook.
      if (how === 'exit') expect(names).not.toContain('throwaway')

      const handle = await TmuxServer.connect(socket!)
      const kept = (await handle.sessions()).find((session) => session.name === 'kept')
      expect(kept?.isKept).toBe(true)
      await expect(kept!).toShowOnScreen('kept session')
      await handle.close()
      expect(tmuxList(socket!, 'list-sessions', '-F', '#{session_name}')).toContain('kept')

      const spared = await reapStaleServers()
      expect(spared.keptServers).toContain(socket)
      expect(spared.reaped).not.toContain(socket)
      expect(tmuxList(socket!, 'list-sessions', '-F', '#{session_name}')).toContain('kept')

      const removed = await reapStaleServers({ includeKept: true })
      expect(removed.reaped).toContain(socket)
      expect(tmuxList(socket!, 'list-sessions')).toEqual([])
      expect(existsSync(socketPath!)).toBe(false)
      expect(socketFiles(tmuxTmpdir)).not.toContain(socket)
      await pWaitFor(() => !processRuns(Number(serverPid)), { interval: 20, timeout: 5000 })
    },
  )
})

describe('alive checks', () => {
  test('every operation on a program that exited fails at once, naming the session and its exit status', async () => {
    const session = await server.spawn(['sh', '-c', 'echo "about to fail"; read line; exit 5'])
    cleanups.push(() => session.kill())
    await expect(session).not.toHaveExited()
    await session.submit('go')
    await expect(session).toHaveExited({ code: 5 })
    await expect(expect(session).not.toHaveExited()).rejects.toThrow(/Expected: still running\nReceived: exited with code 5/)

    const because = `session ${session.name}: its program exited with code 5`
    const operations: [string, () => Promise<unknown>][] = [
      ['type into', () => session.type('x')],
      ['press keys in', () => session.press('Enter')],
      ['submit to', () => session.submit('x')],
      ['paste into', () => session.paste('x')],
    ]
    for (const [verb, operation] of operations) {
      const error = await operation().catch((caught: unknown) => caught)
      expect(error, verb).toBeInstanceOf(ProgramNotRunningError)
      expect((error as Error).message).toBe(`cannot ${verb} ${because}`)
      expect((error as ProgramNotRunningError).exit).toEqual({ code: 5, signal: null })
    }
    // A wait for text that will never come ends on the exit, not on its (long) timeout.
    const waited = await session.waitForText('never printed', { timeout: 600_000 }).catch((caught: unknown) => caught)
    expect(waited).toBeInstanceOf(ProgramExitedError)
    expect((waited as ProgramExitedError).exit).toEqual({ code: 5, signal: null })
    expect((waited as Error).message).toContain(session.name)
    // The last screen is still readable.
    expect((await session.screen()).contains('about to fail')).toBe(true)
  })

  test('every operation on a session killed from outside fails at once, naming the session and saying it was killed', async () => {
    const session: Session = await server.spawn(['cat'])
    cleanups.push(() => session.kill())
    await session.submit('hello')
    await expect(session).toShowOnScreen(/^hello\nhello$/m)
    const waiting = session.waitForText('never printed', { timeout: 600_000 }).catch((caught: unknown) => caught)
    execFileSync(tmuxBinary(), ['-L', server.socket, 'kill-session', '-t', `=${session.name}`])

    const ended = await waiting
    expect(ended).toBeInstanceOf(SessionGoneError)
    expect((ended as Error).message).toContain(`session ${session.name}`)
    expect((ended as Error).message).toContain('killed from outside tmuxpect')
    for (const operation of [() => session.submit('x'), () => session.screen(), () => session.restart(), () => session.resize(100, 30)]) {
      const error = await operation().catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(SessionGoneError)
      expect((error as SessionGoneError).sessionName).toBe(session.name)
      expect((error as Error).message).toMatch(new RegExp(`^cannot \\w+ .*session ${session.name}: its session was killed from outside tmuxpect$`))
    }
    expect(await session.isAlive()).toBe(false)
    await expect(expect(session).not.toHaveExited()).rejects.toThrow(/Received: gone \(its session was killed from outside tmuxpect\)/)
    // kill-session leaves the window running in the control session: tmuxpect ends it without being asked.
    await pWaitFor(() => !processRuns(session.panePid), { interval: 20, timeout: 10_000 })
    expect(tmuxList(server.socket, 'list-windows', '-a', '-F', '#{window_id}')).not.toContain(session.windowId)
  })
})

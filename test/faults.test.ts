/**
 * Faults from outside and from the programs under test: the server or its
 * control client killed mid-wait, programs that exit at once, ignore
 * SIGHUP/SIGTERM or flood output at teardown, and sessions killed twice.
 * Each ends in a clear error or a clean end, with nothing left running.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import pWaitFor from 'p-wait-for'
import { afterAll, describe, expect, test as plainTest } from 'vitest'
import { test } from 'tmuxpect/vitest'
import {
  ProgramExitedError,
  ServerGoneError,
  SessionGoneError,
  TmuxServer,
} from 'tmuxpect'
import { MARKER_VARIABLE, newMarker, processRuns, processesWithEnvironment } from './hardening/census.js'

const marker = newMarker()
const env = { [MARKER_VARIABLE]: marker }
const stubborn = 'trap "" HUP TERM; echo stubborn; while :; do sleep 1; done'
const markedPrograms = () => processesWithEnvironment(MARKER_VARIABLE, marker)

afterAll(async () => {
  // Every fault above must have ended in a clean state (the fixture's own
  // worker server is still up, so only our marked programs are counted here).
  await pWaitFor(() => markedPrograms().length === 0, { interval: 25, timeout: 5000 }).catch(() => undefined)
  expect(markedPrograms()).toEqual([])
})

/** Our child tmux process for a socket: the control client. */
function controlClientPid(socket: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8')
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')
      if (new RegExp(`^PPid:\\s+${process.pid}$`, 'm').test(status) && cmdline[0] === 'tmux' && cmdline.includes(socket)) return Number(entry)
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`no control client for ${socket} among this process's children`)
}

async function expectServerFullyGone(server: TmuxServer): Promise<void> {
  const gone = () => !processRuns(server.serverPid) && !existsSync(server.socketPath)
  await pWaitFor(gone, { interval: 20, timeout: 5000 }).catch(() => undefined)
  expect(processRuns(server.serverPid)).toBe(false)
  expect(existsSync(server.socketPath)).toBe(false)
}

describe('the server or its control client dies during a wait', () => {
  let killedSocket: string | undefined

  test('the tmux server killed from outside: the wait ends with an error naming the server', async ({ tmux }) => {
    const session = await tmux.spawn(['cat'], { env })
    await session.submit('ready')
    await session.waitForText('ready')
    killedSocket = tmux.server.socket
    const waiting = session.waitForText('never shown', { timeout: 20_000 })
    const started = performance.now()
    process.kill(tmux.server.serverPid, 'SIGKILL')
    const error = await waiting.then(() => undefined, (caught: unknown) => caught)
    const firstLine = String((error as Error).message).split('\n')[0]
    console.log(`server killed from outside: the wait failed after ${Math.round(performance.now() - started)} ms with ${(error as Error).name}: ${firstLine}`)
    expect(error).toBeInstanceOf(ServerGoneError)
    expect((error as ServerGoneError).socket).toBe(killedSocket)
    expect((error as Error).message).toContain(killedSocket)
    await expect(session.type('x')).rejects.toThrow(killedSocket)
    await expectServerFullyGone(tmux.server)
  })

  test('the next test gets a fresh server', async ({ tmux }) => {
    expect(killedSocket).toBeDefined()
    expect(tmux.server.socket).not.toBe(killedSocket)
    const session = await tmux.spawn(['cat'], { env })
    await session.submit('fresh')
    await session.waitForText('fresh')
  })

  plainTest('the control client killed: the wait ends with an error naming the server, and the server goes', async () => {
    const server = await TmuxServer.start()
    const session = await server.spawn(['cat'], { env })
    const stubbornSession = await server.spawn(stubborn, { env })
    await stubbornSession.waitForText('stubborn')
    const waiting = session.waitForText('never shown', { timeout: 20_000 })
    process.kill(controlClientPid(server.socket), 'SIGKILL')
    const error = await waiting.then(() => undefined, (caught: unknown) => caught)
    expect(error).toBeInstanceOf(ServerGoneError)
    expect((error as Error).message).toContain(server.socket)
    await expect(server.spawn(['cat'])).rejects.toBeInstanceOf(ServerGoneError)
    await expectServerFullyGone(server)
    // The program that ignores SIGHUP is ended by PID all the same.
    await pWaitFor(() => !processRuns(stubbornSession.panePid), { interval: 20, timeout: 5000 }).catch(() => undefined)
    expect(processRuns(stubbornSession.panePid)).toBe(false)
    await server.kill()
  })
})

describe('programs that end early or will not end', () => {
  const stubbornPids: number[] = []
  const floodPids: number[] = []

  test('a program that exits at once, before drawing anything', async ({ tmux }) => {
    const quiet = await tmux.spawn(['true'], { env })
    await expect(quiet.waitForExit()).resolves.toEqual({ code: 0, signal: null })
    const failing = await tmux.spawn(['sh', '-c', 'exit 5'], { env })
    const error = await failing.waitForText('prompt').then(() => undefined, (caught: unknown) => caught)
    expect(error).toBeInstanceOf(ProgramExitedError)
    expect((error as ProgramExitedError).exit).toEqual({ code: 5, signal: null })
    expect((error as Error).message).toContain('exited with code 5')
  })

  test('a program that exits right after its only line keeps that line readable', async ({ tmux }) => {
    const session = await tmux.spawn(['sh', '-c', 'echo said-and-gone'], { env })
    await expect(session.waitForExit()).resolves.toEqual({ code: 0, signal: null })
    expect((await session.screen()).contains('said-and-gone')).toBe(true)
  })

  test('a program that ignores SIGHUP and SIGTERM is ended by kill()', async ({ tmux }) => {
    const session = await tmux.spawn(stubborn, { env })
    await session.waitForText('stubborn')
    const pid = session.panePid
    await session.kill()
    expect(processRuns(pid)).toBe(false)
    expect(markedPrograms()).toEqual([])
  })

  // kill() waits for the program's own process group alone (no /proc scan);
  // a job in a process group of its own is found by the sweep that follows.
  // Without /proc (ps) a session is its leader's descendants, and a job the
  // ended leader left behind is beyond that (docs/performance.md, kill()).
  const withProc = process.env.TMUXPECT_NO_PROC !== '1'
  const jobInOwnGroup = `set -m; (trap "" HUP TERM; exec sleep 1000) & echo "job $!"; exec cat`
  const jobPid = async (session: Awaited<ReturnType<TmuxServer['spawn']>>) => Number(/job (\d+)/.exec(await session.waitForText(/job \d+/))![1])

  test.skipIf(!withProc)('a background job in a process group of its own, ignoring SIGHUP and SIGTERM, is ended after kill()', async ({ tmux }) => {
    const session = await tmux.spawn(jobInOwnGroup, { env })
    const job = await jobPid(session)
    expect(processRuns(job)).toBe(true)
    await session.kill()
    expect(processRuns(session.panePid)).toBe(false)
    await pWaitFor(() => !processRuns(job), { interval: 20, timeout: 5000 }).catch(() => undefined)
    expect(processRuns(job)).toBe(false)
  })

  plainTest.skipIf(!withProc)('…and is gone when server.kill() resolves, without waiting for the sweep', async () => {
    const server = await TmuxServer.start()
    const session = await server.spawn(jobInOwnGroup, { env })
    const job = await jobPid(session)
    await session.kill()
    await server.kill()
    expect(processRuns(job)).toBe(false)
  })

  test('a stubborn program left to teardown is ended too', async ({ tmux }) => {
    const session = await tmux.spawn(stubborn, { env })
    await session.waitForText('stubborn')
    stubbornPids.push(session.panePid)
  })

  test('…and is gone when the next test starts', () => {
    expect(stubbornPids).toHaveLength(1)
    expect(processRuns(stubbornPids[0]!)).toBe(false)
  })

  test('a program flooding output while its test ends', async ({ tmux }) => {
    const flood = await tmux.spawn(['yes', 'flood-flood-flood'], { env })
    await flood.waitForText('flood-flood-flood')
    // The control client is drained: another session still answers during the flood.
    const echo = await tmux.spawn(['cat'], { env })
    await echo.submit('still answering')
    await echo.waitForText('still answering')
    floodPids.push(flood.panePid)
  })

  test('…and is gone when the next test starts', () => {
    expect(floodPids).toHaveLength(1)
    expect(processRuns(floodPids[0]!)).toBe(false)
  })
})

describe('a session killed twice', () => {
  test('kill() twice, at once and after, is harmless', async ({ tmux }) => {
    const session = await tmux.spawn(['cat'], { env })
    const neighbour = await tmux.spawn(['cat'], { env })
    await Promise.all([session.kill(), session.kill()])
    await session.kill()
    await expect(session.isAlive()).resolves.toBe(false)
    await expect(session.type('x')).rejects.toBeInstanceOf(SessionGoneError)
    await neighbour.submit('unharmed')
    await neighbour.waitForText('unharmed')
  })

  test('killed from outside, then by kill(): a clear error in between, no error from kill()', async ({ tmux }) => {
    const session = await tmux.spawn(['cat'], { env })
    execFileSync('tmux', ['-L', tmux.server.socket, 'kill-session', '-t', `=${session.name}`])
    await pWaitFor(async () => !(await session.isAlive()), { interval: 20, timeout: 5000 })
    const error = await session.type('x').then(() => undefined, (caught: unknown) => caught)
    expect(error).toBeInstanceOf(SessionGoneError)
    expect((error as Error).message).toContain(session.name)
    await session.kill()
    await session.kill()
    expect(processRuns(session.panePid)).toBe(false)
  })
})

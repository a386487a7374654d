/**
 * Process questions (src/processes.ts, src/foreground.ts) answered the same
 * from /proc and from `ps` (TMUXPECT_NO_PROC=1, the path macOS takes): a
 * zombie is not alive, a pane's background job is in its session, a
 * process that inherited a variable is found by it, a busy foreground
 * program is told from one waiting for input.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createInterface } from 'node:readline'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, expect, test } from 'vitest'
import { FIXTURES, REPO_ROOT } from './hardening/census.js'
import { usePrivateTmux } from './hardening/private-tmux.js'

const harness = usePrivateTmux()
const children: ChildProcess[] = []
afterAll(() => {
  for (const child of children) child.kill('SIGKILL')
})

/** Start `sh -c script` in a new session (detached: setsid); resolves with its PID and the first line it prints. */
async function start(script: string, env: Record<string, string> = {}): Promise<{ pid: number; line: string }> {
  const child = spawn('sh', ['-c', script], { detached: true, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, ...env } })
  children.push(child)
  const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve))
  return { pid: child.pid!, line: first }
}

/** The probe's environment: ours, with TMUXPECT_NO_PROC set or removed (the whole suite also runs with it set). */
function probeEnvironment(proc: boolean): NodeJS.ProcessEnv {
  const { TMUXPECT_NO_PROC: _ignored, ...rest } = process.env
  return proc ? rest : { ...rest, TMUXPECT_NO_PROC: '1' }
}

test.each(['/proc', 'ps (TMUXPECT_NO_PROC=1)'])('process questions answered from %s', async (how) => {
  // A zombie: the exec'd sleep never reaps the child the shell started.
  const zombieParent = await start('sleep 0 & echo $!; exec sleep 1000')
  const zombie = Number(zombieParent.line)
  // A session leader with a background job, and a process found by a variable it inherited.
  const marker = `TMUXPECT_PROBE_${randomBytes(4).toString('hex')}`
  const leader = await start('sleep 1001 & echo $!; exec sleep 1002', { [marker]: '1' })
  const job = Number(leader.line)
  const busy = await harness.server.spawn(['sh', '-c', 'while :; do :; done'])
  const idle = await harness.server.spawn(['cat'])
  harness.cleanups.push(() => busy.kill(), () => idle.kill())
  const answer = await execa(process.execPath, ['--import', 'tsx', join(FIXTURES, 'processes', 'probe.ts'), JSON.stringify({
    alive: [zombieParent.pid, zombie, 2 ** 22 + 1],
    session: leader.pid,
    variable: `${marker}=1`,
    busy: busy.panePid,
    idle: idle.panePid,
  })], { cwd: REPO_ROOT, env: probeEnvironment(how === '/proc'), extendEnv: false })
  expect(JSON.parse(answer.stdout)).toEqual({
    proc: how === '/proc',
    alive: [true, false, false],
    session: [leader.pid, job].sort((a, b) => a - b),
    variable: expect.arrayContaining([leader.pid, job]),
    busy: true,
    idle: false,
  })
})

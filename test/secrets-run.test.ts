/**
 * Secrets never reach the results (issue 22), checked as a user would meet
 * it: a nested vitest run whose failing tests type a password marked
 * `{ secret: true }` into a no-echo prompt (python's getpass), list a token
 * the program prints in `tmux.secrets(…)`, and pass an API key in `env`.
 * None of the three values is in the run's output or in any file under the
 * results folder; the masked steps are still there as steps. The same run
 * without the marks shows the values, so the check can fail.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { TmuxServer, TmuxCommandError } from 'tmuxpect'
import { expectNothingLeft, makeTmuxTmpdir, nestedEnvironment, newMarker, removeTree, runNestedVitest } from './hardening/census.js'
import { MASK } from '../src/secrets.js'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** Values unlike anything else in a run's output; a fresh set per run. */
function secretValues() {
  const tag = Math.random().toString(36).slice(2, 8)
  return { typed: `Pw-typed-${tag}-x9`, printed: `tok_printed_${tag}_q7`, inEnv: `key-in-env-${tag}-z3` }
}

/** Every file under `folder`, with its content. */
function filesUnder(folder: string): { path: string; content: string }[] {
  const files: { path: string; content: string }[] = []
  const walk = (directory: string) => {
    for (const name of readdirSync(directory)) {
      const path = join(directory, name)
      if (statSync(path).isDirectory()) walk(path)
      else files.push({ path, content: readFileSync(path, 'utf8') })
    }
  }
  walk(folder)
  return files
}

async function runLogin(marked: boolean) {
  const tmuxTmpdir = makeTmuxTmpdir()
  const marker = newMarker()
  cleanups.push(() => removeTree(tmuxTmpdir))
  const secrets = secretValues()
  const resultsDir = join(tmuxTmpdir, 'tmuxpect-results')
  const env = nestedEnvironment(tmuxTmpdir, marker, {
    TMUXPECT_RESULTS_DIR: resultsDir,
    SECRET_TYPED: secrets.typed,
    SECRET_PRINTED: secrets.printed,
    SECRET_ENV: secrets.inEnv,
    SECRETS_MARKED: marked ? '1' : '0',
    // python starts slowly on a loaded machine; the failing waits have their own short timeout
    TMUXPECT_TIMEOUT: '15000',
  })
  const run = await runNestedVitest('secrets', [], env)
  await expectNothingLeft(tmuxTmpdir, marker)
  return { run, output: String(run.all), files: filesUnder(resultsDir), secrets }
}

describe('a failing run that typed, showed and passed secrets', () => {
  test('marked: no secret in the output or in any file written; the masked steps still show as steps', async () => {
    const { run, output, files, secrets } = await runLogin(true)
    expect(run.exitCode).toBe(1)
    expect(output).toMatch(/2 failed/)
    // The failure stories are there (so the secrets would have been in them)...
    expect(output).toContain('Expected: "welcome"')
    expect(output).toContain('password of')
    expect(output).toContain(`your token: ${MASK}`)
    // ...with the typed password as a step, masked.
    expect(output).toContain(`submit ${MASK}`)
    expect(files.map((file) => file.path).filter((path) => path.endsWith('.cast'))).toHaveLength(2)
    const cast = files.find((file) => file.path.endsWith('.cast'))!.content
    expect(cast).toContain(`"i", "${MASK}\\r"`)
    expect(cast).toContain(`your token: ${MASK}`)
    const screen = files.find((file) => file.path.endsWith('.txt'))!.content
    expect(screen).toContain(`your token: ${MASK}`)
    for (const value of Object.values(secrets)) {
      expect(output).not.toContain(value)
      for (const file of files) expect(file.content, file.path).not.toContain(value)
    }
  }, 120_000)

  test('not marked: the same run shows the typed password and the printed token (the check above can fail)', async () => {
    const { run, output, files, secrets } = await runLogin(false)
    expect(run.exitCode).toBe(1)
    expect(output).toContain(`submit ${JSON.stringify(secrets.typed)}`)
    expect(output).toContain(`your token: ${secrets.printed}`)
    const written = files.map((file) => file.content).join('\n')
    expect(written).toContain(secrets.typed)
    expect(written).toContain(secrets.printed)
    // env values are never printed, marked or not
    expect(output).not.toContain(secrets.inEnv)
    expect(written).not.toContain(secrets.inEnv)
  }, 120_000)
})

describe('the engine', () => {
  test("spawn's secrets are masked in the recording and the evidence screen; the program still prints them", async () => {
    const server = await TmuxServer.start()
    cleanups.push(() => server.kill())
    const session = await server.spawn(['sh', '-c', 'echo "id: $0"; read line', 'sess-3f9a-token'], { secrets: ['sess-3f9a-token'] })
    await session.waitForText('id: sess-3f9a-token')
    expect((await session.evidenceScreen())!.text).toContain(`id: ${MASK}`)
    expect(session.asciicast()).not.toContain('sess-3f9a-token')
    expect(session.asciicast()).toContain(`id: ${MASK}`)
    expect(session.summary().program).toBe(`sh -c 'echo "id: $0"; read line' ${MASK}`)
    // a screenshot is a file someone keeps: masked too (the SVG carries the text and its cell data)
    const svg = await session.screenshot()
    expect(svg).not.toContain('sess-3f9a-token')
    expect(svg).toContain('•')
  })

  test("a command tmux refuses is reported without spawn's env values", async () => {
    const server = await TmuxServer.start()
    cleanups.push(() => server.kill())
    const refused = await server.command("new-session -d -t 'no-such-session' -e 'API_KEY=key-f00d' -- true").catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(TmuxCommandError)
    const error = refused as TmuxCommandError
    expect(error.message).toContain(`-e API_KEY=${MASK}`)
    expect(error.message).not.toContain('key-f00d')
    expect(error.command).not.toContain('key-f00d')
  })
})

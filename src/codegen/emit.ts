/**
 * Steps → the text of a test file, for vitest (the `tmux` fixture) or Jest
 * (a TmuxServer per file, the matchers registered by a setup file). This is
 * the one place where codegen's output text is put together: anything that
 * must change what is written (masking a secret, say) belongs here.
 */
import { isUtf8Bytes } from './decode.js'
import type { Step } from './plan.js'
import { splitAtSecrets } from '../secrets.js'
import { STYLE_KEYS, type StyleExpectation } from '../styles.js'

export type Target = 'vitest' | 'jest'

export interface TestSource {
  /** The test's title. */
  name: string
  /** The command as the user gave it: an argv, or one string run by `sh -c`. */
  command: string | readonly string[]
  cols: number
  rows: number
  target: Target
  steps: readonly Step[]
  /** `--secret NAME`: values the test names as `process.env.NAME` (secrets.ts cuts them out), never spells. */
  secrets?: readonly { name: string; value: string }[]
}

const APP = 'app'

export function renderTest(source: TestSource): string {
  const secrets = source.secrets ?? []
  // The vitest test is TypeScript (`!`: the variable is set when it runs); Jest's is plain JavaScript.
  const envCode = (name: string) => `process.env.${name}${source.target === 'jest' ? '' : '!'}`
  const string = (text: string) => stringCode(text, secrets, envCode)
  const command = typeof source.command === 'string' ? string(source.command) : `[${source.command.map(string).join(', ')}]`
  const listed = secrets.length ? `, secrets: [${secrets.map(({ name }) => envCode(name)).join(', ')}]` : ''
  const spawnOptions = `{ cols: ${source.cols}, rows: ${source.rows}${listed} }`
  const body = source.steps.map((step) => '  ' + renderStep(step, string)).join('\n')
  if (source.target === 'jest') {
    return [
      '// Recorded by `tmuxpect codegen`. The matchers come from a Jest setup file: see tmuxpect\'s README, "Jest".',
      "import { afterAll, beforeAll, expect, test } from '@jest/globals'",
      "import { TmuxServer } from 'tmuxpect'",
      '',
      'let server',
      'beforeAll(async () => {',
      '  server = await TmuxServer.start()',
      '})',
      'afterAll(() => server.kill())',
      '',
      `test(${literal(source.name)}, async () => {`,
      `  const ${APP} = await server.spawn(${command}, ${spawnOptions})`,
      body,
      '})',
      '',
    ].join('\n')
  }
  return [
    "import { test, expect } from 'tmuxpect/vitest'",
    '',
    `test(${literal(source.name)}, async ({ tmux }) => {`,
    `  const ${APP} = await tmux.spawn(${command}, ${spawnOptions})`,
    body,
    '})',
    '',
  ].join('\n')
}

/** A string as code: a literal, or with `--secret` values as `process.env.NAME` (input then gets `{ secret: true }`). */
type StringCode = (text: string) => string

function renderStep(step: Step, string: StringCode): string {
  const input = (method: string, text: string) => {
    const code = string(text)
    return `await ${APP}.${method}(${code}${code.includes('process.env.') ? ', { secret: true }' : ''})`
  }
  switch (step.kind) {
    case 'show':
      return `await expect(${APP}).toShowOnScreen(${string(step.text)}${'style' in step ? `, ${styleCode(step.style)}` : ''})`
    case 'gone':
      return `await expect(${APP}).not.toShowOnScreen(${string(step.text)})`
    case 'type':
      return step.text === ' ' ? `await ${APP}.press('Space')` : input('type', step.text)
    case 'submit':
      return input('submit', step.text)
    case 'press':
      return `await ${APP}.press(${step.keys.map(literal).join(', ')})`
    case 'paste':
      return input('paste', step.text)
    case 'click':
      return `await ${APP}.click(${step.x}, ${step.y})`
    case 'mouse': {
      const { action, button, x, y, modifiers } = step.event
      const extra = modifiers.length ? `, modifiers: [${modifiers.map(literal).join(', ')}]` : ''
      const which = button ? `, button: ${literal(button)}` : ''
      return `await ${APP}.mouse({ action: ${literal(action)}${which}, x: ${x}, y: ${y}${extra} })`
    }
    case 'raw': {
      const hex = [...step.bytes].map((byte) => byte.toString(16).padStart(2, '0')).join(' ')
      if (isUtf8Bytes(step.bytes)) return `${input('type', step.bytes.toString('utf8'))} // not a key tmux names: the bytes as they came (${hex})`
      return `// tmuxpect codegen: input bytes ${hex} are not UTF-8 text and no key or mouse report; type() cannot send them`
    }
    case 'exit': {
      const { code, signal } = step.status
      return `await expect(${APP}).toHaveExited(${signal ? `{ signal: ${literal(signal)} }` : `{ code: ${code} }`})`
    }
  }
}

/** A style expectation as an object literal: `{ inverse: true }`, `{ fg: 'cyan' }`, `{ bg: 208 }`. */
function styleCode(style: StyleExpectation): string {
  const entries = STYLE_KEYS.filter((key) => style[key] !== undefined).map((key) => {
    const value = style[key]!
    return `${key}: ${typeof value === 'string' ? literal(value) : String(value)}`
  })
  return `{ ${entries.join(', ')} }`
}

/** `text` as a string expression: literals, and `process.env.NAME!` where a secret's value was. */
function stringCode(text: string, secrets: readonly { name: string; value: string }[], envCode: (name: string) => string): string {
  if (secrets.length === 0) return literal(text)
  const pieces = splitAtSecrets(text, secrets.map(({ value }) => value))
  if (pieces.length === 0) return literal(text)
  return pieces.map((piece) => (typeof piece === 'number' ? envCode(secrets[piece]!.name) : literal(piece))).join(' + ')
}

/** A single-quoted JavaScript string literal; control and invisible characters escaped. */
export function literal(text: string): string {
  let out = "'"
  for (const character of text) {
    const code = character.codePointAt(0)!
    if (character === "'") out += "\\'"
    else if (character === '\\') out += '\\\\'
    else if (character === '\n') out += '\\n'
    else if (character === '\r') out += '\\r'
    else if (character === '\t') out += '\\t'
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += '\\x' + code.toString(16).padStart(2, '0')
    else if (code === 0x2028 || code === 0x2029 || code === 0xfeff) out += '\\u' + code.toString(16)
    else out += character
  }
  return out + "'"
}

/**
 * Steps → the text of a test file, for vitest (the `tmux` fixture) or Jest
 * (a TmuxServer per file, the matchers registered by a setup file). This is
 * the one place where codegen's output text is put together: anything that
 * must change what is written (masking a secret, say) belongs here.
 */
import { isUtf8Bytes } from './decode.js'
import type { Step } from './plan.js'

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
}

const APP = 'app'

export function renderTest(source: TestSource): string {
  const command = typeof source.command === 'string' ? literal(source.command) : `[${source.command.map(literal).join(', ')}]`
  const spawnOptions = `{ cols: ${source.cols}, rows: ${source.rows} }`
  const body = source.steps.map((step) => '  ' + renderStep(step)).join('\n')
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

function renderStep(step: Step): string {
  switch (step.kind) {
    case 'show':
      return `await expect(${APP}).toShowOnScreen(${literal(step.text)})`
    case 'gone':
      return `await expect(${APP}).not.toShowOnScreen(${literal(step.text)})`
    case 'type':
      return step.text === ' ' ? `await ${APP}.press('Space')` : `await ${APP}.type(${literal(step.text)})`
    case 'submit':
      return `await ${APP}.submit(${literal(step.text)})`
    case 'press':
      return `await ${APP}.press(${step.keys.map(literal).join(', ')})`
    case 'paste':
      return `await ${APP}.paste(${literal(step.text)})`
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
      if (isUtf8Bytes(step.bytes)) return `await ${APP}.type(${literal(step.bytes.toString('utf8'))}) // not a key tmux names: the bytes as they came (${hex})`
      return `// tmuxpect codegen: input bytes ${hex} are not UTF-8 text and no key or mouse report; type() cannot send them`
    }
    case 'exit': {
      const { code, signal } = step.status
      return `await expect(${APP}).toHaveExited(${signal ? `{ signal: ${literal(signal)} }` : `{ code: ${code} }`})`
    }
  }
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

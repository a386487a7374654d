// A @clack/prompts project wizard: text, select, multiselect, a spinner
// that runs until the work is done. Ctrl-C at any prompt cancels with a
// message and exit code 130.
// Run: npx tsx examples/apps/clack.ts <ready-file>
// (the "install" step finishes when <ready-file> exists, so a test decides
// when the work is done instead of guessing how long it takes)
import { existsSync } from 'node:fs'
import { setTimeout as delay } from 'node:timers/promises'
import { cancel, intro, isCancel, multiselect, outro, select, spinner, text } from '@clack/prompts'

const readyFile = process.argv[2]

function orCancel<T>(answer: T): Exclude<T, symbol> {
  if (isCancel(answer)) {
    cancel('Setup cancelled.')
    process.exit(130)
  }
  return answer as Exclude<T, symbol>
}

intro('create-app')
const name = orCancel(
  await text({
    message: 'Project name?',
    placeholder: 'my-app',
    validate: (value) => (value && /^[a-z][a-z0-9-]*$/.test(value) ? undefined : 'Use lower case letters, digits and -'),
  }),
)
const language = orCancel(
  await select({
    message: 'Language?',
    options: [
      { value: 'ts', label: 'TypeScript' },
      { value: 'js', label: 'JavaScript' },
    ],
  }),
)
const tools = orCancel(
  await multiselect({
    message: 'Tools?',
    options: [
      { value: 'vitest', label: 'vitest' },
      { value: 'eslint', label: 'ESLint' },
      { value: 'prettier', label: 'Prettier' },
    ],
    required: false,
  }),
)
const install = spinner()
install.start('Installing dependencies')
while (readyFile && !existsSync(readyFile)) await delay(50)
install.stop('Dependencies installed')
outro(`Created ${name} (${language}) with ${tools.length > 0 ? tools.join(', ') : 'no tools'}`)

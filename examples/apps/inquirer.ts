// An @inquirer/prompts questionnaire: select, checkbox, password, input with
// validation, confirm; prints the answers as JSON. Exit codes: 0 when
// confirmed, 1 when not, 130 on Ctrl-C.
// Run: npx tsx examples/apps/inquirer.ts
import { checkbox, confirm, input, password, select } from '@inquirer/prompts'

try {
  const framework = await select({
    message: 'Framework',
    choices: [
      { name: 'Ink', value: 'ink' },
      { name: 'Inquirer', value: 'inquirer' },
      { name: 'Clack', value: 'clack' },
    ],
  })
  const features = await checkbox({
    message: 'Features',
    choices: [
      { name: 'TypeScript', value: 'typescript' },
      { name: 'ESLint', value: 'eslint' },
      { name: 'Tests', value: 'tests' },
    ],
  })
  const token = await password({ message: 'API token', mask: false })
  const port = await input({
    message: 'Port',
    default: '3000',
    validate: (value) => (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 65535) || 'Enter a port between 1 and 65535',
  })
  const ok = await confirm({ message: 'Create the project?' })
  console.log(JSON.stringify({ framework, features, tokenLength: token.length, port: Number(port), ok }))
  process.exitCode = ok ? 0 : 1
} catch (error) {
  if (error instanceof Error && error.name === 'ExitPromptError') {
    console.log('Cancelled.')
    process.exitCode = 130
  } else {
    throw error
  }
}

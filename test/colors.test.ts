/**
 * The `colors` option: the colour level a program is told about, with
 * TERM, COLORTERM, NO_COLOR and FORCE_COLOR set together; what real colour
 * libraries then choose, and that tmux keeps a 24-bit colour exactly.
 */
import { describe, expect as plainExpect, test as unitTest } from 'vitest'
import { test, expect } from 'tmuxpect/vitest'
import { COLOR_NAMES, configure, OptionError } from 'tmuxpect'
import { colorEnvironment, withColors } from '../src/colors.js'
import { prepareSpawn } from '../src/spawn-request.js'
import { hostProfile } from '../src/profile.js'

const terminal = hostProfile().terminal
// The variables as the program sees them, one line, then nothing more.
const SHOW_ENV = `echo "TERM=$TERM COLORTERM=\${COLORTERM-unset} NO_COLOR=\${NO_COLOR-unset} FORCE_COLOR=\${FORCE_COLOR-unset}"; exec sleep 600`
// chalk (what Ink draws with) says which level it chose, then draws one word in an RGB colour.
const CHALK = [
  process.execPath,
  '--input-type=module',
  '-e',
  "import chalk from 'chalk'; console.log('level ' + chalk.level); console.log(chalk.hex('#ff8800')('brand')); setTimeout(() => {}, 600_000)",
]
const CHALK_CWD = new URL('../node_modules/ink/', import.meta.url).pathname

describe('colour levels: the variables set together', () => {
  unitTest('each level and the variables it sets', () => {
    plainExpect(colorEnvironment('truecolor', 'tmux-256color')).toEqual({ TERM: 'tmux-256color', COLORTERM: 'truecolor' })
    plainExpect(colorEnvironment(256, 'tmux-256color')).toEqual({ TERM: 'tmux-256color' })
    plainExpect(colorEnvironment(16, 'tmux-256color')).toEqual({ TERM: 'screen' })
    plainExpect(colorEnvironment(false, 'screen-256color')).toEqual({ TERM: 'screen-256color', NO_COLOR: '1', FORCE_COLOR: '0' })
  })

  unitTest("the user's env is kept beside them; an env that sets a colour variable takes over", () => {
    plainExpect(withColors({ A: '1' }, undefined, 'truecolor', 't')).toEqual({ TERM: 't', COLORTERM: 'truecolor', A: '1' })
    plainExpect(withColors({ A: '1' }, 16, 'truecolor', 't')).toEqual({ TERM: 'screen', A: '1' })
    plainExpect(withColors({ TERM: 'xterm-256color' }, undefined, 'truecolor', 't')).toEqual({ TERM: 'xterm-256color' })
    plainExpect(() => withColors({ NO_COLOR: '1', TERM: 'x' }, 'truecolor', 'truecolor', 't')).toThrow(
      "env sets TERM and NO_COLOR and colors is 'truecolor': give one of them (colors sets TERM, COLORTERM, NO_COLOR and FORCE_COLOR together)",
    )
  })

  unitTest('a bad level is an OptionError naming the levels, from spawn and from configure', () => {
    plainExpect(() => prepareSpawn(['cat'], { colors: 'true' as never })).toThrow(OptionError)
    plainExpect(() => prepareSpawn(['cat'], { colors: 24 as never })).toThrow("colors must be 'truecolor', 256, 16 or false, got 24")
    plainExpect(() => configure({ colors: true as never })).toThrow("colors must be 'truecolor', 256, 16 or false, got true")
  })

  unitTest('a TERM of its own is set, a COLORTERM not asked for removed, by env before the program (tmux sets both over new-session -e)', () => {
    plainExpect(prepareSpawn(['cat'], { colors: 16 }).argv).toEqual(['env', '-u', 'COLORTERM', '--', 'TERM=screen', 'cat'])
    plainExpect(prepareSpawn(['cat'], { colors: 256 }).argv).toEqual(['env', '-u', 'COLORTERM', '--', 'cat'])
    plainExpect(prepareSpawn('echo hi', { env: { TERM: 'xterm' } }).argv).toEqual(['env', '-u', 'COLORTERM', '--', 'TERM=xterm', '/bin/sh', '-c', 'echo hi'])
    plainExpect(prepareSpawn(['cat', '-v']).argv).toEqual(['cat', '-v'])
  })

  unitTest('configure({ colors }) changes the default a spawn gets; a spawn still says its own', () => {
    try {
      configure({ colors: 256 })
      plainExpect(prepareSpawn(['cat']).env).toEqual({ TERM: terminal })
      plainExpect(prepareSpawn(['cat'], { colors: false }).env).toMatchObject({ NO_COLOR: '1' })
    } finally {
      configure({ colors: 'truecolor' })
    }
    plainExpect(prepareSpawn(['cat']).env).toEqual({ TERM: terminal, COLORTERM: 'truecolor' })
  })
})

describe('what the program sees', () => {
  test('by default: truecolor (COLORTERM=truecolor, the 256-colour TERM)', async ({ tmux }) => {
    const shell = await tmux.spawn(SHOW_ENV)
    await expect(shell).toShowOnScreen(`TERM=${terminal} COLORTERM=truecolor NO_COLOR=unset FORCE_COLOR=unset`)
  })
})

describe.each([
  [256, `TERM=${terminal} COLORTERM=unset NO_COLOR=unset FORCE_COLOR=unset`],
  [16, 'TERM=screen COLORTERM=unset NO_COLOR=unset FORCE_COLOR=unset'],
  [false, `TERM=${terminal} COLORTERM=unset NO_COLOR=1 FORCE_COLOR=0`],
] as const)('colors: %s', (colors, shown) => {
  test('the variables', async ({ tmux }) => {
    const shell = await tmux.spawn(SHOW_ENV, { colors })
    await expect(shell).toShowOnScreen(shown)
  })
})

describe('what a colour library draws, kept exactly by tmux', () => {
  test("truecolor: chalk's level 3, and the brand colour is the exact RGB on screen", async ({ tmux }) => {
    const app = await tmux.spawn(CHALK, { cwd: CHALK_CWD })
    await expect(app).toShowOnScreen('level 3', { timeout: 30_000 })
    await expect(app).toShowOnScreen('brand', { fg: '#ff8800' })
  })

  test('256: the nearest colour of the 256', async ({ tmux }) => {
    const app = await tmux.spawn(CHALK, { cwd: CHALK_CWD, colors: 256 })
    await expect(app).toShowOnScreen('level 2\nbrand', { timeout: 30_000 })
    const screen = await app.screen({ styles: true })
    const [found] = screen.find('brand')
    plainExpect(typeof screen.cellAt(found!.x, found!.y)?.style.fg).toBe('number')
  })

  test('16: one of the 16 named colours', async ({ tmux }) => {
    const app = await tmux.spawn(CHALK, { cwd: CHALK_CWD, colors: 16 })
    await expect(app).toShowOnScreen('level 1\nbrand', { timeout: 30_000 })
    const screen = await app.screen({ styles: true })
    const [found] = screen.find('brand')
    plainExpect(screen.cellAt(found!.x, found!.y)?.style.fg).toBeOneOf([...COLOR_NAMES])
  })

  test('false: no colour at all (chalk reads FORCE_COLOR=0; NO_COLOR is set for the rest)', async ({ tmux }) => {
    const app = await tmux.spawn(CHALK, { cwd: CHALK_CWD, colors: false })
    await expect(app).toShowOnScreen('level 0', { timeout: 30_000 })
    await expect(app).toShowOnScreen('brand', { fg: 'default' })
  })
})

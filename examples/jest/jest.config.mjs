// Jest, without vitest: tmuxpect's matchers on Jest's own `expect`.
// Run from the repository root: `node --experimental-vm-modules node_modules/jest/bin/jest.js --config examples/jest/jest.config.mjs`
// (Jest runs ES modules behind that Node flag). In your own project the
// package is installed and `tmuxpect` resolves by itself; here the names point
// at this repository's build (TMUXPECT_DIST, default ../../dist).
import { fileURLToPath } from 'node:url'

const dist = process.env.TMUXPECT_DIST ?? fileURLToPath(new URL('../../dist', import.meta.url))

export default {
  rootDir: fileURLToPath(new URL('.', import.meta.url)),
  testMatch: ['<rootDir>/*.test.js'],
  transform: {},
  moduleNameMapper: {
    '^tmuxpect$': `${dist}/src/index.js`,
    '^tmuxpect/matchers$': `${dist}/matchers/index.js`,
  },
  setupFilesAfterEnv: ['<rootDir>/setup.js'],
  testTimeout: 20_000,
}

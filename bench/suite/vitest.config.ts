// The whole-suite benchmark (bench/suite.ts): one vitest run of the same
// short tests, written with tmuxpect's fixture or with the raw control
// client; TMUXPECT_SUITE (tmuxpect | raw) picks which files run.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url))

export default defineConfig({
  resolve: {
    alias: [
      { find: /^tmuxpect\/vitest$/, replacement: repo('matchers/vitest.ts') },
      { find: /^tmuxpect$/, replacement: repo('src/index.ts') },
    ],
  },
  test: {
    include: [`${process.env.TMUXPECT_SUITE === 'raw' ? 'raw' : 'tmuxpect'}-*.suite.ts`],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})

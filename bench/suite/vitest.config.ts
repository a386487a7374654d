// The whole-suite benchmark (bench/suite.ts): one vitest run of the same
// short tests, written with tmuxpect's fixture or with the raw control
// client; TMUXPECT_SUITE (tmuxpect | raw) picks which files run.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url))
// The built package, run by Node as a dependency in node_modules would be
// (not transformed by vite), unless TMUXPECT_BENCH_SOURCE=src (bench/engine.ts).
const fromSource = process.env.TMUXPECT_BENCH_SOURCE === 'src'

export default defineConfig({
  resolve: {
    alias: [
      { find: /^tmuxpect\/vitest$/, replacement: repo(fromSource ? 'matchers/vitest.ts' : 'dist/matchers/vitest.js') },
      { find: /^tmuxpect$/, replacement: repo(fromSource ? 'src/index.ts' : 'dist/src/index.js') },
    ],
  },
  test: {
    server: { deps: { external: fromSource ? [] : [/\/dist\/(src|matchers)\//] } },
    include: [`${process.env.TMUXPECT_SUITE === 'raw' ? 'raw' : 'tmuxpect'}-*.suite.ts`],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})

import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  resolve: {
    // Tests and examples import the package by name, as users do; here the
    // names point at the sources, so no build is needed to run them.
    alias: [
      { find: /^tmuxpect\/vitest$/, replacement: here('./matchers/vitest.ts') },
      { find: /^tmuxpect\/matchers$/, replacement: here('./matchers/index.ts') },
      { find: /^tmuxpect$/, replacement: here('./src/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})

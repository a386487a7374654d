// The scratch projects of .ci/compat: this folder is copied into a fresh
// project that installs the packed tmuxpect tarball, as a user would.
// COMPAT_FAILING=1 runs the deliberately failing file instead.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: [process.env.COMPAT_FAILING ? '*.failing.ts' : '*.compat.ts'],
    testTimeout: 20_000,
  },
})

/**
 * `tmuxpect/vitest`: vitest's `test` with the `tmux` fixture, and `expect`
 * with tmuxpect's matchers and the Screen snapshot serializer registered.
 *
 *   import { test, expect } from 'tmuxpect/vitest'
 */
import { expect } from 'vitest'
import { matchers, screenSerializer, type TmuxpectMatchers } from './matchers.js'

expect.extend(matchers)
expect.addSnapshotSerializer(screenSerializer)

export { expect }
export { test, type TmuxFixture } from '../src/fixture.js'
export { matchers, screenSerializer }

declare module 'vitest' {
  // Augmenting Assertion works for vitest 4 (Matchers<T>) and 5 (Matchers<R, T>) alike.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unused-vars
  interface Assertion<T = any> extends TmuxpectMatchers<Promise<void>> {}
}

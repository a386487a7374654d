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

// One declaration for vitest 4 and 5: their `Assertion` and `Matchers` take
// different type parameters (4: `<T>`, 5: `<R, T>`), and an augmentation
// must repeat them exactly, so augmenting either breaks the other major
// (TS2428). Both build `Assertion` by mapping chai's `Chai.Assertion`
// (`VitestAssertion<Chai.Assertion, …>`, `.not` included), so the matchers
// go there. Proven by .ci/compat: strict tsc against vitest 4 and 5.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Chai {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Assertion extends TmuxpectMatchers<Promise<void>> {}
  }
}

/**
 * `tmuxpect/matchers`: the framework-free matchers and the snapshot
 * serializer, for any Jest-compatible `expect`:
 *
 *   import { expect } from 'expect'
 *   import { matchers, screenSerializer } from 'tmuxpect/matchers'
 *   expect.extend(matchers)
 */
import type {} from 'expect'
import type { TmuxpectMatchers } from './matchers.js'

export {
  matchers,
  screenSerializer,
  toShowOnScreen,
  toHaveExited,
  toHaveCursorAt,
  toMatchScreenshot,
  toHaveCursorVisible,
  type TmuxpectMatchers,
  type MatcherContext,
  type MatcherResult,
  type ShowOnScreenOptions,
  type ExitExpectation,
  type CursorOptions,
} from './matchers.js'
export { type MatchScreenshotOptions } from './screenshot.js'

declare module 'expect' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface Matchers<R extends void | Promise<void>, T = unknown> extends TmuxpectMatchers<Promise<void>> {}
}

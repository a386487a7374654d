/** tmuxpect: drive interactive terminal programs from tests, through tmux. */
export { TmuxServer, type StartOptions } from './server.js'
export { type SpawnOptions, type IfExists, type Command } from './spawn-request.js'
export { Session, type WaitOptions, type WaitForOptions, type StableOptions, type ScreenOptions } from './session.js'
export type { TextOptions } from './input.js'
export { Screen, frameScreen, type Cursor, type ScreenCursor, type Pattern, type ScreenMatch, type ScreenLine, type StyledRun, type ScreenshotOptions } from './screen.js'
export { THEMES, type Theme, type ThemeName, type Palette, type PaletteInput } from './themes.js'
export { type SVGOptions } from './svg.js'
export type { ColorLevel } from './colors.js'
export { COLOR_NAMES, type Cell, type Style, type Color, type ColorName, type StyleExpectation } from './styles.js'
export { configure, defaultTimeout, type GlobalOptions } from './options.js'
export { validateKey, KEY_NAMES } from './keys.js'
export { reapStaleServers, type ReapReport } from './cleanup.js'
export * from './errors.js'
export * as keys from './keys.js'
export { type ClickOptions } from './mouse.js'
export {
  MouseNotEnabledError,
  type MouseEvent,
  type MouseAction,
  type MouseButton,
  type MouseModifier,
  type MouseMode,
  type WheelDirection,
} from './mouse-encoding.js'

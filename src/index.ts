/** tmuxpect: drive interactive terminal programs from tests, through tmux. */
export { TmuxServer, type SpawnOptions, type StartOptions, type IfExists } from './server.js'
export { Session, type Command, type WaitOptions, type StableOptions, type ScreenOptions } from './session.js'
export { Screen, frameScreen, type Cursor, type Pattern } from './screen.js'
export { configure, defaultTimeout, type GlobalOptions } from './options.js'
export { validateKey, KEY_NAMES } from './keys.js'
export { reapStaleServers, type ReapReport } from './cleanup.js'
export * from './errors.js'
export * as keys from './keys.js'

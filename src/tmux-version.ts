/**
 * Which tmux, and whether tmuxpect serves it: the binary chosen (the
 * `tmux` option, `configure({ tmux })`, `TMUXPECT_TMUX`, else `tmux` on
 * PATH), the minimum version and what to tell a user whose tmux is older.
 * channel.ts runs `tmux -V`; this file judges the answer. Version-specific
 * handling is decided here, from the version tmux reports.
 *
 * Why 3.3 (docs/compatibility.md): 3.1c, the oldest release that can be had
 * here, fails the suite in ways tmuxpect cannot work around (no `-e` on
 * new-session, no `#{pane_dead_signal}`, a flood's tail lost, resizes);
 * 3.2a (Ubuntu 22.04) cannot be had here and crashed tmux itself in two
 * cases when tried elsewhere. 3.3a (Debian 12) is the oldest tested.
 */
import { accessSync, constants as fsConstants, statSync } from 'node:fs'
import { TmuxNotFoundError, TmuxVersionError } from './errors.js'
import { tmuxSetting } from './options.js'

export const MINIMUM_TMUX_VERSION = '3.3'

/**
 * The tmux binary to run: the one given (`TmuxServer.start({ tmux })`),
 * else `configure({ tmux })`, else `TMUXPECT_TMUX`, else `tmux` on PATH.
 */
export function tmuxBinary(explicit?: string): string {
  return explicit ?? tmuxSetting()?.value ?? 'tmux'
}

/** Where a binary was chosen, for errors: `TMUXPECT_TMUX=/opt/tmux`, `the tmux option "/opt/tmux"`. */
function describeChoice(binary: string, explicit: boolean): string {
  const setting = explicit ? undefined : tmuxSetting()
  if (setting?.from === 'env') return `TMUXPECT_TMUX=${binary}`
  return setting || explicit ? `the tmux option ${JSON.stringify(binary)}` : 'tmux'
}

export const INSTALL_HINT =
  'Debian 12+/Ubuntu 24.04+: apt-get install tmux; macOS: brew install tmux; Fedora: dnf install tmux. ' +
  'Ubuntu 22.04 (3.2a) and Debian 11 (3.1c) ship older ones: install tmux with Homebrew on Linux (brew install tmux), ' +
  'or build a release (github.com/tmux/tmux/releases: ./configure && make, needs libevent-dev libncurses-dev bison), ' +
  'and point TMUXPECT_TMUX at it'

/** A binary given as a path must be an executable file: otherwise an error naming it and where it came from. */
export function assertRunnableBinary(binary: string, explicit: boolean): void {
  if (!binary.includes('/')) return
  let problem: string | undefined
  try {
    if (!statSync(binary).isFile()) problem = 'is not a file'
    else accessSync(binary, fsConstants.X_OK)
  } catch (error) {
    problem ??= (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'is not executable'
  }
  if (problem) {
    throw new TmuxNotFoundError(
      `${describeChoice(binary, explicit)}: ${binary} ${problem}; tmuxpect needs tmux ${MINIMUM_TMUX_VERSION} or newer there (or unset it to use tmux on PATH)`,
    )
  }
}

/** What `<binary> -V` answered: the version, or an error that says what is wrong and what to do. */
export function judgeVersion(
  binary: string,
  explicit: boolean,
  answer: { notFound: boolean; stdout: string; stderr: string; exitCode: number | undefined },
): string {
  const chosen = describeChoice(binary, explicit)
  if (answer.notFound) {
    throw new TmuxNotFoundError(
      `${binary === 'tmux' ? 'tmux was not found on PATH' : `${chosen}: ${binary} was not found on PATH`}: tmuxpect drives programs through tmux ` +
        `${MINIMUM_TMUX_VERSION} or newer (${INSTALL_HINT})`,
    )
  }
  const printed = answer.stdout.trim()
  const found = /^tmux\s+(?:next-)?(\S+)/.exec(printed)?.[1]
  if (!found) {
    const said = printed || answer.stderr.trim() || `exit code ${answer.exitCode}`
    throw new TmuxNotFoundError(`${chosen}: ${binary} is not tmux (\`${binary} -V\` said ${JSON.stringify(said.slice(0, 200))})`)
  }
  if (!versionAtLeast(found, MINIMUM_TMUX_VERSION)) {
    throw new TmuxVersionError(
      `tmux ${found}${binary === 'tmux' ? '' : ` (${binary})`} is too old: tmuxpect needs tmux ${MINIMUM_TMUX_VERSION} or newer (docs/compatibility.md). ${INSTALL_HINT}`,
      found,
      MINIMUM_TMUX_VERSION,
    )
  }
  return found
}

export function versionAtLeast(found: string, required: string): boolean {
  const parse = (version: string) => (version.match(/\d+/g) ?? []).slice(0, 2).map(Number)
  const [major = 0, minor = 0] = parse(found)
  const [requiredMajor = 0, requiredMinor = 0] = parse(required)
  return major !== requiredMajor ? major > requiredMajor : minor >= requiredMinor
}

/**
 * Names: a server's socket says which process owns it, so a later run can
 * tell a stale server (owner dead) from a live one; a session is named after
 * its test plus a short random part; a user-given name is validated, because
 * tmux treats `.` and `:` as target separators and would silently rewrite them.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { InvalidSessionNameError } from './errors.js'
import { describeValue } from './options.js'

export const SOCKET_PREFIX = 'tmuxpect-'
/** The session the control client attaches to; test windows are linked into it. */
export const CONTROL_SESSION = '__tmuxpect'
export const MAX_SESSION_NAME_LENGTH = 100

export function newSocketName(pid = process.pid): string {
  return `${SOCKET_PREFIX}${pid}-${randomBytes(3).toString('hex')}`
}

/** The owner PID of a `tmuxpect-<pid>-<random>` socket name, or undefined for any other name. */
export function socketOwnerPid(socketName: string): number | undefined {
  const match = /^tmuxpect-(\d+)-[0-9a-f]+$/.exec(socketName)
  return match ? Number(match[1]) : undefined
}

/** `Python evaluates!` → `python-evaluates` (at most `length` characters). */
export function slugOf(label: string, length = 40): string {
  return label
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, length)
    .replace(/-+$/, '')
}

/** `python evaluates` → `python-evaluates-3f2a9c`. */
export function sessionNameFor(label: string | undefined): string {
  const slug = slugOf(label ?? '')
  const suffix = randomUUID().slice(0, 6)
  return slug ? `${slug}-${suffix}` : `session-${suffix}`
}

export function validateSessionName(name: unknown): string {
  if (typeof name !== 'string') {
    throw new InvalidSessionNameError(`session name must be a string, got ${describeValue(name)}`, String(name))
  }
  const problem =
    name.length === 0
      ? 'it is empty'
      : name.length > MAX_SESSION_NAME_LENGTH
        ? `it is ${name.length} characters long (at most ${MAX_SESSION_NAME_LENGTH})`
        : /[.:]/.test(name)
          ? 'tmux reads "." and ":" as target separators'
          : // eslint-disable-next-line no-control-regex
            /[\u0000-\u001f\u007f]/.test(name)
            ? 'it holds a control character'
            : // tmux stores such a name escaped (`a\b` as `a\\b`, `$HOME` as `\$HOME`): it could never be found again.
              /\\|\$[A-Za-z_{]/.test(name)
              ? 'tmux rewrites "\\" and "$" before a letter, "_" or "{" in session names'
              : name.startsWith('$')
                ? 'tmux reads a target starting with "$" as a session id, so it could never be found by name'
            : name.trim() !== name
              ? 'it starts or ends with whitespace'
              : name.startsWith(CONTROL_SESSION)
                ? `names starting with "${CONTROL_SESSION}" are tmuxpect's own`
                : undefined
  if (problem) throw new InvalidSessionNameError(`invalid session name ${JSON.stringify(name)}: ${problem}`, name)
  return name
}

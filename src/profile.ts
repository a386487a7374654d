/**
 * The deterministic profile: the environment every server (and so every
 * program under test) starts with, and the options set on it. Nothing from
 * the user's shell leaks in but PATH, HOME, the user's name, TMUX_TMPDIR,
 * TMPDIR, TZ and NODE_V8_COVERAGE; TMUX and TMUX_PANE are dropped so tests
 * can run inside tmux.
 */
import { existsSync } from 'node:fs'
import { homedir, userInfo } from 'node:os'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'

export interface HostProfile {
  /** TERM for programs under test: tmux-256color when the host knows it. */
  terminal: string
  /** A UTF-8 locale the host has, if any. */
  locale: string | undefined
  /** The clean environment the server (and so every pane) starts with. */
  env: Record<string, string>
}

let cached: HostProfile | undefined

export function hostProfile(): HostProfile {
  cached ??= readHostProfile()
  return cached
}

function readHostProfile(): HostProfile {
  const terminal = hasTerminfo('tmux-256color') ? 'tmux-256color' : 'screen-256color'
  const locale = findUtf8Locale()
  const user = safeUserName()
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? homedir(),
    TERM: terminal,
    SHELL: '/bin/sh',
  }
  if (user) env.USER = env.LOGNAME = user
  if (locale) env.LANG = env.LC_ALL = locale
  // tmux puts its sockets under TMUX_TMPDIR: keep it so every tool agrees where they are.
  // NODE_V8_COVERAGE (set by c8 for the test run) makes a Node program under
  // test write its coverage where the run's own processes write theirs.
  for (const name of ['TMUX_TMPDIR', 'TMPDIR', 'TZ', 'NODE_V8_COVERAGE'] as const) {
    const value = process.env[name]
    if (value) env[name] = value
  }
  return { terminal, locale, env }
}

function safeUserName(): string | undefined {
  try {
    return process.env.USER ?? userInfo().username
  } catch {
    return undefined
  }
}

function hasTerminfo(name: string): boolean {
  const directories = [
    process.env.TERMINFO,
    join(homedir(), '.terminfo'),
    '/etc/terminfo',
    '/lib/terminfo',
    '/usr/share/terminfo',
    '/usr/lib/terminfo',
    '/usr/share/lib/terminfo',
  ].filter((directory): directory is string => Boolean(directory))
  return directories.some(
    (directory) =>
      existsSync(join(directory, name[0]!, name)) ||
      existsSync(join(directory, name.charCodeAt(0).toString(16), name)),
  )
}

function findUtf8Locale(): string | undefined {
  let available: string[]
  try {
    available = execFileSync('locale', ['-a'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')
  } catch {
    return process.platform === 'linux' ? 'C.UTF-8' : undefined
  }
  const normalized = new Map(available.map((name) => [name.toLowerCase().replace('utf-8', 'utf8'), name]))
  for (const wanted of ['c.utf8', 'en_us.utf8']) {
    const found = normalized.get(wanted)
    if (found) return found.replace(/\.utf8$/i, '.UTF-8')
  }
  const anyUtf8 = available.find((name) => /\.utf-?8$/i.test(name))
  return anyUtf8?.replace(/\.utf8$/i, '.UTF-8')
}

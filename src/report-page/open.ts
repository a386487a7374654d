/**
 * `npx tmuxpect show-report [dir]`: open the run's report page in a
 * browser, or say where it is when no browser can be opened here (no
 * display, CI, a remote shell).
 */
import { spawn } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { TmuxpectError } from '../errors.js'
import { PAGE_FILE } from './store.js'

/** There is no report page where one was asked for. */
export class ReportNotFoundError extends TmuxpectError {
  override name = 'ReportNotFoundError'
  constructor(readonly path: string) {
    super(
      `no report page at ${path}: tmuxpect writes it when a test fails (or for every test with TMUXPECT_RECORD=all); ` +
        'give the results folder as an argument if it is not ./tmuxpect-results (TMUXPECT_RESULTS_DIR)',
    )
  }
}

/** The page inside a results folder (or the page itself, when given a file). */
export function reportPagePath(target: string): string {
  const path = resolve(target)
  const page = existsSync(path) && statSync(path).isDirectory() ? join(path, PAGE_FILE) : path
  if (!existsSync(page)) throw new ReportNotFoundError(page)
  return page
}

/** How to open a file in the user's browser here, or why not. */
export function browserCommand(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): { command: string; args: string[] } | { reason: string } {
  if (env.BROWSER) return { command: env.BROWSER, args: [] }
  if (env.CI && env.CI !== 'false' && env.CI !== '0') return { reason: 'CI is set' }
  if (platform === 'darwin') return { command: 'open', args: [] }
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] }
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return { reason: 'no display (DISPLAY and WAYLAND_DISPLAY are unset)' }
  return { command: 'xdg-open', args: [] }
}

export interface OpenedReport {
  path: string
  url: string
  /** Why no browser was opened; undefined when one was. */
  notOpened?: string
}

/** Open the page in a browser when one can be opened; the browser is left running on its own. */
export async function showReport(target: string, env: NodeJS.ProcessEnv = process.env): Promise<OpenedReport> {
  const path = reportPagePath(target)
  const url = pathToFileURL(path).href
  const how = browserCommand(env)
  if ('reason' in how) return { path, url, notOpened: how.reason }
  const notOpened = await new Promise<string | undefined>((done) => {
    const child = spawn(how.command, [...how.args, url], { detached: true, stdio: 'ignore', env })
    child.once('error', (error) => done(`${how.command} could not be started (${error.message})`))
    child.once('spawn', () => {
      child.unref()
      done(undefined)
    })
  })
  return { path, url, notOpened }
}

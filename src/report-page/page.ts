/**
 * `tmuxpect-results/index.html`: one self-contained page for the run's
 * failing tests. Loaded only when a page is written (never on a passing
 * run); it reads the renderer (asciinema-player's browser bundle and its
 * CSS) from node_modules as text and inlines it, with every recording, so
 * the page works from file://, as a CI artifact, with no network and no
 * server. A Content-Security-Policy forbids the page any request.
 *
 * Rebuilt from every writer's data file each time one writer saves: the
 * last writer to finish leaves the whole run on the page. The page is
 * written to a temporary file and renamed into place; a writer that sees a
 * data file change while it was building builds again.
 */
import { readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import type { Color, Style } from '../styles.js'
import { CLIENT_SCRIPT } from './client.js'
import type { ReportEntry, ReportSession, ScreenRun } from './entry.js'
import { currentEntries, PAGE_FILE, readDataFiles, writeAtomically } from './store.js'

const require = createRequire(import.meta.url)

interface Renderer {
  script: string
  css: string
}

let renderer: Promise<Renderer> | undefined

/** asciinema-player's bundle and stylesheet, read once per process. */
function loadRenderer(): Promise<Renderer> {
  renderer ??= Promise.all([
    readFile(require.resolve('asciinema-player/dist/bundle/asciinema-player.min.js'), 'utf8'),
    readFile(require.resolve('asciinema-player/dist/bundle/asciinema-player.css'), 'utf8'),
  ]).then(([script, css]) => ({ script, css }))
  return renderer
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!)
}

/** JSON safe inside <script>: no `</script>`, no `<!--`, no line separators that old parsers choke on. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

/** Inline text inside <script> or <style>: a closing tag in it would end the element early. */
function inlineText(text: string, tag: 'script' | 'style'): string {
  return text.replace(new RegExp(`</${tag}`, 'gi'), `<\\/${tag}`)
}

const CUBE = [0, 95, 135, 175, 215, 255]
const hex = (n: number) => n.toString(16).padStart(2, '0')

/** A CSS colour for a Style colour; the 16 ANSI colours follow the player's theme. */
export function cssColor(color: Color): string {
  if (typeof color === 'string' && color.startsWith('#')) return color
  if (typeof color === 'number') {
    if (color < 16) return `var(--term-color-${color})`
    if (color < 232) {
      const n = color - 16
      return `#${hex(CUBE[Math.floor(n / 36)]!)}${hex(CUBE[Math.floor(n / 6) % 6]!)}${hex(CUBE[n % 6]!)}`
    }
    const grey = 8 + (color - 232) * 10
    return `#${hex(grey)}${hex(grey)}${hex(grey)}`
  }
  const names = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white']
  const bright = color.startsWith('bright')
  const index = names.indexOf(bright ? color.slice(6).toLowerCase() : color)
  return `var(--term-color-${index + (bright ? 8 : 0)})`
}

function runStyle(style: Partial<Style>): string {
  let fg = style.fg ? cssColor(style.fg) : undefined
  let bg = style.bg ? cssColor(style.bg) : undefined
  if (style.inverse) [fg, bg] = [bg ?? 'var(--term-color-background)', fg ?? 'var(--term-color-foreground)']
  const css: string[] = []
  if (fg) css.push(`color:${fg}`)
  if (bg) css.push(`background:${bg}`)
  if (style.bold) css.push('font-weight:bold')
  if (style.dim) css.push('opacity:.6')
  if (style.italic) css.push('font-style:italic')
  const lines = [style.underline && 'underline', style.strikethrough && 'line-through'].filter(Boolean)
  if (lines.length > 0) css.push(`text-decoration:${lines.join(' ')}`)
  return css.join(';')
}

/** The final screen as selectable text, each run in its colours. */
export function screenHtml(rows: readonly ScreenRun[][]): string {
  return rows
    .map((runs) =>
      runs.map(([text, style]) => (style ? `<span style="${runStyle(style)}">${escapeHtml(text)}</span>` : escapeHtml(text))).join(''),
    )
    .join('\n')
}

function formatAt(ms: number): string {
  return ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}

function sessionHtml(session: ReportSession, id: string, hasCast: boolean): string {
  const actions = session.actions
    .map(
      (action) =>
        `<li><button type="button" class="tp-action${action.outcome === 'failed' ? ' tp-failed' : ''}" data-at="${action.at}">` +
        `<span class="tp-at">+${formatAt(action.at)}</span> ${escapeHtml(action.what)}</button></li>`,
    )
    .join('')
  const speeds = [0.25, 0.5, 1, 2, 4, 8].map((speed) => `<option value="${speed}"${speed === 1 ? ' selected' : ''}>${speed}×</option>`).join('')
  const files = [session.castFile, session.screenFile]
    .filter((file) => file !== undefined)
    .map((file) => `<code>${escapeHtml(file)}</code>`)
    .join(' · ')
  return `<section class="tp-session" id="${id}">
<h3>${escapeHtml(session.name)} <span class="tp-dim">(${escapeHtml(session.program)}), ${escapeHtml(session.state)}, ${session.cols}×${session.rows}</span></h3>
${session.attach ? `<p class="tp-attach">Kept alive — attach: <code>${escapeHtml(session.attach)}</code></p>` : ''}
<div class="tp-replay">
${hasCast ? `<div class="tp-player-column"><div class="tp-player"></div><label class="tp-controls">Speed <select class="tp-speed">${speeds}</select></label></div>` : '<p class="tp-dim">No recording (TMUXPECT_RECORD=off).</p>'}
<div class="tp-actions"><h4>Actions <span class="tp-dim">(click to see that moment)</span></h4><ol>${actions || '<li class="tp-dim">none</li>'}</ol></div>
</div>
${session.screen ? `<h4>Final screen</h4><pre class="tp-screen asciinema-player-theme-asciinema">${screenHtml(session.screen)}</pre>` : ''}
${files ? `<p class="tp-files">Files: ${files}</p>` : ''}
</section>`
}

const PAGE_CSS = `
:root { color-scheme: dark; }
body { margin: 0; background: #0d1117; color: #d6dde6; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
header { padding: 16px 24px; border-bottom: 1px solid #30363d; }
header h1 { margin: 0; font-size: 20px; }
main { padding: 8px 24px 40px; }
.tp-dim { color: #8b949e; font-weight: normal; }
.tp-test { border: 1px solid #30363d; border-radius: 8px; margin: 16px 0; padding: 12px 16px; background: #161b22; }
.tp-test > h2 { margin: 0 0 4px; font-size: 17px; color: #ff7b72; }
.tp-passed > h2 { color: #7ee787; }
.tp-error { background: #0d1117; border: 1px solid #3d1d20; border-radius: 6px; padding: 8px 10px; overflow: auto; max-height: 22em; font: 12px/1.35 ui-monospace, "DejaVu Sans Mono", monospace; }
.tp-session h3 { font-size: 15px; margin: 14px 0 6px; }
.tp-replay { display: flex; gap: 16px; align-items: flex-start; flex-wrap: wrap; }
.tp-player-column { flex: 0 0 auto; }
.tp-controls { display: block; margin-top: 6px; color: #8b949e; }
.tp-actions { flex: 1 1 260px; min-width: 240px; }
.tp-actions h4, .tp-session h4 { margin: 0 0 6px; font-size: 13px; }
.tp-actions ol { list-style: none; margin: 0; padding: 0; max-height: 420px; overflow: auto; }
.tp-action { display: block; width: 100%; text-align: left; background: none; border: 1px solid transparent; border-radius: 4px; color: inherit; padding: 3px 6px; font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; cursor: pointer; }
.tp-action:hover { border-color: #30363d; background: #1f2630; }
.tp-action.tp-current { border-color: #388bfd; background: #132339; }
.tp-action.tp-failed { color: #ff7b72; }
.tp-at { color: #8b949e; display: inline-block; min-width: 6.5em; }
.tp-screen { display: inline-block; margin: 0; padding: 8px 10px; border-radius: 6px; background: var(--term-color-background); color: var(--term-color-foreground); font: 13px/1.3 ui-monospace, "DejaVu Sans Mono", monospace; user-select: text; white-space: pre; }
.tp-attach code, .tp-files code { background: #0d1117; padding: 1px 4px; border-radius: 4px; }
`

export interface PageData {
  entries: ReportEntry[]
  /** Recording text per cast file (relative to the results folder). */
  casts: Map<string, string>
  generatedAt: Date
}

/** The page's HTML for a set of entries; `renderer` is inlined. */
export function renderPage(data: PageData, renderer: Renderer): string {
  const sessions: { id: string; cast: string; cols: number; rows: number; actions: { at: number; what: string }[] }[] = []
  const tests = data.entries
    .map((entry, testIndex) => {
      const blocks = entry.sessions.map((session, sessionIndex) => {
        const id = `s${testIndex}-${sessionIndex}`
        const cast = session.castFile ? data.casts.get(session.castFile) : undefined
        if (cast !== undefined) {
          sessions.push({ id, cast, cols: session.cols, rows: session.rows, actions: session.actions.map(({ at, what }) => ({ at, what })) })
        }
        return sessionHtml(session, id, cast !== undefined)
      })
      return `<article class="tp-test${entry.failed ? '' : ' tp-passed'}">
<h2>${entry.failed ? '✗' : '✓'} ${escapeHtml(entry.test)}</h2>
<p class="tp-dim">${escapeHtml(entry.file)}</p>
${entry.errors.map((error) => `<pre class="tp-error">${escapeHtml(error)}</pre>`).join('\n')}
${blocks.join('\n') || '<p class="tp-dim">No tmux sessions in this test.</p>'}
</article>`
    })
    .join('\n')
  const failed = data.entries.filter((entry) => entry.failed).length
  const passed = data.entries.length - failed
  const counts = [`${failed} failing test${failed === 1 ? '' : 's'}`, ...(passed > 0 ? [`${passed} passing (TMUXPECT_RECORD=all)`] : [])].join(', ')
  const csp =
    "default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:; worker-src blob:"
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tmuxpect: ${escapeHtml(counts)}</title>
<style>${inlineText(renderer.css, 'style')}</style>
<style>${PAGE_CSS}</style>
</head>
<body>
<header><h1>tmuxpect report <span class="tp-dim">— ${escapeHtml(counts)}, written ${escapeHtml(data.generatedAt.toISOString())}</span></h1></header>
<main>
${tests}
</main>
<script type="application/json" id="tmuxpect-data">${scriptJson({ sessions })}</script>
<script>${inlineText(renderer.script, 'script')}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`
}

/**
 * (Re)write `<resultsDir>/index.html` from every writer's data; remove it
 * when no test has results. Returns the page's path, or undefined.
 */
export async function writeReportPage(resultsDir: string): Promise<string | undefined> {
  const page = join(resultsDir, PAGE_FILE)
  for (let attempt = 0; attempt < 5; attempt++) {
    const files = await readDataFiles(resultsDir)
    const entries = currentEntries(files)
    if (entries.length === 0) {
      await rm(page, { force: true })
      return undefined
    }
    const casts = new Map<string, string>()
    for (const entry of entries) {
      for (const session of entry.sessions) {
        if (!session.castFile) continue
        const text = await readFile(join(resultsDir, session.castFile), 'utf8').catch(() => undefined)
        if (text !== undefined) casts.set(session.castFile, text)
      }
    }
    await writeAtomically(page, renderPage({ entries, casts, generatedAt: new Date() }, await loadRenderer()))
    // Another writer saved while this page was being built: build again, so its entry is not lost.
    const after = await readDataFiles(resultsDir)
    const changed =
      after.length !== files.length ||
      after.some((file) => !files.some((seen) => seen.path === file.path && seen.mtimeMs === file.mtimeMs))
    if (!changed) return page
  }
  return page
}

/** A path relative to the cwd when it lies under it, for messages. */
export function displayPath(path: string): string {
  const short = relative(process.cwd(), path)
  return short && !short.startsWith('..') ? short : path
}

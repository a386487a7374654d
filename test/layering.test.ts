/**
 * The house rules, checked on the sources so the house stays this way
 * (docs/architecture.md): what may import what, where tmux is spelled and
 * run, and how big a file may grow.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, posix } from 'node:path'
import { expect, test } from 'vitest'
import { REPO_ROOT } from './hardening/census.js'

const SRC = join(REPO_ROOT, 'src')
// src/ and its subfolders (src/codegen/…), each file named by its path from src/.
const files = (readdirSync(SRC, { recursive: true }) as string[]).filter((name) => name.endsWith('.ts')).map((name) => name.split('\\').join('/'))
const source = new Map(files.map((name) => [name, readFileSync(join(SRC, name), 'utf8')]))

/** What a file loads at run time: `import type` and all-type named imports left out. */
function runtimeImports(text: string): string[] {
  const found: string[] = []
  for (const match of text.matchAll(/^(import|export)\s+(type\s+)?([\s\S]*?)\s+from\s+'([^']+)'/gm)) {
    const [, , typeOnly, names, from] = match
    if (typeOnly) continue
    const named = /^\{([\s\S]*)\}$/.exec(names!.trim())
    if (named && named[1]!.split(',').map((name) => name.trim()).filter(Boolean).every((name) => name.startsWith('type '))) continue
    found.push(from!)
  }
  for (const match of text.matchAll(/^import\s+'([^']+)'/gm)) found.push(match[1]!)
  return found
}

/** The src/ file an import names, from the importing file's folder; undefined for a package. */
const local = (from: string, importer: string) => (from.startsWith('.') ? posix.join(dirname(importer), from).replace(/\.js$/, '.ts') : undefined)

test('errors.ts imports nothing at run time (the error classes are a leaf)', () => {
  expect(runtimeImports(source.get('errors.ts')!)).toEqual([])
})

test('src/ never imports matchers/ (nor examples/)', () => {
  for (const [name, text] of source) {
    for (const from of [...runtimeImports(text), ...[...text.matchAll(/from '([^']+)'/g)].map((match) => match[1]!)]) {
      expect(from, `${name} imports ${from}`).not.toMatch(/(^|\/)(matchers|examples)\//)
    }
  }
})

test('only channel.ts runs tmux (execa, child_process)', () => {
  for (const [name, text] of source) {
    if (name === 'channel.ts') continue
    const runners = runtimeImports(text).filter((from) => from === 'execa' || /^(node:)?child_process$/.test(from))
    // profile.ts asks `locale -a`, processes.ts `ps` (where there is no
    // /proc), codegen/capture.ts `mkfifo` and `stty` (on codegen's view),
    // report-page/open.ts the user's browser: never tmux. The exceptions, by name.
    if (name === 'profile.ts' || name === 'processes.ts' || name === 'codegen/capture.ts' || name === 'report-page/open.ts') expect(text).not.toMatch(/exec(a|FileSync)\('tmux'/)
    else expect(runners, `${name} runs processes`).toEqual([])
  }
  expect(source.get('channel.ts')).not.toMatch(/execa\('tmux'|execFileSync\('tmux'/)
})

test('execa is loaded only when the CLI runs: no src/ file imports it up front (it was 140 of the 190 files `import "tmuxpect"` loaded)', () => {
  for (const [name, text] of source) expect(runtimeImports(text), `${name} imports execa at load`).not.toContain('execa')
  // …and the CLI's uses still reach it, on demand.
  expect(source.get('channel.ts')).toMatch(/await import\('execa'\)/)
})

test('no import cycle at run time', () => {
  const graph = new Map([...source].map(([name, text]) => [name, runtimeImports(text).map((from) => local(from, name)).filter((file): file is string => file !== undefined)]))
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return
    expect(state.get(file), `cycle: ${[...path, file].join(' → ')}`).not.toBe('visiting')
    state.set(file, 'visiting')
    for (const next of graph.get(file) ?? []) visit(next, [...path, file])
    state.set(file, 'done')
  }
  for (const file of graph.keys()) visit(file, [])
})

test('cli.ts does not load the engine (session, server, wait)', () => {
  const loaded = new Set<string>()
  const load = (file: string) => {
    if (loaded.has(file)) return
    loaded.add(file)
    for (const from of runtimeImports(source.get(file)!)) {
      const next = local(from, file)
      if (next) load(next)
    }
  }
  load('cli.ts')
  for (const engine of ['session.ts', 'server.ts', 'wait.ts', 'pane.ts', 'input.ts']) expect(loaded.has(engine), engine).toBe(false)
})

/** tmux's command names, as they would start a command line or an argv. */
const TMUX_COMMANDS = [
  'new-session', 'attach-session', 'kill-server', 'kill-session', 'kill-window', 'link-window', 'list-sessions', 'list-windows',
  'list-panes', 'display-message', 'capture-pane', 'send-keys', 'set-option', 'set-buffer', 'paste-buffer', 'pipe-pane',
  'respawn-pane', 'resize-window', 'clear-history', 'run-shell', 'refresh-client',
]

test('every tmux command string and format is in tmux-commands.ts (0 elsewhere)', () => {
  const strings = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g
  const outside: string[] = []
  for (const [name, text] of source) {
    if (name === 'tmux-commands.ts') continue
    const code = text.replace(/^\s*(\/\/|\*|\/\*).*$/gm, '')
    for (const [literal] of code.matchAll(strings)) {
      if (literal.includes('#{') || TMUX_COMMANDS.some((command) => new RegExp(`(^.|\\s)${command}(\\s|.$)`).test(literal))) outside.push(`${name}: ${literal}`)
    }
  }
  expect(outside).toEqual([])
})

test('no file in src/ is over 350 lines', () => {
  for (const [name, text] of source) expect(text.split('\n').length, name).toBeLessThanOrEqual(350)
})

test('src/report-page/ runs no tmux and loads no engine; only open.ts starts a process (the browser), and the page builder is loaded lazily', () => {
  const folder = join(SRC, 'report-page')
  for (const name of readdirSync(folder).filter((file) => file.endsWith('.ts'))) {
    const text = readFileSync(join(folder, name), 'utf8')
    const imports = runtimeImports(text)
    for (const engine of ['../session.js', '../server.js', '../wait.js', '../pane.js', '../input.js', '../channel.js']) expect(imports, `${name} imports ${engine}`).not.toContain(engine)
    const runners = imports.filter((from) => from === 'execa' || /^(node:)?child_process$/.test(from))
    expect(runners, `${name} runs processes`).toEqual(name === 'open.ts' ? ['node:child_process'] : [])
    expect(text).not.toMatch(/['"`]tmux['"`]/)
    // the page (and the renderer it reads) only through import(): a passing run never loads it
    if (name !== 'page.ts') expect(imports, name).not.toContain('./page.js')
  }
  expect(runtimeImports(source.get('fixture.ts')!).filter((from) => from.startsWith('./report-page/'))).toEqual(['./report-page/lazy.js'])
})

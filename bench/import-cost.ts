/**
 * What loading tmuxpect costs a fresh process: vitest pays it again for
 * every test file it isolates (the default), before the file's first test.
 * Each sample is a new `node` that imports one entry and prints how long
 * the import took (median over the samples); one more run counts the files
 * it loads (a loader hook, which slows loading, so it is not timed).
 *
 *   npm run build && node --import tsx bench/import-cost.ts 15
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { summarize } from './stats.js'

const REPO = fileURLToPath(new URL('../', import.meta.url))
const samples = Number(process.argv[2] ?? 15)

/** Imports `specifier` from the repository and prints how long it took. */
const timing = (specifier: string) => `
const start = performance.now()
await import(${JSON.stringify(specifier)})
console.log(performance.now() - start)
`

/** Imports `specifier`, counting the files the loader reads (module.register's load hook). */
const counting = (specifier: string) => `
import { register } from 'node:module'
const counted = new MessageChannel()
let files = 0
counted.port1.on('message', () => files++).unref()
register('data:text/javascript,' + encodeURIComponent(
  'let port; export function initialize(data) { port = data.port }' +
  ' export async function load(url, context, next) { if (url.startsWith("file:")) port.postMessage(0); return next(url, context) }'),
  { data: { port: counted.port2 }, transferList: [counted.port2] })
await import(${JSON.stringify(specifier)})
await new Promise((resolve) => setTimeout(resolve, 50))
console.log(files)
`

const run = (script: string) => Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO, encoding: 'utf8' }).trim().split('\n').at(-1))

const entries: [string, string][] = [
  ['tmuxpect (dist/src/index.js)', new URL('../dist/src/index.js', import.meta.url).href],
  ['execa alone, for comparison', 'execa'],
]
for (const [label, specifier] of entries) {
  const times = Array.from({ length: samples }, () => run(timing(specifier)))
  console.log(`${label}: ${summarize(times).median.toFixed(1)} ms to import (median of ${samples}), ${run(counting(specifier))} files`)
}

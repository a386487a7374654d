/**
 * Which tmuxpect the bench measures: the built package (dist/, what a user
 * installs and what Node runs without a TypeScript loader), unless
 * TMUXPECT_BENCH_SOURCE=src asks for src/ through tsx (to profile src/ by
 * its own file names; the cost counters patch src/ classes and ask for it).
 * `npm run bench` builds dist/ first.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const REPO = fileURLToPath(new URL('../', import.meta.url))

export function benchSource(): 'dist' | 'src' {
  return process.env.TMUXPECT_BENCH_SOURCE === 'src' ? 'src' : 'dist'
}

/** tmuxpect's entry, from dist/ or src/. */
export async function loadTmuxpect(): Promise<typeof import('../src/index.js')> {
  if (benchSource() === 'src') return import('../src/index.js')
  const entry = new URL('../dist/src/index.js', import.meta.url)
  if (!existsSync(entry)) throw new Error('bench: dist/ is missing: run `npm run build` (npm run bench builds it), or set TMUXPECT_BENCH_SOURCE=src')
  return (await import(entry.href)) as typeof import('../src/index.js')
}

/** Build dist/ from src/ with the project's own `npm run build` (a few seconds), so the bench measures the code as it is. */
export function buildPackage(): void {
  if (benchSource() === 'src') return
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO, stdio: 'inherit' })
}

/**
 * `npm run bench:pictures`: the size of a full 80×24 screenshot and the time
 * of `session.screenshot()` and `expect(session).toMatchScreenshot()` on it,
 * with real programs filling the screen in colour.
 *
 *   npm run bench:pictures                 # 50 samples each
 *   npm run bench:pictures -- --samples 200
 *
 * Two screens: "coloured text" (words in ANSI, 256 and RGB colours, bold,
 * inverse; what a TUI shows) and "every cell its own colours" (1,920
 * distinct fg/bg pairs: the worst case for size).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadavg } from 'node:os'
import { TmuxServer, type Session } from '../src/index.js'
import { toMatchScreenshot } from '../matchers/matchers.js'
import { svgToPNG } from '../src/png.js'
import { formatNumber, summarize } from './stats.js'

const samplesArg = process.argv.indexOf('--samples')
const SAMPLES = samplesArg > 0 ? Number(process.argv[samplesArg + 1]) : 50

/** A shell script that fills 24 rows × 80 columns, then waits (no newline after the last row, so nothing scrolls). */
function fill(kind: 'words' | 'cells'): string {
  const rows: string[] = []
  const sgr = ['31', '32', '1;33', '38;5;208', '38;2;200;100;50', '7;36', '44;37', '4;35', '1;38;5;45', '2;32']
  for (let y = 0; y < 24; y++) {
    let row = ''
    if (kind === 'words') {
      for (let word = 0; word < 8; word++) row += `\\033[${sgr[(y + word) % sgr.length]}mword${String(y).padStart(2, '0')}-${word}\\033[0m `
      row = row.replace(/ $/, '') + '.'.repeat(80 - (8 * 8 + 7))
    } else {
      for (let x = 0; x < 80; x++) row += `\\033[38;2;${(x * 3) % 256};${(y * 10) % 256};${(x * y) % 256};48;5;${16 + ((x + y * 80) % 216)}m${String.fromCharCode(33 + ((x + y) % 90)).replace(/[\\'%]/, '#')}`
      row += '\\033[0m'
    }
    rows.push(row)
  }
  return `printf '${rows.join('\\n')}'; exec cat`
}

interface Timing {
  /** Wall-clock ms per call. */
  wall: number[]
  /** This process's CPU ms per call, on average (tmux's own work is not in it). */
  cpu: number
}

async function timed(samples: number, run: () => Promise<unknown>): Promise<Timing> {
  const wall: number[] = []
  const cpuStart = process.cpuUsage()
  for (let sample = 0; sample < samples; sample++) {
    const started = performance.now()
    await run()
    wall.push(performance.now() - started)
  }
  const cpu = process.cpuUsage(cpuStart)
  return { wall, cpu: (cpu.user + cpu.system) / 1000 / samples }
}

// Wall times move with the machine's load; the process's CPU time per call moves much less.
const ms = (timing: Timing) => {
  const summary = summarize(timing.wall)
  return `${formatNumber(summary.median, 'ms')} ms median, ${formatNumber(summary.p95, 'ms')} p95; ${formatNumber(timing.cpu, 'ms')} ms CPU`
}

async function measure(server: TmuxServer, kind: 'words' | 'cells', folder: string): Promise<string[]> {
  const session: Session = await server.spawn(['sh', '-c', fill(kind)])
  await session.waitFor((screen) => screen.lines[23]!.length >= 79)
  const svg = await session.screenshot()
  const context = { testPath: join(folder, `${kind}.test.ts`), currentTestName: kind, snapshotState: { snapshotUpdateState: 'new' } }
  const written = await toMatchScreenshot.call(context, session, 'bench')
  if (!written.pass) throw new Error(written.message())
  const screenshot = await timed(SAMPLES, () => session.screenshot())
  const matching = await timed(SAMPLES, async () => {
    const result = await toMatchScreenshot.call(context, session, 'bench')
    if (!result.pass) throw new Error(result.message())
  })
  const screen = await session.screen({ styles: true })
  const render = await timed(SAMPLES, async () => screen.toSVG())
  const png = await timed(Math.min(SAMPLES, 10), () => svgToPNG(svg))
  await session.kill()
  const label = kind === 'words' ? 'coloured text' : 'every cell its own colours'
  return [
    `${label}: SVG ${Buffer.byteLength(svg)} bytes (${(Buffer.byteLength(svg) / 1024).toFixed(1)} kB)`,
    `  session.screenshot():                 ${ms(screenshot)}`,
    `  expect(session).toMatchScreenshot():  ${ms(matching)}`,
    `  screen.toSVG() alone (no capture):    ${ms(render)}`,
    `  PNG from the SVG (resvg):             ${ms(png)}`,
  ]
}

const folder = mkdtempSync(join(tmpdir(), 'tmuxpect-bench-pictures-'))
const server = await TmuxServer.start()
try {
  const lines = [`pictures bench: full 80×24 screens, ${SAMPLES} samples each; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`]
  lines.push(...(await measure(server, 'words', folder)), ...(await measure(server, 'cells', folder)))
  console.log(lines.join('\n'))
} finally {
  await server.kill()
  rmSync(folder, { recursive: true, force: true })
}

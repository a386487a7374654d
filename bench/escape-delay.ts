/**
 * How long must input wait after a lone Escape? Runs a reader with a 125 ms
 * escape timeout (test/fixtures/keys/escape-reader.py) and presses Escape
 * then q, ROUNDS times for each delay, counting how often the reader took
 * them as Alt+q. Run: `npx tsx bench/escape-delay.ts [rounds] [timeout_ms] [delays,…]`.
 */
import { fileURLToPath } from 'node:url'
import { TmuxServer } from '../src/index.js'

const rounds = Number(process.argv[2] ?? 40)
const programTimeout = process.argv[3] ?? '125'
const delays = process.argv[4] ? process.argv[4].split(',').map(Number) : [0, 100, 125, 130, 140, 150, 175, 200]
const reader = fileURLToPath(new URL('../test/fixtures/keys/escape-reader.py', import.meta.url))

const server = await TmuxServer.start()
try {
  console.log(`reader escape timeout ${programTimeout} ms, ${rounds} rounds per delay; load ${(await import('node:os')).loadavg().map((n) => n.toFixed(1)).join(' ')}`)
  for (const escapeDelay of delays) {
    const session = await server.spawn(['python3', reader, programTimeout])
    await session.waitForText('READY')
    let alt = 0
    let lines = 0
    const gaps: number[] = []
    for (let round = 0; round < rounds; round++) {
      await session.press('Escape', 'q', { escapeDelay })
      // Escape then q is two lines, Alt+q one; the next line's number tells which.
      const text = await session.waitForText(new RegExp(`^(${lines + 1} Alt\\+q|${lines + 2} key q.*)$`, 'm'))
      const match = new RegExp(`^(?:${lines + 1} Alt\\+q|${lines + 2} key q \\((\\d+) ms after Escape\\))$`, 'm').exec(text)!
      if (match[1] === undefined) {
        alt++
        lines += 1
      } else {
        gaps.push(Number(match[1]))
        lines += 2
      }
    }
    gaps.sort((a, b) => a - b)
    const median = gaps[Math.floor(gaps.length / 2)]
    console.log(`escapeDelay ${String(escapeDelay).padStart(3)} ms: Alt+q ${alt}/${rounds}; Escape then q ${rounds - alt}/${rounds}` + (gaps.length ? `, gap seen by the program: min ${gaps[0]} ms, median ${median} ms` : ''))
    await session.kill()
  }
} finally {
  await server.kill()
}

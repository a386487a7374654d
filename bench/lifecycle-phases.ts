/**
 * Where a per-test lifecycle's time goes, phase by phase, for tmuxpect (the
 * built package, as `npm run bench` measures it) and the raw control
 * client, one lifecycle of each in turn on their own servers (who goes
 * first alternates), medians over `count` after 40 untimed:
 *
 *   spawn  new session (tmuxpect: and its window option, command option, drain pipe)
 *   ready  until READY shows
 *   rt     one line sent and seen
 *   kill   tmuxpect: until the program's process group is gone; raw: until tmux answers kill-window
 *
 *   npm run build && node --import tsx bench/lifecycle-phases.ts 200
 *   TMUXPECT_TMUX=<tmux> PATH=<its folder>:$PATH node --import tsx bench/lifecycle-phases.ts 200
 */
import { ECHO_PROGRAM, hexLine } from './contender.js'
import { loadTmuxpect } from './engine.js'
import { RawControlClient } from './raw-control.js'
import { summarize } from './stats.js'

const count = Number(process.argv[2] ?? 200)
const WARM = 40
const WAIT_MS = 5000
const PHASES = ['spawn', 'ready', 'rt', 'kill', 'total'] as const
type Timings = Record<(typeof PHASES)[number], number[]>
const empty = (): Timings => ({ spawn: [], ready: [], rt: [], kill: [], total: [] })

const { TmuxServer } = await loadTmuxpect()
const server = await TmuxServer.start()
const raw = new RawControlClient()
await raw.start()
const mine = empty()
const theirs = empty()

/** Times the phases of one lifecycle: `steps` are spawn, ready, round trip, kill. */
async function timed(into: Timings | undefined, steps: (() => Promise<void>)[]): Promise<void> {
  const marks = [performance.now()]
  for (const step of steps) {
    await step()
    marks.push(performance.now())
  }
  if (!into) return
  PHASES.slice(0, 4).forEach((phase, index) => into[phase].push(marks[index + 1]! - marks[index]!))
  into.total.push(marks[4]! - marks[0]!)
}

try {
  for (let index = 0; index < count + WARM; index++) {
    const word = `w${index}`
    const keep = index >= WARM
    const tmuxpect = async () => {
      let session!: Awaited<ReturnType<typeof server.spawn>>
      await timed(keep ? mine : undefined, [
        async () => void (session = await server.spawn(ECHO_PROGRAM)),
        async () => void (await session.waitForText('READY', { timeout: WAIT_MS })),
        async () => {
          await session.submit(word)
          await session.waitForText(word, { timeout: WAIT_MS })
        },
        () => session.kill(),
      ])
    }
    const rawClient = async () => {
      let ids!: { pane: string; window: string }
      await timed(keep ? theirs : undefined, [
        async () => void (ids = await raw.newSession({ command: ECHO_PROGRAM }, `phases${index}`)),
        () => raw.waitFor(ids.pane, 'READY', WAIT_MS),
        async () => {
          await raw.command(`send-keys -t ${ids.pane} -H ${hexLine(word)}`)
          await raw.waitFor(ids.pane, word, WAIT_MS)
        },
        () => raw.kill(ids.pane, ids.window),
      ])
    }
    for (const run of index % 2 === 0 ? [tmuxpect, rawClient] : [rawClient, tmuxpect]) await run()
  }
} finally {
  await server.close()
  await raw.stop()
}

console.log(`tmux ${server.tmuxVersion}, ${count} lifecycles each, medians in ms (tmuxpect / raw control):`)
console.log(PHASES.map((phase) => `${phase} ${summarize(mine[phase]).median.toFixed(2)} / ${summarize(theirs[phase]).median.toFixed(2)}`).join('   '))

/**
 * Where a per-test lifecycle's time goes, phase by phase, for tmuxpect (the
 * built package, as `npm run bench` measures it) and the raw control
 * client, through the bench's own contenders: one lifecycle of each in
 * turn on their own servers (who goes first alternates), medians over
 * `count` after 40 untimed:
 *
 *   spawn  new session (tmuxpect: and its window option, command option, drain pipe)
 *   ready  until READY shows
 *   rt     one line sent and seen
 *   kill   tmuxpect: until the program's process group is gone; raw: until tmux answers kill-window
 *
 *   npm run build && node --import tsx bench/lifecycle-phases.ts 200
 *   TMUXPECT_TMUX=<tmux> PATH=<its folder>:$PATH node --import tsx bench/lifecycle-phases.ts 200
 */
import { ECHO_PROGRAM, type Contender, type Handle } from './contender.js'
import { makeContender } from './contenders.js'
import { summarize } from './stats.js'

const count = Number(process.argv[2] ?? 200)
const WARM = 40
const WAIT_MS = 5000
const PHASES = ['spawn', 'ready', 'rt', 'kill', 'total'] as const
type Timings = Record<(typeof PHASES)[number], number[]>

// The bench's own contenders: the same code `npm run bench` measures.
const contenders = [makeContender('tmuxpect'), makeContender('raw control')]
const timings = new Map<Contender, Timings>(contenders.map((contender) => [contender, { spawn: [], ready: [], rt: [], kill: [], total: [] }]))

/** One lifecycle, its phases timed (kept after the warm-up). */
async function lifecycle(contender: Contender, word: string, keep: boolean): Promise<void> {
  let handle!: Handle
  const steps = [
    async () => void (handle = await contender.spawn({ command: ECHO_PROGRAM })),
    () => handle.waitFor('READY', WAIT_MS),
    async () => {
      await handle.submit(word)
      await handle.waitFor(word, WAIT_MS)
    },
    () => handle.kill(),
  ]
  const marks = [performance.now()]
  for (const step of steps) {
    await step()
    marks.push(performance.now())
  }
  if (!keep) return
  const into = timings.get(contender)!
  PHASES.slice(0, 4).forEach((phase, index) => into[phase].push(marks[index + 1]! - marks[index]!))
  into.total.push(marks[4]! - marks[0]!)
}

for (const contender of contenders) await contender.start()
try {
  for (let index = 0; index < count + WARM; index++) {
    // Who goes first alternates.
    const order = index % 2 === 0 ? contenders : [...contenders].reverse()
    for (const contender of order) await lifecycle(contender, `w${index}`, index >= WARM)
  }
} finally {
  for (const contender of contenders) await contender.stop()
}

const [mine, theirs] = contenders.map((contender) => timings.get(contender)!) as [Timings, Timings]
console.log(`${count} lifecycles each, medians in ms (tmuxpect / raw control):`)
console.log(PHASES.map((phase) => `${phase} ${summarize(mine[phase]).median.toFixed(2)} / ${summarize(theirs[phase]).median.toFixed(2)}`).join('   '))

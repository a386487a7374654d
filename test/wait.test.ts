/**
 * The wait loop's timing rules, with a scripted pane and fake timers (so no
 * real time is measured): look at once, look again on output, re-look
 * shortly when tmux announced output before the screen showed it, and fall
 * back to the safety poll.
 */
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { SAFETY_POLL_MS, waitUntil, type Look, type Waitable } from '../src/wait.js'
import { WaitTimeoutError } from '../src/errors.js'
import { Journal, type WaitRecord } from '../src/journal.js'

class ScriptedPane implements Waitable {
  outputCount = 0
  text = ''
  looks: { thorough: boolean; text: string }[] = []
  waits: WaitRecord[] = []
  private wakers: (() => void)[] = []

  changed(sinceCount: number, ms: number): Promise<boolean> {
    if (this.outputCount !== sinceCount) return Promise.resolve(true)
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms)
      this.wakers.push(() => {
        clearTimeout(timer)
        resolve(true)
      })
    })
  }

  output(): void {
    this.outputCount++
    for (const wake of this.wakers.splice(0)) wake()
  }

  summary() {
    return { name: 'scripted', program: 'script', state: 'still running', attachCommand: 'tmux attach', actions: [] }
  }

  async evidenceScreen() {
    return undefined
  }

  maskText(text: string) {
    return text
  }

  noteWait(wait: WaitRecord) {
    this.waits.push(wait)
  }

  wait(pattern: string, timeout = 10_000) {
    let settled = false
    const promise = waitUntil(this, {
      awaited: `text "${pattern}"`,
      timeout,
      callSite: new Error(),
      look: async (thorough): Promise<Look> => {
        this.looks.push({ thorough, text: this.text })
        return { text: this.text, exit: undefined }
      },
      check: (look) => (look.text.includes(pattern) ? look.text : undefined),
    }).finally(() => {
      settled = true
    })
    return { promise, settled: () => settled }
  }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

test('looks at once, and again as soon as output arrives', async () => {
  const pane = new ScriptedPane()
  const wait = pane.wait('ready')
  await vi.advanceTimersByTimeAsync(0)
  expect(pane.looks).toHaveLength(1)
  pane.text = 'ready'
  pane.output()
  await vi.advanceTimersByTimeAsync(0)
  expect(wait.settled()).toBe(true)
  await expect(wait.promise).resolves.toBe('ready')
  expect(pane.looks.map((look) => look.thorough)).toEqual([false, false])
})

test('when the screen lags behind %output, a re-look 1 ms later finds it (not the 50 ms poll)', async () => {
  const pane = new ScriptedPane()
  const wait = pane.wait('ready')
  await vi.advanceTimersByTimeAsync(0)
  pane.output() // tmux announced output, but the screen does not show it yet
  await vi.advanceTimersByTimeAsync(0)
  expect(pane.looks).toHaveLength(2)
  pane.text = 'ready'
  await vi.advanceTimersByTimeAsync(1)
  expect(wait.settled()).toBe(true)
  expect(pane.looks).toHaveLength(3)
})

test('without output, the safety poll looks every 50 ms, thoroughly (asking if the pane died); the first look is one capture', async () => {
  const pane = new ScriptedPane()
  const wait = pane.wait('ready', 1000)
  const caught = wait.promise.catch((error: unknown) => error)
  await vi.advanceTimersByTimeAsync(SAFETY_POLL_MS * 4)
  expect(pane.looks).toHaveLength(5)
  expect(pane.looks.map((look) => look.thorough)).toEqual([false, true, true, true, true])
  await vi.advanceTimersByTimeAsync(1000)
  expect(await caught).toBeInstanceOf(WaitTimeoutError)
})

test("every wait is noted as it ends, met or given up, for the report's timeline", async () => {
  const pane = new ScriptedPane()
  const met = pane.wait('ready')
  pane.text = 'ready'
  pane.output()
  await vi.advanceTimersByTimeAsync(0)
  await met.promise
  const missed = pane.wait('never', 200)
  const caught = missed.promise.catch((error: unknown) => error)
  await vi.advanceTimersByTimeAsync(300)
  await caught
  expect(pane.waits).toEqual([
    { awaited: 'text "ready"', elapsedMs: expect.any(Number), met: true, ending: undefined },
    { awaited: 'text "never"', elapsedMs: expect.any(Number), met: false, ending: 'timeout' },
  ])
})

test("a long session's timeline keeps its last 2,000 steps, oldest first", () => {
  const journal = new Journal({ cols: 80, rows: 24, title: 'x' })
  for (let step = 1; step <= 4500; step++) journal.note({ action: `step ${step}` })
  const timeline = journal.timeline
  expect(timeline).toHaveLength(2000)
  expect(timeline[0]!.what).toBe('step 2501')
  expect(timeline[1999]!.what).toBe('step 4500')
})

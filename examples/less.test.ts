// less, a pager: page through and search a 1000-line file.
import { test, expect, type TmuxFixture } from 'tmuxpect/vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A 1000-line file ("line 1" … "line 1000", one needle) in a fresh directory, removed when the test ends. */
function bigFile(onTestFinished: (fn: () => void) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'tmuxpect-less-'))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  const lines = Array.from({ length: 1000 }, (_, index) => `line ${index + 1}${index + 1 === 637 ? ': the needle' : ''}`)
  writeFileSync(join(dir, 'big.txt'), lines.join('\n') + '\n')
  return dir
}

// -M: a long prompt that says where we are ("lines 1-23/1000 2%"), which is
// what a test can wait for. LESSHISTFILE=-: no ~/.lesshst read or written.
const startLess = (tmux: TmuxFixture, dir: string) =>
  tmux.spawn(['less', '-M', 'big.txt'], { cwd: dir, env: { LESSHISTFILE: '-' } })

test('less searches a long file', async ({ tmux, onTestFinished }) => {
  const dir = bigFile(onTestFinished)
  const less = await startLess(tmux, dir)
  // 24 rows: 23 lines of text and the prompt.
  await expect(less).toShowOnScreen('big.txt lines 1-23/1000 2%')

  // While it is being typed the search shows on the prompt row ("/needle"),
  // so check where the match lands rather than that the word is on screen.
  await less.submit('/needle')
  const screen = await less.waitFor((screen) => screen.lines[0] === 'line 637: the needle')
  expect(screen.lines[22]).toBe('line 659')
  await expect(less).toShowOnScreen('lines 637-659/1000 66%')

  // A search with no match says so, and waits for Enter.
  await less.submit('/haystack')
  await expect(less).toShowOnScreen('Pattern not found')
  await less.press('Enter')
  await expect(less).not.toShowOnScreen('Pattern not found')

  // q quits, with exit code 0.
  await less.press('q')
  await expect(less).toHaveExited({ code: 0 })
})

test('less jumps to the end and back', async ({ tmux, onTestFinished }) => {
  const dir = bigFile(onTestFinished)
  const less = await startLess(tmux, dir)
  await expect(less).toShowOnScreen('lines 1-23/1000')

  // G: the last page, and the prompt says (END).
  await less.press('G')
  await expect(less).toShowOnScreen(/^line 1000\n.*\(END\)$/m)

  // g: back to the first line.
  await less.press('g')
  await expect(less).toShowOnScreen(/^line 1$/m)
  await expect(less).toShowOnScreen('lines 1-23/1000')

  // A taller terminal: less gets SIGWINCH and fills it. less notices the
  // signal only while it waits for a key: one that lands while it is still
  // busy with the last key is missed until the next key (less's own race,
  // seen without tmux too). So let it go idle first.
  await less.waitForStable()
  await less.resize(80, 40)
  await expect(less).toShowOnScreen('lines 1-39/1000')
  await expect(less).toShowOnScreen(/^line 39$/m)

  await less.press('q')
  await expect(less).toHaveExited({ code: 0 })
})

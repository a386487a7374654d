// vim, a full-screen editor: edit files, save with :wq, read them back from disk.
import { test, expect } from 'tmuxpect/vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// A bare vim: no vimrc or plugins (-u NONE) but vim defaults (-N), no
// viminfo (-i NONE) and no swap file (-n), so no machine's setup leaks in.
const VIM = ['vim', '-N', '-u', 'NONE', '-i', 'NONE', '-n']

/** A fresh directory for the test's files, removed when the test ends. */
function scratchDirectory(onTestFinished: (fn: () => void) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'tmuxpect-vim-'))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

test('vim writes a new file with :wq', async ({ tmux, onTestFinished }) => {
  const dir = scratchDirectory(onTestFinished)
  const vim = await tmux.spawn([...VIM, 'notes.txt'], { cwd: dir })
  // vim says it is ready on its last row.
  await expect(vim).toShowOnScreen('"notes.txt" [New]')

  await vim.press('i')
  await expect(vim).toShowOnScreen('-- INSERT --')
  // In insert mode a newline in typed text starts a new line.
  await vim.type('hello from tmuxpect\nsecond line')
  await expect(vim).toShowOnScreen(/^second line$/m)
  await expect(vim).toHaveCursorAt(11, 1)

  // tmuxpect's server sets escape-time 0, so Escape is never taken for Alt.
  await vim.press('Escape', ':', 'w', 'q', 'Enter')
  await expect(vim).toHaveExited({ code: 0 })
  expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('hello from tmuxpect\nsecond line\n')
})

test('vim edits an existing file', async ({ tmux, onTestFinished }) => {
  const dir = scratchDirectory(onTestFinished)
  writeFileSync(join(dir, 'todo.txt'), 'TODO write tests\nTODO run them\nremove this line\n')
  const vim = await tmux.spawn([...VIM, 'todo.txt'], { cwd: dir })
  await expect(vim).toShowOnScreen('"todo.txt" 3L, 48B')

  // An Ex command, typed on vim's command line.
  await vim.submit(':%s/TODO/DONE/')
  await expect(vim).toShowOnScreen(/^DONE run them$/m)
  // The command stays on vim's last row, so look for TODO at a row's start only.
  await expect(vim).not.toShowOnScreen(/^TODO/m)

  // Normal-mode keys: G goes to the last line (the cursor says so), dd deletes it.
  await vim.press('G')
  await expect(vim).toHaveCursorAt(0, 2)
  await vim.press('d', 'd')
  await expect(vim).not.toShowOnScreen('remove this line')

  await vim.submit(':wq')
  await expect(vim).toHaveExited({ code: 0 })
  expect(readFileSync(join(dir, 'todo.txt'), 'utf8')).toBe('DONE write tests\nDONE run them\n')
})

test('vim quits with an error code and leaves the file alone', async ({ tmux, onTestFinished }) => {
  const dir = scratchDirectory(onTestFinished)
  writeFileSync(join(dir, 'keep.txt'), 'original\n')
  const vim = await tmux.spawn([...VIM, 'keep.txt'], { cwd: dir })
  await expect(vim).toShowOnScreen('"keep.txt" 1L, 9B')

  await vim.press('d', 'd')
  await expect(vim).not.toShowOnScreen('original')
  // :cq quits without writing, with an exit code a calling script can see
  // (git uses this to abort a commit from the editor).
  await vim.submit(':cq 7')
  await expect(vim).toHaveExited({ code: 7 })
  expect(readFileSync(join(dir, 'keep.txt'), 'utf8')).toBe('original\n')
})

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { test, expect } from 'tmuxpect/vitest'

test('vim edits a file and saves it with :wq', async ({ tmux }) => {
  const folder = mkdtempSync(join(tmpdir(), 'compat-vim-'))
  try {
    const file = join(folder, 'notes.txt')
    writeFileSync(file, 'first line\n')
    const vim = await tmux.spawn(['vim', '-u', 'NONE', '-N', '-n', file])
    await expect(vim).toShowOnScreen('first line')
    await vim.press('G', 'o')
    await vim.type('added by tmuxpect')
    await vim.press('Escape')
    await expect(vim).toHaveCursorAt(16, 1)
    await vim.type(':wq')
    await vim.press('Enter')
    await expect(vim).toHaveExited({ code: 0 })
    // The project's own execa (10 on Node 24, beside tmuxpect's own 9).
    const { stdout } = await execa('cat', [file])
    expect(stdout).toBe('first line\nadded by tmuxpect')
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
})

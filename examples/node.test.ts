// The Node.js REPL, driven as a person at a terminal would use it.
import { test, expect, type TmuxFixture } from 'tmuxpect/vitest'

// An empty NODE_REPL_HISTORY keeps the REPL from reading or writing
// ~/.node_repl_history: every run starts from the same state.
const startNode = (tmux: TmuxFixture) => tmux.spawn(['node'], { env: { NODE_REPL_HISTORY: '' } })

test('node evaluates an expression', async ({ tmux }) => {
  const node = await startNode(tmux)
  // Rows are compared with trailing spaces trimmed: the prompt "> " is ">".
  await expect(node).toShowOnScreen(/^> $/m)

  // The REPL previews the result of what is typed, before Enter is pressed:
  // a bare /^42$/m would already match here.
  await node.type('6 * 7')
  await expect(node).toShowOnScreen(/^> 6 \* 7\n42$/m)

  // So wait for the result *and* the next prompt below it.
  await node.press('Enter')
  await expect(node).toShowOnScreen(/^42\n> $/m)

  // Ctrl-D on an empty line leaves the REPL, which exits with 0.
  await node.press('C-d')
  await expect(node).toHaveExited({ code: 0 })
})

test('node continues a multi-line function with "..."', async ({ tmux }) => {
  const node = await startNode(tmux)
  await expect(node).toShowOnScreen(/^> $/m)

  // An open brace makes the REPL ask for more: a "..." prompt (Node 24: "|").
  await node.submit('function add(a, b) {')
  await expect(node).toShowOnScreen(/^(\.\.\.|\|) $/m)
  await node.submit('  return a + b')
  await node.submit('}')
  // A declaration evaluates to undefined; then the normal prompt is back.
  await expect(node).toShowOnScreen(/^undefined\n> $/m)

  await node.submit('add(40, 2)')
  await expect(node).toShowOnScreen(/^42\n> $/m)

  await node.submit('.exit')
  await expect(node).toHaveExited({ code: 0 })
})

test('node pastes a block in editor mode', async ({ tmux }) => {
  const node = await startNode(tmux)
  await expect(node).toShowOnScreen(/^> $/m)

  // .editor takes a block of lines and runs them together on Ctrl-D.
  await node.submit('.editor')
  await expect(node).toShowOnScreen('Entering editor mode')
  // paste() sends text as a terminal pastes it, newlines included.
  await node.paste('function greet(name) {\n  return `hello, ${name}`\n}\ngreet("tmux")')
  await expect(node).toShowOnScreen(/^greet\("tmux"\)$/m)
  await node.press('C-d')
  await expect(node).toShowOnScreen(/^'hello, tmux'\n> $/m)

  await node.press('C-d')
  await expect(node).toHaveExited({ code: 0 })
})

test('node reports an uncaught error and keeps going', async ({ tmux }) => {
  const node = await startNode(tmux)
  await expect(node).toShowOnScreen(/^> $/m)

  await node.submit('null.x')
  await expect(node).toShowOnScreen(/^Uncaught TypeError: Cannot read properties of null/m)

  // The REPL survives its errors; process.exit ends it with any code.
  await node.submit('process.exit(5)')
  await expect(node).toHaveExited({ code: 5 })
})

// A full-screen Ink app: it takes the alternate screen, fills the whole
// terminal (and refills it on resize), and gives the screen back on exit.
// Keys: ↑/↓ move, Enter opens, q quits. The mouse works too: a click on a
// row opens it, the wheel moves the selection.
// Run: npx tsx examples/apps/ink-fullscreen.tsx
import { useEffect, useState } from 'react'
import { Box, Text, render, useApp, useInput, useStdin, useStdout } from 'ink'

const FILES = ['README.md', 'package.json', 'src/index.ts', 'src/screen.ts', 'test/screen.test.ts']
const LIST_TOP = 2 // the first file's row: under the border and the title

// Alternate screen on; mouse reports on (button events, SGR encoding).
process.stdout.write('\x1b[?1049h\x1b[?1000h\x1b[?1006h')
const restore = () => process.stdout.write('\x1b[?1000l\x1b[?1006l\x1b[?1049l')

function useTerminalSize() {
  const { stdout } = useStdout()
  const [size, setSize] = useState({ columns: stdout.columns, rows: stdout.rows })
  useEffect(() => {
    const onResize = () => setSize({ columns: stdout.columns, rows: stdout.rows })
    stdout.on('resize', onResize)
    return () => {
      stdout.off('resize', onResize)
    }
  }, [stdout])
  return size
}

function Browser() {
  const { exit } = useApp()
  const { stdin } = useStdin()
  const { columns, rows } = useTerminalSize()
  const [selected, setSelected] = useState(0)
  const [opened, setOpened] = useState<string>()

  // Ink reads keys; mouse reports (ESC [ < b ; x ; y M) are read here.
  useEffect(() => {
    const onData = (data: Buffer) => {
      for (const [, button, , y, final] of data.toString('latin1').matchAll(/\x1b\[<(\d+);(\d+);(\d+)([Mm])/g)) {
        const code = Number(button)
        const row = Number(y) - 1 - LIST_TOP
        if (code === 64) setSelected((index) => Math.max(index - 1, 0))
        else if (code === 65) setSelected((index) => Math.min(index + 1, FILES.length - 1))
        else if (code === 0 && final === 'M' && row >= 0 && row < FILES.length) {
          setSelected(row)
          setOpened(FILES[row])
        }
      }
    }
    stdin.on('data', onData)
    return () => {
      stdin.off('data', onData)
    }
  }, [stdin])

  useInput((input, key) => {
    if (input === 'q') exit()
    else if (key.upArrow) setSelected((index) => Math.max(index - 1, 0))
    else if (key.downArrow) setSelected((index) => Math.min(index + 1, FILES.length - 1))
    else if (key.return) setOpened(FILES[selected])
  })

  // useInput switches the terminal to raw mode in an effect, after the first
  // frame: show the list only once keys are read (this effect runs after it).
  const [listening, setListening] = useState(false)
  useEffect(() => setListening(true), [])

  return (
    <Box flexDirection="column" width={columns} height={rows} borderStyle="single">
      <Text bold>Files ({columns}×{rows})</Text>
      {listening && FILES.map((file, index) => (
        <Text key={file} inverse={index === selected}>
          {file}
        </Text>
      ))}
      <Box flexGrow={1} />
      <Text>{opened ? `Opened ${opened}` : 'Enter or click opens, q quits'}</Text>
    </Box>
  )
}

const app = render(<Browser />)
await app.waitUntilExit()
app.cleanup()
restore()

// An Ink app: pick a fruit with the arrow keys and Enter; Ctrl-C cancels.
// Run: npx tsx examples/apps/ink-list.tsx
import { useEffect, useState } from 'react'
import { Box, Text, render, useApp, useInput } from 'ink'

const FRUITS = ['Apple', 'Banana', 'Cherry', 'Durian']

function FruitList() {
  const { exit } = useApp()
  const [selected, setSelected] = useState(0)
  const [outcome, setOutcome] = useState<string>()

  useInput((input, key) => {
    if (outcome) return
    if (key.ctrl && input === 'c') {
      // Ink would unmount and leave the list as it was; say so, and exit as a shell would (128 + SIGINT).
      setOutcome('Cancelled, nothing chosen.')
      process.exitCode = 130
    } else if (key.upArrow) {
      setSelected((index) => (index + FRUITS.length - 1) % FRUITS.length)
    } else if (key.downArrow) {
      setSelected((index) => (index + 1) % FRUITS.length)
    } else if (key.return) {
      setOutcome(`You chose ${FRUITS[selected]}.`)
    }
  })

  // useInput switches the terminal to raw mode in an effect, after the first
  // frame is drawn: keys sent before that are not read as keys. So the list
  // shows only once this effect (run after useInput's) says keys are read.
  const [listening, setListening] = useState(false)
  useEffect(() => setListening(true), [])

  // Exit once the outcome is on screen (an exit() in the same tick as the
  // state change would unmount before drawing it).
  useEffect(() => {
    if (outcome) exit()
  }, [outcome, exit])

  if (outcome) return <Text>{outcome}</Text>
  if (!listening) return <Text>Loading…</Text>
  return (
    <Box flexDirection="column">
      <Text bold>Pick a fruit (↑/↓, Enter):</Text>
      {FRUITS.map((fruit, index) =>
        index === selected ? (
          <Text key={fruit} inverse>{`❯ ${fruit}`}</Text>
        ) : (
          <Text key={fruit}>{`  ${fruit}`}</Text>
        ),
      )}
    </Box>
  )
}

render(<FruitList />, { exitOnCtrlC: false })

// An Ink component that redraws on a timer: a build that counts its steps
// up every 100 ms, then says it is done and exits.
// Run: npx tsx examples/apps/ink-timer.tsx [steps]
import { useEffect, useState } from 'react'
import { Text, render, useApp } from 'ink'

const STEPS = Number(process.argv[2] ?? 20)

function Build() {
  const { exit } = useApp()
  const [done, setDone] = useState(0)

  useEffect(() => {
    const timer = setInterval(() => setDone((count) => Math.min(count + 1, STEPS)), 100)
    return () => clearInterval(timer)
  }, [])

  useEffect(() => {
    if (done === STEPS) exit()
  }, [done, exit])

  const width = 20
  const filled = Math.round((done / STEPS) * width)
  return (
    <Text>
      {done === STEPS ? 'Built' : 'Building'} [{'#'.repeat(filled)}
      {'.'.repeat(width - filled)}] {done}/{STEPS}
    </Text>
  )
}

render(<Build />)

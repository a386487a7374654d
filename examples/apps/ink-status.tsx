// An Ink status line in the project's brand colour (an RGB hex colour, as
// design systems give them), with a green "ready", then exit.
// Run: npx tsx examples/apps/ink-status.tsx
import { Box, Text, render } from 'ink'

function Status() {
  return (
    <Box gap={1}>
      <Text color="#ff8800" bold>
        ▲ deploy
      </Text>
      <Text color="green">ready</Text>
    </Box>
  )
}

// Drawn once: unmounting writes the last frame and lets Node exit.
render(<Status />).unmount()

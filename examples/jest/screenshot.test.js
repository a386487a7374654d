// A golden screenshot from Jest: the same matcher on Jest's `expect`. Jest's
// snapshot state says when to write it (`jest -u` rewrites; `--ci` writes none).
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { TmuxServer } from 'tmuxpect'

let server
beforeAll(async () => {
  server = await TmuxServer.start()
})
afterAll(() => server.kill())

test('a coloured status line matches its golden', async () => {
  const session = await server.spawn(['sh', '-c', "printf 'build \\033[1;32mpassed\\033[0m in \\033[38;5;208m4.2 s\\033[0m\\n'; exec cat"], { cols: 40, rows: 4 })
  await expect(session).toShowOnScreen('4.2 s')
  await expect(session).toMatchScreenshot('status-line')
  await session.kill()
})

// bc, the calculator, driven from Jest; its screen kept as a snapshot-style frame.
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { TmuxServer } from 'tmuxpect'

let server
beforeAll(async () => {
  server = await TmuxServer.start()
})
afterAll(() => server.kill())

test('bc keeps state between lines and quits cleanly', async () => {
  const bc = await server.spawn(['bc', '-q'], { cols: 40, rows: 6 })
  await bc.submit('scale = 3')
  await bc.submit('x = 22 / 7')
  await bc.submit('x * 2')
  await expect(bc).toShowOnScreen(/^6\.284$/m)
  const screen = await bc.screen()
  expect(screen).toShowOnScreen('x = 22 / 7')
  expect(String(screen)).toContain('│6.284')
  await bc.submit('quit')
  await expect(bc).toHaveExited({ code: 0 })
})

/**
 * Pictures as people see them: a real program's coloured screen rendered to
 * pixels, by resvg (the PNG renderer) and by Chromium, and each styled
 * cell's pixels have its colour. The PNG renderer is loaded only when a PNG
 * is asked for, and a missing one is a clear error.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { describe, expect as vitestExpect, test as plainTest } from 'vitest'
import type { Screen } from 'tmuxpect'
import { expect, test } from 'tmuxpect/vitest'
import { GEOMETRY } from '../src/svg.js'
import { RendererMissingError } from 'tmuxpect'
import { loadRenderer, svgToPNG, svgToPixels } from '../src/png.js'
import { THEMES } from '../src/themes.js'

const FIXTURES = fileURLToPath(new URL('./fixtures/pictures/', import.meta.url))
const CHROMIUM = '/usr/bin/chromium'

// Full blocks (█) fill their cell with the foreground colour; blanks show the background.
const BLOCKS =
  "printf '\\033[38;2;200;30;40m██\\033[0m \\033[48;5;33m  \\033[0m \\033[7;32m  \\033[0m \\033[1;34m█\\033[0m \\033[38;5;208m█\\033[0m\\n'; exec cat"

/** The cells to look at, and the colour each must show at its centre (dark theme). */
const EXPECTED: [x: number, y: number, colour: string, what: string][] = [
  [0, 0, '#c81e28', 'RGB foreground'],
  [1, 0, '#c81e28', 'RGB foreground'],
  [3, 0, '#0087ff', '256-colour background 33'],
  [6, 0, THEMES.dark.green, 'inverse green: background in the foreground colour'],
  [9, 0, THEMES.dark.blue, 'bold blue'],
  [11, 0, '#ff8700', '256-colour foreground 208'],
  [2, 0, THEMES.dark.background, 'default background'],
  [0, 1, THEMES.dark.cursor, 'cursor block'],
]

function centre(x: number, y: number): [number, number] {
  return [GEOMETRY.padding + x * GEOMETRY.cellWidth + Math.floor(GEOMETRY.cellWidth / 2), GEOMETRY.padding + y * GEOMETRY.cellHeight + Math.floor(GEOMETRY.cellHeight / 2)]
}

const hex = (rgba: ArrayLike<number>, at: number) => `#${[0, 1, 2].map((part) => rgba[at + part]!.toString(16).padStart(2, '0')).join('')}`

async function blocksScreen(spawn: (command: string[]) => Promise<import('tmuxpect').Session>): Promise<Screen> {
  const session = await spawn(['sh', '-c', BLOCKS])
  await expect(session).toShowOnScreen('█ █')
  return session.screen({ styles: true })
}

describe('rendered pictures', () => {
  test('resvg (the PNG renderer): each styled cell shows its colour', async ({ tmux }) => {
    const svg = (await blocksScreen((command) => tmux.spawn(command))).toSVG()
    const { pixels, width } = await svgToPixels(svg)
    const seen = EXPECTED.map(([x, y, , what]) => {
      const [px, py] = centre(x, y)
      return [x, y, hex(pixels, (py * width + px) * 4), what]
    })
    vitestExpect(seen).toEqual(EXPECTED)
    const png = await svgToPNG(svg)
    vitestExpect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  })

  test.skipIf(!existsSync(CHROMIUM))('Chromium: each styled cell shows its colour', async ({ tmux }) => {
    const svg = (await blocksScreen((command) => tmux.spawn(command))).toSVG()
    const { chromium } = await import('playwright-core')
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    })
    try {
      const page = await browser.newPage()
      // The SVG as an image (as a report page or a pull request shows it), drawn on a canvas to read its pixels.
      const rgba = await page.evaluate(
        async ({ svg, points }) => {
          // This runs in the page (the project's types have no DOM).
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          const { Image, document, btoa, TextEncoder } = globalThis as any
          const image = new Image()
          image.src = `data:image/svg+xml;base64,${btoa(String.fromCharCode(...new TextEncoder().encode(svg)))}`
          await image.decode()
          const canvas = document.createElement('canvas')
          canvas.width = image.naturalWidth
          canvas.height = image.naturalHeight
          const context = canvas.getContext('2d')!
          context.drawImage(image, 0, 0)
          return points.map(([x, y]) => Array.from(context.getImageData(x!, y!, 1, 1).data as ArrayLike<number>))
        },
        { svg, points: EXPECTED.map(([x, y]) => centre(x, y)) },
      )
      vitestExpect(EXPECTED.map(([x, y, , what], index) => [x, y, hex(rgba[index]!, 0), what])).toEqual(EXPECTED)
    } finally {
      await browser.close()
    }
  }, 90_000) // a browser's start alone takes seconds on a loaded machine

  plainTest('a plain run loads no renderer; asking for a PNG loads it', async () => {
    const result = await execa(process.execPath, ['--import', 'tsx', join(FIXTURES, 'renderer-loading.ts')], { reject: false, timeout: 60_000 })
    vitestExpect(result.stderr).toBe('')
    vitestExpect(JSON.parse(result.stdout)).toMatchObject({ afterSVG: false, pngSignature: 'PNG', afterPNG: true })
  })

  plainTest('a missing renderer is an error that says what to install', async () => {
    const missing = loadRenderer(() => Promise.reject(new Error("Cannot find package '@resvg/resvg-js'")))
    await vitestExpect(missing).rejects.toThrow(RendererMissingError)
    await vitestExpect(missing).rejects.toThrow(/npm install --save-dev @resvg\/resvg-js/)
  })
})

/**
 * `session.screenshot({ path?, theme? })`: the screen with its styles as a
 * self-contained SVG, written to `path` when given. A path ending in `.png`
 * gets a PNG, rendered from the SVG by @resvg/resvg-js, which is imported
 * only then (src/png.ts).
 */
import { writePicture } from './artifacts.js'
import { OptionError } from './errors.js'
import { describeValue, readOptions } from './options.js'
import { svgToPNG } from './png.js'
import type { Screen } from './screen.js'
import { resolveTheme, type Theme } from './themes.js'

export interface ScreenshotOptions {
  /** Write the picture here too: `.svg`, or `.png` (needs @resvg/resvg-js). Relative to the cwd. */
  path?: string
  /** `'dark'` (default), `'light'`, or a palette object (see Theme). */
  theme?: Theme
}

const FIELDS = {
  path: (value: unknown, key: string): string => {
    if (typeof value !== 'string' || !/\.(svg|png)$/i.test(value)) {
      throw new OptionError(`screenshot option ${key} must be a file path ending in .svg or .png, got ${describeValue(value)}`)
    }
    return value
  },
  theme: (value: unknown, key: string): Theme => {
    resolveTheme(value, `screenshot option ${key}`)
    return value as Theme
  },
}

/** Validated options, read before the screen is, so a bad option costs no capture. */
export function readScreenshotOptions(options: unknown): ScreenshotOptions {
  return readOptions(options, 'screenshot options', FIELDS)
}

/** The screen's SVG; written to `options.path` (as SVG or PNG) when given. */
export async function screenshotOf(screen: Screen, options: ScreenshotOptions): Promise<string> {
  const svg = screen.toSVG({ theme: options.theme })
  if (options.path !== undefined) {
    await writePicture(options.path, /\.png$/i.test(options.path) ? await svgToPNG(svg) : svg)
  }
  return svg
}

/**
 * PNG on request: an SVG rendered by @resvg/resvg-js (resvg, a Rust SVG
 * renderer shipped as a prebuilt binary per platform; no browser). It is an
 * optional peer dependency, imported only when a PNG is asked for, so a
 * test run that never asks for one never loads it.
 */
import { RendererMissingError } from './errors.js'

export const PNG_RENDERER = '@resvg/resvg-js'

interface ResvgModule {
  Resvg: new (svg: string, options?: Record<string, unknown>) => { render(): { asPng(): Buffer; pixels: Buffer; width: number; height: number } }
}

let loading: Promise<ResvgModule> | undefined

/**
 * Import the renderer (once); a missing one is a RendererMissingError that
 * says what to install. `importer` stands in for `import()` in tests.
 */
export function loadRenderer(importer?: (name: string) => Promise<unknown>): Promise<ResvgModule> {
  if (importer) return importRenderer(importer)
  loading ??= importRenderer((name) => import(name)).catch((error: unknown) => {
    loading = undefined
    throw error
  })
  return loading
}

function importRenderer(importer: (name: string) => Promise<unknown>): Promise<ResvgModule> {
  return importer(PNG_RENDERER).then(
    (module) => {
      const resvg = ((module as { default?: ResvgModule }).default ?? module) as ResvgModule
      if (typeof resvg.Resvg !== 'function') throw new Error(`${PNG_RENDERER} has no Resvg export`)
      return resvg
    },
    (error: unknown) => {
      throw new RendererMissingError(
        `A PNG needs ${PNG_RENDERER}, which could not be loaded (${(error as Error).message.split('\n')[0]}).\n` +
          `Install it beside tmuxpect: npm install --save-dev ${PNG_RENDERER}\n` +
          'Or ask for an SVG (a path ending in .svg, or no path): it needs nothing more.',
        PNG_RENDERER,
      )
    },
  )
}

/** Options for the renderer: system fonts, `monospace` mapped to a font most Linux machines have. */
const RENDER_OPTIONS = {
  font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans Mono', monospaceFamily: 'DejaVu Sans Mono' },
  background: undefined,
}

/** The SVG as PNG bytes, at its own size (1 SVG unit = 1 pixel) times `scale`. */
export async function svgToPNG(svg: string, scale = 1): Promise<Buffer> {
  const { Resvg } = await loadRenderer()
  const options = scale === 1 ? RENDER_OPTIONS : { ...RENDER_OPTIONS, fitTo: { mode: 'zoom', value: scale } }
  return new Resvg(svg, options).render().asPng()
}

/** The SVG as raw RGBA pixels (for tests that look at a cell's colour). */
export async function svgToPixels(svg: string): Promise<{ pixels: Buffer; width: number; height: number }> {
  const { Resvg } = await loadRenderer()
  const image = new Resvg(svg, RENDER_OPTIONS).render()
  return { pixels: image.pixels, width: image.width, height: image.height }
}

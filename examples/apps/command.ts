// How the examples start their apps: Node with tsx's loader, as a user runs
// a TypeScript CLI during development (`node --import tsx cli.tsx`).
import { fileURLToPath } from 'node:url'

/** The repository root: where tsx and the apps' packages resolve from (and tsconfig.json's "jsx"). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** The argv that runs examples/apps/<file>, plus its arguments. */
export function appCommand(file: string, ...args: string[]): string[] {
  return [process.execPath, '--import', 'tsx', fileURLToPath(new URL(file, import.meta.url)), ...args]
}

/**
 * For the first wait on an app: Node, tsx and a UI framework take a second
 * or two to load on a quiet machine and ten times that on a busy one (8 s
 * measured under a load of 13 on 2 cores, over 20 s under a load of 20).
 * The steps after it keep the default timeout; the examples give each test
 * room for this with `vi.setConfig({ testTimeout })`.
 */
export const STARTUP = { timeout: 60_000 }

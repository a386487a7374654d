/**
 * Failure evidence as text, shared by wait errors, matchers and the fixture:
 * the story of what was awaited, how long, why it ended, the screen, the
 * last actions and the attach line. Built only when a failure is reported.
 */
import type { ExitStatus } from './errors.js'
import type { Screen } from './screen.js'

export interface ActionRecord {
  /** ms since the session started. */
  at: number
  what: string
}

export interface SessionSummary {
  name: string
  program: string
  state: string
  attachCommand: string
  actions: readonly ActionRecord[]
}

export function describeExit(exit: ExitStatus): string {
  if (exit.signal) return `killed by ${exit.signal}`
  if (exit.code !== null) return `exited with code ${exit.code}`
  return 'exited (status unknown)'
}

export function describeScreen(screen: Screen | undefined): string {
  if (!screen) return 'Screen:   (none captured)'
  return `Screen (${screen.cols}×${screen.rows}, cursor at ${screen.cursor.x},${screen.cursor.y}):\n${screen.toString()}`
}

export function describeActions(actions: readonly ActionRecord[]): string {
  if (actions.length === 0) return 'Last actions: none'
  const first = actions[0]!.at
  return `Last actions: ${actions.map((action) => `+${Math.round(action.at - first)} ms ${action.what}`).join(' · ')}`
}

/** Preview of typed text for the action log: short, one line, visible escapes. */
export function previewText(text: string, limit = 40): string {
  const shown = JSON.stringify(text.length > limit ? text.slice(0, limit) : text)
  return text.length > limit ? `${shown}… (${text.length} chars)` : shown
}

export function sessionBlock(session: SessionSummary, screen: Screen | undefined): string {
  return [
    `Session:  ${session.name}  (${session.program}), ${session.state}`,
    describeScreen(screen),
    describeActions(session.actions),
    `Attach:   ${session.attachCommand}`,
  ].join('\n')
}

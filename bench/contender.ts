/** What every contender in the benchmark offers: the same few verbs, measured the same way. */

/** An instant program: no echo, answers each line at once. */
export const ECHO_PROGRAM = 'stty -echo; echo READY; exec cat'

export interface SpawnSpec {
  /** Run by `/bin/sh -c`. */
  command: string
  cols?: number
  rows?: number
}

export interface Handle {
  /** Type `line` and Enter, byte-exact. */
  submit(line: string): Promise<void>
  /** Resolve once `text` is on the screen (soft-wrapped rows joined); reject after `timeoutMs`. */
  waitFor(text: string, timeoutMs: number): Promise<void>
  /** End the session (and its program). */
  kill(): Promise<void>
}

export interface Contender {
  readonly name: string
  start(): Promise<void>
  spawn(spec: SpawnSpec): Promise<Handle>
  stop(): Promise<void>
}

/** Hex bytes of a line plus Enter (CR), for `send-keys -H`: exact whatever the text. */
export function hexLine(line: string): string {
  let out = ''
  for (const byte of Buffer.from(line + '\r', 'utf8')) out += ' ' + byte.toString(16).padStart(2, '0')
  return out.slice(1)
}

/** The environment programs run in: ours, minus anything that points at an outer tmux. */
export function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== 'TMUX' && key !== 'TMUX_PANE') env[key] = value
  }
  return env
}

let socketCounter = 0
/** A socket name no other run uses: exp-bench-<kind>-<pid>-<n>. */
export function benchSocket(kind: string): string {
  return `exp-bench-${kind}-${process.pid}-${++socketCounter}`
}

/** Where tmux keeps `-L` sockets. */
export function socketPath(name: string): string {
  return `${process.env.TMUX_TMPDIR || '/tmp'}/tmux-${process.getuid?.() ?? 0}/${name}`
}

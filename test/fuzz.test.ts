/**
 * Byte-exact input, fuzzed: thousands of random lines built from every
 * character tmux's command parser or a shell treats specially, tabs,
 * Latin-1, CJK, emoji with modifiers and joiners, and combining marks, typed
 * (type + Enter, submit, paste) into a program that appends what it reads to
 * a file. The file must equal the input, byte for byte. Seeded: the seed is
 * printed, and FUZZ_SEED=<seed> replays a run.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { TmuxServer, type Session } from 'tmuxpect'
import { makeTmuxTmpdir, removeTree } from './hardening/census.js'

const LINES = Number(process.env.FUZZ_LINES ?? 10_000)
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32))

const tmuxTmpdir = makeTmuxTmpdir()
process.env.TMUX_TMPDIR = tmuxTmpdir
const workDirectory = mkdtempSync(join(tmpdir(), 'tmuxpect-fuzz-'))
let server: TmuxServer

beforeAll(async () => {
  server = await TmuxServer.start()
})

afterAll(async () => {
  await server.kill()
  removeTree(tmuxTmpdir)
  removeTree(workDirectory)
})

/** mulberry32: small, seedable, good enough to pick characters. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ALPHABET: string[][] = [
  // tmux's command parser and the shell: separators, quotes, expansions, comments, blocks, formats
  [';', '\\', "'", '"', '$', '~', '#', '{', '}', '%', '-', '!', '&', '|', '<', '>', '(', ')', '[', ']', '*', '?', '^', '`', '@', '=', ':', '.', ','],
  ['#{pane_id}', '#{', '#[fg=red]', '#S', '##', '${HOME}', '$HOME', '$(id)', '%1', '%%', '\\;', '\\n', '--', ' -t', '\\\\', "'\\''", '{ }'],
  ['\t', ' ', '  '],
  ['a', 'b', 'z', 'A', 'Q', '0', '7', 'send-keys', 'Enter', 'C-c', 'kill-server'],
  // Latin-1 and its no-break space
  ['é', 'ß', 'ñ', 'ü', '©', '¿', '°', 'ÿ', 'Æ', '\u00a0', '½', '±'],
  // CJK and other wide text
  ['漢', '字', '日本語', '한국어', '中文', 'ｶﾀｶﾅ', 'ａｂ'],
  // emoji: skin-tone modifiers, ZWJ families, flags, variation selectors
  ['👍🏽', '👨‍👩‍👧‍👦', '🏳️‍🌈', '❤️', '🇫🇷', '😀', '🧑🏿‍💻', '✌︎'],
  // combining marks, alone and stacked
  ['e\u0301', 'a\u0308', 'n\u0303', '\u0301', 'o\u0308\u0304', 'ก\u0e49\u0e33'],
]

/** Lines whose shape tmux might misread: leading "-", trailing ";", bare syntax. */
const SHAPES = ['-', '-t', ';', '--', '#{pane_id}', '', '~', '$', '\\', '%', '{', '}', "'", '"']

function fuzzLine(next: () => number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!
  if (next() < 0.05) return pick(SHAPES)
  const length = Math.floor(next() * 40)
  let line = ''
  for (let index = 0; index < length; index++) line += pick(pick(ALPHABET))
  const shape = next()
  if (shape < 0.1) line = '-' + line
  else if (shape < 0.2) line = line + ';'
  else if (shape < 0.25) line = '-' + line + ';'
  return line
}

/** Appends every line it reads to the file; says how many when it reads the end marker. */
const RECORDER = [
  'import sys',
  "out = open(sys.argv[1], 'ab', buffering=0)",
  'count = 0',
  'for line in sys.stdin.buffer:',
  "    if line == b'FUZZ-END\\n':",
  "        print('received %d lines' % count, flush=True)",
  '        continue',
  '    out.write(line)',
  '    count += 1',
].join('\n')

async function recorder(file: string): Promise<Session> {
  const session = await server.spawn(['python3', '-u', '-c', RECORDER, file])
  return session
}

async function finish(session: Session, lines: number): Promise<void> {
  await session.submit('FUZZ-END')
  await session.waitForText(`received ${lines} lines`, { timeout: 30_000 })
}

function firstDifference(actual: Buffer, expected: Buffer): string {
  const actualLines = actual.toString('utf8').split('\n')
  const expectedLines = expected.toString('utf8').split('\n')
  const index = expectedLines.findIndex((line, at) => line !== actualLines[at])
  return `line ${index}: expected ${JSON.stringify(expectedLines[index])}, got ${JSON.stringify(actualLines[index])}`
}

test(`${LINES} random lines arrive byte for byte (type, submit, paste)`, { timeout: 120_000 }, async () => {
  console.log(`fuzz: seed ${SEED}, ${LINES} lines (replay with FUZZ_SEED=${SEED})`)
  const next = random(SEED)
  const file = join(workDirectory, 'typed.bin')
  const session = await recorder(file)
  const lines = Array.from({ length: LINES }, () => fuzzLine(next))
  for (const [index, line] of lines.entries()) {
    if (index % 3 === 0) {
      await session.type(line)
      await session.press('Enter')
    } else if (index % 3 === 1) {
      await session.submit(line)
    } else {
      await session.paste(line + '\n')
    }
  }
  await finish(session, LINES)
  const expected = Buffer.from(lines.map((line) => line + '\n').join(''), 'utf8')
  const actual = readFileSync(file)
  if (!actual.equals(expected)) {
    expect.fail(`seed ${SEED}: typed bytes differ at ${firstDifference(actual, expected)}`)
  }
  expect(actual.length).toBe(expected.length)
})

test('every printable ASCII character pressed as a key name arrives as itself', async () => {
  const file = join(workDirectory, 'pressed.bin')
  const session = await recorder(file)
  const printable = Array.from({ length: 0x7e - 0x21 + 1 }, (_, index) => String.fromCharCode(0x21 + index))
  for (const character of printable) await session.press(character, 'Enter')
  await session.press('-', ';', 'Space', '#', '{', '}', '~', 'Tab', '$', 'Enter')
  await finish(session, printable.length + 1)
  const expected = printable.map((character) => character + '\n').join('') + '-; #{}~\t$\n'
  expect(readFileSync(file, 'utf8')).toBe(expected)
})

// Found by the fuzz (seed 3233147534): a leading `~` is expanded by tmux's
// parser even inside double quotes, and "~\n" is a syntax error.
test('a leading ~ in text with a newline: pasted, and given to a program as an argument', async () => {
  const file = join(workDirectory, 'tilde.bin')
  const session = await recorder(file)
  await session.paste('~\n~/x\t~user\n')
  await finish(session, 2)
  expect(readFileSync(file, 'utf8')).toBe('~\n~/x\t~user\n')
  const printer = await server.spawn(['python3', '-c', 'import sys; print(repr(sys.argv[1:]))', '~\n', '~/a\tb'])
  await printer.waitForExit()
  expect((await printer.screen()).text).toContain(String.raw`['~\n', '~/a\tb']`)
})

import { describe, expect, test } from 'vitest'
import { LineSplitter, decodeOutputData, parseBlockBoundary, parseOutputLine } from '../src/protocol.js'
import { commandLine, quoteArgument, shellQuote } from '../src/quote.js'

describe('control-mode lines', () => {
  test('an %end belongs to the %begin with the same time, number and flags', () => {
    expect(parseBlockBoundary(Buffer.from('%begin 1795572126 266 1'))).toEqual({ kind: 'begin', id: '1795572126 266 1', fromClient: true })
    expect(parseBlockBoundary(Buffer.from('%error 1795572126 266 1'))).toEqual({ kind: 'error', id: '1795572126 266 1', fromClient: true })
    // the attach's own block carries flags 0: not an answer to our commands
    expect(parseBlockBoundary(Buffer.from('%end 1795572126 260 0'))?.fromClient).toBe(false)
    // program text that merely starts like a boundary is not one
    expect(parseBlockBoundary(Buffer.from('%end of story'))).toBeUndefined()
    expect(parseBlockBoundary(Buffer.from('%output %1 x'))).toBeUndefined()
  })

  test('%output gives the pane and where its data starts', () => {
    const line = Buffer.from('%output %12 hi\\015\\012')
    const output = parseOutputLine(line)!
    expect(output.paneId).toBe('%12')
    expect(decodeOutputData(line, output.dataStart).toString()).toBe('hi\r\n')
    const extended = Buffer.from('%extended-output %3 120 : data')
    const parsed = parseOutputLine(extended)!
    expect(parsed.paneId).toBe('%3')
    expect(extended.subarray(parsed.dataStart).toString()).toBe('data')
  })

  test('octal escapes are undone; raw UTF-8 and a lone backslash-digit pair pass through', () => {
    const line = Buffer.concat([Buffer.from('%output %1 a\\134b\\033[1m'), Buffer.from('日本', 'utf8'), Buffer.from('\\0')])
    const decoded = decodeOutputData(line, '%output %1 '.length)
    expect(decoded.toString('utf8')).toBe('a\\b\x1b[1m日本\\0')
  })

  test('lines split across chunks, even inside a multi-byte character, come out whole', () => {
    const stream = Buffer.from('%output %1 日本語\n%begin 1 2 1\nreply\n%end 1 2 1\n', 'utf8')
    const lines: string[] = []
    const splitter = new LineSplitter()
    for (let index = 0; index < stream.length; index += 3) {
      splitter.push(stream.subarray(index, index + 3), (line) => lines.push(line.toString('utf8')))
    }
    expect(lines).toEqual(['%output %1 日本語', '%begin 1 2 1', 'reply', '%end 1 2 1'])
  })
})

describe('quoting for the control-mode command line', () => {
  test('plain text is single-quoted with the quote itself escaped', () => {
    expect(quoteArgument(`it's; $HOME ~ #x {y}`)).toBe(`'it'\\''s; $HOME ~ #x {y}'`)
  })

  test('newlines and control characters go in double quotes with escapes', () => {
    expect(quoteArgument('a\nb\tc$d"e\\f\x1b')).toBe('"a\\nb\\tc\\$d\\"e\\\\f\\033"')
  })

  test('a command line quotes every argument', () => {
    expect(commandLine('send-keys -t %1 --', '-x', 'a;b')).toBe(`send-keys -t %1 -- '-x' 'a;b'`)
  })

  test('shell quoting leaves safe words alone', () => {
    expect(shellQuote('=my-session_1')).toBe('=my-session_1')
    expect(shellQuote('=my session')).toBe(`'=my session'`)
  })
})

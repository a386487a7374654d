/**
 * Quoting for the control-mode command line. tmux parses each line like a
 * config line: `;` splits commands, `$VAR` and `~` expand, `#` starts a
 * comment, `{ }` are blocks, and an empty line detaches the client. So every
 * argument is quoted; single quotes are literal except for `'` itself, and
 * text with a newline or another control character goes in double quotes
 * with escapes (inside them `# ; { }` stay literal; `~` needs `\~`).
 */

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/

export function quoteArgument(value: string): string {
  if (!CONTROL_CHARACTER.test(value)) return `'${value.replaceAll("'", "'\\''")}'`
  let quoted = '"'
  for (const character of value) {
    const code = character.codePointAt(0)!
    if (character === '\\') quoted += '\\\\'
    else if (character === '"') quoted += '\\"'
    else if (character === '$') quoted += '\\$'
    // A leading `~` is expanded even inside double quotes ("~\n" is a syntax error): `\~` is literal.
    else if (character === '~') quoted += '\\~'
    else if (character === '\n') quoted += '\\n'
    else if (character === '\t') quoted += '\\t'
    else if (character === '\r') quoted += '\\r'
    else if (code < 0x20 || code === 0x7f) quoted += '\\' + code.toString(8).padStart(3, '0')
    else quoted += character
  }
  return quoted + '"'
}

/** A whole command line: the command name as is, every argument quoted. */
export function commandLine(name: string, ...args: string[]): string {
  let line = name
  for (const arg of args) line += ' ' + quoteArgument(arg)
  return line
}

/** Quote a word for a POSIX shell (for the attach line a person pastes). */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./=-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`
}

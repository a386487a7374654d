// bash, an interactive shell: exit statuses, job control, Ctrl-C and Ctrl-Z.
import { test, expect, type TmuxFixture } from 'tmuxpect/vitest'

// No startup files, so no machine's .bashrc changes the prompt or the
// history; a prompt of our own to wait for; HISTFILE empty, so nothing is
// written to ~/.bash_history.
const startBash = (tmux: TmuxFixture) =>
  tmux.spawn(['bash', '--norc', '--noprofile'], { env: { PS1: 'ready> ', HISTFILE: '' } })

test('bash sets $? and exits with the code given to exit', async ({ tmux }) => {
  const bash = await startBash(tmux)
  await expect(bash).toShowOnScreen(/^ready> $/m)

  // The typed command stays on screen ("ready> echo "status $?""), so print
  // the result with a word in front and match the whole row: only bash's
  // output can match it, never the echo of what we typed.
  await bash.submit('false; echo "status $?"')
  await expect(bash).toShowOnScreen(/^status 1$/m)
  await bash.submit('true; echo "status $?"')
  await expect(bash).toShowOnScreen(/^status 0$/m)

  await bash.submit('exit 3')
  await expect(bash).toHaveExited({ code: 3 })
})

test('bash runs a job in the background', async ({ tmux }) => {
  const bash = await startBash(tmux)
  await expect(bash).toShowOnScreen(/^ready> $/m)

  // bash prints the job number and the PID of a background job.
  await bash.submit('sleep 100 &')
  await expect(bash).toShowOnScreen(/^\[1\] \d+$/m)
  await bash.submit('jobs')
  await expect(bash).toShowOnScreen(/^\[1\]\+ +Running +sleep 100 &$/m)

  // Kill the job (a test leaves nothing running) and read its status: 128 + SIGTERM.
  await bash.submit('kill %1; wait %1; echo "status $?"')
  await expect(bash).toShowOnScreen(/^status 143$/m)

  await bash.submit('exit')
  await expect(bash).toHaveExited({ code: 0 })
})

test('bash stops a job with Ctrl-Z, resumes it with fg, ends it with Ctrl-C', async ({ tmux }) => {
  const bash = await startBash(tmux)
  await expect(bash).toShowOnScreen(/^ready> $/m)

  // Keys like Ctrl-Z and Ctrl-C go to whichever program holds the terminal
  // when they arrive, so every step waits for proof of who holds it.
  // cat proves it by answering: a line typed to it shows twice, the
  // terminal's echo and then cat's copy. "cat starts" proves bash has read
  // its command line (text typed sooner would meet bash's line editor
  // settings, and not be echoed).
  await bash.submit('echo "cat starts"; cat')
  await expect(bash).toShowOnScreen(/^cat starts$/m)
  await bash.submit('hello')
  await expect(bash).toShowOnScreen(/^hello\nhello$/m)

  // Ctrl-Z stops the job; the terminal echoes ^Z and bash reports it.
  await bash.press('C-z')
  await expect(bash).toShowOnScreen(/^\^Z\n\[1\]\+ +Stopped +cat$/m)
  await bash.submit('jobs')
  await expect(bash).toShowOnScreen(/^ready> jobs\n\[1\]\+ +Stopped +cat$/m)

  // fg names the job it brings back, once it has read its command line.
  await bash.submit('fg')
  await expect(bash).toShowOnScreen(/^ready> fg\ncat$/m)
  await bash.submit('again')
  await expect(bash).toShowOnScreen(/^again\nagain$/m)

  // Ctrl-C ends cat, and $? is 128 + SIGINT.
  await bash.press('C-c')
  await expect(bash).toShowOnScreen(/^\^C\nready> $/m)
  await bash.submit('echo "status $?"')
  await expect(bash).toShowOnScreen(/^status 130$/m)

  // Ctrl-D on an empty line ends bash, with the last command's status. Like
  // any control key it waits for the prompt: bash draws it once its line
  // editor reads keys again (sooner, Ctrl-D would be a stray byte).
  await expect(bash).toShowOnScreen(/^status 130\nready> $/m)
  await bash.press('C-d')
  await expect(bash).toHaveExited({ code: 0 })
})

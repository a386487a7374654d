/**
 * The drain pipe: tmux before 3.7 closes an exited program's pane without
 * reading what is left in its pty unless the pane is piped
 * (window_pane_destroy_ready), so a program that printed a lot and exited
 * while tmux was behind lost its last lines. A pipe to a sink makes tmux
 * drain the pty first (docs/tmux-quirks.md, "An exiting program's unread
 * output is thrown away"). This room decides where the pipe is needed and
 * what reads it; tmux-commands.ts makes the command.
 */
import { versionAtLeast } from './tmux-version.js'

/**
 * Measured with the reproduction in docs/tmux-quirks.md: 3.1c, 3.3a and
 * 3.5a lose the tail without the pipe; 3.7c and 3.8 keep it. 3.6 could not
 * be had here, so it keeps the pipe.
 */
export function needsDrainPipe(tmuxVersion: string): boolean {
  return !versionAtLeast(tmuxVersion, '3.7')
}

/**
 * What reads the pipe (a shell command). tmux writes every output of a piped
 * pane into the pipe, so a sink that waits in read(), as cat does, is woken
 * for each: with 100 busy sessions those wakes cost a tenth of two cores
 * (`node --import tsx bench/concurrent-cost.ts tmuxpect 3000`). This one
 * reads all there is, then sleeps 50 ms, so tmux's writes wake nobody. tmux
 * still drains: it waits for its own pipe buffer to empty as well as for
 * the pty, which the sleep only delays. perl is on macOS and in every Debian
 * (perl-base); where it is missing, cat. The sink ends at most 50 ms after
 * the pane, when it reads the pipe's end.
 */
export const DRAIN_SINK =
  'command -v perl >/dev/null 2>&1 && exec perl -e "while (sysread STDIN, \\$b, 1 << 20) { select undef, undef, undef, 0.05 }"; exec cat >/dev/null'

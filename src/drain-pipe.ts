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
 * What reads the pipe (a shell command; tmux runs it with `sh -c`). tmux
 * writes every output of a piped pane into the pipe, so a reader that waits
 * in read(), as cat does, is woken for each: with 100 busy sessions those
 * wakes cost a tenth of two cores (`node --import tsx
 * bench/concurrent-cost.ts tmuxpect 3000`: 0.67–0.78× the raw client's
 * throughput with cat, 0.82–0.89× with a reader that sleeps). A sleeping
 * reader (perl) costs twice cat's start, though, and most sessions of a
 * test suite are short (`bench/lifecycle-cost.ts`: 6.5–7.2 ms a lifecycle
 * with perl from the start, 5.7–6.2 with cat, 5.0 raw). So:
 *
 * 1. `dd` reads the first 32 outputs as they come, as cat would;
 * 2. if the pipe ended first (the pane closed), that is all;
 * 3. a busy pane's reader becomes perl, which reads all there is, then
 *    sleeps 50 ms, so tmux's writes wake nobody (cat where there is no perl).
 *
 * tmux still drains: it waits for its own pipe buffer to empty as well as
 * for the pty, which a sleep only delays. dd's count is read from its
 * report in the C locale (GNU dd may warn about partial reads first); a
 * report that cannot be read counts as busy, so the reader carries on.
 */
const FIRST_READS = 32
const COUNT_FIRST_READS =
  `r=$(LC_ALL=C dd bs=1048576 count=${FIRST_READS} of=/dev/null 2>&1); ` +
  // "…0+32 records in…" → "0+32" (full blocks + partial ones)
  'r=${r%% records in*}; r=${r##*[!0-9+]}; ' +
  `case $r in [0-9]*+[0-9]*) ;; *) r=0+${FIRST_READS} ;; esac; ` +
  `[ $((\${r%+*} + \${r#*+})) -lt ${FIRST_READS} ] && exit; `
const SLEEPING_READER =
  'command -v perl >/dev/null 2>&1 && exec perl -e "while (sysread STDIN, \\$b, 1 << 20) { select undef, undef, undef, 0.05 }"; exec cat >/dev/null'

export const DRAIN_SINK = COUNT_FIRST_READS + SLEEPING_READER

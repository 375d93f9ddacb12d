/**
 * The bench's progress lines: which phase runs and how far it is ("cpu: denoiser pass, batch 16:
 * 7 of 20"), so a slow phase never looks like a hang. On a terminal one line is redrawn; in a log
 * (stderr not a terminal) a line is written when a phase starts and then at most every few seconds,
 * so a long phase still shows it moves without flooding the log.
 */
import { status, type CliIO, type OutputFlags } from '../io';

/**
 * done/total are optional: a phase may only say what it does (generating files, a subprocess).
 * `detail` (a rate, seconds elapsed) follows the count; it is not part of the phase's identity.
 */
export type BenchProgress = (phase: string, done?: number, total?: number, detail?: string) => void;

export interface ProgressReporter {
  readonly update: BenchProgress;
  /** Ends the redrawn terminal line (no-op in a log). */
  readonly end: () => void;
}

export interface ProgressOptions {
  /** Least time between two log lines of the same phase (default 10 s). */
  readonly intervalMs?: number;
  readonly now?: () => number;
}

export function progressLine(prefix: string, phase: string, done?: number, total?: number, detail?: string): string {
  const count = done === undefined ? '' : total === undefined ? `: ${done}` : `: ${done} of ${total}`;
  return `${prefix}: ${phase}${count}${detail ? ` (${detail})` : ''}`;
}

export function progressReporter(io: CliIO, flags: OutputFlags, prefix: string, options: ProgressOptions = {}): ProgressReporter {
  const interval = options.intervalMs ?? 10_000;
  const now = options.now ?? (() => performance.now());
  const silent = Boolean(flags.json || flags.quiet);
  let drawn = false;
  let lastPhase: string | undefined;
  let lastAt = -Infinity;
  const update: BenchProgress = (phase, done, total, detail) => {
    if (silent) return;
    const line = progressLine(prefix, phase, done, total, detail);
    if (io.isTTY) {
      io.stderr(`\r${line}\x1b[K`);
      drawn = true;
      return;
    }
    const t = now();
    // A new phase always gets its line; within a phase, lines are spaced out.
    if (phase === lastPhase && t - lastAt < interval) return;
    lastPhase = phase;
    lastAt = t;
    status(io, flags, line);
  };
  const end = () => {
    if (drawn) io.stderr('\n');
    drawn = false;
  };
  return { update, end };
}

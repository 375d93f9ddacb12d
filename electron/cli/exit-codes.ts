/** The `reseed` exit codes (docs/cli.md); scripts and schedulers branch on them. */
export const EXIT = {
  /** Everything went well. */
  ok: 0,
  /** Usage error: unknown command or option, bad value. */
  usage: 2,
  /** The run finished but some images failed (listed in the index / output). */
  someFailed: 3,
  /** Fatal: a broken pack, no provider, an output that cannot be written. */
  fatal: 4,
  /** Interrupted (Ctrl-C / SIGTERM); finished work is kept. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A mistake in the command line: printed with a pointer to --help, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

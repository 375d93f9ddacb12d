/**
 * What a command may touch of the outside world, passed in so tests can run commands in-process
 * (captured output, their own user data folder, their own abort signal).
 */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** stderr is a terminal: draw a progress bar rather than log lines. */
  readonly isTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Aborted on Ctrl-C / SIGTERM. */
  readonly signal: AbortSignal;
}

export function processIO(signal: AbortSignal): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
    signal,
  };
}

export interface OutputFlags {
  readonly json?: boolean;
  readonly quiet?: boolean;
}

/** A status line on stderr (never in --json or --quiet mode: stdout stays parseable). */
export function status(io: CliIO, flags: OutputFlags, line: string): void {
  if (!flags.json && !flags.quiet) io.stderr(line + '\n');
}

/** The command's result: one JSON document with --json, text lines otherwise. */
export function result(io: CliIO, flags: OutputFlags, json: unknown, text: string): void {
  io.stdout(flags.json ? JSON.stringify(json) + '\n' : text + '\n');
}

/** Prints a command's --help text; exit 0. */
export function showHelp(io: CliIO, text: string): 0 {
  io.stdout(text + '\n');
  return 0;
}

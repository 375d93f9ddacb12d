/** The shape of a `reseed` command: its name, one-line summary, --help text and runner. */
import type { ExitCode } from './exit-codes';
import type { CliIO } from './io';

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Full --help text (usage line, options, examples). */
  readonly help: string;
  run(argv: readonly string[], io: CliIO): Promise<ExitCode>;
}

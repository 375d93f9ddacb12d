/**
 * `reseed`: the command-line front of the engine. Dispatches to a command, turns every error into
 * a one-line reason and an exit code (exit-codes.ts): 0 ok, 2 usage, 3 some images failed,
 * 4 fatal, 130 interrupted. With --json every way out also prints one JSON line on stdout (a
 * script reading stdout alone learns why it ended): a command's own result, or an error line.
 */
import { readFileSync, writeSync } from 'node:fs';
import { ErrorCode } from '../contract/result';
import { LockHeldError } from '../engine/batch/run-lock';
import { isAbortError, errorMessage, InputError, OutputError, PackError, ProviderError } from '../engine/errors';
import { COMMANDS } from './commands/index';
import { EXIT, UsageError, type ExitCode } from './exit-codes';
import { processIO, type CliIO } from './io';

function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: reseed <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run reseed <command> --help for the options of each. Exit status: 0 ok, 2 usage error,',
    '3 some images failed, 4 fatal error (pack, provider, output), 130 interrupted.',
  ].join('\n');
}

/** Whether --json was asked for (before a `--`): known even when the rest of the line is wrong. */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

/** The one JSON line of an exit that is not a command's result: what, why, and the exit code. */
export function errorLine(exitCode: ExitCode, code: ErrorCode, message: string): string {
  return JSON.stringify({ type: 'error', fatal: true, exitCode, code, error: message }) + '\n';
}

/** Runs one command line; resolves to the exit code (never throws). */
export async function main(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  const [name, ...rest] = argv;
  const json = wantsJson(argv);
  if (name === undefined) {
    io.stderr(usage() + '\n');
    return EXIT.usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage() + '\n');
    return EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`reseed ${version()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    // --json keeps stderr quiet (docs/cli.md): the reason is in the line on stdout.
    if (json) io.stdout(errorLine(EXIT.usage, ErrorCode.invalidRequest, `unknown command "${name}"`));
    else io.stderr(`reseed: unknown command "${name}"\n\n${usage()}\n`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const { exitCode, code, message, hint } = classify(error, io.signal);
    if (json) io.stdout(errorLine(exitCode, code, message));
    else io.stderr(`reseed ${command.name}: ${message}${hint ? ` (see reseed ${command.name} --help)` : ''}\n`);
    if (code === ErrorCode.internal && io.env.RESEED_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`);
    return exitCode;
  }
}

/** An error's exit code, its code in the app's vocabulary, and its one-line message. */
function classify(error: unknown, signal: AbortSignal): { exitCode: ExitCode; code: ErrorCode; message: string; hint?: boolean } {
  if (error instanceof UsageError) return { exitCode: EXIT.usage, code: ErrorCode.invalidRequest, message: error.message, hint: true };
  if (isAbortError(error) || signal.aborted) return { exitCode: EXIT.interrupted, code: ErrorCode.cancelled, message: 'interrupted' };
  if (error instanceof InputError) return { exitCode: EXIT.someFailed, code: ErrorCode.input, message: error.message };
  if (error instanceof LockHeldError) return { exitCode: EXIT.fatal, code: ErrorCode.busy, message: error.message };
  if (error instanceof PackError) return { exitCode: EXIT.fatal, code: ErrorCode.pack, message: error.message };
  if (error instanceof ProviderError) return { exitCode: EXIT.fatal, code: ErrorCode.provider, message: error.message };
  if (error instanceof OutputError) return { exitCode: EXIT.fatal, code: ErrorCode.output, message: error.message };
  return { exitCode: EXIT.fatal, code: ErrorCode.internal, message: errorMessage(error) };
}

/**
 * The process entry (bin/reseed.mjs): the first Ctrl-C or SIGTERM asks the command to stop
 * cleanly (a batch finishes the images in flight), a second one quits at once.
 */
export async function runProcess(argv: readonly string[]): Promise<never> {
  const controller = new AbortController();
  const json = wantsJson(argv);
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      // Quitting at once: the line is written synchronously, or exit() would drop it.
      if (json) writeSync(1, errorLine(EXIT.interrupted, ErrorCode.cancelled, `interrupted (${sig}, twice)`));
      process.exit(EXIT.interrupted);
    }
    process.stderr.write(`\nreseed: ${sig}: stopping after the work in flight (press Ctrl-C again to quit now)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const code = await main(argv, processIO(controller.signal));
  // Let stdout drain (pipes are asynchronous), then exit even if a native thread pool lingers.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}

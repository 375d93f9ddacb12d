/**
 * `reseed`: the command-line front of the engine. Dispatches to a command, turns every error into
 * a one-line reason and an exit code (exit-codes.ts): 0 ok, 2 usage, 3 some images failed,
 * 4 fatal, 130 interrupted.
 */
import { readFileSync } from 'node:fs';
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

/** Runs one command line; resolves to the exit code (never throws). */
export async function main(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  const [name, ...rest] = argv;
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
    io.stderr(`reseed: unknown command "${name}"\n\n${usage()}\n`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    return report(io, command.name, error);
  }
}

function report(io: CliIO, name: string, error: unknown): ExitCode {
  const say = (text: string) => io.stderr(`reseed ${name}: ${text}\n`);
  if (error instanceof UsageError) {
    say(`${error.message} (see reseed ${name} --help)`);
    return EXIT.usage;
  }
  if (isAbortError(error) || io.signal.aborted) {
    say('interrupted');
    return EXIT.interrupted;
  }
  if (error instanceof InputError) {
    say(error.message);
    return EXIT.someFailed;
  }
  if (error instanceof PackError || error instanceof ProviderError || error instanceof OutputError) {
    say(error.message);
    return EXIT.fatal;
  }
  say(errorMessage(error));
  if (io.env.RESEED_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`);
  return EXIT.fatal;
}

/**
 * The process entry (bin/reseed.mjs): the first Ctrl-C or SIGTERM asks the command to stop
 * cleanly (a batch finishes the images in flight), a second one quits at once.
 */
export async function runProcess(argv: readonly string[]): Promise<never> {
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    if (signals > 1) process.exit(EXIT.interrupted);
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

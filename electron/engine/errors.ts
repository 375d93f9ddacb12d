/**
 * Error kinds the engine raises. Callers (CLI, app, server) map them to exit codes and messages:
 * a PackError or OutputError is fatal for a run, an InputError concerns one image only (a batch
 * records it and goes on), an abort is the user's own request.
 */

/** A pack that cannot be used: the message always names the file and, where known, the field. */
export class PackError extends Error {
  override name = 'PackError';
  constructor(
    readonly file: string,
    readonly field: string | undefined,
    readonly reason: string,
  ) {
    super(field ? `${file}: ${field}: ${reason}` : `${file}: ${reason}`);
  }
}

/** One input image cannot be read or decoded; `file` is the path as the user gave it. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** An output that cannot be written (a file where a folder should be, no permission, …). */
export class OutputError extends Error {
  override name = 'OutputError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** No execution provider could run the pack; `attempts` says why each one was dropped. */
export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    message: string,
    readonly attempts: readonly { provider: string; reason: string }[],
  ) {
    super(message);
  }
}

/** True for the error an AbortSignal raises (DOMException 'AbortError' or our own). */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** The one-line text of any thrown value (never a stack trace: users read these). */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}

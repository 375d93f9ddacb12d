/**
 * Engine errors as envelope codes the editor can act on: `input-error` (this picture cannot be
 * used: open another), `pack-error` (the pack is broken: its file and field are named),
 * `provider-error` (no execution provider runs it). Anything else stays `internal`.
 */
import { LockHeldError } from '../engine/batch/run-lock';
import { InputError, OutputError, PackError, ProviderError, errorMessage } from '../engine/errors';
import { ErrorCode, ReseedError } from '../contract/result';

export function toReseedError(error: unknown): unknown {
  if (error instanceof ReseedError) return error;
  if (error instanceof InputError) return new ReseedError(ErrorCode.input, error.message);
  if (error instanceof PackError) return new ReseedError(ErrorCode.pack, `the model pack cannot be used: ${error.message}`);
  if (error instanceof ProviderError) return new ReseedError(ErrorCode.provider, error.message);
  // Another batch holds the output folder: nothing is wrong with it, try again later.
  if (error instanceof LockHeldError) return new ReseedError(ErrorCode.busy, error.message);
  if (error instanceof OutputError) return new ReseedError(ErrorCode.output, error.message);
  if (error instanceof RangeError) return new ReseedError(ErrorCode.invalidRequest, errorMessage(error));
  return error;
}

/** Runs `task`, rethrowing engine errors as coded ReseedErrors. */
export async function withCodes<T>(task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    throw toReseedError(error);
  }
}

/**
 * Engine errors as envelope codes the editor can act on: `input-error` (this picture cannot be
 * used: open another), `pack-error` (the pack is broken: its file and field are named),
 * `provider-error` (no execution provider runs it). Anything else stays `internal`.
 * (EditorService adds `pack-mismatch`: a seed made with another pack than the active one.)
 */
import { InputError, OutputError, PackError, ProviderError, errorMessage } from '../engine/errors';
import { ReseedError } from '../shared/result';

export const EngineErrorCode = {
  input: 'input-error',
  pack: 'pack-error',
  provider: 'provider-error',
  output: 'output-error',
  unsupported: 'unsupported',
} as const;

export function toReseedError(error: unknown): unknown {
  if (error instanceof ReseedError) return error;
  if (error instanceof InputError) return new ReseedError(EngineErrorCode.input, error.message);
  if (error instanceof PackError) return new ReseedError(EngineErrorCode.pack, `the model pack cannot be used: ${error.message}`);
  if (error instanceof ProviderError) return new ReseedError(EngineErrorCode.provider, error.message);
  if (error instanceof OutputError) return new ReseedError(EngineErrorCode.output, error.message);
  if (error instanceof RangeError) return new ReseedError('invalid-request', errorMessage(error));
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

/**
 * One engine request under an AbortSignal. The IPC/HTTP call itself cannot be aborted, so an
 * abort tells the engine to cancel the request by its id; the call then settles with the
 * engine's "cancelled" answer. Used by every latest-wins runner (slider decode, interpolation).
 */
import type { ReseedApi } from '../../../electron/contract/contract';
import { newRequestId } from '../files';

export async function cancellableRequest<T>(api: ReseedApi, signal: AbortSignal, call: (requestId: string) => Promise<T>): Promise<T> {
  const requestId = newRequestId();
  const onAbort = () => void api.cancel({ requestId });
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await call(requestId);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Throttled `progress` events for the renderer's progress bars (IPC send, or Server-Sent Events). */
import type { ProgressEvent } from '../contract/editor-schemas';

export type ProgressEmitter = (event: 'progress', payload: ProgressEvent) => void;

/** Progress of one request at most every this many ms (a decode has only ~10 steps anyway). */
const PROGRESS_INTERVAL_MS = 100;

/** A progress callback for one request; none without an event sink, so the engine skips reporting. */
export function progressReporter(emit: ProgressEmitter | undefined, requestId: string, operation: ProgressEvent['operation']) {
  if (emit === undefined) return undefined;
  let last = 0;
  return (done: number, total: number) => {
    const now = performance.now();
    // The final step always goes out, so a bar never stops short of full.
    if (done < total && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    emit('progress', { requestId, operation, done, total });
  };
}

/**
 * Cancellation and latest-wins on the engine side. Every long operation runs here under an abort
 * signal: it can be cancelled by its request id, operations sharing a lane replace each other
 * (starting a decode aborts the decode still running, so a dragged slider never queues work even
 * when a client sends faster than the engine decodes), and it stops when its client goes away
 * (the transport's signal: an HTTP connection closed before the answer, a window destroyed).
 */
import { ErrorCode, ReseedError } from '../contract/result';
import { isAbortError } from '../engine/errors';

/** `frames`: interpolation strips, apart from `decode` so scrubbing t never cancels an export. */
export type Lane = 'embed' | 'decode' | 'frames';

/** Why an operation stopped when the transport says its caller is gone. */
export const CLIENT_GONE = 'the client went away before the answer';

interface Running {
  readonly controller: AbortController;
  readonly lane: Lane | undefined;
}

export class RequestRegistry {
  private readonly running = new Map<string, Running>();
  private readonly lanes = new Map<Lane, string>();
  private anonymous = 0;

  /**
   * Runs `task` under an abort signal registered as `requestId`. With a lane, the request running
   * in that lane is aborted first. `client` aborts it too (the caller went away). Without a
   * request id it gets a private one, so only a lane or the client can stop it. An abort becomes a
   * ReseedError with code `cancelled`.
   */
  async run<T>(requestId: string | undefined, lane: Lane | undefined, task: (signal: AbortSignal) => Promise<T>, client?: AbortSignal): Promise<T> {
    // '#' is outside the request id alphabet (RequestIdSchema), so no caller can name these.
    const id = requestId ?? `#${++this.anonymous}`;
    if (this.running.has(id)) throw new ReseedError(ErrorCode.invalidRequest, `request id "${id}" is already running`);
    if (client?.aborted) throw new ReseedError(ErrorCode.cancelled, CLIENT_GONE);
    if (lane !== undefined) {
      const stale = this.lanes.get(lane);
      if (stale !== undefined) this.abort(stale, 'superseded by a newer request');
      this.lanes.set(lane, id);
    }
    const controller = new AbortController();
    const onClientGone = () => controller.abort(CLIENT_GONE);
    client?.addEventListener('abort', onClientGone, { once: true });
    this.running.set(id, { controller, lane });
    try {
      return await task(controller.signal);
    } catch (error) {
      if (controller.signal.aborted || isAbortError(error)) {
        const reason = controller.signal.reason;
        throw new ReseedError(ErrorCode.cancelled, typeof reason === 'string' ? reason : 'cancelled');
      }
      throw error;
    } finally {
      client?.removeEventListener('abort', onClientGone);
      this.running.delete(id);
      if (lane !== undefined && this.lanes.get(lane) === id) this.lanes.delete(lane);
    }
  }

  /** Aborts a running request; false when none runs under that id (finished or unknown). */
  abort(requestId: string, reason = 'cancelled'): boolean {
    const entry = this.running.get(requestId);
    if (!entry) return false;
    entry.controller.abort(reason);
    return true;
  }

  abortAll(): void {
    for (const id of [...this.running.keys()]) this.abort(id, 'the engine is shutting down');
  }

  get size(): number {
    return this.running.size;
  }
}

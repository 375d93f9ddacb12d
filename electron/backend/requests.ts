/**
 * Cancellation and latest-wins on the engine side. Every long operation carries a request id; it
 * can be cancelled by id, and operations sharing a lane replace each other: starting a decode
 * aborts the decode still running, so a dragged slider never queues work even when a client
 * (or a stale renderer) sends faster than the engine decodes.
 */
import { ErrorCode, ReseedError } from '../contract/result';
import { isAbortError } from '../engine/errors';

export type Lane = 'embed' | 'decode';

interface Running {
  readonly controller: AbortController;
  readonly lane: Lane | undefined;
}

export class RequestRegistry {
  private readonly running = new Map<string, Running>();
  private readonly lanes = new Map<Lane, string>();

  /**
   * Runs `task` under an abort signal registered as `requestId`. With a lane, the request running
   * in that lane is aborted first. An abort becomes a ReseedError with code `cancelled`.
   */
  async run<T>(requestId: string, lane: Lane | undefined, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.running.has(requestId)) throw new ReseedError(ErrorCode.invalidRequest, `request id "${requestId}" is already running`);
    if (lane !== undefined) {
      const stale = this.lanes.get(lane);
      if (stale !== undefined) this.abort(stale, 'superseded by a newer request');
      this.lanes.set(lane, requestId);
    }
    const controller = new AbortController();
    this.running.set(requestId, { controller, lane });
    try {
      return await task(controller.signal);
    } catch (error) {
      if (controller.signal.aborted || isAbortError(error)) {
        const reason = controller.signal.reason;
        throw new ReseedError(ErrorCode.cancelled, typeof reason === 'string' ? reason : 'cancelled');
      }
      throw error;
    } finally {
      this.running.delete(requestId);
      if (lane !== undefined && this.lanes.get(lane) === requestId) this.lanes.delete(lane);
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

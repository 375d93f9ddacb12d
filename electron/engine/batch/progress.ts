/** Progress of a batch as users asked for it: file k of N, images per second, time left. */
import { formatDuration } from '../../contract/format-duration';

export { formatDuration };

export interface BatchProgress {
  /** Inputs finished in this run (ok or failed). */
  readonly done: number;
  /** Inputs this run has to do (the shard's images less those already done). */
  readonly total: number;
  readonly ok: number;
  readonly failed: number;
  /** Inputs skipped because an earlier run did them (resume). */
  readonly alreadyDone: number;
  readonly imagesPerSecond: number;
  /** Estimated seconds left; null until a rate is known. */
  readonly etaSeconds: number | null;
  readonly elapsedSeconds: number;
}

export class ProgressMeter {
  private readonly start = performance.now();
  done = 0;
  ok = 0;
  failed = 0;

  constructor(
    readonly total: number,
    readonly alreadyDone: number,
  ) {}

  snapshot(): BatchProgress {
    const elapsed = (performance.now() - this.start) / 1000;
    const rate = elapsed > 0 ? this.done / elapsed : 0;
    const left = Math.max(0, this.total - this.done);
    return {
      done: this.done,
      total: this.total,
      ok: this.ok,
      failed: this.failed,
      alreadyDone: this.alreadyDone,
      imagesPerSecond: rate,
      etaSeconds: rate > 0 ? left / rate : null,
      elapsedSeconds: elapsed,
    };
  }
}


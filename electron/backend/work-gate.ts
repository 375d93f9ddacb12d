/**
 * A bound on how many heavy operations run at once. A photo export holds the photo, the pixels it
 * blends and the encoded file in memory (hundreds of MB for a 100-megapixel photo), so twelve at
 * once took `reseed serve` to 5.4 GB. Here `slots` run, up to `queue` more wait their turn (a
 * waiting request holds no pixels), and any beyond that are refused with `busy` at once rather
 * than piling up. A slot is held until the work has really ended, not merely been cancelled:
 * native work (sharp) cannot be interrupted and keeps its memory until it returns.
 */
import { ErrorCode, ReseedError } from '../contract/result';

export interface WorkGateOptions {
  /** What the user is told is busy, e.g. "a photo export". */
  readonly what: string;
  readonly slots: number;
  readonly queue: number;
}

function cancelled(signal: AbortSignal | undefined): ReseedError {
  const reason: unknown = signal?.reason;
  return new ReseedError(ErrorCode.cancelled, typeof reason === 'string' ? reason : 'cancelled');
}

interface Waiter {
  readonly admit: () => void;
}

export class WorkGate {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly options: WorkGateOptions) {}

  /** Runs `task` when a slot is free; `signal` aborts the wait (the task watches it itself). */
  async run<T>(signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T> {
    await this.enter(signal);
    try {
      return await task();
    } finally {
      this.leave();
    }
  }

  /** Running and waiting counts (tests, diagnostics). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private enter(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(cancelled(signal));
    const { what, slots, queue } = this.options;
    if (this.running < slots) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= queue) {
      const load = `${this.running} running${queue > 0 ? `, ${this.waiting.length} waiting` : ''}`;
      return Promise.reject(new ReseedError(ErrorCode.busy, `${what} is already in progress (${load}): try again when it has finished`));
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(cancelled(signal));
      };
      // The slot is handed over by leave(), so `running` already counts this waiter.
      const waiter: Waiter = {
        admit: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private leave(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next.admit();
    else this.running--;
  }
}

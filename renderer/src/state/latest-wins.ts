/**
 * Latest-wins requests for live previews (slider drags). At most one request runs; a newer
 * submission cancels the stale one (its AbortSignal fires, so the transport can tell the engine
 * to stop) and replaces any submission still waiting, so dragging never queues work. An optional
 * minimum interval between starts (e.g. about one decode time) lets a drag show intermediate
 * images instead of cancelling every request before it can finish. `finishFirst` marks requests
 * too quick to be worth cancelling (the preview decoder's, issue #21): a newer submission waits for
 * such a running one to finish (its picture is shown) instead of aborting it, so a drag whose
 * events come faster than the round trip still shows every picture it can.
 *
 * Pure TS with injectable timers: unit-tested in test/renderer/latest-wins.test.ts.
 */

export type Outcome<O> = { status: 'done'; value: O } | { status: 'superseded' } | { status: 'failed'; error: unknown };

export type Task<I, O> = (input: I, signal: AbortSignal) => Promise<O>;

export interface LatestWinsOptions<I = unknown> {
  /** Least time between two starts, in ms, read at every submission (default 0: start at once). */
  readonly minIntervalMs?: () => number;
  readonly now?: () => number;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
  /** A running request with this input is left to finish; the newest submission starts after it. */
  readonly finishFirst?: (input: I) => boolean;
}

interface Waiting<I, O> {
  readonly input: I;
  readonly resolve: (outcome: Outcome<O>) => void;
}

interface Running<I> {
  readonly generation: number;
  readonly controller: AbortController;
  readonly input: I;
}

export class LatestWins<I, O> {
  private generation = 0;
  private running: Running<I> | undefined;
  private waiting: Waiting<I, O> | undefined;
  private timer: unknown;
  private lastStart = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(
    private readonly task: Task<I, O>,
    private readonly options: LatestWinsOptions<I> = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  /** Resolves with the result, or `superseded` when a newer submission replaced this one. */
  submit(input: I): Promise<Outcome<O>> {
    return new Promise((resolve) => {
      // A submission still waiting is replaced, never queued behind.
      this.waiting?.resolve({ status: 'superseded' });
      this.waiting = { input, resolve };
      this.schedule();
    });
  }

  /** Cancels the running request and drops the waiting one. */
  cancel(): void {
    this.waiting?.resolve({ status: 'superseded' });
    this.waiting = undefined;
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    this.abortRunning();
  }

  /** True while a request runs or waits. */
  get busy(): boolean {
    return this.running !== undefined || this.waiting !== undefined;
  }

  private schedule(): void {
    if (this.timer !== undefined) return; // the pending start will take the newest submission
    // A quick request is left to finish: finish() starts the newest submission after it.
    if (this.running !== undefined && this.options.finishFirst?.(this.running.input)) return;
    const wait = this.lastStart + (this.options.minIntervalMs?.() ?? 0) - this.now();
    if (wait <= 0) return this.start();
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      this.start();
    }, wait);
  }

  private abortRunning(): void {
    this.running?.controller.abort();
    this.running = undefined;
  }

  private start(): void {
    const next = this.waiting;
    if (next === undefined) return;
    this.waiting = undefined;
    // The newer request wins: the stale one is cancelled, its result will be ignored.
    this.abortRunning();
    const generation = ++this.generation;
    const controller = new AbortController();
    this.running = { generation, controller, input: next.input };
    this.lastStart = this.now();
    this.task(next.input, controller.signal).then(
      (value) => this.finish(generation, next, controller.signal.aborted ? { status: 'superseded' } : { status: 'done', value }),
      (error: unknown) => this.finish(generation, next, controller.signal.aborted ? { status: 'superseded' } : { status: 'failed', error }),
    );
  }

  private finish(generation: number, request: Waiting<I, O>, outcome: Outcome<O>): void {
    if (this.running?.generation === generation) this.running = undefined;
    request.resolve(generation === this.generation ? outcome : { status: 'superseded' });
    // A submission that waited for a finishFirst request starts now.
    if (this.running === undefined && this.waiting !== undefined) this.schedule();
  }
}

/**
 * Latest-wins requests for live previews (slider drags). A newer submission cancels the stale
 * request (its AbortSignal fires, so the transport can tell the engine to stop) and replaces any
 * submission still waiting, so dragging never queues work. An optional minimum interval between
 * starts (e.g. about one decode time) lets a drag show intermediate images instead of cancelling
 * every request before it can finish. `finishFirst` marks requests too quick to be worth
 * cancelling (the preview decoder's, issue #21): they are left to finish and their pictures shown.
 * With `maxConcurrent` > 1 such requests overlap (a new one starts while the last is still on its
 * way, without waiting out the interval): a drag is then bounded by the engine's time a picture,
 * not by the whole round trip. A result is shown unless a newer request's result already was.
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
  /** How many finishFirst requests may run at once, read at every start (default 1: the next starts when one finishes). */
  readonly maxConcurrent?: () => number;
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
  /** Oldest first. Only finishFirst requests ever run beside another. */
  private running: Running<I>[] = [];
  private waiting: Waiting<I, O> | undefined;
  private timer: unknown;
  private lastStart = Number.NEGATIVE_INFINITY;
  /** The newest generation whose result was handed out: older answers arriving later are stale. */
  private shown = 0;
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

  /** Cancels the running requests and drops the waiting one. */
  cancel(): void {
    this.waiting?.resolve({ status: 'superseded' });
    this.waiting = undefined;
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    for (const r of this.running) r.controller.abort();
    this.running = [];
  }

  /** True while a request runs or waits. */
  get busy(): boolean {
    return this.running.length > 0 || this.waiting !== undefined;
  }

  private quick(input: I): boolean {
    return this.options.finishFirst?.(input) ?? false;
  }

  private schedule(): void {
    if (this.timer !== undefined || this.waiting === undefined) return; // a pending start takes the newest submission
    const quickRunning = this.running.filter((r) => this.quick(r.input)).length;
    if (quickRunning > 0) {
      // Quick requests are left to finish; another quick one may start beside them (pipelined),
      // anything else starts when they are done (finish() calls back here).
      if (this.quick(this.waiting.input) && quickRunning < (this.options.maxConcurrent?.() ?? 1)) return this.start();
      return;
    }
    const wait = this.lastStart + (this.options.minIntervalMs?.() ?? 0) - this.now();
    if (wait <= 0) return this.start();
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      this.start();
    }, wait);
  }

  private start(): void {
    const next = this.waiting;
    if (next === undefined) return;
    this.waiting = undefined;
    // The newer request wins: stale ones that are not quick are cancelled, their results ignored.
    for (const r of this.running) if (!this.quick(r.input)) r.controller.abort();
    this.running = this.running.filter((r) => !r.controller.signal.aborted);
    const generation = ++this.generation;
    const controller = new AbortController();
    this.running.push({ generation, controller, input: next.input });
    this.lastStart = this.now();
    this.task(next.input, controller.signal).then(
      (value) => this.finish(generation, next, controller.signal.aborted ? { status: 'superseded' } : { status: 'done', value }),
      (error: unknown) => this.finish(generation, next, controller.signal.aborted ? { status: 'superseded' } : { status: 'failed', error }),
    );
  }

  private finish(generation: number, request: Waiting<I, O>, outcome: Outcome<O>): void {
    this.running = this.running.filter((r) => r.generation !== generation);
    // Shown while no newer result has been: a pipelined request answering before the newer one.
    // A failure only counts for the newest request (an older one's is moot).
    const current = outcome.status === 'done' ? generation > this.shown : generation === this.generation;
    if (current && outcome.status === 'done') this.shown = generation;
    request.resolve(current ? outcome : { status: 'superseded' });
    // A submission that waited for a quick request starts now.
    this.schedule();
  }
}

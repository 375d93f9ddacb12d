/**
 * A bound on the bytes that picture decoding holds at once in this process. Counting images is
 * not enough: a batch of sixteen 100-megapixel PNGs and a batch of sixteen thumbnails are both
 * "16 images", and the first took gigabytes when all were decoded together. Each decode asks for
 * its estimated cost (decodeCost) before it starts and gives it back when its pixels are no longer
 * needed; decodes wait, first come first served, while the sum would pass the budget. One decode
 * larger than the whole budget still runs, alone, so nothing waits forever.
 */

/**
 * Bytes all decodes of this process may hold at once: a share of the ~500 MB a batch may peak at,
 * the rest being Node, the networks and their batch. Sixteen 100-megapixel PNGs then decode one
 * at a time (~60 MB each, below), sixteen phone photos a few at a time, thumbnails all at once.
 */
export const DECODE_BUDGET_BYTES = 64 * 2 ** 20;

/**
 * Rows of source pixels a streaming decode and shrink holds (libvips' sequential line cache and the
 * shrink's input window), measured: a 10000-pixel-wide RGB PNG shrunk to 1024 px held ~55 MB,
 * a 20000-wide one ~110 MB, a 2000-wide one ~10 MB.
 */
const STREAM_ROWS = 2048;

export interface DecodeShape {
  readonly width: number;
  readonly height: number;
  /** Bands as decoded, alpha included. */
  readonly channels: number;
  /** Bytes per sample (1 for 8-bit, 2 for 16-bit). */
  readonly bytesPerSample: number;
  /**
   * Whether the decoder can stream rows (a non-interlaced PNG, a baseline JPEG, a TIFF); an
   * interlaced PNG, a progressive JPEG, GIF, WebP and HEIF/AVIF hold the whole picture.
   */
  readonly streamable: boolean;
}

/** Estimated peak bytes of decoding `shape` and keeping `outputBytes` of pixels from it. */
export function decodeCost(shape: DecodeShape, outputBytes: number): number {
  const row = shape.width * shape.channels * shape.bytesPerSample;
  const whole = row * shape.height;
  return (shape.streamable ? Math.min(whole, row * STREAM_ROWS) : whole) + outputBytes;
}

interface Waiter {
  readonly cost: number;
  readonly grant: () => void;
}

export class ByteBudget {
  private used = 0;
  private readonly waiting: Waiter[] = [];

  constructor(readonly limit: number) {}

  /** Bytes granted now (tests and diagnostics). */
  get inFlight(): number {
    return this.used;
  }

  /** Runs `task` once `cost` bytes fit in the budget; they are given back when it settles. */
  async run<T>(cost: number, task: () => Promise<T>): Promise<T> {
    await this.acquire(cost);
    try {
      return await task();
    } finally {
      this.release(cost);
    }
  }

  private fits(cost: number): boolean {
    return this.used === 0 || this.used + cost <= this.limit;
  }

  private acquire(cost: number): Promise<void> {
    // First come, first served: a large decode at the head is not overtaken by small ones forever.
    if (this.waiting.length === 0 && this.fits(cost)) {
      this.used += cost;
      return Promise.resolve();
    }
    return new Promise((grant) => this.waiting.push({ cost, grant }));
  }

  private release(cost: number): void {
    this.used -= cost;
    while (this.waiting.length > 0 && this.fits(this.waiting[0]!.cost)) {
      const next = this.waiting.shift()!;
      this.used += next.cost;
      next.grant();
    }
  }
}

/** The budget every decode of this process shares (batch, CLI, server requests). */
export const decodeBudget = new ByteBudget(DECODE_BUDGET_BYTES);

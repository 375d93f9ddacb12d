/**
 * A small least-recently-used map with engine-chosen ids: the editor's open photos and seeds live
 * on the engine side so the renderer only ever holds ids (no paths, no tensors), and old ones are
 * dropped instead of growing without bound in a long session.
 */
import { randomUUID } from 'node:crypto';

export class LruStore<T> {
  private readonly items = new Map<string, T>();

  constructor(
    private readonly capacity: number,
    /** Optional weight (bytes) with its own limit, so a few huge photos cannot fill memory. */
    private readonly weigh?: (item: T) => number,
    private readonly maxWeight = Number.POSITIVE_INFINITY,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be ≥ 1, got ${capacity}`);
  }

  /** Stores an item under a fresh id and returns the id. */
  add(item: T): string {
    const id = randomUUID();
    this.set(id, item);
    return id;
  }

  set(id: string, item: T): void {
    this.items.delete(id);
    this.items.set(id, item);
    this.evict();
  }

  /** The item, marked as recently used; undefined when unknown or evicted. */
  get(id: string): T | undefined {
    const item = this.items.get(id);
    if (item === undefined) return undefined;
    this.items.delete(id);
    this.items.set(id, item);
    return item;
  }

  delete(id: string): void {
    this.items.delete(id);
  }

  has(id: string): boolean {
    return this.items.has(id);
  }

  get size(): number {
    return this.items.size;
  }

  clear(): void {
    this.items.clear();
  }

  private totalWeight(): number {
    if (!this.weigh) return 0;
    let total = 0;
    for (const item of this.items.values()) total += this.weigh(item);
    return total;
  }

  /** Drops the oldest entries beyond the capacity or the weight limit (never the newest one). */
  private evict(): void {
    while (this.items.size > this.capacity || (this.items.size > 1 && this.totalWeight() > this.maxWeight)) {
      const oldest = this.items.keys().next().value as string;
      this.items.delete(oldest);
    }
  }
}

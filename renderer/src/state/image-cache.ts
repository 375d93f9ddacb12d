/**
 * Recently decoded images by document key (seed + sliders), so undo/redo and returning a slider to
 * a value already seen show the image at once, byte for byte the same, without a decode.
 */
export class ImageCache<T = string> {
  private readonly items = new Map<string, T>();

  constructor(private readonly capacity = 64) {}

  get(key: string): T | undefined {
    const value = this.items.get(key);
    if (value !== undefined) {
      this.items.delete(key);
      this.items.set(key, value);
    }
    return value;
  }

  set(key: string, value: T): void {
    this.items.delete(key);
    this.items.set(key, value);
    while (this.items.size > this.capacity) this.items.delete(this.items.keys().next().value as string);
  }

  /** Drops every image: a direction's vector changed (a custom slider deleted and made again). */
  clear(): void {
    this.items.clear();
  }

  get size(): number {
    return this.items.size;
  }
}

/**
 * Preview while dragging, full decode at rest (issue #21). While a slider moves the live image is
 * asked of the pack's one-pass preview decoder; when the slider rests (pointer released, or no
 * change for REST_MS) the same edit is decoded fully. A preview picture is cached under its own
 * key, so it is never taken for the finished picture of that edit, and a full picture is what
 * every later look at the edit (undo, redo, a rest) shows.
 *
 * Pure TS with injectable timers: unit-tested in test/renderer/decode-quality.test.ts.
 */
import type { DecodeQuality } from '../../../electron/contract/preview-schemas';

/** No slider change for this long counts as a rest: the full decode starts. */
export const REST_MS = 150;

const PREVIEW_SUFFIX = '#preview';

/** The cache key of an edit's picture made by `decoder`. */
export function pictureKey(key: string, decoder: DecodeQuality): string {
  return decoder === 'preview' ? `${key}${PREVIEW_SUFFIX}` : key;
}

/** The edit a picture key shows (a preview picture shows the same edit as the full one). */
export function editKey(key: string): string {
  return key.endsWith(PREVIEW_SUFFIX) ? key.slice(0, -PREVIEW_SUFFIX.length) : key;
}

/**
 * What the live image needs for an edit: a full picture ends it; while moving a preview picture
 * does too. Otherwise the quality to ask for: preview while moving, full at rest.
 */
export function wantedDecode(moving: boolean, hasFull: boolean, hasPreview: boolean): DecodeQuality | null {
  if (hasFull) return null;
  if (moving) return hasPreview ? null : 'preview';
  return 'full';
}

export interface DragRestTimers {
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
  readonly restMs?: number;
}

/**
 * Tells moving from resting: `input()` on every slider change (moving, and a rest after restMs
 * without another), `rest()` when the pointer is released. `onChange` hears each transition once.
 */
export class DragRest {
  private timer: unknown;
  private movingNow = false;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(
    private readonly onChange: (moving: boolean) => void,
    private readonly options: DragRestTimers = {},
  ) {
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  get moving(): boolean {
    return this.movingNow;
  }

  input(): void {
    this.stopTimer();
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      this.set(false);
    }, this.options.restMs ?? REST_MS);
    this.set(true);
  }

  rest(): void {
    this.stopTimer();
    this.set(false);
  }

  dispose(): void {
    this.stopTimer();
  }

  private stopTimer(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
  }

  private set(moving: boolean): void {
    if (moving === this.movingNow) return;
    this.movingNow = moving;
    this.onChange(moving);
  }
}

/**
 * Undo/redo over immutable snapshots of the editor document. A new state after an undo drops the
 * redo branch (the usual linear history); the depth is bounded so a long session does not grow
 * without limit. Pure: no React, no DOM — unit-tested in test/renderer/history.test.ts.
 */

export interface HistoryState<T> {
  readonly past: readonly T[];
  readonly present: T;
  readonly future: readonly T[];
}

export const HISTORY_LIMIT = 200;

export function createHistory<T>(initial: T): HistoryState<T> {
  return { past: [], present: initial, future: [] };
}

/**
 * Records `next` as the new present. Equal states (by `same`) are not recorded twice, so a slider
 * released where it started adds no empty undo step.
 */
export function push<T>(h: HistoryState<T>, next: T, same: (a: T, b: T) => boolean = Object.is, limit = HISTORY_LIMIT): HistoryState<T> {
  if (same(h.present, next)) return h;
  const past = [...h.past, h.present];
  return { past: past.length > limit ? past.slice(past.length - limit) : past, present: next, future: [] };
}

export function undo<T>(h: HistoryState<T>): HistoryState<T> {
  if (h.past.length === 0) return h;
  const previous = h.past[h.past.length - 1] as T;
  return { past: h.past.slice(0, -1), present: previous, future: [h.present, ...h.future] };
}

export function redo<T>(h: HistoryState<T>): HistoryState<T> {
  if (h.future.length === 0) return h;
  const [next, ...rest] = h.future as [T, ...T[]];
  return { past: [...h.past, h.present], present: next, future: rest };
}

export function canUndo<T>(h: HistoryState<T>): boolean {
  return h.past.length > 0;
}

export function canRedo<T>(h: HistoryState<T>): boolean {
  return h.future.length > 0;
}

/** Every state of the history passed through `f` (e.g. a slider removed from all snapshots). */
export function mapHistory<T>(h: HistoryState<T>, f: (state: T) => T): HistoryState<T> {
  return { past: h.past.map(f), present: f(h.present), future: h.future.map(f) };
}

/** Undo/redo over editor snapshots: linear history, no empty steps, bounded depth. */
import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, createHistory, push, redo, undo } from '../../renderer/src/state/history';

describe('history', () => {
  it('undoes and redoes in order', () => {
    let h = createHistory(0);
    h = push(h, 1);
    h = push(h, 2);
    expect(h.present).toBe(2);
    h = undo(h);
    expect(h.present).toBe(1);
    h = undo(h);
    expect(h.present).toBe(0);
    expect(canUndo(h)).toBe(false);
    h = redo(h);
    h = redo(h);
    expect(h.present).toBe(2);
    expect(canRedo(h)).toBe(false);
  });

  it('drops the redo branch when a new state follows an undo', () => {
    let h = push(push(createHistory('a'), 'b'), 'c');
    h = undo(h);
    h = push(h, 'd');
    expect(h.present).toBe('d');
    expect(canRedo(h)).toBe(false);
    expect(undo(h).present).toBe('b');
  });

  it('records no step for a state equal to the present', () => {
    const same = (a: { v: number }, b: { v: number }) => a.v === b.v;
    const h = push(createHistory({ v: 1 }), { v: 1 }, same);
    expect(canUndo(h)).toBe(false);
  });

  it('keeps at most `limit` past states', () => {
    let h = createHistory(0);
    for (let i = 1; i <= 10; i++) h = push(h, i, Object.is, 3);
    expect(h.past).toEqual([7, 8, 9]);
  });

  it('is a no-op at either end', () => {
    const h = createHistory(5);
    expect(undo(h)).toBe(h);
    expect(redo(h)).toBe(h);
  });
});

/** The sketch as undoable document state: each stroke and each eraser drag is one history step. */
import { describe, expect, it } from 'vitest';
import { emptyDoc, sameDoc, withSeed, type EditorDoc, type SeedSource } from '../../renderer/src/state/editor-doc';
import { canUndo, createHistory, push, redo, undo } from '../../renderer/src/state/history';
import { addStroke, clearSketch, eraseAlong, strokeHit, strokesFor } from '../../renderer/src/state/sketch';
import type { Stroke } from '../../electron/contract/sketch-schema';

const line: Stroke = { color: '#000000', width: 10, points: [[0, 0], [100, 0]] };
const dot: Stroke = { color: '#ff0000', width: 4, points: [[50, 50]] };
const withSketch = (doc: EditorDoc, stroke: Stroke): EditorDoc => ({ ...doc, sketch: addStroke(doc.sketch, 'img', stroke) });

describe('sketch history', () => {
  it('makes a stroke one undo step and brings it back on redo', () => {
    const start = emptyDoc([{ id: 'a' }]);
    let h = createHistory(start);
    const drawn = withSketch(start, line);
    h = push(h, drawn, sameDoc);
    expect(canUndo(h)).toBe(true);
    expect(strokesFor(h.present.sketch, 'img')).toEqual([line]);
    h = undo(h);
    expect(strokesFor(h.present.sketch, 'img')).toEqual([]);
    h = redo(h);
    expect(h.present).toBe(drawn);
  });

  it('keeps the sketch across a re-embed (new seed) and shows it only on its photo', () => {
    const seed = { seedId: 's1' } as SeedSource;
    const doc = withSeed(withSketch(emptyDoc(), line), seed);
    expect(strokesFor(doc.sketch, 'img')).toEqual([line]);
    expect(strokesFor(doc.sketch, 'other')).toEqual([]);
    expect(strokesFor(addStroke(doc.sketch, 'other', dot), 'other')).toEqual([dot]);
  });

  it('erases whole strokes the eraser touches, as one step, and Clear empties the sketch', () => {
    const doc = withSketch(withSketch(emptyDoc(), line), dot);
    expect(strokeHit(line, [50, 6], 2)).toBe(true);
    expect(strokeHit(line, [50, 20], 2)).toBe(false);
    const erased = eraseAlong(doc.sketch, 'img', [[50, 5], [52, 6]], 2);
    expect(erased.strokes).toEqual([dot]);
    expect(eraseAlong(doc.sketch, 'img', [[500, 500]], 2)).toBe(doc.sketch);
    const h = push(push(createHistory(emptyDoc()), doc, sameDoc), { ...doc, sketch: erased }, sameDoc);
    expect(h.past).toHaveLength(2);
    expect(clearSketch(erased).strokes).toEqual([]);
  });
});

/** The editor document: slider rules, new seeds, keys for undo steps and cached images. */
import { describe, expect, it } from 'vitest';
import {
  activeSliders,
  clampSlider,
  emptyDoc,
  imageKey,
  isUnedited,
  resetAll,
  resetSlider,
  sameDoc,
  withDirections,
  withSeed,
  withSlider,
  type SeedSource,
} from '../../renderer/src/state/editor-doc';
import { createHistory, mapHistory, push } from '../../renderer/src/state/history';

const directions = [
  { id: 'darker', min: -3, max: 3 },
  { id: 'sneaker', min: -2, max: 2 },
];

function seed(seedId: string): SeedSource {
  return { kind: 'generate', seedId, label: seedId, baseImage: 'data:image/png;base64,', beforeImage: 'data:image/png;base64,', seedImage: 'data:image/png;base64,', steps: 10 };
}

describe('editor document', () => {
  it('starts with every slider at zero', () => {
    const doc = emptyDoc(directions);
    expect(doc.sliders).toEqual({ darker: 0, sneaker: 0 });
    expect(isUnedited(doc)).toBe(true);
  });

  it('clamps slider values to their range, rounds them, and turns NaN into 0', () => {
    expect(clampSlider(5, directions[0]!)).toBe(3);
    expect(clampSlider(-9, directions[1]!)).toBe(-2);
    expect(clampSlider(1.23456, directions[0]!)).toBe(1.23);
    expect(clampSlider(Number.NaN, directions[0]!)).toBe(0);
    expect(Object.is(clampSlider(-0.001, directions[0]!), 0)).toBe(true);
  });

  it('changes one slider at a time and keeps the object when nothing changes', () => {
    const doc = withSeed(emptyDoc(directions), seed('a'));
    const moved = withSlider(doc, directions[0]!, 1.5);
    expect(moved.sliders).toEqual({ darker: 1.5, sneaker: 0 });
    expect(withSlider(moved, directions[0]!, 1.5)).toBe(moved);
    expect(resetSlider(moved, 'darker').sliders.darker).toBe(0);
    expect(resetAll(withSlider(moved, directions[1]!, -1)).sliders).toEqual({ darker: 0, sneaker: 0 });
  });

  it('resets the sliders when a new seed arrives', () => {
    const edited = withSlider(withSeed(emptyDoc(directions), seed('a')), directions[0]!, 2);
    const next = withSeed(edited, seed('b'));
    expect(next.seed?.seedId).toBe('b');
    expect(isUnedited(next)).toBe(true);
  });

  it('names an image by its seed and non-zero sliders, in a stable order', () => {
    const base = withSeed(emptyDoc(directions), seed('a'));
    const x = withSlider(withSlider(base, directions[0]!, 1), directions[1]!, -1);
    const y = withSlider(withSlider(base, directions[1]!, -1), directions[0]!, 1);
    expect(imageKey(x)).toBe(imageKey(y));
    expect(imageKey(x)).toBe('a|darker=1,sneaker=-1');
    expect(imageKey(base)).toBe('a|');
    expect(activeSliders(x.sliders)).toEqual({ darker: 1, sneaker: -1 });
    expect(sameDoc(x, y)).toBe(true);
    expect(sameDoc(x, base)).toBe(false);
    expect(sameDoc(base, withSeed(base, seed('b')))).toBe(false);
  });

  it("follows the pack's directions when a custom slider is added or deleted, in every snapshot", () => {
    const doc = withSlider(withSeed(emptyDoc(directions), seed('a')), directions[0]!, 2);
    expect(withDirections(doc, ['darker', 'sneaker'])).toBe(doc);
    const added = withDirections(doc, ['darker', 'sneaker', 'mine']);
    expect(added.sliders).toEqual({ darker: 2, sneaker: 0, mine: 0 });
    const moved = withSlider(added, { id: 'mine', min: -3, max: 3 }, 1);
    const history = push(createHistory(added), moved);
    const removed = mapHistory(history, (d) => withDirections(d, ['darker', 'sneaker']));
    expect(removed.present.sliders).toEqual({ darker: 2, sneaker: 0 });
    expect(removed.past[0]!.sliders).toEqual({ darker: 2, sneaker: 0 });
    expect(removed.present.seed?.seedId).toBe('a');
  });
});

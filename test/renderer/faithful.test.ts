/**
 * Faithful edits in the editor's state: which fields a decode sends for which seed, the image key
 * they make, the mask's crop-relative geometry, the lock and status words; locks and the mask as
 * undo steps through the reducer, kept by a new seed, dropped or kept by a pack switch, and
 * brought back by a saved session.
 */
import { describe, expect, it } from 'vitest';
import type { ImageOpened, PackInfo } from '../../electron/contract/contract';
import { largestCentred } from '../../electron/contract/crop-geometry';
import type { Stroke } from '../../electron/contract/sketch-schema';
import { emptyDoc, NO_LOCKS, sameDoc, toggleLock, withDirections, withSeed, type SeedSource } from '../../renderer/src/state/editor-doc';
import { initialEditorState, reduce, undoable, type EditorAction, type EditorState } from '../../renderer/src/state/editor-state';
import {
  DEFAULT_KEEP_DETAILS,
  expectedColours,
  faithfulFields,
  faithfulSummary,
  faithfulTag,
  hashText,
  lockNote,
  lockTitle,
  maskRaster,
  maskStrokesFor,
  renderKey,
} from '../../renderer/src/state/faithful';
import { parseSession, restoredState, saveSession } from '../../renderer/src/state/session';
import { strokesFor } from '../../renderer/src/state/sketch';

const directions = [
  { id: 'darker', label: 'Darker fabric', description: '', min: -6, max: 6, custom: false, lock: 'closed-loop' as const },
  { id: 'mine', label: 'Mine', description: '', min: -3, max: 3, custom: true, lock: 'projection-only' as const },
];
const pack = {
  id: 'gray',
  name: 'Gray',
  version: '1',
  image: { width: 28, height: 28, channels: 1 },
  crop: 'centre',
  directions,
} as unknown as PackInfo;
const photo: ImageOpened = { imageId: 'img-1', name: 'bag.jpg', width: 640, height: 480, preview: 'data:,', aspect: 1, defaultCrop: largestCentred(640, 480, 1) };
const crop = { left: 100, top: 40, width: 200, height: 200 };
const stroke: Stroke = { color: '#ffffff', width: 20, points: [[100, 40], [200, 140]] };

function embedded(seedId: string): SeedSource {
  return { kind: 'embed', seedId, label: 'bag.jpg', baseImage: 'r', beforeImage: 'i', seedImage: 'z', steps: 10, imageId: photo.imageId, recipe: { crop, method: 'network', strokes: [] } };
}
const generated: SeedSource = { kind: 'generate', seedId: 'g', label: 'seed 7', baseImage: 'g', beforeImage: 'g', seedImage: 'z', steps: 10 };

const run = (state: EditorState, ...actions: EditorAction[]) => actions.reduce(reduce, state);
const ready = () => run(initialEditorState(), { type: 'pack-loaded', pack }, { type: 'photo-opened', photo }, { type: 'embedded', seed: embedded('s1'), embedMs: 1, generation: 0 });

describe('faithful fields', () => {
  it('keep details and the mask go with an embedded seed only, locks with any seed', () => {
    const doc = { seed: embedded('s1'), locks: ['darker'] };
    expect(faithfulFields(doc, DEFAULT_KEEP_DETAILS, 'data:image/png;base64,AA==')).toEqual({
      keepDetails: { on: true, strength: 1 },
      locks: ['darker'],
      mask: 'data:image/png;base64,AA==',
    });
    expect(faithfulFields({ seed: generated, locks: ['darker'] }, DEFAULT_KEEP_DETAILS, 'data:image/png;base64,AA==')).toEqual({ locks: ['darker'] });
    // Keep details off and nothing else: the plain decode (model colours), as before.
    const plain = faithfulFields({ seed: embedded('s1'), locks: NO_LOCKS }, { on: false, strength: 0.4 }, null);
    expect(plain).toEqual({});
    expect(expectedColours(embedded('s1'), plain)).toBe('model');
    expect(expectedColours(embedded('s1'), { locks: ['darker'] })).toBe('photo');
    expect(expectedColours(generated, { locks: ['darker'] })).toBe('model');
  });

  it('tags the key between seed and sliders, so an unedited key still ends in |', () => {
    const doc = { seed: embedded('s1'), sliders: { darker: 3, mine: 0 } };
    expect(renderKey(doc, '')).toBe('s1|darker=3');
    const tag = faithfulTag({ keepDetails: { on: true, strength: 0.5 }, locks: ['darker', 'mine'], mask: 'data:image/png;base64,AA==' });
    expect(tag).toBe(`kd=0.5;lock=darker+mine;mask=${hashText('data:image/png;base64,AA==')}`);
    expect(renderKey(doc, tag)).toBe(`s1|${tag}|darker=3`);
    expect(renderKey({ ...doc, sliders: { darker: 0 } }, 'kd=1')).toBe('s1|kd=1|');
    expect(hashText('a')).not.toBe(hashText('b'));
  });

  it('lays the mask over the seed crop box: photo pixels to the mask picture', () => {
    const raster = maskRaster(crop, [stroke]);
    expect([raster.width, raster.height]).toEqual([200, 200]);
    expect(raster.strokes[0]!.points).toEqual([[0, 0], [100, 100]]);
    expect(raster.strokes[0]!.width).toBe(20);
    // A large box is drawn at most 512 px wide, strokes scaled with it.
    const big = maskRaster({ left: 0, top: 0, width: 2048, height: 1024 }, [stroke]);
    expect([big.width, big.height]).toEqual([512, 256]);
    expect(big.strokes[0]!.width).toBe(5);
    // Only strokes on the photo the seed came from, and only for an embedded seed with its box.
    const mask = { imageId: photo.imageId, strokes: [stroke] };
    expect(maskStrokesFor({ seed: embedded('s1'), mask })).toEqual([stroke]);
    expect(maskStrokesFor({ seed: { ...embedded('s1'), imageId: 'other' }, mask })).toEqual([]);
    expect(maskStrokesFor({ seed: generated, mask })).toEqual([]);
  });

  it('says what a lock does: measured and held, or projection only', () => {
    expect(lockNote(directions[0]!)).toBe('locked');
    expect(lockNote(directions[1]!)).toBe('projection only');
    expect(lockTitle(directions[1]!, true)).toMatch(/projection only/);
    expect(lockTitle(directions[0]!, false)).toMatch(/^Lock Darker fabric \(.*measured on the picture/);
    const notHeld = { id: 'darker', mode: 'closed-loop' as const, attribute: 'object-intensity', target: 0.5, projected: 0.6, value: 0.58, held: false, correction: 1 };
    expect(lockNote(directions[0]!, notHeld)).toBe('locked, not quite held');
    expect(faithfulSummary({ keepDetails: { on: true, strength: 0.75 }, locks: ['darker', 'mine'], mask: 'x' }, directions, [{ ...notHeld, id: 'mine', mode: 'projection-only' }])).toBe(
      'keep details 75 % · Darker fabric locked · Mine locked (projection only) · mask',
    );
    expect(faithfulSummary({}, directions)).toBe('off');
  });
});

describe('locks and the mask in the document', () => {
  it('a lock is an undo step; a new seed keeps it; a deleted slider drops it', () => {
    const state = ready();
    const locked = reduce(state, { type: 'toggle-lock', id: 'darker' });
    expect(locked.live.locks).toEqual(['darker']);
    expect(undoable(locked)).toBe(true);
    expect(reduce(locked, { type: 'undo' }).live.locks).toEqual([]);
    expect(reduce(reduce(locked, { type: 'undo' }), { type: 'redo' }).live.locks).toEqual(['darker']);
    // An unknown id changes nothing.
    expect(reduce(locked, { type: 'toggle-lock', id: 'nope' })).toBe(locked);
    const reseeded = reduce(locked, { type: 'embedded', seed: embedded('s2'), embedMs: 1, generation: 0 });
    expect(reseeded.live.locks).toEqual(['darker']);
    expect(withDirections(toggleLock(emptyDoc(directions), 'mine'), ['darker']).locks).toEqual([]);
    expect(sameDoc(emptyDoc(directions), toggleLock(emptyDoc(directions), 'darker'))).toBe(false);
  });

  it('mask strokes and Clear mask are undo steps on the open photo', () => {
    const state = ready();
    const drawn = reduce(state, { type: 'mask-stroke', stroke });
    expect(strokesFor(drawn.live.mask, photo.imageId)).toEqual([stroke]);
    expect(drawn.live.sketch).toBe(state.live.sketch);
    const cleared = reduce(drawn, { type: 'clear-mask' });
    expect(strokesFor(cleared.live.mask, photo.imageId)).toEqual([]);
    expect(reduce(cleared, { type: 'clear-mask' })).toBe(cleared);
    expect(strokesFor(reduce(cleared, { type: 'undo' }).live.mask, photo.imageId)).toEqual([stroke]);
    // No photo, no mask.
    expect(reduce(initialEditorState(), { type: 'mask-stroke', stroke }).live.mask.strokes).toEqual([]);
  });

  it('a pack switch drops the locks and keeps the mask (photo pixels)', () => {
    const state = run(ready(), { type: 'toggle-lock', id: 'darker' }, { type: 'mask-stroke', stroke });
    const switched = reduce(state, { type: 'pack-switched', pack: { ...pack, id: 'other', version: '2' } });
    expect(switched.live.locks).toEqual([]);
    expect(switched.live.mask).toBe(state.live.mask);
  });

  it('a saved session brings back the locks, the mask (on the reopened photo) and the polarity', () => {
    const state = run(ready(), { type: 'polarity', polarity: 'keep' }, { type: 'toggle-lock', id: 'darker' }, { type: 'mask-stroke', stroke });
    const saved = parseSession(JSON.stringify(saveSession(state, { imageId: photo.imageId, name: photo.name, recentKey: null, recentKind: null, stored: true })))!;
    expect(saved.polarity).toBe('keep');
    const reopened = { ...photo, imageId: 'img-2' };
    const restored = restoredState(saved, directions, reopened, new Map());
    expect(restored.polarity).toBe('keep');
    expect(restored.live.locks).toEqual(['darker']);
    expect(strokesFor(restored.live.mask, 'img-2')).toEqual([stroke]);
    // One undo step back: the lock without the mask.
    expect(restored.history.past.at(-1)!.locks).toEqual(['darker']);
    expect(restored.history.past.at(-1)!.mask.strokes).toEqual([]);
    // Sessions saved before faithful edits: no locks, no mask, auto.
    const old = JSON.parse(JSON.stringify(saved));
    delete old.polarity;
    for (const d of [old.live, old.history.present, ...old.history.past]) {
      delete d.locks;
      delete d.mask;
    }
    const fromOld = restoredState(parseSession(JSON.stringify(old))!, directions, reopened, new Map());
    expect(fromOld.polarity).toBe('auto');
    expect(fromOld.live.locks).toEqual([]);
    expect(fromOld.live.mask.strokes).toEqual([]);
  });

  it('a new seed starts with its sliders at zero and keeps locks and mask', () => {
    const doc = { ...toggleLock(emptyDoc(directions), 'darker'), mask: { imageId: photo.imageId, strokes: [stroke] } };
    const next = withSeed(doc, embedded('s3'));
    expect(next.locks).toEqual(['darker']);
    expect(next.mask).toBe(doc.mask);
  });
});

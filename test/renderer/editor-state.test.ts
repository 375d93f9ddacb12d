/** The editor's reducer: what each action changes, undo/redo through it, and a pack switch. */
import { describe, expect, it } from 'vitest';
import type { ImageOpened, PackInfo } from '../../electron/contract/contract';
import { largestCentred } from '../../electron/contract/crop-geometry';
import type { Stroke } from '../../electron/contract/sketch-schema';
import { ErrorCode } from '../../electron/contract/result';
import type { SeedSource } from '../../renderer/src/state/editor-doc';
import { initialEditorState, packSwitchPlan, redoable, reduce, undoable, type EditorAction, type EditorState } from '../../renderer/src/state/editor-state';
import { strokesFor } from '../../renderer/src/state/sketch';

function pack(id: string, width: number, height: number, directions: string[]): PackInfo {
  return {
    id,
    name: `Pack ${id}`,
    version: '1',
    description: '',
    license: 'MIT',
    dir: `/packs/${id}`,
    image: { width, height, channels: 1 },
    defaultSteps: 10,
    embedSteps: 10,
    hasRefiner: false,
    crop: 'centre',
    directions: directions.map((d) => ({ id: d, label: d, description: '', min: -3, max: 3, custom: false })),
    provider: { requested: 'cpu', provider: 'cpu', label: 'CPU', reason: 'requested', dropped: [] },
  };
}

const gray = pack('gray', 28, 28, ['sleeves', 'darker']);
const wide = pack('wide', 32, 16, ['brighter']);
const photo: ImageOpened = { imageId: 'img-1', name: 'bag.jpg', width: 640, height: 480, preview: 'data:,', aspect: 1, defaultCrop: largestCentred(640, 480, 1) };
const line: Stroke = { color: '#000000', width: 10, points: [[0, 0], [100, 0]] };

function seed(seedId: string, kind: 'embed' | 'generate' = 'embed'): SeedSource {
  const base = { seedId, label: seedId, baseImage: 'a', beforeImage: 'b', seedImage: 'c', steps: 10 };
  if (kind === 'embed') return { ...base, kind, imageId: photo.imageId };
  return { ...base, kind, generated: { seedId, seedNumber: 7, steps: 10, seedImage: 'c', image: 'a', decodeMs: 1, provider: 'cpu' } };
}

const run = (state: EditorState, ...actions: EditorAction[]) => actions.reduce(reduce, state);
/** The gray pack loaded, the photo open and one embedded seed (one undo step). */
const ready = () => run(initialEditorState(), { type: 'pack-loaded', pack: gray }, { type: 'photo-opened', photo }, { type: 'embedded', seed: seed('s1'), embedMs: 40, generation: 0 });

describe('editor state', () => {
  it('starts empty and loads the pack with its sliders at zero', () => {
    const start = initialEditorState();
    expect(start).toMatchObject({ pack: null, photo: null, crop: null, method: 'network', embedding: null, generating: false, packGeneration: 0 });
    expect(undoable(start) || redoable(start)).toBe(false);
    const failed = reduce(start, { type: 'pack-failed', error: { code: ErrorCode.internal, message: 'no pack' } });
    expect(failed.packError?.message).toBe('no pack');
    const loaded = reduce(failed, { type: 'pack-loaded', pack: gray });
    expect(loaded).toMatchObject({ pack: gray, packError: null });
    expect(loaded.live.sliders).toEqual({ sleeves: 0, darker: 0 });
    expect(loaded.history.present).toBe(loaded.live);
  });

  it('opens a photo with its default crop box; sets the crop box and the method', () => {
    let state = run(initialEditorState(), { type: 'photo-opened', photo });
    expect(state).toMatchObject({ photo, crop: photo.defaultCrop });
    const box = { left: 10, top: 10, width: 100, height: 100 };
    state = run(state, { type: 'crop', crop: box }, { type: 'method', method: 'refine' });
    expect(state).toMatchObject({ crop: box, method: 'refine' });
  });

  it('moves a slider live, commits it on release as one undo step, and undoes and redoes it', () => {
    const embedded = ready();
    expect(embedded.live.seed?.seedId).toBe('s1');
    expect(embedded.embedMs).toBe(40);
    const dragged = run(embedded, { type: 'slide', id: 'darker', value: 0.5 }, { type: 'slide', id: 'darker', value: 1.234 });
    expect(dragged.live.sliders.darker).toBe(1.23);
    expect(dragged.history).toBe(embedded.history); // not committed yet
    expect(undoable(dragged)).toBe(true); // but undoable already
    expect(reduce(dragged, { type: 'slide', id: 'unknown', value: 1 })).toBe(dragged);

    const released = reduce(dragged, { type: 'commit-sliders' });
    expect(released.history.present).toBe(released.live);
    expect(released.history.past).toHaveLength(embedded.history.past.length + 1);
    expect(reduce(released, { type: 'commit-sliders' })).toBe(released); // releasing again adds nothing

    const undone = reduce(released, { type: 'undo' });
    expect(undone.live.sliders.darker).toBe(0);
    expect(undone.live.seed?.seedId).toBe('s1');
    expect(redoable(undone)).toBe(true);
    const redone = reduce(undone, { type: 'redo' });
    expect(redone.live.sliders.darker).toBe(1.23);
    expect(redoable(redone)).toBe(false);
  });

  it('records an unreleased slider move before undoing it (undo goes back one step from what is shown)', () => {
    const dragged = reduce(ready(), { type: 'slide', id: 'sleeves', value: 2 });
    const undone = reduce(dragged, { type: 'undo' });
    expect(undone.live.sliders.sleeves).toBe(0);
    expect(reduce(undone, { type: 'redo' }).live.sliders.sleeves).toBe(2);
  });

  it('resets one slider and all sliders as undo steps', () => {
    const moved = run(ready(), { type: 'slide', id: 'sleeves', value: 1 }, { type: 'slide', id: 'darker', value: -1 }, { type: 'commit-sliders' });
    const one = reduce(moved, { type: 'reset-slider', id: 'sleeves' });
    expect(one.live.sliders).toEqual({ sleeves: 0, darker: -1 });
    const all = reduce(one, { type: 'reset-all' });
    expect(all.live.sliders).toEqual({ sleeves: 0, darker: 0 });
    expect(all.history.past).toHaveLength(moved.history.past.length + 2);
    expect(reduce(all, { type: 'undo' }).live.sliders).toEqual({ sleeves: 0, darker: -1 });
  });

  it('makes each stroke, eraser drag and Clear one undo step, on the open photo only', () => {
    const noPhoto = initialEditorState();
    expect(reduce(noPhoto, { type: 'stroke', stroke: line })).toBe(noPhoto);
    const drawn = reduce(ready(), { type: 'stroke', stroke: line });
    expect(strokesFor(drawn.live.sketch, photo.imageId)).toEqual([line]);
    expect(reduce(drawn, { type: 'erase', path: [[50, 300]], radius: 2 })).toBe(drawn); // touches nothing
    const erased = reduce(drawn, { type: 'erase', path: [[50, 0]], radius: 2 });
    expect(strokesFor(erased.live.sketch, photo.imageId)).toEqual([]);
    const undone = reduce(erased, { type: 'undo' });
    expect(strokesFor(undone.live.sketch, photo.imageId)).toEqual([line]);
    const cleared = reduce(undone, { type: 'clear-sketch' });
    expect(strokesFor(cleared.live.sketch, photo.imageId)).toEqual([]);
    expect(undoable(cleared)).toBe(true);
  });

  it('tracks an embed in flight and its progress by request id', () => {
    const started = reduce(ready(), { type: 'embed-started', requestId: 'r1' });
    expect(started.embedding).toEqual({ requestId: 'r1', done: 0, total: 1 });
    expect(reduce(started, { type: 'embed-progress', requestId: 'r0', done: 3, total: 4 })).toBe(started);
    const progressed = reduce(started, { type: 'embed-progress', requestId: 'r1', done: 3, total: 4 });
    expect(progressed.embedding).toEqual({ requestId: 'r1', done: 3, total: 4 });
    // A later embed's progress bar is not cleared by an earlier one finishing.
    const next = reduce(progressed, { type: 'embed-started', requestId: 'r2' });
    expect(reduce(next, { type: 'embed-finished', requestId: 'r1' })).toBe(next);
    expect(reduce(next, { type: 'embed-finished', requestId: 'r2' }).embedding).toBeNull();
  });

  it('adopts a generated seed with its sliders at zero, and tracks generating', () => {
    const moved = run(ready(), { type: 'slide', id: 'darker', value: 1 }, { type: 'generate-started' });
    expect(moved.generating).toBe(true);
    const generated = run(moved, { type: 'generated', seed: seed('s2', 'generate'), generation: 0 }, { type: 'generate-finished' });
    expect(generated.generating).toBe(false);
    expect(generated.live.seed?.seedId).toBe('s2');
    expect(generated.live.sliders).toEqual({ sleeves: 0, darker: 0 });
    expect(reduce(generated, { type: 'undo' }).live.seed?.seedId).toBe('s1');
  });

  it('keeps values and history when a custom slider is added or deleted', () => {
    const moved = run(ready(), { type: 'slide', id: 'darker', value: 1 }, { type: 'commit-sliders' });
    const custom = pack('gray', 28, 28, ['darker', 'my-slider']);
    const changed = reduce(moved, { type: 'directions-changed', pack: custom });
    expect(changed.pack).toBe(custom);
    expect(changed.live.sliders).toEqual({ darker: 1, 'my-slider': 0 });
    expect(changed.history.past.every((doc) => !('sleeves' in doc.sliders))).toBe(true);
    expect(reduce(changed, { type: 'undo' }).live.sliders).toEqual({ darker: 0, 'my-slider': 0 });
  });

  it('switches the pack: photo kept with the new aspect, document and history cleared, old answers dropped', () => {
    const before = run(ready(), { type: 'stroke', stroke: line }, { type: 'slide', id: 'darker', value: 1 }, { type: 'embed-started', requestId: 'r1' });
    const plan = packSwitchPlan(before, wide);
    expect(plan.remake?.kind).toBe('embed');
    expect(plan.message).toMatch(/undo history cleared/);

    const after = reduce(before, { type: 'pack-switched', pack: wide });
    expect(after).toMatchObject({ pack: wide, packError: null, embedMs: null, packGeneration: 1, crop: plan.crop });
    expect(after.photo).toEqual(plan.photo);
    expect(after.photo?.aspect).toBe(2);
    expect(after.live.seed).toBeNull();
    expect(after.live.sliders).toEqual({ brighter: 0 });
    expect(after.live.sketch).toBe(before.live.sketch); // strokes are in photo pixels: they stay
    expect(undoable(after) || redoable(after)).toBe(false);
    // The embed still running is cancelled by the hook; its progress bar goes when it ends.
    expect(after.embedding?.requestId).toBe('r1');

    // An embed or generate started for the old pack answers too late: dropped.
    expect(reduce(after, { type: 'embedded', seed: seed('old'), embedMs: 5, generation: 0 })).toBe(after);
    expect(reduce(after, { type: 'generated', seed: seed('old', 'generate'), generation: 0 })).toBe(after);
    // The remake for the new pack is taken.
    const remade = reduce(after, { type: 'embedded', seed: seed('new'), embedMs: 5, generation: 1 });
    expect(remade.live.seed?.seedId).toBe('new');
    expect(remade.embedMs).toBe(5);
  });

  it('says nothing on a switch with nothing to lose', () => {
    const fresh = reduce(initialEditorState(), { type: 'pack-loaded', pack: gray });
    expect(packSwitchPlan(fresh, wide)).toMatchObject({ remake: null, message: null });
    expect(reduce(fresh, { type: 'pack-switched', pack: wide })).toMatchObject({ pack: wide, photo: null, crop: null, packGeneration: 1 });
  });
});

/**
 * The session kept across reloads: saved and read back with its whole undo history; after an
 * engine restart every seed is replaced by one made again, the photo by its new id; what cannot be
 * made again leaves the history.
 */
import { describe, expect, it } from 'vitest';
import type { ImageOpened, PackInfo } from '../../electron/contract/contract';
import { largestCentred } from '../../electron/contract/crop-geometry';
import type { SeedSource } from '../../renderer/src/state/editor-doc';
import { initialEditorState, reduce, undoable, type EditorAction, type EditorState } from '../../renderer/src/state/editor-state';
import { parseSession, restoredState, savedSeeds, saveSession, sessionFits, type SavedPhoto } from '../../renderer/src/state/session';
import { strokesFor } from '../../renderer/src/state/sketch';

const pack = {
  id: 'gray',
  version: '1.0.0',
  directions: [
    { id: 'wider', label: 'Wider', description: '', min: -8, max: 8, custom: false },
    { id: 'darker', label: 'Darker', description: '', min: -6, max: 6, custom: false },
  ],
} as unknown as PackInfo;
const photo: ImageOpened = { imageId: 'img-1', name: 'bag.jpg', width: 640, height: 480, preview: 'data:,', aspect: 1, defaultCrop: largestCentred(640, 480, 1) };
const savedPhoto: SavedPhoto = { imageId: 'img-1', name: 'bag.jpg', recentKey: 'u-img-1', recentKind: 'upload', stored: true };
const crop = { left: 100, top: 40, width: 300, height: 300 };

function embedded(seedId: string): SeedSource {
  const embed = { seedId, method: 'network', steps: 10, mse: 0.01, psnr: 20, accepted: null, input: `in-${seedId}`, seedImage: `z-${seedId}`, reconstruction: `rec-${seedId}`, timings: { preprocessMs: 1, embedMs: 2, totalMs: 3 }, provider: 'cpu' };
  return { kind: 'embed', seedId, label: 'bag.jpg', baseImage: `rec-${seedId}`, beforeImage: `in-${seedId}`, seedImage: `z-${seedId}`, steps: 10, imageId: 'img-1', embed: embed as never, recipe: { crop, method: 'network', strokes: [] } };
}

function generated(seedId: string, n: number): SeedSource {
  return { kind: 'generate', seedId, label: `seed ${n}`, baseImage: `g-${seedId}`, beforeImage: `g-${seedId}`, seedImage: `gz-${seedId}`, steps: 10, generated: { seedId, seedNumber: n, steps: 10, seedImage: `gz-${seedId}`, image: `g-${seedId}`, decodeMs: 5, provider: 'cpu' } };
}

const run = (state: EditorState, ...actions: EditorAction[]) => actions.reduce(reduce, state);

/** Embed, slide wider to 2, generate seed 7, slide darker to −1.5 (four undo steps). */
function worked(): EditorState {
  return run(
    initialEditorState(),
    { type: 'pack-loaded', pack },
    { type: 'photo-opened', photo },
    { type: 'crop', crop },
    { type: 'stroke', stroke: { color: '#000000', width: 4, points: [[1, 2], [3, 4]] } },
    { type: 'embedded', seed: embedded('s1'), embedMs: 3, generation: 0 },
    { type: 'slide', id: 'wider', value: 2 },
    { type: 'commit-sliders' },
    { type: 'generated', seed: generated('s2', 7), generation: 0 },
    { type: 'slide', id: 'darker', value: -1.5 },
  );
}

describe('session', () => {
  it('saves nothing without work, and reads back exactly what it saved', () => {
    expect(saveSession(run(initialEditorState(), { type: 'pack-loaded', pack }), null)).toBeNull();
    const state = worked();
    const saved = saveSession(state, savedPhoto)!;
    const text = JSON.stringify(saved);
    // Each seed's images are stored once: the embed's copies are references.
    expect(text.split('rec-s1').length - 1).toBe(1);
    const back = parseSession(text)!;
    expect(back).not.toBeNull();
    expect(sessionFits(back, pack)).toBe(true);
    expect(sessionFits(back, { id: 'gray', version: '2.0.0' })).toBe(false);
    expect(savedSeeds(back).map((s) => s.seedId)).toEqual(['s2', 's1']);
    expect(savedSeeds(back).find((s) => s.seedId === 's1')!.embed!.reconstruction).toBe('rec-s1');

    // Same engine (a reload): same ids, same photo id; the live edit and every undo step come back.
    const restored = restoredState(back, pack.directions, photo, new Map());
    const again = reduce(run(initialEditorState(), { type: 'pack-loaded', pack }), { type: 'session-restored', restored, generation: 0 });
    expect(again.photo).toEqual(photo);
    expect(again.crop).toEqual(crop);
    expect(again.live.seed?.seedId).toBe('s2');
    expect(again.live.sliders).toEqual({ wider: 0, darker: -1.5 });
    expect(again.history.past).toHaveLength(state.history.past.length);
    expect(undoable(again)).toBe(true);
    // Undo walks back through the same documents.
    const undone = run(again, { type: 'undo' }, { type: 'undo' });
    expect(undone.live.seed?.seedId).toBe('s1');
    expect(undone.live.sliders).toEqual({ wider: 2, darker: 0 });
    expect(strokesFor(undone.live.sketch, 'img-1')).toHaveLength(1);
  });

  it('after an engine restart points every snapshot at the seeds made again and at the new photo id', () => {
    const back = parseSession(JSON.stringify(saveSession(worked(), savedPhoto)))!;
    const reopened = { ...photo, imageId: 'img-9' };
    const remade = new Map<string, SeedSource | null>([
      ['s1', { ...embedded('n1'), imageId: 'img-9' }],
      ['s2', generated('n2', 7)],
    ]);
    const restored = restoredState(back, pack.directions, reopened, remade);
    expect(restored.live.seed?.seedId).toBe('n2');
    expect(restored.history.past.map((d) => d.seed?.seedId ?? null)).toEqual([null, null, 'n1', 'n1']);
    // The sketch follows the photo to its new id.
    expect(strokesFor(restored.live.sketch, 'img-9')).toHaveLength(1);
    expect(restored.dropped).toBe(0);
  });

  it('drops the undo steps whose seed could not be made again', () => {
    const back = parseSession(JSON.stringify(saveSession(worked(), savedPhoto)))!;
    // The photo could not be opened again: its embed is lost, the generated seed is not.
    const restored = restoredState(back, pack.directions, null, new Map([['s1', null], ['s2', generated('n2', 7)]]));
    expect(restored.photo).toBeNull();
    expect(restored.crop).toBeNull();
    expect(restored.live.seed?.seedId).toBe('n2');
    expect(restored.history.past.every((d) => d.seed?.seedId !== 's1')).toBe(true);
    expect(restored.dropped).toBe(2);
  });

  it('restores a committed edit so that one undo goes back one step (equal documents are one object)', () => {
    const committed = run(worked(), { type: 'commit-sliders' });
    const back = parseSession(JSON.stringify(saveSession(committed, savedPhoto)))!;
    const again = reduce(run(initialEditorState(), { type: 'pack-loaded', pack }), { type: 'session-restored', restored: restoredState(back, pack.directions, photo, new Map()), generation: 0 });
    expect(again.live).toBe(again.history.present);
    const undone = reduce(again, { type: 'undo' });
    expect(undone.live.sliders).toEqual({ wider: 0, darker: 0 });
    expect(undone.live.seed?.seedId).toBe('s2');
  });

  it('refuses broken or foreign data', () => {
    expect(parseSession(null)).toBeNull();
    expect(parseSession('{')).toBeNull();
    expect(parseSession(JSON.stringify({ version: 99 }))).toBeNull();
    const saved = saveSession(worked(), savedPhoto)!;
    const broken = { ...saved, live: { ...saved.live, seed: 'nowhere' } };
    expect(parseSession(JSON.stringify(broken))).toBeNull();
  });

  it('keeps only the newest undo steps when asked to (storage short)', () => {
    const saved = saveSession(worked(), savedPhoto, 1)!;
    expect(saved.history.past).toHaveLength(1);
  });
});

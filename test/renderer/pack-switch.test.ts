/** What a pack switch does to the open photo, its crop box, the document and the undo history. */
import { describe, expect, it } from 'vitest';
import type { ImageOpened, PackInfo } from '../../electron/contract/contract';
import { largestCentred } from '../../electron/contract/crop-geometry';
import { emptyDoc, withSeed, withSlider, type SeedSource } from '../../renderer/src/state/editor-doc';
import { photoForPack, planPackSwitch } from '../../renderer/src/state/pack-switch';
import { addStroke } from '../../renderer/src/state/sketch';

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
    directions: directions.map((d) => ({ id: d, label: d, description: '', min: -3, max: 3, custom: d.startsWith('my-') })),
    provider: { requested: 'cpu', provider: 'cpu', label: 'CPU', reason: 'requested', dropped: [] },
  };
}

const gray = pack('gray', 28, 28, ['sleeves', 'darker']);
const wide = pack('wide', 32, 16, ['brighter', 'my-custom']);

const photo: ImageOpened = {
  imageId: 'img-1',
  name: 'bag.jpg',
  width: 640,
  height: 480,
  preview: 'data:image/jpeg;base64,',
  aspect: 1,
  defaultCrop: largestCentred(640, 480, 1),
};

const embedded: SeedSource = { kind: 'embed', seedId: 's1', imageId: 'img-1', label: 'bag.jpg', baseImage: 'a', beforeImage: 'b', seedImage: 'c', steps: 10 };

describe('switching the pack', () => {
  it('keeps the photo with the new aspect, and adapts the crop box about its centre', () => {
    const crop = { left: 100, top: 100, width: 200, height: 200 };
    const plan = planPackSwitch({ pack: wide, previous: gray, photo, crop, doc: emptyDoc(gray.directions), hadHistory: false });
    expect(plan.photo).toMatchObject({ imageId: 'img-1', width: 640, height: 480, aspect: 2, defaultCrop: largestCentred(640, 480, 2) });
    expect(plan.crop!.height).toBe(Math.round(plan.crop!.width / 2));
    expect(Math.abs(plan.crop!.left + plan.crop!.width / 2 - 200)).toBeLessThanOrEqual(1);
    expect(Math.abs(plan.crop!.top + plan.crop!.height / 2 - 200)).toBeLessThanOrEqual(1);
    // The default box stays the default box.
    const fromDefault = planPackSwitch({ pack: wide, previous: gray, photo, crop: photo.defaultCrop, doc: emptyDoc(), hadHistory: false });
    expect(fromDefault.crop).toEqual(largestCentred(640, 480, 2));
    // Same aspect: the same photo object and box.
    const square = planPackSwitch({ pack: pack('rgb', 24, 24, []), previous: gray, photo, crop, doc: emptyDoc(), hadHistory: false });
    expect(square.photo).toBe(photo);
    expect(square.crop).toEqual(crop);
    expect(photoForPack(photo, gray)).toBe(photo);
  });

  it('embeds the crop again with the new pack, on a fresh document with the new sliders at zero', () => {
    let doc = withSeed(emptyDoc(gray.directions), embedded);
    doc = withSlider(doc, gray.directions[0]!, 1.5);
    doc = { ...doc, sketch: addStroke(doc.sketch, 'img-1', { color: '#ff0000', width: 4, points: [[1, 1], [5, 5]] }) };
    const plan = planPackSwitch({ pack: wide, previous: gray, photo, crop: photo.defaultCrop, doc, hadHistory: true });
    expect(plan.remake).toEqual({ kind: 'embed', photo: plan.photo, crop: plan.crop });
    expect(plan.doc.seed).toBeNull();
    expect(plan.doc.sliders).toEqual({ brighter: 0, 'my-custom': 0 });
    // The sketch is in the photo's pixels: it stays, and the re-embed draws it too.
    expect(plan.doc.sketch).toBe(doc.sketch);
    expect(plan.message).toMatch(/Switched to Pack wide: undo history cleared \(seeds of Pack gray do not fit its model\)\. Embedding the crop again/);
  });

  it('generates a generated seed number again, and drops an embed of a photo no longer open', () => {
    const generated: SeedSource = { ...embedded, kind: 'generate', imageId: undefined, generated: { seedId: 's2', seedNumber: 7, steps: 10, seedImage: '', image: '', decodeMs: 1, provider: 'cpu' } };
    const plan = planPackSwitch({ pack: wide, previous: gray, photo, crop: null, doc: withSeed(emptyDoc(), generated), hadHistory: false });
    expect(plan.remake).toEqual({ kind: 'generate', seedNumber: 7 });
    expect(plan.message).toMatch(/Generating seed 7 again/);
    expect(plan.crop).toEqual(largestCentred(640, 480, 2));

    const other = planPackSwitch({ pack: wide, previous: gray, photo, crop: null, doc: withSeed(emptyDoc(), { ...embedded, imageId: 'img-0' }), hadHistory: false });
    expect(other.remake).toBeNull();
    expect(other.message).toMatch(/undo history cleared/);
  });

  it('says nothing when there was nothing to lose, and works without a photo', () => {
    const plan = planPackSwitch({ pack: wide, previous: gray, photo: null, crop: null, doc: emptyDoc(gray.directions), hadHistory: false });
    expect(plan).toMatchObject({ photo: null, crop: null, remake: null, message: null });
    expect(plan.doc.sliders).toEqual({ brighter: 0, 'my-custom': 0 });
  });
});

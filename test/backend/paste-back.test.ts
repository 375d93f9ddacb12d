/**
 * Paste back on the real engine (fixture pack: 28×28 gray, negated) and a real sample photo: the
 * export keeps the photo's size, changes nothing outside the crop box, carries no metadata, and a
 * slider edit shows up inside the box.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReseedEngine } from '../../electron/engine/engine';
import { MAX_FEATHER_PX } from '../../electron/engine/image/paste-back';
import { EditorService } from '../../electron/backend/editor-service';
import { REPO, TINY_PACK } from '../engine/helpers';

let service: EditorService;
let photo: Buffer;
const crop = { left: 40, top: 60, width: 200, height: 200 };

async function rgba(bytes: Buffer) {
  const { data, info } = await sharp(bytes).autoOrient().toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** The bounding box of pixels that differ by more than `tolerance` (JPEG round-off). */
function changedBox(a: Buffer, b: Buffer, width: number, height: number, tolerance: number) {
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1, count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      let diff = 0;
      for (let c = 0; c < 4; c++) diff = Math.max(diff, Math.abs(a[p + c]! - b[p + c]!));
      if (diff <= tolerance) continue;
      count++;
      x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
    }
  }
  return { count, left: x0, top: y0, right: x1, bottom: y1 };
}

beforeAll(async () => {
  const engine = new ReseedEngine({ packRoots: [], threads: 1 });
  service = new EditorService({ engine, pack: TINY_PACK, provider: 'cpu' });
  // A real sample with EXIF added: the export must not carry it.
  photo = await sharp(readFileSync(join(REPO, 'assets', 'samples', 'bag.jpg')))
    .withExif({ IFD0: { Copyright: 'secret owner', Artist: 'someone' } })
    .png()
    .toBuffer();
});

afterAll(async () => {
  await service?.dispose();
});

describe('exportPhoto (paste back)', () => {
  it('keeps the size, changes only the crop box and strips metadata', async () => {
    const opened = await service.openUpload('bag.png', photo.toString('base64'));
    const embedded = await service.embed({ requestId: 'pb-embed', imageId: opened.imageId, crop, method: 'network' });
    const original = await rgba(photo);
    for (const format of ['png', 'jpeg'] as const) {
      const out = await service.exportPhoto({ seedId: embedded.seedId, sliders: { darker: 3 }, format, quality: 95 });
      const bytes = Buffer.from(out.data, 'base64');
      const meta = await sharp(bytes).metadata();
      expect([out.width, out.height, meta.width, meta.height]).toEqual([original.width, original.height, original.width, original.height]);
      expect(meta.format).toBe(format);
      expect(meta.exif).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(out.fileName).toMatch(format === 'png' ? /^bag-edited-photo\.png$/ : /^bag-edited-photo\.jpg$/);
      const exported = await rgba(bytes);
      // PNG is exact; JPEG's 8×8 blocks may bleed a few levels just past an edge.
      const box = changedBox(original.data, exported.data, original.width, original.height, format === 'png' ? 0 : 12);
      expect(box.count).toBeGreaterThan(100);
      const slack = format === 'png' ? 0 : MAX_FEATHER_PX;
      expect(box.left).toBeGreaterThanOrEqual(crop.left - slack);
      expect(box.top).toBeGreaterThanOrEqual(crop.top - slack);
      expect(box.right).toBeLessThan(crop.left + crop.width + slack);
      expect(box.bottom).toBeLessThan(crop.top + crop.height + slack);
    }
  });

  it('gives the same pixels whether the photo is streamed (opaque: only the box decoded) or blended whole (alpha channel)', async () => {
    const opaque = await sharp(photo).removeAlpha().png().toBuffer();
    const withAlpha = await sharp(photo).ensureAlpha().png().toBuffer();
    expect((await sharp(opaque).metadata()).hasAlpha).toBe(false);
    expect((await sharp(withAlpha).metadata()).hasAlpha).toBe(true);
    const exported: Buffer[] = [];
    for (const [name, bytes] of [['opaque.png', opaque], ['alpha.png', withAlpha]] as const) {
      const opened = await service.openUpload(name, bytes.toString('base64'));
      const embedded = await service.embed({ requestId: `pb-${name}`, imageId: opened.imageId, crop, method: 'network' });
      const out = await service.exportPhoto({ seedId: embedded.seedId, sliders: { darker: 2 }, format: 'png', quality: 92 });
      exported.push((await rgba(Buffer.from(out.data, 'base64'))).data);
    }
    expect(exported[0]!.equals(exported[1]!)).toBe(true);
    expect(exported[0]!.equals((await rgba(opaque)).data)).toBe(false);
  });

  it('refuses a generated seed, which has no photo', async () => {
    const generated = await service.generate({ requestId: 'pb-gen', seed: 3 });
    await expect(service.exportPhoto({ seedId: generated.seedId, sliders: {}, format: 'png', quality: 92 })).rejects.toThrow(/only an embedded photo/);
  });
});

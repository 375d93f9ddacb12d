/**
 * Switching the active pack with a photo open (the real engine on both fixture packs): the photo
 * stays held and embeds with the new pack at its size, a seed of the other pack is refused with a
 * clear `pack-mismatch` error (never decoded by the wrong pack), the catalog carries licence,
 * attribution and training data, and the pack the editor started with (--pack <dir>) stays
 * listed and usable after switching away from it.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ReseedError } from '../../electron/contract/result';
import { TINY_PACK } from '../engine/helpers';
import { sampleBase64 } from '../http/helpers';
import { serviceFixture } from './service-fixture';

const fx = serviceFixture('reseed-pack-switch-');

async function rejection(promise: Promise<unknown>): Promise<ReseedError> {
  try {
    await promise;
  } catch (error) {
    return error as ReseedError;
  }
  throw new Error('expected a rejection');
}


describe('switching the active pack', () => {
  it('keeps the photo, embeds it with the new pack, and refuses the old pack’s seeds', async () => {
    await fx.service.pack();
    const photo = await fx.service.openUpload('tshirt.png', sampleBase64());
    const gray = await fx.service.embed({ requestId: 'e1', imageId: photo.imageId, crop: photo.defaultCrop, method: 'network' });
    const generated = await fx.service.generate({ requestId: 'g1', seed: 5 });

    const catalog = fx.workflows.packs.catalog();
    const rgbEntry = catalog.packs.find((p) => p.id === 'tiny-rgb')!;
    const info = await fx.workflows.packs.use(rgbEntry.dir);
    expect(info).toMatchObject({ id: 'tiny-rgb', image: { width: 24, height: 24, channels: 3 } });

    // The photo is still held: the same image id embeds with the RGB pack, at its size, in colour.
    const rgb = await fx.service.embed({ requestId: 'e2', imageId: photo.imageId, crop: photo.defaultCrop, method: 'network' });
    const meta = await sharp(Buffer.from(rgb.reconstruction.split(',')[1]!, 'base64')).metadata();
    expect([meta.width, meta.height, meta.channels]).toEqual([24, 24, 3]);
    expect((await fx.service.decode({ requestId: 'd1', seedId: rgb.seedId, sliders: { darker: 1 } })).image).toMatch(/^data:image\/png/);

    // Seeds of the gray pack are never decoded by the RGB pack: a clear error, every operation.
    // (One at a time: decodes share a latest-wins lane.)
    for (const attempt of [
      () => fx.service.decode({ requestId: 'd2', seedId: gray.seedId, sliders: {} }),
      () => fx.service.decode({ requestId: 'd3', seedId: generated.seedId, sliders: {} }),
      () => fx.service.exportImage({ seedId: gray.seedId, sliders: {}, scale: 1 }),
      () => fx.service.exportPhoto({ seedId: gray.seedId, sliders: {}, format: 'png', quality: 90 }),
      () => fx.service.interpolate({ requestId: 'i1', a: { seedId: gray.seedId }, b: { seedId: rgb.seedId }, t: 0.5 }),
    ]) {
      const error = await rejection(attempt());
      expect(error).toBeInstanceOf(ReseedError);
      expect(error.code).toBe('pack-mismatch');
      expect(error.message).toMatch(/another model pack.*Tiny RGB fixture.*embed or generate again/);
    }

    // Back to the pack the fx.service started with (opened by folder): listed, usable, and the
    // RGB seed is now the foreign one.
    const back = fx.workflows.packs.catalog().packs.find((p) => p.dir === TINY_PACK);
    expect(back).toMatchObject({ source: 'path', active: false, error: null });
    expect((await fx.workflows.packs.use(TINY_PACK)).id).toBe('tiny');
    expect((await rejection(fx.service.decode({ requestId: 'd4', seedId: rgb.seedId, sliders: {} }))).code).toBe('pack-mismatch');
    expect((await fx.service.decode({ requestId: 'd5', seedId: gray.seedId, sliders: {} })).image).toMatch(/^data:image\/png/);
  });

  it('lists licence, attribution and training data for every pack', () => {
    const packs = fx.workflows.packs.catalog().packs;
    expect(packs.map((p) => p.id).sort()).toEqual(['tiny', 'tiny-rgb']);
    for (const p of packs) {
      expect(p.license).toBe('MIT');
      expect(p.trainingData).toMatchObject({ license: 'MIT', images: 512 });
      expect(p.attribution === null || typeof p.attribution === 'string').toBe(true);
    }
    expect(packs.find((p) => p.id === 'tiny')!.trainingData!.source).toMatch(/Zalando/);
  });
});

/**
 * Issue #17 through the editor's fx.service (the real engine on the fixture packs): embed and batch
 * say whether the photo was negated and take a polarity; "fit whole object" proposes a box past
 * the photo's edges that embeds and pastes back; face search is refused for a pack without
 * `crop: face` and, finding nothing, says to draw the box.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ErrorCode, ReseedError } from '../../electron/contract/result';
import { REPO } from '../engine/helpers';
import { serviceFixture } from './service-fixture';

const fx = serviceFixture('reseed-framing-');
const { root } = fx;
const sample = (name: string) => readFileSync(join(REPO, 'assets', 'samples', name)).toString('base64');

/** A light square on black, like a Fashion-MNIST garment, 120×90. */
async function lightOnDark(): Promise<Buffer> {
  const px = Buffer.alloc(120 * 90);
  for (let y = 22; y < 67; y++) px.fill(220, y * 120 + 30, y * 120 + 90);
  return sharp(px, { raw: { width: 120, height: 90, channels: 1 } }).png().toBuffer();
}

async function rejection(promise: Promise<unknown>): Promise<ReseedError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ReseedError);
  return error as ReseedError;
}


describe('polarity in the editor and the batch panel', () => {
  it('embeds a light garment on black without negating it, and says so; negate forces it', async () => {
    const photo = await fx.service.openUpload('garment.png', (await lightOnDark()).toString('base64'));
    const auto = await fx.service.embed({ requestId: 'p1', imageId: photo.imageId, crop: photo.defaultCrop, method: 'network' });
    expect(auto.polarity).toEqual({ negated: false, note: 'dark background: kept as is' });
    const forced = await fx.service.embed({ requestId: 'p2', imageId: photo.imageId, crop: photo.defaultCrop, method: 'network', polarity: 'negate' });
    expect(forced.polarity).toEqual({ negated: true, note: 'negated (as asked)' });
    const product = await fx.service.openUpload('tshirt.png', sample('tshirt.png'));
    const negated = await fx.service.embed({ requestId: 'p3', imageId: product.imageId, crop: product.defaultCrop, method: 'network' });
    expect(negated.polarity).toEqual({ negated: true, note: 'light background: negated' });
  });

  it('runs a batch with a polarity and shows each picture\'s note in the results', async () => {
    const input = join(root, 'in');
    mkdirSync(input, { recursive: true });
    writeFileSync(join(input, 'dark.png'), await lightOnDark());
    writeFileSync(join(input, 'tshirt.png'), readFileSync(join(REPO, 'assets', 'samples', 'tshirt.png')));
    const out = join(root, 'out');
    mkdirSync(out, { recursive: true });
    const summary = await fx.workflows.batches.run({ requestId: 'b1', input, out, recursive: false, method: 'network', batchSize: 8 });
    expect(summary.ok).toBe(2);
    const results = await fx.workflows.batches.results({ input, out, offset: 0, limit: 10 });
    const notes = Object.fromEntries(results.items.map((i) => [i.input, i.polarity]));
    expect(notes).toEqual({ 'dark.png': 'dark background: kept as is', 'tshirt.png': 'light background: negated' });
    const kept = join(root, 'out-keep');
    mkdirSync(kept, { recursive: true });
    await fx.workflows.batches.run({ requestId: 'b2', input, out: kept, recursive: false, method: 'network', batchSize: 8, polarity: 'keep' });
    const keptNotes = (await fx.workflows.batches.results({ input, out: kept, offset: 0, limit: 10 })).items.map((i) => i.polarity);
    expect(keptNotes).toEqual(['kept as is (as asked)', 'kept as is (as asked)']);
  });
});

describe('fit whole object', () => {
  it('proposes a box past the sneaker photo\'s edges, which embeds and pastes back into the photo', async () => {
    const photo = await fx.service.openUpload('sneaker.png', sample('sneaker.png'));
    const fitted = await fx.service.fitObject(photo.imageId);
    expect(fitted).toMatchObject({ imageId: photo.imageId, overhangs: true, background: '#ffffff', aspect: 1, packId: 'tiny' });
    expect(fitted.crop.top).toBeLessThan(0);
    expect(fitted.message).toMatch(/whole object: the box reaches past the photo's edges/);
    const embedded = await fx.service.embed({ requestId: 'f1', imageId: photo.imageId, crop: fitted.crop, method: 'network' });
    expect(embedded.mse).toBeGreaterThan(0);
    const pasted = await fx.service.exportPhoto({ seedId: embedded.seedId, sliders: {}, format: 'png', quality: 92 });
    expect(pasted).toMatchObject({ width: 360, height: 240 });
    // Only the photo's part of the box can change.
    expect(pasted.area.top).toBe(0);
    expect(pasted.area.height).toBe(240);
    await expect(fx.service.fitObject('gone')).rejects.toMatchObject({ code: ErrorCode.notFound });
  });
});

describe('find face', () => {
  it('is refused for a pack that does not crop around faces', async () => {
    const photo = await fx.service.openUpload('astronaut.jpg', sample('astronaut.jpg'));
    const error = await rejection(fx.service.detectFace(photo.imageId));
    expect(error.code).toBe(ErrorCode.unsupported);
    expect(error.message).toMatch(/does not crop around faces/);
  });

  it('says when it finds no face, and to draw the box', async () => {
    const entry = fx.workflows.packs.catalog().packs.find((p) => p.id === 'tiny-rgb')!;
    const info = await fx.workflows.packs.use(entry.dir);
    expect(info.crop).toBe('face');
    const photo = await fx.service.openUpload('tshirt.png', sample('tshirt.png'));
    const none = await fx.service.detectFace(photo.imageId);
    expect(none).toMatchObject({ face: null, crop: null });
    expect(none.message).toMatch(/^no face found .*: draw the crop box around the face$/);
    const face = await fx.service.detectFace((await fx.service.openUpload('astronaut.jpg', sample('astronaut.jpg'))).imageId);
    expect(face.message).toMatch(/^face found at \d+×\d+\+\d+\+\d+: the crop box is around it$/);
  });
});

/**
 * Interpolation on the real engine (fixture pack): slerp's endpoints decode to the endpoints'
 * own images byte for byte, a middle t differs from both, and the frame strip is frames × the
 * model's width with its first and last frames equal to the endpoints. A strip is long work: it
 * reports progress, is cancelled by its id or by a newer strip, and never by scrubbing t.
 */
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReseedEngine } from '../../electron/engine/engine';
import { EditorService } from '../../electron/backend/editor-service';
import { invokeContract } from '../../electron/contract/contract';
import type { ProgressEvent } from '../../electron/contract/editor-schemas';
import { TINY_PACK } from '../engine/helpers';

let service: EditorService;

beforeAll(() => {
  const engine = new ReseedEngine({ packRoots: [], threads: 1 });
  service = new EditorService({ engine, pack: TINY_PACK, provider: 'cpu' });
});

afterAll(async () => {
  await service?.dispose();
});

const pngOf = (dataUrl: string) => Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');

describe('interpolate', () => {
  it('t=0 gives A and t=1 gives B byte for byte; a middle t gives neither', async () => {
    const a = await service.generate({ requestId: 'ia', seed: 3 });
    const b = await service.generate({ requestId: 'ib', seed: 11 });
    const at0 = await service.interpolate({ requestId: 'i0', a: { seedId: a.seedId }, b: { seedId: b.seedId }, t: 0 });
    const at1 = await service.interpolate({ requestId: 'i1', a: { seedId: a.seedId }, b: { seedId: b.seedId }, t: 1 });
    expect(pngOf(at0.image).equals(pngOf(a.image))).toBe(true);
    expect(pngOf(at1.image).equals(pngOf(b.image))).toBe(true);
    const mid = await service.interpolate({ requestId: 'im', a: { seedId: a.seedId }, b: { seedNumber: 11 }, t: 0.5 });
    expect(pngOf(mid.image).equals(pngOf(a.image))).toBe(false);
    expect(pngOf(mid.image).equals(pngOf(b.image))).toBe(false);
    // A seed number is the same seed as generate draws.
    const byNumber = await service.interpolate({ requestId: 'in', a: { seedNumber: 3 }, b: { seedId: b.seedId }, t: 0 });
    expect(pngOf(byNumber.image).equals(pngOf(a.image))).toBe(true);
  });

  it('exports a strip of frames at model resolution whose ends are the endpoints', async () => {
    const info = await service.packInfo();
    const { width: W, height: H } = info.image;
    const a = await service.generate({ requestId: 'fa', seed: 5 });
    const b = await service.generate({ requestId: 'fb', seed: 6 });
    const out = await service.interpolationFrames({ a: { seedId: a.seedId }, b: { seedId: b.seedId }, frames: 4 });
    expect(out).toMatchObject({ frames: 4, frameWidth: W, frameHeight: H, width: 4 * W, height: H });
    const strip = sharp(Buffer.from(out.png, 'base64'));
    const meta = await strip.metadata();
    expect([meta.width, meta.height]).toEqual([4 * W, H]);
    const raw = async (img: Sharp, left = 0) => img.extract({ left, top: 0, width: W, height: H }).greyscale().raw().toBuffer();
    const first = await raw(sharp(Buffer.from(out.png, 'base64')), 0);
    const last = await raw(sharp(Buffer.from(out.png, 'base64')), 3 * W);
    // Frames are decoded as one batch: allow the batch's float round-off (at most one level).
    const close = (x: Buffer, y: Buffer) => x.every((v, i) => Math.abs(v - y[i]!) <= 1);
    expect(close(first, await raw(sharp(pngOf(a.image))))).toBe(true);
    expect(close(last, await raw(sharp(pngOf(b.image))))).toBe(true);
    expect(close(first, last)).toBe(false);
  });

  it('validates its requests with zod', () => {
    const req = invokeContract.interpolate.request;
    expect(req.safeParse({ requestId: 'r', a: { seedId: 'x' }, b: { seedNumber: 2 }, t: 0.3 }).success).toBe(true);
    expect(req.safeParse({ requestId: 'r', a: { seedId: 'x' }, b: { seedNumber: 2 }, t: 1.5 }).success).toBe(false);
    expect(req.safeParse({ requestId: 'r', a: { seedId: '../x' }, b: { seedNumber: 2 }, t: 0 }).success).toBe(false);
    expect(req.safeParse({ requestId: 'r', a: { seedNumber: -1 }, b: { seedNumber: 2 }, t: 0 }).success).toBe(false);
    const frames = invokeContract.interpolationFrames.request;
    expect(frames.parse({ a: { seedNumber: 1 }, b: { seedNumber: 2 } }).frames).toBe(8);
    expect(frames.safeParse({ a: { seedNumber: 1 }, b: { seedNumber: 2 }, frames: 1 }).success).toBe(false);
    expect(frames.safeParse({ a: { seedNumber: 1 }, b: { seedNumber: 2 }, frames: 1000 }).success).toBe(false);
  });

  it('reports a seed the engine no longer holds', async () => {
    await expect(service.interpolate({ requestId: 'ig', a: { seedId: 'gone' }, b: { seedNumber: 1 }, t: 0.5 })).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('interpolation strips are cancellable', () => {
  let strips: EditorService;
  let onProgress: ((e: ProgressEvent) => void) | undefined;
  const long = { a: { seedNumber: 1 }, b: { seedNumber: 2 }, frames: 64, steps: 1000 };

  beforeAll(() => {
    const engine = new ReseedEngine({ packRoots: [], threads: 1 });
    strips = new EditorService({ engine, pack: TINY_PACK, provider: 'cpu', emit: (_event, payload) => onProgress?.(payload) });
  });

  afterAll(async () => {
    await strips?.dispose();
  });

  /** Resolves once the request reports its first decoded step (it is running, not queued). */
  const decoding = (requestId: string) =>
    new Promise<void>((resolve) => {
      onProgress = (e) => {
        if (e.requestId === requestId && e.operation === 'export') resolve();
      };
    });

  it('stops a running strip by its request id', async () => {
    const started = decoding('strip-1');
    const strip = strips.interpolationFrames({ requestId: 'strip-1', ...long });
    await started;
    expect(strips.cancel('strip-1')).toEqual({ cancelled: true });
    await expect(strip).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('a newer strip replaces the one still running; a t decode in between does not', async () => {
    const started = decoding('strip-2');
    const older = strips.interpolationFrames({ requestId: 'strip-2', ...long });
    await started;
    const scrub = await strips.interpolate({ requestId: 'scrub', a: { seedNumber: 1 }, b: { seedNumber: 2 }, t: 0.5, steps: 2 });
    expect(scrub.image).toMatch(/^data:image\/png/);
    const newer = strips.interpolationFrames({ a: { seedNumber: 1 }, b: { seedNumber: 2 }, frames: 2, steps: 2 });
    await expect(older).rejects.toMatchObject({ code: 'cancelled', message: 'superseded by a newer request' });
    await expect(newer).resolves.toMatchObject({ frames: 2 });
  });

  it('stops when the client signal aborts', async () => {
    const client = new AbortController();
    const started = decoding('strip-3');
    const strip = strips.interpolationFrames({ requestId: 'strip-3', ...long }, client.signal);
    await started;
    client.abort();
    await expect(strip).rejects.toMatchObject({ code: 'cancelled' });
  });
});

/**
 * The TypeScript engine against the Python reference, for every fixture pack (test/fixtures/golden
 * with tiny-pack, test/fixtures/golden-rgb with tiny-rgb-pack; written by training/golden.py):
 * max |difference| ≤ 1e-4 on [0, 1] images, CPU provider.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReseedEngine } from '../../electron/engine/engine';
import { ddimInvert } from '../../electron/engine/inversion';
import { maxAbsDiff } from '../../electron/engine/metrics';
import type { OpenPack } from '../../electron/engine/open-pack';
import { item } from '../../electron/engine/tensor';
import { golden, GOLDEN_FIXTURES } from './helpers';

describe.each(GOLDEN_FIXTURES)('$name', ({ pack, goldenDir }) => {
  const g = golden(goldenDir);
  const tol = g.tolerance;
  let engine: ReseedEngine;
  let open: OpenPack;

  beforeAll(async () => {
    engine = new ReseedEngine({ packRoots: [] });
    open = await engine.open(pack, 'cpu');
  });
  afterAll(() => engine.dispose());

  describe('golden values (fixture pack, CPU)', () => {
    it('runs on the CPU provider, on the pack the golden values were written from', () => {
      expect(open.provider).toBe('cpu');
      expect(tol).toBeLessThanOrEqual(1e-4);
      expect(resolve(g.packDir)).toBe(resolve(pack));
      const { channels, height, width } = open.pack.manifest.image;
      expect(g.array(g.cases.embed.images).shape.slice(1)).toEqual([channels, height, width]);
    });

    it('one denoiser pass', async () => {
      const c = g.cases.denoiserPass;
      const noisy = g.array(c.noisy);
      const eps = await open.denoise(noisy.data, g.array(c.noiseVariance).data, noisy.shape);
      expect(maxAbsDiff(eps, g.array(c.eps).data)).toBeLessThanOrEqual(tol);
    });

    it("the sampler's first step (eps and x0 at t = 1)", async () => {
      const c = g.cases.firstStep;
      const z = g.array(c.seed);
      const x0 = new Float32Array(z.data.length);
      const eps = await open.sampler.predict(z.data.slice(), z.shape, c.t, x0);
      expect(maxAbsDiff(eps, g.array(c.eps).data)).toBeLessThanOrEqual(tol);
      expect(maxAbsDiff(x0, g.array(c.x0).data)).toBeLessThanOrEqual(tol);
    });

    it('full decodes', async () => {
      for (const c of g.cases.decode as { seed: string; steps: number; image: string }[]) {
        const image = await open.decode(g.array(c.seed), { steps: c.steps });
        expect(maxAbsDiff(image.data, g.array(c.image).data), `${c.steps} steps`).toBeLessThanOrEqual(tol);
      }
    });

    it('the seed of --seed 7 is the golden seed_7', () => {
      expect(maxAbsDiff(open.randomSeed(7).data, g.array('seed_7').data)).toBe(0);
    });

    it('embedding: network seeds, reconstructions and their errors', async () => {
      const c = g.cases.embed;
      const r = await open.embed(g.array(c.images), { method: 'network', steps: c.steps });
      expect(maxAbsDiff(r.seed.data, g.array(c.seeds).data)).toBeLessThanOrEqual(tol);
      expect(maxAbsDiff(r.reconstruction.data, g.array(c.reconstructions).data)).toBeLessThanOrEqual(tol);
      r.mse.forEach((m, i) => expect(Math.abs(m - c.mse[i])).toBeLessThanOrEqual(1e-5));
    });

    it('an edited seed and its decode', async () => {
      const c = g.cases.edit;
      const z = item(g.array(c.seed), c.seedIndex);
      const edited = open.edit(z, c.sliders);
      expect(maxAbsDiff(edited.data, g.array(c.editedSeed).data)).toBeLessThanOrEqual(tol);
      const image = await open.decode(edited, { steps: c.steps });
      expect(maxAbsDiff(image.data, g.array(c.image).data)).toBeLessThanOrEqual(tol);
    });

    it('DDIM inversion', async () => {
      const c = g.cases.inversion;
      const seed = await ddimInvert(open.sampler, item(g.array(c.image), c.imageIndex), { steps: c.steps });
      expect(maxAbsDiff(seed.data, g.array(c.seed).data)).toBeLessThanOrEqual(tol);
    });

    it('one refiner pass', async () => {
      const c = g.cases.refinerPass;
      const delta = await open.refinerPass(g.array(c.images), g.array(c.reconstructions));
      expect(maxAbsDiff(delta.data, g.array(c.seedDelta).data)).toBeLessThanOrEqual(tol);
    });
  });

  describe('embedding methods on the fixture pack', () => {
    it('refinement never raises the error, image by image', async () => {
      const c = g.cases.embed;
      const images = g.array(c.images);
      const base = await open.embed(images, { method: 'network' });
      const refined = await open.embed(images, { method: 'refine', refineIterations: 2 });
      refined.mse.forEach((m, i) => expect(m).toBeLessThanOrEqual(base.mse[i]!));
      expect(refined.accepted).toHaveLength(4);
    });

    it('inversion returns a seed whose decode is the returned reconstruction', async () => {
      const images = item(g.array(g.cases.embed.images), 1);
      const r = await open.embed(images, { method: 'inversion' });
      const again = await open.decode(r.seed, { steps: r.steps });
      expect(maxAbsDiff(again.data, r.reconstruction.data)).toBe(0);
      expect(r.mse[0]).toBeGreaterThan(0);
    });

    it('all-zero sliders decode to exactly the unedited image', async () => {
      const z = open.randomSeed(3);
      const a = await open.decode(z);
      const b = await open.decode(open.edit(z, Object.fromEntries(open.pack.directions.map((d) => [d.id, 0]))));
      expect(maxAbsDiff(a.data, b.data)).toBe(0);
    });

    it('reports progress over the whole embedding and can be cancelled', async () => {
      const images = item(g.array(g.cases.embed.images), 0);
      const seen: number[] = [];
      await open.embed(images, { method: 'refine', refineIterations: 1, onProgress: (d) => seen.push(d) });
      expect(seen.at(-1)).toBe(20);
      const controller = new AbortController();
      const pending = open.embed(images, { method: 'inversion', signal: controller.signal, onProgress: (d) => d === 2 && controller.abort() });
      await expect(pending).rejects.toThrow(/abort/i);
    });
  });
});

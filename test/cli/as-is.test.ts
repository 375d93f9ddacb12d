/**
 * `reseed batch --as-is` over a dataset's own images reproduces the error the Python pipeline
 * measured for the same images: the golden embed case's four held-out images, written as PNGs.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { golden, tempDir, TINY_PACK } from '../engine/helpers';
import { runCli } from './helpers';

describe('batch --as-is', () => {
  it('reproduces the Python MSE of the golden images', async () => {
    const g = golden();
    const images = g.array(g.cases.embed.images);
    const [n, , h, w] = images.shape;
    const dir = tempDir();
    mkdirSync(join(dir, 'in'));
    for (let b = 0; b < n; b++) {
      const pixels = Buffer.from(Array.from(images.data.subarray(b * h * w, (b + 1) * h * w), (v) => Math.round(v * 255)));
      writeFileSync(join(dir, 'in', `img${b}.png`), await sharp(pixels, { raw: { width: w, height: h, channels: 1 } }).png().toBuffer());
    }
    const run = await runCli(['batch', 'in', '--out', 'out', '--as-is', '--pack', TINY_PACK, '--quiet'], { cwd: dir, home: join(dir, 'home') });
    expect(run.code, run.stderr).toBe(0);
    const records = readFileSync(join(dir, 'out', 'index.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(records).toHaveLength(n);
    for (const r of records) {
      const b = Number(/img(\d)/.exec(r.input)![1]);
      expect(r.status).toBe('ok');
      expect(Math.abs(r.mse - g.cases.embed.mse[b])).toBeLessThan(1e-5);
    }
  });

  it('refuses an image that is not at the model size', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', 'big.png'), await sharp({ create: { width: 40, height: 30, channels: 3, background: '#808080' } }).png().toBuffer());
    const run = await runCli(['batch', 'in', '--out', 'out', '--as-is', '--pack', TINY_PACK, '--quiet'], { cwd: dir, home: join(dir, 'home') });
    expect(run.code).toBe(3);
    const record = JSON.parse(readFileSync(join(dir, 'out', 'index.jsonl'), 'utf8').trim());
    expect(record.error).toMatch(/40×30; as-is input must be the model's 28×28/);
  });
});

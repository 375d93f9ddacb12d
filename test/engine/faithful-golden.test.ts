/**
 * Locks measure attributes on decoded pictures; Python and TypeScript must agree on them
 * (test/fixtures/golden-faithful, written by training/golden_faithful.py): every pixel attribute of
 * training/attributes.py on golden images, and each shipped pack's attribute scorer (attributes.onnx
 * in onnxruntime against PyTorch's logits) with the scores its directions' locks use.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PIXEL_ATTRIBUTES } from '../../electron/contract/pack-schema';
import { ReseedEngine } from '../../electron/engine/engine';
import { measureAttributes } from '../../electron/engine/faithful/attribute-meter';
import { pixelAttribute } from '../../electron/engine/faithful/pixel-attributes';
import { decodeNpy } from '../../electron/engine/npy';
import type { Shape4, Tensor4 } from '../../electron/engine/tensor';
import { REPO, type LooseJson } from './helpers';

const DIR = join(REPO, 'test', 'fixtures', 'golden-faithful');
const golden: LooseJson = JSON.parse(readFileSync(join(DIR, 'golden.json'), 'utf8'));

function npy(path: string): Tensor4 {
  const a = decodeNpy(readFileSync(join(DIR, path)));
  return { data: a.data, shape: (a.shape.length === 4 ? a.shape : [1, ...a.shape]) as unknown as Shape4 };
}

describe('pixel attributes: the engine agrees with training/attributes.py', () => {
  it.each(golden.attributes as LooseJson[])('$images', (c: LooseJson) => {
    const images = npy(c.images);
    for (const name of PIXEL_ATTRIBUTES) {
      const ts = [...pixelAttribute(name, images)];
      ts.forEach((v, i) => expect(Math.abs(v - c.values[name][i]), `${name}[${i}]`).toBeLessThanOrEqual(golden.tolerance.attributes));
    }
  });
});

describe('attribute scorers of the shipped packs', () => {
  const engine = new ReseedEngine({ packRoots: [], threads: 1 });
  afterAll(() => engine.dispose());

  it.each(Object.entries(golden.scorers))('%s: logits as PyTorch, direction scores as label_score', async (_id, c: LooseJson) => {
    const open = await engine.open(join(DIR, c.pack), 'cpu');
    expect(open.hasScorer).toBe(true);
    const images = npy(c.images);
    const logits = await open.scoreAttributes(images);
    for (const [key, file] of Object.entries(c.logits as Record<string, string>)) {
      const want = npy(file).data;
      expect(logits[key]!.length).toBe(want.length);
      let max = 0;
      for (let i = 0; i < want.length; i++) max = Math.max(max, Math.abs(logits[key]![i]! - want[i]!));
      expect(max, key).toBeLessThanOrEqual(golden.tolerance.logits);
    }
    const scored = Object.entries(c.scores as Record<string, number[]>);
    expect(scored.length).toBeGreaterThan(0);
    for (const [id, want] of scored) {
      const d = open.pack.directions.find((x) => x.id === id)!;
      expect(d.attribute?.kind, id).toBe('scorer');
      const [got] = await measureAttributes(open, [d.attribute!], images);
      want.forEach((v, i) => expect(Math.abs(got![i]! - v), `${id}[${i}]`).toBeLessThanOrEqual(1e-4));
    }
  });
});

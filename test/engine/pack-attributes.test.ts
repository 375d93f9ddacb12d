/**
 * pack.json's attribute scorer and each direction's `attribute` (what a lock measures): the shipped
 * packs name one for every direction, and a broken reference is a PackError naming the field.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PackError } from '../../electron/engine/errors';
import { loadPack } from '../../electron/engine/packs/pack-loader';
import { copyTinyPack, REPO, tempDir, type LooseJson } from './helpers';

const tmp = tempDir('reseed-pack-attrs-');

/** A networks.attributes entry with one output of `classes` columns (any .onnx file: the manifest is checked first). */
const scorer = (p: LooseJson, classes: number) => ({
  file: 'embedder.onnx',
  opset: 17,
  parameters: 1,
  inputs: { image: p.networks.embedder.inputs.image },
  outputs: { class: { name: 'class', shape: ['batch', classes], classes: Array.from({ length: classes }, (_, i) => `c${i}`) } },
  inputRange: 'pixels',
  activation: 'softmax',
});

describe('direction attributes in pack.json', () => {
  it.each(['fashion-mnist', 'emoji-faces'])('%s: a scorer and an attribute for every direction', (id) => {
    const pack = loadPack(join(REPO, 'models', id));
    expect(pack.networkPaths.attributes).toMatch(/attributes\.onnx$/);
    for (const d of pack.directions) {
      expect(d.attribute, d.id).toBeDefined();
      if (d.attribute?.kind === 'scorer') expect(Object.keys(pack.manifest.networks.attributes!.outputs)).toContain(d.attribute.output);
    }
  });

  const broken: [string, (p: LooseJson) => void, RegExp][] = [
    ['a scorer attribute without a scorer', (p) => (p.directions.items[0].attribute = { kind: 'scorer', output: 'class', score: 'probability', positive: [7] }), /directions\.items\[0\]\.attribute: .*networks\.attributes is missing/],
    ['an unknown pixel attribute', (p) => (p.directions.items[1].attribute = { kind: 'pixel', name: 'shininess' }), /directions\.items\[1\]\.attribute\.name/],
    ['a contrast without negatives', (p) => {
      p.networks.attributes = scorer(p, 10);
      p.directions.items[0].attribute = { kind: 'scorer', output: 'class', score: 'contrast', positive: [7] };
    }, /directions\.items\[0\]\.attribute\.negative: a contrast score needs/],
    ['a class the output does not have', (p) => {
      p.networks.attributes = scorer(p, 3);
      p.directions.items[0].attribute = { kind: 'scorer', output: 'class', score: 'probability', positive: [7] };
    }, /attribute\.positive: class 7 is not among the 3 classes/],
    ['an output shape that disagrees with its classes', (p) => {
      p.networks.attributes = scorer(p, 3);
      p.networks.attributes.outputs.class.shape = ['batch', 4];
    }, /networks\.attributes\.outputs\.class\.shape/],
  ];
  it.each(broken)('refuses %s, naming the field', (_name, edit, message) => {
    const dir = copyTinyPack(tmp, edit);
    expect(() => loadPack(dir)).toThrow(PackError);
    expect(() => loadPack(dir)).toThrow(message);
  });
});

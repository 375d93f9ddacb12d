/** Pack loading: every broken pack gets a clear error naming the file and the field. */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PackError } from '../../electron/engine/errors';
import { replaceNonFiniteTokens } from '../../electron/engine/packs/manifest';
import { verifyPack } from '../../electron/engine/engine';
import { readOnnxOpsets } from '../../electron/engine/packs/onnx-opset';
import { createOrtSession } from '../../electron/engine/runtime/ort';
import { DEFAULT_PACK_ID, discoverPacks, resolvePackDir } from '../../electron/engine/packs/pack-discovery';
import { loadPack } from '../../electron/engine/packs/pack-loader';
import { copyTinyPack, tempDir, TINY_PACK, type LooseJson } from './helpers';

const root = tempDir();

function packError(fn: () => unknown): PackError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PackError);
    return error as PackError;
  }
  throw new Error('expected a PackError');
}

/** The PackError of a check that needs the networks' sessions (names, types, shapes). */
async function sessionPackError(dir: string): Promise<PackError> {
  const error = await verifyPack(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PackError);
  return error as PackError;
}

describe('loadPack', () => {
  it('loads the fixture pack with its directions as unit vectors', () => {
    const pack = loadPack(TINY_PACK);
    expect(pack.manifest.id).toBe('tiny');
    expect(pack.directions.length).toBeGreaterThan(0);
    for (const d of pack.directions) expect(Math.hypot(...d.vector)).toBeCloseTo(1, 4);
    expect(pack.networkPaths.refiner).toMatch(/refiner\.onnx$/);
    expect(pack.key).toMatch(/^tiny@/);
  });

  it('names a missing network file', () => {
    const dir = copyTinyPack(root);
    rmSync(join(dir, 'embedder.onnx'));
    const e = packError(() => loadPack(dir));
    expect(e.file).toBe(join(dir, 'embedder.onnx'));
    expect(e.message).toMatch(/missing \(named in pack\.json networks\.embedder\.file\)/);
  });

  it('names a missing pack.json and invalid JSON', () => {
    const dir = join(root, 'empty');
    mkdirSync(dir);
    expect(packError(() => loadPack(dir)).message).toMatch(/pack\.json: missing/);
    writeFileSync(join(dir, 'pack.json'), '{"schemaVersion": 1,');
    expect(packError(() => loadPack(dir)).message).toMatch(/pack\.json: not valid JSON/);
  });

  it("reads Python's NaN / Infinity tokens as null, leaving strings alone", () => {
    expect(replaceNonFiniteTokens('{"a": NaN, "b": [Infinity, -Infinity], "c": "NaN -Infinity \\" NaN"}')).toBe(
      '{"a": null, "b": [null, null], "c": "NaN -Infinity \\" NaN"}',
    );
    const dir = copyTinyPack(root);
    const file = join(dir, 'pack.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"metrics": {', '"metrics": {"fid": NaN, '));
    expect(loadPack(dir).manifest.metrics['fid']).toBeNull();
    const bad = copyTinyPack(root);
    writeFileSync(join(bad, 'pack.json'), readFileSync(join(bad, 'pack.json'), 'utf8').replace(/"sigma": [\d.]+/, '"sigma": NaN'));
    expect(packError(() => loadPack(bad)).field).toBe('directions.items[0].sigma');
  });

  it('refuses an unknown schema version', () => {
    const dir = copyTinyPack(root, (p) => (p.schemaVersion = 2));
    const e = packError(() => loadPack(dir));
    expect(e.field).toBe('schemaVersion');
    expect(e.message).toMatch(/unknown schema version 2; this Reseed reads version 1 \(update Reseed/);
  });

  it('names the field the schema rejects', () => {
    const dir = copyTinyPack(root, (p) => (p.directions.items[1].sigma = -1));
    const e = packError(() => loadPack(dir));
    expect(e.field).toBe('directions.items[1].sigma');
    const dir2 = copyTinyPack(root, (p) => delete p.networks.denoiser.inputs.noiseVariance);
    expect(packError(() => loadPack(dir2)).field).toBe('networks.denoiser.inputs.noiseVariance');
  });

  it('refuses a shape in pack.json that does not fit the image size', () => {
    const dir = copyTinyPack(root, (p) => (p.networks.embedder.outputs.seed.shape = ['batch', 1, 32, 32]));
    const e = packError(() => loadPack(dir));
    expect(e.field).toBe('networks.embedder.outputs.seed.shape');
    expect(e.message).toMatch(/expected \[batch, 1, 28, 28\]/);
  });

  it("refuses a network whose input shape differs from pack.json's (wrong shape)", async () => {
    const dir = copyTinyPack(root, (p) => {
      p.image.width = p.image.height = 32;
      for (const net of Object.values(p.networks) as LooseJson[]) {
        for (const spec of [...Object.values(net.inputs), ...Object.values(net.outputs)] as LooseJson[]) {
          if (spec.shape[1] !== 1 || spec.shape[2] !== 1) spec.shape = ['batch', 1, 32, 32];
        }
      }
    });
    // Directions of the new size, so that only the networks disagree with pack.json.
    const count = JSON.parse(readFileSync(join(dir, 'pack.json'), 'utf8')).directions.items.length as number;
    const unit = new Float32Array(count * 32 * 32);
    for (let i = 0; i < count; i++) unit[i * 32 * 32 + i] = 1;
    writeFileSync(join(dir, 'directions.bin'), Buffer.from(unit.buffer));
    const e = await sessionPackError(dir);
    expect(e.file).toBe(join(dir, 'denoiser.onnx'));
    expect(e.field).toBe('networks.denoiser.inputs.noisy.shape');
    expect(e.message).toMatch(/pack\.json says \[batch, 1, 32, 32\], the model's input "x" is \[batch, 1, 28, 28\]/);
  });

  it('names an ONNX input that does not exist', async () => {
    const dir = copyTinyPack(root, (p) => (p.networks.refiner.inputs.reconstruction.name = 'recon'));
    const e = await sessionPackError(dir);
    expect(e.file).toBe(join(dir, 'refiner.onnx'));
    expect(e.field).toBe('networks.refiner.inputs.reconstruction.name');
    expect(e.message).toMatch(/no input named "recon" \(its inputs: image, reconstruction\)/);
  });

  it('names an ONNX output that does not exist', async () => {
    const dir = copyTinyPack(root, (p) => (p.networks.denoiser.outputs.eps.name = 'noise'));
    expect((await sessionPackError(dir)).field).toBe('networks.denoiser.outputs.eps.name');
  });

  it('refuses a file that is not an ONNX model, and a sha256 mismatch', () => {
    const dir = copyTinyPack(root, (p) => delete p.networks.denoiser.sha256);
    writeFileSync(join(dir, 'denoiser.onnx'), 'definitely not protobuf');
    expect(packError(() => loadPack(dir)).message).toMatch(/denoiser\.onnx: not a readable ONNX model/);
    const dir2 = copyTinyPack(root, (p) => (p.networks.embedder.sha256 = '0'.repeat(64)));
    const e = packError(() => loadPack(dir2));
    expect(e.field).toBe('networks.embedder.sha256');
    expect(loadPack(dir2, { verifyHashes: false }).manifest.id).toBe('tiny');
  });

  it('refuses a wrong opset', () => {
    const dir = copyTinyPack(root, (p) => (p.networks.embedder.opset = 11));
    expect(packError(() => loadPack(dir)).field).toBe('networks.embedder.opset');
  });

  it('checks the directions file: size, index, unit norm', () => {
    const dir = copyTinyPack(root);
    writeFileSync(join(dir, 'directions.bin'), Buffer.alloc(100));
    expect(packError(() => loadPack(dir)).message).toMatch(/not a whole number of 1×28×28 float32 vectors/);
    const dir2 = copyTinyPack(root, (p) => (p.directions.items[0].index = 99));
    expect(packError(() => loadPack(dir2)).field).toBe('directions.items[0].index');
    const dir3 = copyTinyPack(root);
    writeFileSync(join(dir3, 'directions.bin'), Buffer.alloc(readFileSync(join(dir3, 'directions.bin')).length));
    expect(packError(() => loadPack(dir3)).message).toMatch(/expected a unit vector/);
  });
});

describe('what pack validation reads from a model', () => {
  it("gets names, types and a symbolic batch axis from onnxruntime's session metadata", async () => {
    const session = await createOrtSession(join(TINY_PACK, 'denoiser.onnx'), 'cpu', {});
    try {
      expect(session.inputs.map((i) => i.name)).toEqual(['x', 'noise_variance']);
      expect(session.inputs[0]!.shape).toEqual(['batch', 1, 28, 28]);
      expect(session.inputs[0]!.type).toBe('float32');
      expect(session.outputs.map((o) => o.name)).toEqual(['eps']);
    } finally {
      await session.release();
    }
  });

  it('reads the opset from the file without onnxruntime, and refuses bytes that are not a model', () => {
    const opsets = readOnnxOpsets(readFileSync(join(TINY_PACK, 'denoiser.onnx')));
    expect(opsets.find((o) => o.domain === '')?.version).toBe(17);
    expect(() => readOnnxOpsets(new TextEncoder().encode('definitely not protobuf'))).toThrow(RangeError);
  });

  it('a pack whose model does not fit pack.json fails to open on any provider, with the same PackError', async () => {
    const dir = copyTinyPack(root, (p) => (p.networks.denoiser.outputs.eps.name = 'noise'));
    const { ReseedEngine } = await import('../../electron/engine/engine');
    const engine = new ReseedEngine({ packRoots: [] });
    const error = await engine.open(dir, 'auto').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(PackError);
    expect((error as PackError).field).toBe('networks.denoiser.outputs.eps.name');
    await engine.dispose();
  });
});

describe('pack discovery', () => {
  const models = join(root, 'models');
  const user = join(root, 'user-packs');
  mkdirSync(models);
  mkdirSync(user);
  copyTinyPack(models);
  const broken = join(models, 'zz-broken');
  mkdirSync(broken);
  writeFileSync(join(broken, 'pack.json'), JSON.stringify({ schemaVersion: 9 }));
  mkdirSync(join(models, 'not-a-pack'));
  const roots = [
    { dir: models, source: 'app' as const },
    { dir: user, source: 'user' as const },
    { dir: join(root, 'missing'), source: 'user' as const },
  ];

  it('lists packs of every root, broken ones with their error', () => {
    const found = discoverPacks(roots);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatchObject({ id: 'tiny', source: 'app' });
    expect(found[1]!.error).toMatch(/unknown schema version 9/);
  });

  it('resolves the default, an id and a folder; says clearly when nothing is installed', () => {
    expect(resolvePackDir(undefined, roots)).toBe(discoverPacks(roots)[0]!.dir);
    expect(resolvePackDir('tiny', roots)).toBe(discoverPacks(roots)[0]!.dir);
    expect(resolvePackDir(TINY_PACK, [])).toBe(TINY_PACK);
    expect(() => resolvePackDir('nope', roots)).toThrow(/no pack with this id \(installed: tiny\)/);
    expect(() => resolvePackDir(undefined, [{ dir: user, source: 'user' }])).toThrow(/no model pack installed.*--pack/);
    expect(() => resolvePackDir('./no/such/folder', roots)).toThrow(/no such pack folder/);
  });

  it('opens the default pack when none is asked for, even when another sorts before it', () => {
    const shelf = tempDir();
    const early = copyTinyPack(shelf, (p) => { p.id = 'a-first-pack'; });
    const theDefault = copyTinyPack(shelf, (p) => { p.id = DEFAULT_PACK_ID; });
    renameSync(early, join(shelf, 'a-first'));
    renameSync(theDefault, join(shelf, 'z-default'));
    const app = [{ dir: shelf, source: 'app' as const }];
    expect(discoverPacks(app).map((p) => p.id)).toEqual(['a-first-pack', DEFAULT_PACK_ID]);
    expect(resolvePackDir(undefined, app)).toBe(join(shelf, 'z-default'));
    // Without the default pack installed, the first valid one.
    expect(resolvePackDir(undefined, roots)).toBe(discoverPacks(roots)[0]!.dir);
  });
});

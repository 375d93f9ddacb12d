/**
 * Loads a pack folder completely: the manifest (manifest.ts), every network file checked against
 * the names and shapes pack.json gives for it, optional sha256 checks, and the direction vectors.
 * A pack that loads here can be handed to any execution provider.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Direction, Pack, TensorSpec } from '../../contract/pack-schema';
import { PackError } from '../errors';
import { readManifest } from './manifest';
import { ELEM_TYPE_NAMES, readOnnxModelInfo, type OnnxValueInfo } from './onnx-model-info';

export type NetworkName = 'denoiser' | 'embedder' | 'refiner';

export interface LoadedDirection extends Direction {
  /** The unit vector d, C·H·W float32 values. */
  readonly vector: Float32Array;
}

export interface LoadedPack {
  readonly dir: string;
  readonly manifest: Pack;
  readonly networkPaths: Readonly<Record<'denoiser' | 'embedder', string>> & { readonly refiner?: string };
  readonly directions: readonly LoadedDirection[];
  /** Identifies this exact pack build (id, version, network hashes) for remembered choices. */
  readonly key: string;
}

export interface LoadOptions {
  /** Verify the sha256 of each network that pack.json gives one for (default true). */
  readonly verifyHashes?: boolean;
}

function readPackFile(dir: string, name: string, field: string): { path: string; bytes: Buffer } {
  const path = join(dir, name);
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new PackError(path, undefined, `not a regular file (named in pack.json ${field})`);
    return { path, bytes: readFileSync(path) };
  } catch (error) {
    if (error instanceof PackError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'missing' : (error as Error).message;
    throw new PackError(path, undefined, `${reason} (named in pack.json ${field})`);
  }
}

function describeShape(shape: OnnxValueInfo['shape']): string {
  return shape ? `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]` : 'unknown';
}

/** Checks one ONNX input or output against its TensorSpec in pack.json. */
function checkTensor(path: string, field: string, spec: TensorSpec, actual: OnnxValueInfo | undefined, names: string[], kind: string): void {
  if (!actual) {
    throw new PackError(path, `${field}.name`, `the model has no ${kind} named "${spec.name}" (its ${kind}s: ${names.join(', ') || 'none'})`);
  }
  if (actual.elemType !== 1) {
    throw new PackError(path, field, `${kind} "${spec.name}" is ${ELEM_TYPE_NAMES[actual.elemType] ?? `type ${actual.elemType}`}, expected float32`);
  }
  const shape = actual.shape;
  const ok =
    shape !== null &&
    shape.length === spec.shape.length &&
    spec.shape.every((want, i) => {
      const got = shape[i];
      // A dynamic batch axis is symbolic (or unset) in the file; every other axis must agree.
      return want === 'batch' ? typeof got !== 'number' : got === want || got === null;
    });
  if (!ok) {
    throw new PackError(path, `${field}.shape`, `pack.json says [${spec.shape.join(', ')}], the model's ${kind} "${spec.name}" is ${describeShape(shape)}`);
  }
}

function checkNetwork(dir: string, name: NetworkName, pack: Pack, verifyHashes: boolean): { path: string; sha: string } {
  const net = pack.networks[name];
  if (!net) throw new Error(`no ${name} in pack`);
  const { path, bytes } = readPackFile(dir, net.file, `networks.${name}.file`);
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (verifyHashes && net.sha256) {
    if (sha !== net.sha256) throw new PackError(path, `networks.${name}.sha256`, `the file's sha256 is ${sha}, pack.json says ${net.sha256}`);
  }
  let info;
  try {
    info = readOnnxModelInfo(bytes);
  } catch (error) {
    throw new PackError(path, undefined, `not a readable ONNX model (${(error as Error).message})`);
  }
  const opset = info.opsets.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version;
  if (opset !== undefined && opset !== net.opset) {
    throw new PackError(path, `networks.${name}.opset`, `pack.json says ${net.opset}, the model imports opset ${opset}`);
  }
  const specs: [string, Record<string, TensorSpec>, readonly OnnxValueInfo[]][] = [
    ['input', net.inputs, info.inputs],
    ['output', net.outputs, info.outputs],
  ];
  for (const [kind, declared, actual] of specs) {
    const names = actual.map((v) => v.name);
    for (const [key, spec] of Object.entries(declared)) {
      checkTensor(path, `networks.${name}.${kind}s.${key}`, spec, actual.find((v) => v.name === spec.name), names, kind);
    }
    // A model that needs a feed pack.json does not name could never run.
    const known = new Set(Object.values(declared).map((s) => s.name));
    const extra = kind === 'input' ? actual.filter((v) => !known.has(v.name)) : [];
    if (extra.length > 0) {
      throw new PackError(path, `networks.${name}.inputs`, `the model also needs input${extra.length > 1 ? 's' : ''} ${extra.map((v) => `"${v.name}"`).join(', ')}, which pack.json does not name`);
    }
  }
  return { path, sha };
}

function loadDirections(dir: string, pack: Pack): LoadedDirection[] {
  const { channels, height, width } = pack.image;
  const size = channels * height * width;
  const { path, bytes } = readPackFile(dir, pack.directions.file, 'directions.file');
  if (bytes.length % (size * 4) !== 0) {
    throw new PackError(path, 'directions.file', `has ${bytes.length} bytes, not a whole number of ${channels}×${height}×${width} float32 vectors (${size * 4} bytes each)`);
  }
  const count = bytes.length / (size * 4);
  return pack.directions.items.map((d, i) => {
    if (d.index >= count) {
      throw new PackError(path, `directions.items[${i}].index`, `is ${d.index}, the file holds ${count} vector${count === 1 ? '' : 's'}`);
    }
    const vector = new Float32Array(size);
    for (let j = 0; j < size; j++) vector[j] = bytes.readFloatLE((d.index * size + j) * 4);
    let norm = 0;
    for (let j = 0; j < size; j++) norm += vector[j]! * vector[j]!;
    norm = Math.sqrt(norm);
    if (!Number.isFinite(norm) || Math.abs(norm - 1) > 1e-3) {
      throw new PackError(path, `directions.items[${i}]`, `vector ${d.index} ("${d.id}") has norm ${norm.toFixed(4)}, expected a unit vector`);
    }
    return { ...d, vector };
  });
}

/** Loads and fully validates the pack in `dir`; throws a PackError naming file and field. */
export function loadPack(dir: string, options: LoadOptions = {}): LoadedPack {
  const root = resolve(dir);
  const manifest = readManifest(root);
  const verify = options.verifyHashes ?? true;
  const denoiser = checkNetwork(root, 'denoiser', manifest, verify);
  const embedder = checkNetwork(root, 'embedder', manifest, verify);
  const refiner = manifest.networks.refiner ? checkNetwork(root, 'refiner', manifest, verify) : undefined;
  const directions = loadDirections(root, manifest);
  const fingerprint = createHash('sha256');
  for (const n of [denoiser, embedder, refiner]) if (n) fingerprint.update(n.sha);
  return {
    dir: root,
    manifest,
    networkPaths: refiner
      ? { denoiser: denoiser.path, embedder: embedder.path, refiner: refiner.path }
      : { denoiser: denoiser.path, embedder: embedder.path },
    directions,
    key: `${manifest.id}@${manifest.version}#${fingerprint.digest('hex').slice(0, 16)}`,
  };
}

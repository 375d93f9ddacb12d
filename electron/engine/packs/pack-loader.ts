/**
 * Loads a pack folder: the manifest (manifest.ts), every network file present, its opset and
 * optional sha256 checked, and the direction vectors. The networks' names and shapes are checked
 * against pack.json when their sessions are created (runtime/pack-sessions.ts); verifyPack does
 * both without keeping the sessions (pack import).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Direction, Pack } from '../../contract/pack-schema';
import { PackError } from '../errors';
import { readManifest } from './manifest';
import { readOnnxOpsets } from './onnx-opset';

export type NetworkName = 'denoiser' | 'embedder' | 'refiner' | 'attributes' | 'preview';

export interface LoadedDirection extends Direction {
  /** The unit vector d, C·H·W float32 values. */
  readonly vector: Float32Array;
}

export interface LoadedPack {
  readonly dir: string;
  readonly manifest: Pack;
  readonly networkPaths: Readonly<Record<'denoiser' | 'embedder', string>> & {
    readonly refiner?: string;
    readonly attributes?: string;
    readonly preview?: string;
  };
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

function checkNetworkFile(dir: string, name: NetworkName, pack: Pack, verifyHashes: boolean): { path: string; sha: string } {
  const net = pack.networks[name];
  if (!net) throw new Error(`no ${name} in pack`);
  const { path, bytes } = readPackFile(dir, net.file, `networks.${name}.file`);
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (verifyHashes && net.sha256) {
    if (sha !== net.sha256) throw new PackError(path, `networks.${name}.sha256`, `the file's sha256 is ${sha}, pack.json says ${net.sha256}`);
  }
  let opsets;
  try {
    opsets = readOnnxOpsets(bytes);
  } catch (error) {
    throw new PackError(path, undefined, `not a readable ONNX model (${(error as Error).message})`);
  }
  const opset = opsets.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version;
  if (opset !== undefined && opset !== net.opset) {
    throw new PackError(path, `networks.${name}.opset`, `pack.json says ${net.opset}, the model imports opset ${opset}`);
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
  const denoiser = checkNetworkFile(root, 'denoiser', manifest, verify);
  const embedder = checkNetworkFile(root, 'embedder', manifest, verify);
  const refiner = manifest.networks.refiner ? checkNetworkFile(root, 'refiner', manifest, verify) : undefined;
  const scorer = manifest.networks.attributes ? checkNetworkFile(root, 'attributes', manifest, verify) : undefined;
  const preview = manifest.networks.preview ? checkNetworkFile(root, 'preview', manifest, verify) : undefined;
  const directions = loadDirections(root, manifest);
  // The key names what a seed means: the attribute scorer only measures pictures and the preview
  // only approximates the decode, so both are left out.
  const fingerprint = createHash('sha256');
  for (const n of [denoiser, embedder, refiner]) if (n) fingerprint.update(n.sha);
  return {
    dir: root,
    manifest,
    networkPaths: {
      denoiser: denoiser.path,
      embedder: embedder.path,
      ...(refiner ? { refiner: refiner.path } : {}),
      ...(scorer ? { attributes: scorer.path } : {}),
      ...(preview ? { preview: preview.path } : {}),
    },
    directions,
    key: `${manifest.id}@${manifest.version}#${fingerprint.digest('hex').slice(0, 16)}`,
  };
}

/**
 * What `reseed edit` and `reseed interpolate` start from: a seed (an integer seed, a .npy file) or
 * a picture, which is embedded and keeps what a faithful edit needs of it (docs/design.md,
 * Faithful edits): its crop at the model's size, where that crop lies in the photo, and the
 * reconstruction D(z) (the base the change is measured from, when its steps are the edit's).
 */
import type { EmbedMethod } from '../engine/embedding';
import type { PhotoSource } from '../engine/faithful/faithful-edit';
import type { OpenPack } from '../engine/open-pack';
import type { Tensor4 } from '../engine/tensor';
import { absolute, integerSeed, readSeedFile } from './files';
import type { CliIO } from './io';

export interface EditSource {
  readonly seed: Tensor4;
  /** The picture the seed came from (none for a seed). */
  readonly photo?: { readonly path: string; readonly source: PhotoSource };
  /** D(z) at `steps`, when the embedding already decoded it. */
  readonly base?: { readonly steps: number; readonly image: Tensor4 };
}

export async function editSource(io: CliIO, open: OpenPack, source: string, method: EmbedMethod, steps: number | undefined): Promise<EditSource> {
  const n = integerSeed(source);
  if (n !== undefined && n <= 0xffffffff) return { seed: open.randomSeed(n) };
  const path = absolute(io, source);
  if (source.toLowerCase().endsWith('.npy')) return { seed: await readSeedFile(open, path) };
  const result = await open.embedFile(path, { method, steps, signal: io.signal, label: source });
  return {
    seed: result.seed,
    photo: { path, source: { input: result.input.image, transform: result.input.transform, crop: result.input.crop.box } },
    base: { steps: result.steps, image: result.reconstruction },
  };
}

/** D(z) at `steps` (the pack's default when undefined): the embedding's reconstruction when it matches, else decoded once. */
/** P(z), the preview decoder's picture of the unedited seed: the base of a `--preview` edit. */
export function previewBase(open: OpenPack, seed: Tensor4): () => Promise<Tensor4> {
  let decoded: Promise<Tensor4> | undefined;
  return () => (decoded ??= open.decodeAt(seed, 'preview').then((r) => r.image));
}

export function baseImage(open: OpenPack, from: EditSource, steps: number | undefined, signal: AbortSignal): () => Promise<Tensor4> {
  const want = steps ?? open.pack.manifest.sampler.defaultSteps;
  let decoded: Promise<Tensor4> | undefined;
  return () => {
    if (from.base && from.base.steps === want) return Promise.resolve(from.base.image);
    decoded ??= open.decode(from.seed, { steps: want, signal });
    return decoded;
  };
}

/**
 * The seeds an earlier batch left beside its index (x.jpg.latent.npy, x.jpg.recon.png, and since
 * recipes x.jpg.input.png), read back for an edit without embedding again: a recipe run over a
 * folder embedded before, and a re-edit from seeds (`reseed batch --from-seeds`). A seed made with
 * another pack, or of another shape, is refused with a reason the caller records for that input; it
 * never reaches the sampler.
 *
 * The model input (the picture's crop as the model saw it, in the model's colours) is what keep
 * details adds the change to. Its pixels are k/255 (the preprocessing resizes 8-bit pictures), so
 * the PNG holds it exactly, and a re-edit needs neither the picture nor its preprocessing.
 *
 * The reconstruction stands in for D(z) when it was decoded at the recipe's steps (the index line
 * says at which), sparing a decode per picture. It was stored as 8-bit PNG, so keep details'
 * change s·(D(z') − D(z)) is then within half a level of 255 of a fresh decode's; all-zero sliders
 * still give the crop back exactly (D(z') is then D(z) itself, whatever its precision).
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { InputError } from '../errors';
import { decodeNpy } from '../npy';
import type { OpenPack } from '../open-pack';
import type { Tensor4 } from '../tensor';
import { withSuffix } from './atomic-write';
import type { SeedInfo } from './index-file';

export const LATENT_SUFFIX = '.latent.npy';
export const RECON_SUFFIX = '.recon.png';
export const INPUT_SUFFIX = '.input.png';

/** OUT/<rel>.latent.npy as a seed of this pack (a batch of one); an InputError says why it cannot be. */
export async function loadSeed(open: OpenPack, target: string | Buffer, info: SeedInfo | undefined, label: string): Promise<Tensor4> {
  const manifest = open.pack.manifest;
  if (info && info.pack !== manifest.id) throw new InputError(label, `the seed was made with the pack "${info.pack}", not "${manifest.id}"`);
  let bytes: Buffer;
  try {
    bytes = await readFile(withSuffix(target, LATENT_SUFFIX));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new InputError(label, missing ? `no seed file (${label}${LATENT_SUFFIX})` : `cannot read its seed (${(error as Error).message})`);
  }
  try {
    const npy = decodeNpy(bytes);
    const { channels: C, height: H, width: W } = manifest.image;
    // Exactly one C×H×W seed (or 1×C×H×W): a batch file or another pack's shape is not this picture's seed.
    const dims = npy.shape.length === 4 && npy.shape[0] === 1 ? npy.shape.slice(1) : npy.shape;
    if (dims.join() !== [C, H, W].join()) throw new RangeError(`a seed of shape (${npy.shape.join(', ')}) does not fit this pack's ${C}×${H}×${W} seeds`);
    return open.asSeed(npy.data, npy.shape);
  } catch (error) {
    throw new InputError(label, `${label}${LATENT_SUFFIX}: ${(error as Error).message}`);
  }
}

/** A model-size PNG beside the seed as a tensor in [0, 1]; undefined when missing or not this pack's size. */
async function readModelPng(open: OpenPack, path: string | Buffer): Promise<Tensor4 | undefined> {
  const { channels: C, height: H, width: W } = open.pack.manifest.image;
  try {
    const image = sharp(await readFile(path));
    const pipeline = C === 1 ? image.toColourspace('b-w') : image.toColourspace('srgb').removeAlpha();
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    if (info.width !== W || info.height !== H || info.channels !== C) return undefined;
    const out = new Float32Array(C * H * W);
    for (let c = 0; c < C; c++) for (let i = 0; i < H * W; i++) out[c * H * W + i] = data[i * C + c]! / 255;
    return { data: out, shape: [1, C, H, W] };
  } catch {
    // Missing or unreadable: the caller decodes D(z) again, or goes back to the picture.
    return undefined;
  }
}

/** D(z) from OUT/<rel>.recon.png, when the line says it was decoded at `steps`; else undefined (decode it). */
export async function loadReconstruction(open: OpenPack, target: string | Buffer, info: SeedInfo | undefined, steps: number): Promise<Tensor4 | undefined> {
  if (!info || info.steps !== steps) return undefined;
  return readModelPng(open, withSuffix(target, RECON_SUFFIX));
}

/** The model input from OUT/<rel>.input.png (exact); undefined for seeds of a batch that did not save it. */
export function loadModelInput(open: OpenPack, target: string | Buffer): Promise<Tensor4 | undefined> {
  return readModelPng(open, withSuffix(target, INPUT_SUFFIX));
}

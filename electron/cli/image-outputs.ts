/**
 * The outputs of the single-image commands (generate, edit): a PNG (--out, --scale) and optionally
 * the seed as .npy (--save-seed). Both are checked before the pack is opened, so a bad path fails
 * fast, and written atomically afterwards.
 */
import { encodePng } from '../engine/image/encode';
import { encodeNpy } from '../engine/npy';
import type { Tensor4 } from '../engine/tensor';
import { IntSchema, option } from './args';
import { UsageError } from './exit-codes';
import { absolute, checkOutputFile, writeOutput } from './files';
import type { CliIO } from './io';

export interface ImageOutputs {
  readonly out: string;
  readonly seedOut: string | undefined;
  readonly scale: number;
}

export async function imageOutputs(
  io: CliIO,
  values: { out?: string; scale?: string; 'save-seed'?: string; force?: boolean },
): Promise<ImageOutputs> {
  if (!values.out) throw new UsageError('--out <file.png> is required');
  const scale = values.scale === undefined ? 1 : option('scale', values.scale, IntSchema(1, 64));
  const out = absolute(io, values.out);
  const seedOut = values['save-seed'] ? absolute(io, values['save-seed']) : undefined;
  await checkOutputFile(out, Boolean(values.force));
  if (seedOut) await checkOutputFile(seedOut, Boolean(values.force));
  return { out, seedOut, scale };
}

export async function writeImageOutputs(outputs: ImageOutputs, image: Tensor4, seed: Tensor4): Promise<void> {
  await writeOutput(outputs.out, await encodePng(image, 0, { scale: outputs.scale }));
  const [, C, H, W] = seed.shape;
  if (outputs.seedOut) await writeOutput(outputs.seedOut, encodeNpy(seed.data, [C, H, W]));
}

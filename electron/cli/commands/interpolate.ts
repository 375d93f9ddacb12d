/** `reseed interpolate`: frames along the great circle between two seeds (spherical interpolation). */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { interpolationFrame, type DetailEnd } from '../../engine/faithful/keep-details';
import { encodePng } from '../../engine/image/encode';
import { negatesPhoto, toPhotoColours } from '../../engine/image/photo-colours';
import { item, type Tensor4 } from '../../engine/tensor';
import { COMMON_HELP, IntSchema, option, parse, positionals } from '../args';
import type { Command } from '../command';
import { openPack } from '../context';
import type { OpenPack } from '../../engine/open-pack';
import { EXIT, UsageError } from '../exit-codes';
import { baseImage, editSource, type EditSource } from '../edit-source';
import { absolute, checkOutputFile, checkOutputFolder, writeOutput } from '../files';
import { faithfulOptions, withKeepDetailsFlag } from '../faithful-options';
import { result, showHelp } from '../io';
import { methodOption } from './embed';

const help = `Usage: reseed interpolate <a> <b> --frames <n> --out <folder> [options]

Writes n frames (frame-000.png …) from a to b along slerp(z_a, z_b; t), t = 0 … 1.
<a> and <b> are each a picture (embedded), a seed .npy, or an integer seed written seed:7.
When one of them is a picture, keep details (on by default) carries each end's own details (what
the model cannot draw of it) through the frames, cross-faded: frame t is
s·D(z_t) + (1 − t)·(crop_a − s·D(z_a)) + t·(crop_b − s·D(z_b)), so the first and last frames are
the crops themselves, in the pictures' own colours; a seed's end is its own picture.

Options:
  --frames <n>           number of frames, both ends included (2 to 1000)
  --out <folder>         where to write the frames (created if needed)
  --method <m>           how to embed pictures: network (default), refine, inversion
  --steps <n>            sampler steps (default: the pack's)
  --keep-details[=s]     (with a picture) keep its details at strength s in [0, 1] (default: on, 1)
  --no-keep-details      the regrown frames D(z_t) only
  --scale <n>            enlarge the PNGs n times (nearest neighbour; default 1)
  --force                overwrite existing frames
${COMMON_HELP}

Example:
  reseed interpolate seed:7 shirt.jpg --frames 16 --out morph/`;

export const interpolateCommand: Command = {
  name: 'interpolate',
  summary: 'frames between two pictures or seeds (slerp)',
  help,
  async run(argv, io) {
    const { values, positionals: rest } = parse(withKeepDetailsFlag(argv), {
      frames: { type: 'string' },
      out: { type: 'string' },
      method: { type: 'string' },
      steps: { type: 'string' },
      scale: { type: 'string' },
      'keep-details': { type: 'string' },
      'no-keep-details': { type: 'boolean' },
      force: { type: 'boolean' },
    });
    if (values.help) return showHelp(io, help);
    const [a, b] = positionals(rest, ['a', 'b']) as [string, string];
    if (!values.frames) throw new UsageError('--frames <n> is required');
    if (!values.out) throw new UsageError('--out <folder> is required');
    const frames = option('frames', values.frames, IntSchema(2, 1000));
    const method = methodOption(values.method);
    const steps = values.steps === undefined ? undefined : option('steps', values.steps, IntSchema(1, 1000));
    const scale = values.scale === undefined ? 1 : option('scale', values.scale, IntSchema(1, 64));
    const { keepDetails } = await faithfulOptions(io, values);
    const out = absolute(io, values.out);
    await checkOutputFolder(out);
    const names = Array.from({ length: frames }, (_, i) => join(out, `frame-${String(i).padStart(3, '0')}.png`));
    if (await stat(out).catch(() => undefined)) for (const f of names) await checkOutputFile(f, Boolean(values.force));
    const { engine, open } = await openPack(io, values);
    try {
      const from = [await editSource(io, open, a, method, steps), await editSource(io, open, b, method, steps)] as const;
      const start = performance.now();
      const seeds = open.interpolate(from[0].seed, from[1].seed, frames);
      // Keep details when an end is a picture: each end's crop and D(z), in the model's colours.
      const photo = from.find((f) => f.photo)?.photo;
      const ends = keepDetails && photo ? await Promise.all(from.map((f) => detailEnd(open, f, steps, io.signal))) : undefined;
      const framePng = async (images: Tensor4, j: number, t: number) => {
        if (!ends || !keepDetails) return encodePng(images, j, { scale });
        const frame = interpolationFrame(item(images, j), t, ends[0], ends[1], keepDetails.strength);
        return encodePng(toPhotoColours(frame, negatesPhoto(open.pack.manifest, photo!.source.transform)), 0, { scale });
      };
      // Decoded in chunks: one batch per 32 frames keeps memory flat for long sequences.
      for (let i = 0; i < frames; i += 32) {
        const n = Math.min(32, frames - i);
        const chunk = { data: seeds.data.subarray(i * item(seeds, 0).data.length, (i + n) * item(seeds, 0).data.length), shape: [n, seeds.shape[1], seeds.shape[2], seeds.shape[3]] as const };
        const images = await open.decode(chunk, { steps, signal: io.signal });
        for (let j = 0; j < n; j++) await writeOutput(names[i + j]!, await framePng(images, j, (i + j) / (frames - 1)));
      }
      const ms = performance.now() - start;
      const colours = ends ? 'photo' : 'model';
      result(io, values, { a, b, frames, out, files: names, keepDetails: ends ? { strength: keepDetails!.strength } : null, colours, ms, provider: open.provider }, `${frames} frames → ${out} (${ms.toFixed(0)} ms on ${open.provider})`);
      return EXIT.ok;
    } finally {
      await engine.dispose();
    }
  },
};

/** An end for keep details: a picture's crop and D(z); a seed's own picture stands for both. */
async function detailEnd(open: OpenPack, from: EditSource, steps: number | undefined, signal: AbortSignal): Promise<DetailEnd> {
  const base = await baseImage(open, from, steps, signal)();
  return { crop: from.photo?.source.input ?? base, base };
}

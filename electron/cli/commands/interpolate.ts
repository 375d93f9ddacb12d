/** `reseed interpolate`: frames along the great circle between two seeds (spherical interpolation). */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { encodePng } from '../../engine/image/encode';
import { item } from '../../engine/tensor';
import { COMMON_HELP, IntSchema, option, parse, positionals } from '../args';
import type { Command } from '../command';
import { openPack } from '../context';
import { EXIT, UsageError } from '../exit-codes';
import { absolute, checkOutputFile, checkOutputFolder, seedFromSource, writeOutput } from '../files';
import { result, showHelp } from '../io';
import { methodOption } from './embed';

const help = `Usage: reseed interpolate <a> <b> --frames <n> --out <folder> [options]

Writes n frames (frame-000.png …) from a to b along slerp(z_a, z_b; t), t = 0 … 1.
<a> and <b> are each a picture (embedded), a seed .npy, or an integer seed written seed:7.

Options:
  --frames <n>           number of frames, both ends included (2 to 1000)
  --out <folder>         where to write the frames (created if needed)
  --method <m>           how to embed pictures: network (default), refine, inversion
  --steps <n>            sampler steps (default: the pack's)
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
    const { values, positionals: rest } = parse(argv, {
      frames: { type: 'string' },
      out: { type: 'string' },
      method: { type: 'string' },
      steps: { type: 'string' },
      scale: { type: 'string' },
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
    const out = absolute(io, values.out);
    await checkOutputFolder(out);
    const names = Array.from({ length: frames }, (_, i) => join(out, `frame-${String(i).padStart(3, '0')}.png`));
    if (await stat(out).catch(() => undefined)) for (const f of names) await checkOutputFile(f, Boolean(values.force));
    const { engine, open } = await openPack(io, values);
    try {
      const za = await seedFromSource(io, open, a, method, steps);
      const zb = await seedFromSource(io, open, b, method, steps);
      const start = performance.now();
      const seeds = open.interpolate(za, zb, frames);
      // Decoded in chunks: one batch per 32 frames keeps memory flat for long sequences.
      for (let i = 0; i < frames; i += 32) {
        const n = Math.min(32, frames - i);
        const chunk = { data: seeds.data.subarray(i * item(seeds, 0).data.length, (i + n) * item(seeds, 0).data.length), shape: [n, seeds.shape[1], seeds.shape[2], seeds.shape[3]] as const };
        const images = await open.decode(chunk, { steps, signal: io.signal });
        for (let j = 0; j < n; j++) await writeOutput(names[i + j]!, await encodePng(images, j, { scale }));
      }
      const ms = performance.now() - start;
      result(io, values, { a, b, frames, out, files: names, ms, provider: open.provider }, `${frames} frames → ${out} (${ms.toFixed(0)} ms on ${open.provider})`);
      return EXIT.ok;
    } finally {
      await engine.dispose();
    }
  },
};

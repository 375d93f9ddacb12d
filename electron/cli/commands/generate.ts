/** `reseed generate`: decode a reproducible seed (the same image for the same --seed, everywhere). */
import { COMMON_HELP, IntSchema, option, parse, positionals } from '../args';
import type { Command } from '../command';
import { openPack } from '../context';
import { EXIT } from '../exit-codes';
import { imageOutputs, writeImageOutputs } from '../image-outputs';
import { result, showHelp } from '../io';

const help = `Usage: reseed generate --seed <n> --out <image.png> [options]

Decodes the seed tensor drawn from integer <n> (mulberry32 + Box–Muller, the same values as
Python's training/rng.py) into an image. The same seed gives the same image on every run.

Options:
  --seed <n>             integer seed, 0 to 4294967295 (default: a random one, printed)
  --out <file.png>       where to write the image (required)
  --steps <n>            sampler steps (default: the pack's)
  --save-seed <file.npy> also write the seed tensor
  --scale <n>            enlarge the PNG n times (nearest neighbour; default 1)
  --force                overwrite existing files
${COMMON_HELP}

Example:
  reseed generate --seed 7 --out seven.png --scale 8`;

export const generateCommand: Command = {
  name: 'generate',
  summary: 'decode a reproducible random seed into an image',
  help,
  async run(argv, io) {
    const { values, positionals: rest } = parse(argv, {
      seed: { type: 'string' },
      out: { type: 'string' },
      steps: { type: 'string' },
      'save-seed': { type: 'string' },
      scale: { type: 'string' },
      force: { type: 'boolean' },
    });
    if (values.help) return showHelp(io, help);
    positionals(rest, []);
    const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 32) : option('seed', values.seed, IntSchema(0, 0xffffffff));
    const steps = values.steps === undefined ? undefined : option('steps', values.steps, IntSchema(1, 1000));
    const outputs = await imageOutputs(io, values);
    const { out, seedOut } = outputs;
    const { engine, open } = await openPack(io, values);
    try {
      const start = performance.now();
      const z = open.randomSeed(seed);
      const image = await open.decode(z, { steps, signal: io.signal });
      const ms = performance.now() - start;
      await writeImageOutputs(outputs, image, z);
      const usedSteps = steps ?? open.pack.manifest.sampler.defaultSteps;
      result(
        io,
        values,
        { seed, steps: usedSteps, out, seedFile: seedOut ?? null, ms, provider: open.provider },
        `seed ${seed} → ${out} (${usedSteps} steps, ${ms.toFixed(1)} ms on ${open.provider})`,
      );
      return EXIT.ok;
    } finally {
      await engine.dispose();
    }
  },
};

/** `reseed edit`: move a picture's (or a seed's) seed along direction sliders and regrow it. */
import { COMMON_HELP, IntSchema, option, parse, positionals, sliderValues } from '../args';
import type { Command } from '../command';
import { openPack } from '../context';
import { loadCustomDirections, resolveSliderIds } from '../custom-directions';
import { EXIT, UsageError } from '../exit-codes';
import { seedFromSource } from '../files';
import { imageOutputs, writeImageOutputs } from '../image-outputs';
import { result, showHelp, status } from '../io';
import { methodOption } from './embed';

const help = `Usage: reseed edit <image|seed.npy> --set <direction>=<value>... --out <image.png> [options]

Embeds the picture (or reads the seed), applies the sliders z' = z + Σ a·σ·d rescaled to ‖z‖
(values in units of σ, the spread of the training seeds along that direction), and decodes.
All-zero sliders give back exactly the unedited reconstruction. \`reseed info\` lists the
pack's directions and your custom ones, with their ranges.

A direction is one of the pack's, or one of your custom sliders for this pack (made from example
folders in the editor, kept in the user data folder's directions/<pack>/; $RESEED_HOME when set).
Each --set id is looked up in the pack's directions first: a custom slider with the same id as a
pack direction is never used (the pack's wins). A broken custom file is skipped with a warning.

Options:
  --set <id>=<value>     a slider, pack or custom (repeat for several), e.g. --set darker=1.5
  --out <file.png>       where to write the edited image (required)
  --method <m>           how to embed a picture: network (default), refine, inversion
  --steps <n>            sampler steps (default: the pack's)
  --save-seed <file.npy> also write the edited seed
  --scale <n>            enlarge the PNG n times (nearest neighbour; default 1)
  --force                overwrite existing files
${COMMON_HELP}

Example:
  reseed edit shirt.jpg --set darker=1.5 --set more-like-a-sneaker=-1 --out shirt-edited.png`;

export const editCommand: Command = {
  name: 'edit',
  summary: 'apply direction sliders to a picture or seed',
  help,
  async run(argv, io) {
    const { values, positionals: rest } = parse(argv, {
      set: { type: 'string', multiple: true },
      out: { type: 'string' },
      method: { type: 'string' },
      steps: { type: 'string' },
      'save-seed': { type: 'string' },
      scale: { type: 'string' },
      force: { type: 'boolean' },
    });
    if (values.help) return showHelp(io, help);
    const [source] = positionals(rest, ['image|seed.npy']) as [string];
    const sliders = sliderValues(values.set ?? []);
    if (Object.keys(sliders).length === 0) throw new UsageError('give at least one --set <direction>=<value> (reseed info lists the directions)');
    const method = methodOption(values.method);
    const steps = values.steps === undefined ? undefined : option('steps', values.steps, IntSchema(1, 1000));
    const outputs = await imageOutputs(io, values);
    const { out, seedOut } = outputs;
    const { engine, open } = await openPack(io, values);
    try {
      // Unknown directions are a usage error, found before the (slower) embedding.
      const custom = await loadCustomDirections(io, open);
      const sources = resolveSliderIds(open, custom, Object.keys(sliders));
      for (const d of custom.shadowed) {
        if (d.id in sliders) status(io, values, `--set ${d.id}: the pack's direction "${d.id}" is used; your custom slider of the same id is not`);
      }
      const z = await seedFromSource(io, open, source, method, steps);
      const start = performance.now();
      const edited = open.edit(z, sliders, custom.usable);
      const image = await open.decode(edited, { steps, signal: io.signal });
      const ms = performance.now() - start;
      await writeImageOutputs(outputs, image, edited);
      const text = Object.entries(sliders).map(([k, v]) => `${k}=${v}${sources[k] === 'custom' ? ' (custom)' : ''}`).join(', ');
      const directions = Object.entries(sliders).map(([id, value]) => ({ id, value, custom: sources[id] === 'custom' }));
      result(
        io,
        values,
        { input: source, sliders, directions, out, seedFile: seedOut ?? null, editMs: ms, provider: open.provider },
        `${source} [${text}] → ${out} (edit and decode ${ms.toFixed(1)} ms on ${open.provider})`,
      );
      return EXIT.ok;
    } finally {
      await engine.dispose();
    }
  },
};

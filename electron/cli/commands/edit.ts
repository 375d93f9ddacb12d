/** `reseed edit`: move a picture's (or a seed's) seed along direction sliders and regrow it. */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { editAndDecode, faithfulOutput } from '../../engine/faithful/faithful-edit';
import { checkMask, MASK_FEATHER_PX } from '../../engine/image/edit-mask';
import { pasteBack } from '../../engine/image/paste-back';
import { COMMON_HELP, IntSchema, option, parse, positionals, sliderValues } from '../args';
import type { Command } from '../command';
import { openPack } from '../context';
import { loadCustomDirections, resolveSliderIds } from '../custom-directions';
import { baseImage, editSource, previewBase } from '../edit-source';
import { EXIT, UsageError } from '../exit-codes';
import { absolute, checkOutputFile, writeOutput } from '../files';
import { faithfulOptions, withKeepDetailsFlag } from '../faithful-options';
import { imageOutputs, writeImageOutputs } from '../image-outputs';
import { result, showHelp, status } from '../io';
import { methodOption } from './embed';

const help = `Usage: reseed edit <image|seed.npy> --set <direction>=<value>... --out <image.png> [options]

Embeds the picture (or reads the seed), applies the sliders z' = z + Σ a·σ·d rescaled to ‖z‖
(values in units of σ, the spread of the training seeds along that direction), and decodes.
All-zero sliders give back exactly the unedited picture. \`reseed info\` lists the
pack's directions and your custom ones, with their ranges.

From a picture the edit is faithful (docs/design.md, Faithful edits): with keep details (on by
default) the output is your crop plus s·(D(z') − D(z)), the change the sliders make, so what the
model cannot draw (print, texture, outline) stays yours; --out is in the picture's own colours (a
pack that negates its inputs, like fashion-mnist, is turned back). All-zero sliders give your crop
back, and --photo your picture pixel for pixel (PNG; a JPEG is re-encoded, so within JPEG
round-off). From a seed, --out is the decoded picture as \`reseed generate\` draws it.

A direction is one of the pack's, or one of your custom sliders for this pack (made from example
folders in the editor, kept in the user data folder's directions/<pack>/; $RESEED_HOME when set).
Each --set id is looked up in the pack's directions first: a custom slider with the same id as a
pack direction is never used (the pack's wins). A broken custom file is skipped with a warning.

Options:
  --set <id>=<value>     a slider, pack or custom (repeat for several), e.g. --set darker=1.5
  --out <file.png>       the edited picture at the model's size
  --photo <file>         (picture only) the whole picture with the edit pasted back, same size;
                         .png (lossless) or .jpg
  --keep-details[=s]     (picture only) add the change to your pixels at strength s in [0, 1]
                         (default: on, s = 1)
  --no-keep-details      the regrown picture D(z') instead
  --lock <id>            keep that attribute of the picture where it was while the others move
                         (repeat for several): the moves are projected off the locked directions,
                         then the locked ones corrected on the decoded picture (≤ 4 extra decodes);
                         a direction with nothing to measure (a custom slider) gets the projection
  --mask <file.png>      (picture only) edit only where the mask is white; any size, stretched
                         over the crop; outside it (beyond a ${MASK_FEATHER_PX}-pixel feather) --photo is unchanged
  --method <m>           how to embed a picture: network (default), refine, inversion
  --steps <n>            sampler steps (default: the pack's)
  --preview              a quick look: decode with the pack's one-pass preview decoder (what the
                         editor shows while a slider moves) instead of the full sampler; a pack
                         without one decodes fully, and the result says which decoder ran
  --save-seed <file.npy> also write the edited seed
  --scale <n>            enlarge the --out PNG n times (nearest neighbour; default 1)
  --force                overwrite existing files
${COMMON_HELP}

Example:
  reseed edit shirt.jpg --set darker=1.5 --lock wider --out shirt-edited.png --photo shirt-edited.jpg`;

export const editCommand: Command = {
  name: 'edit',
  summary: 'apply direction sliders to a picture or seed',
  help,
  async run(argv, io) {
    const { values, positionals: rest } = parse(withKeepDetailsFlag(argv), {
      set: { type: 'string', multiple: true },
      out: { type: 'string' },
      photo: { type: 'string' },
      'keep-details': { type: 'string' },
      'no-keep-details': { type: 'boolean' },
      lock: { type: 'string', multiple: true },
      mask: { type: 'string' },
      method: { type: 'string' },
      steps: { type: 'string' },
      'save-seed': { type: 'string' },
      scale: { type: 'string' },
      force: { type: 'boolean' },
      preview: { type: 'boolean' },
    });
    if (values.help) return showHelp(io, help);
    const [source] = positionals(rest, ['image|seed.npy']) as [string];
    const sliders = sliderValues(values.set ?? []);
    if (Object.keys(sliders).length === 0) throw new UsageError('give at least one --set <direction>=<value> (reseed info lists the directions)');
    const method = methodOption(values.method);
    const steps = values.steps === undefined ? undefined : option('steps', values.steps, IntSchema(1, 1000));
    const faithful = await faithfulOptions(io, values);
    const outputs = await imageOutputs(io, values);
    const { out, seedOut } = outputs;
    const photoOut = values.photo ? absolute(io, values.photo) : undefined;
    if (photoOut) {
      if (!['.png', '.jpg', '.jpeg'].includes(extname(photoOut).toLowerCase())) throw new UsageError('--photo: give a .png or .jpg file name');
      await checkOutputFile(photoOut, Boolean(values.force));
    }
    const isSeed = /^(?:seed:)?\d+$/.test(source) || source.toLowerCase().endsWith('.npy');
    if (isSeed && (photoOut || faithful.mask)) throw new UsageError(`--${photoOut ? 'photo' : 'mask'} needs a picture to edit, not a seed`);
    if (faithful.mask) await checkMask(faithful.mask.bytes, faithful.mask.label);
    const { engine, open } = await openPack(io, values);
    try {
      // Unknown directions are a usage error, found before the (slower) embedding.
      const custom = await loadCustomDirections(io, open);
      const sources = resolveSliderIds(open, custom, [...new Set([...Object.keys(sliders), ...faithful.locks])]);
      for (const d of custom.shadowed) {
        if (d.id in sliders) status(io, values, `--set ${d.id}: the pack's direction "${d.id}" is used; your custom slider of the same id is not`);
      }
      const from = await editSource(io, open, source, method, steps);
      const start = performance.now();
      // With --preview the change is measured against the preview of z as well (as in the editor).
      const decoder = values.preview && open.hasPreview ? 'preview' : 'full';
      if (values.preview && decoder === 'full') status(io, values, '--preview: this pack has no preview decoder, so the edit was decoded fully');
      const base = decoder === 'preview' ? previewBase(open, from.seed) : baseImage(open, from, steps, io.signal);
      const edited = await editAndDecode(open, from.seed, { sliders, locks: faithful.locks, extra: custom.usable, steps, signal: io.signal, quality: decoder }, base);
      const output = await faithfulOutput(open, edited.image, base, from.photo?.source, {
        keepDetails: faithful.keepDetails,
        mask: faithful.mask?.bytes,
        maskLabel: faithful.mask?.label,
      });
      const ms = performance.now() - start;
      await writeImageOutputs(outputs, output.image, edited.seed);
      if (photoOut && from.photo) {
        const bytes = await readFile(from.photo.path);
        const format = extname(photoOut).toLowerCase() === '.png' ? 'png' : 'jpeg';
        const pasted = await pasteBack(bytes, open.pack.manifest, output.change, { ...from.photo.source, format, mask: faithful.mask?.bytes, label: source });
        await writeOutput(photoOut, pasted.bytes);
      }
      for (const lock of edited.locks) {
        if (lock.mode === 'projection-only') status(io, values, `--lock ${lock.id}: nothing to measure for it, so the moves were projected off it only`);
        else if (!lock.held) status(io, values, `--lock ${lock.id}: ${lock.attribute} ${lock.value!.toFixed(4)} after ${edited.extraDecodes} extra decodes, target ${lock.target!.toFixed(4)} (not within tolerance)`);
      }
      const text = Object.entries(sliders).map(([k, v]) => `${k}=${v}${sources[k] === 'custom' ? ' (custom)' : ''}`).join(', ');
      const directions = Object.entries(sliders).map(([id, value]) => ({ id, value, custom: sources[id] === 'custom' }));
      const keep = output.keepDetails ? { strength: faithful.keepDetails!.strength } : null;
      result(
        io,
        values,
        {
          input: source, sliders, directions, out, photo: photoOut ?? null, seedFile: seedOut ?? null, colours: output.colours,
          keepDetails: keep, mask: faithful.mask?.path ?? null, locks: edited.locks, extraDecodes: edited.extraDecodes, editMs: ms, provider: open.provider, decoder,
        },
        `${source} [${text}${faithful.locks.length ? `; locked ${faithful.locks.join(', ')}` : ''}] → ${[out, photoOut].filter(Boolean).join(', ')} (edit and ${decoder === 'preview' ? 'preview ' : ''}decode ${ms.toFixed(1)} ms on ${open.provider})`,
      );
      return EXIT.ok;
    } finally {
      await engine.dispose();
    }
  },
};

/** `reseed embed`: find the seed behind one picture, with its reconstruction and error. */
import { EMBED_METHODS, type EmbedMethod } from '../../engine/embedding';
import { encodePng } from '../../engine/image/encode';
import { fitObjectInFile, type FittedObject } from '../../engine/image/fit-object';
import { CropBoxSchema, type CropBox, type PreprocessCrop } from '../../engine/image/preprocess';
import { psnr } from '../../engine/metrics';
import { cropMode } from '../../contract/pack-schema';
import { PolaritySchema, type Polarity } from '../../contract/polarity-schema';
import { encodeNpy } from '../../engine/npy';
import { z } from 'zod';
import { COMMON_HELP, IntSchema, option, parse, positionals } from '../args';
import type { Command } from '../command';
import { openPack } from '../context';
import { EXIT, UsageError } from '../exit-codes';
import { absolute, checkOutputFile, writeOutput } from '../files';
import { result, showHelp } from '../io';

export const MethodSchema = z.enum(EMBED_METHODS);

export const CropSchema = z
  .string()
  // left and top may be negative: a box reaching past the picture's edges is padded.
  .regex(/^-?\d+,-?\d+,\d+,\d+$/, 'use left,top,width,height in pixels')
  .transform((s) => {
    const [left, top, width, height] = s.split(',').map(Number);
    return { left, top, width, height };
  })
  .pipe(CropBoxSchema);

/** A box as WIDTH×HEIGHT±LEFT±TOP (a box reaching past the picture has negative offsets). */
export function boxText(b: { left: number; top: number; width: number; height: number }): string {
  const signed = (v: number) => (v < 0 ? `${v}` : `+${v}`);
  return `${b.width}×${b.height}${signed(b.left)}${signed(b.top)}`;
}

/** One line saying where the picture was cropped (a face pack without --crop says whether it found a face). */
export function cropLine(crop: PreprocessCrop, faceMode: boolean, fitted?: FittedObject): string {
  const box = boxText(crop.box);
  if (crop.source === 'face') return `crop: around the face found at ${boxText(crop.face!)} → ${box}`;
  if (fitted) {
    if (!fitted.object) return `crop: no object found (the picture is all like its border ${fitted.background}) → ${box}`;
    const past = fitted.overhangs ? ', reaching past the picture (padded with the background)' : '';
    return `crop: the whole object at ${boxText(fitted.object)} → ${box}${past}`;
  }
  if (crop.source === 'box') return `crop: the given box ${box}`;
  return `crop: ${faceMode ? 'no face found, ' : ''}centre (the whole ${crop.box.width}×${crop.box.height} picture fitted)`;
}

export function methodOption(value: string | undefined): EmbedMethod {
  return option('method', value ?? 'network', MethodSchema);
}

export function polarityOption(value: string | undefined): Polarity {
  return option('polarity', value ?? 'auto', PolaritySchema);
}

/** The help of --polarity, its text starting at `column` as the command's other options do. */
export function polarityHelp(column: number): string {
  const lines = ["auto (default: a pack that negates keeps a picture whose border is", "already like its training pictures', e.g. a light garment on black),", 'negate, keep'];
  return lines.map((line, i) => (i === 0 ? '  --polarity <p>'.padEnd(column) : ' '.repeat(column)) + line).join('\n');
}

const help = `Usage: reseed embed <image> [options]

Finds the seed z whose DDIM decoding gives the picture back, prepared the way the pack's
training data looked (fit, trim, negate…), and reports the reconstruction error.

Options:
  --out <file.npy>         write the seed (float32, C×H×W)
  --recon <file.png>       write the reconstruction DDIM(z)
  --method <m>             network (default: one pass of the embedding network),
                           refine (network, then steps kept only when the error drops),
                           inversion (DDIM inversion, the baseline)
  --iterations <n>         refinement steps for --method refine (default 3)
  --steps <n>              sampler steps (default: what the embedder was trained for)
  --crop <l,t,w,h>         use only this box of the picture (pixels, after EXIF rotation); it
                           may reach past the edges (padded with the background: write
                           --crop=-20,0,400,400 for a negative left); without it a pack with
                           crop "face" crops around the largest face
  --fit-object             crop to a box of the pack's shape around the whole object (what
                           differs from the picture's border colour), past the edges if need be
${polarityHelp(27)}
  --force                  overwrite existing files
${COMMON_HELP}

Example:
  reseed embed shirt.jpg --out shirt.npy --recon shirt-recon.png --method refine`;

export const embedCommand: Command = {
  name: 'embed',
  summary: 'find the seed behind a picture',
  help,
  async run(argv, io) {
    const { values, positionals: rest } = parse(argv, {
      out: { type: 'string' },
      recon: { type: 'string' },
      method: { type: 'string' },
      iterations: { type: 'string' },
      steps: { type: 'string' },
      crop: { type: 'string' },
      'fit-object': { type: 'boolean' },
      polarity: { type: 'string' },
      force: { type: 'boolean' },
    });
    if (values.help) return showHelp(io, help);
    const [image] = positionals(rest, ['image']) as [string];
    const method = methodOption(values.method);
    const steps = values.steps === undefined ? undefined : option('steps', values.steps, IntSchema(1, 1000));
    const refineIterations = values.iterations === undefined ? undefined : option('iterations', values.iterations, IntSchema(0, 100));
    const given: CropBox | undefined = values.crop === undefined ? undefined : option('crop', values.crop, CropSchema);
    if (given && values['fit-object']) throw new UsageError('--crop and --fit-object each choose the box: give one of them');
    const polarity = polarityOption(values.polarity);
    const out = values.out ? absolute(io, values.out) : undefined;
    const recon = values.recon ? absolute(io, values.recon) : undefined;
    for (const f of [out, recon]) if (f) await checkOutputFile(f, Boolean(values.force));
    const { engine, open } = await openPack(io, values);
    try {
      const start = performance.now();
      const fitted = values['fit-object'] ? await fitObjectInFile(absolute(io, image), open.pack.manifest, image) : undefined;
      const crop = given ?? fitted?.crop;
      const r = await open.embedFile(absolute(io, image), { method, steps, refineIterations, crop, polarity, signal: io.signal, label: image });
      const ms = performance.now() - start;
      const [, C, H, W] = r.seed.shape;
      if (out) await writeOutput(out, encodeNpy(r.seed.data, [C, H, W]));
      if (recon) await writeOutput(recon, await encodePng(r.reconstruction));
      const mse = r.mse[0]!;
      const faceMode = cropMode(open.pack.manifest.preprocess) === 'face';
      // A pack that negates says whether it did for this picture (and so does a polarity given).
      const polarityShown = open.pack.manifest.preprocess.negate || polarity !== 'auto';
      const json = {
        input: image,
        method,
        steps: r.steps,
        mse,
        psnr: Number.isFinite(psnr(mse)) ? psnr(mse) : null,
        ms,
        provider: open.provider,
        seedFile: out ?? null,
        reconFile: recon ?? null,
        refinementStepsKept: r.accepted?.[0] ?? null,
        transform: r.input.transform,
        crop: { source: r.input.crop.source, box: r.input.crop.box, face: r.input.crop.face ?? null },
        object: fitted ? { box: fitted.object, overhangs: fitted.overhangs, background: fitted.background } : null,
        polarity: r.input.polarity,
      };
      const lines = [
        `${image}: mse ${mse.toFixed(5)}, psnr ${psnr(mse).toFixed(2)} dB (${method}, ${r.steps} steps, ${ms.toFixed(0)} ms on ${open.provider})`,
        ...(faceMode || r.input.crop.source === 'box' ? [cropLine(r.input.crop, faceMode, fitted)] : []),
        ...(polarityShown ? [`polarity: ${r.input.polarity.note}`] : []),
        ...(out ? [`seed → ${out}`] : []),
        ...(recon ? [`reconstruction → ${recon}`] : []),
        ...(!out && !recon ? ['(nothing written: add --out seed.npy and/or --recon recon.png)'] : []),
      ];
      result(io, values, json, lines.join('\n'));
      return EXIT.ok;
    } finally {
      await engine.dispose();
    }
  },
};

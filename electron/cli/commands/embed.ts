/** `reseed embed`: find the seed behind one picture, with its reconstruction and error. */
import { EMBED_METHODS, type EmbedMethod } from '../../engine/embedding';
import { encodePng } from '../../engine/image/encode';
import { CropBoxSchema, type CropBox, type PreprocessCrop } from '../../engine/image/preprocess';
import { psnr } from '../../engine/metrics';
import { cropMode } from '../../contract/pack-schema';
import { encodeNpy } from '../../engine/npy';
import { z } from 'zod';
import { COMMON_HELP, IntSchema, option, parse, positionals } from '../args';
import type { Command } from '../command';
import { openPack } from '../context';
import { EXIT } from '../exit-codes';
import { absolute, checkOutputFile, writeOutput } from '../files';
import { result, showHelp } from '../io';

export const MethodSchema = z.enum(EMBED_METHODS);

export const CropSchema = z
  .string()
  .regex(/^\d+,\d+,\d+,\d+$/, 'use left,top,width,height in pixels')
  .transform((s) => {
    const [left, top, width, height] = s.split(',').map(Number);
    return { left, top, width, height };
  })
  .pipe(CropBoxSchema);

/** One line saying where the picture was cropped (a face pack without --crop says whether it found a face). */
export function cropLine(crop: PreprocessCrop, faceMode: boolean): string {
  const b = crop.box;
  const box = `${b.width}×${b.height}+${b.left}+${b.top}`;
  if (crop.source === 'face') return `crop: around the face found at ${crop.face!.width}×${crop.face!.height}+${crop.face!.left}+${crop.face!.top} → ${box}`;
  if (crop.source === 'box') return `crop: the given box ${box}`;
  return `crop: ${faceMode ? 'no face found, ' : ''}centre (the whole ${b.width}×${b.height} picture fitted)`;
}

export function methodOption(value: string | undefined): EmbedMethod {
  return option('method', value ?? 'network', MethodSchema);
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
  --crop <l,t,w,h>         use only this box of the picture (pixels, after EXIF rotation);
                           without it a pack with crop "face" crops around the largest face
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
      force: { type: 'boolean' },
    });
    if (values.help) return showHelp(io, help);
    const [image] = positionals(rest, ['image']) as [string];
    const method = methodOption(values.method);
    const steps = values.steps === undefined ? undefined : option('steps', values.steps, IntSchema(1, 1000));
    const refineIterations = values.iterations === undefined ? undefined : option('iterations', values.iterations, IntSchema(0, 100));
    const crop: CropBox | undefined = values.crop === undefined ? undefined : option('crop', values.crop, CropSchema);
    const out = values.out ? absolute(io, values.out) : undefined;
    const recon = values.recon ? absolute(io, values.recon) : undefined;
    for (const f of [out, recon]) if (f) await checkOutputFile(f, Boolean(values.force));
    const { engine, open } = await openPack(io, values);
    try {
      const start = performance.now();
      const r = await open.embedFile(absolute(io, image), { method, steps, refineIterations, crop, signal: io.signal, label: image });
      const ms = performance.now() - start;
      const [, C, H, W] = r.seed.shape;
      if (out) await writeOutput(out, encodeNpy(r.seed.data, [C, H, W]));
      if (recon) await writeOutput(recon, await encodePng(r.reconstruction));
      const mse = r.mse[0]!;
      const faceMode = cropMode(open.pack.manifest.preprocess) === 'face';
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
      };
      const lines = [
        `${image}: mse ${mse.toFixed(5)}, psnr ${psnr(mse).toFixed(2)} dB (${method}, ${r.steps} steps, ${ms.toFixed(0)} ms on ${open.provider})`,
        ...(faceMode || r.input.crop.source === 'box' ? [cropLine(r.input.crop, faceMode)] : []),
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

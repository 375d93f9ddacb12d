/**
 * Edit inside a mask (docs/design.md, Faithful edits): a picture of any size, white where the edit
 * goes, stretched over the crop box (crop-relative: the same mask fits any placement of the box).
 * In the photo it is thresholded at half grey and feathered by a box filter of MASK_FEATHER_PX
 * pixels each way, at the photo's own resolution: the weight ramps from 1 to 0 across the mask's
 * edge, and a pixel farther than the feather from any white mask pixel has weight exactly 0, so it
 * stays byte for byte the photo's. At the model's size the mask is simply resampled (soft).
 *
 * Memory: the mask is decoded at the size of the area being pasted (plus the feather), one byte a
 * pixel, and the feather keeps one row of column sums: far below the photo's own RGBA area.
 */
import sharp, { type Sharp } from 'sharp';
import type { Pack } from '../../contract/pack-schema';
import { InputError } from '../errors';
import { MAX_INPUT_PIXELS, type Preprocessed } from './preprocess';
import type { Box } from './raster';

/** How far (photo pixels) the mask's edge is feathered each way: a few pixels, a soft seam. */
export const MASK_FEATHER_PX = 4;

/** Longest side the mask is resampled at for the model-size picture (ample for 64×64 models). */
const MODEL_MASK_SIDE = 1024;

function maskPipeline(bytes: Buffer): Sharp {
  // Transparent means "not edited": flattened onto black before the grey conversion.
  return sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', pages: 1, page: 0 })
    .autoOrient()
    .flatten({ background: '#000000' })
    .toColourspace('b-w');
}

async function maskRaw(pipeline: Sharp, label: string): Promise<{ data: Buffer; width: number; height: number }> {
  try {
    const { data, info } = await pipeline.extractChannel(0).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch (error) {
    throw new InputError(label, `the mask cannot be decoded (${(error as Error).message.split('\n')[0]})`);
  }
}

/** Checks that the bytes are a picture sharp reads, before any work (the CLI checks early). */
export async function checkMask(bytes: Buffer, label: string): Promise<{ width: number; height: number }> {
  try {
    const meta = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    if (!meta.width || !meta.height) throw new Error('no size');
    return { width: meta.width, height: meta.height };
  } catch (error) {
    throw new InputError(label, `the mask is not a readable image (${(error as Error).message.split('\n')[0]})`);
  }
}

/**
 * Feathered weights (0–255, 255 = the whole change) of the photo pixels in `area` (inside `crop`),
 * row-major. The mask is stretched to the crop box, thresholded, and box-filtered with radius
 * `radius`.
 */
export async function photoMaskWeights(bytes: Buffer, crop: Box, area: Box, label: string, radius = MASK_FEATHER_PX): Promise<Uint8Array> {
  const out = new Uint8Array(area.width * area.height);
  if (out.length === 0) return out;
  // 1. The window the box filter reads: the area and `radius` around it, inside the crop box.
  const wx0 = Math.max(crop.left, area.left - radius);
  const wy0 = Math.max(crop.top, area.top - radius);
  const wx1 = Math.min(crop.left + crop.width, area.left + area.width + radius);
  const wy1 = Math.min(crop.top + crop.height, area.top + area.height + radius);
  const win = { left: wx0 - crop.left, top: wy0 - crop.top, width: wx1 - wx0, height: wy1 - wy0 };
  // 2. The mask stretched over the crop box, that window of it only, thresholded to 0/1.
  const mask = await maskRaw(maskPipeline(bytes).resize(crop.width, crop.height, { fit: 'fill', kernel: 'linear' }).extract(win), label);
  // Beyond the crop box the mask's edge pixels repeat: a mask white up to the box's edge stays
  // whole there (the seam feather at the box's edges is paste back's own).
  const inside = (x: number, y: number) => {
    const cx = Math.min(wx1 - 1, Math.max(wx0, x));
    const cy = Math.min(wy1 - 1, Math.max(wy0, y));
    return mask.data[(cy - wy0) * mask.width + (cx - wx0)]! >= 128;
  };
  // 3. Box filter, separable: a row's horizontal sums feed running column sums over 2r + 1 rows.
  const k = 2 * radius + 1;
  const full = k * k;
  const cols = new Uint16Array(area.width);
  const rowSums = (y: number): Uint8Array => {
    const sums = new Uint8Array(area.width);
    let run = 0;
    for (let x = area.left - radius; x <= area.left + radius - 1; x++) run += inside(x, y) ? 1 : 0;
    for (let i = 0; i < area.width; i++) {
      const x = area.left + i;
      run += inside(x + radius, y) ? 1 : 0;
      sums[i] = run;
      run -= inside(x - radius, y) ? 1 : 0;
    }
    return sums;
  };
  const ring: Uint8Array[] = [];
  for (let y = area.top - radius; y < area.top + radius; y++) {
    const r = rowSums(y);
    ring.push(r);
    for (let i = 0; i < area.width; i++) cols[i] += r[i]!;
  }
  for (let j = 0; j < area.height; j++) {
    const y = area.top + j;
    const incoming = rowSums(y + radius);
    ring.push(incoming);
    for (let i = 0; i < area.width; i++) {
      cols[i] += incoming[i]!;
      // 4. Weight = the fraction of the (2r+1)² window inside the mask: exactly 0 far outside it.
      out[j * area.width + i] = cols[i] === 0 ? 0 : Math.round((cols[i]! * 255) / full);
    }
    const outgoing = ring.shift()!;
    for (let i = 0; i < area.width; i++) cols[i] -= outgoing[i]!;
  }
  return out;
}

/**
 * The mask at the model's size (H·W weights in [0, 1]): each model pixel's centre, mapped back to
 * the photo by the preprocessing transform, samples the mask stretched over the crop box
 * (bilinear); model pixels outside the crop box get 0.
 */
export async function modelMaskWeights(bytes: Buffer, pack: Pack, transform: Preprocessed['transform'], crop: Box, label: string): Promise<Float32Array> {
  const { width: W, height: H } = pack.image;
  const { region, placed } = transform;
  const side = Math.min(MODEL_MASK_SIDE, Math.max(crop.width, crop.height));
  const mw = Math.max(1, Math.round((crop.width / Math.max(crop.width, crop.height)) * side));
  const mh = Math.max(1, Math.round((crop.height / Math.max(crop.width, crop.height)) * side));
  const mask = await maskRaw(maskPipeline(bytes).resize(mw, mh, { fit: 'fill', kernel: 'linear' }), label);
  const sx = region.width / placed.width;
  const sy = region.height / placed.height;
  const out = new Float32Array(W * H);
  const at = (x: number, y: number) => mask.data[Math.min(mh - 1, Math.max(0, y)) * mw + Math.min(mw - 1, Math.max(0, x))]!;
  for (let j = 0; j < H; j++) {
    for (let i = 0; i < W; i++) {
      // 1. The model pixel's centre in photo pixels, then as a fraction of the crop box.
      const px = region.left + (i + 0.5 - placed.left) * sx;
      const py = region.top + (j + 0.5 - placed.top) * sy;
      const u = (px - crop.left) / crop.width;
      const v = (py - crop.top) / crop.height;
      if (u < 0 || u >= 1 || v < 0 || v >= 1) continue;
      // 2. Bilinear in the resampled mask.
      const fx = u * mw - 0.5;
      const fy = v * mh - 0.5;
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const ax = fx - x0;
      const ay = fy - y0;
      const top = at(x0, y0) * (1 - ax) + at(x0 + 1, y0) * ax;
      const bottom = at(x0, y0 + 1) * (1 - ax) + at(x0 + 1, y0 + 1) * ax;
      out[j * W + i] = (top * (1 - ay) + bottom * ay) / 255;
    }
  }
  return out;
}

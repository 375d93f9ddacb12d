/** Model images (C×H×W floats in [0, 1]) to 8-bit pixels and PNG files. */
import sharp from 'sharp';
import { item, type Tensor4 } from '../tensor';

/** Item `index` of a batch as interleaved 8-bit pixels (H×W×C), rounded and clipped. */
export function toPixels(images: Tensor4, index = 0): { data: Uint8Array; width: number; height: number; channels: 1 | 3 } {
  const [, C, H, W] = images.shape;
  if (C !== 1 && C !== 3) throw new RangeError(`cannot encode ${C} channels as an image`);
  const src = item(images, index).data;
  const out = new Uint8Array(H * W * C);
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < H * W; i++) {
      const v = src[c * H * W + i]!;
      out[i * C + c] = Math.round(Math.min(1, Math.max(0, v)) * 255);
    }
  }
  return { data: out, width: W, height: H, channels: C };
}

export interface PngOptions {
  /** Enlarge by an integer factor with nearest-neighbour (tiny model images are hard to see). */
  readonly scale?: number;
}

/** PNG bytes of item `index` of a batch of images in [0, 1]. */
export async function encodePng(images: Tensor4, index = 0, options: PngOptions = {}): Promise<Buffer> {
  const px = toPixels(images, index);
  let pipeline = sharp(px.data, { raw: { width: px.width, height: px.height, channels: px.channels } });
  const scale = options.scale ?? 1;
  if (scale > 1) pipeline = pipeline.resize(px.width * scale, px.height * scale, { kernel: 'nearest' });
  // Without this sharp writes one-channel data as RGB; gray models get gray PNGs.
  if (px.channels === 1) pipeline = pipeline.toColourspace('b-w');
  return pipeline.png({ compressionLevel: 6 }).toBuffer();
}

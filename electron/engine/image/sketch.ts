/**
 * Draws a sketch (brush strokes in photo pixels) onto a photo at full resolution, so that sketch
 * and re-embed preprocesses exactly what the user drew. Strokes become an SVG of round-capped
 * paths that sharp composites; the schema allows only #rrggbb colours and numbers, so nothing
 * else reaches the SVG.
 */
import sharp from 'sharp';
import type { Sketch, Stroke } from '../../contract/sketch-schema';
import { InputError } from '../errors';
import { MAX_INPUT_PIXELS } from './preprocess';

function pathOf(stroke: Stroke): string {
  const [first, ...rest] = stroke.points;
  const f = (v: number) => v.toFixed(2);
  // A single point (a dab) is drawn as a zero-length segment, which round caps make a dot.
  const tail = rest.length === 0 ? [first!] : rest;
  const d = `M${f(first![0])} ${f(first![1])}` + tail.map(([x, y]) => ` L${f(x)} ${f(y)}`).join('');
  return `<path d="${d}" stroke="${stroke.color}" stroke-width="${f(stroke.width)}" fill="none" stroke-linecap="round" stroke-linejoin="round"/>`;
}

/** The SVG of a sketch on a width×height photo. */
export function sketchSvg(sketch: Sketch, width: number, height: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${sketch.map(pathOf).join('')}</svg>`;
}

/** The photo (EXIF-rotated) with the sketch drawn on it, as PNG bytes; no strokes: the bytes as they are. */
export async function drawSketch(bytes: Buffer, sketch: Sketch, label = 'image'): Promise<Buffer> {
  if (sketch.length === 0) return bytes;
  try {
    // Rotate first, so the strokes' coordinates (rotated photo pixels) land where they were drawn.
    const rotated = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', pages: 1 }).autoOrient().png().toBuffer({ resolveWithObject: true });
    const svg = Buffer.from(sketchSvg(sketch, rotated.info.width, rotated.info.height));
    return await sharp(rotated.data).composite([{ input: svg, left: 0, top: 0 }]).png().toBuffer();
  } catch (error) {
    throw new InputError(label, `cannot draw the sketch (${(error as Error).message.split('\n')[0]})`);
  }
}

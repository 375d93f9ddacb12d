/**
 * Whether a picture is negated on its way into the model. A pack whose recipe negates was trained
 * on light objects on a dark background (Fashion-MNIST), and the recipe negates photos of dark
 * products on white to match. A picture that is already light on dark (Fashion-MNIST's own
 * images, a garment photographed on black) must not be negated too: it would reach the model as a
 * dark garment on white, which it never saw (MSE 0.10 instead of 0.004 on 500 test images).
 *
 * So `auto` looks at the picture's border (the ring of pixels around the region being fitted),
 * takes its median colour, and keeps the picture when that is nearer the training pictures'
 * background (the recipe's background negated) than the recipe's background itself. A pack that
 * does not negate never negates in `auto`.
 */
import type { Pack } from '../../contract/pack-schema';
import type { Polarity, PolarityApplied } from '../../contract/polarity-schema';
import { intersectBoxes, invertColour, parseHexColour, type Box, type RawImage } from './raster';

export interface PolarityDecision extends PolarityApplied {
  /** The colour padding and trimming use in the picture's own colours (before any negation). */
  readonly background: readonly number[];
}

/** Width of the border ring, as a fraction of the region's shorter side (at least one pixel). */
const RING_FRACTION = 0.02;

/** The median colour (0–255 per channel) of the ring of pixels along the edges of `region` ∩ the picture; null if empty. */
export function borderMedian(raw: RawImage, region: Box): number[] | null {
  const box = intersectBoxes(region, { left: 0, top: 0, width: raw.width, height: raw.height });
  if (box.width === 0 || box.height === 0) return null;
  const ring = Math.max(1, Math.floor(Math.min(box.width, box.height) * RING_FRACTION));
  const C = raw.channels;
  const histograms = Array.from({ length: C }, () => new Uint32Array(256));
  let count = 0;
  for (let y = box.top; y < box.top + box.height; y++) {
    const edgeRow = y < box.top + ring || y >= box.top + box.height - ring;
    for (let x = box.left; x < box.left + box.width; x++) {
      if (!edgeRow && x >= box.left + ring && x < box.left + box.width - ring) {
        x = box.left + box.width - ring - 1; // skip the inside of the row
        continue;
      }
      const p = (y * raw.width + x) * C;
      for (let c = 0; c < C; c++) histograms[c]![raw.data[p + c]!]!++;
      count++;
    }
  }
  return histograms.map((h) => {
    let seen = 0;
    for (let v = 0; v < 256; v++) {
      seen += h[v]!;
      if (2 * seen >= count) return v;
    }
    return 255;
  });
}

const distance = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, c) => s + Math.abs(v - b[c]!), 0) / a.length;

/** "dark" or "light", by the mean of the channels. */
export function tone(colour: readonly number[]): 'dark' | 'light' {
  return colour.reduce((s, v) => s + v, 0) / colour.length < 128 ? 'dark' : 'light';
}

/** The training pictures' background in the model's colours: the recipe's, negated where the recipe negates. */
export function modelBackground(pack: Pack): number[] {
  const bg = parseHexColour(pack.preprocess.background, pack.image.channels);
  return pack.preprocess.negate ? invertColour(bg) : bg;
}

/**
 * Whether to negate the picture (`raw`, in the pack's colour space) whose `region` is fitted, and
 * the background to pad and trim with in the picture's own colours, so that after the choice the
 * padding is the training pictures' background either way.
 */
export function decidePolarity(pack: Pack, raw: RawImage, region: Box, mode: Polarity = 'auto'): PolarityDecision {
  const trained = modelBackground(pack);
  const decide = (negated: boolean, note: string): PolarityDecision => ({ negated, note, background: negated ? invertColour(trained) : trained });
  if (mode === 'negate') return decide(true, 'negated (as asked)');
  if (mode === 'keep') return decide(false, 'kept as is (as asked)');
  if (!pack.preprocess.negate) return decide(false, 'kept as is (the pack does not negate)');
  const border = borderMedian(raw, region);
  // A region outside the picture shows only padding: the recipe's way.
  if (border === null) return decide(true, 'negated (the pack negates photos)');
  const photoLike = invertColour(trained);
  const kind = `${tone(border)} background`;
  // A tie goes to the recipe.
  return distance(border, trained) < distance(border, photoLike) ? decide(false, `${kind}: kept as is`) : decide(true, `${kind}: negated`);
}

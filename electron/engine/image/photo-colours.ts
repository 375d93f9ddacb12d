/**
 * The model's colours and the photo's. A pack whose recipe negates (Fashion-MNIST draws garments
 * light on black) sees a photo's dark garment as light; what the user is shown and exports must be
 * in the photo's own colours again, so "darker" means darker where they look (docs/design.md,
 * Faithful edits). One place decides whether a picture was negated, so paste back, the model-size
 * output and the change added to the photo agree.
 */
import type { Pack } from '../../contract/pack-schema';
import type { Tensor4 } from '../tensor';

/**
 * Whether the preprocessing negated this picture on its way into the model: what its transform
 * recorded (the picture's own polarity, preprocess.ts), else the pack's recipe.
 */
export function negatesPhoto(pack: Pick<Pack, 'preprocess'>, transform?: object): boolean {
  const recorded = (transform as { readonly negated?: boolean } | undefined)?.negated;
  return recorded ?? pack.preprocess.negate;
}

/** Model images (any batch) in the photo's colours: 1 − x where the recipe negates, else x itself. */
export function toPhotoColours(images: Tensor4, negate: boolean): Tensor4 {
  if (!negate) return images;
  const out = new Float32Array(images.data.length);
  for (let i = 0; i < out.length; i++) out[i] = 1 - images.data[i]!;
  return { data: out, shape: images.shape };
}

/** A change (a difference of model images) in the photo's colours: negation flips its sign. */
export function deltaToPhotoColours(delta: Tensor4, negate: boolean): Tensor4 {
  if (!negate) return delta;
  const out = new Float32Array(delta.data.length);
  // −0 would still read as "no change" (=== 0), so the exact-zero test upstream keeps working.
  for (let i = 0; i < out.length; i++) out[i] = -delta.data[i]!;
  return { data: out, shape: delta.shape };
}

/**
 * Measures a direction's attribute (pack.json `directions.items[].attribute`) on decoded model
 * pictures: pixel attributes in the engine (pixel-attributes.ts), classifier attributes by the
 * pack's attribute scorer network, its logits made into the score training/directions.py's
 * label_score uses (P(positive), P(positive) − P(negative), or the expected class).
 */
import type { DirectionAttribute, Pack } from '../../contract/pack-schema';
import type { Tensor4 } from '../tensor';
import { pixelAttribute } from './pixel-attributes';

/** What measures a batch of model images: the scorer's logits per output key (OpenPack.scoreAttributes). */
export interface AttributeSource {
  readonly manifest: Pack;
  readonly hasScorer: boolean;
  scoreAttributes(images: Tensor4): Promise<Record<string, Float32Array>>;
}

/** Row-wise softmax of N×K logits, in float64 (max subtracted first). */
export function softmaxRows(logits: Float32Array, classes: number): Float64Array {
  const n = logits.length / classes;
  const out = new Float64Array(logits.length);
  for (let r = 0; r < n; r++) {
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, logits[r * classes + k]!);
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += out[r * classes + k] = Math.exp(logits[r * classes + k]! - max);
    for (let k = 0; k < classes; k++) out[r * classes + k] /= sum;
  }
  return out;
}

/** The score of each row of class probabilities, as label_score computes it. */
export function scoreOf(attribute: Extract<DirectionAttribute, { kind: 'scorer' }>, probs: Float64Array, classes: number): Float64Array {
  const n = probs.length / classes;
  const sum = (r: number, list: readonly number[] | undefined) => (list ?? []).reduce((s, k) => s + probs[r * classes + k]!, 0);
  return Float64Array.from({ length: n }, (_, r) => {
    if (attribute.score === 'expected') {
      const excluded = new Set(attribute.exclude ?? []);
      let mass = 0;
      let value = 0;
      for (let k = 0; k < classes; k++) {
        if (excluded.has(k)) continue;
        mass += probs[r * classes + k]!;
        value += k * probs[r * classes + k]!;
      }
      return value / Math.max(mass, 1e-12);
    }
    const p = sum(r, attribute.positive);
    return attribute.score === 'contrast' ? p - sum(r, attribute.negative) : p;
  });
}

/** Whether this pack can measure the attribute (a scorer attribute needs the scorer network). */
export function canMeasure(source: Pick<AttributeSource, 'hasScorer'>, attribute: DirectionAttribute | undefined): attribute is DirectionAttribute {
  if (attribute === undefined) return false;
  return attribute.kind === 'pixel' || source.hasScorer;
}

/** A short name for reports and the API: "object-intensity", "P(hair in [1])", "E[skin_tone]". */
export function attributeName(attribute: DirectionAttribute): string {
  if (attribute.kind === 'pixel') return attribute.name;
  const list = (l: readonly number[] | undefined) => `[${(l ?? []).join(', ')}]`;
  if (attribute.score === 'expected') return `E[${attribute.output}]`;
  const p = `P(${attribute.output} in ${list(attribute.positive)})`;
  return attribute.score === 'contrast' ? `${p} − P(${attribute.output} in ${list(attribute.negative)})` : p;
}

/**
 * The attribute of every item of `images` (model colours) for several attributes at once: the
 * scorer runs once for all of them.
 */
export async function measureAttributes(source: AttributeSource, attributes: readonly DirectionAttribute[], images: Tensor4): Promise<Float64Array[]> {
  const needsScorer = attributes.some((a) => a.kind === 'scorer');
  const logits = needsScorer ? await source.scoreAttributes(images) : {};
  return attributes.map((a) => {
    if (a.kind === 'pixel') return pixelAttribute(a.name, images);
    const spec = source.manifest.networks.attributes?.outputs[a.output];
    const out = logits[a.output];
    if (!spec || !out) throw new Error(`the attribute scorer has no output "${a.output}"`);
    return scoreOf(a, softmaxRows(out, spec.classes.length), spec.classes.length);
  });
}

/**
 * One faithful edit (docs/design.md, Faithful edits and Locks), shared by `reseed edit`, the
 * editor's decode and its exports:
 *   1. the seed edit z' with locks: moved directions projected off the locked ones (locks.ts), then
 *      the locked directions' own coefficients solved so each locked attribute of D(z') keeps its
 *      value on the reference picture (lock-loop.ts, at most 4 extra decodes);
 *   2. the output: with keep details and a photo, the crop plus s·(D(z') − D(z)); else D(z'); in
 *      the photo's colours when there is a photo; an edit mask limits either.
 * The reference picture is D(z) (locked sliders at 0, the usual case) or D(z_L), z edited by the
 * locked sliders' own values alone: a locked slider keeps its value and its effect.
 */
import type { DirectionAttribute, PixelAttribute } from '../../contract/pack-schema';
import type { DecodeQuality } from '../../contract/preview-schemas';
import { applySliders } from '../edits';
import { modelMaskWeights } from '../image/edit-mask';
import type { PasteChange } from '../image/paste-back';
import { negatesPhoto, toPhotoColours } from '../image/photo-colours';
import type { Preprocessed } from '../image/preprocess';
import type { Box } from '../image/raster';
import type { ExtraDirection, OpenPack } from '../open-pack';
import type { SampleOptions } from '../sampler';
import type { Tensor4 } from '../tensor';
import { attributeName, canMeasure, measureAttributes } from './attribute-meter';
import { addDelta, blendInside, detailDelta, type KeepDetails } from './keep-details';
import { closeLoop } from './lock-loop';
import { lockTerms } from './locks';

export interface EditRequest {
  readonly sliders: Readonly<Record<string, number>>;
  /** Direction ids whose attribute of the decoded picture must stay where it was. */
  readonly locks?: readonly string[];
  /** Custom directions (user data), applied like the pack's own; they have no measured attribute. */
  readonly extra?: readonly ExtraDirection[];
  readonly steps?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: SampleOptions['onProgress'];
  /** Decodes beyond the first that the lock loop may spend (default 4). */
  readonly maxLockDecodes?: number;
  /**
   * `preview`: every decode of the edit (and of the lock loop) by the pack's one-pass preview
   * decoder, for a picture while a slider moves; `base` must then be the preview of z too, so the
   * change kept details adds is the preview's own change. Full when the pack has no preview.
   */
  readonly quality?: DecodeQuality;
}

/** What a lock did: held by measuring the picture (closed loop), or the projection alone. */
export interface LockStatus {
  readonly id: string;
  /** `projection-only`: nothing to measure (a custom slider, or a classifier attribute and no scorer). */
  readonly mode: 'closed-loop' | 'projection-only';
  readonly attribute: string | null;
  /** The attribute on the reference picture, after the projection alone, and at the end. */
  readonly target: number | null;
  readonly projected: number | null;
  readonly value: number | null;
  /** Within tolerance of the target (null: not measured). */
  readonly held: boolean | null;
  /** σ units the loop added to the locked slider's own value. */
  readonly correction: number;
}

export interface EditedSeed {
  /** z' and D(z') (model colours). */
  readonly seed: Tensor4;
  readonly image: Tensor4;
  readonly locks: LockStatus[];
  /** Decodes spent beyond D(z') (the lock loop and, with locked sliders set, their reference). */
  readonly extraDecodes: number;
}

/**
 * |attribute − target| within which a lock counts as held, per kind of attribute: about a third of
 * what one slider unit moves it (fashion-mnist: darker 0.033 per unit, wider 0.66 px), below what
 * the eye sees at the model's size. Tighter ones spent all 4 decodes on most pictures and pushed
 * the locked slider far enough to undo the move itself (measured on held-out garments).
 */
const PIXEL_TOLERANCE: Record<PixelAttribute, number> = {
  'mean-intensity': 0.01,
  'object-intensity': 0.01,
  width: 0.25,
  height: 0.25,
  texture: 0.005,
  area: 0.01,
};
const SCORE_TOLERANCE = { probability: 0.02, contrast: 0.02, expected: 0.05 } as const;

export function lockTolerance(attribute: DirectionAttribute): number {
  return attribute.kind === 'pixel' ? PIXEL_TOLERANCE[attribute.name] : SCORE_TOLERANCE[attribute.score];
}

/**
 * z' and D(z') for sliders and locks. `base` gives D(z) at the request's steps (callers cache
 * it: keep details needs it too). Without locks this is exactly OpenPack.edit and one decode.
 */
export async function editAndDecode(open: OpenPack, z: Tensor4, request: EditRequest, base: () => Promise<Tensor4>): Promise<EditedSeed> {
  const options = { steps: request.steps, signal: request.signal, onProgress: request.onProgress };
  const decode = async (seed: Tensor4) =>
    request.quality === 'preview' ? (await open.decodeAt(seed, 'preview', options)).image : open.decode(seed, options);
  const lockIds = [...new Set(request.locks ?? [])];
  if (lockIds.length === 0) {
    const seed = open.edit(z, request.sliders, request.extra);
    // All-zero sliders: z' is z bit for bit, and D(z) is the base itself (no second decode, and a
    // keep-details change of exactly zero).
    const still = Object.values(request.sliders).every((v) => v === 0);
    return { seed, image: still ? await base() : await decode(seed), locks: [], extraDecodes: 0 };
  }
  // Every locked id is a direction (unknown ones are an error like an unknown slider), at its own value.
  const values: Record<string, number> = { ...request.sliders };
  for (const id of lockIds) values[id] ??= 0;
  const terms = open.directionTerms(values, request.extra);
  // (a) Moved directions projected off the locked ones.
  const split = lockTerms(terms, lockIds);
  const lockedTerms = lockIds.map((id) => terms.find((t) => t.id === id)!);
  const measured = lockedTerms.filter((t) => canMeasure(open, t.direction?.attribute));
  const attributes = measured.map((t) => t.direction!.attribute!);
  const seedAt = (c: readonly number[]) =>
    applySliders(z, [...split.moved, ...split.locked.map((t, i) => ({ ...t, value: t.value + (c[measured.indexOf(lockedTerms[i]!)] ?? 0) }))]);
  const statusOf = (t: (typeof lockedTerms)[number]): LockStatus => ({
    id: t.id, mode: 'projection-only', attribute: t.direction?.attribute ? attributeName(t.direction.attribute) : null,
    target: null, projected: null, value: null, held: null, correction: 0,
  });
  if (measured.length === 0 || split.moved.length === 0) {
    // Nothing to measure, or nothing moved that could change a locked attribute: the picture is
    // the reference itself (D(z) when the locked sliders are at 0 too), so a measurable lock holds.
    const seed = seedAt([]);
    const image = split.moved.length === 0 && split.locked.every((t) => t.value === 0) ? await base() : await decode(seed);
    const locks = lockedTerms.map((t) => (split.moved.length === 0 && canMeasure(open, t.direction?.attribute) ? { ...statusOf(t), mode: 'closed-loop' as const, held: true } : statusOf(t)));
    return { seed, image, locks, extraDecodes: 0 };
  }
  // (b) The reference: D(z), or D(z_L) when a locked slider has a value of its own.
  let extraDecodes = 0;
  const ownValues = split.locked.some((t) => t.value !== 0);
  const reference = ownValues ? await decode(applySliders(z, split.locked)) : await base();
  if (ownValues) extraDecodes++;
  const targets = (await measureAttributes(open, attributes, reference)).map((v) => v[0]!);
  const result = await closeLoop({
    targets,
    slopes: measured.map((t) => t.direction?.effect?.perUnit),
    tolerances: attributes.map(lockTolerance),
    maxExtra: request.maxLockDecodes ?? 4,
    // A lock moves its slider no further than the slider itself could go.
    bounds: measured.map((t) => (t.direction ? [t.direction.min - t.value, t.direction.max - t.value] : [-12, 12])),
    evaluate: async (c) => {
      const seed = seedAt(c);
      const image = await decode(seed);
      const values = (await measureAttributes(open, attributes, image)).map((v) => v[0]!);
      return { values, payload: { seed, image } };
    },
  });
  const locks = lockedTerms.map((t) => {
    const i = measured.indexOf(t);
    if (i < 0) return statusOf(t);
    const tol = lockTolerance(attributes[i]!);
    return {
      ...statusOf(t), mode: 'closed-loop' as const, target: targets[i]!, projected: result.projected[i]!, value: result.values[i]!,
      held: Math.abs(result.values[i]! - targets[i]!) <= tol, correction: result.c[i]!,
    };
  });
  return { ...result.payload, locks, extraDecodes: extraDecodes + result.extraDecodes };
}

/** The photo an embedded seed came from: its crop as the model saw it, and where it lies. */
export interface PhotoSource {
  /** Preprocessed.image: the crop at the model's size, in the model's colours. */
  readonly input: Tensor4;
  readonly transform: Preprocessed['transform'];
  readonly crop: Box;
}

export interface OutputOptions {
  /** Keep details on (with its strength) or off (undefined). Needs a photo. */
  readonly keepDetails?: KeepDetails;
  /** An edit mask picture (white = edit), stretched over the crop box. Needs a photo. */
  readonly mask?: Buffer;
  readonly maskLabel?: string;
}

export interface FaithfulOutput {
  /** The model-size picture to show or save: in the photo's colours when there is a photo. */
  readonly image: Tensor4;
  readonly colours: 'photo' | 'model';
  /** What paste back puts into the photo (paste-back.ts). */
  readonly change: PasteChange;
  readonly keepDetails: boolean;
}

/**
 * The model-size output of an edit and what goes into the photo. `edited` is D(z'), `base` D(z)
 * (needed with keep details). Without a photo there is nothing to keep or mask: D(z') as it is.
 */
export async function faithfulOutput(open: OpenPack, edited: Tensor4, base: () => Promise<Tensor4>, source: PhotoSource | undefined, options: OutputOptions): Promise<FaithfulOutput> {
  if (!source) return { image: edited, colours: 'model', change: { image: edited }, keepDetails: false };
  const manifest = open.pack.manifest;
  const weights = options.mask ? await modelMaskWeights(options.mask, manifest, source.transform, source.crop, options.maskLabel ?? 'mask') : undefined;
  let image: Tensor4;
  let change: PasteChange;
  if (options.keepDetails) {
    const delta = detailDelta(edited, await base(), options.keepDetails.strength);
    image = addDelta(source.input, delta, weights);
    change = { delta };
  } else {
    image = weights ? blendInside(source.input, edited, weights) : edited;
    change = { image: edited };
  }
  return { image: toPhotoColours(image, negatesPhoto(manifest, source.transform)), colours: 'photo', change, keepDetails: options.keepDetails !== undefined };
}

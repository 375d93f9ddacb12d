/**
 * The editor document: which seed is being edited (from an embedded photo or a seed number), the
 * slider values, the sketch, and the faithful edit's locks and mask (keep details is a setting,
 * not part of the document: it is how every edit is shown, like a view). Undo/redo (history.ts) keeps snapshots of it, so every change here returns a
 * new object. Pure: unit-tested in test/renderer/editor-doc.test.ts.
 */
import type { CropBox, DirectionInfo, EmbedMethodName, Embedded, Generated, Polarity } from '../../../electron/contract/contract';
import type { Stroke } from '../../../electron/contract/sketch-schema';
import { EMPTY_SKETCH, type SketchLayer } from './sketch';

export interface SeedSource {
  readonly kind: 'embed' | 'generate';
  readonly seedId: string;
  /** The photo's file name, or "seed 7". */
  readonly label: string;
  /** The image of the seed with all sliders at zero (the reconstruction, or the generated image). */
  readonly baseImage: string;
  /** What "before" shows in compare: the crop as the model sees it, or the unedited image. */
  readonly beforeImage: string;
  readonly seedImage: string;
  readonly steps: number;
  /** Embedded seeds: the photo they came from (a pack switch embeds that crop again). */
  readonly imageId?: string;
  readonly embed?: Embedded;
  readonly generated?: Generated;
  /** Embedded seeds: the crop, method and sketch they were made from (to embed again after a restart). */
  readonly recipe?: EmbedRecipe;
}

/** How an embedded seed was made: enough to embed the same crop again. */
export interface EmbedRecipe {
  readonly crop: CropBox;
  readonly method: EmbedMethodName;
  readonly strokes: readonly Stroke[];
  /** Negate or not (absent: auto, as older sessions embedded). */
  readonly polarity?: Polarity;
}

export type Sliders = Readonly<Record<string, number>>;

export interface EditorDoc {
  readonly seed: SeedSource | null;
  /** One value per direction of the pack, in units of σ. */
  readonly sliders: Sliders;
  /** Strokes over the photo (sketch and re-embed); a new seed keeps them. */
  readonly sketch: SketchLayer;
  /**
   * Locked directions (faithful edits): their attribute of the picture stays where it was while
   * the other sliders move; a locked slider keeps its own value. Sorted ids; a new seed keeps them.
   */
  readonly locks: readonly string[];
  /**
   * The edit mask: strokes in photo pixels (white = edit) on the photo they were drawn on; sent
   * crop-relative to the seed's crop box (state/faithful.ts). A new seed keeps it.
   */
  readonly mask: SketchLayer;
}

/** Slider values are kept to this many decimals (what the numeric inputs show). */
const DECIMALS = 2;

export function zeroSliders(directions: readonly Pick<DirectionInfo, 'id'>[]): Sliders {
  return Object.fromEntries(directions.map((d) => [d.id, 0]));
}

export function emptyDoc(directions: readonly Pick<DirectionInfo, 'id'>[] = []): EditorDoc {
  return { seed: null, sliders: zeroSliders(directions), sketch: EMPTY_SKETCH, locks: NO_LOCKS, mask: EMPTY_SKETCH };
}

/** The empty lock list (one object, so documents without locks compare by identity too). */
export const NO_LOCKS: readonly string[] = Object.freeze([]);

/** The lock on `id` switched on or off; the list stays sorted. */
export function toggleLock(doc: EditorDoc, id: string): EditorDoc {
  if (!(id in doc.sliders)) return doc;
  const locks = doc.locks.includes(id) ? doc.locks.filter((l) => l !== id) : [...doc.locks, id].sort();
  return { ...doc, locks: locks.length === 0 ? NO_LOCKS : locks };
}

/** Whether two lock lists hold the same ids (both sorted). */
export function sameLocks(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** A value clamped to the direction's range and rounded; NaN (an emptied input) becomes 0. */
export function clampSlider(value: number, range: Pick<DirectionInfo, 'min' | 'max'>): number {
  if (!Number.isFinite(value)) return 0;
  const clamped = Math.min(range.max, Math.max(range.min, value));
  const f = 10 ** DECIMALS;
  const rounded = Math.round(clamped * f) / f;
  return Object.is(rounded, -0) ? 0 : rounded;
}

export function withSlider(doc: EditorDoc, direction: Pick<DirectionInfo, 'id' | 'min' | 'max'>, value: number): EditorDoc {
  const next = clampSlider(value, direction);
  if (doc.sliders[direction.id] === next) return doc;
  return { ...doc, sliders: { ...doc.sliders, [direction.id]: next } };
}

export function resetSlider(doc: EditorDoc, id: string): EditorDoc {
  if (!doc.sliders[id]) return doc;
  return { ...doc, sliders: { ...doc.sliders, [id]: 0 } };
}

export function resetAll(doc: EditorDoc): EditorDoc {
  if (isUnedited(doc)) return doc;
  return { ...doc, sliders: Object.fromEntries(Object.keys(doc.sliders).map((id) => [id, 0])) };
}

/**
 * The document after the pack's list of directions changed (a custom slider added or deleted):
 * one slider per listed id, values kept for those still there, new ones at zero.
 */
export function withDirections(doc: EditorDoc, ids: readonly string[]): EditorDoc {
  const same = ids.length === Object.keys(doc.sliders).length && ids.every((id) => id in doc.sliders);
  if (same) return doc;
  const locks = doc.locks.filter((id) => ids.includes(id));
  return { ...doc, sliders: Object.fromEntries(ids.map((id) => [id, doc.sliders[id] ?? 0])), locks: locks.length === doc.locks.length ? doc.locks : locks.length === 0 ? NO_LOCKS : locks };
}

/** A new seed starts unedited: its sliders go back to zero. */
export function withSeed(doc: EditorDoc, seed: SeedSource): EditorDoc {
  return { ...doc, seed, sliders: Object.fromEntries(Object.keys(doc.sliders).map((id) => [id, 0])) };
}

export function isUnedited(doc: EditorDoc): boolean {
  return Object.values(doc.sliders).every((v) => v === 0);
}

/** The non-zero sliders: what the engine needs (zero terms change nothing). */
export function activeSliders(sliders: Sliders): Record<string, number> {
  return Object.fromEntries(Object.entries(sliders).filter(([, v]) => v !== 0));
}

/** Same seed, slider values, sketch, locks and mask: one undo step. */
export function sameDoc(a: EditorDoc, b: EditorDoc): boolean {
  return a.seed?.seedId === b.seed?.seedId && imageKey(a) === imageKey(b) && a.sketch === b.sketch && sameLocks(a.locks, b.locks) && a.mask === b.mask;
}

/** Identifies the image a document shows (seed and active sliders, ids sorted). */
export function imageKey(doc: EditorDoc): string {
  const active = Object.entries(activeSliders(doc.sliders)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${doc.seed?.seedId ?? 'none'}|${active.map(([k, v]) => `${k}=${v}`).join(',')}`;
}

/**
 * Faithful edits in the editor (docs/design.md, Faithful edits and Locks; the request fields are
 * electron/contract/faithful-schemas.ts): which of keep details, locks and the edit mask a decode
 * or export sends, the key that tells their images apart, the mask's crop-relative geometry, and
 * the words the status bar and the lock buttons show. Pure: unit-tested in
 * test/renderer/faithful.test.ts.
 *
 * The rule: keep details (a setting, on by default) applies to seeds embedded from a photo; locks
 * to any seed; the mask to an embedded seed of the photo it was drawn on. A request carrying any
 * of them answers in the photo's colours (for an embedded seed), so the result, the compare view
 * and every export show the photo's colours together; a request with none of them is the plain
 * decode, in the model's colours, as before.
 */
import type { CropBox, DirectionInfo, LockStatusInfo } from '../../../electron/contract/contract';
import type { Stroke } from '../../../electron/contract/sketch-schema';
import { activeSliders, type EditorDoc, type SeedSource } from './editor-doc';
import { strokesFor } from './sketch';

export interface KeepDetails {
  readonly on: boolean;
  /** 0 keeps the photo as it is, 1 adds the whole change. */
  readonly strength: number;
}

/** What Settings remember by default (settings-store: on, full strength). */
export const DEFAULT_KEEP_DETAILS: KeepDetails = { on: true, strength: 1 };

/** The faithful fields of a decode, exportImage or exportPhoto request. */
export interface FaithfulFields {
  readonly keepDetails?: { readonly on: boolean; readonly strength: number };
  readonly locks?: string[];
  /** PNG data URL, crop-relative, white = edit. */
  readonly mask?: string;
}

/** The mask strokes that apply to the document's seed: an embed of the photo they were drawn on, with its crop box known. */
export function maskStrokesFor(doc: Pick<EditorDoc, 'seed' | 'mask'>): readonly Stroke[] {
  const seed = doc.seed;
  if (seed?.kind !== 'embed' || seed.imageId === undefined || seed.recipe === undefined) return [];
  return strokesFor(doc.mask, seed.imageId);
}

/** The crop box the mask is relative to: the one the seed was embedded from. */
export function maskCrop(seed: SeedSource | null): CropBox | null {
  return seed?.kind === 'embed' ? (seed.recipe?.crop ?? null) : null;
}

/** The mask picture's longest side (its strokes are soft-edged by the engine anyway). */
export const MASK_MAX_SIDE = 512;

export interface MaskRaster {
  readonly width: number;
  readonly height: number;
  /** Strokes in the raster's pixels (white, round caps). */
  readonly strokes: readonly { readonly width: number; readonly points: readonly (readonly [number, number])[] }[];
}

/**
 * The mask strokes (photo pixels) as drawn on a picture stretched over `crop`: the mask the engine
 * takes is crop-relative, so the same picture fits wherever the box sits in the photo.
 */
export function maskRaster(crop: CropBox, strokes: readonly Stroke[]): MaskRaster {
  const scale = Math.min(1, MASK_MAX_SIDE / Math.max(crop.width, crop.height));
  const width = Math.max(1, Math.round(crop.width * scale));
  const height = Math.max(1, Math.round(crop.height * scale));
  const sx = width / crop.width;
  const sy = height / crop.height;
  return {
    width,
    height,
    strokes: strokes.map((s) => ({
      width: Math.max(1, s.width * Math.min(sx, sy)),
      points: s.points.map(([x, y]) => [(x - crop.left) * sx, (y - crop.top) * sy] as const),
    })),
  };
}

/** A short, stable hash of a text (FNV-1a, 32 bits, base 36): names a mask in image keys. */
export function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/**
 * The fields to send for the document's seed. `mask`: the rendered mask of maskStrokesFor (null:
 * none). Keep details goes only with an embedded seed (a generated one has no photo), and so does
 * the mask; locks go with any seed.
 */
export function faithfulFields(doc: Pick<EditorDoc, 'seed' | 'locks'>, keep: KeepDetails, mask: string | null): FaithfulFields {
  const embedded = doc.seed?.kind === 'embed';
  return {
    ...(embedded && keep.on ? { keepDetails: { on: true, strength: keep.strength } } : {}),
    ...(doc.locks.length > 0 ? { locks: [...doc.locks] } : {}),
    ...(embedded && mask !== null ? { mask } : {}),
  };
}

/** Whether the fields ask for a faithful edit at all. */
export function isFaithful(fields: FaithfulFields): boolean {
  return fields.keepDetails !== undefined || fields.locks !== undefined || fields.mask !== undefined;
}

/** The colours an answer to these fields comes in (the engine says so too: `colours`). */
export function expectedColours(seed: SeedSource | null, fields: FaithfulFields): 'photo' | 'model' {
  return seed?.kind === 'embed' && isFaithful(fields) ? 'photo' : 'model';
}

/** What tells the fields' images apart: '' for none ("kd=1;lock=darker;mask=1x2y3z"). */
export function faithfulTag(fields: FaithfulFields): string {
  const parts: string[] = [];
  if (fields.keepDetails) parts.push(`kd=${fields.keepDetails.strength}`);
  if (fields.locks) parts.push(`lock=${fields.locks.join('+')}`);
  if (fields.mask) parts.push(`mask=${hashText(fields.mask)}`);
  return parts.join(';');
}

/**
 * The key of the image a document shows with these fields: `seed|sliders` without any (as before),
 * `seed|tag|sliders` with some. An unedited image's key still ends in `|`.
 */
export function renderKey(doc: Pick<EditorDoc, 'seed' | 'sliders'>, tag: string): string {
  const active = Object.entries(activeSliders(doc.sliders)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const sliders = active.map(([k, v]) => `${k}=${v}`).join(',');
  const seed = doc.seed?.seedId ?? 'none';
  return tag === '' ? `${seed}|${sliders}` : `${seed}|${tag}|${sliders}`;
}

/** A strength as shown: "100 %". */
export function strengthText(strength: number): string {
  return `${Math.round(strength * 100)} %`;
}

/** The tooltip of a slider's lock button: what a lock on it does, and what it did last. */
export function lockTitle(direction: Pick<DirectionInfo, 'label' | 'lock'>, locked: boolean, status?: LockStatusInfo): string {
  const mode = status?.mode ?? direction.lock;
  const what =
    mode === 'projection-only'
      ? `projection only: nothing measures “${direction.label}” on the picture, so the other sliders' moves are only projected off it`
      : `“${direction.label}” is measured on the picture and held where it was while the other sliders move`;
  if (!locked) return `Lock ${direction.label} (${what})`;
  const held = status?.held === true ? ' Held.' : status?.held === false ? ' Not quite held (within 4 extra decodes).' : '';
  return `Locked: ${what}.${held} Its own value still applies.`;
}

/** The short word beside a locked slider: how its lock works (and whether it held). */
export function lockNote(direction: Pick<DirectionInfo, 'lock'>, status?: LockStatusInfo): string {
  const mode = status?.mode ?? direction.lock;
  if (mode === 'projection-only') return 'projection only';
  if (status?.held === false) return 'locked, not quite held';
  return 'locked';
}

/** The status bar's line on faithful edits: what is in effect for the shown image. */
export function faithfulSummary(fields: FaithfulFields, directions: readonly Pick<DirectionInfo, 'id' | 'label'>[], statuses: readonly LockStatusInfo[] = []): string {
  const parts: string[] = [];
  if (fields.keepDetails) parts.push(`keep details ${strengthText(fields.keepDetails.strength)}`);
  for (const id of fields.locks ?? []) {
    const label = directions.find((d) => d.id === id)?.label ?? id;
    const status = statuses.find((s) => s.id === id);
    parts.push(`${label} locked${status?.mode === 'projection-only' ? ' (projection only)' : ''}`);
  }
  if (fields.mask) parts.push('mask');
  return parts.length === 0 ? 'off' : parts.join(' · ');
}

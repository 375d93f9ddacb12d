/**
 * The editor's session as it is kept across a reload or a restart (hooks/use-session.ts writes it
 * to localStorage): the photo (by its recent-list key, and whether its bytes are kept in the
 * browser), the crop box, the method, and the document with its whole undo history. Seeds are
 * kept once each, by id, with what made them (the seed number, or the photo, crop, method and
 * sketch of an embed), so that after a restart of the engine, which forgets its ids, each can be
 * made again and every snapshot pointed at the new one. Pure: unit-tested in
 * test/renderer/session.test.ts.
 */
import type { CropBox, EmbedMethodName, ImageOpened, PackInfo, Polarity } from '../../../electron/contract/contract';
import { cropOverhangs, fitCrop } from '../../../electron/contract/crop-geometry';
import { NO_LOCKS, withDirections, type EditorDoc, type SeedSource, type Sliders } from './editor-doc';
import { createHistory, type HistoryState } from './history';
import { EMPTY_SKETCH, type SketchLayer } from './sketch';

export const SESSION_KEY = 'reseed-session';
export const SESSION_VERSION = 1;

/** The open photo, and how it can be opened again. */
export interface SavedPhoto {
  /** Its id when saved: embedded seeds and the sketch name it. */
  readonly imageId: string;
  readonly name: string;
  /** Its entry in the recent list (a file entry survives a restart, an upload only a reload). */
  readonly recentKey: string | null;
  readonly recentKind: 'file' | 'upload' | null;
  /** Its bytes are kept in the browser (photo-store.ts) under this image id. */
  readonly stored: boolean;
}

interface SavedDoc {
  readonly seed: string | null;
  readonly sliders: Sliders;
  readonly sketch: SketchLayer;
  /** Faithful edits (absent in sessions saved before them). */
  readonly locks?: readonly string[];
  readonly mask?: SketchLayer;
}

export interface SavedSession {
  readonly version: typeof SESSION_VERSION;
  readonly savedAt: string;
  /** Seeds only fit the pack build that made them. */
  readonly pack: { readonly id: string; readonly version: string };
  readonly photo: SavedPhoto | null;
  readonly crop: CropBox | null;
  readonly method: EmbedMethodName;
  /** Absent in sessions saved before the choice existed: auto. */
  readonly polarity?: Polarity;
  /** Every seed a snapshot names, by id; images that repeat a field of the seed are stored once. */
  readonly seeds: Readonly<Record<string, SeedSource>>;
  readonly history: { readonly past: readonly SavedDoc[]; readonly present: SavedDoc; readonly future: readonly SavedDoc[] };
  readonly live: SavedDoc;
}

/** What the editor holds that a session keeps. */
export interface SessionState {
  readonly pack: Pick<PackInfo, 'id' | 'version'> | null;
  readonly photo: ImageOpened | null;
  readonly crop: CropBox | null;
  readonly method: EmbedMethodName;
  readonly polarity?: Polarity;
  readonly history: HistoryState<EditorDoc>;
  readonly live: EditorDoc;
}

const IMAGE_FIELDS = ['baseImage', 'beforeImage', 'seedImage'] as const;

/** A data URL that repeats one of the seed's own image fields becomes a reference to it. */
function compactSeed(seed: SeedSource): SeedSource {
  const refs = new Map<string, string>(IMAGE_FIELDS.map((f) => [seed[f], `@${f}`]));
  const compact = (part: object | undefined) =>
    part === undefined ? undefined : Object.fromEntries(Object.entries(part).map(([k, v]) => [k, typeof v === 'string' && refs.has(v) ? refs.get(v) : v]));
  return { ...seed, ...(seed.embed ? { embed: compact(seed.embed) as SeedSource['embed'] } : {}), ...(seed.generated ? { generated: compact(seed.generated) as SeedSource['generated'] } : {}) };
}

function expandSeed(seed: SeedSource): SeedSource {
  const expand = (part: object | undefined) =>
    part === undefined
      ? undefined
      : Object.fromEntries(Object.entries(part).map(([k, v]) => [k, typeof v === 'string' && v.startsWith('@') && (IMAGE_FIELDS as readonly string[]).includes(v.slice(1)) ? seed[v.slice(1) as (typeof IMAGE_FIELDS)[number]] : v]));
  return { ...seed, ...(seed.embed ? { embed: expand(seed.embed) as SeedSource['embed'] } : {}), ...(seed.generated ? { generated: expand(seed.generated) as SeedSource['generated'] } : {}) };
}

/** Whether there is anything worth keeping: a photo, a seed or an undo step. */
export function hasWork(state: SessionState): boolean {
  return state.photo !== null || state.live.seed !== null || state.history.past.length > 0 || state.history.future.length > 0;
}

/**
 * The session to save; null when there is nothing to keep. `keepPast`: at most this many undo
 * steps (the oldest go first when storage is short).
 */
export function saveSession(state: SessionState, photo: SavedPhoto | null, keepPast = Number.POSITIVE_INFINITY, now = new Date()): SavedSession | null {
  if (state.pack === null || !hasWork(state)) return null;
  const seeds: Record<string, SeedSource> = {};
  const docOf = (doc: EditorDoc): SavedDoc => {
    if (doc.seed !== null && seeds[doc.seed.seedId] === undefined) seeds[doc.seed.seedId] = compactSeed(doc.seed);
    return { seed: doc.seed?.seedId ?? null, sliders: doc.sliders, sketch: doc.sketch, locks: doc.locks, mask: doc.mask };
  };
  const past = keepPast >= state.history.past.length ? state.history.past : state.history.past.slice(state.history.past.length - Math.max(0, keepPast));
  const history = { past: past.map(docOf), present: docOf(state.history.present), future: state.history.future.map(docOf) };
  return {
    version: SESSION_VERSION,
    savedAt: now.toISOString(),
    pack: { id: state.pack.id, version: state.pack.version },
    photo: state.photo === null ? null : photo,
    crop: state.crop,
    method: state.method,
    polarity: state.polarity ?? 'auto',
    seeds,
    history,
    live: docOf(state.live),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function validDoc(v: unknown, seeds: Record<string, unknown>): boolean {
  if (!isObject(v) || !isObject(v.sliders) || !isObject(v.sketch) || !Array.isArray(v.sketch.strokes)) return false;
  if (!Object.values(v.sliders).every((x) => typeof x === 'number' && Number.isFinite(x))) return false;
  if (v.locks !== undefined && !(Array.isArray(v.locks) && v.locks.every((id) => typeof id === 'string'))) return false;
  if (v.mask !== undefined && !(isObject(v.mask) && Array.isArray(v.mask.strokes))) return false;
  return v.seed === null || (typeof v.seed === 'string' && isObject(seeds[v.seed]));
}

/** The saved session read back, or null when it is missing, broken or of another version. */
export function parseSession(text: string | null): SavedSession | null {
  if (text === null) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(v) || v.version !== SESSION_VERSION || !isObject(v.pack) || !isObject(v.seeds) || !isObject(v.history)) return null;
  const seeds = v.seeds;
  for (const s of Object.values(seeds)) if (!isObject(s) || typeof s.seedId !== 'string' || (s.kind !== 'embed' && s.kind !== 'generate')) return null;
  const h = v.history;
  if (!Array.isArray(h.past) || !Array.isArray(h.future) || ![...h.past, h.present, ...h.future, v.live].every((d) => validDoc(d, seeds))) return null;
  return v as unknown as SavedSession;
}

/** Whether a saved session belongs to this pack build (another pack cannot decode its seeds). */
export function sessionFits(saved: SavedSession, pack: Pick<PackInfo, 'id' | 'version'>): boolean {
  return saved.pack.id === pack.id && saved.pack.version === pack.version;
}

/** The seeds a saved session names, the live one first. */
export function savedSeeds(saved: SavedSession): SeedSource[] {
  const order = [saved.live, saved.history.present, ...[...saved.history.past].reverse(), ...saved.history.future].map((d) => d.seed).filter((id): id is string => id !== null);
  return [...new Set(order)].map((id) => expandSeed(saved.seeds[id]!));
}

/** What restoring puts into the editor's state. */
export interface Restored {
  readonly photo: ImageOpened | null;
  readonly crop: CropBox | null;
  readonly method: EmbedMethodName;
  readonly polarity: Polarity;
  readonly history: HistoryState<EditorDoc>;
  readonly live: EditorDoc;
  /** Undo steps dropped because their seed could not be made again. */
  readonly dropped: number;
}

/**
 * The saved session as editor state for `directions` (the pack's sliders now), with the photo
 * opened again as `photo` (a new image id; null: it could not be) and `seeds` mapping every saved
 * seed id to the seed to use now: itself (the engine still holds it), one made again, or null
 * (lost: snapshots naming it are dropped; a live document naming it loses its seed).
 */
export function restoredState(saved: SavedSession, directions: readonly { id: string }[], photo: ImageOpened | null, seeds: ReadonlyMap<string, SeedSource | null>): Restored {
  const oldImage = saved.photo?.imageId ?? null;
  const newImage = photo?.imageId ?? null;
  const ids = directions.map((d) => d.id);
  const cache = new Map<string, EditorDoc | null>();
  // One object per distinct sketch (and mask): the history tells steps apart by their identity.
  const sketches = new Map<string, SketchLayer>([[JSON.stringify(EMPTY_SKETCH), EMPTY_SKETCH]]);
  const intern = (sketch: SketchLayer): SketchLayer => {
    const key = JSON.stringify(sketch);
    if (!sketches.has(key)) sketches.set(key, sketch);
    return sketches.get(key)!;
  };
  const onPhoto = (layer: SketchLayer): SketchLayer =>
    intern(layer.imageId !== null && layer.imageId === oldImage ? (newImage === null ? EMPTY_SKETCH : { ...layer, imageId: newImage }) : layer);
  const locksOf = (locks: readonly string[] | undefined): readonly string[] => {
    const kept = (locks ?? []).filter((id) => ids.includes(id)).sort();
    return kept.length === 0 ? NO_LOCKS : kept;
  };
  const seedFor = (id: string): SeedSource | null => {
    const s = seeds.has(id) ? seeds.get(id)! : expandSeed(saved.seeds[id]!);
    if (s === null) return null;
    return s.imageId !== undefined && s.imageId === oldImage && newImage !== null ? { ...s, imageId: newImage } : s;
  };
  // Equal saved documents become one object (as they were before saving: the live document is
  // the history's present until a slider moves).
  const docOf = (d: SavedDoc, keepWithoutSeed: boolean): EditorDoc | null => {
    const key = `${keepWithoutSeed}|${JSON.stringify(d)}`;
    if (cache.has(key)) return cache.get(key)!;
    const seed = d.seed === null ? null : seedFor(d.seed);
    let doc: EditorDoc | null = null;
    if (seed !== null || d.seed === null || keepWithoutSeed) {
      const sketch = onPhoto(d.sketch);
      const mask = onPhoto(d.mask ?? EMPTY_SKETCH);
      doc = withDirections({ seed, sliders: seed === null && d.seed !== null ? {} : d.sliders, sketch, locks: locksOf(d.locks), mask }, ids);
    }
    cache.set(key, doc);
    return doc;
  };
  const past = saved.history.past.map((d) => docOf(d, false)).filter((d): d is EditorDoc => d !== null);
  const future = saved.history.future.map((d) => docOf(d, false)).filter((d): d is EditorDoc => d !== null);
  const present = docOf(saved.history.present, true)!;
  const live = docOf(saved.live, true)!;
  const dropped = saved.history.past.length - past.length + saved.history.future.length - future.length;
  const history: HistoryState<EditorDoc> = { ...createHistory(present), past, future };
  const outside = saved.crop !== null && photo !== null && cropOverhangs(saved.crop, photo.width, photo.height);
  const crop = photo === null ? null : saved.crop === null ? photo.defaultCrop : fitCrop(saved.crop, photo.width, photo.height, photo.aspect, { outside });
  return { photo, crop, method: saved.method, polarity: saved.polarity ?? 'auto', history, live, dropped };
}

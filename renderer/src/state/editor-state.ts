/**
 * The editor's whole state and every change to it, as one reducer: the pack, the open photo and
 * its crop box, the embedding method, the document with its undo history, the embed or generate
 * in flight, and the pack generation that tells an answer for the old pack from one for the new.
 * It only combines the pure rules of its neighbours (history.ts, editor-doc.ts, sketch.ts,
 * pack-switch.ts); hooks/use-editor.ts runs it with useReducer and does the requests around it.
 * Pure: no React, no DOM; unit-tested in test/renderer/editor-state.test.ts.
 */
import type { CropBox, EmbedMethodName, ImageOpened, PackInfo, Polarity } from '../../../electron/contract/contract';
import type { ErrorInfo } from '../../../electron/contract/result';
import type { Stroke } from '../../../electron/contract/sketch-schema';
import { emptyDoc, resetAll, resetSlider, sameDoc, toggleLock, withDirections, withSeed, withSlider, type EditorDoc, type SeedSource } from './editor-doc';
import { canRedo, canUndo, createHistory, mapHistory, push, redo, undo, type HistoryState } from './history';
import { planPackSwitch, type PackSwitchPlan } from './pack-switch';
import type { Restored } from './session';
import { addStroke, clearSketch, eraseAlong } from './sketch';

/** An embed in flight, with the engine's progress reports. */
export interface Progress {
  readonly requestId: string;
  readonly done: number;
  readonly total: number;
}

export interface EditorState {
  readonly pack: PackInfo | null;
  /** Why the pack could not be read (the banner offers Retry). */
  readonly packError: ErrorInfo | null;
  readonly photo: ImageOpened | null;
  readonly crop: CropBox | null;
  readonly method: EmbedMethodName;
  /** Negate the photo or not on its way into the model (auto: decided from its border). */
  readonly polarity: Polarity;
  /** The committed undo steps. */
  readonly history: HistoryState<EditorDoc>;
  /** The document shown: the history's present, or ahead of it while a slider is dragged. */
  readonly live: EditorDoc;
  readonly embedding: Progress | null;
  readonly generating: boolean;
  readonly embedMs: number | null;
  /** Bumped on a pack switch: an embed or generate started before it answers with an old seed. */
  readonly packGeneration: number;
}

export type EditorAction =
  | { readonly type: 'pack-loaded'; readonly pack: PackInfo }
  | { readonly type: 'pack-failed'; readonly error: ErrorInfo }
  /** A custom slider was added or deleted: same pack, another list of directions. */
  | { readonly type: 'directions-changed'; readonly pack: PackInfo }
  | { readonly type: 'pack-switched'; readonly pack: PackInfo }
  | { readonly type: 'photo-opened'; readonly photo: ImageOpened }
  | { readonly type: 'crop'; readonly crop: CropBox }
  | { readonly type: 'method'; readonly method: EmbedMethodName }
  | { readonly type: 'polarity'; readonly polarity: Polarity }
  /** A slider dragged: the live document only; released, it is committed. */
  | { readonly type: 'slide'; readonly id: string; readonly value: number }
  | { readonly type: 'commit-sliders' }
  | { readonly type: 'reset-slider'; readonly id: string }
  | { readonly type: 'reset-all' }
  | { readonly type: 'undo' }
  | { readonly type: 'redo' }
  | { readonly type: 'stroke'; readonly stroke: Stroke }
  | { readonly type: 'erase'; readonly path: readonly (readonly [number, number])[]; readonly radius: number }
  | { readonly type: 'clear-sketch' }
  /** Faithful edits: a lock switched (one undo step), a mask stroke drawn, the mask cleared. */
  | { readonly type: 'toggle-lock'; readonly id: string }
  | { readonly type: 'mask-stroke'; readonly stroke: Stroke }
  | { readonly type: 'clear-mask' }
  | { readonly type: 'embed-started'; readonly requestId: string }
  | { readonly type: 'embed-progress'; readonly requestId: string; readonly done: number; readonly total: number }
  | { readonly type: 'embed-finished'; readonly requestId: string }
  /** `generation`: the pack generation the request started in; an older one is dropped. */
  | { readonly type: 'embedded'; readonly seed: SeedSource; readonly embedMs: number; readonly generation: number }
  | { readonly type: 'generate-started' }
  | { readonly type: 'generate-finished' }
  | { readonly type: 'generated'; readonly seed: SeedSource; readonly generation: number }
  /**
   * The last session brought back after a reload or restart (state/session.ts): photo, crop box,
   * method, document and undo history. `generation`: the pack generation the restore started in;
   * a switch since then drops it.
   */
  | { readonly type: 'session-restored'; readonly restored: Restored; readonly generation: number };

export function initialEditorState(): EditorState {
  const doc = emptyDoc();
  return {
    pack: null,
    packError: null,
    photo: null,
    crop: null,
    method: 'network',
    polarity: 'auto',
    history: createHistory(doc),
    live: doc,
    embedding: null,
    generating: false,
    embedMs: null,
    packGeneration: 0,
  };
}

/** Undo is possible for a committed step, and for a slider moved but not yet released. */
export function undoable(state: EditorState): boolean {
  return canUndo(state.history) || !sameDoc(state.history.present, state.live);
}

export function redoable(state: EditorState): boolean {
  return canRedo(state.history);
}

/** What switching to `pack` would do from this state (the hook needs it for the remake and notice). */
export function packSwitchPlan(state: EditorState, pack: PackInfo): PackSwitchPlan {
  return planPackSwitch({
    pack,
    previous: state.pack,
    photo: state.photo,
    crop: state.crop,
    doc: state.live,
    hadHistory: undoable(state) || redoable(state),
  });
}

/** `doc` becomes the live document and one undo step (equal documents add no step). */
function commit(state: EditorState, doc: EditorDoc): EditorState {
  if (doc === state.live && sameDoc(state.history.present, doc)) return state;
  return { ...state, live: doc, history: push(state.history, doc, sameDoc) };
}

/** The live document recorded first, so an unreleased slider move is a step of its own. */
function travel(state: EditorState, move: (h: HistoryState<EditorDoc>) => HistoryState<EditorDoc>): EditorState {
  const history = move(push(state.history, state.live, sameDoc));
  return { ...state, history, live: history.present };
}

export function reduce(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case 'pack-loaded': {
      const fresh = emptyDoc(action.pack.directions);
      return { ...state, pack: action.pack, packError: null, history: createHistory(fresh), live: fresh };
    }
    case 'pack-failed':
      return { ...state, packError: action.error };
    case 'directions-changed': {
      // A deleted slider leaves every snapshot; the seed and the other values stay.
      const ids = action.pack.directions.map((d) => d.id);
      return { ...state, pack: action.pack, live: withDirections(state.live, ids), history: mapHistory(state.history, (doc) => withDirections(doc, ids)) };
    }
    case 'pack-switched': {
      // Seeds do not cross packs: a fresh document and history (pack-switch.ts says why).
      const plan = packSwitchPlan(state, action.pack);
      return {
        ...state,
        pack: action.pack,
        packError: null,
        photo: plan.photo,
        crop: plan.crop,
        history: createHistory(plan.doc),
        live: plan.doc,
        embedMs: null,
        packGeneration: state.packGeneration + 1,
      };
    }
    case 'photo-opened':
      return { ...state, photo: action.photo, crop: action.photo.defaultCrop };
    case 'crop':
      return { ...state, crop: action.crop };
    case 'method':
      return { ...state, method: action.method };
    case 'polarity':
      return { ...state, polarity: action.polarity };
    case 'slide': {
      const direction = state.pack?.directions.find((d) => d.id === action.id);
      if (direction === undefined) return state;
      const live = withSlider(state.live, direction, action.value);
      return live === state.live ? state : { ...state, live };
    }
    case 'commit-sliders':
      return commit(state, state.live);
    case 'reset-slider':
      return commit(state, resetSlider(state.live, action.id));
    case 'reset-all':
      return commit(state, resetAll(state.live));
    case 'undo':
      return travel(state, undo);
    case 'redo':
      return travel(state, redo);
    case 'stroke':
      if (state.photo === null) return state;
      return commit(state, { ...state.live, sketch: addStroke(state.live.sketch, state.photo.imageId, action.stroke) });
    case 'erase': {
      if (state.photo === null) return state;
      const sketch = eraseAlong(state.live.sketch, state.photo.imageId, action.path, action.radius);
      return sketch === state.live.sketch ? state : commit(state, { ...state.live, sketch });
    }
    case 'clear-sketch':
      return commit(state, { ...state.live, sketch: clearSketch(state.live.sketch) });
    case 'toggle-lock': {
      const live = toggleLock(state.live, action.id);
      return live === state.live ? state : commit(state, live);
    }
    case 'mask-stroke':
      if (state.photo === null) return state;
      return commit(state, { ...state.live, mask: addStroke(state.live.mask, state.photo.imageId, action.stroke) });
    case 'clear-mask': {
      const mask = clearSketch(state.live.mask);
      return mask === state.live.mask ? state : commit(state, { ...state.live, mask });
    }
    case 'embed-started':
      return { ...state, embedding: { requestId: action.requestId, done: 0, total: 1 } };
    case 'embed-progress':
      if (state.embedding?.requestId !== action.requestId) return state;
      return { ...state, embedding: { ...state.embedding, done: action.done, total: action.total } };
    case 'embed-finished':
      return state.embedding?.requestId === action.requestId ? { ...state, embedding: null } : state;
    case 'embedded':
      if (action.generation !== state.packGeneration) return state;
      return { ...commit(state, withSeed(state.live, action.seed)), embedMs: action.embedMs };
    case 'generate-started':
      return { ...state, generating: true };
    case 'generate-finished':
      return { ...state, generating: false };
    case 'generated':
      if (action.generation !== state.packGeneration) return state;
      return commit(state, withSeed(state.live, action.seed));
    case 'session-restored': {
      if (action.generation !== state.packGeneration) return state;
      const { photo, crop, method, polarity, history, live } = action.restored;
      return { ...state, photo, crop, method, polarity, history, live };
    }
  }
}

/**
 * The editor's controller: the pack, the open photo and its crop box, the document with its
 * undo history, and every action the toolbar, panels and shortcuts trigger. Components only
 * render what this returns and call its actions. The state and its rules are one pure reducer
 * (state/editor-state.ts); this hook runs it and makes the engine requests around it. Notices,
 * opening pictures, pack switches, the session kept across reloads and the sliders' hover strips
 * are hooks of their own (use-notices.ts, use-photo-open.ts, use-pack-switch.ts, use-session.ts,
 * use-slider-previews.ts) that this one wires together.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { CropBox, EmbedMethodName, ImageOpened, Polarity, ReseedApi } from '../../../electron/contract/contract';
import type { Result } from '../../../electron/contract/result';
import { ErrorCode } from '../../../electron/contract/result';
import type { Stroke } from '../../../electron/contract/sketch-schema';
import { base64ToBytes, newRequestId, saveFile } from '../files';
import { renderMask } from '../mask-image';
import { cropInPhotoColours } from '../photo-colours';
import { activeSliders } from '../state/editor-doc';
import { DEFAULT_KEEP_DETAILS, faithfulFields, maskCrop, maskStrokesFor, type FaithfulFields, type KeepDetails } from '../state/faithful';
import { initialEditorState, redoable, reduce, undoable, type EditorAction, type EditorState } from '../state/editor-state';
import { strokesFor } from '../state/sketch';
import { useLiveImage } from './use-live-image';
import { useNotices } from './use-notices';
import { usePackSwitch } from './use-pack-switch';
import { usePhotoOpen } from './use-photo-open';
import { useSession, type PhotoOrigin } from './use-session';
import { useSliderPreviews } from './use-slider-previews';

export type { Notice } from './use-notices';
export type { Progress } from '../state/editor-state';

/** Upscaled export: this many times the model's size (28 px → 224 px for the default pack). */
export const EXPORT_SCALE = 8;

export interface EditorOptions {
  /** A session was restored with this photo and crop box (the user's: face packs keep it). */
  readonly onRestored?: (photo: ImageOpened, crop: CropBox) => void;
  /** Keep details as set (Settings remember it; default on, full strength). */
  readonly keepDetails?: KeepDetails;
}

/**
 * The reducer, plus a ref that always holds the newest state. Async work (an answer arriving, a
 * pack switch followed at once by its re-embed) must see the state as it is now, not as it was
 * when its closure rendered, so every action is applied to the ref at dispatch too. The reducer
 * is pure and React applies the same actions in the same order, so both hold the same state.
 */
function useEditorState() {
  const [state, dispatchToReact] = useReducer(reduce, undefined, initialEditorState);
  const stateRef = useRef<EditorState>(state);
  const dispatch = useCallback((action: EditorAction) => {
    stateRef.current = reduce(stateRef.current, action);
    dispatchToReact(action);
  }, []);
  return { state, stateRef, dispatch };
}

/**
 * `steps` is the Settings value (null: the pack's default). Embedding and generation take it, and
 * the seed keeps it, so slider decodes and exports of that seed use the same count.
 */
export function useEditor(api: ReseedApi, hasNativeDialog: boolean, steps: number | null = null, options: EditorOptions = {}) {
  const { state, stateRef, dispatch } = useEditorState();
  const stepsPart = steps === null ? {} : { steps };

  const { notice, report, dismiss, inform, packSwitched } = useNotices();

  // ---- faithful edits: keep details (a setting), locks and the mask (the document) --------
  const keepOn = options.keepDetails?.on ?? DEFAULT_KEEP_DETAILS.on;
  const keepStrength = options.keepDetails?.strength ?? DEFAULT_KEEP_DETAILS.strength;
  const { seed: liveSeed, locks: liveLocks, mask: liveMask } = state.live;
  const maskUrl = useMemo(() => {
    const crop = maskCrop(liveSeed);
    return crop === null ? null : renderMask(crop, maskStrokesFor({ seed: liveSeed, mask: liveMask }));
  }, [liveSeed, liveMask]);
  const faithful = useMemo<FaithfulFields>(
    () => faithfulFields({ seed: liveSeed, locks: liveLocks }, { on: keepOn, strength: keepStrength }, maskUrl),
    [liveSeed, liveLocks, keepOn, keepStrength, maskUrl],
  );
  const faithfulRef = useRef(faithful);
  faithfulRef.current = faithful;

  // Compare shows the crop in the colours the result is in: the photo's for a faithful edit.
  const [photoBefore, setPhotoBefore] = useState<{ seedId: string; image: string } | null>(null);
  const embedded = liveSeed?.kind === 'embed' ? liveSeed.embed : undefined;
  const liveSeedId = liveSeed?.seedId ?? null;
  useEffect(() => {
    if (embedded === undefined || liveSeedId === null) return;
    let live = true;
    void cropInPhotoColours(embedded).then((before) => live && setPhotoBefore({ seedId: liveSeedId, image: before }));
    return () => {
      live = false;
    };
  }, [embedded, liveSeedId]);
  // The hover strips yield the engine's decode lane to the live image (set once previews exist).
  const yieldPreviews = useRef<() => void>(() => {});
  const image = useLiveImage(api, state.live, faithful, report, { beforeDecode: () => yieldPreviews.current(), photoPlaceholder: photoBefore });
  // The hover strips show the slider as moving it would: with keep details, the mask and the
  // locks, decoded by the pack's one-pass preview decoder (use-slider-previews.ts), so a lock's
  // extra decodes cost a few milliseconds.
  const previews = useSliderPreviews(api, state.live.seed, state.pack?.directions ?? [], image.decoding, faithful);

  const beforeImage =
    liveSeed === null ? null : image.facts?.colours === 'photo' ? (photoBefore?.seedId === liveSeed.seedId ? photoBefore.image : null) : liveSeed.beforeImage;
  yieldPreviews.current = previews.yieldToLive;
  const { markSliderInput, forgetEdits: forgetLive, noteDecodeMs, stopDecoding, sliderRest } = image;
  const forgetPreviews = previews.forget;
  const forgetEdits = useCallback(() => {
    forgetLive();
    forgetPreviews();
  }, [forgetLive, forgetPreviews]);

  /** Unwraps an envelope, reporting a failure; undefined then. */
  const value = useCallback(<T,>(result: Result<T>): T | undefined => {
    if (result.ok) return result.value;
    report(result.error);
    return undefined;
  }, [report]);

  const sessionPhoto = useRef<(photo: ImageOpened, origin: PhotoOrigin) => void>(() => {});
  const photoOpened = useCallback((photo: ImageOpened, origin: PhotoOrigin) => {
    sessionPhoto.current(photo, origin);
    dispatch({ type: 'photo-opened', photo });
  }, [dispatch]);
  const { opening, recent, refreshRecent, openFile, openRecent, chooseNative } = usePhotoOpen(api, { hasNativeDialog, value, report, onOpened: photoOpened });
  const onRestored = useRef(options.onRestored);
  onRestored.current = options.onRestored;
  const session = useSession(api, { state, stateRef, dispatch, recent, inform, report, refreshRecent, onRestored: (photo, crop) => onRestored.current?.(photo, crop) });
  sessionPhoto.current = session.photoOpened;
  const setCrop = useCallback((crop: CropBox) => dispatch({ type: 'crop', crop }), [dispatch]);
  const setMethod = useCallback((method: EmbedMethodName) => dispatch({ type: 'method', method }), [dispatch]);
  const setPolarity = useCallback((polarity: Polarity) => dispatch({ type: 'polarity', polarity }), [dispatch]);

  const loadPack = useCallback(async () => {
    const result = await api.packInfo();
    dispatch(result.ok ? { type: 'pack-loaded', pack: result.value } : { type: 'pack-failed', error: result.error });
  }, [api, dispatch]);

  useEffect(() => {
    void loadPack();
    void refreshRecent();
  }, [loadPack, refreshRecent]);

  /**
   * Re-reads the pack's directions after a custom slider was added or deleted, keeping the seed,
   * the other sliders' values and the undo history (a deleted slider leaves every snapshot).
   */
  const refreshDirections = useCallback(async () => {
    const info = value(await api.packInfo());
    if (info === undefined) return;
    forgetEdits();
    dispatch({ type: 'directions-changed', pack: info });
  }, [api, value, forgetEdits, dispatch]);

  const deleteDirection = useCallback(async (id: string) => {
    if (value(await api.directionDelete({ id })) !== undefined) await refreshDirections();
  }, [api, value, refreshDirections]);

  useEffect(
    () =>
      api.on('progress', (p) => {
        if (p.operation === 'embed') dispatch({ type: 'embed-progress', requestId: p.requestId, done: p.done, total: p.total });
      }),
    [api, dispatch],
  );

  // ---- document and history: each a reducer action (one undo step where it commits) -------
  const undo = useCallback(() => dispatch({ type: 'undo' }), [dispatch]);
  const redo = useCallback(() => dispatch({ type: 'redo' }), [dispatch]);
  const slide = useCallback((id: string, value: number) => {
    // The latency clock starts only for a slider the pack has (the reducer ignores any other).
    if (!stateRef.current.pack?.directions.some((d) => d.id === id)) return;
    markSliderInput();
    dispatch({ type: 'slide', id, value });
  }, [stateRef, markSliderInput, dispatch]);
  // The slider was released: the full decode of its value starts now (the preview showed the drag).
  const commitSliders = useCallback(() => {
    sliderRest();
    dispatch({ type: 'commit-sliders' });
  }, [sliderRest, dispatch]);
  const resetOne = useCallback((id: string) => dispatch({ type: 'reset-slider', id }), [dispatch]);
  const resetEvery = useCallback(() => dispatch({ type: 'reset-all' }), [dispatch]);

  const sketch = strokesFor(state.live.sketch, state.photo?.imageId ?? null);
  const drawStroke = useCallback((stroke: Stroke) => dispatch({ type: 'stroke', stroke }), [dispatch]);
  const erase = useCallback((path: readonly (readonly [number, number])[], radius: number) => dispatch({ type: 'erase', path, radius }), [dispatch]);
  const clearStrokes = useCallback(() => dispatch({ type: 'clear-sketch' }), [dispatch]);

  // Locks and the mask: undo steps like the sliders and the sketch.
  const toggleLock = useCallback((id: string) => dispatch({ type: 'toggle-lock', id }), [dispatch]);
  const maskStrokes = strokesFor(state.live.mask, state.photo?.imageId ?? null);
  const drawMask = useCallback((stroke: Stroke) => dispatch({ type: 'mask-stroke', stroke }), [dispatch]);
  const clearMask = useCallback(() => dispatch({ type: 'clear-mask' }), [dispatch]);

  // ---- seeds: embed, generate. The answer carries the pack generation it started in, so the
  // reducer drops one that comes back after a pack switch. ------------------------------------
  const embedCrop = useCallback(async (photo: ImageOpened, crop: CropBox) => {
    const { packGeneration: generation, live, method, polarity } = stateRef.current;
    const requestId = newRequestId();
    dispatch({ type: 'embed-started', requestId });
    try {
      // The sketch of this photo, if any, is drawn on it first (sketch and re-embed).
      const strokes = strokesFor(live.sketch, photo.imageId);
      const sketchPart = strokes.length > 0 ? { sketch: [...strokes] } : {};
      const recipe = { crop, method, strokes: [...strokes], polarity };
      const result = value(await api.embed({ requestId, imageId: photo.imageId, crop, method, polarity, ...sketchPart, ...stepsPart }));
      if (result === undefined) return;
      dispatch({
        type: 'embedded',
        generation,
        embedMs: result.timings.totalMs,
        seed: {
          kind: 'embed',
          seedId: result.seedId,
          imageId: photo.imageId,
          label: photo.name,
          baseImage: result.reconstruction,
          beforeImage: result.input,
          seedImage: result.seedImage,
          steps: result.steps,
          embed: result,
          recipe,
        },
      });
    } finally {
      dispatch({ type: 'embed-finished', requestId });
    }
  }, [api, stateRef, dispatch, value, steps]);

  const embed = useCallback(async () => {
    const { photo, crop } = stateRef.current;
    if (photo !== null && crop !== null) await embedCrop(photo, crop);
  }, [stateRef, embedCrop]);

  const cancelEmbed = useCallback(() => {
    const { embedding } = stateRef.current;
    if (embedding !== null) void api.cancel({ requestId: embedding.requestId });
  }, [api, stateRef]);

  const generate = useCallback(async (seedNumber: number) => {
    const generation = stateRef.current.packGeneration;
    dispatch({ type: 'generate-started' });
    // Generate shares the engine's decode lane with the live image and the hover strips: they
    // step aside here (their requests closed) rather than be cancelled by the engine (HTTP 409).
    stopDecoding();
    yieldPreviews.current();
    try {
      const result = value(await api.generate({ requestId: newRequestId(), seed: seedNumber, ...stepsPart }));
      if (result === undefined) return;
      noteDecodeMs(result.decodeMs);
      dispatch({
        type: 'generated',
        generation,
        seed: {
          kind: 'generate',
          seedId: result.seedId,
          label: `seed ${seedNumber}`,
          baseImage: result.image,
          beforeImage: result.image,
          seedImage: result.seedImage,
          steps: result.steps,
          generated: result,
        },
      });
    } finally {
      dispatch({ type: 'generate-finished' });
    }
  }, [api, stateRef, dispatch, value, steps, noteDecodeMs, stopDecoding]);

  // ---- switching the pack: see use-pack-switch.ts ------------------------------------------
  const switchedPack = usePackSwitch(api, { state: stateRef, dispatch, forgetEdits, embedCrop, generate, announce: packSwitched });

  // ---- export ----------------------------------------------------------------------------
  const exportPng = useCallback(async (scale: number) => {
    const doc = stateRef.current.live;
    if (doc.seed === null) return report({ code: ErrorCode.nothingToExport, message: 'Embed a picture or generate a seed first.' });
    // The faithful fields of the shown image: the export is the picture shown, in its colours.
    const result = value(await api.exportImage({ seedId: doc.seed.seedId, sliders: activeSliders(doc.sliders), scale, ...faithfulRef.current }));
    if (result !== undefined) saveFile(base64ToBytes(result.png), result.fileName);
  }, [api, stateRef, report, value]);

  /** Paste back: the edited crop in the full photo, at the photo's own size. */
  const exportPhoto = useCallback(async (format: 'png' | 'jpeg') => {
    const doc = stateRef.current.live;
    if (doc.seed?.kind !== 'embed') return report({ code: ErrorCode.nothingToExport, message: 'Embed a photo first: only an embedded crop can go back into its photo.' });
    const result = value(await api.exportPhoto({ seedId: doc.seed.seedId, sliders: activeSliders(doc.sliders), format, ...faithfulRef.current }));
    if (result !== undefined) saveFile(base64ToBytes(result.data), result.fileName, result.mime);
  }, [api, stateRef, report, value]);

  return {
    pack: state.pack,
    packError: state.packError,
    retryPack: loadPack,
    switchedPack,
    refreshDirections,
    deleteDirection,
    photo: state.photo,
    crop: state.crop,
    setCrop,
    method: state.method,
    setMethod,
    polarity: state.polarity,
    setPolarity,
    doc: state.live,
    faithful,
    beforeImage,
    toggleLock,
    maskStrokes,
    drawMask,
    clearMask,
    canUndo: undoable(state),
    canRedo: redoable(state),
    undo,
    redo,
    slide,
    commitSliders,
    resetOne,
    resetEvery,
    sketch,
    drawStroke,
    erase,
    clearStrokes,
    openFile,
    openRecent,
    chooseNative,
    opening,
    recent,
    embed,
    embedding: state.embedding,
    cancelEmbed,
    embedMs: state.embedMs,
    generate,
    generating: state.generating,
    exportPng,
    exportPhoto,
    image,
    previews,
    restoring: session.restoring,
    notice,
    report,
    inform,
    dismiss,
  };
}

export type Editor = ReturnType<typeof useEditor>;

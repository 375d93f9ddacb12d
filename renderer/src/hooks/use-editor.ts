/**
 * The editor's controller: the pack, the open photo and its crop box, the document with its
 * undo history, and every action the toolbar, panels and shortcuts trigger. Components only
 * render what this returns and call its actions; the state rules themselves live in ../state.
 * Notices, opening pictures and pack switches are hooks of their own (use-notices.ts,
 * use-photo-open.ts, use-pack-switch.ts) that this one wires together.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CropBox, EmbedMethodName, ImageOpened, PackInfo, ReseedApi } from '../../../electron/contract/contract';
import type { ErrorInfo, Result } from '../../../electron/contract/result';
import { ErrorCode } from '../../../electron/contract/result';
import { base64ToBytes, newRequestId, saveFile } from '../files';
import { activeSliders, emptyDoc, resetAll, resetSlider, sameDoc, withDirections, withSeed, withSlider, type EditorDoc, type SeedSource } from '../state/editor-doc';
import { canRedo, canUndo, createHistory, mapHistory, push, redo as redoHistory, undo as undoHistory, type HistoryState } from '../state/history';
import { addStroke, clearSketch, eraseAlong, strokesFor } from '../state/sketch';
import type { Stroke } from '../../../electron/contract/sketch-schema';
import { useLiveImage } from './use-live-image';
import { useNotices } from './use-notices';
import { usePackSwitch } from './use-pack-switch';
import { usePhotoOpen } from './use-photo-open';

export type { Notice } from './use-notices';

export interface Progress {
  readonly requestId: string;
  readonly done: number;
  readonly total: number;
}

/** Upscaled export: this many times the model's size (28 px → 224 px for the default pack). */
export const EXPORT_SCALE = 8;

/**
 * `steps` is the Settings value (null: the pack's default). Embedding and generation take it, and
 * the seed keeps it, so slider decodes and exports of that seed use the same count.
 */
export function useEditor(api: ReseedApi, hasNativeDialog: boolean, steps: number | null = null) {
  const [pack, setPack] = useState<PackInfo | null>(null);
  const [packError, setPackError] = useState<ErrorInfo | null>(null);
  const [photo, setPhoto] = useState<ImageOpened | null>(null);
  const [crop, setCrop] = useState<CropBox | null>(null);
  const [method, setMethod] = useState<EmbedMethodName>('network');
  const [history, setHistory] = useState<HistoryState<EditorDoc>>(() => createHistory(emptyDoc()));
  const [live, setLive] = useState<EditorDoc>(history.present);
  const [embedding, setEmbedding] = useState<Progress | null>(null);
  const [generating, setGenerating] = useState(false);
  const [embedMs, setEmbedMs] = useState<number | null>(null);
  /** Bumped on a pack switch: an embed or generate answered for the old pack is dropped. */
  const packGeneration = useRef(0);
  const liveRef = useRef(live);
  liveRef.current = live;
  const historyRef = useRef(history);
  historyRef.current = history;
  const stepsPart = steps === null ? {} : { steps };

  const { notice, report, dismiss, inform, packSwitched } = useNotices();
  const image = useLiveImage(api, live, report);
  const { markSliderInput, forgetEdits } = image;
  const photoRef = useRef(photo);
  photoRef.current = photo;
  const cropRef = useRef(crop);
  cropRef.current = crop;
  const packRef = useRef(pack);
  packRef.current = pack;

  /** Unwraps an envelope, reporting a failure; undefined then. */
  const value = useCallback(<T,>(result: Result<T>): T | undefined => {
    if (result.ok) return result.value;
    report(result.error);
    return undefined;
  }, [report]);

  const { opening, recent, refreshRecent, openFile, openRecent, chooseNative } = usePhotoOpen(api, { hasNativeDialog, value, report, setPhoto, setCrop });

  const loadPack = useCallback(async () => {
    const result = await api.packInfo();
    if (!result.ok) {
      setPackError(result.error);
      return;
    }
    setPackError(null);
    setPack(result.value);
    const fresh = emptyDoc(result.value.directions);
    setHistory(createHistory(fresh));
    setLive(fresh);
  }, [api]);

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
    const ids = info.directions.map((d) => d.id);
    forgetEdits();
    setPack(info);
    setLive((doc) => withDirections(doc, ids));
    setHistory((h) => mapHistory(h, (doc) => withDirections(doc, ids)));
  }, [api, value, forgetEdits]);

  const deleteDirection = useCallback(async (id: string) => {
    if (value(await api.directionDelete({ id })) !== undefined) await refreshDirections();
  }, [api, value, refreshDirections]);

  useEffect(
    () =>
      api.on('progress', (p) => {
        if (p.operation !== 'embed') return;
        setEmbedding((current) => (current !== null && current.requestId === p.requestId ? { ...current, done: p.done, total: p.total } : current));
      }),
    [api],
  );

  // ---- document and history -------------------------------------------------------------
  /** Records the live document as one undo step (slider released, reset, new seed). */
  const commit = useCallback((doc: EditorDoc) => {
    setLive(doc);
    setHistory((h) => push(h, doc, sameDoc));
  }, []);

  const undo = useCallback(() => {
    const h = undoHistory(push(historyRef.current, liveRef.current, sameDoc));
    setHistory(h);
    setLive(h.present);
  }, []);

  const redo = useCallback(() => {
    const h = redoHistory(push(historyRef.current, liveRef.current, sameDoc));
    setHistory(h);
    setLive(h.present);
  }, []);

  const slide = useCallback((id: string, value: number) => {
    const direction = pack?.directions.find((d) => d.id === id);
    if (!direction) return;
    markSliderInput();
    setLive((doc) => withSlider(doc, direction, value));
  }, [pack, markSliderInput]);

  const commitSliders = useCallback(() => commit(liveRef.current), [commit]);
  const resetOne = useCallback((id: string) => commit(resetSlider(liveRef.current, id)), [commit]);
  const resetEvery = useCallback(() => commit(resetAll(liveRef.current)), [commit]);

  // ---- sketch: each stroke, eraser drag and Clear is one undo step ----------------------
  const sketch = strokesFor(live.sketch, photo?.imageId ?? null);
  const drawStroke = useCallback((stroke: Stroke) => {
    if (photo !== null) commit({ ...liveRef.current, sketch: addStroke(liveRef.current.sketch, photo.imageId, stroke) });
  }, [commit, photo]);
  const erase = useCallback((path: readonly (readonly [number, number])[], radius: number) => {
    if (photo === null) return;
    const next = eraseAlong(liveRef.current.sketch, photo.imageId, path, radius);
    if (next !== liveRef.current.sketch) commit({ ...liveRef.current, sketch: next });
  }, [commit, photo]);
  const clearStrokes = useCallback(() => commit({ ...liveRef.current, sketch: clearSketch(liveRef.current.sketch) }), [commit]);

  // ---- seeds: embed, generate ------------------------------------------------------------
  const adoptSeed = useCallback((seed: SeedSource) => commit(withSeed(liveRef.current, seed)), [commit]);

  const embedCrop = useCallback(async (photo: ImageOpened, crop: CropBox) => {
    const generation = packGeneration.current;
    const requestId = newRequestId();
    setEmbedding({ requestId, done: 0, total: 1 });
    try {
      // The sketch of this photo, if any, is drawn on it first (sketch and re-embed).
      const strokes = strokesFor(liveRef.current.sketch, photo.imageId);
      const sketchPart = strokes.length > 0 ? { sketch: [...strokes] } : {};
      const result = value(await api.embed({ requestId, imageId: photo.imageId, crop, method, ...sketchPart, ...stepsPart }));
      if (result === undefined || generation !== packGeneration.current) return;
      setEmbedMs(result.timings.totalMs);
      adoptSeed({
        kind: 'embed',
        seedId: result.seedId,
        imageId: photo.imageId,
        label: photo.name,
        baseImage: result.reconstruction,
        beforeImage: result.input,
        seedImage: result.seedImage,
        steps: result.steps,
        embed: result,
      });
    } finally {
      setEmbedding((current) => (current?.requestId === requestId ? null : current));
    }
  }, [api, method, value, adoptSeed, steps]);

  const embed = useCallback(async () => {
    if (photo !== null && crop !== null) await embedCrop(photo, crop);
  }, [photo, crop, embedCrop]);

  const cancelEmbed = useCallback(() => {
    if (embedding !== null) void api.cancel({ requestId: embedding.requestId });
  }, [api, embedding]);

  const generate = useCallback(async (seedNumber: number) => {
    const generation = packGeneration.current;
    setGenerating(true);
    try {
      const result = value(await api.generate({ requestId: newRequestId(), seed: seedNumber, ...stepsPart }));
      if (result === undefined || generation !== packGeneration.current) return;
      adoptSeed({
        kind: 'generate',
        seedId: result.seedId,
        label: `seed ${seedNumber}`,
        baseImage: result.image,
        beforeImage: result.image,
        seedImage: result.seedImage,
        steps: result.steps,
        generated: result,
      });
    } finally {
      setGenerating(false);
    }
  }, [api, value, adoptSeed, steps]);

  // ---- switching the pack: see use-pack-switch.ts ------------------------------------------
  const switchedPack = usePackSwitch(api, {
    embedding,
    generation: packGeneration,
    current: { pack: packRef, photo: photoRef, crop: cropRef, doc: liveRef, history: historyRef },
    set: { pack: setPack, packError: setPackError, photo: setPhoto, crop: setCrop, history: setHistory, live: setLive, embedMs: setEmbedMs },
    forgetEdits,
    embedCrop,
    generate,
    announce: packSwitched,
  });

  // ---- export ----------------------------------------------------------------------------
  const exportPng = useCallback(async (scale: number) => {
    const doc = liveRef.current;
    if (doc.seed === null) return report({ code: ErrorCode.nothingToExport, message: 'Embed a picture or generate a seed first.' });
    const result = value(await api.exportImage({ seedId: doc.seed.seedId, sliders: activeSliders(doc.sliders), scale }));
    if (result !== undefined) saveFile(base64ToBytes(result.png), result.fileName);
  }, [api, report, value]);

  /** Paste back: the edited crop in the full photo, at the photo's own size. */
  const exportPhoto = useCallback(async (format: 'png' | 'jpeg') => {
    const doc = liveRef.current;
    if (doc.seed?.kind !== 'embed') return report({ code: ErrorCode.nothingToExport, message: 'Embed a photo first: only an embedded crop can go back into its photo.' });
    const result = value(await api.exportPhoto({ seedId: doc.seed.seedId, sliders: activeSliders(doc.sliders), format }));
    if (result !== undefined) saveFile(base64ToBytes(result.data), result.fileName, result.mime);
  }, [api, report, value]);

  return {
    pack,
    packError,
    retryPack: loadPack,
    switchedPack,
    refreshDirections,
    deleteDirection,
    photo,
    crop,
    setCrop,
    method,
    setMethod,
    doc: live,
    canUndo: canUndo(history) || !sameDoc(history.present, live),
    canRedo: canRedo(history),
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
    embedding,
    cancelEmbed,
    embedMs,
    generate,
    generating,
    exportPng,
    exportPhoto,
    image,
    notice,
    report,
    inform,
    dismiss,
  };
}

export type Editor = ReturnType<typeof useEditor>;

/**
 * Switching the active pack from the packs panel. The photo stays with its crop box adapted to
 * the new aspect; the document and undo history start over (seeds do not cross packs); an
 * embedded crop or generated seed is made again with the new pack, and a notice says what was
 * cleared. The rules themselves are in state/pack-switch.ts; this applies them to the editor.
 */
import { useCallback } from 'react';
import type { CropBox, ImageOpened, PackInfo, ReseedApi } from '../../../electron/contract/contract';
import type { ErrorInfo } from '../../../electron/contract/result';
import type { EditorDoc } from '../state/editor-doc';
import { canRedo, canUndo, createHistory, type HistoryState } from '../state/history';
import { planPackSwitch } from '../state/pack-switch';
import { sameDoc } from '../state/editor-doc';

/** The editor's state as it is when the switch happens (refs: read at that moment, not at render). */
export interface PackSwitchCurrent {
  readonly pack: { readonly current: PackInfo | null };
  readonly photo: { readonly current: ImageOpened | null };
  readonly crop: { readonly current: CropBox | null };
  readonly doc: { readonly current: EditorDoc };
  readonly history: { readonly current: HistoryState<EditorDoc> };
}

/** Where the switch writes the editor's new state. */
export interface PackSwitchSetters {
  readonly pack: (pack: PackInfo) => void;
  readonly packError: (error: ErrorInfo | null) => void;
  readonly photo: (photo: ImageOpened | null) => void;
  readonly crop: (crop: CropBox | null) => void;
  readonly history: (history: HistoryState<EditorDoc>) => void;
  readonly live: (doc: EditorDoc) => void;
  readonly embedMs: (ms: number | null) => void;
}

export interface PackSwitchDeps {
  /** The embed running now, if any: it is cancelled, since it would come back with the old pack's seed. */
  readonly embedding: { readonly requestId: string } | null;
  /** Bumped on a switch: an embed or generate answered for the old pack is dropped. */
  readonly generation: { current: number };
  readonly current: PackSwitchCurrent;
  readonly set: PackSwitchSetters;
  /** Live-image edits in flight belong to the old seed. */
  readonly forgetEdits: () => void;
  readonly embedCrop: (photo: ImageOpened, crop: CropBox) => Promise<void>;
  readonly generate: (seedNumber: number) => Promise<void>;
  /** Shows the switch's notice (info tone); null: nothing to say, the banner clears. */
  readonly announce: (message: string | null) => void;
}

/** Returns the handler for another pack becoming active (`info`: packUse's answer). */
export function usePackSwitch(api: ReseedApi, deps: PackSwitchDeps) {
  const { embedding, generation, current, set, forgetEdits, embedCrop, generate, announce } = deps;
  const { pack: packRef, photo: photoRef, crop: cropRef, doc: liveRef, history: historyRef } = current;
  const { pack: setPack, packError: setPackError, photo: setPhoto, crop: setCrop, history: setHistory, live: setLive, embedMs: setEmbedMs } = set;

  /**
   * The crop embedded again for the new pack. A face pack's crop is centred on the face (its
   * preprocessing), so the face is looked for first and the embed uses the box around it: embedding
   * the old box and moving it afterwards would show a seed of the wrong part of the photo.
   */
  const remakeEmbed = useCallback(async (info: PackInfo, photo: ImageOpened, crop: CropBox) => {
    let box = crop;
    if (info.crop === 'face') {
      const switchedAt = generation.current;
      const found = await api.detectFace({ imageId: photo.imageId });
      if (generation.current !== switchedAt) return;
      if (found.ok && found.value.crop !== null) {
        box = found.value.crop;
        setCrop(box);
      }
    }
    await embedCrop(photo, box);
  }, [api, generation, setCrop, embedCrop]);

  return useCallback((info: PackInfo) => {
    generation.current += 1;
    // Work still running for the old pack would come back with the old pack's seed.
    if (embedding !== null) void api.cancel({ requestId: embedding.requestId });
    const h = historyRef.current;
    const plan = planPackSwitch({
      pack: info,
      previous: packRef.current,
      photo: photoRef.current,
      crop: cropRef.current,
      doc: liveRef.current,
      hadHistory: canUndo(h) || canRedo(h) || !sameDoc(h.present, liveRef.current),
    });
    forgetEdits();
    setPackError(null);
    setPack(info);
    setPhoto(plan.photo);
    setCrop(plan.crop);
    setHistory(createHistory(plan.doc));
    setLive(plan.doc);
    setEmbedMs(null);
    announce(plan.message);
    if (plan.remake?.kind === 'embed') void remakeEmbed(info, plan.remake.photo, plan.remake.crop);
    else if (plan.remake?.kind === 'generate') void generate(plan.remake.seedNumber);
  }, [api, embedding, generation, packRef, photoRef, cropRef, liveRef, historyRef, forgetEdits, setPackError, setPack, setPhoto, setCrop, setHistory, setLive, setEmbedMs, announce, generate, remakeEmbed]);
}

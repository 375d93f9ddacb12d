/**
 * Switching the active pack from the packs panel. The photo stays with its crop box adapted to
 * the new aspect; the document and undo history start over (seeds do not cross packs); an
 * embedded crop or generated seed is made again with the new pack, and a notice says what was
 * cleared. The rules themselves are in state/pack-switch.ts and the reducer's `pack-switched`
 * (state/editor-state.ts); this adds what is not state: cancelling, the notice, the remake.
 */
import { useCallback } from 'react';
import type { CropBox, ImageOpened, PackInfo, ReseedApi } from '../../../electron/contract/contract';
import { packSwitchPlan, type EditorAction, type EditorState } from '../state/editor-state';

export interface PackSwitchDeps {
  /** The editor's state as it is when the switch happens (a ref: read then, not at render). */
  readonly state: { readonly current: EditorState };
  readonly dispatch: (action: EditorAction) => void;
  /** Live-image edits in flight belong to the old seed. */
  readonly forgetEdits: () => void;
  readonly embedCrop: (photo: ImageOpened, crop: CropBox) => Promise<void>;
  readonly generate: (seedNumber: number) => Promise<void>;
  /** Shows the switch's notice (info tone); null: nothing to say, the banner clears. */
  readonly announce: (message: string | null) => void;
}

/** Returns the handler for another pack becoming active (`info`: packUse's answer). */
export function usePackSwitch(api: ReseedApi, { state, dispatch, forgetEdits, embedCrop, generate, announce }: PackSwitchDeps) {
  /**
   * The crop embedded again for the new pack. A face pack's crop is centred on the face (its
   * preprocessing), so the face is looked for first and the embed uses the box around it: embedding
   * the old box and moving it afterwards would show a seed of the wrong part of the photo.
   */
  const remakeEmbed = useCallback(async (info: PackInfo, photo: ImageOpened, crop: CropBox) => {
    let box = crop;
    if (info.crop === 'face') {
      const switchedAt = state.current.packGeneration;
      const found = await api.detectFace({ imageId: photo.imageId });
      // Another switch meanwhile: that one remakes the image.
      if (state.current.packGeneration !== switchedAt) return;
      if (found.ok && found.value.crop !== null) {
        box = found.value.crop;
        dispatch({ type: 'crop', crop: box });
      }
    }
    await embedCrop(photo, box);
  }, [api, state, dispatch, embedCrop]);

  return useCallback((info: PackInfo) => {
    const before = state.current;
    // Work still running for the old pack would come back with the old pack's seed.
    if (before.embedding !== null) void api.cancel({ requestId: before.embedding.requestId });
    const plan = packSwitchPlan(before, info);
    forgetEdits();
    dispatch({ type: 'pack-switched', pack: info });
    announce(plan.message);
    if (plan.remake?.kind === 'embed') void remakeEmbed(info, plan.remake.photo, plan.remake.crop);
    else if (plan.remake?.kind === 'generate') void generate(plan.remake.seedNumber);
  }, [api, state, dispatch, forgetEdits, announce, generate, remakeEmbed]);
}

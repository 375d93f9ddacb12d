/**
 * Face packs (pack.json `preprocess.crop: face`): when a photo is opened with such a pack active,
 * or such a pack becomes active with a photo open, the engine looks for a face and the crop box
 * is placed around it, with a short notice either way. The user can still move the box; once
 * they have moved it on a photo, a later detection for that photo leaves it alone. "Find face"
 * runs the detection again on request and always places the box.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CropBox, ImageOpened, PackInfo, ReseedApi } from '../../../electron/contract/contract';
import { ErrorCode, type ErrorInfo } from '../../../electron/contract/result';

export const FACE_FOUND = 'Face found: crop box placed on it';
export const NO_FACE = 'No face found: drag the crop box onto the face';

export interface FaceCropDeps {
  readonly pack: PackInfo | null;
  readonly photo: ImageOpened | null;
  readonly setCrop: (box: CropBox) => void;
  /** Shows news (info tone) in the editor's notice banner. */
  readonly inform: (code: ErrorCode, message: string) => void;
  readonly report: (error: ErrorInfo) => void;
}

export function useFaceCrop(api: ReseedApi, { pack, photo, setCrop, inform, report }: FaceCropDeps) {
  const [finding, setFinding] = useState(false);
  /** Photos (by image id) whose crop box the user moved or resized. */
  const moved = useRef(new Set<string>());
  /** The photo and pack last detected automatically, so each pair is looked at once. */
  const lastAuto = useRef<string | null>(null);
  const photoRef = useRef(photo);
  photoRef.current = photo;
  const packRef = useRef(pack);
  packRef.current = pack;

  /** `requested`: the user pressed Find face, so the box moves even if they had moved it. */
  const detect = useCallback(async (imageId: string, requested: boolean) => {
    setFinding(true);
    try {
      const result = await api.detectFace({ imageId });
      if (!result.ok) return report(result.error);
      const found = result.value;
      // The photo was closed or another pack became active meanwhile: the proposal is stale.
      if (photoRef.current?.imageId !== imageId || packRef.current?.id !== found.packId) return;
      if (!requested && moved.current.has(imageId)) return;
      // The engine's own words (what it misses, what to do), else ours.
      if (found.crop === null) return inform(ErrorCode.faceNotFound, found.message ? found.message.charAt(0).toUpperCase() + found.message.slice(1) : NO_FACE);
      moved.current.delete(imageId);
      setCrop(found.crop);
      inform(ErrorCode.faceFound, FACE_FOUND);
    } finally {
      setFinding(false);
    }
  }, [api, inform, report, setCrop]);

  const faceMode = pack?.crop === 'face';
  const imageId = photo?.imageId ?? null;
  useEffect(() => {
    if (!faceMode || imageId === null || pack === null) return;
    const key = `${imageId}|${pack.id}`;
    if (lastAuto.current === key) return;
    lastAuto.current = key;
    void detect(imageId, false);
  }, [faceMode, imageId, pack, detect]);

  /** A crop box the user chose (drag, resize, keys, reset): later automatic detections keep it. */
  const userCrop = useCallback((box: CropBox) => {
    const current = photoRef.current;
    if (current !== null) moved.current.add(current.imageId);
    setCrop(box);
  }, [setCrop]);

  const findFace = useCallback(() => {
    const current = photoRef.current;
    if (current !== null) void detect(current.imageId, true);
  }, [detect]);

  return { faceMode, finding, findFace, userCrop };
}

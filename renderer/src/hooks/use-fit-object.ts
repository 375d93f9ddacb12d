/**
 * "Fit whole object": the engine finds the object of the open photo (what differs from its border
 * colour) and proposes the crop box of the active pack's aspect around it, reaching past the
 * photo's edges where the object is too wide or too tall for a box inside it (the engine pads that
 * part with the pack's background). The box becomes the user's; the engine's line says what it
 * found, and the background it told the object from colours the padding on the canvas.
 */
import { useCallback, useRef, useState } from 'react';
import type { CropBox, ImageOpened, PackInfo, ReseedApi } from '../../../electron/contract/contract';
import type { ErrorInfo } from '../../../electron/contract/result';

export interface FitObjectDeps {
  readonly pack: PackInfo | null;
  readonly photo: ImageOpened | null;
  /** Sets the box as the user's own (a face pack's later detection leaves it alone). */
  readonly setCrop: (box: CropBox) => void;
  readonly report: (error: ErrorInfo) => void;
}

export interface FittedNote {
  readonly imageId: string;
  readonly message: string;
  /** The photo's border colour (#rrggbb): what the object was told apart from. */
  readonly background: string;
}

export function useFitObject(api: ReseedApi, { pack, photo, setCrop, report }: FitObjectDeps) {
  const [fitting, setFitting] = useState(false);
  const [note, setNote] = useState<FittedNote | null>(null);
  const photoRef = useRef(photo);
  photoRef.current = photo;
  const packRef = useRef(pack);
  packRef.current = pack;

  const fit = useCallback(async () => {
    const current = photoRef.current;
    if (current === null) return;
    setFitting(true);
    try {
      const result = await api.fitObject({ imageId: current.imageId });
      if (!result.ok) return report(result.error);
      const found = result.value;
      // The photo was closed or another pack became active meanwhile: the proposal is stale.
      if (photoRef.current?.imageId !== found.imageId || packRef.current?.id !== found.packId) return;
      setCrop(found.crop);
      const message = found.message.charAt(0).toUpperCase() + found.message.slice(1);
      setNote({ imageId: found.imageId, message, background: found.background });
    } finally {
      setFitting(false);
    }
  }, [api, report, setCrop]);

  // A note about another photo says nothing about this one.
  const shown = note !== null && note.imageId === photo?.imageId ? note : null;
  return { fit, fitting, note: shown };
}

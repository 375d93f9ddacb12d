/**
 * What the editor does when another model pack becomes active (Packs view → Use). Pure:
 * unit-tested in test/renderer/pack-switch.test.ts.
 *
 * - The open photo stays. Its crop box takes the new pack's aspect ratio (about the same area,
 *   centred where the old box was, inside the photo), and "Reset crop" uses the new aspect.
 * - A seed only fits the pack it was made with (the engine refuses another pack's seed), so the
 *   document starts over: no seed, one slider per direction of the new pack (its custom ones
 *   too) at zero, no locks. The sketch and the edit mask stay: their strokes are in the photo's
 *   pixels, not the model's.
 * - The undo history is cleared, because every snapshot in it names a seed of the old pack: an
 *   undo that brought one back could not be shown, edited or exported. The notice says so.
 * - The image is made again with the new pack where that means the same thing: an embedded crop
 *   of the open photo is embedded again (the adapted box), a generated seed number is generated
 *   again. Anything else (an embed of a photo no longer open) is just dropped.
 */
import type { CropBox, ImageOpened, PackInfo } from '../../../electron/contract/contract';
import { adaptCrop, cropOverhangs, largestCentred } from '../../../electron/contract/crop-geometry';
import { emptyDoc, type EditorDoc } from './editor-doc';

export type Remake = { readonly kind: 'embed'; readonly photo: ImageOpened; readonly crop: CropBox } | { readonly kind: 'generate'; readonly seedNumber: number };

export interface PackSwitchPlan {
  readonly photo: ImageOpened | null;
  readonly crop: CropBox | null;
  /** The fresh document: no seed, the new pack's sliders at zero, the sketch kept. */
  readonly doc: EditorDoc;
  /** What to run with the new pack to show an image again; null: nothing. */
  readonly remake: Remake | null;
  /** For the info notice; null when there was nothing to lose (no seed, no history). */
  readonly message: string | null;
}

export interface PackSwitchInput {
  /** The pack now active (packUse's answer). */
  readonly pack: PackInfo;
  /** The pack before; null when none had loaded. */
  readonly previous: PackInfo | null;
  readonly photo: ImageOpened | null;
  readonly crop: CropBox | null;
  readonly doc: EditorDoc;
  /** Whether the history had any step to undo or redo. */
  readonly hadHistory: boolean;
}

/** The photo as the new pack frames it: its aspect and default crop box. */
export function photoForPack(photo: ImageOpened, pack: Pick<PackInfo, 'image'>): ImageOpened {
  const aspect = pack.image.width / pack.image.height;
  if (photo.aspect === aspect) return photo;
  return { ...photo, aspect, defaultCrop: largestCentred(photo.width, photo.height, aspect) };
}

export function planPackSwitch(input: PackSwitchInput): PackSwitchPlan {
  const { pack, previous, doc } = input;
  const photo = input.photo === null ? null : photoForPack(input.photo, pack);
  // A box reaching past the photo's edges (fit whole object) may stay there.
  const outside = photo !== null && input.crop !== null && cropOverhangs(input.crop, photo.width, photo.height);
  const crop = photo === null ? null : input.crop === null ? photo.defaultCrop : adaptCrop(input.crop, photo.width, photo.height, photo.aspect, { outside });
  const seed = doc.seed;
  let remake: Remake | null = null;
  if (seed?.kind === 'embed' && photo !== null && crop !== null && seed.imageId === photo.imageId) remake = { kind: 'embed', photo, crop };
  else if (seed?.kind === 'generate' && seed.generated !== undefined) remake = { kind: 'generate', seedNumber: seed.generated.seedNumber };
  // Locks name the old pack's directions; the mask, like the sketch, is in the photo's pixels.
  const fresh: EditorDoc = { ...emptyDoc(pack.directions), sketch: doc.sketch, mask: doc.mask };
  const lost = seed !== null || input.hadHistory;
  const from = previous === null ? '' : ` (seeds of ${previous.name} do not fit its model)`;
  const again = remake === null ? '' : remake.kind === 'embed' ? ' Embedding the crop again with it.' : ` Generating seed ${remake.seedNumber} again with it.`;
  const message = lost ? `Switched to ${pack.name}: undo history cleared${from}.${again}` : null;
  return { photo, crop, doc: fresh, remake, message };
}

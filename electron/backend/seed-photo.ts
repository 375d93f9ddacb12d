/** What an embedded seed remembers of its photo, so its edit can be pasted back later. */
import type { Preprocessed } from '../engine/image/preprocess';
import type { CropBox } from '../contract/editor-schemas';
import type { Tensor4 } from '../engine/tensor';

export interface SeedPhoto {
  readonly imageId: string;
  readonly crop: CropBox;
  readonly transform: Preprocessed['transform'];
  /** The crop as the model saw it (model size and colours): what keep details adds the change to. */
  readonly input: Tensor4;
}

/** "dress-edited-photo.jpg": distinct from the model-size exports of the same seed. */
export function photoExportName(label: string, edited: boolean, format: 'png' | 'jpeg'): string {
  return `${label}${edited ? '-edited' : ''}-photo.${format === 'png' ? 'png' : 'jpg'}`;
}

/**
 * How many images the batch-throughput phase generates. The default (10,000) was sized for the
 * default pack's 28×28 grey images, where it runs a few minutes. Every image costs roughly in
 * proportion to its values (width × height × channels: preprocessing, the networks, the PNGs), so
 * on a 64×64 RGB pack (15.7× the values, plus face detection) the same 10,000 ran for tens of
 * minutes (about 4 img/s on a busy 2-core machine) with no output, and looked hung. The default
 * therefore shrinks by that ratio for larger images, and the report says so; --images still sets any count exactly. img/s is a rate, so it
 * stays comparable across folder sizes.
 */

export const DEFAULT_FOLDER_IMAGES = 10_000;

/** The image the default was tuned for: the default pack's 28×28 grey. */
export const REFERENCE_IMAGE = { width: 28, height: 28, channels: 1 } as const;

/** Enough batches for a steady rate, whatever the image size. */
const MIN_BATCHES = 8;

export interface ImageSize {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
}

export interface FolderPlan {
  readonly images: number;
  /** The default was scaled down for this pack's image size. */
  readonly scaled: boolean;
  /** One line for the report saying what was run and why. */
  readonly note: string;
}

function values(image: ImageSize): number {
  return image.width * image.height * image.channels;
}

function describe(image: ImageSize): string {
  return `${image.width}×${image.height}×${image.channels}`;
}

/** `requested` is --images when given (used as is); otherwise the default, scaled for the pack. */
export function planFolder(image: ImageSize, batchSize: number, requested?: number): FolderPlan {
  const tail = `batch size ${batchSize}, method network`;
  if (requested !== undefined) {
    return { images: requested, scaled: false, note: `batch folder: ${requested} generated PNGs (--images), ${tail}` };
  }
  const ratio = values(image) / values(REFERENCE_IMAGE);
  if (ratio <= 1) {
    return { images: DEFAULT_FOLDER_IMAGES, scaled: false, note: `batch folder: ${DEFAULT_FOLDER_IMAGES} generated PNGs (default), ${tail}` };
  }
  // Whole batches, so the last one is not a short batch that skews the rate.
  const batches = Math.max(MIN_BATCHES, Math.ceil(DEFAULT_FOLDER_IMAGES / ratio / batchSize));
  const images = Math.min(DEFAULT_FOLDER_IMAGES, batches * batchSize);
  const note =
    `batch folder: ${images} generated PNGs (the default ${DEFAULT_FOLDER_IMAGES} scaled down ${ratio.toFixed(1)}× ` +
    `for ${describe(image)} images, tuned for ${describe(REFERENCE_IMAGE)}; --images sets the count), ${tail}`;
  return { images, scaled: true, note };
}

/**
 * The compare view's "before" in the photo's colours. A faithful edit of an embedded seed comes
 * back in the photo's colours (electron/contract/faithful-schemas.ts, `colours: 'photo'`), while
 * the embed's crop is the model's input: negated where the engine negated the photo (its answer's
 * `polarity.negated`). Turning it back gives the crop as the photo shows it, without a decode.
 * Browser-only (DOM canvas).
 */
import type { Embedded } from '../../electron/contract/contract';

const inverted = new Map<string, Promise<string>>();

/** The picture with every colour channel turned over (255 − v), alpha kept. */
export function invertDataUrl(url: string): Promise<string> {
  let promise = inverted.get(url);
  if (promise === undefined) {
    promise = (async () => {
      const image = new Image();
      image.src = url;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
      const d = pixels.data;
      for (let i = 0; i < d.length; i += 4) {
        d[i] = 255 - d[i]!;
        d[i + 1] = 255 - d[i + 1]!;
        d[i + 2] = 255 - d[i + 2]!;
      }
      context.putImageData(pixels, 0, 0);
      return canvas.toDataURL('image/png');
    })();
    inverted.set(url, promise);
    if (inverted.size > 16) inverted.delete(inverted.keys().next().value as string);
  }
  return promise;
}

/** The embed's crop in the photo's colours: its input, turned back when the photo was negated. */
export function cropInPhotoColours(embed: Embedded): Promise<string> {
  return embed.polarity?.negated ? invertDataUrl(embed.input) : Promise.resolve(embed.input);
}

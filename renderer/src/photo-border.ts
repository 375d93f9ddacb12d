/**
 * The colour of a photo's border (the median of its outer ring of pixels, per channel), from its
 * preview: the engine decides polarity and finds objects against the same measure, and pads a crop
 * box past the photo's edges with the background that matches it, so the canvas shows that
 * padding in it until "fit whole object" names the engine's own. Browser-only (DOM canvas).
 */
const borders = new Map<string, Promise<string>>();

/** The preview's border colour as #rrggbb (the preview is at most 1024 px; the ring is sampled at 128 px). */
export function borderColour(url: string): Promise<string> {
  let promise = borders.get(url);
  if (promise === undefined) {
    promise = (async () => {
      const image = new Image();
      image.src = url;
      await image.decode();
      const scale = Math.min(1, 128 / Math.max(image.naturalWidth, image.naturalHeight));
      const w = Math.max(1, Math.round(image.naturalWidth * scale));
      const h = Math.max(1, Math.round(image.naturalHeight * scale));
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0, w, h);
      const data = context.getImageData(0, 0, w, h).data;
      const ring: number[][] = [[], [], []];
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          if (x !== 0 && y !== 0 && x !== w - 1 && y !== h - 1) continue;
          const p = (y * w + x) * 4;
          for (let c = 0; c < 3; c++) ring[c]!.push(data[p + c]!);
        }
      }
      const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 255;
      return `#${ring.map((v) => median(v).toString(16).padStart(2, '0')).join('')}`;
    })();
    borders.set(url, promise);
    if (borders.size > 8) borders.delete(borders.keys().next().value as string);
  }
  return promise;
}

/**
 * The edit mask as the engine takes it (electron/contract/faithful-schemas.ts, EditMaskSchema): a
 * PNG data URL stretched over the seed's crop box, black = keep, white = edit. The strokes' layout
 * is state/faithful.ts's (pure); this only paints it on a canvas. Browser-only (DOM canvas).
 */
import type { CropBox } from '../../electron/contract/contract';
import type { Stroke } from '../../electron/contract/sketch-schema';
import { maskRaster } from './state/faithful';

/** The mask picture for `strokes` (photo pixels) relative to `crop`; null without strokes. */
export function renderMask(crop: CropBox, strokes: readonly Stroke[]): string | null {
  if (strokes.length === 0) return null;
  const raster = maskRaster(crop, strokes);
  const canvas = document.createElement('canvas');
  canvas.width = raster.width;
  canvas.height = raster.height;
  const context = canvas.getContext('2d');
  if (context === null) return null;
  context.fillStyle = '#000000';
  context.fillRect(0, 0, raster.width, raster.height);
  context.strokeStyle = '#ffffff';
  context.fillStyle = '#ffffff';
  context.lineCap = 'round';
  context.lineJoin = 'round';
  for (const s of raster.strokes) {
    const [first, ...rest] = s.points;
    if (first === undefined) continue;
    if (rest.length === 0) {
      context.beginPath();
      context.arc(first[0], first[1], s.width / 2, 0, Math.PI * 2);
      context.fill();
      continue;
    }
    context.lineWidth = s.width;
    context.beginPath();
    context.moveTo(first[0], first[1]);
    for (const [x, y] of rest) context.lineTo(x, y);
    context.stroke();
  }
  return canvas.toDataURL('image/png');
}

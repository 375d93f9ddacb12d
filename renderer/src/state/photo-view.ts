/**
 * Zoom and pan of the photo canvas, as pure arithmetic on the viewport transform (zoom, x, y):
 * a scene point p shows at zoom·p + (x, y). At zoom 1 the photo fits the canvas (the scene is laid
 * out that way); "100 %" is one photo pixel per screen pixel. The view never leaves the photo: an
 * axis the zoomed photo overfills keeps the canvas covered, one it underfills stays centred.
 * Pure: unit-tested in test/renderer/photo-view.test.ts.
 */

export interface View {
  readonly zoom: number;
  readonly x: number;
  readonly y: number;
}

/** The canvas in screen pixels and the photo's place in the scene (canvas pixels at zoom 1). */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly photo: { readonly left: number; readonly top: number; readonly width: number; readonly height: number };
  /** Scene pixels per photo pixel (the fit's scale): zoom 1/scale is 100 %. */
  readonly scale: number;
}

export const FIT: View = { zoom: 1, x: 0, y: 0 };

/** Zoom bounds: from fitting (or 100 % for a photo smaller than the canvas) to 16 screen pixels per photo pixel. */
export function zoomLimits(frame: Frame): { min: number; max: number } {
  const actual = 1 / frame.scale;
  return { min: Math.min(1, actual), max: Math.max(1, 16 * actual) };
}

function clampAxis(offset: number, zoom: number, start: number, size: number, canvas: number): number {
  const shown = size * zoom;
  // `+ 0` turns −0 into 0.
  if (shown <= canvas) return (canvas - shown) / 2 - start * zoom + 0;
  return Math.min(-start * zoom, Math.max(canvas - shown - start * zoom, offset)) + 0;
}

/** The view made valid: zoom within its limits, the photo covering (or centred in) the canvas. */
export function clampView(view: View, frame: Frame): View {
  const { min, max } = zoomLimits(frame);
  const zoom = Math.min(max, Math.max(min, view.zoom));
  const { photo } = frame;
  return {
    zoom,
    x: clampAxis(view.x, zoom, photo.left, photo.width, frame.width),
    y: clampAxis(view.y, zoom, photo.top, photo.height, frame.height),
  };
}

/** Zoomed by `factor` keeping the screen point (px, py) over the same scene point. */
export function zoomAt(view: View, factor: number, px: number, py: number, frame: Frame): View {
  const { min, max } = zoomLimits(frame);
  const zoom = Math.min(max, Math.max(min, view.zoom * factor));
  const k = zoom / view.zoom;
  return clampView({ zoom, x: px - (px - view.x) * k, y: py - (py - view.y) * k }, frame);
}

/** Moved by (dx, dy) screen pixels. */
export function panBy(view: View, dx: number, dy: number, frame: Frame): View {
  return clampView({ ...view, x: view.x + dx, y: view.y + dy }, frame);
}

/** One photo pixel per screen pixel, centred on the scene point (cx, cy) (the crop box's centre). */
export function actualSize(cx: number, cy: number, frame: Frame): View {
  const zoom = 1 / frame.scale;
  return clampView({ zoom, x: frame.width / 2 - cx * zoom, y: frame.height / 2 - cy * zoom }, frame);
}

/** The zoom as the user reads it: screen pixels per photo pixel, in percent. */
export function zoomPercent(view: View, frame: Frame): number {
  return Math.round(view.zoom * frame.scale * 100);
}

/** The zoom factor of one Ctrl+wheel event (a notch of 100 px: about ×1.2). */
export function wheelFactor(deltaY: number, deltaMode = 0): number {
  const pixels = deltaMode === 1 ? deltaY * 33 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.exp(-Math.max(-300, Math.min(300, pixels)) * 0.0018);
}

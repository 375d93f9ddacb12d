/**
 * The sketch over the photo as part of the editor document: strokes in photo pixels, tied to the
 * photo they were drawn on. Each stroke added, each eraser drag and each Clear is one new
 * immutable value, so history.ts makes it one undo step. Pure: unit-tested in
 * test/renderer/sketch.test.ts.
 */
import type { Stroke } from '../../../electron/contract/sketch-schema';

export interface SketchLayer {
  /** The photo the strokes were drawn on; another photo shows no strokes. */
  readonly imageId: string | null;
  readonly strokes: readonly Stroke[];
}

export const EMPTY_SKETCH: SketchLayer = { imageId: null, strokes: [] };

/** The strokes to show and send for this photo. */
export function strokesFor(layer: SketchLayer, imageId: string | null): readonly Stroke[] {
  return imageId !== null && layer.imageId === imageId ? layer.strokes : [];
}

/** One more stroke; a stroke on another photo starts a fresh sketch. */
export function addStroke(layer: SketchLayer, imageId: string, stroke: Stroke): SketchLayer {
  return { imageId, strokes: [...strokesFor(layer, imageId), stroke] };
}

/** Distance from point p to the segment a–b. */
function segmentDistance(p: readonly [number, number], a: readonly [number, number], b: readonly [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Whether an eraser of `radius` at `point` touches the stroke (its own width counts). */
export function strokeHit(stroke: Stroke, point: readonly [number, number], radius: number): boolean {
  const reach = radius + stroke.width / 2;
  const pts = stroke.points;
  if (pts.length === 1) return Math.hypot(point[0] - pts[0]![0], point[1] - pts[0]![1]) <= reach;
  for (let i = 1; i < pts.length; i++) if (segmentDistance(point, pts[i - 1]!, pts[i]!) <= reach) return true;
  return false;
}

/**
 * The eraser removes whole strokes it touches along its path (an object eraser: the sketch stays
 * a list of strokes the engine can redraw at full resolution). Unchanged: the same object back.
 */
export function eraseAlong(layer: SketchLayer, imageId: string, path: readonly (readonly [number, number])[], radius: number): SketchLayer {
  const strokes = strokesFor(layer, imageId);
  const kept = strokes.filter((s) => !path.some((p) => strokeHit(s, p, radius)));
  return kept.length === strokes.length ? layer : { imageId, strokes: kept };
}

export function clearSketch(layer: SketchLayer): SketchLayer {
  return layer.strokes.length === 0 ? layer : EMPTY_SKETCH;
}

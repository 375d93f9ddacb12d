/**
 * A sketch over the photo, as the renderer sends it with an embed: brush strokes in the photo's
 * own (EXIF-rotated) pixels. Strokes rather than a bitmap, because the renderer only holds a
 * downscaled preview; the engine draws them onto the full-resolution photo. Runs in the renderer
 * too: zod only.
 */
import { z } from 'zod';

export const MAX_SKETCH_STROKES = 500;
export const MAX_SKETCH_POINTS = 50_000;

const Coordinate = z.number().finite().min(-100_000).max(100_000);

export const StrokeSchema = z.object({
  /** '#rrggbb': anything else could inject markup into the SVG the engine draws. */
  color: z.string().regex(/^#[0-9a-f]{6}$/i, 'expected a #rrggbb colour'),
  /** Brush diameter in photo pixels. */
  width: z.number().finite().min(0.5).max(4000),
  points: z.array(z.tuple([Coordinate, Coordinate])).min(1).max(MAX_SKETCH_POINTS),
});
export type Stroke = z.infer<typeof StrokeSchema>;

export const SketchSchema = z
  .array(StrokeSchema)
  .max(MAX_SKETCH_STROKES, `at most ${MAX_SKETCH_STROKES} strokes`)
  .refine((s) => s.reduce((n, stroke) => n + stroke.points.length, 0) <= MAX_SKETCH_POINTS, `at most ${MAX_SKETCH_POINTS} points in all`);
export type Sketch = z.infer<typeof SketchSchema>;

/**
 * How a slider's range input is graduated: a step that lands exactly on 0 (so a slider dragged
 * back always reaches "unedited"), about 100–200 steps over the range, and a detent at 0: a drag
 * that ends close to 0 snaps to it. Pure: unit-tested in test/renderer/slider-scale.test.ts.
 */

/** Steps a range may use: decimal-friendly, so the values shown stay short. */
const NICE_STEPS = [0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5] as const;

/** About this many steps over a slider's whole range. */
const TARGET_STEPS = 120;

function onGrid(value: number, step: number): boolean {
  const k = value / step;
  return Math.abs(k - Math.round(k)) < 1e-9;
}

/**
 * The range input's step for [min, max]: the nice step closest to range/120 whose grid, starting
 * at `min` as the browser's does, contains 0 (and `max`, where one does). A range that excludes 0
 * only needs its ends on the grid.
 */
export function sliderStep(min: number, max: number): number {
  const span = max - min;
  if (!(span > 0)) return 0.01;
  const wanted = span / TARGET_STEPS;
  const fits = (step: number) => onGrid(min, step) && (min > 0 || max < 0 || onGrid(-min, step));
  const ranked = [...NICE_STEPS].sort((a, b) => Math.abs(Math.log(a / wanted)) - Math.abs(Math.log(b / wanted)));
  return ranked.find((s) => fits(s) && onGrid(max, s)) ?? ranked.find(fits) ?? 0.01;
}

/**
 * Half-width of the detent at 0: a drag within it ends at 0. 4 % of the range (a few pixels of a
 * slider, whatever its range), at least a step and a half.
 */
export function detentWidth(min: number, max: number): number {
  return Math.max(sliderStep(min, max) * 1.5, (max - min) * 0.04);
}

/** A value from the range input, snapped to 0 inside the detent. */
export function withDetent(value: number, min: number, max: number): number {
  if (!(min <= 0 && max >= 0)) return value;
  return Math.abs(value) <= detentWidth(min, max) ? 0 : value;
}

/** Whether 0 lies exactly on the input's grid (min + k·step for a whole k), as the browser steps. */
export function zeroReachable(min: number, max: number, step = sliderStep(min, max)): boolean {
  return min <= 0 && max >= 0 && onGrid(-min, step);
}

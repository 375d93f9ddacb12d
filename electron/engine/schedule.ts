/**
 * The cosine-angle diffusion schedule (docs/design.md, Numerics; training/schedule.py):
 * angle(t) = acos(maxSignalRate) + t · (acos(minSignalRate) − acos(maxSignalRate)),
 * signal(t) = cos(angle), noise(t) = sin(angle). Computed in float64 like the Python side.
 */

export interface ScheduleSpec {
  readonly kind: 'cosine-angle';
  readonly minSignalRate: number;
  readonly maxSignalRate: number;
}

export interface Rates {
  readonly noise: number;
  readonly signal: number;
}

export class CosineAngleSchedule {
  private readonly startAngle: number;
  private readonly endAngle: number;

  constructor(spec: ScheduleSpec) {
    this.startAngle = Math.acos(spec.maxSignalRate);
    this.endAngle = Math.acos(spec.minSignalRate);
  }

  /** (noise, signal) rates at diffusion time t ∈ [0, 1]. */
  rates(t: number): Rates {
    const angle = this.startAngle + t * (this.endAngle - this.startAngle);
    return { noise: Math.sin(angle), signal: Math.cos(angle) };
  }
}

/** The times the S-step sampler visits: t_k = 1 − k/S for k = 0..S−1 (1, …, 1/S). */
export function samplerTimes(steps: number): number[] {
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a positive integer, got ${steps}`);
  return Array.from({ length: steps }, (_, k) => 1 - k / steps);
}

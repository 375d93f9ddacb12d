/**
 * Reproducible seeds from an integer, bit-identical to training/rng.py: mulberry32 gives 32-bit
 * uniforms, each pair (u1, u2) becomes one normal by Box–Muller,
 * n = sqrt(-2 ln(1 - u1)) · cos(2π u2), computed in float64 and stored as float32
 * (1 - u1 keeps the log finite: u1 can be 0 but never 1).
 */

/** A mulberry32 generator of uniforms in [0, 1) with 32-bit resolution. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    // Math.imul and `>>> 0` reproduce Python's `& 0xFFFFFFFF` arithmetic exactly.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1) >>> 0;
    t = (t ^ ((t + Math.imul(t ^ (t >>> 7), t | 61)) >>> 0)) >>> 0;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normals as float32, the same values as Python's rng.seeded_normal(seed, shape). */
export function seededNormal(seed: number, count: number): Float32Array {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  // Python masks the seed to 32 bits; negative and large seeds wrap the same way here.
  const next = mulberry32(Number(BigInt.asUintN(32, BigInt(seed))));
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const u1 = next();
    const u2 = next();
    out[i] = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
  return out;
}

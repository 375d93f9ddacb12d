/**
 * The seed number field: what Generate accepts (a whole number from 0 to 2³²−1, the seeds of
 * `reseed generate --seed n`) and, when the text is not one, why, so the disabled button says so.
 * Pure: unit-tested in test/renderer/seed-number.test.ts.
 */

export const MAX_SEED = 0xffffffff;

export type SeedParse = { readonly ok: true; readonly seed: number } | { readonly ok: false; readonly problem: string };

export function parseSeed(text: string): SeedParse {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, problem: 'Type a seed number: a whole number from 0 to 4294967295.' };
  const n = Number(trimmed);
  if (!Number.isFinite(n)) return { ok: false, problem: 'A seed is a whole number from 0 to 4294967295.' };
  if (n < 0) return { ok: false, problem: 'Seeds start at 0: use a number from 0 to 4294967295.' };
  if (!Number.isInteger(n)) return { ok: false, problem: 'Seeds are whole numbers: no decimals.' };
  if (n > MAX_SEED) return { ok: false, problem: 'The largest seed is 4294967295 (2³² − 1).' };
  return { ok: true, seed: n };
}

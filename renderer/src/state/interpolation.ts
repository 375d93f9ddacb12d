/**
 * The interpolation panel's pure state: which seeds its two ends are (the current seed, the
 * previous one, or a seed number typed in), the seeds the editor has shown, and the t values of
 * exported frames. Unit-tested in test/renderer/interpolation.test.ts.
 */
import type { SeedRef } from '../../../electron/contract/editor-schemas';

/** A seed the editor made (embed or generate), as the panel names it. */
export interface KnownSeed {
  readonly seedId: string;
  readonly label: string;
}

export type EndpointChoice = { readonly kind: 'current' } | { readonly kind: 'previous' } | { readonly kind: 'number'; readonly text: string };

const MAX_SEED = 0xffffffff;

/** The seed number typed in, or null when it is not an integer in [0, 2³²−1]. */
export function parseSeedNumber(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,10}$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n <= MAX_SEED ? n : null;
}

/** The last two distinct seeds the editor showed, newest first (current, previous). */
export function rememberSeed(seen: readonly KnownSeed[], seed: KnownSeed | null): readonly KnownSeed[] {
  if (seed === null || seen[0]?.seedId === seed.seedId) return seen;
  return [seed, ...seen.filter((s) => s.seedId !== seed.seedId)].slice(0, 2);
}

/** What an endpoint refers to, or an explanation of why it cannot be used yet. */
export function resolveEndpoint(choice: EndpointChoice, seen: readonly KnownSeed[]): { ref: SeedRef; label: string } | { problem: string } {
  if (choice.kind === 'number') {
    const n = parseSeedNumber(choice.text);
    return n === null ? { problem: 'enter a seed number (a whole number from 0 to 4294967295)' } : { ref: { seedNumber: n }, label: `seed ${n}` };
  }
  const seed = choice.kind === 'current' ? seen[0] : seen[1];
  if (seed === undefined) {
    return { problem: choice.kind === 'current' ? 'embed a picture or generate a seed first' : 'there is no previous seed yet: embed or generate twice' };
  }
  return { ref: { seedId: seed.seedId }, label: seed.label };
}

/** A cache key naming one interpolated image exactly. */
export function interpolationKey(a: SeedRef, b: SeedRef, t: number): string {
  const name = (r: SeedRef) => ('seedId' in r ? `id:${r.seedId}` : `n:${r.seedNumber}`);
  return `${name(a)}|${name(b)}|${t}`;
}

/** Evenly spaced t from 0 to 1 inclusive, n ≥ 2 frames. */
export function frameTimes(n: number): number[] {
  const count = Math.max(2, Math.floor(n));
  return Array.from({ length: count }, (_, i) => i / (count - 1));
}

import { describe, expect, it } from 'vitest';
import { frameTimes, interpolationKey, parseSeedNumber, rememberSeed, resolveEndpoint } from '../../renderer/src/state/interpolation';

describe('interpolation state', () => {
  it('parses seed numbers in range only', () => {
    expect(parseSeedNumber(' 42 ')).toBe(42);
    expect(parseSeedNumber('0')).toBe(0);
    expect(parseSeedNumber('4294967295')).toBe(4294967295);
    expect(parseSeedNumber('4294967296')).toBeNull();
    expect(parseSeedNumber('-1')).toBeNull();
    expect(parseSeedNumber('1.5')).toBeNull();
    expect(parseSeedNumber('')).toBeNull();
  });

  it('remembers the current and previous seeds', () => {
    let seen = rememberSeed([], null);
    expect(seen).toEqual([]);
    seen = rememberSeed(seen, { seedId: 'a', label: 'A' });
    seen = rememberSeed(seen, { seedId: 'a', label: 'A' });
    expect(seen.map((s) => s.seedId)).toEqual(['a']);
    seen = rememberSeed(seen, { seedId: 'b', label: 'B' });
    seen = rememberSeed(seen, { seedId: 'c', label: 'C' });
    expect(seen.map((s) => s.seedId)).toEqual(['c', 'b']);
    // Undo back to b: b is current again, c previous.
    expect(rememberSeed(seen, { seedId: 'b', label: 'B' }).map((s) => s.seedId)).toEqual(['b', 'c']);
  });

  it('resolves endpoints or says what is missing', () => {
    const seen = [{ seedId: 'c', label: 'C' }, { seedId: 'b', label: 'B' }];
    expect(resolveEndpoint({ kind: 'current' }, seen)).toEqual({ ref: { seedId: 'c' }, label: 'C' });
    expect(resolveEndpoint({ kind: 'previous' }, seen)).toEqual({ ref: { seedId: 'b' }, label: 'B' });
    expect(resolveEndpoint({ kind: 'number', text: '7' }, seen)).toEqual({ ref: { seedNumber: 7 }, label: 'seed 7' });
    expect(resolveEndpoint({ kind: 'number', text: 'x' }, seen)).toHaveProperty('problem');
    expect(resolveEndpoint({ kind: 'current' }, [])).toHaveProperty('problem');
    expect(resolveEndpoint({ kind: 'previous' }, seen.slice(0, 1))).toHaveProperty('problem');
  });

  it('names images and spaces frames', () => {
    expect(interpolationKey({ seedId: 'a' }, { seedNumber: 3 }, 0.5)).toBe('id:a|n:3|0.5');
    expect(frameTimes(5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(frameTimes(1)).toEqual([0, 1]);
  });
});

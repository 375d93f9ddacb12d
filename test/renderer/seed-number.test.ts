/** The seed field: Generate takes whole numbers 0…2³²−1 and says why it takes no other text. */
import { describe, expect, it } from 'vitest';
import { MAX_SEED, parseSeed } from '../../renderer/src/state/seed-number';

describe('parseSeed', () => {
  it('accepts the seeds of reseed generate --seed', () => {
    expect(parseSeed('0')).toEqual({ ok: true, seed: 0 });
    expect(parseSeed(' 7 ')).toEqual({ ok: true, seed: 7 });
    expect(parseSeed(String(MAX_SEED))).toEqual({ ok: true, seed: 4294967295 });
  });

  it('gives a reason for each invalid seed', () => {
    expect(parseSeed('-5')).toMatchObject({ ok: false, problem: expect.stringMatching(/start at 0/) });
    expect(parseSeed('1.5')).toMatchObject({ ok: false, problem: expect.stringMatching(/whole numbers/) });
    expect(parseSeed(String(2 ** 32))).toMatchObject({ ok: false, problem: expect.stringMatching(/largest seed is 4294967295/) });
    expect(parseSeed('')).toMatchObject({ ok: false, problem: expect.stringMatching(/Type a seed number/) });
    expect(parseSeed('abc')).toMatchObject({ ok: false });
  });
});

import { describe, expect, it } from 'vitest';
import { formatDuration, progressLine, rateLine } from '../../renderer/src/state/batch-format';

const base = { done: 12, total: 288, ok: 11, failed: 1, alreadyDone: 12, imagesPerSecond: 4.25, etaSeconds: 65, elapsedSeconds: 3 };

describe('batch progress wording', () => {
  it('counts what earlier runs did into "k of N"', () => {
    expect(progressLine(base)).toBe('24 of 300');
  });
  it('gives images/s and time left, with placeholders before a rate is known', () => {
    expect(rateLine(base)).toBe('4.3 images/s · 1:05 left');
    expect(rateLine({ ...base, imagesPerSecond: 0, etaSeconds: null })).toBe('– images/s · --:-- left');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});

/**
 * Preview while dragging, full decode at rest (issue #21): the rest detector, the cache keys of
 * preview and full pictures, what to ask for, and the latest-wins order of preview and full
 * answers (a full answer never replaces a newer preview; a preview in flight when the slider
 * rests is shown before the full decode starts, so the full picture is the last one).
 */
import { describe, expect, it } from 'vitest';
import type { DecodeQuality } from '../../electron/contract/preview-schemas';
import { DragRest, editKey, pictureKey, REST_MS, wantedDecode } from '../../renderer/src/state/decode-quality';
import { LatestWins, type Outcome } from '../../renderer/src/state/latest-wins';
import { fakeClock } from './fake-clock';

describe('DragRest', () => {
  it('moves on input, rests after REST_MS without another, once per transition', () => {
    const timers = fakeClock();
    const heard: boolean[] = [];
    const rest = new DragRest((m) => heard.push(m), timers);
    rest.input();
    timers.advance(REST_MS - 10);
    rest.input(); // still dragging: the rest timer starts over
    timers.advance(REST_MS - 10);
    expect(rest.moving).toBe(true);
    timers.advance(20);
    expect(rest.moving).toBe(false);
    expect(heard).toEqual([true, false]);
  });

  it('rests at once when the pointer is released', () => {
    const timers = fakeClock();
    const heard: boolean[] = [];
    const rest = new DragRest((m) => heard.push(m), timers);
    rest.input();
    rest.rest();
    timers.advance(REST_MS * 2); // the cancelled timer does not fire a second rest
    expect(heard).toEqual([true, false]);
  });
});

describe('picture keys and what to decode', () => {
  it('keeps a preview picture apart from the finished one of the same edit', () => {
    expect(pictureKey('s1|a=1', 'full')).toBe('s1|a=1');
    expect(pictureKey('s1|a=1', 'preview')).not.toBe('s1|a=1');
    expect(editKey(pictureKey('s1|a=1', 'preview'))).toBe('s1|a=1');
    expect(editKey('s1|a=1')).toBe('s1|a=1');
  });

  it('asks for the preview while moving, the full decode at rest, nothing when a full one is there', () => {
    expect(wantedDecode(true, false, false)).toBe('preview');
    expect(wantedDecode(true, false, true)).toBeNull();
    expect(wantedDecode(false, false, true)).toBe('full');
    expect(wantedDecode(false, true, false)).toBeNull();
    expect(wantedDecode(true, true, false)).toBeNull();
  });
});

describe('latest wins across preview and full decodes', () => {
  interface Call {
    readonly quality: DecodeQuality;
    readonly signal: AbortSignal;
    resolve(v: string): void;
  }
  function runner() {
    const calls: Call[] = [];
    const wins = new LatestWins<DecodeQuality, string>((quality, signal) => new Promise((resolve) => calls.push({ quality, signal, resolve })), {
      finishFirst: (q) => q === 'preview',
    });
    return { calls, wins };
  }

  it('a preview in flight is left to finish and shown; only the newest submission starts after it', async () => {
    const { calls, wins } = runner();
    const first = wins.submit('preview');
    const second = wins.submit('preview');
    const third = wins.submit('full');
    expect(calls).toHaveLength(1);
    expect(await second).toEqual({ status: 'superseded' });
    calls[0]!.resolve('preview picture');
    expect(await first).toEqual({ status: 'done', value: 'preview picture' });
    expect(calls.map((c) => c.quality)).toEqual(['preview', 'full']);
    calls[1]!.resolve('full picture');
    expect(await third).toEqual({ status: 'done', value: 'full picture' });
  });

  it('a full decode that answers after a newer preview was asked is dropped', async () => {
    const { calls, wins } = runner();
    const full = wins.submit('full');
    const preview = wins.submit('preview');
    calls[0]!.resolve('full picture');
    calls[1]!.resolve('preview picture');
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(await full).toEqual({ status: 'superseded' } satisfies Outcome<string>);
    expect(await preview).toEqual({ status: 'done', value: 'preview picture' });
  });
});

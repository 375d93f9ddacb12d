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

  it('pipelined previews (maxConcurrent 2) overlap, each shown in order; a full decode waits for them', async () => {
    const calls: Call[] = [];
    const clock = fakeClock();
    const wins = new LatestWins<DecodeQuality, string>((quality, signal) => new Promise((resolve) => calls.push({ quality, signal, resolve })), {
      finishFirst: (q) => q === 'preview',
      maxConcurrent: () => 2,
      // The interval holds starts apart; a preview beside another does not wait for it.
      minIntervalMs: () => 100,
      ...clock,
    });
    const p1 = wins.submit('preview');
    const p2 = wins.submit('preview');
    expect(calls.map((c) => c.quality)).toEqual(['preview', 'preview']);
    const p3 = wins.submit('preview');
    const p4 = wins.submit('preview');
    expect(calls).toHaveLength(2);
    expect(await p3).toEqual({ status: 'superseded' });
    calls[0]!.resolve('one');
    expect(await p1).toEqual({ status: 'done', value: 'one' });
    // A slot came free: the newest waiting preview starts beside the one still running.
    expect(calls).toHaveLength(3);
    const full = wins.submit('full');
    calls[1]!.resolve('two');
    expect(await p2).toEqual({ status: 'done', value: 'two' });
    expect(calls).toHaveLength(3);
    calls[2]!.resolve('four');
    expect(await p4).toEqual({ status: 'done', value: 'four' });
    clock.advance(100);
    expect(calls.map((c) => c.quality)).toEqual(['preview', 'preview', 'preview', 'full']);
    expect(calls.some((c) => c.signal.aborted)).toBe(false);
    calls[3]!.resolve('rest');
    expect(await full).toEqual({ status: 'done', value: 'rest' });
  });

  it('an older pipelined preview answering after a newer one was shown is dropped', async () => {
    const calls: Call[] = [];
    const wins = new LatestWins<DecodeQuality, string>((quality, signal) => new Promise((resolve) => calls.push({ quality, signal, resolve })), {
      finishFirst: (q) => q === 'preview',
      maxConcurrent: () => 2,
    });
    const older = wins.submit('preview');
    const newer = wins.submit('preview');
    calls[1]!.resolve('newer');
    expect(await newer).toEqual({ status: 'done', value: 'newer' });
    calls[0]!.resolve('older');
    expect(await older).toEqual({ status: 'superseded' });
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

/**
 * Photo exports are bounded: one runs, two wait their turn, any more are refused at once with
 * `busy` (HTTP 409) and a message that says to try again, so a burst of exports of a large photo
 * cannot take the server's memory. The gate on its own: waiting is cancellable, and a slot is held
 * until cancelled work has really ended. Exports are cancellable by request id too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EditorService } from '../../electron/backend/editor-service';
import { WorkGate } from '../../electron/backend/work-gate';
import { fail } from '../../electron/contract/result';
import { ReseedEngine } from '../../electron/engine/engine';
import { statusOf } from '../../electron/http/api-routes';
import { REPO, TINY_PACK } from '../engine/helpers';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('WorkGate', () => {
  it('runs `slots` at once, queues `queue` more, and refuses the rest with busy', async () => {
    const gate = new WorkGate({ what: 'a photo export', slots: 1, queue: 1 });
    const release = deferred();
    const order: string[] = [];
    const first = gate.run(undefined, async () => {
      order.push('first');
      await release.promise;
    });
    const second = gate.run(undefined, async () => {
      order.push('second');
    });
    await expect(gate.run(undefined, async () => order.push('third'))).rejects.toMatchObject({
      code: 'busy',
      message: expect.stringMatching(/^a photo export is already in progress \(1 running, 1 waiting\): try again when it has finished$/),
    });
    expect(gate.load).toEqual({ running: 1, waiting: 1 });
    release.resolve();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('drops a waiter whose signal aborts, and keeps the slot until aborted work has ended', async () => {
    const gate = new WorkGate({ what: 'an export', slots: 1, queue: 1 });
    const release = deferred();
    const running = new AbortController();
    // The running task ignores its abort for a while, like sharp finishing an encode.
    const first = gate.run(running.signal, () => release.promise);
    const waiting = new AbortController();
    const second = gate.run(waiting.signal, async () => 'ran');
    waiting.abort('stop');
    await expect(second).rejects.toMatchObject({ code: 'cancelled', message: 'stop' });
    running.abort();
    // Aborted but not yet ended: a new export waits instead of running beside it.
    const third = gate.run(undefined, async () => 'after');
    expect(gate.load).toEqual({ running: 1, waiting: 1 });
    release.resolve();
    await first;
    await expect(third).resolves.toBe('after');
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('maps busy to HTTP 409, like cancelled', () => {
    expect(statusOf(fail('busy', 'try later'))).toBe(409);
    expect(statusOf(fail('cancelled', 'stopped'))).toBe(409);
  });
});

describe('exportPhoto under load (real engine, fixture pack)', () => {
  let service: EditorService;
  let seedId: string;

  beforeAll(async () => {
    service = new EditorService({ engine: new ReseedEngine({ packRoots: [], threads: 1 }), pack: TINY_PACK, provider: 'cpu' });
    const photo = readFileSync(join(REPO, 'assets', 'samples', 'bag.jpg')).toString('base64');
    const opened = await service.openUpload('bag.jpg', photo);
    seedId = (await service.embed({ requestId: 'el-embed', imageId: opened.imageId, crop: opened.defaultCrop, method: 'network' })).seedId;
  });

  afterAll(async () => {
    await service?.dispose();
  });

  it('six at once: one runs, two wait and finish, three are refused with busy', async () => {
    const request = { seedId, sliders: { darker: 1 }, format: 'jpeg' as const, quality: 80 };
    const settled = await Promise.allSettled(Array.from({ length: 6 }, () => service.exportPhoto(request)));
    const done = settled.filter((s) => s.status === 'fulfilled');
    const refused = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as { code: string; message: string }] : []));
    expect(done).toHaveLength(3);
    expect(refused).toHaveLength(3);
    for (const error of refused) {
      expect(error.code).toBe('busy');
      expect(error.message).toMatch(/photo export is already in progress.*try again/);
    }
    // The gate is free again afterwards.
    await expect(service.exportPhoto(request)).resolves.toMatchObject({ mime: 'image/jpeg' });
  });

  it('a queued export is cancelled by its request id without running', async () => {
    const request = { seedId, sliders: {}, format: 'jpeg' as const, quality: 80 };
    const first = service.exportPhoto({ ...request, requestId: 'pe-1' });
    const queued = service.exportPhoto({ ...request, requestId: 'pe-2' });
    expect(service.cancel('pe-2')).toEqual({ cancelled: true });
    await expect(queued).rejects.toMatchObject({ code: 'cancelled' });
    await expect(first).resolves.toMatchObject({ mime: 'image/jpeg' });
  });
});

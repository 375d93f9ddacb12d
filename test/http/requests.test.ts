/** Engine-side latest-wins lanes, cancel by request id, and stopping when the client goes away. */
import { describe, expect, it } from 'vitest';
import { CLIENT_GONE, RequestRegistry } from '../../electron/backend/requests';

/** A task that waits until aborted (or released), like a decode between two denoiser passes. */
function until(signal: AbortSignal, release: Promise<void>): Promise<string> {
  return new Promise((resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason));
    void release.then(() => resolve('done'));
  });
}

describe('RequestRegistry', () => {
  it('a newer request in a lane cancels the running one', async () => {
    const registry = new RequestRegistry();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = registry.run('a', 'decode', (signal) => until(signal, gate));
    const second = registry.run('b', 'decode', (signal) => until(signal, gate));
    await expect(first).rejects.toMatchObject({ code: 'cancelled', message: 'superseded by a newer request' });
    release();
    await expect(second).resolves.toBe('done');
    expect(registry.size).toBe(0);
  });

  it('lanes are independent: an embed does not cancel a decode', async () => {
    const registry = new RequestRegistry();
    const decode = registry.run('d', 'decode', async () => 'decoded');
    const embed = registry.run('e', 'embed', async () => 'embedded');
    await expect(Promise.all([decode, embed])).resolves.toEqual(['decoded', 'embedded']);
  });

  it('cancels by id, and says when nothing ran under it', async () => {
    const registry = new RequestRegistry();
    const job = registry.run('x', undefined, (signal) => until(signal, new Promise(() => {})));
    expect(registry.abort('x')).toBe(true);
    await expect(job).rejects.toMatchObject({ code: 'cancelled' });
    expect(registry.abort('x')).toBe(false);
  });

  it("stops a request when its client's signal aborts (the caller went away)", async () => {
    const registry = new RequestRegistry();
    const client = new AbortController();
    const job = registry.run('gone', undefined, (signal) => until(signal, new Promise(() => {})), client.signal);
    client.abort();
    await expect(job).rejects.toMatchObject({ code: 'cancelled', message: CLIENT_GONE });
    expect(registry.size).toBe(0);
  });

  it('does not start work for a client already gone', async () => {
    const registry = new RequestRegistry();
    const client = new AbortController();
    client.abort();
    let started = false;
    const job = registry.run('late', 'frames', async () => {
      started = true;
      return 1;
    }, client.signal);
    await expect(job).rejects.toMatchObject({ code: 'cancelled' });
    expect(started).toBe(false);
  });

  it('runs requests without an id under private ids a caller cannot name; a lane still replaces them', async () => {
    const registry = new RequestRegistry();
    const first = registry.run(undefined, 'frames', (signal) => until(signal, new Promise(() => {})));
    const second = registry.run(undefined, 'frames', async () => 'second');
    await expect(first).rejects.toMatchObject({ code: 'cancelled', message: 'superseded by a newer request' });
    await expect(second).resolves.toBe('second');
    expect(registry.abort('1')).toBe(false);
  });

  it('refuses a request id already running', async () => {
    const registry = new RequestRegistry();
    const job = registry.run('same', undefined, (signal) => until(signal, new Promise(() => {})));
    await expect(registry.run('same', undefined, async () => 1)).rejects.toMatchObject({ code: 'invalid-request' });
    registry.abortAll();
    await expect(job).rejects.toMatchObject({ code: 'cancelled' });
  });
});

/**
 * Work abandoned by its HTTP client stops: a connection closed before the answer aborts the
 * operation's signal, and a 64-frame interpolation strip on the real engine (fixture pack) is
 * cancelled instead of decoding on for nobody. A normal answer aborts nothing.
 */
import { request as httpRequest, type ClientRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createServiceHandlers, type ServiceHandlers } from '../../electron/backend/handlers';
import { CLIENT_GONE } from '../../electron/backend/requests';
import type { OperationContext } from '../../electron/backend/run-operation';
import type { ProgressEvent } from '../../electron/contract/editor-schemas';
import { newToken, TOKEN_HEADER } from '../../electron/http/guard';
import { startServer, type RunningServer } from '../../electron/http/server';
import { tempDir } from '../engine/helpers';
import { apiCaller, TEST_APP_INFO, tinyService } from './helpers';

const root = tempDir('reseed-abandoned-');
const token = newToken();
const servers: RunningServer[] = [];
const progress: ProgressEvent[] = [];
let onProgress: ((event: ProgressEvent) => void) | undefined;
const service = tinyService({
  emit: (_event, payload) => {
    progress.push(payload);
    onProgress?.(payload);
  },
});

afterAll(async () => {
  for (const server of servers) await server.close();
  await service.dispose();
});

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

async function serve(handlers: ServiceHandlers): Promise<RunningServer> {
  const server = await startServer({ handlers, staticDir: join(root, 'static'), token, port: 0 });
  servers.push(server);
  return server;
}

/** POSTs without waiting for the answer; the caller may destroy the request (closing its connection). */
function post(server: RunningServer, name: string, body: unknown): ClientRequest {
  const text = JSON.stringify(body);
  const req = httpRequest({
    host: '127.0.0.1',
    port: server.port,
    method: 'POST',
    path: `/api/${name}`,
    headers: { host: `127.0.0.1:${server.port}`, [TOKEN_HEADER]: token, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
  });
  req.on('error', () => {}); // destroyed on purpose
  req.end(text);
  return req;
}

describe('an HTTP client that goes away', () => {
  it("aborts the operation's signal when the connection closes before the answer", async () => {
    const started = deferred<AbortSignal>();
    const aborted = deferred<unknown>();
    const handlers: ServiceHandlers = {
      ...createServiceHandlers({ service, appInfo: TEST_APP_INFO }),
      interpolationFrames: (_request, context?: OperationContext) => {
        const signal = context?.signal;
        if (signal === undefined) {
          aborted.reject(new Error('the handler got no abort signal'));
          started.reject(new Error('no signal'));
          return new Promise(() => {});
        }
        signal.addEventListener('abort', () => aborted.resolve(signal.reason), { once: true });
        started.resolve(signal);
        return new Promise(() => {});
      },
    };
    const server = await serve(handlers);
    const req = post(server, 'interpolationFrames', { a: { seedNumber: 1 }, b: { seedNumber: 2 }, frames: 64 });
    const signal = await started.promise;
    expect(signal.aborted).toBe(false);
    req.destroy();
    await expect(aborted.promise).resolves.toBe(CLIENT_GONE);
  });

  it('aborts nothing once the answer has been sent', async () => {
    let seen: AbortSignal | undefined;
    const handlers: ServiceHandlers = {
      ...createServiceHandlers({ service, appInfo: TEST_APP_INFO }),
      appInfo: (_request, context) => {
        seen = context.signal;
        return TEST_APP_INFO();
      },
    };
    const server = await serve(handlers);
    const reply = await apiCaller(() => server.port, token, TOKEN_HEADER)('appInfo');
    expect(reply.ok).toBe(true);
    expect(seen?.aborted).toBe(false);
  });

  it('cancels a 64-frame interpolation strip on the real engine instead of decoding on', async () => {
    const handlers = createServiceHandlers({ service, appInfo: TEST_APP_INFO });
    let running: Promise<unknown> | undefined;
    const frames = handlers.interpolationFrames;
    handlers.interpolationFrames = (request, context) => {
      const promise = Promise.resolve(frames(request, context));
      running = promise;
      return promise;
    };
    const server = await serve(handlers);
    // 1000 steps of 64 frames: half a minute of CPU on the fixture pack if nothing stops it.
    const decoding = deferred<void>();
    onProgress = (e) => e.requestId === 'abandoned-strip' && decoding.resolve();
    const req = post(server, 'interpolationFrames', { requestId: 'abandoned-strip', a: { seedNumber: 1 }, b: { seedNumber: 2 }, frames: 64, steps: 1000 });
    await decoding.promise;
    onProgress = undefined;
    const gone = performance.now();
    req.destroy();
    await expect(running).rejects.toMatchObject({ code: 'cancelled', message: CLIENT_GONE });
    const stoppedMs = performance.now() - gone;
    const events = progress.filter((e) => e.requestId === 'abandoned-strip');
    const reached = Math.max(...events.map((e) => e.done));
    const total = events[0]!.total;
    expect(reached).toBeLessThan(total);
    console.info(`abandoned 64-frame strip stopped ${stoppedMs.toFixed(0)} ms after its client went away (at step ${reached} of ${total})`);
    // The engine is free again: the next request is answered.
    const reply = await apiCaller(() => server.port, token, TOKEN_HEADER)('interpolationFrames', { a: { seedNumber: 1 }, b: { seedNumber: 2 }, frames: 2, steps: 2 });
    expect(reply.ok, reply.error?.message).toBe(true);
  });
});

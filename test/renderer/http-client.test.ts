/** The HTTP form of ReseedApi: token header, JSON envelopes, failures as envelopes, checked events. */
import { describe, expect, it, vi } from 'vitest';
import { invokeChannels } from '../../electron/contract/channels';
import { tokenFromLocation } from '../../renderer/src/api';
import { createHttpApi, TOKEN_HEADER } from '../../renderer/src/http-client';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('createHttpApi', () => {
  it('has every operation of the contract plus on', () => {
    const api = createHttpApi('http://127.0.0.1:1', 't', vi.fn());
    expect(Object.keys(api).sort()).toEqual([...Object.keys(invokeChannels), 'on'].sort());
  });

  it('posts the request as JSON with the token header and returns the envelope', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { ok: true, value: { cancelled: true } }));
    const api = createHttpApi('http://127.0.0.1:9', 'secret', fetchMock);
    await expect(api.cancel({ requestId: 'r1' })).resolves.toEqual({ ok: true, value: { cancelled: true } });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://127.0.0.1:9/api/cancel');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)[TOKEN_HEADER]).toBe('secret');
    expect(init.body).toBe('{"requestId":"r1"}');
  });

  it('sends no body for operations without a request', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { ok: true, value: { items: [] } }));
    await createHttpApi('http://h', 't', fetchMock).recentImages();
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.body).toBeUndefined();
  });

  it('passes error envelopes through and turns transport failures into envelopes', async () => {
    const api = createHttpApi('http://h', 't', vi.fn(async () => jsonResponse(401, { ok: false, error: { code: 'unauthorized', message: 'no token' } })));
    await expect(api.packInfo()).resolves.toEqual({ ok: false, error: { code: 'unauthorized', message: 'no token' } });
    const down = createHttpApi('http://h', 't', vi.fn(async () => Promise.reject(new TypeError('fetch failed'))));
    await expect(down.packInfo()).resolves.toMatchObject({ ok: false, error: { code: 'transport' } });
    const html = createHttpApi('http://h', 't', vi.fn(async () => new Response('<html>', { status: 502 })));
    await expect(html.packInfo()).resolves.toMatchObject({ ok: false, error: { code: 'transport' } });
  });

  it('delivers valid events from the stream and drops malformed ones', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const enc = new TextEncoder();
        controller.enqueue(enc.encode('event: progress\ndata: {"requestId":"r1","operation":"embed","done":3,"total":10}\n\n'));
        controller.enqueue(enc.encode('event: progress\ndata: {"requestId":"../x","operation":"embed","done":1,"total":1}\n\n'));
        controller.enqueue(enc.encode('event: unknown\ndata: {}\n\n'));
      },
    });
    const fetchMock = vi.fn(async () => new Response(stream, { status: 200 }));
    const api = createHttpApi('http://h', 't', fetchMock);
    const seen: unknown[] = [];
    const off = api.on('progress', (p) => seen.push(p));
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]).toEqual({ requestId: 'r1', operation: 'embed', done: 3, total: 10 });
    off();
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://h/api/events');
    expect((init.headers as Record<string, string>)[TOKEN_HEADER]).toBe('t');
  });
});

describe('cancelling over HTTP', () => {
  it('closes a stale decode itself, so the page never receives (and Chromium never logs) its 409', async () => {
    const signals: (AbortSignal | undefined)[] = [];
    const fetchMock = vi.fn((url: string, init: RequestInit) => {
      if (url.endsWith('/api/cancel')) return Promise.resolve(jsonResponse(200, { ok: true, value: { cancelled: false } }));
      signals.push(init.signal ?? undefined);
      // A decode that would answer 409 `cancelled` once the engine stopped it.
      return new Promise<Response>((resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        setTimeout(() => resolve(jsonResponse(409, { ok: false, error: { code: 'cancelled', message: 'superseded' } })), 5_000);
      });
    });
    const api = createHttpApi('http://h', 't', fetchMock as unknown as typeof fetch);
    const decoding = api.decode({ requestId: 'd1', seedId: 's', sliders: {} });
    await vi.waitFor(() => expect(signals).toHaveLength(1));
    await api.cancel({ requestId: 'd1' });
    expect(signals[0]?.aborted).toBe(true);
    await expect(decoding).resolves.toEqual({ ok: false, error: { code: 'cancelled', message: 'cancelled' } });
    // The cancel still went to the server, for a server that had not noticed the closed request.
    expect(fetchMock.mock.calls.map(([u]) => u)).toEqual(['http://h/api/decode', 'http://h/api/cancel']);
  });

  it('leaves a batch to the server: its cancel is answered with the batch summary', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { ok: true, value: { cancelled: true } }));
    const api = createHttpApi('http://h', 't', fetchMock);
    await api.cancel({ requestId: 'batch-1' });
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.signal).toBeUndefined();
  });
});

describe('tokenFromLocation', () => {
  it('reads the token from the fragment or the query, and refuses odd ones', () => {
    const token = 'WtADTQ8eLblOmhGCIi8rASWZiOnOQDdljacQGJxNXWo';
    expect(tokenFromLocation(`#token=${token}`, '')).toBe(token);
    expect(tokenFromLocation('', `?token=${token}`)).toBe(token);
    expect(tokenFromLocation('#token=short', '')).toBeNull();
    expect(tokenFromLocation('#token=<script>aaaaaaaaaaaaaaaa', '')).toBeNull();
    expect(tokenFromLocation('', '')).toBeNull();
  });
});

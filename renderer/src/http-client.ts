/**
 * The `ReseedApi` over HTTP, for the editor served by `reseed serve`: `POST /api/<operation>` with
 * the token in a header, answers parsed as the same `Result` envelope IPC returns, events from
 * the Server-Sent Events stream at /api/events (read with fetch so it carries the token too).
 */
import { eventChannels, invokeChannels, type EventName } from '../../electron/contract/channels';
import { eventContract, type EventPayloadOf, type ReseedApi } from '../../electron/contract/contract';
import { ErrorCode, ErrorInfoSchema, type Result } from '../../electron/contract/result';
import { SseParser } from './sse-parser';

export const TOKEN_HEADER = 'x-reseed-token';

type Listener = (payload: unknown) => void;
type FetchLike = typeof fetch;

/** A transport failure as an envelope, so callers handle one kind of failure. */
function transportFailure(message: string): Result<never> {
  return { ok: false, error: { code: ErrorCode.transport, message } };
}

/**
 * Operations whose cancellation the client carries out itself by closing the request (an aborted
 * fetch): the server takes a closed connection as a cancel (electron/http/api-routes.ts), and the
 * page never receives the `cancelled` answer with its HTTP 409, which Chromium would log in the
 * console as a failed resource for every stale slider decode. batchRun is not among them: its
 * cancel is answered with the batch's summary, which the panel shows.
 */
export const ABORT_ON_CANCEL: ReadonlySet<string> = new Set(['embed', 'generate', 'decode', 'interpolate', 'interpolationFrames', 'directionCreate']);

const CANCELLED: Result<never> = { ok: false, error: { code: ErrorCode.cancelled, message: 'cancelled' } };

async function call(fetchImpl: FetchLike, base: string, token: string, name: string, request: unknown, signal?: AbortSignal): Promise<Result<unknown>> {
  let response: Response;
  try {
    response = await fetchImpl(`${base}/api/${name}`, {
      method: 'POST',
      headers: request === undefined ? { [TOKEN_HEADER]: token } : { [TOKEN_HEADER]: token, 'Content-Type': 'application/json' },
      body: request === undefined ? undefined : JSON.stringify(request),
      cache: 'no-store',
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (error) {
    if (signal?.aborted) return CANCELLED;
    return transportFailure(`the Reseed server cannot be reached (${(error as Error).message}); is reseed serve still running?`);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    if (signal?.aborted) return CANCELLED;
    return transportFailure(`the server answered ${response.status} without a JSON envelope`);
  }
  const envelope = body as { ok?: unknown; value?: unknown; error?: unknown };
  if (envelope.ok === true && 'value' in envelope) return { ok: true, value: envelope.value };
  const error = ErrorInfoSchema.safeParse(envelope.error);
  if (envelope.ok === false && error.success) return { ok: false, error: error.data };
  return transportFailure(`the server answered ${response.status} with an unexpected body`);
}

/** One shared event stream, opened with the first listener, reconnected after drops. */
class EventStream {
  private readonly listeners = new Map<string, Set<Listener>>();
  private controller: AbortController | undefined;

  constructor(
    private readonly fetchImpl: FetchLike,
    private readonly base: string,
    private readonly token: string,
  ) {}

  subscribe(event: string, listener: Listener): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    if (this.controller === undefined) this.open();
    return () => {
      set.delete(listener);
      if ([...this.listeners.values()].every((s) => s.size === 0)) {
        this.controller?.abort();
        this.controller = undefined;
      }
    };
  }

  private open(): void {
    const controller = new AbortController();
    this.controller = controller;
    void this.read(controller).catch(() => undefined).finally(() => {
      // Dropped (server restarted, laptop slept): try again shortly while someone listens.
      if (this.controller === controller) setTimeout(() => this.controller === controller && this.open(), 2000);
    });
  }

  private async read(controller: AbortController): Promise<void> {
    const response = await this.fetchImpl(`${this.base}/api/events`, { headers: { [TOKEN_HEADER]: this.token }, signal: controller.signal, cache: 'no-store' });
    if (!response.ok || response.body === null) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    const parser = new SseParser();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      for (const e of parser.push(value)) this.dispatch(e.event, e.data);
    }
  }

  private dispatch(event: string, data: string): void {
    if (!Object.hasOwn(eventChannels, event)) return;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    // Events are untrusted input like any response: checked before a listener sees them.
    const parsed = eventContract[event as EventName].safeParse(payload);
    if (!parsed.success) return;
    for (const listener of this.listeners.get(event) ?? []) listener(parsed.data);
  }
}

/** An API object talking to `reseed serve` at `base` (its origin) with `token`. */
export function createHttpApi(base: string, token: string, fetchImpl: FetchLike = (...args) => fetch(...args)): ReseedApi {
  const api: Record<string, unknown> = {};
  // Requests in flight by request id, for the operations a cancel closes (ABORT_ON_CANCEL).
  const inFlight = new Map<string, AbortController>();
  for (const name of Object.keys(invokeChannels)) {
    api[name] = async (request?: unknown) => {
      const requestId = ABORT_ON_CANCEL.has(name) ? (request as { requestId?: unknown } | undefined)?.requestId : undefined;
      if (typeof requestId !== 'string' || inFlight.has(requestId)) return call(fetchImpl, base, token, name, request);
      const controller = new AbortController();
      inFlight.set(requestId, controller);
      try {
        return await call(fetchImpl, base, token, name, request, controller.signal);
      } finally {
        if (inFlight.get(requestId) === controller) inFlight.delete(requestId);
      }
    };
  }
  const send = api.cancel as (request: { requestId: string }) => Promise<Result<unknown>>;
  api.cancel = (request: { requestId: string }) => {
    const controller = inFlight.get(request?.requestId);
    if (controller === undefined) return send(request);
    // Closing the request cancels it on the server; the cancel still goes out for a server that
    // had not noticed yet (it answers 200 either way).
    inFlight.delete(request.requestId);
    controller.abort();
    return send(request);
  };
  const stream = new EventStream(fetchImpl, base, token);
  api.on = <E extends EventName>(event: E, listener: (payload: EventPayloadOf<E>) => void) => {
    if (!Object.hasOwn(eventChannels, event)) throw new Error(`reseed: unknown event "${event}"`);
    return stream.subscribe(event, listener as Listener);
  };
  return Object.freeze(api) as unknown as ReseedApi;
}

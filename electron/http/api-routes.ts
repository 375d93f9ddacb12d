/**
 * The HTTP form of the contract: `POST /api/<operation>` with the request as the JSON body (an
 * empty body for operations without one), answered with the same `Result` envelope as IPC. Every
 * body is validated with the operation's zod schema (backend/run-operation.ts); the status code
 * mirrors the envelope so plain HTTP tools see failures too. A client that closes its connection
 * before the answer has abandoned the operation: its signal aborts, and the engine stops.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { invokeChannels, type InvokeName } from '../contract/channels';
import { MAX_IMAGE_BASE64_CHARS } from '../contract/editor-schemas';
import { ErrorCode, fail, type Result } from '../contract/result';
import type { ServiceHandlers } from '../backend/handlers';
import { runOperation, type OperationContext } from '../backend/run-operation';
import { CLIENT_GONE } from '../backend/requests';

/** The largest body: a base64 picture plus its JSON wrapping. */
export const MAX_BODY_BYTES = MAX_IMAGE_BASE64_CHARS + 64 * 1024;

const STATUS_OF: Record<string, number> = {
  [ErrorCode.invalidRequest]: 400,
  [ErrorCode.forbidden]: 403,
  [ErrorCode.notFound]: 404,
  [ErrorCode.cancelled]: 409,
  // The export queue is full (or a folder is in use): the same request may succeed later.
  [ErrorCode.busy]: 409,
  'input-error': 422,
  // A seed of another pack than the active one: the request cannot apply now (embed again).
  'pack-mismatch': 409,
  unsupported: 501,
  'pack-error': 503,
  'provider-error': 503,
};

export function statusOf(result: Result<unknown>): number {
  return result.ok ? 200 : (STATUS_OF[result.error.code] ?? 500);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function operationOf(name: string): InvokeName | undefined {
  return Object.hasOwn(invokeChannels, name) ? (name as InvokeName) : undefined;
}

/** Generic over the operation so its handler's type lines up with its schemas. */
function run<K extends InvokeName>(name: K, payload: unknown, handlers: ServiceHandlers, context: OperationContext): Promise<Result<unknown>> {
  return runOperation(name, payload, handlers[name], context);
}

/**
 * A signal that aborts when the connection closes before the response has been sent (the tab was
 * closed or reloaded, fetch was aborted, curl was stopped). 'close' on the response also fires
 * after a normal answer, which writableFinished tells apart.
 */
function clientSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(CLIENT_GONE);
  });
  return controller.signal;
}

/** Answers one `POST /api/<name>` request (token and host already checked). */
export async function handleOperation(req: IncomingMessage, res: ServerResponse, name: string, handlers: ServiceHandlers): Promise<void> {
  const signal = clientSignal(res);
  const operation = operationOf(name);
  if (operation === undefined) return sendJson(res, 404, fail(ErrorCode.notFound, `no API operation "${name}"`));
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return sendJson(res, 405, fail(ErrorCode.invalidRequest, `${name}: use POST`));
  }
  const type = req.headers['content-type'] ?? '';
  let text: string;
  try {
    text = await readBody(req, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      res.setHeader('Connection', 'close');
      return sendJson(res, 413, fail(ErrorCode.invalidRequest, `${name}: the request is larger than ${MAX_BODY_BYTES} bytes`));
    }
    throw error;
  }
  let payload: unknown = undefined;
  if (text.trim() !== '') {
    if (!/^application\/json\b/i.test(type)) return sendJson(res, 415, fail(ErrorCode.invalidRequest, `${name}: send JSON (Content-Type: application/json)`));
    try {
      payload = JSON.parse(text);
    } catch (error) {
      return sendJson(res, 400, fail(ErrorCode.invalidRequest, `${name}: the body is not valid JSON (${(error as Error).message})`));
    }
  }
  const result = await run(operation, payload, handlers, { signal });
  // Nobody is left to read it (and the socket is gone).
  if (signal.aborted) return;
  sendJson(res, statusOf(result), result);
}

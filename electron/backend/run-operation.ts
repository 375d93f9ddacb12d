/**
 * Runs one operation of the contract for any transport (IPC in the desktop app, HTTP in
 * `reseed serve`): the request must match the channel's request schema, the handler's answer must
 * match the response schema, and the caller always gets a `Result` envelope; nothing is thrown.
 */
import { z } from 'zod';
import { invokeChannels, type InvokeName } from '../contract/channels';
import { invokeContract, type ParsedRequestOf } from '../contract/contract';
import { ErrorCode, fail, ok, toErrorInfo, type Result } from '../contract/result';

/**
 * What the transport knows about the call besides its payload. `signal` aborts when the caller is
 * gone (an HTTP connection closed before the answer, the window that asked destroyed or
 * reloaded): long operations stop instead of working for nobody.
 */
export interface OperationContext {
  readonly signal: AbortSignal;
}

/** For callers with no transport to watch (tests, one-shot calls): never aborts. */
export const DETACHED: OperationContext = { signal: new AbortController().signal };

/** What a handler may return: the response schema's input (defaults may be left out). */
export type ResponseInputOf<K extends InvokeName> = z.input<(typeof invokeContract)[K]['response']>;

/** Parses a request; the failure names the channel and every problem in one message. */
export function parseRequest<K extends InvokeName>(name: K, payload: unknown): Result<ParsedRequestOf<K>> {
  const parsed = invokeContract[name].request.safeParse(payload);
  if (parsed.success) return ok(parsed.data as ParsedRequestOf<K>);
  return fail(ErrorCode.invalidRequest, `${invokeChannels[name]}: ${z.prettifyError(parsed.error)}`);
}

/** Validates `payload`, runs `run` on it (with the transport's context) and validates the answer. */
export async function runOperation<K extends InvokeName>(
  name: K,
  payload: unknown,
  run: (request: ParsedRequestOf<K>, context: OperationContext) => ResponseInputOf<K> | Promise<ResponseInputOf<K>>,
  context: OperationContext = DETACHED,
): Promise<Result<unknown>> {
  const channel = invokeChannels[name];
  const request = parseRequest(name, payload);
  if (!request.ok) return request;
  try {
    const value = await run(request.value, context);
    const response = invokeContract[name].response.safeParse(value);
    if (!response.success) {
      console.error(`reseed: ${channel} answered outside its schema`, response.error);
      return fail(ErrorCode.invalidResponse, `${channel}: ${z.prettifyError(response.error)}`);
    }
    return ok(response.data);
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}

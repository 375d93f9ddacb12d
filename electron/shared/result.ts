/**
 * The result envelope every operation answers with. Electron rewrites errors thrown across IPC
 * into "Error invoking remote method …" strings and drops their fields; a plain object survives
 * IPC, contextBridge and JSON over HTTP unchanged, so errors keep their machine-readable code.
 */
import { z } from 'zod';

/** Codes the shell itself produces; engine operations add their own (strings, kebab-case). */
export const ErrorCode = {
  invalidRequest: 'invalid-request',
  invalidResponse: 'invalid-response',
  forbidden: 'forbidden',
  notFound: 'not-found',
  cancelled: 'cancelled',
  internal: 'internal',
} as const;

export const ErrorInfoSchema = z.object({
  code: z.string().min(1),
  message: z.string(),
});
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;

export type Ok<T> = { ok: true; value: T };
export type Fail = { ok: false; error: ErrorInfo };
export type Result<T> = Ok<T> | Fail;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function fail(code: string, message: string): Fail {
  return { ok: false, error: { code, message } };
}

/** Schema of `Result<T>` for a value schema, for clients that receive envelopes as untrusted JSON. */
export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: ErrorInfoSchema }),
  ]);
}

/** An error that carries an envelope code; handlers throw it to choose the code the caller sees. */
export class ReseedError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ReseedError';
    this.code = code;
  }
}

/** The value of a successful result, or a thrown `ReseedError` with the failure's code. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new ReseedError(result.error.code, result.error.message);
}

/** Turns anything thrown by a handler into the error half of an envelope. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof ReseedError) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: ErrorCode.internal, message: error.message };
  return { code: ErrorCode.internal, message: String(error) };
}

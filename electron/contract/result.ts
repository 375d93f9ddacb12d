/**
 * The result envelope every operation answers with. Electron rewrites errors thrown across IPC
 * into "Error invoking remote method …" strings and drops their fields; a plain object survives
 * IPC, contextBridge and JSON over HTTP unchanged, so errors keep their machine-readable code.
 */
import { z } from 'zod';

/**
 * Every error code of the app, in one vocabulary: what the engine, the backend, the HTTP layer, the
 * desktop shell and the renderer put in an envelope, and what the renderer shows notices under.
 */
export const ErrorCode = {
  /** The request failed its schema (or a value is out of range). */
  invalidRequest: 'invalid-request',
  /** The answer failed its schema: a bug, never the user's fault. */
  invalidResponse: 'invalid-response',
  /** A path outside the allowed folders, a sender that is not the app's window. */
  forbidden: 'forbidden',
  /** `reseed serve` without the run's token. */
  unauthorized: 'unauthorized',
  notFound: 'not-found',
  cancelled: 'cancelled',
  /** Another operation holds what this one needs (an output folder, the export queue): try later. */
  busy: 'busy',
  internal: 'internal',
  /** This picture cannot be used: open another. */
  input: 'input-error',
  /** The pack is broken: its file and field are named. */
  pack: 'pack-error',
  /** No execution provider runs the pack. */
  provider: 'provider-error',
  /** An output cannot be written. */
  output: 'output-error',
  /** A seed made with another pack than the active one. */
  packMismatch: 'pack-mismatch',
  /** Not available where this runs (no native dialog in the browser, no workflows). */
  unsupported: 'unsupported',
  /** The file manager could not show a folder. */
  openFailed: 'open-failed',
  /** The renderer could not reach `reseed serve`. */
  transport: 'transport',
  /** Renderer notices: nothing embedded yet to export; a batch ended; the pack was switched; face search. */
  nothingToExport: 'nothing-to-export',
  batchEnded: 'batch-ended',
  packSwitched: 'pack-switched',
  faceFound: 'face-found',
  faceNotFound: 'face-not-found',
  /** Renderer notice: the last session (photo, crop, edits, undo history) came back after a reload. */
  sessionRestored: 'session-restored',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const CODES = Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]];
export const ErrorCodeSchema = z.enum(CODES);

export const ErrorInfoSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
});
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;

export type Ok<T> = { ok: true; value: T };
export type Fail = { ok: false; error: ErrorInfo };
export type Result<T> = Ok<T> | Fail;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string): Fail {
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
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
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

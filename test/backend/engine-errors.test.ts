/** Engine errors reach the renderer with a code it can act on: each kind has its own. */
import { describe, expect, it } from 'vitest';
import { toReseedError } from '../../electron/backend/engine-errors';
import { LockHeldError } from '../../electron/engine/batch/run-lock';
import { InputError, OutputError, PackError, ProviderError } from '../../electron/engine/errors';
import { ErrorCode, ErrorCodeSchema, ReseedError } from '../../electron/contract/result';

describe('toReseedError', () => {
  it.each([
    [new InputError('x.png', 'truncated or corrupt'), ErrorCode.input],
    [new PackError('pack.json', 'id', 'missing'), ErrorCode.pack],
    [new ProviderError('nothing runs it', []), ErrorCode.provider],
    [new OutputError('/out', 'read-only'), ErrorCode.output],
    // Another batch holds the folder: "try later", not "this folder is broken".
    [new LockHeldError('/out', 'another batch is writing to this folder'), ErrorCode.busy],
    [new RangeError('frames must be ≥ 2'), ErrorCode.invalidRequest],
  ])('%s → %s', (error, code) => {
    const mapped = toReseedError(error) as ReseedError;
    expect(mapped).toBeInstanceOf(ReseedError);
    expect(mapped.code).toBe(code);
    expect(ErrorCodeSchema.safeParse(mapped.code).success).toBe(true);
  });

  it('leaves anything else alone (it becomes internal at the envelope)', () => {
    const plain = new Error('boom');
    expect(toReseedError(plain)).toBe(plain);
  });
});

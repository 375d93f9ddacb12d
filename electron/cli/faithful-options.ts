/**
 * The faithful-edit options of `reseed edit` and `reseed interpolate` (docs/design.md, Faithful
 * edits and Locks): --keep-details[=s] (on by default) and --no-keep-details, --lock <id>
 * (repeatable) and --mask <file>.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { InputError } from '../engine/errors';
import type { KeepDetails } from '../engine/faithful/keep-details';
import { option } from './args';
import { UsageError } from './exit-codes';
import { absolute } from './files';
import type { CliIO } from './io';

export interface FaithfulOptions {
  /** undefined: keep details off. */
  readonly keepDetails: KeepDetails | undefined;
  readonly locks: string[];
  readonly mask: { readonly path: string; readonly label: string; readonly bytes: Buffer } | undefined;
}

/**
 * node:util's parseArgs has no option with an optional value: a bare --keep-details would take the
 * next argument as its value, so it is rewritten to --keep-details=1 first.
 */
export function withKeepDetailsFlag(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  return argv.map((a, i) => (a === '--keep-details' && (end < 0 || i < end) ? '--keep-details=1' : a));
}

const StrengthSchema = z
  .string()
  .regex(/^(?:\d+\.?\d*|\.\d+)$/, 'expected a number from 0 to 1')
  .transform(Number)
  .refine((n) => n >= 0 && n <= 1, 'expected a number from 0 to 1');

const LockSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/i, 'expected a direction id');

export async function faithfulOptions(
  io: CliIO,
  values: { 'keep-details'?: string; 'no-keep-details'?: boolean; lock?: string[]; mask?: string },
): Promise<FaithfulOptions> {
  if (values['no-keep-details'] && values['keep-details'] !== undefined) throw new UsageError('give --keep-details or --no-keep-details, not both');
  const keepDetails = values['no-keep-details'] ? undefined : { strength: values['keep-details'] === undefined ? 1 : option('keep-details', values['keep-details'], StrengthSchema) };
  const locks = [...new Set((values.lock ?? []).map((l) => option('lock', l, LockSchema)))];
  let mask: FaithfulOptions['mask'];
  if (values.mask !== undefined) {
    const path = absolute(io, values.mask);
    try {
      mask = { path, label: values.mask, bytes: await readFile(path) };
    } catch (error) {
      throw new InputError(values.mask, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message);
    }
  }
  return { keepDetails, locks, mask };
}

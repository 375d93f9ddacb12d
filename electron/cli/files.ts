/**
 * Output and input files of the single-image commands. Outputs are checked before any work (an
 * existing file is never overwritten silently: --force), written atomically, and relative paths
 * are taken from the caller's working folder.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { writeFileAtomic } from '../engine/batch/atomic-write';
import { InputError, OutputError } from '../engine/errors';
import { decodeNpy } from '../engine/npy';
import type { OpenPack } from '../engine/open-pack';
import type { EmbedMethod } from '../engine/embedding';
import type { Tensor4 } from '../engine/tensor';
import type { CliIO } from './io';

export function absolute(io: CliIO, path: string): string {
  return isAbsolute(path) ? path : resolve(io.cwd, path);
}

/** The real path of `path`, which may not exist yet: its nearest existing ancestor's, plus the rest. */
export async function realpathAllowingMissing(path: string): Promise<string> {
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    try {
      return join(await realpath(current), ...missing.reverse());
    } catch (error) {
      const up = dirname(current);
      if (up === current) throw error;
      missing.push(basename(current));
      current = up;
    }
  }
}

/** Refuses an output path that is a folder, or an existing file without --force. */
export async function checkOutputFile(path: string, force: boolean): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return;
  if (info.isDirectory()) throw new OutputError(path, 'is a folder; give a file name');
  if (!force) throw new OutputError(path, 'exists; pass --force to overwrite it');
}

/** Refuses an output folder path that is an existing file. */
export async function checkOutputFolder(path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info && !info.isDirectory()) throw new OutputError(path, 'exists and is not a folder');
}

export async function writeOutput(path: string, bytes: Uint8Array): Promise<void> {
  try {
    await writeFileAtomic(path, bytes);
  } catch (error) {
    throw new OutputError(path, `cannot write (${(error as Error).message})`);
  }
}

/** A seed .npy (C×H×W or 1×C×H×W) as a batch of one for this pack. */
export async function readSeedFile(open: OpenPack, path: string): Promise<Tensor4> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new InputError(path, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message);
  }
  try {
    const npy = decodeNpy(bytes);
    const seed = open.asSeed(npy.data, npy.shape);
    if (seed.shape[0] !== 1) throw new RangeError(`holds ${seed.shape[0]} seeds, expected one`);
    return seed;
  } catch (error) {
    throw new InputError(path, (error as Error).message);
  }
}

/** `seed:7` or `7`: an integer seed; returns undefined for anything else. */
export function integerSeed(text: string): number | undefined {
  const m = /^(?:seed:)?(\d+)$/.exec(text);
  return m ? Number(m[1]) : undefined;
}

/**
 * The seed behind a command-line source: an integer seed (`seed:7`), a .npy seed file, or a
 * picture, which is embedded with `method`.
 */
export async function seedFromSource(io: CliIO, open: OpenPack, source: string, method: EmbedMethod, steps: number | undefined): Promise<Tensor4> {
  const n = integerSeed(source);
  if (n !== undefined && n <= 0xffffffff) return open.randomSeed(n);
  const path = absolute(io, source);
  if (source.toLowerCase().endsWith('.npy')) return readSeedFile(open, path);
  const result = await open.embedFile(path, { method, steps, signal: io.signal, label: source });
  return result.seed;
}

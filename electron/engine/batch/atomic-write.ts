/**
 * Atomic file writes: data goes to a temporary file beside the target, then a rename puts it in
 * place, so a kill at any moment leaves either the old file, the new one, or a stray *.tmp, never
 * a half-written latent or PNG under the real name.
 */
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, sep } from 'node:path';

let counter = 0;

export interface AtomicWriteOptions {
  /**
   * Use `<path>.tmp` rather than a name unique to this process: for writers that own the target
   * (a batch shard under its lock), so a re-run overwrites what a killed run left behind.
   */
  readonly fixedTemp?: boolean;
}

/** `path` followed by `suffix`, for a text path or one given as bytes (a name that is not UTF-8). */
export function withSuffix(path: string | Buffer, suffix: string): string | Buffer {
  return typeof path === 'string' ? path + suffix : Buffer.concat([path, Buffer.from(suffix)]);
}

function parent(path: string | Buffer): string | Buffer {
  if (typeof path === 'string') return dirname(path);
  const at = path.lastIndexOf(sep);
  return at <= 0 ? Buffer.from(sep) : path.subarray(0, at);
}

export async function writeFileAtomic(path: string | Buffer, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  await mkdir(parent(path), { recursive: true });
  const tmp = withSuffix(path, options.fixedTemp ? '.tmp' : `.${process.pid}-${counter++}.tmp`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}

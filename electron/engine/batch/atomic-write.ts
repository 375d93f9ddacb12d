/**
 * Atomic file writes: data goes to a temporary file beside the target, then a rename puts it in
 * place, so a kill at any moment leaves either the old file, the new one, or a stray *.tmp, never
 * a half-written latent or PNG under the real name.
 */
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

let counter = 0;

export interface AtomicWriteOptions {
  /**
   * Use `<path>.tmp` rather than a name unique to this process: for writers that own the target
   * (a batch shard under its lock), so a re-run overwrites what a killed run left behind.
   */
  readonly fixedTemp?: boolean;
}

export async function writeFileAtomic(path: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = options.fixedTemp ? `${path}.tmp` : `${path}.${process.pid}-${counter++}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}

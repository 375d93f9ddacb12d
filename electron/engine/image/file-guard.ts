/**
 * Reads an input file safely: a named pipe, a socket or a device must never block the engine
 * (opening a FIFO for reading waits for a writer forever), a dangling symlink and an empty file
 * get their own clear message, and a huge file is refused before it is read into memory.
 */
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { InputError } from '../errors';

/** Files larger than this are not images a user means to embed (and would exhaust memory). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

function describeType(stat: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** The bytes of a regular file; throws an InputError naming `label` (default: the path). */
export async function readRegularFile(path: string, label = path, maxBytes = MAX_INPUT_BYTES): Promise<Buffer> {
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer; the fstat
    // below then refuses it. For regular files the flag changes nothing.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      const link = await lstat(path).catch(() => undefined);
      throw new InputError(label, link?.isSymbolicLink() ? 'dangling symbolic link (its target does not exist)' : 'no such file');
    }
    if (code === 'ENXIO') throw new InputError(label, 'a socket or device, not an image file');
    if (code === 'EISDIR') throw new InputError(label, 'a folder, not an image file');
    if (code === 'ELOOP') throw new InputError(label, 'symbolic link loop');
    throw new InputError(label, `cannot open (${code ?? (error as Error).message})`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new InputError(label, `${describeType(stat)}, not an image file`);
    if (stat.size === 0) throw new InputError(label, 'empty file');
    if (stat.size > maxBytes) {
      throw new InputError(label, `file is ${(stat.size / 2 ** 20).toFixed(0)} MiB, more than the ${(maxBytes / 2 ** 20).toFixed(0)} MiB limit`);
    }
    const buffer = Buffer.alloc(stat.size);
    let offset = 0;
    while (offset < stat.size) {
      const { bytesRead } = await handle.read(buffer, offset, stat.size - offset, offset);
      if (bytesRead === 0) break; // the file shrank while we read it
      offset += bytesRead;
    }
    return offset === stat.size ? buffer : buffer.subarray(0, offset);
  } finally {
    await handle.close();
  }
}

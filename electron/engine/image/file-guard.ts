/**
 * Opens and reads input files safely: a named pipe, a socket or a device must never block the
 * engine (opening a FIFO for reading waits for a writer forever), a dangling symlink and an empty
 * file get their own clear message, and a huge file is refused before it is read into memory.
 * A decoder that takes a path is given the path of the descriptor opened here (decoderPath), so it
 * reads the very file that was checked, whatever its name is made of.
 */
import { constants, existsSync } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
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

/**
 * An open handle on a regular, non-empty file of at most `maxBytes`, and its size; throws an
 * InputError naming `label` otherwise. A Buffer path reaches names that are not UTF-8.
 */
export async function openRegularFile(path: string | Buffer, label: string, maxBytes = MAX_INPUT_BYTES): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
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
    return { handle, size: stat.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Linux names every open descriptor in /proc/self/fd; elsewhere decoders get the path itself. */
const FD_PATHS = process.platform === 'linux' && existsSync('/proc/self/fd');

/**
 * A path string that a decoder taking paths (sharp) can open for the file behind `handle`: on
 * Linux its descriptor's own path, which reaches the checked file even if the name was swapped
 * since, or is not UTF-8 (a string path would lose such bytes). Elsewhere the path as given; a
 * name that is not UTF-8 there is refused with a clear reason rather than read under a wrong name.
 */
export function decoderPath(handle: FileHandle, path: string | Buffer, label: string): string {
  if (FD_PATHS) return `/proc/self/fd/${handle.fd}`;
  if (typeof path === 'string') return path;
  const text = path.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(path)) throw new InputError(label, 'the file name is not valid UTF-8, which the image decoder cannot open on this system');
  return text;
}

/** The bytes of a regular file; throws an InputError naming `label` (default: the path). */
export async function readRegularFile(path: string, label = path, maxBytes = MAX_INPUT_BYTES): Promise<Buffer> {
  const { handle, size } = await openRegularFile(path, label, maxBytes);
  try {
    const buffer = Buffer.alloc(size);
    let offset = 0;
    while (offset < size) {
      const { bytesRead } = await handle.read(buffer, offset, size - offset, offset);
      if (bytesRead === 0) break; // the file shrank while we read it
      offset += bytesRead;
    }
    return offset === size ? buffer : buffer.subarray(0, offset);
  } finally {
    await handle.close();
  }
}

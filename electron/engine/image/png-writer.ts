/**
 * A small PNG writer for the pictures the editor shows (data URLs of live decodes): 8-bit gray or
 * RGB, no filter, deflate at level 1. A slider drag sends one picture per frame, and sharp's PNG
 * pipeline costs ~5–7 ms a call even for a 64×64 picture (more than the preview decode itself);
 * this writes one in well under a millisecond. Files the user keeps (exports, batch outputs) still
 * go through sharp (encode.ts), which compresses harder.
 */
import { deflate, deflateSync } from 'node:zlib';
import { promisify } from 'node:util';

const deflateAsync = promisify(deflate);

/** Pictures up to this many pixels are compressed on the calling thread (a fraction of a ms). */
const SYNC_PIXELS = 256 * 256;

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One chunk: length, type, data, CRC of type and data. */
function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out, 4, 8 + data.length), 8 + data.length);
  return out;
}

export interface RawPixels {
  /** Interleaved 8-bit samples, row after row (H×W×C). */
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
}

/** The scanlines as PNG stores them: a filter byte (0, none) before each row. */
function scanlines({ data, width, height, channels }: RawPixels): Buffer {
  const stride = width * channels;
  if (data.length !== stride * height) throw new RangeError(`expected ${stride * height} samples for ${width}×${height}×${channels}, got ${data.length}`);
  const rows = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) rows.set(data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return rows;
}

function assemble(px: RawPixels, compressed: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(px.width, 0);
  header.writeUInt32BE(px.height, 4);
  header[8] = 8; // bit depth
  header[9] = px.channels === 1 ? 0 : 2; // colour type: gray or RGB
  // Bytes 10–12: deflate, adaptive filtering (every row says "none"), no interlace.
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', compressed), chunk('IEND', new Uint8Array(0))]);
}

/** PNG file bytes of 8-bit pixels, compressed fast. */
export async function writePng(px: RawPixels): Promise<Buffer> {
  const rows = scanlines(px);
  const compressed = px.width * px.height <= SYNC_PIXELS ? deflateSync(rows, { level: 1 }) : await deflateAsync(rows, { level: 1 });
  return assemble(px, compressed);
}

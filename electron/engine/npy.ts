/**
 * NumPy .npy files (format 1.0 to write; 1.0–3.0 to read), float32 little-endian in C order:
 * how seeds leave and enter the engine (`x.jpg.latent.npy`, `reseed edit seed.npy`) and how the
 * Python golden values arrive. Reading also accepts '<f8' and converts, since numpy defaults to it.
 */
const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

export interface NpyArray {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/** The bytes of a .npy file holding `data` with `shape`. */
export function encodeNpy(data: Float32Array, shape: readonly number[]): Buffer {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new RangeError(`npy: shape ${shape.join('×')} needs ${count} values, got ${data.length}`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // 1. Pad with spaces so that magic + version + length + header + '\n' is a multiple of 64,
  //    as numpy does, which keeps the data aligned for memory mapping.
  const unpadded = MAGIC.length + 2 + 2 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = Buffer.alloc(MAGIC.length + 4 + header.length + data.byteLength);
  MAGIC.copy(out, 0);
  out[6] = 1; // major version
  out[7] = 0; // minor version
  out.writeUInt16LE(header.length, 8);
  out.write(header, 10, 'latin1');
  // 2. Raw values; Float32Array is little-endian on every platform Node runs on (checked below).
  Buffer.from(data.buffer, data.byteOffset, data.byteLength).copy(out, 10 + header.length);
  return out;
}

/** Parses a .npy file's bytes; throws a RangeError saying what is wrong with it. */
export function decodeNpy(bytes: Uint8Array): NpyArray {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 10 || !buf.subarray(0, 6).equals(MAGIC)) throw new RangeError('npy: not a .npy file (bad magic)');
  const major = buf[6]!;
  let headerLength: number;
  let headerStart: number;
  if (major === 1) {
    headerLength = buf.readUInt16LE(8);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    headerLength = buf.readUInt32LE(8);
    headerStart = 12;
  } else {
    throw new RangeError(`npy: unsupported format version ${major}`);
  }
  const header = buf.toString(major === 3 ? 'utf8' : 'latin1', headerStart, headerStart + headerLength);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new RangeError(`npy: unreadable header ${JSON.stringify(header.trim())}`);
  }
  if (fortran === 'True') throw new RangeError('npy: Fortran-order arrays are not supported');
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new RangeError(`npy: bad shape (${shapeText})`);
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = headerStart + headerLength;
  const width = descr === '<f4' ? 4 : descr === '<f8' ? 8 : 0;
  if (width === 0) throw new RangeError(`npy: dtype ${descr} is not supported (use float32 '<f4')`);
  if (buf.length - dataStart < count * width) {
    throw new RangeError(`npy: truncated: shape (${shapeText}) needs ${count * width} bytes, file has ${buf.length - dataStart}`);
  }
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    data[i] = width === 4 ? buf.readFloatLE(dataStart + 4 * i) : buf.readDoubleLE(dataStart + 8 * i);
  }
  return { data, shape };
}

// Float32Array views are written raw above: refuse to run on a big-endian host rather than
// write byte-swapped files silently.
if (new Uint8Array(new Float32Array([1]).buffer)[3] !== 0x3f) {
  throw new Error('Reseed needs a little-endian host');
}

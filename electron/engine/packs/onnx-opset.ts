/**
 * The one fact pack validation needs from an ONNX file that onnxruntime's session metadata does
 * not give: the opsets it imports (ModelProto.opset_import [8], each OperatorSetIdProto with
 * domain [1] and version [2]). Names, types and shapes come from the session (network-check.ts).
 * Everything else in the file, the weights included, is skipped by its length.
 */

export interface OnnxOpset {
  readonly domain: string;
  readonly version: number;
}

/** Reads protobuf varints and skips fields in buf[pos, end). */
class Cursor {
  constructor(
    private readonly buf: Uint8Array,
    public pos: number,
    readonly end: number,
  ) {}

  varint(): number {
    // Field keys, lengths and versions fit in 53 bits.
    let result = 0;
    for (let i = 0, scale = 1; i < 10; i++, scale *= 128) {
      if (this.pos >= this.end) throw new RangeError('truncated varint');
      const byte = this.buf[this.pos++]!;
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return result;
    }
    throw new RangeError('varint longer than 10 bytes');
  }

  /** A length-delimited field as a cursor of its own; advances past it. */
  sub(): Cursor {
    const length = this.varint();
    if (this.pos + length > this.end) throw new RangeError('truncated field');
    const inner = new Cursor(this.buf, this.pos, this.pos + length);
    this.pos += length;
    return inner;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.sub();
    else if (wireType === 5) this.pos += 4;
    else throw new RangeError(`unsupported wire type ${wireType}`);
    if (this.pos > this.end) throw new RangeError('truncated field');
  }
}

function opset(c: Cursor, bytes: Uint8Array): OnnxOpset {
  let domain = '';
  let version = 0;
  while (c.pos < c.end) {
    const key = c.varint();
    const [field, wire] = [Math.floor(key / 8), key % 8];
    if (field === 1 && wire === 2) {
      const s = c.sub();
      domain = new TextDecoder().decode(bytes.subarray(s.pos, s.end));
    } else if (field === 2 && wire === 0) version = c.varint();
    else c.skip(wire);
  }
  return { domain, version };
}

/** The opsets a model imports; throws a RangeError for bytes that are not an ONNX model. */
export function readOnnxOpsets(bytes: Uint8Array): OnnxOpset[] {
  const c = new Cursor(bytes, 0, bytes.length);
  const out: OnnxOpset[] = [];
  let sawGraph = false;
  while (c.pos < c.end) {
    const key = c.varint();
    const [field, wire] = [Math.floor(key / 8), key % 8];
    if (field === 0) throw new RangeError('field number 0');
    if (field === 8 && wire === 2) out.push(opset(c.sub(), bytes));
    else {
      if (field === 7 && wire === 2) sawGraph = true;
      c.skip(wire);
    }
  }
  if (!sawGraph || out.length === 0) throw new RangeError('no graph or no opset_import');
  return out;
}

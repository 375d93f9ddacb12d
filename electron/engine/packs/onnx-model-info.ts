/**
 * Reads an ONNX model's graph inputs and outputs (names, element types, shapes) and its opsets
 * straight from the protobuf bytes, without onnxruntime: pack validation must say "denoiser.onnx
 * has no input named noisy" before any session exists, and on any provider.
 *
 * Only the few fields needed are decoded (onnx.proto3 field numbers in brackets); everything
 * else, the weights included, is skipped by its length.
 */

export interface OnnxValueInfo {
  readonly name: string;
  /** TensorProto.DataType: 1 = float32, 10 = float16, 11 = float64, 7 = int64. */
  readonly elemType: number;
  /** A number for a fixed dimension, a string for a symbolic one (e.g. "batch"), null if unset. */
  readonly shape: readonly (number | string | null)[] | null;
}

export interface OnnxModelInfo {
  readonly irVersion: number;
  readonly opsets: readonly { domain: string; version: number }[];
  /** Graph inputs that are not initializers (the feeds a session needs). */
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
}

export const ELEM_TYPE_NAMES: Record<number, string> = { 1: 'float32', 7: 'int64', 10: 'float16', 11: 'float64' };

class Reader {
  pos: number;
  constructor(
    private readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  varint(): number {
    // Values here (field keys, lengths, dims, versions) fit in 53 bits; wider ones lose precision only.
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new RangeError('truncated varint');
      const byte = this.buf[this.pos++]!;
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return result;
      scale *= 128;
    }
    throw new RangeError('varint longer than 10 bytes');
  }

  /** Reads a field key; returns [field number, wire type]. */
  key(): [number, number] {
    const k = this.varint();
    return [Math.floor(k / 8), k % 8];
  }

  /** A length-delimited field's sub-reader; advances past it. */
  sub(): Reader {
    const length = this.varint();
    const start = this.pos;
    if (start + length > this.end) throw new RangeError('truncated length-delimited field');
    this.pos += length;
    return new Reader(this.buf, start, start + length);
  }

  string(): string {
    const r = this.sub();
    return new TextDecoder().decode(this.buf.subarray(r.pos, r.end));
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

function readDimension(r: Reader): number | string | null {
  let dim: number | string | null = null;
  while (!r.done) {
    const [field, wire] = r.key();
    if (field === 1 && wire === 0) dim = r.varint(); // dim_value [1]
    else if (field === 2 && wire === 2) dim = r.string(); // dim_param [2]
    else r.skip(wire);
  }
  return dim;
}

function readValueInfo(r: Reader): OnnxValueInfo {
  let name = '';
  let elemType = 0;
  let shape: (number | string | null)[] | null = null;
  while (!r.done) {
    const [field, wire] = r.key();
    if (field === 1 && wire === 2) name = r.string(); // ValueInfoProto.name [1]
    else if (field === 2 && wire === 2) {
      const type = r.sub(); // ValueInfoProto.type [2] → TypeProto
      while (!type.done) {
        const [tf, tw] = type.key();
        if (tf !== 1 || tw !== 2) {
          type.skip(tw);
          continue;
        }
        const tensor = type.sub(); // TypeProto.tensor_type [1]
        while (!tensor.done) {
          const [f, w] = tensor.key();
          if (f === 1 && w === 0) elemType = tensor.varint(); // elem_type [1]
          else if (f === 2 && w === 2) {
            const shapeReader = tensor.sub(); // shape [2] → TensorShapeProto
            shape = [];
            while (!shapeReader.done) {
              const [sf, sw] = shapeReader.key();
              if (sf === 1 && sw === 2) shape.push(readDimension(shapeReader.sub())); // dim [1]
              else shapeReader.skip(sw);
            }
          } else tensor.skip(w);
        }
      }
    } else r.skip(wire);
  }
  return { name, elemType, shape };
}

/** The name [8] of a TensorProto (an initializer), skipping its data. */
function readTensorName(r: Reader): string {
  let name = '';
  while (!r.done) {
    const [field, wire] = r.key();
    if (field === 8 && wire === 2) name = r.string();
    else r.skip(wire);
  }
  return name;
}

/** Parses the bytes of an .onnx file; throws a RangeError when they are not a readable model. */
export function readOnnxModelInfo(bytes: Uint8Array): OnnxModelInfo {
  const model = new Reader(bytes);
  let irVersion = 0;
  const opsets: { domain: string; version: number }[] = [];
  let inputs: OnnxValueInfo[] = [];
  const outputs: OnnxValueInfo[] = [];
  let sawGraph = false;
  while (!model.done) {
    const [field, wire] = model.key();
    if (field === 1 && wire === 0) irVersion = model.varint(); // ModelProto.ir_version [1]
    else if (field === 8 && wire === 2) {
      const op = model.sub(); // opset_import [8]
      let domain = '';
      let version = 0;
      while (!op.done) {
        const [f, w] = op.key();
        if (f === 1 && w === 2) domain = op.string();
        else if (f === 2 && w === 0) version = op.varint();
        else op.skip(w);
      }
      opsets.push({ domain, version });
    } else if (field === 7 && wire === 2) {
      sawGraph = true;
      const graph = model.sub(); // graph [7]
      const initializers = new Set<string>();
      while (!graph.done) {
        const [f, w] = graph.key();
        if (f === 11 && w === 2) inputs.push(readValueInfo(graph.sub())); // input [11]
        else if (f === 12 && w === 2) outputs.push(readValueInfo(graph.sub())); // output [12]
        else if (f === 5 && w === 2) initializers.add(readTensorName(graph.sub())); // initializer [5]
        else graph.skip(w);
      }
      // Models of IR version < 4 list initializers among the inputs too; they are not feeds.
      inputs = inputs.filter((i) => !initializers.has(i.name));
    } else model.skip(wire);
  }
  if (!sawGraph || irVersion === 0) throw new RangeError('not an ONNX model (no graph or IR version found)');
  return { irVersion, opsets, inputs, outputs };
}

/**
 * A float32 tensor in NCHW layout, the one array type the engine passes around. Seeds, images
 * and network inputs are all Tensor4: a single image or seed is a batch of one.
 */

export type Shape4 = readonly [batch: number, channels: number, height: number, width: number];

export interface Tensor4 {
  readonly data: Float32Array;
  readonly shape: Shape4;
}

export function tensor4(data: Float32Array, shape: Shape4): Tensor4 {
  const size = shape[0] * shape[1] * shape[2] * shape[3];
  if (data.length !== size) {
    throw new RangeError(`tensor data has ${data.length} values, shape ${shape.join('×')} needs ${size}`);
  }
  return { data, shape };
}

export function zeros4(shape: Shape4): Tensor4 {
  return { data: new Float32Array(shape[0] * shape[1] * shape[2] * shape[3]), shape };
}

/** Values in one item of the batch (C·H·W). */
export function itemSize(shape: Shape4): number {
  return shape[1] * shape[2] * shape[3];
}

/** A view (no copy) of item i of a batch, as a batch of one. */
export function item(t: Tensor4, i: number): Tensor4 {
  const n = itemSize(t.shape);
  return {
    data: t.data.subarray(i * n, (i + 1) * n),
    shape: [1, t.shape[1], t.shape[2], t.shape[3]],
  };
}

/** Stacks batches of one (or more) with equal C, H, W into one batch (copies). */
export function stack(items: readonly Tensor4[]): Tensor4 {
  if (items.length === 0) throw new RangeError('stack needs at least one tensor');
  const [, c, h, w] = items[0]!.shape;
  let batch = 0;
  for (const t of items) {
    if (t.shape[1] !== c || t.shape[2] !== h || t.shape[3] !== w) {
      throw new RangeError(`cannot stack ${t.shape.join('×')} with ${items[0]!.shape.join('×')}`);
    }
    batch += t.shape[0];
  }
  const out = new Float32Array(batch * c * h * w);
  let offset = 0;
  for (const t of items) {
    out.set(t.data, offset);
    offset += t.data.length;
  }
  return { data: out, shape: [batch, c, h, w] };
}

export function clone(t: Tensor4): Tensor4 {
  return { data: t.data.slice(), shape: t.shape };
}

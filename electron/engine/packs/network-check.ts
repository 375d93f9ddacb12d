/**
 * Checks a network's session against what pack.json says of it: every named input and output
 * exists, is float32, and has the declared shape (the batch axis symbolic); the model needs no
 * feed pack.json does not name. The names, types and shapes come from onnxruntime's session
 * metadata, so the check runs wherever a session is created (any provider) and in verifyPack.
 */
import type { TensorSpec } from '../../contract/pack-schema';
import { PackError } from '../errors';
import type { TensorInfo } from '../runtime/ort';

/** What pack.json says of one network's feeds and fetches. */
export interface NetworkSpec {
  readonly inputs: Readonly<Record<string, TensorSpec>>;
  readonly outputs: Readonly<Record<string, TensorSpec>>;
}

function describeShape(shape: TensorInfo['shape']): string {
  return shape.length > 0 ? `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]` : 'unknown';
}

function checkTensor(path: string, field: string, spec: TensorSpec, actual: TensorInfo | undefined, names: string[], kind: string): void {
  if (!actual) {
    throw new PackError(path, `${field}.name`, `the model has no ${kind} named "${spec.name}" (its ${kind}s: ${names.join(', ') || 'none'})`);
  }
  if (actual.type !== 'float32') throw new PackError(path, field, `${kind} "${spec.name}" is ${actual.type}, expected float32`);
  const shape = actual.shape;
  const ok =
    shape.length === spec.shape.length &&
    spec.shape.every((want, i) => {
      const got = shape[i];
      // A dynamic batch axis is symbolic (or unset) in the file; every other axis must agree.
      return want === 'batch' ? typeof got !== 'number' : got === want || got === null;
    });
  if (!ok) {
    throw new PackError(path, `${field}.shape`, `pack.json says [${spec.shape.join(', ')}], the model's ${kind} "${spec.name}" is ${describeShape(shape)}`);
  }
}

/** Throws a PackError naming `path` and the pack.json field when the session does not fit `net`. */
export function checkNetwork(path: string, name: string, net: NetworkSpec, session: { inputs: readonly TensorInfo[]; outputs: readonly TensorInfo[] }): void {
  const specs: [string, Readonly<Record<string, TensorSpec>>, readonly TensorInfo[]][] = [
    ['input', net.inputs, session.inputs],
    ['output', net.outputs, session.outputs],
  ];
  for (const [kind, declared, actual] of specs) {
    const names = actual.map((v) => v.name);
    for (const [key, spec] of Object.entries(declared)) {
      checkTensor(path, `networks.${name}.${kind}s.${key}`, spec, actual.find((v) => v.name === spec.name), names, kind);
    }
    // A model that needs a feed pack.json does not name could never run.
    const known = new Set(Object.values(declared).map((s) => s.name));
    const extra = kind === 'input' ? actual.filter((v) => !known.has(v.name)) : [];
    if (extra.length > 0) {
      throw new PackError(path, `networks.${name}.inputs`, `the model also needs input${extra.length > 1 ? 's' : ''} ${extra.map((v) => `"${v.name}"`).join(', ')}, which pack.json does not name`);
    }
  }
}

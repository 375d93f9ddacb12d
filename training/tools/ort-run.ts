// Runs one ONNX model in onnxruntime-node (CPU provider) for the Python tests, so an exported
// pack is checked in the runtime the app uses. Usage:
//   node training/tools/ort-run.mjs model.onnx OUT_DIR name=input.npy [name=input.npy ...]
// Writes OUT_DIR/<output name>.npy (float32) for every output of the model.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';

function readNpy(path) {
  const buf = readFileSync(path);
  const headerLen = buf.readUInt16LE(8);
  const header = buf.subarray(10, 10 + headerLen).toString('latin1');
  if (!header.includes("'descr': '<f4'")) throw new Error(`${path}: expected float32 little-endian`);
  const shape = header.match(/'shape': \(([^)]*)\)/)[1].split(',').filter((s) => s.trim()).map(Number);
  const data = new Float32Array(buf.buffer.slice(buf.byteOffset + 10 + headerLen, buf.byteOffset + buf.length));
  return new ort.Tensor('float32', data, shape);
}

function writeNpy(path, tensor) {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${tensor.dims.join(', ')}${tensor.dims.length === 1 ? ',' : ''}), }`;
  header = header.padEnd(Math.ceil((header.length + 11) / 64) * 64 - 11, ' ') + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const data = Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  writeFileSync(path, Buffer.concat([head, Buffer.from(header, 'latin1'), data]));
}

const [model, outDir, ...pairs] = process.argv.slice(2);
const session = await ort.InferenceSession.create(model, { executionProviders: ['cpu'] });
const feeds = Object.fromEntries(pairs.map((p) => { const [k, v] = p.split('='); return [k, readNpy(v)]; }));
const results = await session.run(feeds);
for (const name of session.outputNames) writeNpy(join(outDir, `${name}.npy`), results[name]);

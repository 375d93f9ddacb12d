// Runs one ONNX model in onnxruntime-node (CPU provider) for the Python tests, so an exported
// pack is checked in the runtime the app uses. Reads and writes .npy with the engine's own codec
// (electron/engine/npy.ts). Usage:
//   node_modules/.bin/tsx training/tools/ort-run.ts model.onnx OUT_DIR name=input.npy [name=input.npy ...]
// Writes OUT_DIR/<output name>.npy (float32) for every output of the model.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { decodeNpy, encodeNpy } from '../../electron/engine/npy';

const [model, outDir, ...pairs] = process.argv.slice(2);
if (!model || !outDir) {
  console.error('usage: tsx training/tools/ort-run.ts model.onnx OUT_DIR name=input.npy [...]');
  process.exit(2);
}
const session = await ort.InferenceSession.create(model, { executionProviders: ['cpu'] });
const feeds: Record<string, ort.Tensor> = {};
for (const pair of pairs) {
  const [name, file] = pair.split('=');
  if (!name || !file) throw new Error(`expected name=input.npy, got ${pair}`);
  const { data, shape } = decodeNpy(readFileSync(file));
  feeds[name] = new ort.Tensor('float32', data, shape);
}
const results = await session.run(feeds);
for (const name of session.outputNames) {
  const out = results[name]!;
  if (!(out.data instanceof Float32Array)) throw new TypeError(`output ${name} is ${out.type}, expected float32`);
  writeFileSync(join(outDir, `${name}.npy`), encodeNpy(out.data, out.dims));
}

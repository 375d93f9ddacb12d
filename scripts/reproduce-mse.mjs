#!/usr/bin/env node
// Checks a pack's reported reconstruction error with the shipped CLI: the Python pipeline writes
// the dataset's test images as PNG files, `reseed batch --as-is` embeds them with onnxruntime, and
// the mean MSE of the batch index is set against pack.json's metrics for the same method.
//
//   node scripts/reproduce-mse.mjs [--pack models/fashion-mnist] [--config training/configs/fashion-mnist.yaml]
//                                  [--count 10000] [--method network|refine|inversion] [--keep] [--write result.json]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    pack: { type: 'string', default: 'models/fashion-mnist' },
    config: { type: 'string', default: 'training/configs/fashion-mnist.yaml' },
    count: { type: 'string', default: '10000' },
    method: { type: 'string', default: 'network' },
    keep: { type: 'boolean', default: false },
    write: { type: 'string' },
  },
});
const repo = resolve(import.meta.dirname, '..');
const pack = JSON.parse(readFileSync(join(resolve(values.pack), 'pack.json'), 'utf8'));
const reported = pack.metrics?.reconstruction?.[values.method];
const work = mkdtempSync(join(tmpdir(), 'reseed-mse-'));

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
}

try {
  run('/usr/bin/python3', ['-m', 'training', 'dump-images', '--config', values.config, '--out', join(work, 'in'),
    '--split', 'test', '--limit', values.count]);
  const t0 = Date.now();
  run(process.execPath, ['bin/reseed.mjs', 'batch', join(work, 'in'), '--out', join(work, 'out'), '--as-is',
    '--method', values.method, '--pack', resolve(values.pack), '--quiet']);
  const seconds = (Date.now() - t0) / 1000;
  const records = readFileSync(join(work, 'out', 'index.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const ok = records.filter((r) => r.status === 'ok');
  const mse = ok.reduce((s, r) => s + r.mse, 0) / ok.length;
  const psnr = ok.reduce((s, r) => s + r.psnr, 0) / ok.length;
  const result = {
    pack: pack.id, method: values.method, images: ok.length, errors: records.length - ok.length,
    cliMse: Number(mse.toFixed(6)), cliPsnr: Number(psnr.toFixed(3)), seconds: Number(seconds.toFixed(1)),
    imagesPerSecond: Number((ok.length / seconds).toFixed(1)),
    reported: reported ? { images: reported.images, mse: reported.mse, psnr: reported.psnr } : null,
  };
  console.log(JSON.stringify(result, null, 2));
  if (values.write) writeFileSync(values.write, `${JSON.stringify({ ...result, checkedAt: new Date().toISOString().slice(0, 10) }, null, 2)}\n`);
  // Same images, same networks: onnxruntime and PyTorch agree to float32 rounding, so the means
  // should match to well under a percent. A prefix of a larger evaluation is only reported.
  if (reported && reported.images === ok.length && Math.abs(mse - reported.mse) > 0.02 * reported.mse) {
    console.error(`CLI MSE ${mse.toFixed(6)} differs from the reported ${reported.mse} by more than 2%`);
    process.exitCode = 1;
  }
} finally {
  if (!values.keep) rmSync(work, { recursive: true, force: true });
  else console.error(`kept ${work}`);
}

// Times denoiser ONNX files in onnxruntime-node the way the engine runs them: the engine's own
// session factory (electron/engine/runtime/ort.ts: CPU provider, graph optimization "all",
// sequential, `--threads` intra-op threads) and its DDIM sampler (electron/engine/sampler.ts,
// cosine-angle schedule with the paper's rates, identity normalization), batch 1: one denoiser
// pass, and a full decode of `--steps` steps including the arithmetic between passes. Models are
// timed round-robin, so a load that comes and goes (a training job on the same machine) spreads
// over all of them alike; min and median are reported.
//
//   /usr/bin/python3 training/tools/export_untrained_denoiser.py /tmp/dt --widths 32,64,96,128 --block-depth 2
//   npx tsx training/tools/time-denoiser.ts /tmp/dt/*.onnx [--rounds 7] [--passes 30] [--steps 10]
//        [--threads 2] [--shape 3x64x64] [--json out.json]
//
// The input shape comes from the <model>.json the exporter writes next to each .onnx, else --shape.
// Under load (a training job on the same 2 cores) medians say little about an idle machine; the
// fastest of many single passes is the one the load disturbed least, so the "idle estimate" of a
// decode is `steps` × the fastest pass (the sampler's own arithmetic is ~1.5 % of a decode), and
// the fastest whole decode is a measured upper bound on it. Time a model of known idle speed
// alongside (e.g. the Fashion-MNIST denoiser, 32/64/128 at 28×28, ~1.9 ms a pass) as a check.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { Pack } from '../../electron/contract/pack-schema';
import { seededNormal } from '../../electron/engine/rng';
import { createOrtSession, ORT_VERSION, type NetSession } from '../../electron/engine/runtime/ort';
import { DdimSampler } from '../../electron/engine/sampler';
import type { Shape4 } from '../../electron/engine/tensor';

const { values: opts, positionals: files } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '7' },
    passes: { type: 'string', default: '30' },
    steps: { type: 'string', default: '10' },
    threads: { type: 'string', default: '2' },
    shape: { type: 'string' },
    json: { type: 'string' },
  },
});
if (files.length === 0) {
  console.error('usage: npx tsx training/tools/time-denoiser.ts model.onnx [...] [--rounds n] [--passes n] [--steps n]');
  process.exit(2);
}
const rounds = Number(opts.rounds);
const passes = Number(opts.passes);
const steps = Number(opts.steps);
const threads = Number(opts.threads);

/** What the exporter writes next to each .onnx (training/tools/export_untrained_denoiser.py). */
interface ModelInfo {
  channels?: number;
  size?: number;
  parameters?: number;
  gmac?: number;
}

interface Timed {
  name: string;
  shape: Shape4;
  info: ModelInfo;
  session: NetSession;
  sampler: DdimSampler;
  passMs: number[];
  decodeMs: number[];
}

function shapeOf(file: string): { shape: Shape4; info: ModelInfo } {
  const side = file.replace(/\.onnx$/, '.json');
  if (existsSync(side)) {
    const info = JSON.parse(readFileSync(side, 'utf8')) as ModelInfo;
    return { shape: [1, info.channels!, info.size!, info.size!], info };
  }
  if (!opts.shape) throw new Error(`${file}: no ${basename(side)} next to it; pass --shape CxHxW`);
  const [c, h, w] = opts.shape.split('x').map(Number);
  return { shape: [1, c!, h!, w!], info: {} };
}

/** The sampler's view of a pack: the paper's schedule; timing needs no real normalization. */
function packFor(channels: number, defaultSteps: number): Pick<Pack, 'schedule' | 'normalization' | 'sampler'> {
  return {
    schedule: { kind: 'cosine-angle', minSignalRate: 0.02, maxSignalRate: 0.95 },
    normalization: { mean: Array<number>(channels).fill(0), std: Array<number>(channels).fill(1) },
    sampler: { defaultSteps },
  };
}

const models: Timed[] = [];
for (const file of files) {
  const { shape, info } = shapeOf(file);
  const session = await createOrtSession(file, 'cpu', { threads });
  const denoise = async (noisy: Float32Array, variance: Float32Array, s: Shape4) => {
    const out = await session.run({ x: { data: noisy, dims: s }, noise_variance: { data: variance, dims: [s[0], 1, 1, 1] } });
    return out.eps!;
  };
  const sampler = new DdimSampler(denoise, packFor(shape[1], steps));
  models.push({ name: basename(file, '.onnx'), shape, info, session, sampler, passMs: [], decodeMs: [] });
}

const count = (m: Timed) => m.shape.reduce((a, b) => a * b, 1);
const variance = Float32Array.of(0.5);
const pass = (m: Timed, x: Float32Array) =>
  m.session.run({ x: { data: x, dims: m.shape }, noise_variance: { data: variance, dims: [1, 1, 1, 1] } });
const decode = (m: Timed, z: Float32Array) => m.sampler.decode({ data: z, shape: m.shape }, { steps });

// Warm up every session (first runs allocate and pick kernels).
for (const m of models) {
  const z = seededNormal(1, count(m));
  for (let i = 0; i < 3; i++) await pass(m, z);
  await decode(m, z);
}

for (let r = 0; r < rounds; r++) {
  for (const m of models) {
    const z = seededNormal(7 + r, count(m));
    for (let i = 0; i < Math.ceil(passes / rounds); i++) {
      const t0 = performance.now();
      await pass(m, z);
      m.passMs.push(performance.now() - t0);
    }
    const t0 = performance.now();
    await decode(m, z);
    m.decodeMs.push(performance.now() - t0);
  }
}

const median = (a: number[]) => {
  const s = [...a].sort((p, q) => p - q);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const stats = (a: number[]) => ({ min: Math.min(...a), median: median(a), n: a.length });

const rows = models.map((m) => ({
  name: m.name,
  shape: m.shape.slice(1).join('×'),
  parameters: m.info.parameters,
  gmac: m.info.gmac,
  pass: stats(m.passMs),
  decode: stats(m.decodeMs),
  idleEstimateDecodeMs: steps * Math.min(...m.passMs),
}));

const f = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(1));
console.log(`onnxruntime-node ${ORT_VERSION}, CPU provider, ${threads} threads, batch 1, ${steps}-step decode; ` +
  `${rounds} rounds; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`| model | C×H×W | params | GMAC | pass min / median ms | ${steps}-step decode min / median ms | idle estimate: ${steps} × fastest pass, ms |`);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  const params = r.parameters ? `${(r.parameters / 1e6).toFixed(2)} M` : '—';
  console.log(`| ${r.name} | ${r.shape} | ${params} | ${r.gmac ?? '—'} | ${f(r.pass.min)} / ${f(r.pass.median)} | ${f(r.decode.min)} / ${f(r.decode.median)} | ${f(r.idleEstimateDecodeMs)} |`);
}
if (opts.json) writeFileSync(opts.json, JSON.stringify({ at: new Date().toISOString(), threads, steps, rounds, loadavg: loadavg(), rows }, null, 2) + '\n');
for (const m of models) await m.session.release();

// Times denoiser ONNX files in onnxruntime-node the way the engine runs them (CPU provider, 2
// intra-op threads, graph optimization "all", sequential, batch 1): one denoiser pass, and a full
// DDIM decode of `--steps` steps (DESIGN.md's sampler, cosine-angle schedule, including the
// arithmetic between passes). Models are timed round-robin, so a load that comes and goes (a
// training job on the same machine) spreads over all of them alike; min and median are reported.
//
//   /usr/bin/python3 training/tools/export_untrained_denoiser.py /tmp/dt --widths 32,64,96,128 --block-depth 2
//   node training/tools/time-denoiser.mjs /tmp/dt/*.onnx [--rounds 7] [--passes 30] [--steps 10]
//        [--threads 2] [--shape 3x64x64] [--json out.json]
//
// The input shape comes from the <model>.json the exporter writes next to each .onnx, else --shape.
// Under load (a training job on the same 2 cores) medians say little about an idle machine; the
// fastest of many single passes is the one the load disturbed least, so the "idle estimate" of a
// decode is `steps` × the fastest pass (the sampler's own arithmetic is ~1.5 % of a decode), and
// the fastest whole decode is a measured upper bound on it. Time a model of known idle speed
// alongside (e.g. the Fashion-MNIST denoiser, 32/64/128 at 28×28, ~1.9 ms a pass) as a check.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';

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
  console.error('usage: node training/tools/time-denoiser.mjs model.onnx [...] [--rounds n] [--passes n] [--steps n]');
  process.exit(2);
}
const rounds = Number(opts.rounds);
const passes = Number(opts.passes);
const steps = Number(opts.steps);
const threads = Number(opts.threads);

// The cosine-angle schedule with the paper's rates (DESIGN.md, Numerics).
const MIN_SIGNAL = 0.02;
const MAX_SIGNAL = 0.95;
const rates = (t) => {
  const a0 = Math.acos(MAX_SIGNAL);
  const angle = a0 + t * (Math.acos(MIN_SIGNAL) - a0);
  return { signal: Math.cos(angle), noise: Math.sin(angle) };
};

function shapeOf(file) {
  const side = file.replace(/\.onnx$/, '.json');
  if (existsSync(side)) {
    const info = JSON.parse(readFileSync(side, 'utf8'));
    return { shape: [1, info.channels, info.size, info.size], info };
  }
  if (!opts.shape) throw new Error(`${file}: no ${basename(side)} next to it; pass --shape CxHxW`);
  return { shape: [1, ...opts.shape.split('x').map(Number)], info: {} };
}

/** A reproducible N(0, 1) array (not the engine's generator: any noise will do for timing). */
function normal(n, seed) {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s ^ (s >>> 15), 1 | s) + 0x6d2b79f5) >>> 0) + 0.5) / 4294967296;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return out;
}

const models = [];
for (const file of files) {
  const { shape, info } = shapeOf(file);
  const session = await ort.InferenceSession.create(file, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    logSeverityLevel: 3,
  });
  models.push({ name: basename(file, '.onnx'), file, shape, info, session, passMs: [], decodeMs: [] });
}

async function pass(m, x, variance) {
  const out = await m.session.run({
    x: new ort.Tensor('float32', x, m.shape),
    noise_variance: new ort.Tensor('float32', Float32Array.of(variance), [1, 1, 1, 1]),
  });
  return out.eps.data;
}

async function decode(m, z) {
  let x = z.slice();
  const x0 = new Float32Array(x.length);
  for (let k = 0; k < steps; k++) {
    const t = 1 - k / steps;
    const now = rates(t);
    const eps = await pass(m, x, now.noise * now.noise);
    for (let i = 0; i < x.length; i++) x0[i] = (x[i] - now.noise * eps[i]) / now.signal;
    const next = rates(t - 1 / steps);
    const nx = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) nx[i] = next.signal * x0[i] + next.noise * eps[i];
    x = nx;
  }
  return x0;
}

// Warm up every session (first runs allocate and pick kernels).
for (const m of models) {
  const z = normal(m.shape.reduce((a, b) => a * b, 1), 1);
  for (let i = 0; i < 3; i++) await pass(m, z, 0.5);
  await decode(m, z);
}

for (let r = 0; r < rounds; r++) {
  for (const m of models) {
    const z = normal(m.shape.reduce((a, b) => a * b, 1), 7 + r);
    for (let i = 0; i < Math.ceil(passes / rounds); i++) {
      const t0 = performance.now();
      await pass(m, z, 0.5);
      m.passMs.push(performance.now() - t0);
    }
    const t0 = performance.now();
    await decode(m, z);
    m.decodeMs.push(performance.now() - t0);
  }
}

const median = (a) => {
  const s = [...a].sort((p, q) => p - q);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const stats = (a) => ({ min: Math.min(...a), median: median(a), n: a.length });

const rows = models.map((m) => ({
  name: m.name,
  shape: m.shape.slice(1).join('×'),
  parameters: m.info.parameters,
  gmac: m.info.gmac,
  pass: stats(m.passMs),
  decode: stats(m.decodeMs),
  idleEstimateDecodeMs: steps * Math.min(...m.passMs),
}));

const f = (v) => (v === undefined ? '—' : v.toFixed(1));
const os = await import('node:os');
console.log(`onnxruntime-node ${ort.env.versions?.node ?? ''}, CPU provider, ${threads} threads, batch 1, ${steps}-step decode; ` +
  `${rounds} rounds; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`| model | C×H×W | params | GMAC | pass min / median ms | ${steps}-step decode min / median ms | idle estimate: ${steps} × fastest pass, ms |`);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  const params = r.parameters ? `${(r.parameters / 1e6).toFixed(2)} M` : '—';
  console.log(`| ${r.name} | ${r.shape} | ${params} | ${r.gmac ?? '—'} | ${f(r.pass.min)} / ${f(r.pass.median)} | ${f(r.decode.min)} / ${f(r.decode.median)} | ${f(r.idleEstimateDecodeMs)} |`);
}
if (opts.json) writeFileSync(opts.json, JSON.stringify({ at: new Date().toISOString(), threads, steps, rounds, loadavg: os.loadavg(), rows }, null, 2) + '\n');
for (const m of models) await m.session.release();

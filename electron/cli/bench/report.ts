/** The bench's table (with the targets beside the numbers) and its JSON file. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecipeThroughput } from './recipe-throughput';
import type { Throughput } from './throughput';
import type { Timings } from './measure';
import type { TorchResult } from './torch-eager';

export interface ProviderBench {
  readonly provider: string;
  readonly timings?: Timings;
  readonly throughput?: Throughput;
  /** Batches with a recipe and re-edits from seeds against the plain batch (recipe-throughput.ts). */
  readonly recipe?: RecipeThroughput;
  /** Largest |difference| of its decoded images from the CPU provider's (images in [0, 1]). */
  readonly maxDiffVsCpu?: number;
  /** Why this provider was not measured. */
  readonly skipped?: string;
}

export interface BenchReport {
  readonly pack: { id: string; version: string; dir: string; fixture: boolean };
  readonly machine: { cpus: number; cpuModel: string; platform: string; node: string; onnxruntime: string; load: number[] };
  readonly at: string;
  readonly providers: readonly ProviderBench[];
  readonly torch: TorchResult;
  readonly notes: readonly string[];
}

const TARGETS: Record<string, string> = {
  decodeMs: '≤ 50 ms',
  editMs: '≤ 60 ms',
  samplerOverhead: '≤ 10 %',
  imagesPerSecond: '≥ 20 img/s',
  peakRssMB: '≤ 500 MB',
  speedup: '≥ 5×',
  maxDiff: '≤ 1/255',
  recipeRatio: '≥ 0.8×',
  fromSeedsRatio: '≥ 1.5×',
  previewRatio: '≤ 0.2×',
};

function fmt(v: number | undefined, digits = 1): string {
  return v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);
}

export function table(report: BenchReport): string {
  const measured = report.providers.filter((p) => p.timings);
  const torch = 'decodeMs' in report.torch ? report.torch : undefined;
  const cols = [...measured.map((p) => p.provider), 'torch eager', 'target'];
  const rows: [string, string[]][] = [];
  const row = (label: string, pick: (p: ProviderBench) => string, torchValue: string, key?: string) =>
    rows.push([label, [...measured.map(pick), torchValue, key ? (TARGETS[key] ?? '') : '']]);
  row('denoiser pass, batch 1 (ms)', (p) => fmt(p.timings?.denoiseMsB1, 2), fmt(torch?.denoiseMs_b1, 2));
  row('denoiser pass, batch 16 (ms)', (p) => fmt(p.timings?.denoiseMsB16, 2), fmt(torch?.denoiseMs_b16, 2));
  row(`decode, ${measured[0]?.timings?.steps ?? '?'} steps, batch 1 (ms)`, (p) => fmt(p.timings?.decodeMs), fmt(torch?.decodeMs), 'decodeMs');
  row('sampler loop overhead (%)', (p) => fmt((p.timings?.samplerOverhead ?? NaN) * 100), '', 'samplerOverhead');
  row('embedding network pass (ms)', (p) => fmt(p.timings?.embedNetworkMs, 2), '');
  row('embed + reconstruct (ms)', (p) => fmt(p.timings?.embedMs), '');
  row('slider edit to image (ms)', (p) => fmt(p.timings?.editMs), '', 'editMs');
  row('… with one lock (ms)', (p) => fmt(p.timings?.editLock1Ms ?? undefined), '');
  row('… with two locks (ms)', (p) => fmt(p.timings?.editLock2Ms ?? undefined), '');
  row('preview decode, one pass (ms)', (p) => fmt(p.timings?.preview?.previewMs, 2), '');
  row('… full decode in the same loop (ms)', (p) => fmt(p.timings?.preview?.fullMs), '');
  row('… preview / full decode time (×)', (p) => fmt(p.timings?.preview?.ratio, 3), '', 'previewRatio');
  row('batch embed + reconstruct (img/s)', (p) => fmt(p.throughput?.imagesPerSecond), '', 'imagesPerSecond');
  row('peak RSS during batch (MB)', (p) => fmt(p.throughput?.peakRssMB, 0), '', 'peakRssMB');
  row('recipe folder: plain embed batch (img/s)', (p) => fmt(p.recipe?.plainImagesPerSecond), '');
  row('… with a recipe: embed + edit (img/s)', (p) => fmt(p.recipe?.recipeImagesPerSecond), '');
  row('… its ratio to the plain batch (×)', (p) => fmt(p.recipe?.recipeRatio, 2), '', 'recipeRatio');
  row('re-edit from seeds (img/s)', (p) => fmt(p.recipe?.fromSeedsImagesPerSecond), '');
  row('… its ratio to the plain batch (×)', (p) => fmt(p.recipe?.fromSeedsRatio, 2), '', 'fromSeedsRatio');
  row('max |image difference| from CPU', (p) => (p.maxDiffVsCpu === undefined ? '–' : p.maxDiffVsCpu.toExponential(1)), '', 'maxDiff');
  row('decode speed-up over torch eager (×)', (p) => (torch && p.timings ? fmt(torch.decodeMs / p.timings.decodeMs) : '–'), '', 'speedup');
  const width = Math.max(...rows.map(([l]) => l.length));
  const colWidth = Math.max(12, ...cols.map((c) => c.length + 2));
  const head = ''.padEnd(width) + cols.map((c) => c.padStart(colWidth)).join('');
  const lines = rows.map(([label, values]) => label.padEnd(width) + values.map((v) => v.padStart(colWidth)).join(''));
  const p = report.pack;
  const m = report.machine;
  return [
    `Reseed bench — pack ${p.id} ${p.version}${p.fixture ? ' (FIXTURE pack: not the default pack; targets apply to the default pack)' : ''}`,
    `${m.cpus} × ${m.cpuModel}, ${m.platform}, node ${m.node}, onnxruntime ${m.onnxruntime}, load ${m.load.map((l) => l.toFixed(2)).join(' ')}`,
    '',
    head,
    ...lines,
    '',
    ...measured.slice(0, 1).flatMap((x) => {
      const l = x.timings?.locks;
      if (!l) return [];
      const two = l.locked.length > 1 ? `, then with ${l.locked.join(' and ')} (${l.extraDecodes2.toFixed(1)})` : '';
      return [`locks: ${l.moved} moved with ${l.locked[0]} locked (${l.extraDecodes1.toFixed(1)} extra decodes on average)${two}`];
    }),
    ...measured.slice(0, 1).flatMap((x) => (x.timings && x.timings.preview === null ? ['preview: this pack has no preview decoder (pack.json networks.preview)'] : [])),
    ...measured.slice(0, 1).flatMap((x) => (x.recipe ? [`recipe folder: ${x.recipe.images} generated ${x.recipe.pictures}, recipe ${x.recipe.recipe}; each run three times, interleaved, the fastest counts`] : [])),
    ...report.providers.filter((x) => x.skipped).map((x) => `${x.provider}: skipped — ${x.skipped}`),
    ...('skipped' in report.torch ? [`torch eager: skipped — ${report.torch.skipped}`] : [`torch eager: torch ${report.torch.torch}, the faster of 1 and N threads (decode: ${report.torch.threads} thread${report.torch.threads === 1 ? '' : 's'})`]),
    ...report.notes,
  ].join('\n');
}

export async function writeReport(dir: string, report: BenchReport): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `bench-${report.pack.id}-${report.at.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, JSON.stringify(report, null, 2) + '\n');
  return file;
}

/** `reseed bench` (npm run bench): the engine's timings against the targets and torch eager. */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { ProviderError, errorMessage } from '../../engine/errors';
import { maxAbsDiff } from '../../engine/metrics';
import { ORT_VERSION } from '../../engine/runtime/ort';
import type { Tensor4 } from '../../engine/tensor';
import { repositoryRoot } from '../../backend/resources';
import { ProviderNameSchema, type ProviderName } from '../../engine/runtime/providers';
import { COMMON_HELP, IntSchema, option, parse, positionals } from '../args';
import { measure } from '../bench/measure';
import { table, writeReport, type BenchReport, type ProviderBench } from '../bench/report';
import { progressReporter } from '../bench/progress';
import { measureRecipeThroughput, RECIPE_FOLDER_IMAGES } from '../bench/recipe-throughput';
import { measureThroughput } from '../bench/throughput';
import { runTorchBench } from '../bench/torch-eager';
import { planFolder, type FolderPlan } from '../bench/workload';
import type { Command } from '../command';
import { createEngine, openPack, type CommonValues } from '../context';
import { EXIT } from '../exit-codes';
import { absolute } from '../files';
import { result, showHelp, status, type CliIO } from '../io';

const help = `Usage: reseed bench [options]

Times the engine on a pack (default: the default pack; the fixture pack while none is
installed) on each execution provider that runs here: a denoiser pass at batch 1 and 16, a
decode, the sampler loop's overhead, an embedding, a slider edit to image, batch throughput
with peak memory over a generated folder, batches with a recipe (embed + edit) and re-edits
from their seeds (decode only) against the plain batch, and each provider's largest image
difference from the CPU's; and the same denoiser in PyTorch eager (scripts/bench-torch.py, best of 1 and N
threads; skipped where torch or the pack's training checkpoint is missing). Prints a table
and writes JSON into bench-results/. Each phase reports its progress on stderr.

Options:
  --providers <a,b>      providers to measure (default: every one available here)
  --runs <n>             timed runs per measurement (default 20)
  --images <n>           images in the generated batch folder (default 10000 for 28×28
                         grey, scaled down by the pack's image size; 0 skips)
  --batch-size <n>       batch size for the folder run (default 16)
  --recipe-images <n>    pictures for the recipe and re-edit runs (default ${RECIPE_FOLDER_IMAGES},
                         at most --images; 0 skips them)
  --recipe-photos <px>   make those pictures px×px JPEG product photos (default: small PNGs
                         like the batch folder's)
  --no-torch             skip the PyTorch comparison
  --out-dir <folder>     where the JSON goes (default bench-results/)
${COMMON_HELP}`;

function fixturePack(): string {
  return join(repositoryRoot(), 'test', 'fixtures', 'tiny-pack');
}

/** Decodes the reference seeds on the CPU in a separate engine (when CPU is not being measured). */
async function cpuReference(io: CliIO, values: CommonValues, pack: string | undefined): Promise<Tensor4> {
  const { engine, open } = await openPack(io, { ...values, pack, provider: 'cpu', quiet: true });
  try {
    return await open.decode(open.randomSeeds([1, 2, 3, 4, 5, 6, 7, 8]));
  } finally {
    await engine.dispose();
  }
}

export const benchCommand: Command = {
  name: 'bench',
  summary: 'measure speed and memory (npm run bench)',
  help,
  async run(argv, io) {
    const { values, positionals: rest } = parse(argv, {
      providers: { type: 'string' },
      runs: { type: 'string' },
      images: { type: 'string' },
      'batch-size': { type: 'string' },
      'recipe-images': { type: 'string' },
      'recipe-photos': { type: 'string' },
      'no-torch': { type: 'boolean' },
      'out-dir': { type: 'string' },
    });
    if (values.help) return showHelp(io, help);
    positionals(rest, []);
    const runs = values.runs === undefined ? 20 : option('runs', values.runs, IntSchema(1, 10000));
    const requestedImages = values.images === undefined ? undefined : option('images', values.images, IntSchema(0, 1_000_000));
    const batchSize = values['batch-size'] === undefined ? 16 : option('batch-size', values['batch-size'], IntSchema(1, 1024));
    const recipeImages = values['recipe-images'] === undefined ? undefined : option('recipe-images', values['recipe-images'], IntSchema(0, 1_000_000));
    const recipePhotos = values['recipe-photos'] === undefined ? undefined : option('recipe-photos', values['recipe-photos'], IntSchema(16, 8192));
    const engine = createEngine(io, values);
    const wanted: ProviderName[] = values.providers
      ? values.providers.split(',').map((p) => option('providers', p.trim(), ProviderNameSchema))
      : engine.providerCandidates().filter((c) => c.available).map((c) => c.name);
    const say = (text: string) => status(io, values, text);
    const results: ProviderBench[] = [];
    let packInfo: BenchReport['pack'] | undefined;
    // Until the default pack is installed, the fixture pack stands in (and the table says so).
    const pack = values.pack ?? (engine.listPacks().some((p) => !p.error) ? undefined : fixturePack());
    if (pack && !values.pack) say(`no model pack installed: measuring the fixture pack ${pack}`);
    let reference: Tensor4 | undefined;
    let folder: FolderPlan | undefined;
    for (const provider of wanted) {
      let opened;
      try {
        opened = await openPack(io, { ...values, pack, provider, quiet: true });
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        results.push({ provider, skipped: errorMessage(error) });
        continue;
      }
      const { open } = opened;
      try {
        const m = open.pack.manifest;
        packInfo = { id: m.id, version: m.version, dir: open.pack.dir, fixture: /test[\\/]fixtures/.test(open.pack.dir) };
        // The folder's size follows the pack's image size (workload.ts); the same on every provider.
        folder ??= planFolder(m.image, batchSize, requestedImages);
        if (open.provider !== provider) {
          results.push({ provider, skipped: open.selection.dropped.find((d) => d.provider === provider)?.reason ?? 'did not start' });
          continue;
        }
        if (folder.scaled) say(`${provider}: ${folder.note}`);
        say(`${provider}: timing (${runs} runs each)…`);
        const progress = progressReporter(io, values, provider);
        try {
          // The same eight seeds on every provider: the CPU's images are the reference.
          progress.update('decoding 8 reference images');
          const images = await open.decode(open.randomSeeds([1, 2, 3, 4, 5, 6, 7, 8]));
          if (provider === 'cpu') reference = images;
          reference ??= await cpuReference(io, values, pack);
          const maxDiffVsCpu = maxAbsDiff(images.data, reference.data);
          const timings = await measure(open, runs, progress.update);
          const throughput = folder.images > 0 ? await measureThroughput(open, folder.images, batchSize, progress.update) : undefined;
          const editCount = recipeImages ?? Math.min(folder.images, RECIPE_FOLDER_IMAGES);
          const recipe = editCount > 0 && open.pack.directions.length > 0 ? await measureRecipeThroughput(open, editCount, batchSize, progress.update, recipePhotos) : undefined;
          results.push({ provider, timings, maxDiffVsCpu, ...(throughput ? { throughput } : {}), ...(recipe ? { recipe } : {}) });
        } finally {
          progress.end();
        }
      } finally {
        await opened.engine.dispose();
      }
    }
    if (!packInfo) {
      result(io, values, { providers: results }, results.map((r) => `${r.provider}: ${r.skipped}`).join('\n'));
      return EXIT.fatal;
    }
    const threads = engine.config.threads ?? availableParallelism();
    let torch: BenchReport['torch'] = { skipped: '--no-torch' };
    if (!values['no-torch']) {
      const progress = progressReporter(io, values, 'torch eager');
      try {
        torch = await runTorchBench(packInfo.dir, threads, runs, { onProgress: progress.update });
      } finally {
        progress.end();
      }
    }
    const report: BenchReport = {
      pack: packInfo,
      machine: { cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown', platform: `${process.platform}-${process.arch}`, node: process.version, onnxruntime: ORT_VERSION, load: loadavg() },
      at: new Date().toISOString(),
      providers: results,
      torch,
      notes: folder ? [folder.note] : [],
    };
    const file = await writeReport(absolute(io, values['out-dir'] ?? 'bench-results'), report);
    result(io, values, { ...report, file }, `${table(report)}\nwrote ${relative(io.cwd, file) || file}`);
    return EXIT.ok;
  },
};

/** `reseed batch`: embed a whole folder, resumable, shardable across machines. */
import { realpath, stat } from 'node:fs/promises';
import { checkFolders, prepareOutputFolder, runBatch } from '../../engine/batch/batch-job';
import { ShardSchema } from '../../engine/batch/shard';
import { OutputError } from '../../engine/errors';
import { COMMON_HELP, IntSchema, option, parse, positionals } from '../args';
import type { Command } from '../command';
import { openPack } from '../context';
import { EXIT, UsageError } from '../exit-codes';
import { absolute, realpathAllowingMissing } from '../files';
import { result, showHelp, status } from '../io';
import { ProgressView } from '../progress-view';
import { methodOption, polarityHelp, polarityOption } from './embed';

const help = `Usage: reseed batch <folder> --out <folder> [options]

Embeds every picture in <folder>. For an input a/b/x.jpg it writes
  OUT/a/b/x.jpg.latent.npy   the seed (float32, C×H×W)
  OUT/a/b/x.jpg.recon.png    its reconstruction
and one line in OUT/index.jsonl:
  {"input":"a/b/x.jpg","status":"ok"|"error","error":…,"mse":…,"psnr":…,"ms":…,"method":…}
(a pack that negates adds "polarity":{"negated":…,"note":"dark background: kept as is"})
Files without an image extension and hidden files are skipped; a picture that cannot be read is
recorded as an error and the batch goes on. Run the same command again to resume: inputs already
in the index are skipped. Ctrl-C stops after the batch in flight (press again to quit at once).

Options:
  --out <folder>         output folder (created; must not be a file, nor the input folder
                         or one holding it; inside the input folder it is never listed)
  --recursive, -r        include sub-folders (the output mirrors them)
  --method <m>           network (default), refine, inversion
  --iterations <n>       refinement steps for --method refine (default 3)
  --steps <n>            sampler steps (default: what the embedder was trained for)
  --shard <k/n>          process only shard k of n (k from 1); each shard writes
                         index.k-of-n.jsonl, so n machines can share one output folder
  --batch-size <n>       images per network batch (default 16)
  --as-is                inputs are already model inputs (the pack's size and colours, e.g. a
                         dataset's own test images): no trim, fit or negation; without it a
                         picture at the pack's size that needs no negation is taken as is too
${polarityHelp(25)}
  --retry-errors         also redo inputs an earlier run recorded as errors
${COMMON_HELP}
  (--json prints JSON lines: start, progress after each batch, errors, end)

Exit status: 0 all done, 3 some images failed, 4 fatal (pack, output folder), 130 interrupted.

Examples:
  reseed batch photos/ --out embedded/ --recursive
  reseed batch photos/ --out /shared/embedded --shard $((JOB_COMPLETION_INDEX + 1))/8`;

export const batchCommand: Command = {
  name: 'batch',
  summary: 'embed a folder (resumable, shardable)',
  help,
  async run(argv, io) {
    const { values, positionals: rest } = parse(argv, {
      out: { type: 'string' },
      recursive: { type: 'boolean', short: 'r' },
      method: { type: 'string' },
      iterations: { type: 'string' },
      steps: { type: 'string' },
      shard: { type: 'string' },
      'batch-size': { type: 'string' },
      'retry-errors': { type: 'boolean' },
      'as-is': { type: 'boolean' },
      polarity: { type: 'string' },
    });
    if (values.help) return showHelp(io, help);
    const [inputArg] = positionals(rest, ['folder']) as [string];
    if (!values.out) throw new UsageError('--out <folder> is required');
    const method = methodOption(values.method);
    const steps = values.steps === undefined ? undefined : option('steps', values.steps, IntSchema(1, 1000));
    const shard = values.shard === undefined ? undefined : option('shard', values.shard, ShardSchema);
    const batchSize = values['batch-size'] === undefined ? 16 : option('batch-size', values['batch-size'], IntSchema(1, 1024));
    const refineIterations = values.iterations === undefined ? undefined : option('iterations', values.iterations, IntSchema(0, 100));
    const polarity = polarityOption(values.polarity);
    if (values['as-is'] && values.polarity !== undefined) throw new UsageError('--as-is takes the pictures as they are: --polarity does not apply');
    const input = absolute(io, inputArg);
    const out = absolute(io, values.out);
    const inputInfo = await stat(input).catch(() => undefined);
    if (!inputInfo?.isDirectory()) throw new UsageError(`${inputArg}: ${inputInfo ? 'not a folder' : 'no such folder'}`);
    // --out the input folder itself: every re-run would embed the last run's reconstructions.
    try {
      checkFolders(await realpath(input), await realpathAllowingMissing(out));
    } catch (error) {
      if (error instanceof OutputError) throw new UsageError(`--out ${values.out}: ${error.reason}`);
      throw error;
    }
    // Before any work (even opening the pack): an output that cannot be a folder is fatal.
    await prepareOutputFolder(out);
    const { engine, open } = await openPack(io, values);
    const view = new ProgressView(io, values.json ? 'json' : values.quiet ? 'none' : io.isTTY ? 'bar' : 'log');
    try {
      // A face pack's records say where each picture was cropped; counted for the summary.
      const crops = { face: 0, centre: 0 };
      // And a pack that negates, what it did: counted by note ("dark background: kept as is").
      const polarities = new Map<string, number>();
      const summary = await runBatch(open, {
        input,
        out,
        recursive: values.recursive,
        method,
        steps,
        refineIterations,
        shard,
        batchSize,
        retryErrors: values['retry-errors'],
        asIs: values['as-is'],
        polarity,
        signal: io.signal,
        onStart: ({ total, alreadyDone, indexFile }) => {
          if (values.json) io.stdout(JSON.stringify({ type: 'start', total, alreadyDone, indexFile, provider: open.provider }) + '\n');
          else status(io, values, `${total} to do${alreadyDone ? `, ${alreadyDone} already done` : ''}${shard ? ` (shard ${shard.k} of ${shard.n})` : ''} → ${indexFile}`);
        },
        onProgress: (p) => view.update(p),
        onRecord: (r) => {
          if (r.crop) crops[r.crop.source === 'face' ? 'face' : 'centre']++;
          if (r.polarity) polarities.set(r.polarity.note, (polarities.get(r.polarity.note) ?? 0) + 1);
          if (r.status !== 'error') return;
          if (values.json) io.stdout(JSON.stringify({ type: 'error', input: r.input, error: r.error }) + '\n');
          else view.message(`✗ ${r.input}: ${r.error}`);
        },
      });
      view.finish();
      const text =
        `${summary.cancelled ? 'stopped' : 'done'}: ${summary.ok} ok, ${summary.failed} failed, ${summary.alreadyDone} already done` +
        ` · ${summary.imagesPerSecond.toFixed(1)} img/s · ${summary.elapsedSeconds.toFixed(1)} s → ${summary.indexFile}` +
        (crops.face + crops.centre > 0 ? `\ncrop: a face found in ${crops.face}, none (centre) in ${crops.centre}` : '') +
        (polarities.size > 0 ? `\npolarity: ${[...polarities].map(([note, n]) => `${note} ${n}`).join(', ')}` : '') +
        (summary.cancelled ? '\n(run the same command again to resume)' : '');
      result(io, values, { type: 'end', ...summary, provider: open.provider }, text);
      if (summary.cancelled) return EXIT.interrupted;
      return summary.failed > 0 ? EXIT.someFailed : EXIT.ok;
    } finally {
      view.finish();
      await engine.dispose();
    }
  },
};

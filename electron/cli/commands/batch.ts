/** `reseed batch`: embed a whole folder, resumable, shardable across machines; edit it with a recipe. */
import { realpath, stat } from 'node:fs/promises';
import { readBatchInfo } from '../../engine/batch/batch-info';
import { checkFolders, prepareOutputFolder, runBatch, type BatchSummary } from '../../engine/batch/batch-job';
import { runFromSeeds } from '../../engine/batch/from-seeds';
import type { IndexRecord } from '../../engine/batch/index-file';
import { ShardSchema } from '../../engine/batch/shard';
import { OutputError } from '../../engine/errors';
import { canMeasure } from '../../engine/faithful/attribute-meter';
import { COMMON_HELP, IntSchema, option, parse, positionals } from '../args';
import type { Command } from '../command';
import { openPack } from '../context';
import { EXIT, UsageError } from '../exit-codes';
import { absolute, realpathAllowingMissing } from '../files';
import { result, showHelp, status, type CliIO } from '../io';
import { ProgressView } from '../progress-view';
import { checkRecipeOptions, resolveEdit, wantsEdit } from '../recipe-options';
import { withKeepDetailsFlag } from '../faithful-options';
import { methodOption, polarityHelp, polarityOption } from './embed';

const help = `Usage: reseed batch <folder> --out <folder> [options]
       reseed batch <folder> --out <folder> --recipe <r.json> | --set <id>=<value>... [--photo]
       reseed batch [<pictures>] --from-seeds <folder> --recipe <r.json> --out <folder>

Embeds every picture in <folder>. For an input a/b/x.jpg it writes
  OUT/a/b/x.jpg.latent.npy   the seed (float32, C×H×W)
  OUT/a/b/x.jpg.recon.png    its reconstruction
  OUT/a/b/x.jpg.input.png    the model input (what a re-edit's keep details starts from)
and one line in OUT/index.jsonl:
  {"input":"a/b/x.jpg","status":"ok"|"error","error":…,"mse":…,"psnr":…,"ms":…,"method":…,
   "seed":{"pack":…,"steps":…,"negated":…}}
(a pack that negates adds "polarity":{"negated":…,"note":"dark background: kept as is"})
Files without an image extension and hidden files are skipped; a picture that cannot be read is
recorded as an error and the batch goes on. Run the same command again to resume: inputs already
in the index are skipped. Ctrl-C stops after the batch in flight (press again to quit at once).

Edit a whole folder: with --recipe (a recipe file, or the id of one saved in the editor for this
pack) or --set, every picture is also edited as \`reseed edit\` edits one (keep details, locks):
  OUT/a/b/x.jpg.edited.png   the edited picture at the model's size, in the picture's colours
  OUT/a/b/x.jpg.edited.jpg   (--photo) the whole photo with the edit pasted back, no metadata
                             (JPEG for a JPEG input; x.png.edited.full.png for any other)
and the line gains "edit":{"recipe":…,"hash":…,"status":…,"error":…}. Pictures this folder
already holds seeds of (an earlier batch) are edited from those seeds, not embedded again; a
re-run edits what a changed recipe has not edited yet. docs/cli.md describes the recipe file.

Re-edit without embedding: --from-seeds <folder> decodes the seeds an earlier batch wrote there
with the recipe into --out. Keep details starts from the model inputs saved beside the seeds;
--photo needs the pictures, found in the folder the earlier batch read (its batch.json) or
<pictures>. A seed from another pack or of another shape is an error line for that input.

Options:
  --out <folder>         output folder (created; must not be a file, nor the input folder
                         or one holding it; inside the input folder it is never listed)
  --recursive, -r        include sub-folders (the output mirrors them)
  --method <m>           network (default), refine, inversion (replaces a recipe's)
  --iterations <n>       refinement steps for --method refine (default 3)
  --steps <n>            sampler steps (default: what the embedder was trained for; a
                         recipe's own; replaces a recipe's)
  --shard <k/n>          process only shard k of n (k from 1); each shard writes
                         index.k-of-n.jsonl, so n machines can share one output folder
  --batch-size <n>       images per network batch (default 16)
  --as-is                inputs are already model inputs (the pack's size and colours, e.g. a
                         dataset's own test images): no trim, fit or negation; without it a
                         picture at the pack's size that needs no negation is taken as is too
${polarityHelp(25)}
  --retry-errors         also redo inputs (and edits) an earlier run recorded as errors
  --recipe <r.json|id>   edit every picture with this recipe (a file, or a saved recipe's id)
  --set <id>=<value>     edit with these sliders instead (repeat for several), and:
  --lock <id>            keep that attribute where it was (repeat for several)
  --keep-details[=s]     add the change to each picture's pixels at strength s (default: on, 1)
  --no-keep-details      the regrown picture D(z') instead
  --photo                also write each whole photo with the edit pasted back
  --from-seeds <folder>  decode the seeds of an earlier batch (its output folder) with the edit
${COMMON_HELP}
  (--json prints JSON lines: start, progress after each batch, errors, end)

Exit status: 0 all done, 3 some images (or edits) failed, 4 fatal (pack, output folder),
130 interrupted.

Examples:
  reseed batch photos/ --out embedded/ --recursive
  reseed batch photos/ --out /shared/embedded --shard $((JOB_COMPLETION_INDEX + 1))/8
  reseed batch photos/ --out edited/ --recipe darker.json --photo
  reseed batch --from-seeds embedded/ --recipe lighter.json --out lighter/`;

/** The summary's text: counts, speed, and what the edit did. */
function summaryText(summary: BatchSummary, crops: { face: number; centre: number }, polarities: Map<string, number>, missed: Map<string, number>): string {
  const e = summary.edit;
  const notHeld = missed.size > 0 ? `; a lock not held on: ${[...missed].map(([id, n]) => `${id} ${n}`).join(', ')} (see "locks" in the index)` : '';
  const edit = e ? `\n${e.recipe === null ? 'edit' : `recipe "${e.recipe}"`} (${e.hash}): ${e.edited} edited${e.reused ? ` (${e.reused} from seeds embedded before)` : ''}${e.failed ? `, ${e.failed} edits failed` : ''}${notHeld}` : '';
  return (
    `${summary.cancelled ? 'stopped' : 'done'}: ${summary.ok} ok, ${summary.failed} failed, ${summary.alreadyDone} already done` +
    ` · ${summary.imagesPerSecond.toFixed(1)} img/s · ${summary.elapsedSeconds.toFixed(1)} s → ${summary.indexFile}` +
    edit +
    (crops.face + crops.centre > 0 ? `\ncrop: a face found in ${crops.face}, none (centre) in ${crops.centre}` : '') +
    (polarities.size > 0 ? `\npolarity: ${[...polarities].map(([note, n]) => `${note} ${n}`).join(', ')}` : '') +
    (summary.cancelled ? '\n(run the same command again to resume)' : '')
  );
}

/** --from-seeds: the seeds' folder must be there, and the pictures findable for --photo. */
async function checkSeeds(io: CliIO, seedsArg: string, picturesArg: string | undefined, photo: boolean): Promise<{ seeds: string; pictures?: string }> {
  const seeds = absolute(io, seedsArg);
  const info = await stat(seeds).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`--from-seeds ${seedsArg}: ${info ? 'not a folder' : 'no such folder'}`);
  const pictures = picturesArg === undefined ? undefined : absolute(io, picturesArg);
  if (pictures !== undefined && !(await stat(pictures).catch(() => undefined))?.isDirectory()) throw new UsageError(`${picturesArg}: no such folder`);
  // Keep details uses the model inputs saved beside the seeds; only the photo needs the pictures.
  if (pictures === undefined && photo) {
    const known = (await readBatchInfo(seeds))?.input;
    const there = known ? await stat(known).catch(() => undefined) : undefined;
    if (!there?.isDirectory()) {
      const why = known ? `the folder it names (${known}) is not there` : 'its batch.json does not say where they are';
      throw new UsageError(`--from-seeds ${seedsArg}: --photo needs the pictures, and ${why}: reseed batch <pictures> --from-seeds ${seedsArg} …`);
    }
  }
  return { seeds, ...(pictures ? { pictures } : {}) };
}

export const batchCommand: Command = {
  name: 'batch',
  summary: 'embed a folder (resumable, shardable), and edit it with a recipe',
  help,
  async run(argv, io) {
    const { values, positionals: rest } = parse(withKeepDetailsFlag(argv), {
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
      recipe: { type: 'string' },
      set: { type: 'string', multiple: true },
      lock: { type: 'string', multiple: true },
      'keep-details': { type: 'string' },
      'no-keep-details': { type: 'boolean' },
      photo: { type: 'boolean' },
      'from-seeds': { type: 'string' },
    });
    if (values.help) return showHelp(io, help);
    const fromSeeds = values['from-seeds'];
    const [inputArg] = (fromSeeds !== undefined && rest.length === 0 ? [undefined] : positionals(rest, [fromSeeds !== undefined ? 'pictures' : 'folder'])) as [string | undefined];
    if (!values.out) throw new UsageError('--out <folder> is required');
    const faithful = await checkRecipeOptions(io, values);
    if (fromSeeds !== undefined && !wantsEdit(values)) throw new UsageError('--from-seeds needs an edit: --recipe <file.json> or --set <direction>=<value>');
    if (fromSeeds !== undefined && (values.recursive || values.iterations !== undefined)) throw new UsageError('--from-seeds decodes the seeds an index lists: --recursive and --iterations do not apply');
    const method = methodOption(values.method);
    const steps = values.steps === undefined ? undefined : option('steps', values.steps, IntSchema(1, 1000));
    const shard = values.shard === undefined ? undefined : option('shard', values.shard, ShardSchema);
    const batchSize = values['batch-size'] === undefined ? 16 : option('batch-size', values['batch-size'], IntSchema(1, 1024));
    const refineIterations = values.iterations === undefined ? undefined : option('iterations', values.iterations, IntSchema(0, 100));
    const polarity = polarityOption(values.polarity);
    if (values['as-is'] && values.polarity !== undefined) throw new UsageError('--as-is takes the pictures as they are: --polarity does not apply');
    const input = inputArg === undefined ? undefined : absolute(io, inputArg);
    const out = absolute(io, values.out);
    if (fromSeeds === undefined && input !== undefined) {
      const inputInfo = await stat(input).catch(() => undefined);
      if (!inputInfo?.isDirectory()) throw new UsageError(`${inputArg}: ${inputInfo ? 'not a folder' : 'no such folder'}`);
    }
    // --out the input folder itself: every re-run would embed the last run's reconstructions.
    try {
      if (input !== undefined && (await stat(input).catch(() => undefined))?.isDirectory()) checkFolders(await realpath(input), await realpathAllowingMissing(out));
    } catch (error) {
      if (error instanceof OutputError) throw new UsageError(`--out ${values.out}: ${error.reason}`);
      throw error;
    }
    // Before any work (even opening the pack): an output that cannot be a folder is fatal.
    await prepareOutputFolder(out);
    const { engine, open } = await openPack(io, values);
    const view = new ProgressView(io, values.json ? 'json' : values.quiet ? 'none' : io.isTTY ? 'bar' : 'log');
    try {
      // The edit, checked against the pack (and the custom directions) before any picture is read.
      const recipe = await resolveEdit(io, open, values, faithful, { steps, method: values.method === undefined ? undefined : method });
      for (const id of recipe?.locks ?? []) {
        const direction = open.pack.directions.find((d) => d.id === id);
        if (!canMeasure(open, direction?.attribute)) status(io, values, `lock ${id}: nothing to measure for it, so the moves are projected off it only`);
      }
      const seeds = fromSeeds !== undefined && recipe ? await checkSeeds(io, fromSeeds, inputArg, Boolean(values.photo)) : undefined;
      if (seeds && (await realpathAllowingMissing(out)) === (await realpath(seeds.seeds))) {
        throw new UsageError(`--out ${values.out}: is the folder of the seeds; to edit them in place, run the batch on their pictures with --recipe`);
      }
      // A face pack's records say where each picture was cropped; counted for the summary.
      const crops = { face: 0, centre: 0 };
      // And a pack that negates, what it did: counted by note ("dark background: kept as is").
      const polarities = new Map<string, number>();
      // And with locks, how many pictures each did not hold on (within tolerance).
      const missed = new Map<string, number>();
      const edit = recipe ? { recipe: recipe.name, hash: recipe.hash } : undefined;
      const common = {
        out,
        shard,
        batchSize,
        retryErrors: values['retry-errors'],
        photo: values.photo,
        signal: io.signal,
        onStart: ({ total, alreadyDone, indexFile, toEdit }: { total: number; alreadyDone: number; indexFile: string; toEdit: number }) => {
          if (values.json) io.stdout(JSON.stringify({ type: 'start', total, alreadyDone, indexFile, provider: open.provider, ...(edit ? { edit, toEdit } : {}) }) + '\n');
          else {
            const fromSeedsNote = recipe && !seeds && toEdit > 0 ? ` (${toEdit} embedded before: edited from their seeds)` : '';
            const what = recipe ? ` · ${recipe.name === null ? 'edit' : `recipe "${recipe.name}"`} (${recipe.hash})` : '';
            status(io, values, `${total} to do${fromSeedsNote}${alreadyDone ? `, ${alreadyDone} already done` : ''}${shard ? ` (shard ${shard.k} of ${shard.n})` : ''}${what} → ${indexFile}`);
          }
        },
        onProgress: (p: Parameters<ProgressView['update']>[0]) => view.update(p),
        onRecord: (r: IndexRecord) => {
          if (r.crop) crops[r.crop.source === 'face' ? 'face' : 'centre']++;
          if (r.polarity) polarities.set(r.polarity.note, (polarities.get(r.polarity.note) ?? 0) + 1);
          for (const lock of r.edit?.locks ?? []) if (lock.held === false) missed.set(lock.id, (missed.get(lock.id) ?? 0) + 1);
          const error = r.status === 'error' ? r.error : r.edit?.status === 'error' ? `edit: ${r.edit.error}` : undefined;
          if (error === undefined) return;
          if (values.json) io.stdout(JSON.stringify({ type: 'error', input: r.input, error }) + '\n');
          else view.message(`✗ ${r.input}: ${error}`);
        },
      };
      const summary =
        seeds && recipe
          ? await runFromSeeds(open, { ...common, seeds: seeds.seeds, input: seeds.pictures, recipe, ...(values['as-is'] ? { asIs: true } : {}), ...(values.polarity !== undefined ? { polarity } : {}) })
          : await runBatch(open, {
              ...common,
              input: input!,
              recursive: values.recursive,
              method: recipe?.method ?? method,
              steps,
              refineIterations,
              asIs: values['as-is'],
              polarity,
              recipe,
            });
      view.finish();
      result(io, values, { type: 'end', ...summary, provider: open.provider }, summaryText(summary, crops, polarities, missed));
      if (summary.cancelled) return EXIT.interrupted;
      return summary.failed > 0 ? EXIT.someFailed : EXIT.ok;
    } finally {
      view.finish();
      await engine.dispose();
    }
  },
};

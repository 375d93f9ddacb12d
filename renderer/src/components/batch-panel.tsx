/**
 * Batch: embed every image of a folder into an output folder (latent .npy, reconstruction .png,
 * index.jsonl), and with a recipe (issue #19) edit every picture too (x.edited.png), or re-edit
 * an earlier batch's seeds. Progress as "k of N", images/s and time left; Cancel stops after the
 * images in flight; running again resumes and skips what is done. Below: the results grid (before
 * and after) and the failures.
 */
import type { EmbedMethodName, Polarity, ReseedApi } from '../../../electron/contract/contract';
import type { BatchFolders } from '../hooks/use-batch';
import { useBatch } from '../hooks/use-batch';
import { useBatchEdit } from '../hooks/use-batch-edit';
import { useBatchNotice } from '../hooks/use-batch-notice';
import { progressLine, rateLine } from '../state/batch-format';
import type { BatchPreset, BatchViewMemory, RecipeDraft } from '../state/recipe-draft';
import { BatchEditFields } from './batch-edit-fields';
import { BatchResults } from './batch-results';
import { FolderField } from './folder-field';
import { NoticeBanner } from './notice-banner';
import { ErrorCode } from '../../../electron/contract/result';

export interface BatchPanelProps {
  readonly api: ReseedApi;
  readonly native: boolean;
  readonly initial: BatchFolders;
  readonly onFolders: (f: BatchFolders) => void;
  /** Batches longer than this are announced when they end (default: BATCH_NOTIFY_AFTER_SECONDS). */
  readonly notifyAfterSeconds?: number;
  /** Sampler steps from Settings (null: the pack's). */
  readonly steps?: number | null;
  /** The editor's sliders as a recipe (null: nothing to edit with), and their directions' labels. */
  readonly draft?: RecipeDraft | null;
  readonly labels?: Readonly<Record<string, string>>;
  /** "Apply to folder…": the recipe to start with. */
  readonly preset?: BatchPreset | null;
  /** The pack's default steps (a recipe without steps uses them). */
  readonly defaultSteps?: number | null;
  /** Where the view's choices are kept while another view is shown (the editor's, one object). */
  readonly memory?: BatchViewMemory;
}

export function BatchPanel({ api, native, initial, onFolders, notifyAfterSeconds, steps = null, draft = null, labels = {}, preset = null, defaultSteps = null, memory }: BatchPanelProps) {
  const where = native ? 'in your file manager' : 'in the file manager of the computer running reseed serve';
  const notice = useBatchNotice(native, notifyAfterSeconds);
  const b = useBatch(api, initial, onFolders, notice.announce, steps, memory);
  const edit = useBatchEdit(api, draft, preset, defaultSteps, memory);
  const p = b.progress;
  const foldersReady = b.folders.input.trim() !== '' && b.folders.out.trim() !== '';
  const ready = foldersReady && edit.fields.ok;
  const fail = (message: string) => b.setError({ code: ErrorCode.input, message });
  const seedsShown = edit.reEdit && edit.seeds.trim() !== '' ? edit.seeds : undefined;
  const editing = edit.choice.kind !== 'embed';
  return (
    <section className="batch-panel" aria-label="Batch">
      <h2>Batch: embed {editing ? 'and edit ' : ''}a folder</h2>
      <div className="batch-form">
        <FolderField api={api} native={native} label="Input folder" value={b.folders.input} onChange={(input) => b.setFolders({ ...b.folders, input })} onError={fail} disabled={b.running} />
        <FolderField api={api} native={native} label="Output folder" value={b.folders.out} onChange={(out) => b.setFolders({ ...b.folders, out })} onError={fail} disabled={b.running} />
        <label>
          <input type="checkbox" aria-label="Include sub-folders" checked={b.recursive} onChange={(e) => b.setRecursive(e.target.checked)} disabled={b.running} /> Include sub-folders
        </label>
        <label>
          Method{' '}
          <select value={b.method} onChange={(e) => b.setMethod(e.target.value as EmbedMethodName)} disabled={b.running || editing} aria-label="Batch method" title={editing ? "A recipe embeds with its own method" : undefined}>
            <option value="network">network</option>
            <option value="refine">refine</option>
            <option value="inversion">inversion</option>
          </select>
        </label>
        <BatchEditFields
          api={api}
          native={native}
          recipes={edit.recipes}
          draft={draft}
          labels={labels}
          choice={edit.choice}
          setChoice={edit.setChoice}
          photo={edit.photo}
          setPhoto={edit.setPhoto}
          reEdit={edit.reEdit}
          setReEdit={edit.setReEdit}
          seeds={edit.seeds}
          setSeeds={edit.setSeeds}
          onError={fail}
          disabled={b.running}
        />
        <label title="Negate each picture on its way into the model? Auto decides from each picture's border (a product on white is negated, a light garment on black kept as is)">
          Polarity{' '}
          <select value={b.polarity} onChange={(e) => b.setPolarity(e.target.value as Polarity)} disabled={b.running} aria-label="Batch polarity">
            <option value="auto">auto</option>
            <option value="negate">negate</option>
            <option value="keep">keep as is</option>
          </select>
        </label>
        <div className="batch-actions">
          <button
            type="button"
            aria-label="Run the batch"
            onClick={() => {
              notice.ask();
              if (edit.fields.ok) void b.run(edit.fields.fields);
            }}
            disabled={!ready || b.running}
          >
            {b.summary?.cancelled ? 'Resume batch' : 'Run batch'}
          </button>
          <button type="button" aria-label="Cancel the batch" onClick={b.cancel} disabled={!b.running}>
            Cancel
          </button>
          <button type="button" aria-label="Show the results of the output folder" onClick={() => void b.loadResults(b.folders.input, b.folders.out, seedsShown)} disabled={!foldersReady || b.running}>
            Show results
          </button>
          {(b.summary !== null || b.results !== null) && b.folders.out.trim() !== '' ? (
            <button type="button" aria-label="Open the output folder" onClick={() => void b.openOutput()}>
              Open output folder
            </button>
          ) : null}
        </div>
        {!edit.fields.ok ? (
          <p className="field-problem" role="status">
            {edit.fields.problem}
          </p>
        ) : null}
      </div>
      {b.opened !== null ? (
        <p role="status" className="muted" data-testid="folder-opened">
          Opened {b.opened} {where}.
        </p>
      ) : null}
      {b.error ? <NoticeBanner error={b.error} context="batch" onDismiss={() => b.setError(null)} /> : null}
      {notice.banner ? <NoticeBanner tone="info" error={{ code: ErrorCode.batchEnded, message: `${notice.banner.title}: ${notice.banner.body}` }} onDismiss={notice.dismiss} /> : null}
      {p ? (
        <div className="batch-progress" aria-live="polite">
          <progress max={Math.max(1, p.total + p.alreadyDone)} value={p.done + p.alreadyDone} />
          <span data-testid="batch-count">{progressLine(p)}</span>
          <span className="muted">{rateLine(p)}</span>
          <span className="muted">
            {p.ok} done, {p.failed} failed{p.alreadyDone > 0 ? `, ${p.alreadyDone} done earlier` : ''}
          </span>
          {b.summary ? <strong data-testid="batch-state">{b.summary.cancelled ? 'Cancelled: run again to resume' : 'Finished'}</strong> : b.running ? <span>Running…</span> : null}
        </div>
      ) : null}
      {b.summary?.edit ? (
        <p className="muted" data-testid="batch-edit-summary">
          {b.summary.edit.recipe ?? "The editor's sliders"} (hash {b.summary.edit.hash}): {b.summary.edit.edited} edited
          {b.summary.edit.reused > 0 ? `, ${b.summary.edit.reused} of them from seeds embedded earlier` : ''}, {b.summary.edit.failed} edits failed.
        </p>
      ) : null}
      {b.results ? <BatchResults results={b.results} /> : null}
    </section>
  );
}

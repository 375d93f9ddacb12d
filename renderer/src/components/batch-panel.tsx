/**
 * Batch: embed every image of a folder into an output folder (latent .npy, reconstruction .png,
 * index.jsonl). Progress as "k of N", images/s and time left; Cancel stops after the images in
 * flight; running again resumes and skips what is done. Below: the results grid and the failures.
 */
import type { EmbedMethodName, Polarity, ReseedApi } from '../../../electron/contract/contract';
import type { BatchFolders } from '../hooks/use-batch';
import { useBatch } from '../hooks/use-batch';
import { useBatchNotice } from '../hooks/use-batch-notice';
import { progressLine, rateLine } from '../state/batch-format';
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
}

export function BatchPanel({ api, native, initial, onFolders, notifyAfterSeconds, steps = null }: BatchPanelProps) {
  const where = native ? 'in your file manager' : 'in the file manager of the computer running reseed serve';
  const notice = useBatchNotice(native, notifyAfterSeconds);
  const b = useBatch(api, initial, onFolders, notice.announce, steps);
  const p = b.progress;
  const ready = b.folders.input.trim() !== '' && b.folders.out.trim() !== '';
  const fail = (message: string) => b.setError({ code: ErrorCode.input, message });
  return (
    <section className="batch-panel" aria-label="Batch">
      <h2>Batch: embed a folder</h2>
      <div className="batch-form">
        <FolderField api={api} native={native} label="Input folder" value={b.folders.input} onChange={(input) => b.setFolders({ ...b.folders, input })} onError={fail} disabled={b.running} />
        <FolderField api={api} native={native} label="Output folder" value={b.folders.out} onChange={(out) => b.setFolders({ ...b.folders, out })} onError={fail} disabled={b.running} />
        <label>
          <input type="checkbox" aria-label="Include sub-folders" checked={b.recursive} onChange={(e) => b.setRecursive(e.target.checked)} disabled={b.running} /> Include sub-folders
        </label>
        <label>
          Method{' '}
          <select value={b.method} onChange={(e) => b.setMethod(e.target.value as EmbedMethodName)} disabled={b.running} aria-label="Batch method">
            <option value="network">network</option>
            <option value="refine">refine</option>
            <option value="inversion">inversion</option>
          </select>
        </label>
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
              void b.run();
            }}
            disabled={!ready || b.running}
          >
            {b.summary?.cancelled ? 'Resume batch' : 'Run batch'}
          </button>
          <button type="button" aria-label="Cancel the batch" onClick={b.cancel} disabled={!b.running}>
            Cancel
          </button>
          <button type="button" aria-label="Show the results of the output folder" onClick={() => void b.loadResults(b.folders.input, b.folders.out)} disabled={!ready || b.running}>
            Show results
          </button>
          {(b.summary !== null || b.results !== null) && b.folders.out.trim() !== '' ? (
            <button type="button" aria-label="Open the output folder" onClick={() => void b.openOutput()}>
              Open output folder
            </button>
          ) : null}
        </div>
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
      {b.results ? (
        <>
          <h3>
            Results <span className="muted" data-testid="batch-results">{b.results.ok} done, {b.results.failed} failed</span>
          </h3>
          <ul className="batch-grid" aria-label="Batch results">
            {b.results.items.map((item) => (
              <li key={item.input} className="tile">
                {item.thumbnail ? <img src={item.thumbnail} alt={`${item.input} (input)`} /> : null}
                {item.reconstruction ? <img className="pixelated" src={item.reconstruction} alt={`${item.input} (reconstruction)`} /> : null}
                <span title={item.input}>{item.input}</span>
                <span className="muted">MSE {item.mse === null ? '–' : item.mse.toFixed(4)}</span>
                {item.polarity ? (
                  <span className="muted batch-polarity" title="What was done with the picture's polarity">
                    {item.polarity}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
          {b.results.ok > b.results.items.length ? <p className="muted">Showing the first {b.results.items.length} of {b.results.ok}.</p> : null}
          {b.results.errors.length > 0 ? (
            <>
              <h3>Failed files</h3>
              <ul className="batch-errors" aria-label="Failed files">
                {b.results.errors.map((e) => (
                  <li key={e.input}>
                    <code>{e.input}</code>: {e.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

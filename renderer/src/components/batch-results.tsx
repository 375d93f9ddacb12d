/**
 * The Batch view's results, read back from the output folder's index: one tile per picture done
 * (before: the input; after: the edited picture when a recipe edited it, else the reconstruction)
 * and every failure, of the embed or of the edit, with its reason.
 */
import type { BatchResults as Results } from '../../../electron/contract/workflow-schemas';

type Item = Results['items'][number];

/** What a tile says of its edit: the recipe, or why the edit failed (the failure is listed below too). */
function editLine(item: Item): string | null {
  if (!item.edit) return null;
  if (item.edit.status === 'error') return `edit failed: ${item.edit.error ?? 'unknown error'}`;
  const held = item.edit.locks?.filter((l) => l.held === false).map((l) => l.id) ?? [];
  return `${item.edit.recipe ?? 'edited'}${held.length > 0 ? ` · lock missed: ${held.join(', ')}` : ''}`;
}

export function BatchResults({ results }: { results: Results }) {
  const edited = results.items.some((i) => i.edited);
  return (
    <>
      <h3>
        Results{' '}
        <span className="muted" data-testid="batch-results">
          {results.ok} done, {results.failed} failed
        </span>
        {edited ? <span className="muted"> · before and after</span> : null}
      </h3>
      <ul className={`batch-grid${edited ? ' edited' : ''}`} aria-label="Batch results">
        {results.items.map((item) => {
          const line = editLine(item);
          return (
            <li key={item.input} className="tile" data-input={item.input} data-edited={item.edited ? 'yes' : 'no'}>
              {item.thumbnail ? <img src={item.thumbnail} alt={`${item.input} (${item.edited ? 'before' : 'input'})`} /> : null}
              {item.edited ? (
                <img className="pixelated" src={item.edited} alt={`${item.input} (after)`} title={item.editedPath ?? undefined} />
              ) : item.reconstruction ? (
                <img className="pixelated" src={item.reconstruction} alt={`${item.input} (reconstruction)`} />
              ) : null}
              <span title={item.input}>{item.input}</span>
              <span className="muted">MSE {item.mse === null ? '–' : item.mse.toFixed(4)}</span>
              {line !== null ? (
                <span className={item.edit?.status === 'error' ? 'error' : 'muted'} title={item.edit ? `recipe hash ${item.edit.hash}` : undefined}>
                  {line}
                </span>
              ) : null}
              {item.photoPath ? (
                <span className="muted" title={item.photoPath}>
                  + whole photo
                </span>
              ) : null}
              {item.polarity ? (
                <span className="muted batch-polarity" title="What was done with the picture's polarity">
                  {item.polarity}
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
      {results.ok > results.items.length ? <p className="muted">Showing the first {results.items.length} of {results.ok}.</p> : null}
      {results.errors.length > 0 ? (
        <>
          <h3>Failed files</h3>
          <ul className="batch-errors" aria-label="Failed files">
            {results.errors.map((e) => (
              <li key={e.input}>
                <code>{e.input}</code>: {e.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

/**
 * Model packs: the installed packs with their licence and measured metrics, import of a pack
 * folder (validated by the engine before anything is copied; a broken pack shows its error and
 * the active pack keeps working), switching the active pack, and removing a pack the user imported
 * (built-in packs, the default pack and the active one have no Remove button; the engine refuses
 * them too). A pack trained with `reseed train` shows its report under its row.
 */
import { Fragment, useCallback, useEffect, useState } from 'react';
import type { PackCatalog, PackInfo, ReseedApi } from '../../../electron/contract/contract';
import type { ErrorInfo } from '../../../electron/contract/result';
import { ErrorCode } from '../../../electron/contract/result';
import type { HintContext } from '../state/error-hints';
import { FolderField } from './folder-field';
import { NoticeBanner } from './notice-banner';
import { PackReportView } from './pack-report';

export interface PacksPanelProps {
  api: ReseedApi;
  native: boolean;
  lastFolder: string;
  onFolder: (path: string) => void;
  /** After a switch: the new active pack (the editor keeps the photo and re-embeds the crop). */
  onSwitched: (pack: PackInfo) => void;
}

export function PacksPanel({ api, native, lastFolder, onFolder, onSwitched }: PacksPanelProps) {
  const [catalog, setCatalog] = useState<PackCatalog | null>(null);
  const [folder, setFolder] = useState(lastFolder);
  const [error, setErrorInfo] = useState<{ error: ErrorInfo; context: HintContext } | null>(null);
  const setError = useCallback((e: ErrorInfo | null, context: HintContext = 'pack-import') => setErrorInfo(e === null ? null : { error: e, context }), []);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const r = await api.packCatalog();
    if (r.ok) setCatalog(r.value);
    else setError(r.error, 'pack-use');
  }, [api, setError]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const importPack = async () => {
    setBusy(true);
    setError(null);
    setMessage(null);
    onFolder(folder);
    const r = await api.packImport({ dir: folder });
    setBusy(false);
    if (r.ok) {
      setCatalog(r.value);
      setMessage('Imported. Choose "Use" to make it the active pack.');
    } else {
      setError(r.error);
    }
  };

  const use = async (dir: string) => {
    setBusy(true);
    setError(null);
    const r = await api.packUse({ dir });
    setBusy(false);
    if (!r.ok) {
      // The previous pack stays active (the engine reopened it): the editor keeps its state.
      setError(r.error, 'pack-use');
    } else {
      setMessage(`Active pack: ${r.value.name}`);
      onSwitched(r.value);
    }
    await refresh();
  };

  /** The pack whose Remove was pressed once: a second press (Confirm) deletes it. */
  const [confirming, setConfirming] = useState<string | null>(null);
  const remove = async (dir: string, name: string) => {
    setConfirming(null);
    setBusy(true);
    setError(null);
    setMessage(null);
    const r = await api.packRemove({ dir });
    setBusy(false);
    if (r.ok) {
      setCatalog(r.value);
      setMessage(`Removed ${name}.`);
    } else {
      setError(r.error, 'pack-remove');
    }
  };

  return (
    <section className="packs-panel" aria-label="Model packs">
      <h2>Model packs</h2>
      {error ? <NoticeBanner error={error.error} context={error.context} onDismiss={() => setError(null)} /> : null}
      {message ? <p role="status">{message}</p> : null}
      <table className="packs-table">
        <thead>
          <tr>
            <th>Pack</th>
            <th>Licence</th>
            <th>Metrics</th>
            <th>Where</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(catalog?.packs ?? []).map((p) => (
            <Fragment key={p.dir}>
              <tr data-active={p.active}>
                <td>
                  {p.name ?? p.dir} {p.version ? <span className="muted">{p.version}</span> : null}
                  {p.error ? <div className="error">{p.error}</div> : null}
                </td>
                <td>
                  {p.license ?? '–'}
                  {p.attribution ? <div className="muted">{p.attribution}</div> : null}
                </td>
                <td className="muted">{p.metrics ?? '–'}</td>
                <td className="muted" title={p.dir}>
                  {p.source}
                </td>
                <td className="pack-actions">
                  {p.active ? (
                    <strong>Active</strong>
                  ) : (
                    <button type="button" aria-label={`Use ${p.name ?? p.dir}`} disabled={busy || p.error !== null} onClick={() => void use(p.dir)}>
                      Use
                    </button>
                  )}
                  {p.removable && confirming !== p.dir ? (
                    <button type="button" aria-label={`Remove ${p.name ?? p.dir}`} title="Delete this imported pack from the user data folder" disabled={busy} onClick={() => setConfirming(p.dir)}>
                      Remove
                    </button>
                  ) : null}
                  {p.removable && confirming === p.dir ? (
                    <span className="confirm" role="group" aria-label={`Remove ${p.name ?? p.dir}?`}>
                      <span>Delete its folder?</span>
                      <button type="button" className="danger" aria-label={`Confirm removing ${p.name ?? p.dir}`} disabled={busy} onClick={() => void remove(p.dir, p.name ?? p.dir)}>
                        Delete
                      </button>
                      <button type="button" aria-label={`Keep ${p.name ?? p.dir}`} onClick={() => setConfirming(null)}>
                        Keep
                      </button>
                    </span>
                  ) : null}
                </td>
              </tr>
              {p.report ? (
                <tr className="pack-report-row">
                  <td colSpan={5}>
                    <PackReportView name={p.name ?? p.dir} report={p.report} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
      <h3>Import a pack folder</h3>
      <FolderField api={api} native={native} label="Pack folder" value={folder} onChange={setFolder} onError={(m) => setError({ code: ErrorCode.input, message: m }, 'folder')} disabled={busy} />
      <button type="button" aria-label="Import the pack folder" onClick={() => void importPack()} disabled={busy || folder.trim() === ''}>
        Import pack
      </button>
    </section>
  );
}

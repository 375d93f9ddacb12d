/**
 * The About box: the app's version, the execution provider that really runs the active pack, and
 * for every installed pack its version, licence, attribution and training data (from pack.json).
 * A modal <dialog>: focus moves into it and stays there, Escape or Close shuts it, and focus goes
 * back to what opened it (the caller's button). The same in the desktop app and `reseed serve`.
 */
import { useEffect, useState } from 'react';
import type { AppInfo, PackCatalog, PackInfo, ReseedApi } from '../../../electron/contract/contract';
import type { ErrorInfo } from '../../../electron/contract/result';
import { useModalDialog } from '../hooks/use-modal-dialog';

export interface AboutDialogProps {
  readonly api: ReseedApi;
  /** The active pack (its provider); null while none is loaded. */
  readonly pack: PackInfo | null;
  readonly transport: 'ipc' | 'http';
  readonly onClose: () => void;
}

export function AboutDialog({ api, pack, transport, onClose }: AboutDialogProps) {
  const { dialog, closeButton } = useModalDialog(onClose);
  const [app, setApp] = useState<AppInfo | null>(null);
  const [catalog, setCatalog] = useState<PackCatalog | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  useEffect(() => {
    let live = true;
    void api.appInfo().then((r) => live && (r.ok ? setApp(r.value) : setError(r.error)));
    void api.packCatalog().then((r) => live && (r.ok ? setCatalog(r.value) : setError(r.error)));
    return () => {
      live = false;
    };
  }, [api]);

  const provider = pack?.provider;
  const runtime = app ? [`Node ${app.versions.node}`, app.versions.electron ? `Electron ${app.versions.electron}` : null, `${app.platform} ${app.arch}`].filter(Boolean).join(' · ') : null;
  return (
    <dialog ref={dialog} className="about-dialog" aria-labelledby="about-title">
      <h2 id="about-title">About Reseed</h2>
      {error ? (
        <p role="alert" className="error" data-code={error.code}>
          {error.message}
        </p>
      ) : null}
      <dl className="about-facts">
        <dt>Version</dt>
        <dd data-testid="about-version">{app ? `${app.name} ${app.version}` : '…'}</dd>
        <dt>Execution provider</dt>
        <dd data-testid="about-provider">{provider ? `${provider.label} (${provider.reason})` : '—'}</dd>
        <dt>Runs on</dt>
        <dd>
          {runtime ?? '…'} · {transport === 'ipc' ? 'desktop app' : 'reseed serve'}
        </dd>
      </dl>
      <h3>Model packs</h3>
      <ul className="about-packs" aria-label="Installed model packs">
        {(catalog?.packs ?? []).map((p) => (
          <li key={p.dir} data-pack-id={p.id ?? ''} data-active={p.active}>
            <strong>{p.name ?? p.dir}</strong> {p.version ? <span className="muted">{p.version}</span> : null} {p.active ? <em>(active)</em> : null}
            {p.error ? (
              <div className="error">{p.error}</div>
            ) : (
              <dl>
                <dt>Licence</dt>
                <dd data-testid="about-pack-license">{p.license ?? '—'}</dd>
                <dt>Attribution</dt>
                <dd>{p.attribution ?? '—'}</dd>
                {p.trainingData ? (
                  <>
                    <dt>Training data</dt>
                    <dd>
                      {p.trainingData.name} — {p.trainingData.source} ({p.trainingData.license} licence, {p.trainingData.images.toLocaleString('en')} images)
                    </dd>
                  </>
                ) : null}
              </dl>
            )}
          </li>
        ))}
        {catalog !== null && catalog.packs.length === 0 ? <li className="muted">No packs installed.</li> : null}
      </ul>
      <form method="dialog" className="about-actions">
        {/* Focused on opening: Enter or Space closes; Tab stays inside the modal dialog. */}
        <button type="submit" ref={closeButton} aria-label="Close the About box">
          Close
        </button>
      </form>
    </dialog>
  );
}

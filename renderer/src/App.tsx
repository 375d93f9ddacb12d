/**
 * Placeholder window until the editor arrives: proves the whole path renderer → bridge → main →
 * back by showing the app-info answer.
 */
import { Fragment, useEffect, useState } from 'react';
import type { AppInfo, ReseedApi } from '../../electron/shared/contract';
import type { ErrorInfo } from '../../electron/shared/result';

type State = { kind: 'loading' } | { kind: 'ready'; info: AppInfo } | { kind: 'failed'; error: ErrorInfo };

function useAppInfo(api: ReseedApi | null): State {
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    if (api === null) return;
    let live = true;
    api.appInfo().then(
      (result) => {
        if (!live) return;
        setState(result.ok ? { kind: 'ready', info: result.value } : { kind: 'failed', error: result.error });
      },
      (error: unknown) => {
        if (live) setState({ kind: 'failed', error: { code: 'transport', message: String(error) } });
      },
    );
    return () => {
      live = false;
    };
  }, [api]);
  if (api === null) {
    return { kind: 'failed', error: { code: 'no-api', message: 'No Reseed API here: open the desktop app.' } };
  }
  return state;
}

function InfoList({ info }: { info: AppInfo }) {
  const rows: [string, string][] = [
    ['Version', `${info.name} ${info.version}${info.isPackaged ? '' : ' (development)'}`],
    ['Platform', `${info.platform} ${info.arch}`],
    ['Electron', info.versions.electron ?? '—'],
    ['Chromium', info.versions.chrome ?? '—'],
    ['Node', info.versions.node],
    ['Models', info.paths.models],
    ['User data', info.paths.userData],
  ];
  return (
    <dl>
      {rows.map(([label, value]) => (
        <Fragment key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

export function App({ api }: { api: ReseedApi | null }) {
  const state = useAppInfo(api);
  return (
    <main className="app">
      <h1>Reseed</h1>
      <p className="tagline">Find the seed behind a picture, move it, regrow the picture.</p>
      {state.kind === 'loading' && <p>Asking the engine…</p>}
      {state.kind === 'ready' && <InfoList info={state.info} />}
      {state.kind === 'failed' && (
        <p className="error" role="alert">
          {state.error.code}: {state.error.message}
        </p>
      )}
    </main>
  );
}

/**
 * The folder browser `reseed serve` offers in place of a native dialog: it walks the engine's
 * allowed roots through `listFolder` and hands back the chosen folder. A refused path shows the
 * engine's message; the browser itself never builds paths with "..".
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FolderListing, ReseedApi } from '../../../electron/contract/contract';

export function FolderBrowser({ api, start, onChoose, onClose }: { api: ReseedApi; start: string | null; onChoose: (path: string) => void; onClose: () => void }) {
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [typed, setTyped] = useState(start ?? '');
  // Latest wins: an answer to an earlier request (the start folder, a slow listing) must not
  // overwrite what the user asked for since, nor clear a refusal shown for it.
  const latest = useRef(0);

  const go = useCallback(
    async (path: string | null) => {
      const ticket = ++latest.current;
      const result = await api.listFolder({ path });
      if (ticket !== latest.current) return true;
      if (result.ok) {
        setListing(result.value);
        setTyped(result.value.path ?? '');
        setError(null);
        return true;
      }
      setError(result.error.message);
      return false;
    },
    [api],
  );

  useEffect(() => {
    // A start folder that is refused or gone: show why, and the allowed roots to pick from.
    void go(start).then(async (shown) => {
      if (!shown && start !== null) {
        const ticket = latest.current;
        const roots = await api.listFolder({ path: null });
        if (roots.ok && ticket === latest.current) setListing(roots.value);
      }
    });
  }, [api, go, start]);

  const folders = listing?.entries.filter((e) => e.kind === 'folder') ?? [];
  const images = listing?.entries.filter((e) => e.kind === 'image').length ?? 0;
  return (
    <div className="folder-browser" role="dialog" aria-modal="true" aria-label="Choose a folder">
      <form
        className="folder-path"
        onSubmit={(e) => {
          e.preventDefault();
          void go(typed.trim() === '' ? null : typed.trim());
        }}
      >
        <input aria-label="Folder path" value={typed} onChange={(e) => setTyped(e.target.value)} />
        <button type="submit" aria-label="Go to the typed folder">Go</button>
      </form>
      {error ? (
        <p role="alert" className="error" data-code="folder-refused">
          {error}
        </p>
      ) : null}
      <div className="folder-actions">
        <button type="button" aria-label="Up one folder" disabled={listing === null || listing.path === null} onClick={() => void go(listing?.parent ?? null)}>
          ↑ Up
        </button>
        <span className="muted">{listing?.path ?? 'Allowed folders'}{listing?.path ? ` · ${images} image${images === 1 ? '' : 's'}` : ''}</span>
      </div>
      <ul className="folder-list" aria-label="Folders">
        {folders.map((f) => (
          <li key={f.path}>
            <button type="button" className="link" aria-label={`Open folder ${f.name}`} onClick={() => void go(f.path)}>
              📁 {f.name}
            </button>
          </li>
        ))}
        {listing !== null && folders.length === 0 ? <li className="muted">No sub-folders</li> : null}
      </ul>
      <div className="folder-actions">
        <button type="button" aria-label="Choose this folder" disabled={!listing?.path} onClick={() => listing?.path && onChoose(listing.path)}>
          Choose this folder
        </button>
        <button type="button" aria-label="Close the folder browser" onClick={onClose}>
          Cancel
        </button>
      </div>
    </div>
  );
}

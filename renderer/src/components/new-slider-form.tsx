/**
 * "New slider from examples…": a name and two folders, one of pictures with the attribute and
 * one without. The engine embeds both (progress as `direction` events, Cancel by request id) and
 * saves the direction for the active pack; the panel then lists it like the pack's own sliders.
 */
import { useEffect, useRef, useState } from 'react';
import type { DirectionCreated, ReseedApi } from '../../../electron/contract/contract';
import type { ErrorInfo } from '../../../electron/contract/result';
import { ErrorCode } from '../../../electron/contract/result';
import { newRequestId } from '../files';
import { FolderField } from './folder-field';
import { NoticeBanner } from './notice-banner';

export interface NewSliderFormProps {
  readonly api: ReseedApi;
  readonly native: boolean;
  readonly onCreated: (created: DirectionCreated) => void;
  readonly onClose: () => void;
}

export function NewSliderForm({ api, native, onCreated, onClose }: NewSliderFormProps) {
  const [name, setName] = useState('');
  const [withFolder, setWithFolder] = useState('');
  const [withoutFolder, setWithoutFolder] = useState('');
  const [running, setRunning] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const runningRef = useRef<string | null>(null);

  useEffect(
    () =>
      api.on('progress', (p) => {
        if (p.operation === 'direction' && p.requestId === runningRef.current) setProgress({ done: p.done, total: p.total });
      }),
    [api],
  );

  const ready = name.trim() !== '' && withFolder.trim() !== '' && withoutFolder.trim() !== '' && running === null;
  const fail = (message: string) => setError({ code: ErrorCode.input, message });

  const create = async () => {
    const requestId = newRequestId();
    runningRef.current = requestId;
    setRunning(requestId);
    setProgress(null);
    setError(null);
    try {
      const result = await api.directionCreate({ requestId, name, withFolder, withoutFolder });
      if (result.ok) onCreated(result.value);
      else if (result.error.code !== ErrorCode.cancelled) setError(result.error);
    } finally {
      runningRef.current = null;
      setRunning(null);
    }
  };

  return (
    // Not a <form>: the folder browser inside the folder fields has its own.
    <div className="new-slider" role="group" aria-label="New slider from examples">
      <p className="muted">
        Two folders of pictures: one where the attribute is present, one where it is not. Up to 200 pictures each are embedded; the slider moves from the second kind towards the first.
      </p>
      <label>
        Name
        <input
          aria-label="Slider name"
          value={name}
          maxLength={60}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && ready && void create()}
          disabled={running !== null}
          placeholder="e.g. Striped"
        />
      </label>
      <FolderField api={api} native={native} label="Folder with the attribute" value={withFolder} onChange={setWithFolder} onError={fail} disabled={running !== null} />
      <FolderField api={api} native={native} label="Folder without it" value={withoutFolder} onChange={setWithoutFolder} onError={fail} disabled={running !== null} />
      <div className="new-slider-actions">
        <button type="button" disabled={!ready} onClick={() => void create()} aria-label="Create the slider">
          Create
        </button>
        {running !== null ? (
          <button type="button" onClick={() => void api.cancel({ requestId: running })} aria-label="Cancel creating the slider">
            Cancel
          </button>
        ) : (
          <button type="button" onClick={onClose} aria-label="Close the new slider form">
            Close
          </button>
        )}
      </div>
      {running !== null ? (
        <div className="new-slider-progress" aria-live="polite">
          <progress max={Math.max(1, progress?.total ?? 1)} value={progress?.done ?? 0} />
          <span className="muted">{progress ? `Embedding ${progress.done} of ${progress.total} pictures…` : 'Reading the folders…'}</span>
        </div>
      ) : null}
      {error ? <NoticeBanner error={error} context="custom-slider" onDismiss={() => setError(null)} /> : null}
    </div>
  );
}

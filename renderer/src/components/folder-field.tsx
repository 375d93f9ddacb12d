/**
 * A folder field: a path typed in, or chosen with Browse… (the native dialog in the desktop app,
 * the engine's folder browser in `reseed serve`). The engine checks whatever path arrives.
 */
import { useState } from 'react';
import type { ReseedApi } from '../../../electron/contract/contract';
import { FolderBrowser } from './folder-browser';
import { ErrorCode } from '../../../electron/contract/result';

export interface FolderFieldProps {
  api: ReseedApi;
  native: boolean;
  label: string;
  value: string;
  onChange: (path: string) => void;
  onError: (message: string) => void;
  disabled?: boolean;
}

export function FolderField({ api, native, label, value, onChange, onError, disabled }: FolderFieldProps) {
  const [browsing, setBrowsing] = useState(false);
  const browse = async () => {
    if (!native) return setBrowsing(true);
    const result = await api.chooseFolder();
    if (result.ok) {
      if (result.value) onChange(result.value.path);
    } else if (result.error.code === ErrorCode.unsupported) {
      setBrowsing(true);
    } else {
      onError(result.error.message);
    }
  };
  return (
    <div className="folder-field">
      <label>
        {label}
        <input aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled} spellCheck={false} />
      </label>
      <button type="button" onClick={() => void browse()} disabled={disabled} aria-label={`Browse for the ${label.toLowerCase()}`}>
        Browse…
      </button>
      {browsing ? (
        <FolderBrowser
          api={api}
          start={value.trim() === '' ? null : value}
          onChoose={(path) => {
            onChange(path);
            setBrowsing(false);
          }}
          onClose={() => setBrowsing(false)}
        />
      ) : null}
    </div>
  );
}

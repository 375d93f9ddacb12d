/** The editor's commands: open (dialog, recent), embed, seeds, undo/redo, export. */
import { useState, type RefObject } from 'react';
import type { EmbedMethodName, PackInfo, RecentImages } from '../../../electron/contract/contract';
import type { Progress } from '../hooks/use-editor';

export interface ToolbarProps {
  readonly pack: PackInfo | null;
  readonly fileInput: RefObject<HTMLInputElement | null>;
  readonly onOpen: () => void;
  readonly onFile: (file: File) => void;
  readonly recent: RecentImages['items'];
  readonly onRecent: (key: string) => void;
  readonly opening: boolean;
  readonly method: EmbedMethodName;
  readonly onMethod: (method: EmbedMethodName) => void;
  readonly canEmbed: boolean;
  readonly onEmbed: () => void;
  readonly embedding: Progress | null;
  readonly onCancelEmbed: () => void;
  readonly onGenerate: (seed: number) => void;
  readonly generating: boolean;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly onUndo: () => void;
  readonly onRedo: () => void;
  readonly canExport: boolean;
  readonly exportScale: number;
  readonly onExport: (scale: number) => void;
  /** Paste back into the photo (embedded seeds only). */
  readonly canExportPhoto: boolean;
  readonly onExportPhoto: (format: 'png' | 'jpeg') => void;
}

const MAX_SEED = 0xffffffff;

export function Toolbar(p: ToolbarProps) {
  const [seedText, setSeedText] = useState('7');
  const seedNumber = Number(seedText);
  const seedValid = seedText !== '' && Number.isInteger(seedNumber) && seedNumber >= 0 && seedNumber <= MAX_SEED;
  const ready = p.pack !== null;
  const size = p.pack ? `${p.pack.image.width}×${p.pack.image.height}` : '';
  const bigSize = p.pack ? `${p.pack.image.width * p.exportScale}×${p.pack.image.height * p.exportScale}` : '';
  const random = () => {
    const seed = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
    setSeedText(String(seed));
    p.onGenerate(seed);
  };
  return (
    <nav className="toolbar" aria-label="Editor commands">
      <div className="group">
        <button type="button" onClick={p.onOpen} disabled={!ready || p.opening} aria-label="Open a picture (Ctrl+O)" title="Ctrl+O · or drop or paste a picture">
          {p.opening ? 'Opening…' : 'Open…'}
        </button>
        <input
          ref={p.fileInput}
          type="file"
          accept="image/*"
          className="visually-hidden"
          aria-label="Picture file"
          tabIndex={-1}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) p.onFile(file);
            e.target.value = '';
          }}
        />
        <select
          aria-label="Recent pictures"
          value=""
          disabled={!ready || p.recent.length === 0}
          onChange={(e) => e.target.value !== '' && p.onRecent(e.target.value)}
        >
          <option value="">Recent…</option>
          {p.recent.map((r) => (
            <option key={r.key} value={r.key}>
              {r.name}
            </option>
          ))}
        </select>
      </div>
      <div className="group">
        <select aria-label="Embedding method" value={p.method} disabled={!ready} onChange={(e) => p.onMethod(e.target.value as EmbedMethodName)}>
          <option value="network">Network</option>
          <option value="refine">Refine</option>
          <option value="inversion">Inversion</option>
        </select>
        <button type="button" className="primary" onClick={p.onEmbed} disabled={!p.canEmbed} aria-label="Embed the crop (Ctrl+Enter)" title="Ctrl+Enter">
          Embed
        </button>
        {p.embedding ? (
          <>
            <progress aria-label="Embedding progress" max={p.embedding.total} value={p.embedding.done} />
            <button type="button" onClick={p.onCancelEmbed} aria-label="Cancel embedding">
              Cancel
            </button>
          </>
        ) : null}
      </div>
      <div className="group">
        <input
          type="number"
          className="seed-input"
          min={0}
          max={MAX_SEED}
          step={1}
          value={seedText}
          aria-label="Seed number"
          aria-invalid={!seedValid}
          onChange={(e) => setSeedText(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && seedValid && p.onGenerate(seedNumber)}
        />
        <button type="button" onClick={() => p.onGenerate(seedNumber)} disabled={!ready || !seedValid || p.generating} aria-label="Generate from the seed number">
          Generate
        </button>
        <button type="button" onClick={random} disabled={!ready || p.generating} aria-label="Random seed">
          Random
        </button>
      </div>
      <div className="group">
        <button type="button" onClick={p.onUndo} disabled={!p.canUndo} aria-label="Undo (Ctrl+Z)" title="Ctrl+Z">
          Undo
        </button>
        <button type="button" onClick={p.onRedo} disabled={!p.canRedo} aria-label="Redo (Ctrl+Shift+Z)" title="Ctrl+Shift+Z or Ctrl+Y">
          Redo
        </button>
      </div>
      <div className="group">
        <button type="button" onClick={() => p.onExport(1)} disabled={!p.canExport} aria-label={`Export PNG at ${size} (Ctrl+S)`} title="Ctrl+S">
          Export {size}
        </button>
        <button type="button" onClick={() => p.onExport(p.exportScale)} disabled={!p.canExport} aria-label={`Export PNG enlarged to ${bigSize} (Ctrl+E)`} title="Ctrl+E">
          Export ×{p.exportScale}
        </button>
        <button type="button" onClick={() => p.onExportPhoto('png')} disabled={!p.canExportPhoto} aria-label="Export the photo with the edit pasted back, PNG">
          Photo PNG
        </button>
        <button type="button" onClick={() => p.onExportPhoto('jpeg')} disabled={!p.canExportPhoto} aria-label="Export the photo with the edit pasted back, JPEG">
          Photo JPEG
        </button>
      </div>
    </nav>
  );
}

/** The editor's commands: open (dialog, recent), embed, seeds, undo/redo, export, recipes. */
import { useState, type RefObject } from 'react';
import type { EmbedMethodName, PackInfo, Polarity, RecentImages } from '../../../electron/contract/contract';
import type { Progress } from '../state/editor-state';
import { MAX_SEED, parseSeed } from '../state/seed-number';

/** Opening a picture: the dialog (or the hidden file input behind it) and the recent list. */
export interface FileCommands {
  readonly input: RefObject<HTMLInputElement | null>;
  readonly open: () => void;
  readonly openFile: (file: File) => void;
  readonly recent: RecentImages['items'];
  readonly openRecent: (key: string) => void;
  readonly opening: boolean;
}

export interface EmbedCommands {
  readonly method: EmbedMethodName;
  readonly setMethod: (method: EmbedMethodName) => void;
  /** Negate the photo or not (auto: from its border); the embed panel says what was done. */
  readonly polarity: Polarity;
  readonly setPolarity: (polarity: Polarity) => void;
  /** A pack, a photo and a crop box are there. */
  readonly canRun: boolean;
  readonly run: () => void;
  /** The embed in flight (progress bar and Cancel), if any. */
  readonly progress: Progress | null;
  readonly cancel: () => void;
}

export interface SeedCommands {
  readonly generate: (seed: number) => void;
  readonly generating: boolean;
}

export interface HistoryCommands {
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly undo: () => void;
  readonly redo: () => void;
}

export interface ExportCommands {
  /** The enlarged export's factor (its button names the size). */
  readonly scale: number;
  readonly canExport: boolean;
  readonly png: (scale: number) => void;
  /** Paste back into the photo (embedded seeds only). */
  readonly canExportPhoto: boolean;
  readonly photo: (format: 'png' | 'jpeg') => void;
}

/** Recipes (issue #19): the sliders saved under a name, and applied to a folder in the Batch view. */
export interface RecipeCommands {
  /** The Save as recipe… button: focus goes back to it when the recipe box closes. */
  readonly saveButton?: RefObject<HTMLButtonElement | null>;
  readonly save: () => void;
  readonly apply: () => void;
}

export interface ToolbarProps {
  /** Nothing runs before the pack has loaded; the export buttons name its image size. */
  readonly pack: PackInfo | null;
  readonly file: FileCommands;
  readonly embed: EmbedCommands;
  readonly seeds: SeedCommands;
  readonly history: HistoryCommands;
  readonly export: ExportCommands;
  readonly recipes?: RecipeCommands;
}

/** A long file name shortened in its middle, so the recent list stays narrow and the end (the extension) shows. */
export function shortName(name: string, max = 36): string {
  if (name.length <= max) return name;
  const tail = Math.min(12, Math.floor(max / 3));
  return `${name.slice(0, max - tail - 1)}…${name.slice(-tail)}`;
}

// `export` is a reserved word, so its group is called `output` in here.
export function Toolbar({ pack, file, embed, seeds, history, export: output, recipes }: ToolbarProps) {
  const [seedText, setSeedText] = useState('7');
  const parsed = parseSeed(seedText);
  const seedValid = parsed.ok;
  const seedNumber = parsed.ok ? parsed.seed : 0;
  const seedProblem = parsed.ok ? null : parsed.problem;
  const ready = pack !== null;
  const size = pack ? `${pack.image.width}×${pack.image.height}` : '';
  const bigSize = pack ? `${pack.image.width * output.scale}×${pack.image.height * output.scale}` : '';
  const random = () => {
    const n = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
    setSeedText(String(n));
    seeds.generate(n);
  };
  return (
    <nav className="toolbar" aria-label="Editor commands">
      <div className="group">
        <button type="button" onClick={file.open} disabled={!ready || file.opening} aria-label="Open a picture (Ctrl+O)" title="Ctrl+O · or drop or paste a picture">
          {file.opening ? 'Opening…' : 'Open…'}
        </button>
        <input
          ref={file.input}
          type="file"
          accept="image/*"
          className="visually-hidden"
          aria-label="Picture file"
          tabIndex={-1}
          onChange={(e) => {
            const picked = e.target.files?.[0];
            if (picked) file.openFile(picked);
            e.target.value = '';
          }}
        />
        <select
          aria-label="Recent pictures"
          value=""
          disabled={!ready || file.recent.length === 0}
          onChange={(e) => e.target.value !== '' && file.openRecent(e.target.value)}
        >
          <option value="">Recent…</option>
          {file.recent.map((r) => (
            <option key={r.key} value={r.key} title={r.name}>
              {shortName(r.name)}
            </option>
          ))}
        </select>
      </div>
      <div className="group">
        <select aria-label="Embedding method" value={embed.method} disabled={!ready} onChange={(e) => embed.setMethod(e.target.value as EmbedMethodName)}>
          <option value="network">Network</option>
          <option value="refine">Refine</option>
          <option value="inversion">Inversion</option>
        </select>
        <select
          aria-label="Polarity"
          value={embed.polarity}
          disabled={!ready}
          title="Negate the photo on its way into the model? Auto decides from its border: a product on white is negated for a pack trained on light-on-black pictures, a light garment on black is kept as is"
          onChange={(e) => embed.setPolarity(e.target.value as Polarity)}
        >
          <option value="auto">Auto</option>
          <option value="negate">Negate</option>
          <option value="keep">Keep as is</option>
        </select>
        <button type="button" className="primary" onClick={embed.run} disabled={!embed.canRun} aria-label="Embed the crop (Ctrl+Enter)" title="Ctrl+Enter">
          Embed
        </button>
        {embed.progress ? (
          <>
            <progress aria-label="Embedding progress" max={embed.progress.total} value={embed.progress.done} />
            <button type="button" onClick={embed.cancel} aria-label="Cancel embedding">
              Cancel
            </button>
          </>
        ) : null}
      </div>
      <div className="group seed-group">
        <input
          type="number"
          className="seed-input"
          min={0}
          max={MAX_SEED}
          step={1}
          value={seedText}
          aria-label="Seed number"
          aria-invalid={!seedValid}
          aria-describedby={seedProblem !== null ? 'seed-problem' : undefined}
          onChange={(e) => setSeedText(e.target.value)}
          // A number field reports '' for text it cannot read ("1e", "--5"): say so rather than nothing.
          onInput={(e) => e.currentTarget.validity.badInput && setSeedText('')}
          onKeyDown={(e) => e.key === 'Enter' && seedValid && seeds.generate(seedNumber)}
        />
        <button
          type="button"
          onClick={() => seeds.generate(seedNumber)}
          disabled={!ready || !seedValid || seeds.generating}
          aria-label="Generate from the seed number"
          title={seedProblem ?? `The image of seed ${seedNumber} (the same as reseed generate --seed ${seedNumber})`}
        >
          Generate
        </button>
        {seedProblem !== null ? (
          <span id="seed-problem" className="field-problem" role="status">
            {seedProblem}
          </span>
        ) : null}
        <button type="button" onClick={random} disabled={!ready || seeds.generating} aria-label="Random seed">
          Random
        </button>
      </div>
      <div className="group">
        <button type="button" onClick={history.undo} disabled={!history.canUndo} aria-label="Undo (Ctrl+Z)" title="Ctrl+Z">
          Undo
        </button>
        <button type="button" onClick={history.redo} disabled={!history.canRedo} aria-label="Redo (Ctrl+Shift+Z)" title="Ctrl+Shift+Z or Ctrl+Y">
          Redo
        </button>
      </div>
      <div className="group">
        <button type="button" onClick={() => output.png(1)} disabled={!output.canExport} aria-label={`Export PNG at ${size} (Ctrl+S)`} title="Ctrl+S">
          Export {size}
        </button>
        <button type="button" onClick={() => output.png(output.scale)} disabled={!output.canExport} aria-label={`Export PNG enlarged to ${bigSize} (Ctrl+E)`} title="Ctrl+E">
          Export ×{output.scale}
        </button>
        <button type="button" onClick={() => output.photo('png')} disabled={!output.canExportPhoto} aria-label="Export the photo with the edit pasted back, PNG">
          Photo PNG
        </button>
        <button type="button" onClick={() => output.photo('jpeg')} disabled={!output.canExportPhoto} aria-label="Export the photo with the edit pasted back, JPEG">
          Photo JPEG
        </button>
      </div>
      {recipes ? (
        <div className="group">
          <button type="button" ref={recipes.saveButton} onClick={recipes.save} disabled={!ready} aria-label="Save as recipe…" title="The sliders, locks, keep details, steps and method under a name, for this pack; the saved recipes: rename, delete, import, export">
            Save as recipe…
          </button>
          <button type="button" onClick={recipes.apply} disabled={!ready} aria-label="Apply to folder…" title="The Batch view, set to edit a folder with these sliders (the saved recipe that matches them)">
            Apply to folder…
          </button>
        </div>
      ) : null}
    </nav>
  );
}

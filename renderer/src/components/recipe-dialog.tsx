/**
 * "Save as recipe…" (issue #19): a modal box that names the editor's current sliders (the pack's
 * and custom directions, locks, keep details and its strength, sampler steps and method) as a
 * recipe of the active pack, and lists the pack's saved recipes to rename, delete, export as a
 * JSON file or apply to a folder; a recipe file can be imported. The engine checks every recipe
 * against the active pack, so another pack's recipe or an unknown direction shows its message here.
 */
import { useEffect, useRef, useState } from 'react';
import type { DirectionInfo, ReseedApi } from '../../../electron/contract/contract';
import { useModalDialog } from '../hooks/use-modal-dialog';
import { useRecipes } from '../hooks/use-recipes';
import { draftIsEmpty, recipeSummary, type RecipeDraft } from '../state/recipe-draft';
import { NoticeBanner } from './notice-banner';
import { RecipeRow } from './recipe-row';

export interface RecipeDialogProps {
  readonly api: ReseedApi;
  /** The editor's sliders as a recipe; null without a seed to edit. */
  readonly draft: RecipeDraft | null;
  readonly directions: readonly Pick<DirectionInfo, 'id' | 'label'>[];
  readonly packName: string;
  /** Apply to folder: the Batch view, preset to this saved recipe. */
  readonly apply: (id: string) => void;
  readonly onClose: () => void;
}

export function RecipeDialog({ api, draft, directions, packName, apply, onClose }: RecipeDialogProps) {
  const { dialog, closeButton } = useModalDialog(onClose);
  const r = useRecipes(api);
  const [name, setName] = useState('');
  const [replace, setReplace] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  // After useModalDialog's focus on Close: the box opens to be typed a name.
  useEffect(() => nameInput.current?.focus(), []);
  const labels = Object.fromEntries(directions.map((d) => [d.id, d.label]));
  const why = draft === null ? 'Embed a picture or generate a seed, then move the sliders.' : draftIsEmpty(draft) ? 'Move at least one slider first.' : null;
  const canSave = why === null && name.trim() !== '' && !r.busy;
  const save = async () => {
    if (!canSave || draft === null) return;
    if ((await r.save(name.trim(), draft, replace)) !== undefined) setName('');
  };
  return (
    <dialog ref={dialog} className="about-dialog recipe-dialog" aria-labelledby="recipe-title">
      <h2 id="recipe-title">Recipes for {packName}</h2>
      <section aria-label="Save as recipe">
        <h3>Save the editor's sliders as a recipe</h3>
        <p className="muted" data-testid="recipe-draft">
          {why ?? recipeSummary(draft!, labels)}
        </p>
        <div className="recipe-save">
          <input
            ref={nameInput}
            type="text"
            value={name}
            maxLength={80}
            placeholder="Name, e.g. Darker fabric"
            aria-label="Recipe name"
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && void save()}
          />
          <button type="button" className="primary" onClick={() => void save()} disabled={!canSave} aria-label="Save the sliders as a recipe">
            Save recipe
          </button>
        </div>
        <label>
          <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} aria-label="Replace a recipe of the same name" /> Replace a recipe of the
          same name (saving or importing)
        </label>
      </section>
      {r.error ? <NoticeBanner error={r.error} context="recipe" onDismiss={() => r.setError(null)} /> : null}
      {r.done ? (
        <p role="status" className="muted" data-testid="recipe-done">
          {r.done}
        </p>
      ) : null}
      <h3>
        Saved recipes <span className="muted">{r.recipes === null ? '…' : `${r.recipes.length}`}</span>
      </h3>
      <ul className="recipe-list" aria-label="Saved recipes">
        {(r.recipes ?? []).map((recipe) => (
          <RecipeRow key={recipe.id} recipe={recipe} labels={labels} busy={r.busy} rename={r.rename} remove={r.remove} exportOne={(id) => void r.exportOne(id)} apply={apply} />
        ))}
        {r.recipes !== null && r.recipes.length === 0 ? <li className="muted">None yet for this pack.</li> : null}
      </ul>
      <div className="recipe-import">
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Recipe file"
          onChange={(e) => {
            const picked = e.target.files?.[0];
            if (picked) void r.importFile(picked, replace);
            e.target.value = '';
          }}
        />
        <button type="button" onClick={() => fileInput.current?.click()} disabled={r.busy} aria-label="Import a recipe file (JSON)">
          Import…
        </button>
        <span className="muted">A recipe file exported here or written for reseed batch --recipe.</span>
      </div>
      <form method="dialog" className="about-actions">
        <button type="submit" ref={closeButton} aria-label="Close the recipes">
          Close
        </button>
      </form>
    </dialog>
  );
}

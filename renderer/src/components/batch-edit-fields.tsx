/**
 * The Batch view's edit (issue #19): embed only, or edit every picture with a saved recipe of the
 * active pack or with the editor's sliders as they are; with a recipe, also the whole photo with
 * the edit pasted back, and re-editing the seeds an earlier batch wrote (decoding only, nothing
 * embedded again). A recipe that cannot run now is listed, disabled, with the engine's reason.
 */
import type { ReseedApi } from '../../../electron/contract/contract';
import type { RecipeInfo } from '../../../electron/contract/recipe-schemas';
import { choiceValue, draftIsEmpty, parseChoice, recipeSummary, type BatchEditChoice, type RecipeDraft } from '../state/recipe-draft';
import { FolderField } from './folder-field';

export interface BatchEditFieldsProps {
  readonly api: ReseedApi;
  readonly native: boolean;
  /** The active pack's saved recipes; null while listing. */
  readonly recipes: readonly RecipeInfo[] | null;
  /** The editor's sliders as a recipe (null: no seed, nothing to offer). */
  readonly draft: RecipeDraft | null;
  readonly labels: Readonly<Record<string, string>>;
  readonly choice: BatchEditChoice;
  readonly setChoice: (choice: BatchEditChoice) => void;
  readonly photo: boolean;
  readonly setPhoto: (photo: boolean) => void;
  readonly reEdit: boolean;
  readonly setReEdit: (reEdit: boolean) => void;
  readonly seeds: string;
  readonly setSeeds: (path: string) => void;
  readonly onError: (message: string) => void;
  readonly disabled: boolean;
}

export function BatchEditFields(p: BatchEditFieldsProps) {
  const offerEditor = p.draft !== null && !draftIsEmpty(p.draft);
  const chosen = p.choice.kind === 'saved' ? p.recipes?.find((r) => r.id === (p.choice as { id: string }).id) : undefined;
  const summary = p.choice.kind === 'editor' && p.draft ? recipeSummary(p.draft, p.labels) : chosen ? recipeSummary(chosen, p.labels) : null;
  const embedOnly = p.choice.kind === 'embed';
  return (
    <fieldset className="batch-edit">
      <legend>Edit</legend>
      <label title="Embed only writes the seeds and reconstructions; a recipe also edits every picture (x.edited.png beside its seed)">
        Edit{' '}
        <select value={choiceValue(p.choice)} onChange={(e) => p.setChoice(parseChoice(e.target.value))} disabled={p.disabled} aria-label="Batch edit">
          <option value="embed">Embed only</option>
          {(p.recipes ?? []).map((r) => (
            <option key={r.id} value={`saved:${r.id}`} disabled={r.error !== null} title={r.error ?? undefined}>
              Recipe: {r.name}
              {r.error !== null ? ' (cannot run now)' : ''}
            </option>
          ))}
          {offerEditor || p.choice.kind === 'editor' ? <option value="editor">The editor's sliders (not saved)</option> : null}
        </select>
      </label>
      {summary !== null ? (
        <span className="muted" data-testid="batch-recipe">
          {summary}
          {chosen ? ` · hash ${chosen.hash}` : ''}
        </span>
      ) : null}
      {p.recipes !== null && p.recipes.length === 0 && !offerEditor ? (
        <span className="muted">No recipes yet: in the Editor, move the sliders, then Save as recipe….</span>
      ) : null}
      <label>
        <input type="checkbox" checked={p.photo && !embedOnly} onChange={(e) => p.setPhoto(e.target.checked)} disabled={p.disabled || embedOnly} aria-label="Also write the whole photo with the edit pasted back" /> Also the
        whole photo with the edit pasted back (same format as the input)
      </label>
      <label>
        <input type="checkbox" checked={p.reEdit} onChange={(e) => p.setReEdit(e.target.checked)} disabled={p.disabled} aria-label="Re-edit the seeds of an earlier batch" /> Re-edit the
        seeds of an earlier batch (decoding only, nothing embedded again)
      </label>
      {p.reEdit ? (
        <FolderField api={p.api} native={p.native} label="Seeds folder" value={p.seeds} onChange={p.setSeeds} onError={p.onError} disabled={p.disabled} />
      ) : null}
    </fieldset>
  );
}

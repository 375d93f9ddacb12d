/**
 * One saved recipe in the recipe dialog: its name, what it does and its hash (the batch index
 * lines carry the same), why it cannot run now if so, and Rename (in place), Export, Delete (asks
 * first) and Apply to folder.
 */
import { useState } from 'react';
import type { RecipeInfo } from '../../../electron/contract/recipe-schemas';
import { recipeSummary } from '../state/recipe-draft';

export interface RecipeRowProps {
  readonly recipe: RecipeInfo;
  readonly labels: Readonly<Record<string, string>>;
  readonly busy: boolean;
  readonly rename: (id: string, name: string) => Promise<unknown>;
  readonly remove: (id: string, name: string) => Promise<unknown>;
  readonly exportOne: (id: string) => void;
  readonly apply: (id: string) => void;
}

export function RecipeRow({ recipe, labels, busy, rename, remove, exportOne, apply }: RecipeRowProps) {
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const name = recipe.name;
  const commitRename = async () => {
    if (renaming === null || renaming.trim() === '' || renaming.trim() === name) return setRenaming(null);
    // Left open on failure, so the error's banner and the typed name stay together.
    if ((await rename(recipe.id, renaming.trim())) !== undefined) setRenaming(null);
  };
  return (
    <li className="recipe-row" data-recipe-id={recipe.id}>
      {renaming === null ? (
        <strong className="recipe-name">{name}</strong>
      ) : (
        <input
          type="text"
          value={renaming}
          aria-label={`New name for ${name}`}
          maxLength={80}
          autoFocus
          onChange={(e) => setRenaming(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void commitRename();
            // Escape leaves the rename, not the dialog.
            if (e.key === 'Escape') {
              e.preventDefault();
              setRenaming(null);
            }
          }}
        />
      )}
      <span className="muted recipe-summary">{recipeSummary(recipe, labels)}</span>
      <code className="muted" title="The hash of what the recipe does: the batch's index lines name it">
        {recipe.hash}
      </code>
      {recipe.error !== null ? (
        <span className="error" data-testid="recipe-error">
          Cannot run now: {recipe.error}
        </span>
      ) : null}
      <span className="recipe-actions">
        {renaming === null ? (
          <button type="button" onClick={() => setRenaming(name)} disabled={busy} aria-label={`Rename ${name}`}>
            Rename
          </button>
        ) : (
          <>
            <button type="button" onClick={() => void commitRename()} disabled={busy} aria-label={`Save the new name of ${name}`}>
              OK
            </button>
            <button type="button" onClick={() => setRenaming(null)} aria-label={`Keep the name ${name}`}>
              Cancel
            </button>
          </>
        )}
        <button type="button" onClick={() => exportOne(recipe.id)} aria-label={`Export ${name} as a JSON file`}>
          Export
        </button>
        {confirming ? (
          <>
            <button type="button" className="danger" onClick={() => void remove(recipe.id, name).then(() => setConfirming(false))} disabled={busy} aria-label={`Confirm deleting ${name}`}>
              Delete for good
            </button>
            <button type="button" onClick={() => setConfirming(false)} aria-label={`Keep ${name}`}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirming(true)} disabled={busy} aria-label={`Delete ${name}`}>
            Delete
          </button>
        )}
        <button type="button" onClick={() => apply(recipe.id)} disabled={recipe.error !== null} aria-label={`Apply ${name} to a folder`}>
          Apply to folder…
        </button>
      </span>
    </li>
  );
}

/**
 * The active pack's saved recipes (issue #19) for the recipe dialog and the Batch view: the list
 * as the engine has it (each with its hash and, when it cannot run now, why), and save, rename,
 * delete, import (a JSON file's text: the engine validates it and names another pack or an
 * unknown direction) and export (a download). Every answer's error is kept for the caller's banner.
 */
import { useCallback, useEffect, useState } from 'react';
import type { RecipeInfo, ReseedApi } from '../../../electron/contract/contract';
import { ErrorCode, type ErrorInfo, type Result } from '../../../electron/contract/result';
import { MAX_RECIPE_FILE_CHARS } from '../../../electron/contract/recipe-schemas';
import { saveFile } from '../files';
import type { RecipeDraft } from '../state/recipe-draft';

export function useRecipes(api: ReseedApi) {
  const [recipes, setRecipes] = useState<readonly RecipeInfo[] | null>(null);
  const [pack, setPack] = useState<string | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  /** What the last action did, for a status line ("Saved "Darker" ."). */
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    const r = await api.recipeList();
    if (r.ok) {
      setRecipes(r.value.recipes);
      setPack(r.value.pack);
    } else setError(r.error);
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  /** Runs one change; on success says `said` and lists again. */
  const change = useCallback(
    async <T>(call: () => Promise<Result<T>>, said: (value: T) => string): Promise<T | undefined> => {
      setBusy(true);
      setError(null);
      setDone(null);
      try {
        const r = await call();
        if (!r.ok) {
          setError(r.error);
          // Gone already (deleted elsewhere, by the CLI or another window): show the list as it is.
          if (r.error.code === ErrorCode.notFound) await refresh();
          return undefined;
        }
        // Listed first, so the status line never speaks of a recipe the list does not show yet.
        await refresh();
        setDone(said(r.value));
        return r.value;
      } finally {
        setBusy(false);
      }
    },
    [refresh],
  );

  const save = useCallback(
    (name: string, draft: RecipeDraft, replace = false) =>
      change(
        () => api.recipeSave({ name, replace, sliders: { ...draft.sliders }, locks: [...draft.locks], keepDetails: { ...draft.keepDetails }, steps: draft.steps, method: draft.method }),
        (r) => `Saved "${r.name}".`,
      ),
    [api, change],
  );

  const rename = useCallback((id: string, name: string) => change(() => api.recipeRename({ id, name }), (r) => `Renamed to "${r.name}".`), [api, change]);

  const remove = useCallback((id: string, name: string) => change(() => api.recipeDelete({ id }), () => `Deleted "${name}".`), [api, change]);

  /** A recipe file the user chose; the engine checks it against the active pack. */
  const importFile = useCallback(
    async (file: Blob & { name?: string }, replace = false) => {
      if (file.size > MAX_RECIPE_FILE_CHARS) {
        setError({ code: ErrorCode.input, message: `${file.name ?? 'the file'} is too large for a recipe file` });
        return undefined;
      }
      const text = await file.text();
      return change(() => api.recipeImport({ text, replace }), (r) => `Imported "${r.name}".`);
    },
    [api, change],
  );

  const exportOne = useCallback(
    async (id: string) => {
      setError(null);
      const r = await api.recipeExport({ id });
      if (!r.ok) return setError(r.error);
      saveFile(new TextEncoder().encode(r.value.text) as Uint8Array<ArrayBuffer>, r.value.fileName, 'application/json');
      setDone(`Exported ${r.value.fileName}.`);
    },
    [api],
  );

  return { recipes, pack, error, setError, done, busy, refresh, save, rename, remove, importFile, exportOne };
}

export type Recipes = ReturnType<typeof useRecipes>;

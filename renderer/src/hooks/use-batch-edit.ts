/**
 * The Batch view's edit choice (issue #19): the active pack's recipes listed, the choice between
 * embedding only and a recipe (preset by "Apply to folder…" once the list has arrived), the whole
 * photo and re-edit-from-seeds options, and the batchRun fields they make (or why they cannot run).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ReseedApi } from '../../../electron/contract/contract';
import { batchEditFields, EMBED_ONLY, resolvePreset, validChoice, type BatchEditChoice, type BatchPreset, type BatchViewMemory, type RecipeDraft } from '../state/recipe-draft';
import { useRecipes } from './use-recipes';

export function useBatchEdit(api: ReseedApi, draft: RecipeDraft | null, preset: BatchPreset | null, defaultSteps: number | null, memory: BatchViewMemory = {}) {
  const recipes = useRecipes(api);
  // Without a preset, the choices the view had when it was last shown (memory.edit).
  const kept = preset === null ? memory.edit : undefined;
  const [choice, setChoice] = useState<BatchEditChoice>(kept?.choice ?? EMBED_ONLY);
  const [photo, setPhoto] = useState(kept?.photo ?? false);
  const [reEdit, setReEdit] = useState(kept?.reEdit ?? false);
  const [seeds, setSeeds] = useState(kept?.seeds ?? '');
  useEffect(() => {
    memory.edit = { choice, photo, reEdit, seeds };
  }, [memory, choice, photo, reEdit, seeds]);

  // The preset applies once, when the list it is matched against first arrives.
  const presetDone = useRef(false);
  const list = recipes.recipes;
  useEffect(() => {
    if (list === null || presetDone.current) return;
    presetDone.current = true;
    if (preset !== null) setChoice(resolvePreset(preset, list, draft, defaultSteps));
  }, [list, preset, draft, defaultSteps]);

  // A recipe deleted meanwhile, or the editor's sliders back at zero: embed only.
  const current = list === null ? choice : validChoice(choice, list, draft);
  const fields = useMemo(() => batchEditFields(current, { photo, fromSeeds: reEdit ? seeds : '' }, draft), [current, photo, reEdit, seeds, draft]);

  return { recipes: list, listError: recipes.error, choice: current, setChoice, photo, setPhoto, reEdit, setReEdit, seeds, setSeeds, fields };
}

/**
 * Recipes in the editor (issue #19): the recipe the editor's current sliders make (what "Save as
 * recipe…" sends and "Apply to folder…" hands to the Batch view), whether a saved recipe does the
 * same edit, the Batch view's choice between embedding only and editing with a recipe, and the
 * batchRun fields that choice becomes. Pure: unit-tested in test/renderer/recipe-draft.test.ts.
 */
import type { EmbedMethodName } from '../../../electron/contract/editor-schemas';
import type { Polarity } from '../../../electron/contract/polarity-schema';
import type { BatchRecipe, RecipeInfo } from '../../../electron/contract/recipe-schemas';
import type { KeepDetails } from './faithful';

/** What a recipe does, as the editor holds it (the request fields of recipeSave, less the name). */
export interface RecipeDraft {
  readonly sliders: Readonly<Record<string, number>>;
  readonly locks: readonly string[];
  readonly keepDetails: KeepDetails;
  /** null: the pack's default. */
  readonly steps: number | null;
  readonly method: EmbedMethodName;
}

/**
 * The editor's state a draft is made from: the same fields, every slider (moved or not) and every
 * lock; `steps` is what the seed was made and is decoded with, else the Settings value.
 */
export type EditorSliders = RecipeDraft;

/**
 * The recipe of the editor's sliders: the moved ones only (a zero term changes nothing, and the
 * file stays readable), the locks sorted. A lock is kept even on a slider at zero: it holds that
 * attribute while the others move, as it does in the editor.
 */
export function draftFromEditor(editor: EditorSliders): RecipeDraft {
  const sliders = Object.fromEntries(
    Object.entries(editor.sliders)
      .filter(([, v]) => v !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const locks = [...new Set(editor.locks)].filter((id) => id in editor.sliders).sort();
  return { sliders, locks, keepDetails: { on: editor.keepDetails.on, strength: editor.keepDetails.strength }, steps: editor.steps, method: editor.method };
}

/** A draft that moves nothing is no edit: Save and Apply say so instead of saving it. */
export function draftIsEmpty(draft: RecipeDraft): boolean {
  return Object.keys(draft.sliders).length === 0;
}

const sameNumbers = (a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>) => {
  const ka = Object.keys(a).filter((k) => a[k] !== 0);
  const kb = Object.keys(b).filter((k) => b[k] !== 0);
  return ka.length === kb.length && ka.every((k) => a[k] === b[k]);
};

/**
 * Whether a saved recipe does what the draft does. Steps compare through the pack's default (null
 * and the default are the same edit, as the engine's hash has it); keep details' strength only
 * matters while it is on.
 */
export function sameEdit(recipe: Pick<RecipeInfo, 'sliders' | 'locks' | 'keepDetails' | 'steps' | 'method'>, draft: RecipeDraft, defaultSteps: number | null): boolean {
  const steps = (s: number | null) => s ?? defaultSteps;
  const locks = [...recipe.locks].sort();
  return (
    sameNumbers(recipe.sliders, draft.sliders) &&
    locks.length === draft.locks.length &&
    locks.every((id, i) => id === draft.locks[i]) &&
    recipe.keepDetails.on === draft.keepDetails.on &&
    (!recipe.keepDetails.on || recipe.keepDetails.strength === draft.keepDetails.strength) &&
    steps(recipe.steps) === steps(draft.steps) &&
    recipe.method === draft.method
  );
}

/** The Batch view's edit: embed only, a saved recipe, or the editor's sliders as they are (unsaved). */
export type BatchEditChoice = { readonly kind: 'embed' } | { readonly kind: 'saved'; readonly id: string } | { readonly kind: 'editor' };

export const EMBED_ONLY: BatchEditChoice = { kind: 'embed' };

/**
 * The Batch view's choices, kept by the editor while another view is shown (the panel itself is
 * unmounted), so coming back finds them as they were; "Apply to folder…" still presets the edit.
 */
export interface BatchViewMemory {
  edit?: { choice: BatchEditChoice; photo: boolean; reEdit: boolean; seeds: string };
  /** As typed, run or not (the settings keep the folders of the last run only). */
  folders?: { input: string; out: string };
  recursive?: boolean;
  method?: EmbedMethodName;
  polarity?: Polarity;
}

/** The choice as the <select> value ("embed", "editor", "saved:<id>") and back. */
export function choiceValue(choice: BatchEditChoice): string {
  return choice.kind === 'saved' ? `saved:${choice.id}` : choice.kind;
}

export function parseChoice(value: string): BatchEditChoice {
  if (value === 'editor') return { kind: 'editor' };
  if (value.startsWith('saved:') && value.length > 6) return { kind: 'saved', id: value.slice(6) };
  return EMBED_ONLY;
}

/**
 * "Apply to folder…": the saved recipe that does what the editor's sliders do (the newest, when
 * several do), else the sliders themselves; embed only when the sliders move nothing.
 */
export function presetChoice(recipes: readonly RecipeInfo[], draft: RecipeDraft | null, defaultSteps: number | null): BatchEditChoice {
  if (draft === null || draftIsEmpty(draft)) return EMBED_ONLY;
  const saved = [...recipes].reverse().find((r) => r.error === null && sameEdit(r, draft, defaultSteps));
  return saved ? { kind: 'saved', id: saved.id } : { kind: 'editor' };
}

/** What "Apply to folder…" asks of the Batch view: a saved recipe, or whichever one matches the editor's sliders. */
export type BatchPreset = BatchEditChoice | { readonly kind: 'match' };

/** The choice a preset becomes once the recipes are listed. */
export function resolvePreset(preset: BatchPreset, recipes: readonly RecipeInfo[], draft: RecipeDraft | null, defaultSteps: number | null): BatchEditChoice {
  return preset.kind === 'match' ? presetChoice(recipes, draft, defaultSteps) : validChoice(preset, recipes, draft);
}

/** A choice that can no longer run (its recipe deleted, or the editor's sliders gone back to zero) falls back to embed only. */
export function validChoice(choice: BatchEditChoice, recipes: readonly RecipeInfo[], draft: RecipeDraft | null): BatchEditChoice {
  if (choice.kind === 'saved') return recipes.some((r) => r.id === choice.id && r.error === null) ? choice : EMBED_ONLY;
  if (choice.kind === 'editor') return draft !== null && !draftIsEmpty(draft) ? choice : EMBED_ONLY;
  return choice;
}

export interface BatchEditOptions {
  /** Also the whole photo with the edit pasted back. */
  readonly photo: boolean;
  /** Re-edit the seeds of this earlier batch's output folder (decoding only); empty: embed the input folder. */
  readonly fromSeeds: string;
}

export type BatchEditFields =
  | { readonly ok: true; readonly fields: { recipeId?: string; recipe?: BatchRecipe; photo?: boolean; fromSeeds?: string } }
  | { readonly ok: false; readonly problem: string };

/** The batchRun fields of the choice, or why it cannot run (the engine refuses the same). */
export function batchEditFields(choice: BatchEditChoice, options: BatchEditOptions, draft: RecipeDraft | null): BatchEditFields {
  const fromSeeds = options.fromSeeds.trim();
  if (choice.kind === 'embed') {
    if (fromSeeds !== '') return { ok: false, problem: 'Choose a recipe to re-edit the seeds with.' };
    return { ok: true, fields: {} };
  }
  let recipe: { recipeId: string } | { recipe: BatchRecipe };
  if (choice.kind === 'saved') recipe = { recipeId: choice.id };
  else if (draft === null || draftIsEmpty(draft)) return { ok: false, problem: "The editor's sliders are all at zero: move one, or choose a saved recipe." };
  else recipe = { recipe: { sliders: { ...draft.sliders }, locks: [...draft.locks], keepDetails: { ...draft.keepDetails }, steps: draft.steps, method: draft.method } };
  return { ok: true, fields: { ...recipe, ...(options.photo ? { photo: true } : {}), ...(fromSeeds !== '' ? { fromSeeds } : {}) } };
}

/** One line saying what a recipe does: "darker +3, wider −1.5 · locked: wider · keep details 80 % · 12 steps · refine". */
export function recipeSummary(recipe: Pick<RecipeDraft, 'sliders' | 'locks' | 'keepDetails' | 'steps' | 'method'>, labels: Readonly<Record<string, string>> = {}): string {
  const name = (id: string) => labels[id] ?? id;
  const moved = Object.entries(recipe.sliders)
    .filter(([, v]) => v !== 0)
    .map(([id, v]) => `${name(id)} ${v > 0 ? '+' : '−'}${Math.abs(v)}`);
  const parts = [moved.length > 0 ? moved.join(', ') : 'no slider moved'];
  if (recipe.locks.length > 0) parts.push(`locked: ${recipe.locks.map(name).join(', ')}`);
  parts.push(recipe.keepDetails.on ? `keep details ${Math.round(recipe.keepDetails.strength * 100)} %` : 'keep details off');
  if (recipe.steps !== null) parts.push(`${recipe.steps} steps`);
  if (recipe.method !== 'network') parts.push(recipe.method);
  return parts.join(' · ');
}

import { describe, expect, it } from 'vitest';
import type { RecipeInfo } from '../../electron/contract/recipe-schemas';
import {
  batchEditFields,
  choiceValue,
  draftFromEditor,
  draftIsEmpty,
  EMBED_ONLY,
  parseChoice,
  presetChoice,
  recipeSummary,
  resolvePreset,
  sameEdit,
  validChoice,
} from '../../renderer/src/state/recipe-draft';

const editor = {
  sliders: { wider: 0, darker: 3, 'class-bag': -1.5 },
  locks: ['wider', 'gone'],
  keepDetails: { on: true, strength: 0.8 },
  steps: 10,
  method: 'network' as const,
};
const draft = draftFromEditor(editor);

function info(over: Partial<RecipeInfo> = {}): RecipeInfo {
  return {
    id: 'darker',
    name: 'Darker',
    pack: { id: 'fashion-mnist' },
    sliders: { darker: 3, 'class-bag': -1.5 },
    locks: ['wider'],
    keepDetails: { on: true, strength: 0.8 },
    steps: null,
    method: 'network',
    hash: 'abcdef123456',
    created: null,
    error: null,
    ...over,
  };
}

describe('the recipe of the editor sliders', () => {
  it('keeps the moved sliders only, sorted, and the locks of sliders that exist', () => {
    expect(draft.sliders).toEqual({ 'class-bag': -1.5, darker: 3 });
    expect(Object.keys(draft.sliders)).toEqual(['class-bag', 'darker']);
    expect(draft.locks).toEqual(['wider']);
    expect(draft.keepDetails).toEqual({ on: true, strength: 0.8 });
    expect(draft.steps).toBe(10);
    expect(draftIsEmpty(draft)).toBe(false);
    expect(draftIsEmpty(draftFromEditor({ ...editor, sliders: { darker: 0 } }))).toBe(true);
  });

  it('matches a saved recipe doing the same edit, steps through the pack default', () => {
    expect(sameEdit(info(), draft, 10)).toBe(true);
    expect(sameEdit(info(), draft, 12)).toBe(false);
    expect(sameEdit(info({ sliders: { darker: 3 } }), draft, 10)).toBe(false);
    expect(sameEdit(info({ sliders: { darker: 3, 'class-bag': -1.5, wider: 0 } }), draft, 10)).toBe(true);
    expect(sameEdit(info({ locks: [] }), draft, 10)).toBe(false);
    expect(sameEdit(info({ keepDetails: { on: true, strength: 1 } }), draft, 10)).toBe(false);
    expect(sameEdit(info({ method: 'refine' }), draft, 10)).toBe(false);
    // Strength does not matter while keep details is off.
    const off = draftFromEditor({ ...editor, keepDetails: { on: false, strength: 0.3 } });
    expect(sameEdit(info({ keepDetails: { on: false, strength: 1 } }), off, 10)).toBe(true);
  });
});

describe('the Batch view edit choice', () => {
  it('round-trips through the select value', () => {
    for (const c of [EMBED_ONLY, { kind: 'editor' } as const, { kind: 'saved', id: 'darker-2' } as const]) expect(parseChoice(choiceValue(c))).toEqual(c);
    expect(parseChoice('saved:')).toEqual(EMBED_ONLY);
    expect(parseChoice('nonsense')).toEqual(EMBED_ONLY);
  });

  it('Apply to folder picks the newest saved recipe that matches, else the sliders, else embed only', () => {
    const older = info({ id: 'a' });
    const newer = info({ id: 'b' });
    const broken = info({ id: 'c', error: 'the custom slider "x" was deleted' });
    expect(presetChoice([older, newer, broken], draft, 10)).toEqual({ kind: 'saved', id: 'b' });
    expect(presetChoice([info({ sliders: { darker: 1 } })], draft, 10)).toEqual({ kind: 'editor' });
    expect(presetChoice([older], null, 10)).toEqual(EMBED_ONLY);
    expect(presetChoice([older], draftFromEditor({ ...editor, sliders: {} }), 10)).toEqual(EMBED_ONLY);
    expect(resolvePreset({ kind: 'match' }, [older], draft, 10)).toEqual({ kind: 'saved', id: 'a' });
    expect(resolvePreset({ kind: 'saved', id: 'a' }, [older], null, 10)).toEqual({ kind: 'saved', id: 'a' });
    expect(resolvePreset({ kind: 'saved', id: 'gone' }, [older], null, 10)).toEqual(EMBED_ONLY);
  });

  it('falls back to embed only when the recipe is gone, cannot run, or the sliders are back at zero', () => {
    expect(validChoice({ kind: 'saved', id: 'a' }, [info({ id: 'a' })], null)).toEqual({ kind: 'saved', id: 'a' });
    expect(validChoice({ kind: 'saved', id: 'a' }, [], null)).toEqual(EMBED_ONLY);
    expect(validChoice({ kind: 'saved', id: 'a' }, [info({ id: 'a', error: 'x' })], null)).toEqual(EMBED_ONLY);
    expect(validChoice({ kind: 'editor' }, [], draft)).toEqual({ kind: 'editor' });
    expect(validChoice({ kind: 'editor' }, [], draftFromEditor({ ...editor, sliders: { darker: 0 } }))).toEqual(EMBED_ONLY);
  });

  it('makes the batchRun fields: a saved id or the sliders inline, photo and fromSeeds only with a recipe', () => {
    expect(batchEditFields(EMBED_ONLY, { photo: true, fromSeeds: '' }, draft)).toEqual({ ok: true, fields: {} });
    expect(batchEditFields(EMBED_ONLY, { photo: false, fromSeeds: '/x/seeds' }, draft).ok).toBe(false);
    expect(batchEditFields({ kind: 'saved', id: 'darker' }, { photo: true, fromSeeds: ' /x/seeds ' }, null)).toEqual({ ok: true, fields: { recipeId: 'darker', photo: true, fromSeeds: '/x/seeds' } });
    expect(batchEditFields({ kind: 'editor' }, { photo: false, fromSeeds: '' }, draft)).toEqual({
      ok: true,
      fields: { recipe: { sliders: { 'class-bag': -1.5, darker: 3 }, locks: ['wider'], keepDetails: { on: true, strength: 0.8 }, steps: 10, method: 'network' } },
    });
    const zero = batchEditFields({ kind: 'editor' }, { photo: false, fromSeeds: '' }, draftFromEditor({ ...editor, sliders: {} }));
    expect(zero.ok).toBe(false);
  });

  it('says in one line what a recipe does', () => {
    expect(recipeSummary(draft, { darker: 'Darker fabric' })).toBe('class-bag −1.5, Darker fabric +3 · locked: wider · keep details 80 % · 10 steps');
    expect(recipeSummary({ sliders: {}, locks: [], keepDetails: { on: false, strength: 1 }, steps: null, method: 'refine' })).toBe('no slider moved · keep details off · refine');
  });
});

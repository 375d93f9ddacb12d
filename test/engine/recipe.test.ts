/**
 * Recipes checked against a pack (engine/recipe.ts): the file validated with the one schema (a bad
 * field named), a recipe for another pack or naming a direction the pack does not have refused
 * with its name, custom directions accepted, and a hash that follows what the edit does, not its
 * name or the order its sliders were written in.
 */
import { describe, expect, it } from 'vitest';
import { parseRecipeFile, recipeHash, RecipeError, resolveRecipe } from '../../electron/engine/recipe';
import { RecipeEditSchema } from '../../electron/contract/recipe-schemas';
import { packFixture } from './helpers';

const fx = packFixture('reseed-recipe-');

const file = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({ format: 'reseed-recipe', version: 1, name: 'Darker', pack: { id: 'tiny' }, sliders: { darker: 1.5 }, ...fields });

function thrown(fn: () => unknown): RecipeError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RecipeError);
    return error as RecipeError;
  }
  throw new Error('did not throw');
}

describe('recipe files', () => {
  it('fills in the defaults: no locks, keep details on at 1, the pack’s steps, the network', () => {
    const recipe = parseRecipeFile(file(), 'r.json');
    expect(recipe).toMatchObject({ locks: [], keepDetails: { on: true, strength: 1 }, steps: null, method: 'network' });
    expect(resolveRecipe(fx.open, recipe, { name: recipe.name, pack: recipe.pack.id })).toMatchObject({ steps: 10, keepDetails: { strength: 1 }, name: 'Darker' });
  });

  it('names the file and the field that is wrong', () => {
    expect(thrown(() => parseRecipeFile('{"format":', 'r.json')).message).toBe('r.json: not valid JSON');
    expect(thrown(() => parseRecipeFile(JSON.stringify({ sliders: {} }), 'r.json')).message).toMatch(/^r\.json: format: expected "reseed-recipe"/);
    expect(thrown(() => parseRecipeFile(file({ sliders: { darker: 'dark' } }), 'r.json')).message).toMatch(/^r\.json: sliders\.darker: /);
    expect(thrown(() => parseRecipeFile(file({ keepDetails: { on: true, strength: 2 } }), 'r.json')).message).toMatch(/^r\.json: keepDetails\.strength: /);
    // A misspelt field is an error, not silently ignored.
    expect(thrown(() => parseRecipeFile(file({ lock: ['darker'] }), 'r.json')).message).toMatch(/^r\.json: .*lock/);
  });

  it('refuses a recipe for another pack, naming both', () => {
    const recipe = parseRecipeFile(file({ pack: { id: 'fashion-mnist' } }), 'r.json');
    const error = thrown(() => resolveRecipe(fx.open, recipe, { name: recipe.name, pack: recipe.pack.id }));
    expect(error.kind).toBe('pack');
    expect(error.message).toMatch(/recipe "Darker" is for the pack "fashion-mnist", not "tiny"/);
  });

  it('refuses an unknown direction or lock, naming it and the ones there are', () => {
    const edit = RecipeEditSchema.parse({ sliders: { darkest: 1 } });
    const error = thrown(() => resolveRecipe(fx.open, edit, { name: 'X' }));
    expect(error.kind).toBe('direction');
    expect(error.message).toBe('recipe "X": unknown direction "darkest" (this pack has: more-like-a-sneaker, darker)');
    const lock = RecipeEditSchema.parse({ sliders: { darker: 1 }, locks: ['wider'] });
    expect(thrown(() => resolveRecipe(fx.open, lock, { name: 'X' })).message).toMatch(/unknown lock "wider"/);
  });

  it('takes the user’s custom directions for the pack, and only the ones it uses', () => {
    const vector = new Float32Array(784);
    vector[0] = 1;
    const custom = [{ id: 'mine', vector, sigma: 1 }, { id: 'other', vector, sigma: 1 }];
    const edit = RecipeEditSchema.parse({ sliders: { darker: 1, mine: 2 } });
    const resolved = resolveRecipe(fx.open, edit, { name: 'X', custom });
    expect(resolved.extra.map((d) => d.id)).toEqual(['mine']);
    expect(thrown(() => resolveRecipe(fx.open, edit, { name: 'X' })).message).toMatch(/unknown direction "mine"/);
  });
});

describe('recipe hash', () => {
  const edit = (fields: Record<string, unknown>) => RecipeEditSchema.parse({ sliders: { darker: 1.5, 'more-like-a-sneaker': -1 }, ...fields });
  const hash = (fields: Record<string, unknown> = {}, steps = 10) => recipeHash('tiny', edit(fields), steps);

  it('is the same for the same edit, whatever its name, order, zero sliders or method', () => {
    expect(hash()).toMatch(/^[0-9a-f]{12}$/);
    expect(recipeHash('tiny', edit({ sliders: { 'more-like-a-sneaker': -1, darker: 1.5 } }), 10)).toBe(hash());
    expect(hash({ sliders: { darker: 1.5, 'more-like-a-sneaker': -1, other: 0 } })).toBe(hash());
    expect(hash({ method: 'refine' })).toBe(hash());
    const a = resolveRecipe(fx.open, edit({}), { name: 'One' });
    const b = resolveRecipe(fx.open, edit({ steps: 10 }), { name: 'Two' });
    expect(a.hash).toBe(b.hash);
  });

  it('changes with anything that changes the picture', () => {
    const seen = new Set([
      hash(),
      hash({ sliders: { darker: 1.6, 'more-like-a-sneaker': -1 } }),
      hash({ locks: ['darker'] }),
      hash({ keepDetails: { on: false } }),
      hash({ keepDetails: { on: true, strength: 0.5 } }),
      hash({}, 20),
      recipeHash('fashion-mnist', edit({}), 10),
    ]);
    expect(seen.size).toBe(7);
  });
});

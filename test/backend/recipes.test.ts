/**
 * Recipes over `reseed serve`'s HTTP API with the real engine on the fixture pack (issue #19): save
 * the editor's sliders under a name, list, rename, delete, export and import (another pack's recipe
 * gets `pack-mismatch`, an unknown direction `invalid-request` naming it), kept per pack in the user
 * data folder; a batch with a saved recipe or an inline one, and a re-edit from seeds, whose results
 * carry the edited pictures and their paths for the panel's before and after.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReseedEngine } from '../../electron/engine/engine';
import { EventHub } from '../../electron/http/event-stream';
import { newToken, TOKEN_HEADER } from '../../electron/http/guard';
import { EditorService } from '../../electron/backend/editor-service';
import { createWorkflows } from '../../electron/backend/workflows';
import { productPng, tempDir, TINY_PACK } from '../engine/helpers';
import type { RunningServer } from '../../electron/http/server';
import { apiCaller, serveService } from '../http/helpers';

const root = tempDir('reseed-recipes-');
const home = join(root, 'home');
const recipes = join(root, 'user-data', 'recipes');
const token = newToken();
let server: RunningServer;
let service: EditorService;

beforeAll(async () => {
  mkdirSync(home, { recursive: true });
  const engine = new ReseedEngine({ packRoots: [], threads: 1 });
  const events = new EventHub();
  service = new EditorService({ engine, pack: TINY_PACK, provider: 'cpu', emit: (e, p) => events.send(e, p) });
  const workflows = createWorkflows({ service, engine, roots: [home], userPacks: join(root, 'user-data', 'packs'), recipes });
  server = await serveService({ service, workflows }, { staticDir: join(root, 'static'), token, events });
});

afterAll(async () => {
  await server?.close();
  await service?.dispose();
});

const api = apiCaller(() => server.port, token, TOKEN_HEADER);

describe('recipes', () => {
  it('are saved, listed, renamed, exported, imported and deleted, per pack in the user data folder', async () => {
    const saved = await api('recipeSave', { name: 'Darker, keep class', sliders: { darker: 1.5 }, locks: ['more-like-a-sneaker'], keepDetails: { on: true, strength: 0.5 } });
    expect(saved.ok, saved.error?.message).toBe(true);
    expect(saved.value).toMatchObject({ id: 'darker-keep-class', name: 'Darker, keep class', pack: { id: 'tiny' }, steps: null, method: 'network', error: null });
    expect(saved.value.hash).toMatch(/^[0-9a-f]{12}$/);
    expect(existsSync(join(recipes, 'tiny', 'darker-keep-class.json'))).toBe(true);
    // A name in use is refused unless replacing it.
    expect((await api('recipeSave', { name: 'darker, KEEP class', sliders: { darker: 1 } })).error?.code).toBe('invalid-request');
    const replaced = await api('recipeSave', { name: 'Darker, keep class', sliders: { darker: 1 }, replace: true });
    expect(replaced.value).toMatchObject({ id: 'darker-keep-class', locks: [] });
    expect(replaced.value.hash).not.toBe(saved.value.hash);

    const renamed = await api('recipeRename', { id: 'darker-keep-class', name: 'Darker' });
    expect(renamed.value).toMatchObject({ id: 'darker-keep-class', name: 'Darker', hash: replaced.value.hash });
    const list = await api('recipeList');
    expect(list.value).toMatchObject({ pack: 'tiny', recipes: [{ id: 'darker-keep-class', name: 'Darker' }] });

    const exported = await api('recipeExport', { id: 'darker-keep-class' });
    expect(exported.value.fileName).toBe('darker-keep-class.recipe.json');
    const file = JSON.parse(exported.value.text);
    expect(file).toEqual({ format: 'reseed-recipe', version: 1, name: 'Darker', pack: { id: 'tiny', version: '0.1.0' }, sliders: { darker: 1 }, locks: [], keepDetails: { on: true, strength: 1 }, steps: null, method: 'network' });
    const imported = await api('recipeImport', { text: JSON.stringify({ ...file, name: 'Darker too' }) });
    expect(imported.value).toMatchObject({ id: 'darker-too', name: 'Darker too', hash: replaced.value.hash });

    expect((await api('recipeDelete', { id: 'darker-too' })).value).toEqual({ id: 'darker-too', deleted: true });
    expect((await api('recipeDelete', { id: 'darker-too' })).error?.code).toBe('not-found');
    expect((await api('recipeList')).value.recipes).toHaveLength(1);
  });

  it('refuses a recipe for another pack, an unknown direction and a broken file, saying which', async () => {
    const base = { format: 'reseed-recipe', version: 1, name: 'X', pack: { id: 'tiny' }, sliders: { darker: 1 } };
    const other = await api('recipeImport', { text: JSON.stringify({ ...base, pack: { id: 'fashion-mnist' } }) });
    expect(other.error).toMatchObject({ code: 'pack-mismatch' });
    expect(other.error?.message).toMatch(/is for the pack "fashion-mnist", not "tiny"/);
    const unknown = await api('recipeImport', { text: JSON.stringify({ ...base, sliders: { darkest: 1 } }) });
    expect(unknown.error).toMatchObject({ code: 'invalid-request' });
    expect(unknown.error?.message).toMatch(/unknown direction "darkest"/);
    expect((await api('recipeImport', { text: '{"format":"reseed-recipe"' })).error?.message).toMatch(/not valid JSON/);
    expect((await api('recipeImport', { text: JSON.stringify({ ...base, steps: 0 }) })).error?.message).toMatch(/^the recipe file: steps: /);
    expect((await api('recipeSave', { name: 'Y', sliders: { wider: 1 } })).error?.message).toMatch(/unknown direction "wider"/);
  });
});

describe('batches with a recipe', () => {
  let input: string;

  beforeAll(async () => {
    input = join(home, 'photos');
    mkdirSync(input, { recursive: true });
    for (let i = 0; i < 4; i++) writeFileSync(join(input, `p${i}.png`), await productPng(40 + i, 36, { x: 6 + i, y: 4, w: 18, h: 26 }, 30 + 20 * i));
  });

  it('edits every picture with a saved recipe; the results show before and after, with the paths', async () => {
    const saved = await api('recipeSave', { name: 'Batch darker', sliders: { darker: 1 } });
    const out = join(home, 'edited');
    const run = await api('batchRun', { requestId: 'recipe-1', input, out, recipeId: saved.value.id, photo: true });
    expect(run.ok, run.error?.message).toBe(true);
    expect(run.value).toMatchObject({ ok: 4, failed: 0, edit: { recipe: 'Batch darker', hash: saved.value.hash, edited: 4 } });
    const results = await api('batchResults', { input, out });
    expect(results.value).toMatchObject({ total: 4, ok: 4, failed: 0 });
    for (const item of results.value.items) {
      expect(item.edit).toEqual({ recipe: 'Batch darker', hash: saved.value.hash, status: 'ok', error: null });
      expect(item.edited).toMatch(/^data:image\/png;base64,/);
      expect(item.reconstruction).toMatch(/^data:image\/png;base64,/);
      expect(item.editedPath).toBe(join(out, `${item.input}.edited.png`));
      expect(item.photoPath).toBe(join(out, `${item.input}.edited.full.png`));
    }
    const line = JSON.parse(readFileSync(join(out, 'index.jsonl'), 'utf8').split('\n')[0]!);
    expect(line.edit.hash).toBe(saved.value.hash);
  });

  it('re-edits from seeds with an inline recipe, decoding only; results find the reconstructions beside the seeds', async () => {
    const seeds = join(home, 'seeds');
    expect((await api('batchRun', { requestId: 'plain-1', input, out: seeds })).ok).toBe(true);
    const out = join(home, 'lighter');
    const run = await api('batchRun', { requestId: 'seeds-1', input, out, fromSeeds: seeds, recipe: { name: 'Lighter', sliders: { darker: -1 } } });
    expect(run.ok, run.error?.message).toBe(true);
    expect(run.value).toMatchObject({ ok: 4, edit: { recipe: 'Lighter', edited: 4, reused: 4 } });
    expect(existsSync(join(out, 'p0.png.latent.npy'))).toBe(false);
    const results = await api('batchResults', { input, out, fromSeeds: seeds });
    expect(results.value.items.every((i: { reconstruction: string | null; edited: string | null }) => i.reconstruction && i.edited)).toBe(true);
    expect((await api('batchRun', { requestId: 'seeds-2', input, out: seeds, fromSeeds: seeds, recipe: { sliders: { darker: 1 } } })).error?.code).toBe('invalid-request');
    expect((await api('batchRun', { requestId: 'seeds-3', input, out: join(home, 'x'), fromSeeds: seeds })).error?.code).toBe('invalid-request');
    expect((await api('batchRun', { requestId: 'seeds-4', input, out: join(home, 'y'), recipe: { sliders: { nope: 1 } } })).error?.message).toMatch(/unknown direction "nope"/);
  });
});

/**
 * `reseed batch` edits a whole folder (issue #19): --recipe (a file, or a recipe saved in the user
 * data folder) and --set with --lock and --keep-details give every picture the edit `reseed edit`
 * gives one; --photo writes the whole photo; the index lines carry the recipe's name and hash;
 * --from-seeds decodes an earlier batch's seeds; shards cover a folder once. A recipe for another
 * pack or naming an unknown direction is a usage error naming it, before anything is written.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { productPng, tempDir, TINY_PACK } from '../engine/helpers';
import { runCli } from './helpers';

const cwd = tempDir('reseed-batch-recipe-cli-');
const home = join(cwd, 'home');
const cli = (...args: string[]) => runCli(args, { cwd, home });
const P = ['--pack', TINY_PACK, '--provider', 'cpu'];
let counter = 0;

async function folder(n: number): Promise<string> {
  const dir = join(cwd, `in-${counter++}`);
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `p${i}.png`), await productPng(40 + i, 36, { x: 6 + (i % 5), y: 4, w: 16 + (i % 7), h: 26 }, 20 + 9 * i));
  writeFileSync(join(dir, 'photo.jpg'), await sharp(await productPng(48, 40)).jpeg().toBuffer());
  return dir;
}

function recipeFile(fields: Record<string, unknown> = {}): string {
  const file = join(cwd, `recipe-${counter++}.json`);
  writeFileSync(file, JSON.stringify({ format: 'reseed-recipe', version: 1, name: 'Darker', pack: { id: 'tiny' }, sliders: { darker: 1 }, ...fields }));
  return file;
}

type Line = { input: string; status: string; edit?: { recipe: string | null; hash: string; status: string } };
const lines = (out: string, name = 'index.jsonl'): Line[] => readFileSync(join(out, name), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const gray = (file: string) => sharp(file).extractChannel(0).raw().toBuffer();

describe('reseed batch --recipe', () => {
  it('edits every picture, writes the photo in its own format, and says which recipe in every line', async () => {
    const input = await folder(3);
    const out = join(cwd, `out-${counter++}`);
    const r = await cli('batch', input, '--out', out, '--recipe', recipeFile(), '--photo', '--json', ...P);
    expect(r.code, r.stdout).toBe(0);
    const json = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const hash = json[0].edit.hash;
    expect(json[0]).toMatchObject({ type: 'start', total: 4, edit: { recipe: 'Darker' }, toEdit: 0 });
    expect(json.at(-1)).toMatchObject({ type: 'end', ok: 4, failed: 0, edit: { recipe: 'Darker', hash, edited: 4 } });
    for (const l of lines(out)) expect(l.edit).toEqual({ recipe: 'Darker', hash, status: 'ok', error: null });
    for (const rel of ['p0.png', 'p1.png', 'p2.png', 'photo.jpg']) expect(existsSync(join(out, `${rel}.edited.png`)), rel).toBe(true);
    expect((await sharp(join(out, 'photo.jpg.edited.jpg')).metadata()).format).toBe('jpeg');
    expect((await sharp(join(out, 'p0.png.edited.full.png')).metadata()).format).toBe('png');
    // No metadata comes along into the edited photo.
    expect((await sharp(join(out, 'photo.jpg.edited.jpg')).metadata()).exif).toBeUndefined();
  });

  it('--set with --lock and --keep-details edits as reseed edit does, and a saved recipe is found by id', async () => {
    const input = await folder(2);
    const out = join(cwd, `out-${counter++}`);
    const flags = ['--set', 'darker=1', '--lock', 'more-like-a-sneaker', '--keep-details=0.5'];
    const r = await cli('batch', input, '--out', out, ...flags, ...P);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/lock more-like-a-sneaker: nothing to measure for it, so the moves are projected off it only/);
    expect(lines(out).every((l) => l.edit?.recipe === null && l.edit.status === 'ok')).toBe(true);
    // The fixture pack has nothing to measure this lock with: the line says so (held null).
    expect(lines(out)[0]!.edit).toMatchObject({ locks: [{ id: 'more-like-a-sneaker', held: null }] });
    const single = join(cwd, `single-${counter++}.png`);
    expect((await cli('edit', join(input, 'p1.png'), ...flags, '--out', single, ...P)).code).toBe(0);
    const [a, b] = await Promise.all([gray(single), gray(join(out, 'p1.png.edited.png'))]);
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]!)))).toBeLessThanOrEqual(1);

    const saved = join(home, 'recipes', 'tiny');
    mkdirSync(saved, { recursive: true });
    writeFileSync(join(saved, 'lighter.json'), readFileSync(recipeFile({ name: 'Lighter', sliders: { darker: -1 } })));
    const byId = await cli('batch', input, '--out', join(cwd, `out-${counter++}`), '--recipe', 'lighter', ...P);
    expect(byId.code, byId.stderr).toBe(0);
    expect(byId.stdout).toMatch(/recipe "Lighter" \([0-9a-f]{12}\): 3 edited/);
  });

  it('refuses a recipe for another pack or with an unknown direction, naming it, before writing anything', async () => {
    const input = await folder(1);
    const cases: [string, RegExp][] = [
      [recipeFile({ pack: { id: 'fashion-mnist' } }), /is for the pack "fashion-mnist", not "tiny"/],
      [recipeFile({ sliders: { darkest: 1 } }), /unknown direction "darkest" \(this pack has: more-like-a-sneaker, darker\)/],
      [recipeFile({ locks: ['wider'] }), /unknown lock "wider"/],
      [recipeFile({ keepDetails: { on: true, strength: 3 } }), /keepDetails\.strength/],
    ];
    for (const [file, message] of cases) {
      const out = join(cwd, `out-${counter++}`);
      const r = await cli('batch', input, '--out', out, '--recipe', file, ...P);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(join(out, 'index.jsonl'))).toBe(false);
    }
    for (const args of [['--recipe', recipeFile(), '--set', 'darker=1'], ['--photo'], ['--recipe', recipeFile(), '--lock', 'darker'], ['--recipe', 'no-such-recipe']]) {
      const r = await cli('batch', input, '--out', join(cwd, `out-${counter++}`), ...args, ...P);
      expect(r.code, args.join(' ')).toBe(2);
    }
  });

  it('two shards with a recipe edit the folder exactly once between them', async () => {
    const input = await folder(7);
    const out = join(cwd, `out-${counter++}`);
    const file = recipeFile();
    for (const shard of ['1/2', '2/2']) expect((await cli('batch', input, '--out', out, '--recipe', file, '--shard', shard, ...P)).code).toBe(0);
    const all = [...lines(out, 'index.1-of-2.jsonl'), ...lines(out, 'index.2-of-2.jsonl')];
    expect(all.map((l) => l.input).sort()).toEqual(['p0.png', 'p1.png', 'p2.png', 'p3.png', 'p4.png', 'p5.png', 'p6.png', 'photo.jpg']);
    expect(new Set(all.map((l) => l.edit?.hash)).size).toBe(1);
  });
});

describe('reseed batch --from-seeds', () => {
  it('decodes the seeds of an earlier batch with a new recipe, finding the pictures by itself', async () => {
    const input = await folder(3);
    const seeds = join(cwd, `seeds-${counter++}`);
    expect((await cli('batch', input, '--out', seeds, ...P)).code).toBe(0);
    const out = join(cwd, `re-${counter++}`);
    const r = await cli('batch', '--from-seeds', seeds, '--recipe', recipeFile(), '--out', out, '--photo', ...P);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/done: 4 ok, 0 failed/);
    expect(lines(out).every((l) => l.status === 'ok' && l.edit?.recipe === 'Darker')).toBe(true);
    expect(existsSync(join(out, 'photo.jpg.edited.jpg'))).toBe(true);
    expect(existsSync(join(out, 'p0.png.latent.npy'))).toBe(false);
    // Again: nothing left to do.
    expect((await cli('batch', '--from-seeds', seeds, '--recipe', recipeFile(), '--out', out, '--photo', ...P)).stdout).toMatch(/0 ok, 0 failed, 4 already done/);
    const same = await cli('batch', '--from-seeds', seeds, '--recipe', recipeFile(), '--out', seeds, ...P);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/is the folder of the seeds/);
    expect((await cli('batch', '--from-seeds', seeds, '--out', join(cwd, 'x'), ...P)).code).toBe(2);
    const nowhere = await cli('batch', '--from-seeds', join(cwd, 'nowhere'), '--recipe', recipeFile(), '--out', join(cwd, 'y'), ...P);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/--from-seeds .*nowhere: no such folder/);
  });
});

#!/usr/bin/env node
// "Edit a whole folder": the README's figure of one recipe applied to a folder of samples, made
// with the shipped CLI only. The samples are copied into a folder, `reseed batch --recipe --photo`
// embeds and edits them all, and each photo is shown before and after (the pasted-back photo the
// batch wrote), two pairs a row, under a line naming the recipe.
//
//   node scripts/recipe-figure.mjs [--pack models/fashion-mnist] [--out docs/images/recipe-batch.png]
//                                  [--sliders darker=-3,longer=2] [--lock wider] [--name <text>] [photo ...]
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    pack: { type: 'string', default: 'models/fashion-mnist' },
    out: { type: 'string', default: 'docs/images/recipe-batch.png' },
    sliders: { type: 'string', default: 'darker=-3' },
    lock: { type: 'string', multiple: true, default: ['wider'] },
    name: { type: 'string', default: 'Lighter fabric, same width' },
  },
});
const repo = resolve(import.meta.dirname, '..');
const packDir = resolve(values.pack);
const pack = JSON.parse(readFileSync(join(packDir, 'pack.json'), 'utf8'));
const samples = join(repo, 'assets', 'samples');
const photos = positionals.length > 0 ? positionals.map((p) => resolve(p)) : ['bag.jpg', 'dress.png', 'sneaker.png', 'tshirt.png'].map((f) => join(samples, f));
const TILE = 180;
const LABEL = 24;
const HEAD = 30;
const GAP = 16;
const work = mkdtempSync(join(tmpdir(), 'reseed-recipe-figure-'));

const tile = (input) => sharp(input).resize(TILE, TILE, { fit: 'contain', background: '#ffffff' }).flatten({ background: '#ffffff' }).png().toBuffer();
const text = (width, height, words, size = 14) =>
  Buffer.from(`<svg width="${width}" height="${height}"><rect width="100%" height="100%" fill="white"/><text x="50%" y="${Math.round(height * 0.7)}" font-family="sans-serif" font-size="${size}" text-anchor="middle">${words}</text></svg>`);

try {
  // 1. The folder of samples and the recipe file (the format `reseed batch --recipe` reads).
  const input = join(work, 'samples');
  mkdirSync(input);
  for (const photo of photos) copyFileSync(photo, join(input, basename(photo)));
  const sliders = Object.fromEntries(values.sliders.split(',').map((item) => [item.split('=')[0], Number(item.split('=')[1])]));
  const recipe = { format: 'reseed-recipe', version: 1, name: values.name, pack: { id: pack.id, version: pack.version }, sliders, locks: values.lock, keepDetails: { on: true, strength: 1 } };
  const recipeFile = join(work, 'recipe.json');
  writeFileSync(recipeFile, JSON.stringify(recipe, null, 2));
  // 2. One batch: embed, edit, paste back.
  const out = join(work, 'edited');
  const r = spawnSync(process.execPath, [join(repo, 'bin', 'reseed.mjs'), 'batch', input, '--out', out, '--recipe', recipeFile, '--photo', '--pack', packDir, '--json'], { cwd: repo, encoding: 'utf8' });
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const end = lines.at(-1);
  if (r.status !== 0 || end.type !== 'end') throw new Error(`reseed batch exited with ${r.status}: ${r.stderr}${r.stdout}`);
  // 3. Before and after, two pairs a row.
  const pairs = [];
  for (const photo of photos) {
    const name = basename(photo);
    const after = join(out, /\.jpe?g$/i.test(name) ? `${name}.edited.jpg` : `${name}.edited.full.png`);
    pairs.push([await tile(photo), await tile(after), name]);
  }
  const perRow = Math.min(2, pairs.length);
  const pairWidth = 2 * TILE;
  const width = perRow * pairWidth + (perRow - 1) * GAP;
  const rows = Math.ceil(pairs.length / perRow);
  const height = HEAD + rows * (TILE + LABEL);
  const slidersText = Object.entries(sliders).map(([id, v]) => `${id} ${v > 0 ? '+' : ''}${v}`).join(', ');
  const head = `recipe “${values.name}”: ${slidersText}${values.lock.length ? `, ${values.lock.join(', ')} locked` : ''}, keep details`;
  const composites = [{ input: text(width, HEAD, head, 15), left: 0, top: 0 }];
  for (const [i, [before, after, name]] of pairs.entries()) {
    const left = (i % perRow) * (pairWidth + GAP);
    const top = HEAD + Math.floor(i / perRow) * (TILE + LABEL);
    composites.push({ input: before, left, top }, { input: after, left: left + TILE, top });
    composites.push({ input: text(TILE, LABEL, `${name}: before`), left, top: top + TILE }, { input: text(TILE, LABEL, 'after'), left: left + TILE, top: top + TILE });
  }
  await sharp({ create: { width, height, channels: 3, background: '#ffffff' } }).composite(composites).png().toFile(resolve(values.out));
  console.log(`${end.ok} edited with ${JSON.stringify(recipe.sliders)} (hash ${end.edit.hash}); wrote ${values.out} (${width}×${height})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

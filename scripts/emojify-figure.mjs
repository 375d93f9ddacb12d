#!/usr/bin/env node
// "Emojify": the README's figure of a real photo projected onto the emoji faces pack, made with
// the shipped CLI only. For each photo: the face crop the pack's preprocessing chose, its
// reconstruction from the seed (refinement), then the seed edited along a few sliders, each at
// the value given (id=value, in σ) or at the slider's maximum (id alone).
//
//   node scripts/emojify-figure.mjs [--pack models/emoji-faces] [--out docs/images/emojify.png]
//                                   [--sliders darker-skin=6,glasses=5,red-hair=6] [photo ...]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    pack: { type: 'string', default: 'models/emoji-faces' },
    out: { type: 'string', default: 'docs/images/emojify.png' },
    sliders: { type: 'string', default: 'darker-skin=6,glasses=5,red-hair=6' },
  },
});
const repo = resolve(import.meta.dirname, '..');
const packDir = resolve(values.pack);
const pack = JSON.parse(readFileSync(join(packDir, 'pack.json'), 'utf8'));
const photos = positionals.length > 0 ? positionals : [join(repo, 'assets', 'samples', 'astronaut.jpg')];
const TILE = 160;
const work = mkdtempSync(join(tmpdir(), 'reseed-emojify-'));

function reseed(args) {
  const r = spawnSync(process.execPath, [join(repo, 'bin', 'reseed.mjs'), ...args, '--pack', packDir, '--json'], { cwd: repo, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`reseed ${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const tile = (input) => sharp(input).resize(TILE, TILE, { kernel: 'lanczos3' }).png().toBuffer();
const label = (text) =>
  Buffer.from(`<svg width="${TILE}" height="24"><rect width="100%" height="100%" fill="white"/><text x="50%" y="17" font-family="sans-serif" font-size="14" text-anchor="middle">${text}</text></svg>`);

try {
  const sliders = values.sliders.split(',').map((item) => {
    const [id, value] = item.split('=');
    const d = pack.directions.items.find((direction) => direction.id === id);
    if (!d) throw new Error(`${id}: not a direction of ${pack.id} (${pack.directions.items.map((i) => i.id).join(', ')})`);
    return { ...d, value: value === undefined ? d.max : Number(value) };
  });
  const rows = [];
  for (const [i, photo] of photos.entries()) {
    const seed = join(work, `${i}.npy`);
    const recon = join(work, `${i}-recon.png`);
    const embedded = reseed(['embed', photo, '--method', 'refine', '--out', seed, '--recon', recon]);
    const box = embedded.crop?.box;
    const crop = box ? await sharp(photo).rotate().extract(box).toBuffer() : await sharp(photo).toBuffer();
    const tiles = [[await tile(crop), 'photo (face crop)'], [await tile(recon), 'reconstruction']];
    for (const d of sliders) {
      const out = join(work, `${i}-${d.id}.png`);
      reseed(['edit', seed, '--set', `${d.id}=${d.value}`, '--out', out]);
      tiles.push([await tile(out), `${d.label} ${d.value > 0 ? '+' : ''}${d.value}`]);
    }
    rows.push(tiles);
    console.log(`${photo}: crop ${JSON.stringify(box ?? null)} (${embedded.crop?.source ?? 'n/a'}), MSE ${embedded.mse ?? embedded.metrics?.mse ?? '?'}`);
  }
  const width = rows[0].length * TILE;
  const height = rows.length * (TILE + 24);
  const composites = rows.flatMap((tiles, r) =>
    tiles.flatMap(([png, text], c) => [
      { input: png, left: c * TILE, top: r * (TILE + 24) },
      { input: label(text), left: c * TILE, top: r * (TILE + 24) + TILE },
    ]),
  );
  await sharp({ create: { width, height, channels: 3, background: '#ffffff' } }).composite(composites).png().toFile(resolve(values.out));
  console.log(`wrote ${values.out} (${width}×${height})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/**
 * `reseed edit --set` and `reseed info` with the user's custom directions: files written by the
 * editor's own DirectionStore into a temp RESEED_HOME are applied like pack directions (checked
 * against the edit done by hand), listed as custom, never win over a pack direction of the same
 * id; a corrupt file is skipped with a warning; an unknown id lists every id there is.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy } from '../../electron/engine/npy';
import { seededNormal } from '../../electron/engine/rng';
import { DirectionStore, type CustomDirection } from '../../electron/backend/direction-store';
import { tempDir, TINY_PACK } from '../engine/helpers';
import { runCli } from './helpers';

const cwd = tempDir('reseed-cli-custom-');
const home = join(cwd, 'home');
const cli = (...args: string[]) => runCli(args, { cwd, home });
const P = ['--pack', TINY_PACK, '--provider', 'cpu'];
const manifest = JSON.parse(readFileSync(join(TINY_PACK, 'pack.json'), 'utf8')) as { id: string; version: string };
const folder = join(home, 'directions', manifest.id);
const SIZE = 28 * 28;

/** A unit vector of the seeds' size, the same on every run. */
function unitVector(seed: number): Float32Array {
  const v = seededNormal(seed, SIZE);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

function customDirection(id: string, vector: Float32Array, sigma: number): CustomDirection {
  return {
    id,
    label: `My ${id}`,
    created: new Date().toISOString(),
    pack: { id: manifest.id, version: manifest.version },
    method: 'examples',
    shape: [1, 28, 28],
    min: -3,
    max: 3,
    sigma,
    examples: { with: { folder: '/w', used: 4, skipped: 0, truncated: false }, without: { folder: '/wo', used: 4, skipped: 0, truncated: false } },
    vector,
  };
}

const mine = customDirection('my-slider', unitVector(101), 0.5);

/** z' = z + a·σ·d, rescaled to ‖z‖ — the edit written out independently of the engine. */
function byHand(z: Float32Array, d: Float32Array, sigma: number, a: number): Float32Array {
  const edited = Array.from(z, (x, j) => x + a * sigma * d[j]!);
  const scale = Math.hypot(...z) / Math.hypot(...edited);
  return Float32Array.from(edited, (x) => x * scale);
}

async function pixels(file: string): Promise<Buffer> {
  return sharp(join(cwd, file)).raw().toBuffer();
}

beforeAll(async () => {
  // The store's own writer, into the folder the CLI reads ($RESEED_HOME/directions).
  await new DirectionStore(join(home, 'directions')).save(manifest.id, mine);
  const g = await cli('generate', ...P, '--seed', '5', '--out', 'g5.png', '--save-seed', 'g5.npy');
  expect(g.code).toBe(0);
});

describe('custom directions in the CLI', () => {
  it('edit --set applies a custom direction like a pack one', async () => {
    const zero = await cli('edit', 'g5.npy', ...P, '--set', 'my-slider=0', '--out', 'c0.png');
    expect(zero.code, zero.stderr).toBe(0);
    expect(readFileSync(join(cwd, 'c0.png'))).toEqual(readFileSync(join(cwd, 'g5.png')));

    const moved = await cli('edit', 'g5.npy', ...P, '--set', 'my-slider=2.5', '--out', 'c1.png', '--save-seed', 'c1.npy');
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toMatch(/\[my-slider=2\.5 \(custom\)\]/);
    expect(await pixels('c1.png')).not.toEqual(await pixels('c0.png'));

    // The edited seed is the formula applied by hand, and decodes to the same picture.
    const z = decodeNpy(readFileSync(join(cwd, 'g5.npy'))).data;
    const expected = byHand(z, mine.vector, mine.sigma, 2.5);
    const edited = decodeNpy(readFileSync(join(cwd, 'c1.npy'))).data;
    expect(edited.length).toBe(SIZE);
    let worst = 0;
    for (let j = 0; j < SIZE; j++) worst = Math.max(worst, Math.abs(edited[j]! - expected[j]!));
    expect(worst).toBeLessThan(1e-5);
    writeFileSync(join(cwd, 'hand.npy'), encodeNpy(expected, [1, 28, 28]));
    const hand = await cli('edit', 'hand.npy', ...P, '--set', 'darker=0', '--out', 'hand.png');
    expect(hand.code).toBe(0);
    const [a, b] = [await pixels('c1.png'), await pixels('hand.png')];
    expect(a.length).toBe(b.length);
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(1);

    // Pack and custom sliders together; --json says which is which.
    const both = await cli('edit', 'g5.npy', ...P, '--set', 'darker=1', '--set', 'my-slider=-1', '--out', 'c2.png', '--json');
    expect(both.code).toBe(0);
    expect(JSON.parse(both.stdout).directions).toEqual([
      { id: 'darker', value: 1, custom: false },
      { id: 'my-slider', value: -1, custom: true },
    ]);
  });

  it('info lists the custom directions, marked custom (text and --json)', async () => {
    const r = await cli('info', ...P);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ {4}my-slider +My my-slider \[-3 … 3\] σ=0\.500 \(custom\)/);
    expect(r.stdout).toMatch(/ {4}darker +Darker .*σ=[\d.]+\n/); // pack directions unmarked
    const json = JSON.parse((await cli('info', ...P, '--json')).stdout);
    expect(json.customDirections).toHaveLength(1);
    expect(json.customDirections[0]).toMatchObject({ id: 'my-slider', label: 'My my-slider', sigma: 0.5, custom: true, hidden: false });
    expect(json.customDirections[0].vector).toBeUndefined();
  });

  it('an unknown id is a usage error listing pack and custom ids', async () => {
    const r = await cli('edit', 'g5.npy', ...P, '--set', 'taller=1', '--out', 'x.png', '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--set: unknown direction "taller" \(this pack has: more-like-a-sneaker, darker, my-slider \(custom\)\)/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a custom direction with a pack direction id is listed as hidden, and the pack one is used', async () => {
    const before = await cli('edit', 'g5.npy', ...P, '--set', 'darker=1.5', '--out', 'd0.png');
    expect(before.code).toBe(0);
    await new DirectionStore(join(home, 'directions')).save(manifest.id, customDirection('darker', unitVector(202), 2));
    const after = await cli('edit', 'g5.npy', ...P, '--set', 'darker=1.5', '--out', 'd1.png');
    expect(after.code).toBe(0);
    expect(after.stderr).toMatch(/--set darker: the pack's direction "darker" is used; your custom slider of the same id is not/);
    expect(readFileSync(join(cwd, 'd1.png'))).toEqual(readFileSync(join(cwd, 'd0.png')));
    const info = await cli('info', ...P);
    expect(info.stdout).toMatch(/ {4}darker +My darker .*\(custom; hidden: the pack's "darker" is used\)/);
    const json = JSON.parse((await cli('info', ...P, '--json')).stdout);
    expect(json.customDirections.map((d: { id: string; hidden: boolean }) => [d.id, d.hidden])).toEqual([
      ['my-slider', false],
      ['darker', true],
    ]);
  });

  it('skips a corrupt custom file with a warning and still edits', async () => {
    writeFileSync(join(folder, 'garbage.json'), '{ not json');
    const good = JSON.parse(readFileSync(join(folder, 'my-slider.json'), 'utf8'));
    writeFileSync(join(folder, 'no-sigma.json'), JSON.stringify({ ...good, id: 'no-sigma', sigma: -1 }));
    const r = await cli('edit', 'g5.npy', ...P, '--set', 'my-slider=2.5', '--out', 'c3.png');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/reseed: skipped the custom direction .*garbage\.json: not valid JSON/);
    expect(r.stderr).toMatch(/reseed: skipped the custom direction .*no-sigma\.json: .*sigma/);
    expect(readFileSync(join(cwd, 'c3.png'))).toEqual(readFileSync(join(cwd, 'c1.png')));
    const info = await cli('info', ...P, '--json');
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout).customDirections.map((d: { id: string }) => d.id)).toEqual(['my-slider', 'darker']);
    const unknown = await cli('edit', 'g5.npy', ...P, '--set', 'no-sigma=1', '--out', 'x.png');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown direction "no-sigma"/);
  });
});

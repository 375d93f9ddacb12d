/** The `reseed` commands in-process: outputs, messages and exit codes 0/2/3/4. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../electron/cli/commands/index';
import { decodeNpy } from '../../electron/engine/npy';
import { productPng, tempDir, tinyPng, TINY_PACK } from '../engine/helpers';
import { runCli } from './helpers';

const cwd = tempDir('reseed-cli-');
const home = join(cwd, 'home');
const cli = (...args: string[]) => runCli(args, { cwd, home });
const P = ['--pack', TINY_PACK, '--provider', 'cpu'];

describe('reseed usage', () => {
  it('prints usage and exits 2 without a command or with an unknown one (serve comes later)', async () => {
    const none = await cli();
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Usage: reseed <command>/);
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"[\s\S]*Commands:/);
    expect((await cli('--help')).code).toBe(0);
    expect((await cli('--version')).stdout).toMatch(/^reseed \d+\.\d+\.\d+/);
  });

  it('has --help on every command, exit 0', async () => {
    for (const c of COMMANDS) {
      const r = await cli(c.name, '--help');
      expect(r.code, c.name).toBe(0);
      expect(r.stdout, c.name).toMatch(new RegExp(`Usage: reseed ${c.name}`));
      expect(r.stdout, c.name).toMatch(/--provider/);
    }
  });

  it('exits 2 on usage errors with a one-line reason', async () => {
    const cases: [string[], RegExp][] = [
      [['generate', '--seed', '7'], /--out <file.png> is required/],
      [['generate', '--seed', 'x', '--out', 'a.png'], /--seed: expected an integer/],
      [['generate', '--bogus'], /Unknown option '--bogus'/],
      [['generate', '--out', 'a.png', '--provider', 'tpu'], /--provider/],
      [['batch', 'nowhere', '--out', 'o'], /nowhere: no such folder/],
      [['batch', cwd, '--out', 'o', '--shard', '0/2'], /--shard: k must be between 1 and n/],
      [['edit', 'x.png', '--out', 'e.png'], /at least one --set/],
      [['edit', 'x.png', '--set', 'darker', '--out', 'e.png'], /--set darker: use <direction>=<value>/],
      [['embed'], /missing <image>/],
      [['embed', 'a.png', '--method', 'magic'], /--method/],
      [['interpolate', 'seed:1', 'seed:2', '--frames', '1', '--out', 'f'], /--frames: expected an integer from 2/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});

describe('reseed generate / info', () => {
  it('gives the same image for the same seed on every run', async () => {
    const a = await cli('generate', ...P, '--seed', '7', '--out', 'g7a.png');
    await cli('generate', ...P, '--seed', '7', '--out', 'g7b.png', '--save-seed', 'g7.npy');
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/seed 7 → .*g7a\.png \(10 steps, .* ms on cpu\)/);
    expect(a.stderr).toMatch(/provider: cpu — requested/);
    expect(readFileSync(join(cwd, 'g7a.png'))).toEqual(readFileSync(join(cwd, 'g7b.png')));
    expect(decodeNpy(readFileSync(join(cwd, 'g7.npy'))).shape).toEqual([1, 28, 28]);
    const c = await cli('generate', ...P, '--seed', '8', '--out', 'g8.png', '--scale', '4');
    expect(c.code).toBe(0);
    expect((await sharp(join(cwd, 'g8.png')).metadata()).width).toBe(112);
  });

  it('never overwrites silently: exit 4 without --force, before any work', async () => {
    writeFileSync(join(cwd, 'taken.png'), 'mine');
    const r = await cli('generate', ...P, '--seed', '1', '--out', 'taken.png');
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/taken\.png: exists; pass --force to overwrite it/);
    expect(r.stderr).not.toMatch(/provider:/); // the pack was never opened
    expect(readFileSync(join(cwd, 'taken.png'), 'utf8')).toBe('mine');
    expect((await cli('generate', ...P, '--seed', '1', '--out', 'taken.png', '--force')).code).toBe(0);
  });

  it('--json gives one JSON document on stdout and nothing on stderr', async () => {
    const r = await cli('generate', ...P, '--seed', '3', '--out', 'j.png', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ seed: 3, steps: 10, provider: 'cpu' });
  });

  it('info lists packs, directions and the provider that runs', async () => {
    const r = await cli('info', ...P);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Pack tiny /);
    expect(r.stdout).toMatch(/more-like-a-sneaker/);
    expect(r.stdout).toMatch(/provider: cpu/);
    const json = JSON.parse((await cli('info', ...P, '--json')).stdout);
    expect(json.provider.provider).toBe('cpu');
    expect(json.candidates.map((c: { name: string }) => c.name)).toContain('cpu');
  });

  it('exits 4 with a clear message for a missing or broken pack', async () => {
    const missing = await cli('generate', '--pack', join(cwd, 'no-pack'), '--out', 'x.png');
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/no-pack: no such pack folder/);
    const broken = join(cwd, 'broken-pack');
    mkdirSync(broken);
    writeFileSync(join(broken, 'pack.json'), JSON.stringify({ schemaVersion: 3 }));
    const r = await cli('info', '--pack', broken);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/pack\.json: schemaVersion: unknown schema version 3/);
  });
});

describe('reseed embed / edit / interpolate', () => {
  it('embeds a picture, writing the seed and reconstruction', async () => {
    writeFileSync(join(cwd, 'shirt.png'), await productPng(120, 160));
    const r = await cli('embed', 'shirt.png', ...P, '--out', 'shirt.npy', '--recon', 'shirt-recon.png', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ method: 'network', steps: 10, provider: 'cpu' });
    expect(json.mse).toBeGreaterThan(0);
    expect(decodeNpy(readFileSync(join(cwd, 'shirt.npy'))).shape).toEqual([1, 28, 28]);
    expect(existsSync(join(cwd, 'shirt-recon.png'))).toBe(true);
    const refine = JSON.parse((await cli('embed', 'shirt.png', ...P, '--method', 'refine', '--iterations', '2', '--json')).stdout);
    expect(refine.mse).toBeLessThanOrEqual(json.mse);
  });

  it('exits 3 when the one image cannot be read', async () => {
    writeFileSync(join(cwd, 'bad.jpg'), 'text');
    const r = await cli('embed', 'bad.jpg', ...P);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/bad\.jpg: not a readable image/);
  });

  it('edits: all-zero sliders give exactly the reconstruction; unknown directions exit 2', async () => {
    await cli('generate', ...P, '--seed', '11', '--out', 'g11.png', '--save-seed', 'g11.npy');
    const zero = await cli('edit', 'g11.npy', ...P, '--set', 'darker=0', '--out', 'e0.png');
    expect(zero.code).toBe(0);
    expect(readFileSync(join(cwd, 'e0.png'))).toEqual(readFileSync(join(cwd, 'g11.png')));
    const moved = await cli('edit', 'g11.npy', ...P, '--set', 'darker=2.5', '--set', 'more-like-a-sneaker=-1', '--out', 'e1.png');
    expect(moved.code).toBe(0);
    expect(readFileSync(join(cwd, 'e1.png'))).not.toEqual(readFileSync(join(cwd, 'g11.png')));
    const unknown = await cli('edit', 'g11.npy', ...P, '--set', 'taller=1', '--out', 'e2.png');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown direction "taller" \(this pack has: more-like-a-sneaker, darker\)/);
    const picture = await cli('edit', 'shirt.png', ...P, '--set', 'darker=1', '--out', 'e3.png');
    expect(picture.code).toBe(0);
  });

  it('interpolates between seeds and pictures', async () => {
    const r = await cli('interpolate', 'seed:1', 'shirt.png', ...P, '--frames', '4', '--out', 'frames');
    expect(r.code).toBe(0);
    expect(readdirSync(join(cwd, 'frames')).sort()).toEqual(['frame-000.png', 'frame-001.png', 'frame-002.png', 'frame-003.png']);
    expect((await cli('interpolate', 'seed:1', 'seed:2', ...P, '--frames', '4', '--out', 'frames')).code).toBe(4); // exists
    writeFileSync(join(cwd, 'frames-file'), '');
    expect((await cli('interpolate', 'seed:1', 'seed:2', ...P, '--frames', '2', '--out', 'frames-file')).code).toBe(4);
  });
});

describe('reseed batch', () => {
  it('exits 0 when all went well and 3 when some images failed', async () => {
    const input = join(cwd, 'photos');
    mkdirSync(join(input, 'sub'), { recursive: true });
    for (let i = 0; i < 3; i++) writeFileSync(join(input, i ? `sub/p${i}.png` : 'p0.png'), await tinyPng(i));
    const ok = await cli('batch', 'photos', '--out', 'emb', '--recursive', ...P);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/3 to do/);
    expect(ok.stdout).toMatch(/done: 3 ok, 0 failed, 0 already done/);
    writeFileSync(join(input, 'broken.png'), '');
    const some = await cli('batch', 'photos', '--out', 'emb', '--recursive', ...P, '--json');
    expect(some.code).toBe(3);
    const events = some.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events.map((e) => e.type)).toEqual(['start', 'error', 'progress', 'end']);
    expect(events[0]).toMatchObject({ total: 1, alreadyDone: 3 });
    expect(events[1]).toMatchObject({ input: 'broken.png', error: 'empty file' });
    expect(events[3]).toMatchObject({ ok: 0, failed: 1 });
  });

  it('exits 4 before any work when --out is an existing file', async () => {
    mkdirSync(join(cwd, 'pics'));
    writeFileSync(join(cwd, 'pics', 'a.png'), await tinyPng(1));
    writeFileSync(join(cwd, 'out.txt'), 'keep me');
    const r = await cli('batch', 'pics', '--out', 'out.txt', ...P);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/out\.txt: exists and is not a folder/);
    expect(r.stderr).not.toMatch(/provider:/);
    expect(readFileSync(join(cwd, 'out.txt'), 'utf8')).toBe('keep me');
  });

  it('exits 130 when interrupted, keeping what is done', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await runCli(['batch', 'pics', '--out', 'int-out', ...P], { cwd, home, signal: controller.signal });
    expect(r.code).toBe(130);
    expect(r.stdout).toMatch(/stopped: 0 ok[\s\S]*run the same command again to resume/);
  });

  it('draws a progress bar on a terminal', async () => {
    const r = await runCli(['batch', 'pics', '--out', 'bar-out', ...P], { cwd, home, tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\r\[#+\] 1 of 1 · .* img\/s · 0:00 left \(100%\)/);
  });
});

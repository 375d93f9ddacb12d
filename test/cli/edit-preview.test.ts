/**
 * `reseed edit --preview` (issue #21): the edit decoded by the pack's one-pass preview decoder,
 * the JSON saying which decoder ran; a pack without one decodes fully and says so.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyTinyPack, productPng, REPO, tempDir, TINY_PACK } from '../engine/helpers';
import { runCli } from './helpers';

const cwd = tempDir('reseed-edit-preview-');
const home = tempDir('reseed-edit-preview-home-');
const FIXTURE = join(REPO, 'test', 'fixtures', 'tiny-preview');
const cli = (...args: string[]) => runCli(args, { cwd, home });
let previewPack: string;

beforeAll(async () => {
  writeFileSync(join(cwd, 'shirt.png'), await productPng(160, 200, { x: 30, y: 40, w: 90, h: 120 }, 60));
  previewPack = copyTinyPack(cwd, (p) => (p.networks.preview = JSON.parse(readFileSync(join(FIXTURE, 'preview-entry.json'), 'utf8'))));
  copyFileSync(join(FIXTURE, 'preview.onnx'), join(previewPack, 'preview.onnx'));
});

describe('reseed edit --preview', () => {
  it('decodes with the preview decoder, from a picture and from a seed', async () => {
    const P = ['--pack', previewPack, '--provider', 'cpu', '--threads', '1'];
    const r = await cli('edit', 'shirt.png', ...P, '--set', 'darker=2', '--preview', '--out', 'p.png', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ decoder: 'preview', colours: 'photo' });
    expect(existsSync(join(cwd, 'p.png'))).toBe(true);
    const s = await cli('edit', 'seed:7', ...P, '--set', 'darker=2', '--preview', '--out', 's.png', '--json');
    expect(s.code).toBe(0);
    expect(JSON.parse(s.stdout).decoder).toBe('preview');
    const full = await cli('edit', 'seed:7', ...P, '--set', 'darker=2', '--out', 'f.png', '--json');
    expect(JSON.parse(full.stdout).decoder).toBe('full');
    expect(readFileSync(join(cwd, 's.png')).equals(readFileSync(join(cwd, 'f.png')))).toBe(false);
  });

  it('a pack without a preview decodes fully and says so', async () => {
    const r = await cli('edit', 'seed:7', '--pack', TINY_PACK, '--provider', 'cpu', '--threads', '1', '--set', 'darker=2', '--preview', '--out', 'n.png', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).decoder).toBe('full');
    const text = await cli('edit', 'seed:7', '--pack', TINY_PACK, '--provider', 'cpu', '--threads', '1', '--set', 'darker=2', '--preview', '--out', 'n2.png');
    expect(text.stderr).toMatch(/no preview decoder/);
  });
});

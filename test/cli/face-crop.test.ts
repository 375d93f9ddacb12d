/**
 * `reseed embed` and `reseed batch` with a `crop: face` pack (the tiny RGB fixture pack): without
 * --crop the picture is cropped around the largest face, and the output says so; without a face
 * it falls back to the centre.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, tempDir, TINY_RGB_PACK } from '../engine/helpers';
import { runCli } from './helpers';

const cwd = tempDir('reseed-cli-face-');
const home = join(cwd, 'home');
const cli = (...args: string[]) => runCli(args, { cwd, home });
const P = ['--pack', TINY_RGB_PACK, '--provider', 'cpu'];
const ASTRONAUT = join(REPO, 'assets', 'samples', 'astronaut.jpg');
const TSHIRT = join(REPO, 'assets', 'samples', 'tshirt.png');
const FACE_BOX = { left: 138, top: 16, width: 168, height: 168 };

describe('reseed with a crop: face pack', () => {
  it('embed crops around the face and reports it (JSON and text)', async () => {
    const json = await cli('embed', ASTRONAUT, ...P, '--json');
    expect(json.code, json.stderr).toBe(0);
    const r = JSON.parse(json.stdout);
    expect(r.crop).toMatchObject({ source: 'face', box: FACE_BOX });
    expect(r.transform.region).toEqual(FACE_BOX);
    const text = await cli('embed', ASTRONAUT, ...P);
    expect(text.stdout).toMatch(/crop: around the face found at \d+×\d+\+\d+\+\d+ → 168×168\+138\+16/);
  });

  it('embed without a face falls back to the centre; --crop wins over the face', async () => {
    const none = await cli('embed', TSHIRT, ...P);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toMatch(/crop: no face found, centre \(the whole 320×320 picture fitted\)/);
    const given = JSON.parse((await cli('embed', ASTRONAUT, ...P, '--crop', '0,0,100,100', '--json')).stdout);
    expect(given.crop).toMatchObject({ source: 'box', box: { left: 0, top: 0, width: 100, height: 100 } });
  });

  it('batch records where each picture was cropped', async () => {
    mkdirSync(join(cwd, 'in'));
    copyFileSync(ASTRONAUT, join(cwd, 'in', 'astronaut.jpg'));
    copyFileSync(TSHIRT, join(cwd, 'in', 'tshirt.png'));
    const run = await cli('batch', 'in', '--out', 'out', ...P);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).toMatch(/crop: a face found in 1, none \(centre\) in 1/);
    const lines = readFileSync(join(cwd, 'out', 'index.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const byInput = Object.fromEntries(lines.map((l) => [l.input, l]));
    expect(byInput['astronaut.jpg'].crop).toEqual({ source: 'face', box: FACE_BOX });
    expect(byInput['tshirt.png'].crop).toEqual({ source: 'centre', box: { left: 0, top: 0, width: 320, height: 320 } });
  });
});

/**
 * `reseed train` end to end on this CPU: bad input (an empty folder, a folder of text files, labels
 * naming missing files or with a non-numeric column) is one line, exit 2, with nothing written to
 * the packs folder; the tiny preset on ~200 generated pictures with a labels CSV yields a pack
 * that `reseed info --pack` opens and checks, with one slider per labels column and its report.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, tempDir } from '../engine/helpers';
import { runCli } from './helpers';

const cwd = tempDir('reseed-train-');
const home = join(cwd, 'home');
const packs = join(home, 'packs');

function makePictures(dir: string, count: number): string {
  execFileSync('/usr/bin/python3', [join(REPO, 'training', 'tools', 'make_own_pictures.py'), dir, '--count', String(count), '--junk']);
  return join(dir, 'labels.csv');
}

function packsWritten(): string[] {
  return existsSync(packs) ? readdirSync(packs) : [];
}

async function expectBadInput(args: string[], message: RegExp): Promise<void> {
  const run = await runCli(['train', ...args], { cwd, home });
  expect(run.code, run.stderr).toBe(2);
  const lines = run.stderr.trim().split('\n');
  expect(lines.at(-1)).toMatch(message);
  expect(lines.at(-1)).toMatch(/^reseed train: /);
  expect(packsWritten()).toEqual([]);
  // The run folder a refused run made is gone again.
  expect(existsSync(join(home, 'training', 'bad'))).toBe(false);
}

describe('reseed train: bad input', () => {
  it('refuses an empty folder', async () => {
    mkdirSync(join(cwd, 'empty'));
    await expectBadInput(['empty', '--name', 'Bad'], /empty: 0 usable pictures; at least 100 are needed/);
  }, 180_000);

  it('refuses a folder of text files', async () => {
    mkdirSync(join(cwd, 'texts'));
    for (let i = 0; i < 5; i++) writeFileSync(join(cwd, 'texts', `note-${i}.jpg`), 'not a picture');
    await expectBadInput(['texts', '--name', 'Bad'], /texts: 0 usable pictures \(5 could not be read\)/);
  }, 180_000);

  it('refuses labels naming missing files and a non-numeric column', async () => {
    const labels = makePictures(join(cwd, 'small'), 110);
    writeFileSync(join(cwd, 'missing.csv'), readFileSync(labels, 'utf8') + 'nowhere/gone.png,1,1,1\n');
    await expectBadInput(['small', '--name', 'Bad', '--labels', 'missing.csv'], /labels name 1 files not in .*small: nowhere\/gone\.png/);
    writeFileSync(join(cwd, 'words.csv'), readFileSync(labels, 'utf8').replace(/,1\n/, ',yes\n'));
    await expectBadInput(['small', '--name', 'Bad', '--labels', 'words.csv'], /words\.csv: line \d+, column 'Shade': 'yes' is not a number/);
  }, 180_000);

  it('refuses bad options before starting Python', async () => {
    await expectBadInput(['nowhere', '--name', 'Bad'], /nowhere: no such folder/);
    await expectBadInput(['empty'], /--name is required/);
    await expectBadInput(['empty', '--name', 'Bad', '--preset', 'huge'], /--preset: /);
    await expectBadInput(['empty', '--name', 'Fashion MNIST'], /built-in pack/);
  }, 180_000);
});

describe('reseed train: the tiny preset', () => {
  it('trains ~200 pictures with labels into a pack reseed info validates', async () => {
    const labels = makePictures(join(cwd, 'pics'), 200);
    const start = performance.now();
    const run = await runCli(['train', 'pics', '--name', 'Tiny pics', '--labels', labels, '--threads', '1', '--json'], { cwd, home });
    const seconds = (performance.now() - start) / 1000;
    expect(run.code, run.stderr).toBe(0);
    const events = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });
    console.log(`reseed train, tiny preset, 200 pictures with labels: ${seconds.toFixed(1)} s`);
    expect(events.filter((e) => e.type === 'stage').map((e) => e.name)).toEqual(['data', 'denoiser', 'embedder', 'attributes', 'directions', 'evaluate', 'export']);
    expect(events.some((e) => e.type === 'step' && e.stage === 'denoiser')).toBe(true);
    // With labels only the labelled pictures are read: the two junk files are not among them.
    expect(events.filter((e) => e.type === 'log' && String(e.message).startsWith('skipped'))).toHaveLength(0);
    const result = events.at(-1)!;
    expect(result).toMatchObject({ type: 'result', id: 'tiny-pics', pack: join(packs, 'tiny-pics') });
    expect(packsWritten()).toEqual(['tiny-pics']);
    expect(existsSync(join(packs, 'tiny-pics', 'report', 'report.md'))).toBe(true);
    expect(existsSync(join(packs, 'tiny-pics', 'report', 'samples.png'))).toBe(true);

    const info = await runCli(['info', '--pack', 'tiny-pics', '--provider', 'cpu', '--json'], { cwd, home });
    expect(info.code, info.stderr).toBe(0);
    const { manifest } = (JSON.parse(info.stdout) as { pack: { manifest: { directions: { items: { id: string }[] }; metrics: { training: { images: { test: number } } } } } }).pack;
    expect(manifest.directions.items.map((d) => d.id)).toEqual(['dark', 'big', 'shade']);
    expect(manifest.metrics.training.images.test).toBeGreaterThan(0);
    const report = readFileSync(join(packs, 'tiny-pics', 'report', 'report.md'), 'utf8');
    expect(report).toMatch(/### Slider checks/);
  }, 600_000);
});

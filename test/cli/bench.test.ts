/**
 * `reseed bench` on packs larger than the default: the batch folder's default size shrinks with
 * the pack's image size (10,000 images tuned for 28×28 grey ran for tens of minutes on the 64×64
 * RGB faces pack and looked hung), the report says so, and every phase reports "k of n" progress,
 * including the PyTorch subprocess, which used to block the event loop silently.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measure } from '../../electron/cli/bench/measure';
import { progressReporter } from '../../electron/cli/bench/progress';
import { runTorchBench } from '../../electron/cli/bench/torch-eager';
import { DEFAULT_FOLDER_IMAGES, planFolder, REFERENCE_IMAGE } from '../../electron/cli/bench/workload';
import type { CliIO } from '../../electron/cli/io';
import { packFixture, tempDir, TINY_PACK, TINY_RGB_PACK } from '../engine/helpers';
import { runCli } from './helpers';

const root = tempDir('reseed-bench-test-');
const FACES = { width: 64, height: 64, channels: 3 };
const values = (i: { width: number; height: number; channels: number }) => i.width * i.height * i.channels;

function captureIO(isTTY = false): CliIO & { text: () => string } {
  let err = '';
  return { stdout: () => {}, stderr: (t) => (err += t), isTTY, env: {}, cwd: root, signal: new AbortController().signal, text: () => err };
}

describe('bench workload size', () => {
  it('keeps the 10,000-image default for the 28×28 grey images it was tuned for (and smaller)', () => {
    expect(planFolder(REFERENCE_IMAGE, 16)).toMatchObject({ images: DEFAULT_FOLDER_IMAGES, scaled: false });
    expect(planFolder({ width: 8, height: 8, channels: 1 }, 16).images).toBe(DEFAULT_FOLDER_IMAGES);
  });

  it('scales the default folder down for 64×64 RGB so the work stays that of the 28×28 default', () => {
    const plan = planFolder(FACES, 16);
    expect(plan.scaled).toBe(true);
    expect(plan.images).toBeLessThanOrEqual(1000);
    expect(plan.images % 16).toBe(0);
    // Total values pushed through ≈ the reference workload (within one batch), never 15× of it.
    expect(plan.images * values(FACES)).toBeLessThanOrEqual(DEFAULT_FOLDER_IMAGES * values(REFERENCE_IMAGE) + 16 * values(FACES));
    // The report says the count was shrunk, for which image size, and how to choose it.
    expect(plan.note).toMatch(/scaled down 15\.7× for 64×64×3 images/);
    expect(plan.note).toContain('--images');
  });

  it('keeps at least a few whole batches for very large images, and --images exactly as given', () => {
    expect(planFolder({ width: 512, height: 512, channels: 3 }, 16).images).toBe(8 * 16);
    expect(planFolder(FACES, 16, 10_000)).toMatchObject({ images: 10_000, scaled: false });
    expect(planFolder(FACES, 16, 0).images).toBe(0);
  });
});

describe('bench progress', () => {
  it('logs each new phase, then at most one line per interval within a phase', () => {
    const io = captureIO();
    let clock = 0;
    const p = progressReporter(io, {}, 'cpu', { intervalMs: 1000, now: () => clock });
    p.update('denoiser pass, batch 1', 0, 20, 'warm-up');
    for (let i = 1; i <= 20; i++) {
      clock += 100;
      p.update('denoiser pass, batch 1', i, 20);
    }
    p.update('decode, 10 steps', 0, 5);
    p.end();
    expect(io.text().trim().split('\n')).toEqual([
      'cpu: denoiser pass, batch 1: 0 of 20 (warm-up)',
      'cpu: denoiser pass, batch 1: 10 of 20',
      'cpu: denoiser pass, batch 1: 20 of 20',
      'cpu: decode, 10 steps: 0 of 5',
    ]);
  });

  it('redraws one line on a terminal and says nothing with --json or --quiet', () => {
    const tty = captureIO(true);
    const p = progressReporter(tty, {}, 'cpu');
    p.update('batch embed + reconstruct', 16, 640, '3.1 img/s');
    p.end();
    expect(tty.text()).toBe('\rcpu: batch embed + reconstruct: 16 of 640 (3.1 img/s)\x1b[K\n');
    for (const flags of [{ json: true }, { quiet: true }]) {
      const io = captureIO();
      progressReporter(io, flags, 'cpu').update('decode', 1, 2);
      expect(io.text()).toBe('');
    }
  });
});

describe('bench measurements report their progress', () => {
  const fx = packFixture('reseed-bench-');

  it('measure() reports every phase from 0 to n runs', async () => {
    const seen = new Map<string, { done: number; total: number }>();
    await measure(fx.open, 2, (phase, done, total) => seen.set(phase, { done: done ?? -1, total: total ?? -1 }));
    expect([...seen.keys()]).toEqual(['denoiser pass, batch 1', 'denoiser pass, batch 16', 'decode, 10 steps', 'embedding network pass', 'embed + reconstruct', 'slider edit to image', 'slider edit, darker locked']);
    for (const { done, total } of seen.values()) expect(done).toBe(total);
  });
});

describe('torch eager comparison', () => {
  const fake = (body: string) => {
    const file = join(root, `fake-${Math.random().toString(36).slice(2)}.sh`);
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
    return file;
  };

  it('reports that it is still waiting while the script runs, then reads its JSON', async () => {
    const beats: string[] = [];
    const script = fake(`sleep 0.6; echo '{"skipped":"fake torch"}'`);
    const r = await runTorchBench(TINY_PACK, 2, 3, { python: '/bin/sh', script, heartbeatMs: 100, onProgress: (phase, _d, _t, detail) => beats.push(`${phase}|${detail ?? ''}`) });
    expect(r).toEqual({ skipped: 'fake torch' });
    expect(beats[0]).toBe('timing the denoiser (3 runs each, 1 and 2 threads)|');
    expect(beats.some((b) => / s so far$/.test(b))).toBe(true);
  });

  it('gives up on a script that does not finish, saying why', async () => {
    const script = fake('sleep 5');
    const r = await runTorchBench(TINY_PACK, 1, 1, { python: '/bin/sh', script, timeoutMs: 300 });
    expect(r).toEqual({ skipped: 'bench-torch.py did not finish within 0.3 s' });
  });
});

describe('reseed bench on an RGB pack', () => {
  it('prints each phase with its count in a log and finishes with the table and the folder note', async () => {
    const home = join(root, 'home');
    const args = ['bench', '--pack', TINY_RGB_PACK, '--providers', 'cpu', '--runs', '2', '--images', '32', '--no-torch', '--out-dir', 'out'];
    const r = await runCli(args, { cwd: root, home });
    expect(r.code, r.stderr).toBe(0);
    for (const line of ['cpu: denoiser pass, batch 1: 0 of 2 (warm-up)', 'cpu: slider edit to image: 0 of 5 (warm-up)', 'cpu: generating 48×48 PNGs: 0 of 32', 'cpu: batch embed + reconstruct: 0 of 32 (batch size 16)']) {
      expect(r.stderr).toContain(line);
    }
    expect(r.stdout).toContain('batch folder: 32 generated PNGs (--images), batch size 16, method network');
    const file = /wrote (.+\.json)/.exec(r.stdout)![1]!;
    const report = JSON.parse(readFileSync(join(root, file), 'utf8'));
    expect(report.providers[0].throughput).toMatchObject({ images: 32, failed: 0 });
    // Edit a whole folder: the plain batch, with a recipe, and the re-edit from its seeds, with their ratios.
    expect(report.providers[0].recipe).toMatchObject({ images: 32, recipe: expect.stringMatching(/=1\.5, keep details 1, 10 steps, no locks$/) });
    expect(report.providers[0].recipe.runs).toHaveLength(9);
    expect(report.providers[0].recipe.recipeRatio).toBeCloseTo(report.providers[0].recipe.recipeImagesPerSecond / report.providers[0].recipe.plainImagesPerSecond);
    expect(r.stdout).toMatch(/… its ratio to the plain batch \(×\)\s+[\d.]+\s+≥ 0\.8×/);
    expect(r.stdout).toMatch(/recipe folder: 32 generated 48×48 PNGs/);
  });
});

/**
 * The Packs view's report of a trained pack (electron/backend/pack-report.ts): quality numbers
 * from pack.json's metrics, the sample grid and strips as data URLs, nothing for other packs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPackReport } from '../../electron/backend/pack-report';
import { tempDir, tinyPng } from '../engine/helpers';

const training = {
  tool: 'reseed train',
  preset: 'tiny',
  imageSize: 16,
  steps: { denoiser: 200 },
  images: { train: 180, test: 20, unreadable: 2 },
  sliders: 'principal-components',
  report: 'report/report.md',
  samples: 'report/samples.png',
  strips: 'report/missing.png',
};

describe('the report of a trained pack', () => {
  it('gives the quality numbers and the sample grid', async () => {
    const dir = tempDir('reseed-report-');
    mkdirSync(join(dir, 'report'));
    writeFileSync(join(dir, 'report', 'samples.png'), await tinyPng(3));
    const report = readPackReport(dir, {
      reconstruction: { network: { mse: 0.015577, psnr: 18.281, images: 20 } },
      directions: [{ id: 'component-1' }, { id: 'component-2' }],
      training,
    });
    expect(report?.quality).toEqual([
      { label: 'Reconstruction (network)', value: 'MSE 0.0156, 18.3 dB on 20 held-out pictures' },
      { label: 'Sliders', value: '2 principal components of the seeds (no labels)' },
      { label: 'Pictures', value: '180 train, 20 held out, 2 unreadable skipped' },
      { label: 'Training', value: 'tiny preset, 200 denoiser steps, 16 px' },
    ]);
    expect(report?.samples).toMatch(/^data:image\/png;base64,iVBOR/);
    expect(report?.strips).toBeNull();
    expect(report?.file).toBe(join(dir, 'report', 'report.md'));
  });

  it('counts the slider checks that passed', () => {
    const check = (monotonic: boolean) => ({ check: { monotonic } });
    const report = readPackReport('/nowhere', { directions: [check(true), check(false), check(true)], training: { ...training, sliders: 'labels' } });
    expect(report?.quality).toContainEqual({ label: 'Slider checks', value: '2 of 3 sliders move their label monotonically' });
  });

  it('is null for a pack not trained by reseed train', () => {
    expect(readPackReport('/nowhere', { reconstruction: {} })).toBeNull();
  });
});

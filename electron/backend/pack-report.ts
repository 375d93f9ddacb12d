/**
 * The Packs view's report of a pack trained with `reseed train`: quality numbers from pack.json's
 * metrics (reconstruction, slider checks, the attribute classifier, the data) and the sample grid
 * and slider strips of its report/ folder as data URLs. Null for a pack without metrics.training.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PackReport } from '../contract/workflow-schemas';

/** Larger pictures are left out of the catalog (it is sent on every refresh); the file stays. */
const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function dataUrl(dir: string, relative: unknown): string | null {
  if (typeof relative !== 'string' || relative.includes('..')) return null;
  const file = join(dir, relative);
  try {
    if (statSync(file).size > MAX_IMAGE_BYTES) return null;
    return `data:image/png;base64,${readFileSync(file).toString('base64')}`;
  } catch {
    return null;
  }
}

function reconstruction(metrics: Json): { label: string; value: string }[] {
  const rec = obj(metrics.reconstruction) ?? {};
  const names: Record<string, string> = { network: 'Reconstruction (network)', refine: 'Reconstruction (refined)' };
  return Object.entries(names).flatMap(([key, label]) => {
    const r = obj(rec[key]);
    if (!r || typeof r.mse !== 'number') return [];
    const psnr = typeof r.psnr === 'number' ? `, ${r.psnr.toFixed(1)} dB` : '';
    return [{ label, value: `MSE ${r.mse.toPrecision(3)}${psnr} on ${String(r.images ?? '?')} held-out pictures` }];
  });
}

function sliders(metrics: Json, training: Json): { label: string; value: string }[] {
  const directions = Array.isArray(metrics.directions) ? metrics.directions.map(obj).filter((d): d is Json => d !== undefined) : [];
  const checked = directions.filter((d) => obj(d.check));
  if (checked.length > 0) {
    const monotonic = checked.filter((d) => obj(d.check)?.monotonic === true).length;
    return [{ label: 'Slider checks', value: `${monotonic} of ${checked.length} sliders move their label monotonically` }];
  }
  if (training.sliders === 'principal-components') return [{ label: 'Sliders', value: `${directions.length} principal components of the seeds (no labels)` }];
  return [];
}

export function readPackReport(dir: string, metrics: Json): PackReport | null {
  const training = obj(metrics.training);
  if (!training) return null;
  const quality = [...reconstruction(metrics), ...sliders(metrics, training)];
  const attrs = obj(metrics.attributeClassifier);
  if (attrs && typeof attrs.meanTestBalancedAccuracy === 'number') {
    quality.push({ label: 'Attribute classifier', value: `balanced accuracy ${attrs.meanTestBalancedAccuracy.toFixed(3)} (held out)` });
  }
  const images = obj(training.images);
  if (images) {
    const skipped = typeof images.unreadable === 'number' && images.unreadable > 0 ? `, ${images.unreadable} unreadable skipped` : '';
    quality.push({ label: 'Pictures', value: `${String(images.train)} train, ${String(images.test)} held out${skipped}` });
  }
  const steps = obj(training.steps);
  if (steps) quality.push({ label: 'Training', value: `${String(training.preset)} preset, ${String(steps.denoiser)} denoiser steps, ${String(training.imageSize)} px` });
  return {
    quality,
    samples: dataUrl(dir, training.samples),
    strips: dataUrl(dir, training.strips),
    file: join(dir, typeof training.report === 'string' ? training.report : 'report/report.md'),
  };
}

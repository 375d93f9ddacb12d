/**
 * Batch throughput and peak memory: generates a folder of small pictures (noise blobs at twice the
 * pack's size, so preprocessing does real resizing), runs the batch embedding over it, and samples
 * the resident set size while it runs. How many images: workload.ts.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { runBatch } from '../../engine/batch/batch-job';
import type { OpenPack } from '../../engine/open-pack';
import { mulberry32 } from '../../engine/rng';
import type { BenchProgress } from './progress';

export interface Throughput {
  readonly images: number;
  readonly imagesPerSecond: number;
  readonly peakRssMB: number;
  readonly failed: number;
}

/** Writes `count` PNGs into `dir` in sub-folders of 1,000 (seeded, so every run sees the same). */
export async function generateFolder(dir: string, count: number, width: number, height: number, onProgress?: BenchProgress): Promise<void> {
  const next = mulberry32(12345);
  const templates: Buffer[] = [];
  for (let t = 0; t < 16; t++) {
    const px = Buffer.alloc(width * height * 3);
    for (let i = 0; i < px.length; i++) px[i] = Math.floor(next() * 256);
    templates.push(await sharp(px, { raw: { width, height, channels: 3 } }).png().toBuffer());
  }
  for (let i = 0; i < count; i++) {
    const sub = join(dir, `part-${String(Math.floor(i / 1000)).padStart(3, '0')}`);
    if (i % 1000 === 0) await mkdir(sub, { recursive: true });
    await writeFile(join(sub, `img-${String(i).padStart(6, '0')}.png`), templates[i % templates.length]!);
    if ((i + 1) % 100 === 0 || i + 1 === count) onProgress?.(`generating ${width}×${height} PNGs`, i + 1, count);
  }
}

export async function measureThroughput(open: OpenPack, count: number, batchSize: number, onProgress?: BenchProgress): Promise<Throughput> {
  const root = await mkdtemp(join(tmpdir(), 'reseed-bench-'));
  const { width, height } = open.pack.manifest.image;
  try {
    onProgress?.(`generating ${width * 2}×${height * 2} PNGs`, 0, count);
    await generateFolder(join(root, 'in'), count, width * 2, height * 2, onProgress);
    onProgress?.('batch embed + reconstruct', 0, count, `batch size ${batchSize}`);
    let peak = process.memoryUsage().rss;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    try {
      const summary = await runBatch(open, {
        input: join(root, 'in'),
        out: join(root, 'out'),
        recursive: true,
        batchSize,
        onProgress: (p) => onProgress?.('batch embed + reconstruct', p.done, p.total, `${p.imagesPerSecond.toFixed(1)} img/s`),
      });
      peak = Math.max(peak, process.memoryUsage().rss);
      return { images: summary.done, imagesPerSecond: summary.imagesPerSecond, peakRssMB: peak / 2 ** 20, failed: summary.failed };
    } finally {
      clearInterval(timer);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

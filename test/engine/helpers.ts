/** Shared helpers of the engine and CLI tests: temp folders, the fixture pack, golden arrays. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll } from 'vitest';
import { ReseedEngine } from '../../electron/engine/engine';
import type { OpenPack } from '../../electron/engine/open-pack';
import { decodeNpy } from '../../electron/engine/npy';
import { replaceNonFiniteTokens } from '../../electron/engine/packs/manifest';
import type { Shape4, Tensor4 } from '../../electron/engine/tensor';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const TINY_PACK = join(REPO, 'test', 'fixtures', 'tiny-pack');
export const GOLDEN_DIR = join(REPO, 'test', 'fixtures', 'golden');
/** The RGB twin of the tiny pack (training/configs/tiny-rgb.yaml): 24×24×3, three poolings. */
export const TINY_RGB_PACK = join(REPO, 'test', 'fixtures', 'tiny-rgb-pack');
export const GOLDEN_RGB_DIR = join(REPO, 'test', 'fixtures', 'golden-rgb');

/** Every fixture pack with its golden values: the golden tests run over each. */
export const GOLDEN_FIXTURES = [
  { name: 'tiny (gray, 28×28)', pack: TINY_PACK, goldenDir: GOLDEN_DIR },
  { name: 'tiny-rgb (RGB, 24×24)', pack: TINY_RGB_PACK, goldenDir: GOLDEN_RGB_DIR },
] as const;

/** A fresh temp folder, removed after the test file. */
export function tempDir(prefix = 'reseed-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Loosely typed JSON: tests break pack.json and read golden cases in ways no schema type allows.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseJson = any;

/** A copy of the tiny pack that a test may break; `edit` rewrites its pack.json. */
export function copyTinyPack(into: string, edit?: (pack: LooseJson) => void): string {
  const dir = join(into, `pack-${Math.random().toString(36).slice(2, 8)}`);
  cpSync(TINY_PACK, dir, { recursive: true });
  if (edit) {
    const file = join(dir, 'pack.json');
    const pack = JSON.parse(replaceNonFiniteTokens(readFileSync(file, 'utf8')));
    edit(pack);
    writeFileSync(file, JSON.stringify(pack, null, 2));
  }
  return dir;
}

interface GoldenIndex {
  pack: string;
  tolerance: number;
  arrays: Record<string, { file: string; shape: number[] }>;
  cases: Record<string, LooseJson>;
}

/** The golden values in `dir` (test/fixtures/golden by default); `packDir` is the pack they belong to. */
export function golden(dir: string = GOLDEN_DIR): GoldenIndex & { packDir: string; array(name: string): Tensor4 } {
  const index = JSON.parse(readFileSync(join(dir, 'golden.json'), 'utf8')) as GoldenIndex;
  return {
    ...index,
    packDir: join(dir, index.pack),
    array(name: string): Tensor4 {
      const entry = index.arrays[name];
      if (!entry) throw new Error(`no golden array ${name}`);
      const npy = decodeNpy(readFileSync(join(dir, entry.file)));
      const s = npy.shape.length === 4 ? npy.shape : [1, ...npy.shape];
      return { data: npy.data, shape: s as unknown as Shape4 };
    },
  };
}

/** A PNG of a dark rectangle on white (a "product photo"), w×h, the object at (x, y, ow, oh). */
export async function productPng(w: number, h: number, box = { x: w / 4, y: h / 4, w: w / 2, h: h / 2 }, shade = 40): Promise<Buffer> {
  const px = Buffer.alloc(w * h * 3, 255);
  for (let y = Math.floor(box.y); y < Math.floor(box.y + box.h); y++) {
    for (let x = Math.floor(box.x); x < Math.floor(box.x + box.w); x++) px.fill(shade, (y * w + x) * 3, (y * w + x) * 3 + 3);
  }
  return sharp(px, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer();
}

/** A tiny gray PNG with a value pattern derived from `seed` (distinct images for batch tests). */
export async function tinyPng(seed: number, size = 8): Promise<Buffer> {
  const px = Buffer.alloc(size * size);
  for (let i = 0; i < px.length; i++) px[i] = (seed * 37 + i * 11) % 256;
  return sharp(px, { raw: { width: size, height: size, channels: 1 } }).png().toBuffer();
}

/**
 * The fixture pack opened on the CPU for one test file or describe block (closed after it), with a temp
 * root and fresh numbered folders under it: what the engine tests start from.
 */
export function packFixture(prefix: string, packDir: string = TINY_PACK) {
  const root = tempDir(prefix);
  let engine: ReseedEngine | undefined;
  let pack: OpenPack | undefined;
  let counter = 0;
  beforeAll(async () => {
    engine = new ReseedEngine({ packRoots: [] });
    pack = await engine.open(packDir, 'cpu');
  });
  afterAll(() => engine?.dispose());
  /** A new empty folder under the root. */
  const fresh = (name = 'in'): string => {
    const dir = join(root, `${name}-${counter++}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  return {
    root,
    get engine(): ReseedEngine {
      if (engine === undefined) throw new Error('the engine opens in beforeAll');
      return engine;
    },
    get open(): OpenPack {
      if (pack === undefined) throw new Error('the pack opens in beforeAll');
      return pack;
    },
    fresh,
    /** A new folder with `n` distinct tiny PNGs, named by `layout` (sub-folders allowed). */
    async images(n: number, layout: (i: number) => string = (i) => `img-${i}.png`): Promise<string> {
      const dir = fresh('in');
      for (let i = 0; i < n; i++) {
        const file = join(dir, layout(i));
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, await tinyPng(i));
      }
      return dir;
    },
  };
}

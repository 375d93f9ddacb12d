/**
 * When `reseed serve` (and the e2e suite's setup) rebuild the editor: missing, or older than any of
 * its sources — the renderer, the contract it imports, the build config and the packages.
 */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { whyBuild } from '../../electron/http/renderer-build';
import { tempDir } from '../engine/helpers';

function checkout(): { root: string; outDir: string; touch: (file: string, seconds: number) => void } {
  const root = tempDir('reseed-renderer-build-');
  const outDir = join(root, 'out', 'renderer');
  const touch = (file: string, seconds: number) => {
    const full = join(root, file);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, 'x');
    const when = new Date(1_700_000_000_000 + seconds * 1000);
    utimesSync(full, when, when);
    // Folders count too (a deleted file is a change): date every folder on the way.
    for (let dir = join(full, '..'); dir.startsWith(root) && dir !== root; dir = join(dir, '..')) utimesSync(dir, when, when);
  };
  for (const f of ['renderer/src/app.tsx', 'electron/contract/contract.ts', 'vite.config.ts', 'package.json', 'package-lock.json']) touch(f, 0);
  return { root, outDir, touch };
}

describe('whyBuild', () => {
  it('builds when there is no build, and not when the build is newer than every source', () => {
    const c = checkout();
    expect(whyBuild(c)).toMatch(/not been built/);
    c.touch('out/renderer/index.html', 10);
    expect(whyBuild(c)).toBeNull();
  });

  it.each(['renderer/src/app.tsx', 'electron/contract/contract.ts', 'vite.config.ts', 'package-lock.json'])('rebuilds when %s changed after the build', (file) => {
    const c = checkout();
    c.touch('out/renderer/index.html', 10);
    c.touch(file, 20);
    expect(whyBuild(c)).toMatch(/sources changed/);
  });

  it('an installed app (no sources) keeps its build', () => {
    const root = tempDir('reseed-renderer-installed-');
    mkdirSync(join(root, 'out', 'renderer'), { recursive: true });
    writeFileSync(join(root, 'out', 'renderer', 'index.html'), 'x');
    expect(whyBuild({ root, outDir: join(root, 'out', 'renderer') })).toBeNull();
  });
});

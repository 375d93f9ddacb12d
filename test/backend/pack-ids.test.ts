/**
 * One pack per id: importing a pack that claims a built-in pack's id is refused with a clear
 * message (nothing copied), and a user pack with a built-in id already on disk is listed with an
 * error, not as a second pack under that id; the built-in keeps it and stays the one used.
 */
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AllowedRoots } from '../../electron/backend/allowed-roots';
import { listPacks } from '../../electron/backend/pack-info';
import { uniquePackIds } from '../../electron/engine/packs/pack-ids';
import { PackManager } from '../../electron/backend/pack-manager';
import { ReseedEngine } from '../../electron/engine/engine';
import { copyTinyPack, tempDir, TINY_PACK } from '../engine/helpers';

const base = tempDir('reseed-pack-ids-');
const models = join(base, 'models');
const userPacks = join(base, 'user-packs');
const home = join(base, 'home');
let engine: ReseedEngine;
let manager: PackManager;

beforeAll(() => {
  for (const dir of [models, userPacks, home]) mkdirSync(dir, { recursive: true });
  cpSync(TINY_PACK, join(models, 'tiny'), { recursive: true });
  // Copied in by hand (or installed before imports were checked): a user pack with the built-in's id.
  cpSync(TINY_PACK, join(userPacks, 'tiny-copy'), { recursive: true });
  engine = new ReseedEngine({ packRoots: [{ dir: models, source: 'app' }, { dir: userPacks, source: 'user' }] });
  manager = new PackManager({ engine, roots: new AllowedRoots([home]), userPacks, use: () => Promise.reject(new Error('not opened in this test')) });
});

describe('a pack id held by a built-in pack', () => {
  it('is refused on import, with a message naming the built-in pack, and nothing is copied', async () => {
    const claimant = copyTinyPack(home, (p) => {
      p.name = 'Impostor';
    });
    const error = await manager.import(claimant).then(
      () => undefined,
      (e: { code: string; message: string }) => e,
    );
    expect(error?.code).toBe('input-error');
    expect(error?.message).toMatch(/pack id "tiny" is already used by the built-in pack "Tiny fixture" \(.*models[\\/]tiny\).*another id in its pack\.json/);
    expect(readdirSync(userPacks)).toEqual(['tiny-copy']);
  });

  it('is listed once: the built-in keeps it, the user copy on disk is reported and not usable', async () => {
    // The engine itself lists one pack per id, so `reseed info` and the editor agree.
    expect(engine.listPacks().filter((p) => p.id === 'tiny').map((p) => p.source)).toEqual(['app']);
    for (const packs of [listPacks(engine).packs, manager.catalog().packs]) {
      expect(packs.filter((p) => p.id === 'tiny')).toHaveLength(1);
      expect(packs.find((p) => p.id === 'tiny')).toMatchObject({ source: 'app', error: null });
      const copy = packs.find((p) => p.dir === join(userPacks, 'tiny-copy'));
      expect(copy).toMatchObject({ source: 'user', id: null, error: expect.stringMatching(/not used: pack id "tiny" is already used by the built-in pack/) });
    }
    await expect(manager.use(join(userPacks, 'tiny-copy'))).rejects.toMatchObject({ code: 'pack-error', message: expect.stringMatching(/already used by the built-in pack/) });
  });

  it('goes to the built-in pack whatever order the packs are found in', () => {
    const app = { dir: '/m/tiny', source: 'app' as const, id: 'tiny', name: 'Tiny' };
    const user = { dir: '/u/tiny', source: 'user' as const, id: 'tiny', name: 'Mine' };
    const other = { dir: '/u/other', source: 'user' as const, id: 'other' };
    expect(uniquePackIds([user, other, app]).map((p) => [p.dir, p.id ?? null])).toEqual([
      ['/u/tiny', null],
      ['/u/other', 'other'],
      ['/m/tiny', 'tiny'],
    ]);
  });
});

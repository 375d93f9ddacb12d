/**
 * Removing an imported pack (the Packs view's Remove button): a pack the user imported goes, with
 * its folder; built-in packs, folder-opened packs, the default pack and the active pack stay, and
 * the catalog marks exactly the removable ones.
 */
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AllowedRoots } from '../../electron/backend/allowed-roots';
import { PackManager } from '../../electron/backend/pack-manager';
import { ReseedEngine } from '../../electron/engine/engine';
import { copyTinyPack, tempDir, TINY_PACK, TINY_RGB_PACK } from '../engine/helpers';

const base = tempDir('reseed-pack-remove-');
const models = join(base, 'models');
const userPacks = join(base, 'user-packs');
const home = join(base, 'home');
let engine: ReseedEngine;
let manager: PackManager;

beforeAll(async () => {
  for (const dir of [models, userPacks, home]) mkdirSync(dir, { recursive: true });
  cpSync(TINY_PACK, join(models, 'tiny'), { recursive: true });
  engine = new ReseedEngine({ packRoots: [{ dir: models, source: 'app' }, { dir: userPacks, source: 'user' }] });
  manager = new PackManager({ engine, roots: new AllowedRoots([home]), userPacks, use: (dir) => engine.open(dir, 'cpu').then(() => ({}) as never) });
  await engine.open(join(models, 'tiny'), 'cpu');
}, 60_000);

describe('packRemove', () => {
  it('marks only imported, inactive packs as removable and deletes one', async () => {
    cpSync(TINY_RGB_PACK, join(home, 'rgb'), { recursive: true });
    await manager.import(join(home, 'rgb'));
    const other = copyTinyPack(home, (p) => {
      p.id = 'tiny-second';
      p.name = 'Tiny second';
    });
    await manager.import(other);
    const catalog = manager.catalog();
    const byId = Object.fromEntries(catalog.packs.map((p) => [p.id, p]));
    expect(byId.tiny).toMatchObject({ source: 'app', active: true, removable: false });
    expect(byId['tiny-rgb']).toMatchObject({ source: 'user', removable: true });
    expect(byId['tiny-second']).toMatchObject({ source: 'user', removable: true });

    const after = await manager.remove(join(userPacks, 'tiny-second'));
    expect(after.packs.map((p) => p.id)).not.toContain('tiny-second');
    expect(existsSync(join(userPacks, 'tiny-second'))).toBe(false);
    // It can be imported again afterwards: "already installed" no longer applies.
    await manager.import(other);
    expect(manager.catalog().packs.map((p) => p.id)).toContain('tiny-second');
  }, 60_000);

  it('refuses built-in packs, the active pack and unknown folders', async () => {
    await expect(manager.remove(join(models, 'tiny'))).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/only packs you imported/) });
    await expect(manager.remove(join(home, 'nowhere'))).rejects.toMatchObject({ code: 'not-found' });
    await engine.open(join(userPacks, 'tiny-rgb'), 'cpu');
    expect(manager.catalog().packs.find((p) => p.id === 'tiny-rgb')).toMatchObject({ active: true, removable: false });
    await expect(manager.remove(join(userPacks, 'tiny-rgb'))).rejects.toMatchObject({ code: 'busy', message: expect.stringMatching(/active pack: use another pack first/) });
    expect(existsSync(join(userPacks, 'tiny-rgb'))).toBe(true);
  }, 60_000);
});

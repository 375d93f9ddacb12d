/**
 * Moves a pack the pipeline exported into the user's packs folder in one rename, so the editor
 * and `reseed info` list it whole or not at all: the pack is verified (every network opened on
 * the CPU), copied into a hidden temp folder beside its destination, then renamed into place. A
 * pack of the same id that an earlier `reseed train` made is replaced (renamed away first, then
 * deleted); any other pack with that id is never touched.
 */
import { cp, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { verifyPack } from '../../engine/engine';

/** Whether the folder holds a pack made by `reseed train` (its metrics.training.tool says so). */
export async function isTrainedPack(dir: string): Promise<boolean> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, 'pack.json'), 'utf8')) as { metrics?: { training?: { tool?: unknown } } };
    return manifest.metrics?.training?.tool === 'reseed train';
  } catch {
    return false;
  }
}

export class PackTakenError extends Error {
  override name = 'PackTakenError';
}

export async function installTrainedPack(source: string, packsDir: string, id: string): Promise<string> {
  await verifyPack(source);
  await mkdir(packsDir, { recursive: true });
  const target = join(packsDir, id);
  const exists = await stat(target).then(
    () => true,
    () => false,
  );
  if (exists && !(await isTrainedPack(target))) {
    throw new PackTakenError(`${target}: a pack not made by reseed train has the id "${id}"; choose another --name`);
  }
  const stamp = `${process.pid}-${Date.now()}`;
  const temp = join(packsDir, `.train-${id}-${stamp}`);
  const old = join(packsDir, `.replaced-${id}-${stamp}`);
  try {
    await cp(source, temp, { recursive: true, errorOnExist: true, force: false });
    if (exists) await rename(target, old);
    await rename(temp, target);
  } finally {
    await rm(temp, { recursive: true, force: true });
    await rm(old, { recursive: true, force: true });
  }
  return target;
}

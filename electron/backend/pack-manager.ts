/**
 * The model packs panel's engine side: the installed packs with licence and a metrics summary,
 * importing a pack folder into the user data folder's packs/ (loaded and validated with the
 * engine's pack loader first, so a broken pack is refused with its error and nothing is copied),
 * and switching the active pack (EditorService.usePack keeps the old one when the new one fails).
 * An imported folder is copied with its links followed, so every file in it must resolve inside
 * the allowed folders before anything reads it; and a pack may not take an id another installed
 * pack has (engine/packs/pack-ids.ts).
 */
import { cp, realpath, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ReseedEngine } from '../engine/engine';
import { verifyPack } from '../engine/engine';
import { loadPack } from '../engine/packs/pack-loader';
import { readManifest } from '../engine/packs/manifest';
import { DEFAULT_PACK_ID, type PackEntry } from '../engine/packs/pack-discovery';
import type { PackInfo } from '../contract/editor-schemas';
import { ErrorCode, ReseedError } from '../contract/result';
import type { PackCatalog } from '../contract/workflow-schemas';
import type { AllowedRoots } from './allowed-roots';
import { withCodes } from './engine-errors';
import { readPackReport } from './pack-report';
import { idTakenMessage } from '../engine/packs/pack-ids';

export interface PackManagerOptions {
  readonly engine: ReseedEngine;
  readonly roots: AllowedRoots;
  /** The user data folder's packs/ (one of the engine's pack roots). */
  readonly userPacks: string;
  /** Opens another pack as the active one (EditorService.usePack). */
  readonly use: (dir: string) => Promise<PackInfo>;
}

/** "network mse 0.0042, psnr 23.8 dB" from pack.json's metrics, whatever of it is there. */
export function metricsLine(metrics: Record<string, unknown>): string | null {
  const recon = metrics.reconstruction as Record<string, { mse?: unknown; psnr?: unknown }> | undefined;
  if (recon === undefined || typeof recon !== 'object') return null;
  const parts = Object.entries(recon)
    .filter(([, m]) => m && typeof m.mse === 'number')
    .map(([method, m]) => `${method} mse ${(m.mse as number).toPrecision(3)}${typeof m.psnr === 'number' ? `, psnr ${m.psnr.toFixed(1)} dB` : ''}`);
  return parts.length > 0 ? parts.join('; ') : null;
}

/** A folder-opened pack as discovery would list it (its manifest's error, if any). */
function discoverOne(dir: string): PackEntry {
  try {
    const m = readManifest(dir);
    return { dir, source: 'path', id: m.id, name: m.name, version: m.version };
  } catch (error) {
    return { dir, source: 'path', error: error instanceof Error ? error.message : String(error) };
  }
}

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Only packs the user imported (packs/ of the user data) may be deleted, and not while in use. */
function removable(p: PackEntry, active: string | undefined): boolean {
  return p.source === 'user' && p.dir !== active && p.id !== DEFAULT_PACK_ID;
}

export class PackManager {
  /**
   * Packs opened by folder (--pack <dir>) are under no pack root; once seen active they stay
   * listed and usable, so the user can switch back to the pack the editor started with.
   */
  private readonly pathPacks = new Set<string>();

  constructor(private readonly options: PackManagerOptions) {}

  /** Installed packs, and the folder-opened ones seen active (first). */
  private listed(): PackEntry[] {
    const opened = this.options.engine.opened?.pack.dir;
    const listed = this.options.engine.listPacks();
    if (opened !== undefined && !listed.some((p) => p.dir === opened)) this.pathPacks.add(opened);
    const extra = [...this.pathPacks].filter((dir) => !listed.some((p) => p.dir === dir)).map((dir) => discoverOne(dir));
    return [...extra, ...listed];
  }

  catalog(): PackCatalog {
    const active = this.options.engine.opened?.pack.dir;
    const packs = this.listed().map((p) => {
      let license: string | null = null;
      let attribution: string | null = null;
      let trainingData: PackCatalog['packs'][number]['trainingData'] = null;
      let metrics: string | null = null;
      let report: PackCatalog['packs'][number]['report'] = null;
      if (p.error === undefined) {
        try {
          const m = readManifest(p.dir);
          license = m.license;
          attribution = m.attribution ?? null;
          trainingData = { ...m.trainingData };
          metrics = metricsLine(m.metrics);
          report = readPackReport(p.dir, m.metrics);
        } catch {
          // listed with its error below by the discovery already
        }
      }
      return {
        dir: p.dir,
        source: p.source,
        id: p.id ?? null,
        name: p.name ?? null,
        version: p.version ?? null,
        license,
        attribution,
        trainingData,
        metrics,
        error: p.error ?? null,
        active: p.dir === active,
        removable: removable(p, active),
        report,
      };
    });
    return { packs };
  }

  /** Validates the folder as a pack, then copies it into packs/<id> (temp folder + rename). */
  async import(dir: string): Promise<PackCatalog> {
    const source = await this.options.roots.check(dir);
    // Before the loader reads anything: a pack.json linked to /etc/passwd is never opened.
    await this.options.roots.checkTree(source);
    // Every check, the networks' names and shapes in CPU sessions included: a pack that imports opens.
    const pack = await withCodes(() => verifyPack(source));
    const id = pack.manifest.id;
    if (!SAFE_ID.test(id)) throw new ReseedError(ErrorCode.pack, `the model pack cannot be used: pack.json id "${id}" is not a safe folder name`);
    const owner = this.options.engine.listPacks().find((p) => p.id === id);
    if (owner?.source === 'app') throw new ReseedError(ErrorCode.input, `${idTakenMessage(id, owner)} (a built-in pack cannot be replaced)`);
    const target = join(this.options.userPacks, id);
    if (owner !== undefined || (await stat(target).catch(() => undefined))) {
      throw new ReseedError(ErrorCode.input, `a pack with id "${id}" is already installed (${owner?.dir ?? target}); remove it first`);
    }
    const temp = join(this.options.userPacks, `.import-${id}-${process.pid}-${Date.now()}`);
    try {
      await cp(source, temp, { recursive: true, dereference: true, errorOnExist: true, force: false });
      // The copy must load the same as its source before it becomes visible.
      await withCodes(async () => loadPack(temp));
      await rename(temp, target);
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
    return this.catalog();
  }

  /**
   * Deletes an imported pack: listed, from the user's packs/ folder, not the default pack and not
   * the active one (switch first). Built-in packs and folder-opened ones are never deleted.
   */
  async remove(dir: string): Promise<PackCatalog> {
    const listed = this.listed().find((p) => p.dir === dir);
    if (listed === undefined) throw new ReseedError(ErrorCode.notFound, `${dir}: not an installed pack`);
    const active = this.options.engine.opened?.pack.dir;
    if (listed.source !== 'user') throw new ReseedError(ErrorCode.forbidden, `${listed.name ?? dir} came with the app or was opened by folder: only packs you imported can be removed`);
    if (listed.id === DEFAULT_PACK_ID) throw new ReseedError(ErrorCode.forbidden, `${listed.name ?? dir} is the default pack: it cannot be removed`);
    if (listed.dir === active) throw new ReseedError(ErrorCode.busy, `${listed.name ?? dir} is the active pack: use another pack first, then remove it`);
    // Its folder must be a direct child of packs/ once links are resolved: nothing else is deleted.
    const [root, target] = await Promise.all([realpath(this.options.userPacks), realpath(dir).catch(() => undefined)]);
    if (target === undefined || dirname(target) !== root) throw new ReseedError(ErrorCode.forbidden, `${dir}: not a folder of the user's packs`);
    await rm(target, { recursive: true, force: true });
    return this.catalog();
  }

  /** Makes a listed pack the active one; other folders are refused. */
  async use(dir: string): Promise<PackInfo> {
    const listed = this.listed().find((p) => p.dir === dir);
    if (listed === undefined) throw new ReseedError(ErrorCode.notFound, `${dir}: not an installed pack`);
    if (listed.error !== undefined) throw new ReseedError(ErrorCode.pack, `the model pack cannot be used: ${listed.error}`);
    return this.options.use(dir);
  }
}

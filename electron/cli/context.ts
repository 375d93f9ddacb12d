/**
 * The CLI's engine: packs from the app's models/ folder and the user's packs folder, provider
 * choices remembered in the user data folder ($RESEED_HOME or XDG), both resolved by
 * electron/backend so the CLI, `reseed serve` and the desktop app agree.
 */
import { isAbsolute, resolve } from 'node:path';
import { createEngine as createBackendEngine } from '../backend/create-backend';
import type { ReseedEngine } from '../engine/engine';
import type { OpenPack } from '../engine/open-pack';
import { repositoryRoot, resolveResources } from '../backend/resources';
import { resolveUserData } from '../backend/user-data';
import { providerOption, threadsOption } from './args';
import { status, type CliIO, type OutputFlags } from './io';

export interface CommonValues extends OutputFlags {
  readonly pack?: string;
  readonly provider?: string;
  readonly threads?: string;
}

export function createEngine(io: CliIO, values: CommonValues): ReseedEngine {
  const resources = resolveResources({ isPackaged: false, appPath: repositoryRoot() });
  return createBackendEngine({ models: resources.models, userData: resolveUserData({ env: io.env }), threads: threadsOption(values.threads) });
}

/** One line saying which provider runs and why the others do not. */
export function providerLine(open: OpenPack): string {
  const s = open.selection;
  const dropped = s.dropped.length > 0 ? `; not used: ${s.dropped.map((d) => `${d.provider} (${d.reason})`).join(', ')}` : '';
  return `provider: ${s.provider} — ${s.reason}${dropped}`;
}

/** --pack as the engine takes it: a folder relative to the caller's working folder made absolute. */
export function packRequest(io: CliIO, values: CommonValues): string | undefined {
  // Relative to io.cwd, not process.cwd(): tests run commands in-process.
  return values.pack !== undefined && /[\\/]|^\./.test(values.pack) && !isAbsolute(values.pack) ? resolve(io.cwd, values.pack) : values.pack;
}

/** Opens the requested pack on the requested provider and says so on stderr. */
export async function openPack(io: CliIO, values: CommonValues): Promise<{ engine: ReseedEngine; open: OpenPack }> {
  const provider = providerOption(values.provider);
  const engine = createEngine(io, values);
  const open = await engine.open(packRequest(io, values), provider);
  const m = open.pack.manifest;
  status(io, values, `pack: ${m.name} ${m.version} (${open.pack.dir})`);
  status(io, values, providerLine(open));
  return { engine, open };
}

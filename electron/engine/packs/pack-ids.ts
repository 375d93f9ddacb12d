/**
 * One pack per id. Seeds, custom sliders and provider choices are filed under a pack's id, and
 * `--pack <id>` opens by id, so two installed packs claiming one id would mix them up. Import
 * refuses such a pack (pack-manager.ts); one already on disk (copied in by hand, or installed
 * before this check) is listed with an error instead, and the built-in pack keeps the id.
 */
import type { PackEntry, PackSource } from './pack-discovery';

/** Who keeps an id when several packs claim it: the app's own, then the user's, then a folder. */
const RANK: Record<PackSource, number> = { app: 0, user: 1, path: 2 };

const SOURCE_NAME: Record<PackSource, string> = { app: 'built-in', user: 'installed', path: 'opened' };

/** Why `entry` cannot use the id `owner` already has (also import's refusal). */
export function idTakenMessage(id: string, owner: Pick<PackEntry, 'dir' | 'source' | 'name'>): string {
  const which = `the ${SOURCE_NAME[owner.source]} pack${owner.name ? ` "${owner.name}"` : ''} (${owner.dir})`;
  return `pack id "${id}" is already used by ${which}; give this pack another id in its pack.json`;
}

/**
 * The entries with every id held by one pack: the first of the best rank keeps it, the others lose
 * their id and carry an error saying which pack has it (so they are listed, not usable).
 */
export function uniquePackIds(entries: readonly PackEntry[]): PackEntry[] {
  const owners = new Map<string, PackEntry>();
  for (const entry of entries) {
    if (entry.id === undefined || entry.error !== undefined) continue;
    const owner = owners.get(entry.id);
    if (owner === undefined || RANK[entry.source] < RANK[owner.source]) owners.set(entry.id, entry);
  }
  return entries.map((entry) => {
    const owner = entry.id === undefined ? undefined : owners.get(entry.id);
    if (owner === undefined || owner === entry) return entry;
    return { dir: entry.dir, source: entry.source, name: entry.name, version: entry.version, error: `not used: ${idTakenMessage(entry.id!, owner)}` };
  });
}

/**
 * The user's custom directions (sliders made from example folders in the editor) for the CLI:
 * read from `<user data>/directions/<pack-id>/` by the editor's own DirectionStore, so files are
 * parsed and validated exactly as the app does; a broken file is skipped with a warning on stderr.
 * A custom direction whose id a pack direction already has is never applied: the pack's wins.
 */
import type { OpenPack } from '../engine/open-pack';
import { resolveUserData } from '../backend/user-data';
import { DirectionStore, type CustomDirection } from '../backend/direction-store';
import { UsageError } from './exit-codes';
import type { CliIO } from './io';

export interface PackCustomDirections {
  /** Usable custom directions (no pack direction has their id), sorted by creation. */
  readonly usable: readonly CustomDirection[];
  /** Custom directions hidden by a pack direction of the same id (listed, never applied). */
  readonly shadowed: readonly CustomDirection[];
}

/** Loads the opened pack's custom directions from the user data folder ($RESEED_HOME…). */
export async function loadCustomDirections(io: CliIO, open: OpenPack): Promise<PackCustomDirections> {
  const folder = resolveUserData({ env: io.env }).directions;
  const warn = (message: string) => io.stderr(message + '\n');
  const store = new DirectionStore(folder, { warn });
  const { channels: C, height: H, width: W } = open.pack.manifest.image;
  let all: CustomDirection[];
  try {
    all = await store.list(open.pack.manifest.id, C * H * W);
  } catch (error) {
    // An unreadable folder (permissions, a file where the folder should be) must not stop an edit
    // that only uses the pack's directions.
    warn(`reseed: could not read the custom directions in ${folder}: ${(error as Error).message}`);
    all = [];
  }
  const inPack = (d: CustomDirection) => open.pack.directions.some((p) => p.id === d.id);
  return { usable: all.filter((d) => !inPack(d)), shadowed: all.filter(inPack) };
}

/** Where a --set id resolved: the pack's directions first, then the custom ones. */
export type DirectionSource = 'pack' | 'custom';

/**
 * Checks every slider id against the pack's directions, then the custom ones; an unknown id is a
 * UsageError listing the ids there are (custom ones marked).
 */
export function resolveSliderIds(open: OpenPack, custom: PackCustomDirections, ids: readonly string[]): Record<string, DirectionSource> {
  const sources: Record<string, DirectionSource> = {};
  for (const id of ids) {
    if (open.pack.directions.some((d) => d.id === id)) sources[id] = 'pack';
    else if (custom.usable.some((d) => d.id === id)) sources[id] = 'custom';
    else {
      const known = [...open.pack.directions.map((d) => d.id), ...custom.usable.map((d) => `${d.id} (custom)`)].join(', ') || 'none';
      throw new UsageError(`--set: unknown direction "${id}" (this pack has: ${known})`);
    }
  }
  return sources;
}

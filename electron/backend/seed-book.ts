/**
 * The seeds the renderer refers to by id (embedded, generated), held on the engine side so the
 * renderer never sees a tensor. Many small ones fit, so old ones are dropped only in long sessions.
 */
import type { OpenPack } from '../engine/open-pack';
import type { Tensor4 } from '../engine/tensor';
import { ErrorCode, ReseedError } from '../contract/result';
import { LruStore } from './lru-store';
import type { SeedPhoto } from './seed-photo';

export interface StoredSeed {
  readonly z: Tensor4;
  readonly steps: number;
  /** Seeds only fit the pack build they were made with. */
  readonly packKey: string;
  /** For export file names: the photo's name or "seed-7". */
  readonly label: string;
  /** Embedded seeds: the photo, crop box and preprocessing transform, for pasting back. */
  readonly source?: SeedPhoto;
}

export class SeedBook {
  private readonly seeds = new LruStore<StoredSeed>(512);

  /** Stores a seed and returns the id the renderer will refer to it by. */
  add(seed: StoredSeed): string {
    return this.seeds.add(seed);
  }

  /** The seed, checked against the active pack; unknown, evicted or another pack's seeds throw. */
  get(seedId: string, open: OpenPack): StoredSeed {
    const seed = this.seeds.get(seedId);
    if (seed === undefined) throw new ReseedError(ErrorCode.notFound, 'this seed is no longer held by the engine: embed or generate again');
    // A seed is decoded only by the pack build that made it: another pack's networks (or another
    // build of the same pack) would read the numbers as something else, or fail on the shape.
    if (seed.packKey !== open.pack.key) {
      throw new ReseedError(ErrorCode.packMismatch, `this seed was made with another model pack than the active ${open.pack.manifest.name} ${open.pack.manifest.version}: embed or generate again with this pack`);
    }
    return seed;
  }

  clear(): void {
    this.seeds.clear();
  }
}

/**
 * The editor's faithful edits (docs/design.md, Faithful edits and Locks) over the engine's
 * engine/faithful: one place that decode, exportImage and exportPhoto go through, so the picture
 * the user exports is the one they were shown. It caches per seed what every slider move reuses:
 * D(z) at each step count (the base keep details measures the change from, and the locks'
 * reference), and the lock loop's result per slider values ("cached per slider value"), so moving
 * back to a value, or exporting what is shown, costs no new loop.
 */
import type { z } from 'zod';
import type { FaithfulRequestFields, LockStatusInfo } from '../contract/faithful-schemas';
import type { SliderValues } from '../contract/editor-schemas';
import type { DecodeQuality } from '../contract/preview-schemas';
import { ErrorCode, ReseedError } from '../contract/result';
import { editAndDecode, faithfulOutput, type EditedSeed, type FaithfulOutput } from '../engine/faithful/faithful-edit';
import type { ExtraDirection, OpenPack } from '../engine/open-pack';
import type { Tensor4 } from '../engine/tensor';
import { LruStore } from './lru-store';
import type { StoredSeed } from './seed-book';

type FaithfulFields = { [K in keyof typeof FaithfulRequestFields]?: z.output<(typeof FaithfulRequestFields)[K]> };

export interface RenderRequest extends FaithfulFields {
  readonly seedId: string;
  readonly sliders: SliderValues;
  readonly steps?: number;
  /** `preview` while a slider moves (the pack's preview decoder where it has one); default full. */
  readonly decoder?: DecodeQuality;
}

export interface Rendered {
  /** The edited seed z' and the model-size picture to show or save. */
  readonly seed: Tensor4;
  readonly output: FaithfulOutput;
  readonly locks: LockStatusInfo[];
  /** Whether the request asked for a faithful edit (any of keepDetails, locks, mask). */
  readonly faithful: boolean;
  /** The decoder that made the picture: `full` when a preview was asked of a pack without one. */
  readonly decoder: DecodeQuality;
  /** The mask picture's bytes, for paste back. */
  readonly mask: Buffer | undefined;
}

export interface RenderContext {
  readonly open: OpenPack;
  readonly seed: StoredSeed;
  readonly extra: readonly ExtraDirection[];
  readonly signal: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Data URL → bytes (the schema has checked its form). */
function maskBytes(dataUrl: string | undefined): Buffer | undefined {
  return dataUrl === undefined ? undefined : Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

export class FaithfulRenderer {
  /** D(z) per seed and step count (and P(z), the preview's, per seed). */
  private readonly bases = new LruStore<Promise<Tensor4>>(64);
  /** Lock loop results per seed, steps, sliders and locks. */
  private readonly locked = new LruStore<EditedSeed>(64);

  async render(request: RenderRequest, ctx: RenderContext): Promise<Rendered> {
    const { open, seed, signal } = ctx;
    const steps = request.steps ?? seed.steps;
    const locks = [...new Set(request.locks ?? [])].sort();
    const faithful = request.keepDetails !== undefined || locks.length > 0 || request.mask !== undefined;
    const mask = maskBytes(request.mask);
    if (mask && !seed.source) throw new ReseedError(ErrorCode.unsupported, 'a mask needs a seed embedded from a photo: this one was generated');
    // A preview edit measures its change against the preview of z, so kept details and locks
    // compare like with like (all-zero sliders still give the photo exactly).
    const decoder = request.decoder === 'preview' && open.hasPreview ? 'preview' : 'full';
    const base = () => this.base(request.seedId, ctx, steps, decoder);
    const key = `${request.seedId}|${seed.packKey}|${steps}|${decoder}|${JSON.stringify(Object.entries(request.sliders).sort())}|${locks.join(',')}`;
    let edited = locks.length > 0 ? this.locked.get(key) : undefined;
    if (!edited) {
      const quality = decoder;
      edited = await editAndDecode(open, seed.z, { sliders: request.sliders, locks, extra: ctx.extra, steps, signal, onProgress: ctx.onProgress, quality }, base);
      if (locks.length > 0) this.locked.set(key, edited);
    }
    signal.throwIfAborted();
    const source = faithful && seed.source ? seed.source : undefined;
    const keepDetails = request.keepDetails?.on ? { strength: request.keepDetails.strength } : undefined;
    const output = await faithfulOutput(open, edited.image, base, source, { keepDetails, mask, maskLabel: 'mask' });
    return { seed: edited.seed, output, locks: edited.locks, faithful, mask, decoder };
  }

  /** Forgets everything (pack switch, dispose). */
  clear(): void {
    this.bases.clear();
    this.locked.clear();
  }

  private base(seedId: string, ctx: RenderContext, steps: number, decoder: DecodeQuality): Promise<Tensor4> {
    const key = `${seedId}|${ctx.seed.packKey}|${decoder === 'preview' ? 'preview' : steps}`;
    let image = this.bases.get(key);
    if (!image) {
      // Not tied to one request's signal: a later slider move reuses it even if this one is cancelled.
      image = decoder === 'preview' ? ctx.open.decodeAt(ctx.seed.z, 'preview').then((r) => r.image) : ctx.open.decode(ctx.seed.z, { steps });
      this.bases.set(key, image);
      const held = image;
      // A failed decode is not kept: the next move tries again.
      held.catch(() => {
        if (this.bases.get(key) === held) this.bases.delete(key);
      });
    }
    return image;
  }
}

/** The response fields of a rendered edit (contract FaithfulResultFields). */
export function faithfulFacts(r: Rendered): { colours: 'photo' | 'model'; keepDetails: boolean; locks: LockStatusInfo[]; decoder: DecodeQuality } {
  return { colours: r.output.colours, keepDetails: r.output.keepDetails, locks: r.locks, decoder: r.decoder };
}

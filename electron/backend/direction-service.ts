/**
 * Custom sliders from examples: two folders checked against the allowed roots, their pictures
 * (at most MAX_EXAMPLES_PER_FOLDER each, unreadable ones skipped and counted) prepared with the
 * active pack's recipe and embedded with its embedding network, then the direction between the
 * two mean seeds (engine/example-direction.ts) saved in the user data for that pack.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { listImages, type ListedFile } from '../engine/batch/listing';
import { directionFromExamples } from '../engine/example-direction';
import type { OpenPack } from '../engine/open-pack';
import { stack, type Tensor4 } from '../engine/tensor';
import {
  MAX_EXAMPLES_PER_FOLDER,
  MIN_EXAMPLES_PER_FOLDER,
  type DirectionCreated,
  type DirectionCreateRequest,
  type ExampleGroup,
} from '../contract/direction-schemas';
import { ErrorCode, ReseedError } from '../contract/result';
import type { AllowedRoots } from './allowed-roots';
import type { CustomDirection, DirectionStore } from './direction-store';
import { slugify, uniqueId } from './direction-store';
import { withCodes } from './engine-errors';
import { RequestRegistry } from './requests';

export interface DirectionServiceOptions {
  /** The active pack (EditorService.pack). */
  readonly pack: () => Promise<OpenPack>;
  readonly roots: AllowedRoots;
  readonly store: DirectionStore;
  /** Reports pictures embedded so far (EditorService.progressReporter: throttled `progress` events). */
  readonly progress?: (requestId: string) => ((done: number, total: number) => void) | undefined;
  /** Pictures read per folder at most (tests lower it). */
  readonly maxPerFolder?: number;
}

/** Pictures per network pass: small enough that Cancel answers quickly. */
const EMBED_BATCH = 16;
/** The slider range offered, in units of sigma, like the packs' own directions. */
const SLIDER_RANGE = 3;

interface Example extends ListedFile {
  /** The file's real path inside the allowed folders; null: it cannot be read from here. */
  readonly real: string | null;
}

interface Examples {
  readonly folder: string;
  readonly files: readonly Example[];
  readonly truncated: boolean;
}

interface EmbeddedGroup extends ExampleGroup {
  readonly seeds: Tensor4;
}

export class DirectionService {
  private readonly requests = new RequestRegistry();

  constructor(private readonly options: DirectionServiceOptions) {}

  /** `client` aborts it when the caller goes away (handlers.ts), like `cancel`. */
  async create(request: DirectionCreateRequest, client?: AbortSignal): Promise<DirectionCreated> {
    const withFolder = await this.folder(request.withFolder);
    const withoutFolder = await this.folder(request.withoutFolder);
    if (withFolder === withoutFolder) throw new ReseedError(ErrorCode.invalidRequest, 'choose two different folders: one with the attribute, one without');
    return this.requests.run(request.requestId, undefined, (signal) =>
      withCodes(async () => {
        const open = await this.options.pack();
        const manifest = open.pack.manifest;
        const { channels: C, height: H, width: W } = manifest.image;
        const store = this.options.store;
        const existing = await store.list(manifest.id, C * H * W, { fresh: true });
        const taken = new Set([...open.pack.directions.map((d) => d.id), ...existing.map((d) => d.id)]);
        const id = uniqueId(slugify(request.name), taken);

        const groups = [await this.examples(withFolder), await this.examples(withoutFolder)] as const;
        const total = groups[0].files.length + groups[1].files.length;
        const report = this.options.progress?.(request.requestId);
        let done = 0;
        const step = (n: number) => {
          done += n;
          report?.(done, total);
        };
        report?.(0, total);
        const withSeeds = await embedGroup(open, groups[0], signal, step);
        const withoutSeeds = await embedGroup(open, groups[1], signal, step);
        let made;
        try {
          made = directionFromExamples(withSeeds.seeds, withoutSeeds.seeds);
        } catch (error) {
          throw new ReseedError(ErrorCode.input, (error as Error).message);
        }
        const describe = (g: EmbeddedGroup) => ({ folder: g.folder, used: g.used, skipped: g.skipped, truncated: g.truncated });
        const direction: CustomDirection = {
          id,
          label: request.name,
          created: new Date().toISOString(),
          pack: { id: manifest.id, version: manifest.version },
          method: 'examples',
          shape: [C, H, W],
          min: -SLIDER_RANGE,
          max: SLIDER_RANGE,
          sigma: made.sigma,
          examples: { with: describe(withSeeds), without: describe(withoutSeeds) },
          vector: made.vector,
        };
        signal.throwIfAborted();
        await store.save(manifest.id, direction);
        return { direction: directionInfo(direction), sigma: made.sigma, with: describe(withSeeds), without: describe(withoutSeeds) };
      }),
      client,
    );
  }

  /** Deletes a custom direction of the active pack (a pack's own cannot be). */
  async remove(id: string): Promise<{ id: string; deleted: boolean }> {
    const open = await this.options.pack();
    if (open.pack.directions.some((d) => d.id === id)) throw new ReseedError(ErrorCode.notFound, `"${id}" belongs to the model pack and cannot be deleted`);
    await this.options.store.remove(open.pack.manifest.id, id);
    return { id, deleted: true };
  }

  cancel(requestId: string): boolean {
    return this.requests.abort(requestId);
  }

  abortAll(): void {
    this.requests.abortAll();
  }

  /** A checked folder path (real path) that exists and is a folder. */
  private async folder(path: string): Promise<string> {
    const real = await this.options.roots.check(path);
    const info = await stat(real).catch(() => undefined);
    if (!info?.isDirectory()) throw new ReseedError(ErrorCode.input, `${path}: ${info ? 'not a folder' : 'no such folder'}`);
    return real;
  }

  /**
   * The first pictures of a folder (sorted by name, so a re-run picks the same ones), each by its
   * real path. A symbolic link to a picture elsewhere in the allowed folders is fine; one leading
   * outside them is never read: it counts as skipped, like an unreadable file.
   */
  private async examples(folder: string): Promise<Examples> {
    const max = this.options.maxPerFolder ?? MAX_EXAMPLES_PER_FOLDER;
    const listed: ListedFile[] = [];
    for await (const file of listImages(folder)) listed.push(file);
    listed.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
    const files = await Promise.all(listed.slice(0, max).map(async (f) => ({ ...f, real: await this.options.roots.resolveInside(f.abs) })));
    return { folder, files, truncated: listed.length > max };
  }
}

/** Prepares and embeds one folder's pictures in small batches; unreadable ones are counted. */
async function embedGroup(open: OpenPack, examples: Examples, signal: AbortSignal, step: (n: number) => void): Promise<EmbeddedGroup> {
  const seeds: Tensor4[] = [];
  let skipped = 0;
  for (let start = 0; start < examples.files.length; start += EMBED_BATCH) {
    signal.throwIfAborted();
    const files = examples.files.slice(start, start + EMBED_BATCH);
    const prepared = await Promise.all(files.map((f) => (f.real === null ? null : open.preprocess(f.real, { label: f.rel }).then((p) => p.image, () => null))));
    const images = prepared.filter((p): p is Tensor4 => p !== null);
    skipped += files.length - images.length;
    if (images.length > 0) seeds.push(await open.networkSeeds(stack(images)));
    step(files.length);
  }
  const used = seeds.reduce((n, s) => n + s.shape[0], 0);
  if (used < MIN_EXAMPLES_PER_FOLDER) {
    const found = examples.files.length === 0 ? 'holds no pictures' : `has only ${used} usable picture${used === 1 ? '' : 's'} (${skipped} could not be read)`;
    throw new ReseedError(ErrorCode.input, `${basename(examples.folder)} (${examples.folder}) ${found}: at least ${MIN_EXAMPLES_PER_FOLDER} are needed`);
  }
  return { folder: examples.folder, used, skipped, truncated: examples.truncated, seeds: stack(seeds) };
}

/** How the editor lists a custom direction. */
export function directionInfo(d: CustomDirection) {
  const w = d.examples.with;
  const wo = d.examples.without;
  return {
    id: d.id,
    label: d.label,
    description: `Your slider: ${w.used} pictures in ${basename(w.folder)} vs ${wo.used} in ${basename(wo.folder)}`,
    min: d.min,
    max: d.max,
    custom: true,
  };
}

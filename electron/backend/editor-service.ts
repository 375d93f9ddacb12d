/**
 * The editor's engine side, shared by the desktop app (IPC handlers) and `reseed serve` (HTTP):
 * the active pack, the photos and seeds the renderer refers to by id, latest-wins lanes and
 * progress events. Pure Node (no electron import). A coordinator: photos, seeds, interpolation,
 * pack descriptions and progress throttling live in their own files next to this one.
 */
import { extname } from 'node:path';
import type { ReseedEngine } from '../engine/engine';
import { encodePng } from '../engine/image/encode';
import { closeFaceDetector } from '../engine/image/face-detect';
import { preprocessBytes } from '../engine/image/preprocess';
import { pasteBack } from '../engine/image/paste-back';
import { drawSketch } from '../engine/image/sketch';
import type { OpenPack } from '../engine/open-pack';
import type { ProviderRequest } from '../engine/runtime/providers';
import type { z } from 'zod';
import type {
  DecodeRequestSchema,
  Decoded,
  EmbedRequestSchema,
  Embedded,
  ExportRequestSchema,
  Exported,
  GenerateRequestSchema,
  Generated,
  ImageOpened,
  InterpolateRequestSchema,
  Interpolated,
  InterpolationFrames,
  InterpolationFramesRequestSchema,
  PackInfo,
  PhotoExportRequestSchema,
  PhotoExported,
  ProgressEvent,
  RecentImages,
} from '../contract/editor-schemas';
import type { FaceDetected } from '../contract/face-schemas';
import type { ObjectFitted } from '../contract/fit-object-schemas';
import { ErrorCode, ReseedError } from '../contract/result';
import { findFace } from './face-finder';
import { findObjectBox } from './object-finder';
import { faithfulFacts, FaithfulRenderer } from './faithful-render';
import { DirectionStore, type CustomDirection } from './direction-store';
import { withCodes } from './engine-errors';
import { InterpolationService } from './interpolation-service';
import { describePack, listPacks } from './pack-info';
import { PhotoLibrary } from './photo-library';
import { imageDataUrl, psnrOf, seedDataUrl } from './pictures';
import { progressReporter, type ProgressEmitter } from './progress-events';
import { RequestRegistry } from './requests';
import { SeedBook, type StoredSeed } from './seed-book';
import { photoExportName } from './seed-photo';
import { WorkGate } from './work-gate';

export interface EditorServiceOptions {
  readonly engine: ReseedEngine;
  /** A pack id or folder; none: the first installed pack. */
  readonly pack?: string;
  readonly provider?: ProviderRequest;
  /** Where recently opened files persist (desktop app); none: in memory. */
  readonly recentFile?: string;
  /** Pushes an event to the renderer (IPC send, or Server-Sent Events). */
  readonly emit?: ProgressEmitter;
  /** The user's custom directions (user data folder); none: kept in memory. */
  readonly directions?: DirectionStore;
  /** Photo exports at once and waiting (default 1 and 2); more are refused with `busy`. */
  readonly photoExports?: { readonly slots: number; readonly queue: number };
}

export class EditorService {
  private opening: Promise<OpenPack> | undefined;
  private readonly photos: PhotoLibrary;
  private readonly seeds = new SeedBook();
  private readonly requests = new RequestRegistry();
  private readonly interpolation: InterpolationService;
  /** Keep details, locks and masks, with their per-seed caches (faithful-render.ts). */
  private readonly faithful = new FaithfulRenderer();
  /** Paste back holds the photo's pasted area and its encoded copy (all its pixels when it has alpha): one at a time bounds the memory. */
  private readonly photoExports: WorkGate;
  /** The pack asked for: the option at first, then whatever the packs panel switched to. */
  private packRequest: string | undefined;
  /** Custom directions, applied like the pack's own (DirectionService makes them). */
  readonly directions: DirectionStore;

  constructor(private readonly options: EditorServiceOptions) {
    this.photos = new PhotoLibrary(() => this.pack(), options.recentFile);
    this.packRequest = options.pack;
    this.directions = options.directions ?? new DirectionStore();
    this.photoExports = new WorkGate({ what: 'a photo export', slots: 1, queue: 2, ...options.photoExports });
    this.interpolation = new InterpolationService({
      pack: () => this.pack(),
      seed: (seedId) => this.seed(seedId),
      requests: this.requests,
      progress: (requestId, operation) => this.progress(requestId, operation),
    });
  }

  /** The active pack, opened on first use; a failure is reported and retried on the next call. */
  pack(): Promise<OpenPack> {
    if (this.opening === undefined) {
      const opening = withCodes(() => this.options.engine.open(this.packRequest, this.options.provider ?? 'auto'));
      this.opening = opening;
      opening.catch(() => {
        if (this.opening === opening) this.opening = undefined;
      });
    }
    return this.opening;
  }

  /**
   * Switches the active pack. When the new one fails to open, the previous one is opened again,
   * so a bad choice leaves the editor working; the failure is still reported.
   */
  async usePack(dir: string): Promise<PackInfo> {
    const previous = this.packRequest;
    await this.opening?.catch(() => undefined);
    this.packRequest = dir;
    this.opening = undefined;
    try {
      await this.pack();
    } catch (error) {
      this.packRequest = previous;
      this.opening = undefined;
      await this.pack().catch(() => undefined);
      throw error;
    }
    return this.packInfo();
  }

  async packInfo(): Promise<PackInfo> {
    const open = await this.pack();
    return describePack(open, await this.customDirections(open, true));
  }

  packList() {
    return listPacks(this.options.engine);
  }

  /** A picture the renderer read itself (file input, drop, paste). */
  openUpload(name: string, base64: string): Promise<ImageOpened> {
    return this.photos.openUpload(name, base64);
  }

  /** A file by path. Only for paths the engine side chose (native dialog, recent list). */
  openPath(path: string): Promise<ImageOpened> {
    return this.photos.openPath(path);
  }

  openRecent(key: string): Promise<ImageOpened> {
    return this.photos.openRecent(key);
  }

  recentImages(): RecentImages {
    return this.photos.recentImages();
  }

  /** `client` (here and below): aborts when the caller has gone away (handlers.ts). */
  embed(request: z.output<typeof EmbedRequestSchema>, client?: AbortSignal): Promise<Embedded> {
    return this.requests.run(request.requestId, 'embed', (signal) =>
      withCodes(async () => {
        const open = await this.pack();
        const image = this.photos.get(request.imageId);
        if (image === undefined) throw new ReseedError(ErrorCode.notFound, 'the photo is no longer open: open it again');
        const start = performance.now();
        const bytes = request.sketch ? await drawSketch(image.bytes, request.sketch, image.name) : image.bytes;
        const input = await preprocessBytes(bytes, open.pack.manifest, { crop: request.crop, polarity: request.polarity, label: image.name });
        const prepared = performance.now();
        const result = await open.embed(input.image, {
          method: request.method,
          steps: request.steps,
          signal,
          onProgress: this.progress(request.requestId, 'embed'),
        });
        const done = performance.now();
        const mse = result.mse[0] ?? 0;
        const label = image.name.slice(0, image.name.length - extname(image.name).length) || 'image';
        const source = { imageId: request.imageId, crop: request.crop, transform: input.transform, input: input.image };
        const seedId = this.seeds.add({ z: result.seed, steps: result.steps, packKey: open.pack.key, label, source });
        return {
          seedId,
          method: result.method,
          steps: result.steps,
          mse,
          psnr: psnrOf(mse),
          accepted: result.accepted?.[0] ?? null,
          input: await imageDataUrl(input.image),
          seedImage: await seedDataUrl(result.seed),
          reconstruction: await imageDataUrl(result.reconstruction),
          timings: { preprocessMs: prepared - start, embedMs: done - prepared, totalMs: done - start },
          provider: open.provider,
          polarity: input.polarity,
        };
      }),
      client,
    );
  }

  generate(request: z.output<typeof GenerateRequestSchema>, client?: AbortSignal): Promise<Generated> {
    return this.requests.run(request.requestId, 'decode', (signal) =>
      withCodes(async () => {
        const open = await this.pack();
        const z = open.randomSeed(request.seed);
        const steps = request.steps ?? open.pack.manifest.sampler.defaultSteps;
        const start = performance.now();
        const image = await open.decode(z, { steps, signal, onProgress: this.progress(request.requestId, 'generate') });
        const decodeMs = performance.now() - start;
        const seedId = this.seeds.add({ z, steps, packKey: open.pack.key, label: `seed-${request.seed}` });
        return { seedId, seedNumber: request.seed, steps, seedImage: await seedDataUrl(z), image: await imageDataUrl(image), decodeMs, provider: open.provider };
      }),
      client,
    );
  }

  /** Sliders, and optionally keep details, locks and a mask (faithful-render.ts), decoded. */
  decode(request: z.output<typeof DecodeRequestSchema>, client?: AbortSignal): Promise<Decoded> {
    return this.requests.run(request.requestId, 'decode', (signal) =>
      withCodes(async () => {
        const { open, seed } = await this.seed(request.seedId);
        const start = performance.now();
        const r = await this.faithful.render({ ...request, decoder: request.quality }, { open, seed, extra: await this.customDirections(open), signal, onProgress: this.progress(request.requestId, 'decode') });
        const decodeMs = performance.now() - start;
        return { seedId: request.seedId, image: await imageDataUrl(r.output.image), decodeMs, provider: open.provider, ...faithfulFacts(r) };
      }),
      client,
    );
  }

  exportImage(request: z.output<typeof ExportRequestSchema>, client?: AbortSignal): Promise<Exported> {
    return this.requests.run(
      request.requestId,
      undefined,
      (signal) =>
        withCodes(async () => {
          const { open, seed } = await this.seed(request.seedId);
          const r = await this.faithful.render(request, { open, seed, extra: await this.customDirections(open), signal });
          const image = r.output.image;
          signal.throwIfAborted();
          const png = await encodePng(image, 0, { scale: request.scale });
          const [, , H, W] = image.shape;
          const edited = Object.values(request.sliders).some((v) => v !== 0) ? '-edited' : '';
          const size = request.scale > 1 ? `-${request.scale}x` : '';
          return { fileName: `${seed.label}${edited}${size}.png`, width: W * request.scale, height: H * request.scale, png: png.toString('base64'), ...faithfulFacts(r) };
        }),
      client,
    );
  }

  /** Interpolation: slerp(A, B; t) decoded. t=0 and t=1 give exactly the endpoints' images. */
  interpolate(request: z.output<typeof InterpolateRequestSchema>, client?: AbortSignal): Promise<Interpolated> {
    return this.interpolation.interpolate(request, client);
  }

  /** Interpolation frames at evenly spaced t from 0 to 1, as one horizontal strip PNG. */
  interpolationFrames(request: z.output<typeof InterpolationFramesRequestSchema>, client?: AbortSignal): Promise<InterpolationFrames> {
    return this.interpolation.frames(request, client);
  }

  /**
   * Paste back (engine/image/paste-back.ts): the edited crop in the photo it was embedded from.
   * Through the photo export gate: one at a time, a few waiting, more refused with `busy`.
   */
  exportPhoto(request: z.output<typeof PhotoExportRequestSchema>, client?: AbortSignal): Promise<PhotoExported> {
    return this.requests.run(request.requestId, undefined, (signal) => this.photoExports.run(signal, () => this.pastePhoto(request, signal)), client);
  }

  private pastePhoto(request: z.output<typeof PhotoExportRequestSchema>, signal: AbortSignal): Promise<PhotoExported> {
    return withCodes(async () => {
      const { open, seed } = await this.seed(request.seedId);
      if (seed.source === undefined) throw new ReseedError(ErrorCode.notFound, 'only an embedded photo can be pasted back: this seed has no photo');
      const photo = this.photos.get(seed.source.imageId);
      if (photo === undefined) throw new ReseedError(ErrorCode.notFound, 'the photo is no longer open: open it and embed again');
      const r = await this.faithful.render(request, { open, seed, extra: await this.customDirections(open), signal });
      // Decoding the photo is the expensive part: not for a caller already gone.
      signal.throwIfAborted();
      const pasted = await pasteBack(photo.bytes, open.pack.manifest, r.output.change, { ...seed.source, format: request.format, quality: request.quality, label: photo.name, mask: r.mask });
      signal.throwIfAborted();
      const edited = Object.values(request.sliders).some((v) => v !== 0);
      return {
        fileName: photoExportName(seed.label, edited, request.format),
        width: pasted.width,
        height: pasted.height,
        mime: request.format === 'png' ? 'image/png' : 'image/jpeg',
        data: pasted.bytes.toString('base64'),
        area: pasted.area,
        locks: r.locks,
      };
    });
  }

  /** The largest face in an open photo, and the crop box around it for the active pack (face-finder.ts). */
  detectFace(imageId: string): Promise<FaceDetected> {
    return withCodes(async () => {
      const open = await this.pack();
      const image = this.photos.get(imageId);
      if (image === undefined) throw new ReseedError(ErrorCode.notFound, 'the photo is no longer open: open it again');
      return { imageId, ...(await findFace(image.bytes, image.name, open.pack.manifest)) };
    });
  }

  /** "Fit whole object": the crop box around the object of an open photo for the active pack (object-finder.ts). */
  fitObject(imageId: string): Promise<ObjectFitted> {
    return withCodes(async () => {
      const open = await this.pack();
      const image = this.photos.get(imageId);
      if (image === undefined) throw new ReseedError(ErrorCode.notFound, 'the photo is no longer open: open it again');
      return { imageId, ...(await findObjectBox(image.bytes, image.name, open.pack.manifest)) };
    });
  }

  cancel(requestId: string): { cancelled: boolean } {
    return { cancelled: this.requests.abort(requestId) };
  }

  /** Stops running work and releases the pack's sessions and the face detection worker. */
  async dispose(): Promise<void> {
    this.requests.abortAll();
    this.photos.clear();
    this.seeds.clear();
    this.faithful.clear();
    await Promise.all([this.options.engine.dispose(), closeFaceDetector()]);
  }

  private async seed(seedId: string): Promise<{ open: OpenPack; seed: StoredSeed }> {
    const open = await this.pack();
    return { open, seed: this.seeds.get(seedId, open) };
  }

  /**
   * The active pack's custom directions; one whose id a pack direction already has is left out
   * (the pack's own wins). `fresh` re-reads the folder (packInfo), edits reuse the last read.
   */
  private async customDirections(open: OpenPack, fresh = false): Promise<CustomDirection[]> {
    const { channels: C, height: H, width: W } = open.pack.manifest.image;
    const all = await this.directions.list(open.pack.manifest.id, C * H * W, { fresh });
    return all.filter((d) => !open.pack.directions.some((p) => p.id === d.id));
  }

  /** Throttled `progress` events for a request (none without an event sink). */
  progressReporter(requestId: string, operation: ProgressEvent['operation']) {
    return this.progress(requestId, operation);
  }

  private progress(requestId: string, operation: ProgressEvent['operation']) {
    return progressReporter(this.options.emit, requestId, operation);
  }
}

/**
 * The editor's engine side, shared by the desktop app (IPC handlers) and `reseed serve` (HTTP):
 * the active pack, the photos and seeds the renderer refers to by id, latest-wins lanes and
 * progress events. Pure Node (no electron import).
 */
import { Buffer } from 'node:buffer';
import { basename, extname } from 'node:path';
import type { ReseedEngine } from '../engine/engine';
import { readRegularFile } from '../engine/image/file-guard';
import { encodePng } from '../engine/image/encode';
import { preprocessBytes } from '../engine/image/preprocess';
import { pasteBack } from '../engine/image/paste-back';
import { drawSketch } from '../engine/image/sketch';
import type { OpenPack } from '../engine/open-pack';
import { PROVIDER_LABELS, type ProviderRequest } from '../engine/runtime/providers';
import { slerp } from '../engine/edits';
import { stack, type Tensor4 } from '../engine/tensor';
import type { z } from 'zod';
import type {
  DecodeRequestSchema,
  EmbedRequestSchema,
  ExportRequestSchema,
  GenerateRequestSchema,
  InterpolateRequestSchema,
  InterpolationFramesRequestSchema,
  PhotoExportRequestSchema,
} from '../shared/editor-schemas';
import {
  MAX_IMAGE_FILE_BYTES,
  type Decoded,
  type Embedded,
  type Exported,
  type Generated,
  type ImageOpened,
  type Interpolated,
  type InterpolationFrames,
  type PackInfo,
  type SeedRef,
  type PhotoExported,
  type ProgressEvent,
  type RecentImages,
} from '../shared/editor-schemas';
import type { FaceDetected } from '../shared/face-schemas';
import { cropMode } from '../shared/pack-schema';
import { ReseedError } from '../shared/result';
import { directionInfo } from './direction-service';
import { findFace } from './face-finder';
import { DirectionStore, type CustomDirection } from './direction-store';
import { withCodes } from './engine-errors';
import { LruStore } from './lru-store';
import { defaultCrop, describePhoto, imageDataUrl, psnrOf, seedDataUrl } from './pictures';
import { RecentList } from './recent-list';
import { RequestRegistry } from './requests';
import { photoExportName, type SeedPhoto } from './seed-photo';

export interface EditorServiceOptions {
  readonly engine: ReseedEngine;
  /** A pack id or folder; none: the first installed pack. */
  readonly pack?: string;
  readonly provider?: ProviderRequest;
  /** Where recently opened files persist (desktop app); none: in memory. */
  readonly recentFile?: string;
  /** Pushes an event to the renderer (IPC send, or Server-Sent Events). */
  readonly emit?: (event: 'progress', payload: ProgressEvent) => void;
  /** The user's custom directions (user data folder); none: kept in memory. */
  readonly directions?: DirectionStore;
}

interface StoredImage {
  readonly name: string;
  readonly bytes: Buffer;
}

interface StoredSeed {
  readonly z: Tensor4;
  readonly steps: number;
  /** Seeds only fit the pack build they were made with. */
  readonly packKey: string;
  /** For export file names: the photo's name or "seed-7". */
  readonly label: string;
  /** Embedded seeds: the photo, crop box and preprocessing transform, for pasting back. */
  readonly source?: SeedPhoto;
}

/** Progress of one request at most every this many ms (a decode has only ~10 steps anyway). */
const PROGRESS_INTERVAL_MS = 100;

export class EditorService {
  private opening: Promise<OpenPack> | undefined;
  // A handful of photos (their bytes, for re-embedding with another crop) and many small seeds.
  private readonly images = new LruStore<StoredImage>(8, (i) => i.bytes.length, 400 * 1024 * 1024);
  private readonly seeds = new LruStore<StoredSeed>(512);
  private readonly requests = new RequestRegistry();
  private readonly recent: RecentList;
  /** The pack asked for: the option at first, then whatever the packs panel switched to. */
  private packRequest: string | undefined;
  /** Custom directions, applied like the pack's own (DirectionService makes them). */
  readonly directions: DirectionStore;

  constructor(private readonly options: EditorServiceOptions) {
    this.recent = new RecentList(options.recentFile);
    this.packRequest = options.pack;
    this.directions = options.directions ?? new DirectionStore();
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
    const m = open.pack.manifest;
    const s = open.selection;
    const custom = await this.customDirections(open, true);
    return {
      id: m.id,
      name: m.name,
      version: m.version,
      description: m.description,
      license: m.license,
      dir: open.pack.dir,
      image: { ...m.image },
      defaultSteps: m.sampler.defaultSteps,
      embedSteps: m.networks.embedder.trainedSteps,
      hasRefiner: open.runtime.hasRefiner,
      crop: cropMode(m.preprocess),
      directions: [
        ...open.pack.directions.map((d) => ({ id: d.id, label: d.label, description: d.description, min: d.min, max: d.max, custom: false })),
        ...custom.map(directionInfo),
      ],
      provider: { requested: s.requested, provider: s.provider, label: PROVIDER_LABELS[s.provider], reason: s.reason, dropped: [...s.dropped] },
    };
  }

  packList() {
    const active = this.options.engine.opened?.pack.dir;
    const packs = this.options.engine.listPacks().map((p) => ({
      dir: p.dir,
      source: p.source,
      id: p.id ?? null,
      name: p.name ?? null,
      version: p.version ?? null,
      error: p.error ?? null,
      active: p.dir === active,
    }));
    return { packs };
  }

  /** A picture the renderer read itself (file input, drop, paste). */
  async openUpload(name: string, base64: string): Promise<ImageOpened> {
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.length === 0) throw new ReseedError('input-error', `${name}: the file is empty`);
    if (bytes.length > MAX_IMAGE_FILE_BYTES) throw new ReseedError('input-error', `${name}: larger than ${MAX_IMAGE_FILE_BYTES / 1024 / 1024} MB`);
    const opened = await this.register(name, bytes);
    await this.recent.addUpload(opened.imageId, name);
    return opened;
  }

  /** A file by path. Only for paths the engine side chose (native dialog, recent list). */
  async openPath(path: string): Promise<ImageOpened> {
    const name = basename(path);
    const bytes = await withCodes(() => readRegularFile(path, name, MAX_IMAGE_FILE_BYTES));
    const opened = await this.register(name, bytes);
    await this.recent.addFile(path, name);
    return opened;
  }

  async openRecent(key: string): Promise<ImageOpened> {
    const entry = this.recent.find(key);
    if (entry === undefined) throw new ReseedError('not-found', 'that recent picture is no longer in the list');
    if (entry.kind === 'file' && entry.path !== undefined) return this.openPath(entry.path);
    const image = entry.imageId === undefined ? undefined : this.images.get(entry.imageId);
    if (image === undefined) {
      await this.recent.remove(key);
      throw new ReseedError('not-found', `${entry.name} is no longer held by the engine: open the file again`);
    }
    const opened = await this.register(image.name, image.bytes);
    await this.recent.addUpload(opened.imageId, image.name);
    await this.recent.remove(key);
    return opened;
  }

  recentImages(): RecentImages {
    this.recent.prune((id) => this.images.has(id));
    return { items: this.recent.list().map((e) => ({ key: e.key, name: e.name, kind: e.kind, openedAt: e.openedAt })) };
  }

  private async register(name: string, bytes: Buffer): Promise<ImageOpened> {
    const open = await this.pack();
    const { width: W, height: H } = open.pack.manifest.image;
    const photo = await withCodes(() => describePhoto(bytes, name, open.pack.manifest.preprocess.background));
    const imageId = this.images.add({ name, bytes });
    const aspect = W / H;
    return { imageId, name, width: photo.width, height: photo.height, preview: photo.preview, aspect, defaultCrop: defaultCrop(photo.width, photo.height, aspect) };
  }

  embed(request: z.output<typeof EmbedRequestSchema>): Promise<Embedded> {
    return this.requests.run(request.requestId, 'embed', (signal) =>
      withCodes(async () => {
        const open = await this.pack();
        const image = this.images.get(request.imageId);
        if (image === undefined) throw new ReseedError('not-found', 'the photo is no longer open: open it again');
        const start = performance.now();
        const bytes = request.sketch ? await drawSketch(image.bytes, request.sketch, image.name) : image.bytes;
        const input = await preprocessBytes(bytes, open.pack.manifest, { crop: request.crop, label: image.name });
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
        const source = { imageId: request.imageId, crop: request.crop, transform: input.transform };
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
        };
      }),
    );
  }

  generate(request: z.output<typeof GenerateRequestSchema>): Promise<Generated> {
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
    );
  }

  decode(request: z.output<typeof DecodeRequestSchema>): Promise<Decoded> {
    return this.requests.run(request.requestId, 'decode', (signal) =>
      withCodes(async () => {
        const { open, seed } = await this.seed(request.seedId);
        const start = performance.now();
        const edited = open.edit(seed.z, request.sliders, await this.customDirections(open));
        const image = await open.decode(edited, { steps: request.steps ?? seed.steps, signal, onProgress: this.progress(request.requestId, 'decode') });
        const decodeMs = performance.now() - start;
        return { seedId: request.seedId, image: await imageDataUrl(image), decodeMs, provider: open.provider };
      }),
    );
  }

  exportImage(request: z.output<typeof ExportRequestSchema>): Promise<Exported> {
    return withCodes(async () => {
      const { open, seed } = await this.seed(request.seedId);
      const image = await open.decode(open.edit(seed.z, request.sliders, await this.customDirections(open)), { steps: request.steps ?? seed.steps });
      const png = await encodePng(image, 0, { scale: request.scale });
      const [, , H, W] = image.shape;
      const edited = Object.values(request.sliders).some((v) => v !== 0) ? '-edited' : '';
      const size = request.scale > 1 ? `-${request.scale}x` : '';
      return { fileName: `${seed.label}${edited}${size}.png`, width: W * request.scale, height: H * request.scale, png: png.toString('base64') };
    });
  }

  /** Interpolation: slerp(A, B; t) decoded. t=0 and t=1 give exactly the endpoints' images. */
  interpolate(request: z.output<typeof InterpolateRequestSchema>): Promise<Interpolated> {
    return this.requests.run(request.requestId, 'decode', (signal) =>
      withCodes(async () => {
        const { open, a, b, steps } = await this.endpoints(request.a, request.b, request.steps);
        const start = performance.now();
        const image = await open.decode(slerp(a.z, b.z, request.t), { steps, signal, onProgress: this.progress(request.requestId, 'decode') });
        const decodeMs = performance.now() - start;
        return { t: request.t, image: await imageDataUrl(image), decodeMs, provider: open.provider };
      }),
    );
  }

  /** Interpolation frames at evenly spaced t from 0 to 1, as one horizontal strip PNG. */
  interpolationFrames(request: z.output<typeof InterpolationFramesRequestSchema>): Promise<InterpolationFrames> {
    return withCodes(async () => {
      const { open, a, b, steps } = await this.endpoints(request.a, request.b, request.steps);
      const n = request.frames;
      const seeds = stack(Array.from({ length: n }, (_, i) => slerp(a.z, b.z, i / (n - 1))));
      const images = await open.decode(seeds, { steps });
      const [, C, H, W] = images.shape;
      const strip = new Float32Array(C * H * W * n);
      for (let f = 0; f < n; f++) {
        for (let c = 0; c < C; c++) {
          for (let y = 0; y < H; y++) {
            const from = ((f * C + c) * H + y) * W;
            strip.set(images.data.subarray(from, from + W), (c * H + y) * W * n + f * W);
          }
        }
      }
      const png = await encodePng({ data: strip, shape: [1, C, H, W * n] }, 0);
      return { fileName: `${a.label}-to-${b.label}-${n}-frames.png`, frames: n, frameWidth: W, frameHeight: H, width: W * n, height: H, png: png.toString('base64') };
    });
  }

  /** Both ends of an interpolation as seed tensors (held seeds or seed numbers) and the steps to decode with. */
  private async endpoints(
    aRef: SeedRef,
    bRef: SeedRef,
    steps: number | undefined,
  ): Promise<{ open: OpenPack; a: { z: Tensor4; label: string }; b: { z: Tensor4; label: string }; steps: number }> {
    const open = await this.pack();
    const resolve = async (ref: SeedRef): Promise<{ z: Tensor4; label: string; steps?: number }> => {
      if ('seedNumber' in ref) return { z: open.randomSeed(ref.seedNumber), label: `seed-${ref.seedNumber}` };
      const { seed } = await this.seed(ref.seedId);
      return { z: seed.z, label: seed.label, steps: seed.steps };
    };
    const a = await resolve(aRef);
    const b = await resolve(bRef);
    if (a.z.data.length !== b.z.data.length) throw new ReseedError('input-error', 'the two seeds differ in size');
    return { open, a, b, steps: steps ?? a.steps ?? b.steps ?? open.pack.manifest.sampler.defaultSteps };
  }

  /** Paste back (engine/image/paste-back.ts): the edited crop in the photo it was embedded from. */
  exportPhoto(request: z.output<typeof PhotoExportRequestSchema>): Promise<PhotoExported> {
    return withCodes(async () => {
      const { open, seed } = await this.seed(request.seedId);
      if (seed.source === undefined) throw new ReseedError('not-found', 'only an embedded photo can be pasted back: this seed has no photo');
      const photo = this.images.get(seed.source.imageId);
      if (photo === undefined) throw new ReseedError('not-found', 'the photo is no longer open: open it and embed again');
      const image = await open.decode(open.edit(seed.z, request.sliders, await this.customDirections(open)), { steps: request.steps ?? seed.steps });
      const pasted = await pasteBack(photo.bytes, open.pack.manifest, image, { ...seed.source, format: request.format, quality: request.quality, label: photo.name });
      const edited = Object.values(request.sliders).some((v) => v !== 0);
      return {
        fileName: photoExportName(seed.label, edited, request.format),
        width: pasted.width,
        height: pasted.height,
        mime: request.format === 'png' ? 'image/png' : 'image/jpeg',
        data: pasted.bytes.toString('base64'),
        area: pasted.area,
      };
    });
  }

  /** The largest face in an open photo, and the crop box around it for the active pack (face-finder.ts). */
  detectFace(imageId: string): Promise<FaceDetected> {
    return withCodes(async () => {
      const open = await this.pack();
      const image = this.images.get(imageId);
      if (image === undefined) throw new ReseedError('not-found', 'the photo is no longer open: open it again');
      return { imageId, ...(await findFace(image.bytes, image.name, open.pack.manifest)) };
    });
  }

  cancel(requestId: string): { cancelled: boolean } {
    return { cancelled: this.requests.abort(requestId) };
  }

  /** Stops running work and releases the pack's sessions. */
  async dispose(): Promise<void> {
    this.requests.abortAll();
    this.images.clear();
    this.seeds.clear();
    await this.options.engine.dispose();
  }

  private async seed(seedId: string): Promise<{ open: OpenPack; seed: StoredSeed }> {
    const open = await this.pack();
    const seed = this.seeds.get(seedId);
    if (seed === undefined) throw new ReseedError('not-found', 'this seed is no longer held by the engine: embed or generate again');
    // A seed is decoded only by the pack build that made it: another pack's networks (or another
    // build of the same pack) would read the numbers as something else, or fail on the shape.
    if (seed.packKey !== open.pack.key) {
      throw new ReseedError('pack-mismatch', `this seed was made with another model pack than the active ${open.pack.manifest.name} ${open.pack.manifest.version}: embed or generate again with this pack`);
    }
    return { open, seed };
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
    const emit = this.options.emit;
    if (emit === undefined) return undefined;
    let last = 0;
    return (done: number, total: number) => {
      const now = performance.now();
      if (done < total && now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      emit('progress', { requestId, operation, done, total });
    };
  }
}

/**
 * Interpolation between two seeds (held seeds or seed numbers): one slerp(A, B; t) decoded as the
 * slider moves, or evenly spaced frames from A to B saved as one horizontal strip PNG.
 */
import type { z } from 'zod';
import { slerp } from '../engine/edits';
import { encodePng } from '../engine/image/encode';
import type { OpenPack } from '../engine/open-pack';
import { stack, type Tensor4 } from '../engine/tensor';
import type { InterpolateRequestSchema, InterpolationFramesRequestSchema } from '../contract/editor-schemas';
import type { Interpolated, InterpolationFrames, ProgressEvent, SeedRef } from '../contract/editor-schemas';
import { ErrorCode, ReseedError } from '../contract/result';
import { withCodes } from './engine-errors';
import { imageDataUrl } from './pictures';
import type { RequestRegistry } from './requests';
import type { StoredSeed } from './seed-book';

export interface InterpolationDeps {
  /** The active pack (EditorService.pack). */
  readonly pack: () => Promise<OpenPack>;
  /** A held seed, checked against the active pack (EditorService's seed lookup). */
  readonly seed: (seedId: string) => Promise<{ open: OpenPack; seed: StoredSeed }>;
  /** Shared with the editor's decodes, so an interpolation and a slider decode share one lane. */
  readonly requests: RequestRegistry;
  readonly progress: (requestId: string, operation: ProgressEvent['operation']) => ((done: number, total: number) => void) | undefined;
}

/**
 * Frames decoded per network pass. A cancel takes effect between denoiser passes, and one pass
 * over 64 frames of a 64×64 colour pack takes seconds; eight keep a cancel well under a second.
 */
export const FRAMES_PER_PASS = 8;

interface Endpoint {
  readonly z: Tensor4;
  readonly label: string;
}

export class InterpolationService {
  constructor(private readonly deps: InterpolationDeps) {}

  /** Interpolation: slerp(A, B; t) decoded. t=0 and t=1 give exactly the endpoints' images. */
  interpolate(request: z.output<typeof InterpolateRequestSchema>, client?: AbortSignal): Promise<Interpolated> {
    return this.deps.requests.run(request.requestId, 'decode', (signal) =>
      withCodes(async () => {
        const { open, a, b, steps } = await this.endpoints(request.a, request.b, request.steps);
        const start = performance.now();
        const image = await open.decode(slerp(a.z, b.z, request.t), { steps, signal, onProgress: this.deps.progress(request.requestId, 'decode') });
        const decodeMs = performance.now() - start;
        return { t: request.t, image: await imageDataUrl(image), decodeMs, provider: open.provider };
      }),
      client,
    );
  }

  /**
   * Interpolation frames at evenly spaced t from 0 to 1, as one horizontal strip PNG. Up to 64
   * frames is minutes of CPU on a big pack, so it is cancellable by id, a newer frames request
   * replaces it (lane `frames`), and it stops when its caller goes away; frames are decoded a few
   * at a time (FRAMES_PER_PASS) so that stop comes soon.
   */
  frames(request: z.output<typeof InterpolationFramesRequestSchema>, client?: AbortSignal): Promise<InterpolationFrames> {
    const { requestId } = request;
    return this.deps.requests.run(
      requestId,
      'frames',
      (signal) =>
        withCodes(async () => {
          const { open, a, b, steps } = await this.endpoints(request.a, request.b, request.steps);
          const n = request.frames;
          const passes = Math.ceil(n / FRAMES_PER_PASS);
          const report = requestId === undefined ? undefined : this.deps.progress(requestId, 'export');
          const decoded: Tensor4[] = [];
          for (let pass = 0; pass < passes; pass++) {
            const first = pass * FRAMES_PER_PASS;
            const count = Math.min(FRAMES_PER_PASS, n - first);
            const seeds = stack(Array.from({ length: count }, (_, i) => slerp(a.z, b.z, (first + i) / (n - 1))));
            const onProgress = report && ((done: number) => report(pass * steps + done, passes * steps));
            decoded.push(await open.decode(seeds, { steps, signal, onProgress }));
          }
          signal.throwIfAborted();
          const images = stack(decoded);
          const [, , H, W] = images.shape;
          const png = await encodePng(frameStrip(images, n), 0);
          return { fileName: `${a.label}-to-${b.label}-${n}-frames.png`, frames: n, frameWidth: W, frameHeight: H, width: W * n, height: H, png: png.toString('base64') };
        }),
      client,
    );
  }

  /** Both ends of an interpolation as seed tensors (held seeds or seed numbers) and the steps to decode with. */
  private async endpoints(aRef: SeedRef, bRef: SeedRef, steps: number | undefined): Promise<{ open: OpenPack; a: Endpoint; b: Endpoint; steps: number }> {
    const open = await this.deps.pack();
    const resolve = async (ref: SeedRef): Promise<Endpoint & { steps?: number }> => {
      if ('seedNumber' in ref) return { z: open.randomSeed(ref.seedNumber), label: `seed-${ref.seedNumber}` };
      const { seed } = await this.deps.seed(ref.seedId);
      return { z: seed.z, label: seed.label, steps: seed.steps };
    };
    const a = await resolve(aRef);
    const b = await resolve(bRef);
    if (a.z.data.length !== b.z.data.length) throw new ReseedError(ErrorCode.input, 'the two seeds differ in size');
    return { open, a, b, steps: steps ?? a.steps ?? b.steps ?? open.pack.manifest.sampler.defaultSteps };
  }
}

/** n decoded frames [n, C, H, W] side by side as one image [1, C, H, W·n], frame 0 at the left. */
function frameStrip(images: Tensor4, n: number): Tensor4 {
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
  return { data: strip, shape: [1, C, H, W * n] };
}

/**
 * The networks of one pack on one execution provider, owned by its OpenPack (open-pack.ts), which
 * releases them on dispose(); provider selection creates them per candidate. Each session is
 * checked against pack.json when it is created (names, types and shapes from onnxruntime's
 * metadata), so feeds and fetches use names the model really has.
 */
import { normalize } from '../normalization';
import { checkNetwork } from '../packs/network-check';
import type { LoadedPack, NetworkName } from '../packs/pack-loader';
import { itemSize, type Shape4, type Tensor4 } from '../tensor';
import type { NetSession, SessionCreateOptions, SessionFactory } from './ort';
import type { ProviderName } from './providers';

export class PackSessions {
  private released = false;
  /** Seconds spent in session.run, for the bench's "sampler overhead" figure. */
  runSeconds = 0;

  private constructor(
    readonly pack: LoadedPack,
    readonly provider: ProviderName,
    private readonly denoiser: NetSession,
    private readonly embedder: NetSession,
    private readonly refiner: NetSession | undefined,
    private readonly scorer: NetSession | undefined,
    private readonly previewNet: NetSession | undefined,
  ) {}

  /**
   * Creates every session of the pack on `provider`; rejects (releasing any made) if one fails,
   * with a PackError when a model does not fit what pack.json says of it.
   */
  static async create(pack: LoadedPack, provider: ProviderName, factory: SessionFactory, options: SessionCreateOptions = {}): Promise<PackSessions> {
    const made: NetSession[] = [];
    const make = async (name: NetworkName, path: string) => {
      const s = await factory(path, provider, options);
      made.push(s);
      checkNetwork(path, name, pack.manifest.networks[name]!, s);
      return s;
    };
    try {
      const denoiser = await make('denoiser', pack.networkPaths.denoiser);
      const embedder = await make('embedder', pack.networkPaths.embedder);
      const refiner = pack.networkPaths.refiner ? await make('refiner', pack.networkPaths.refiner) : undefined;
      const scorer = pack.networkPaths.attributes ? await make('attributes', pack.networkPaths.attributes) : undefined;
      const preview = pack.networkPaths.preview ? await make('preview', pack.networkPaths.preview) : undefined;
      return new PackSessions(pack, provider, denoiser, embedder, refiner, scorer, preview);
    } catch (error) {
      await Promise.allSettled(made.map((s) => s.release()));
      throw error;
    }
  }

  get hasRefiner(): boolean {
    return this.refiner !== undefined;
  }

  get hasScorer(): boolean {
    return this.scorer !== undefined;
  }

  /** Whether the pack ships a preview decoder (pack.json networks.preview). */
  get hasPreview(): boolean {
    return this.previewNet !== undefined;
  }

  private check(): void {
    if (this.released) throw new Error("the pack's sessions were released (pack switched or engine disposed)");
  }

  private async timed(session: NetSession, feeds: Parameters<NetSession['run']>[0]): Promise<Record<string, Float32Array>> {
    this.check();
    const start = performance.now();
    const out = await session.run(feeds);
    this.runSeconds += (performance.now() - start) / 1000;
    return out;
  }

  /** eps = D(x_t, noise²): `noisy` is normalized, `variance` holds one value per batch item. */
  async denoise(noisy: Float32Array, variance: Float32Array, shape: Shape4): Promise<Float32Array> {
    const net = this.pack.manifest.networks.denoiser;
    const out = await this.timed(this.denoiser, {
      [net.inputs.noisy.name]: { data: noisy, dims: shape },
      [net.inputs.noiseVariance.name]: { data: variance, dims: [shape[0], 1, 1, 1] },
    });
    return this.output(out, net.outputs.eps.name, noisy.length);
  }

  /** z = E(x) for images in [0, 1]; normalizes first when the embedder takes normalized input. */
  async embed(images: Tensor4): Promise<Tensor4> {
    const net = this.pack.manifest.networks.embedder;
    const input = net.inputRange === 'normalized' ? this.normalize(images) : images.data;
    const out = await this.timed(this.embedder, { [net.inputs.image.name]: { data: input, dims: images.shape } });
    return { data: this.output(out, net.outputs.seed.name, images.data.length), shape: images.shape };
  }

  /** Δz = R(x, x̂) for target images and their reconstructions in [0, 1]. */
  async refine(images: Tensor4, reconstructions: Tensor4): Promise<Tensor4> {
    const net = this.pack.manifest.networks.refiner;
    if (!net || !this.refiner) throw new Error('this pack has no refiner network');
    const prep = (t: Tensor4) => (net.inputRange === 'normalized' ? this.normalize(t) : t.data);
    const out = await this.timed(this.refiner, {
      [net.inputs.image.name]: { data: prep(images), dims: images.shape },
      [net.inputs.reconstruction.name]: { data: prep(reconstructions), dims: reconstructions.shape },
    });
    return { data: this.output(out, net.outputs.seedDelta.name, images.data.length), shape: images.shape };
  }

  /** The attribute scorer's logits for images in [0, 1] (model colours): one [N, classes] array per output key. */
  async score(images: Tensor4): Promise<Record<string, Float32Array>> {
    const net = this.pack.manifest.networks.attributes;
    if (!net || !this.scorer) throw new Error('this pack has no attribute scorer network');
    const input = net.inputRange === 'normalized' ? this.normalize(images) : images.data;
    const out = await this.timed(this.scorer, { [net.inputs.image.name]: { data: input, dims: images.shape } });
    const logits: Record<string, Float32Array> = {};
    for (const [key, spec] of Object.entries(net.outputs)) logits[key] = this.output(out, spec.name, images.shape[0] * spec.classes.length);
    return logits;
  }

  /** Whether the preview reads the seed's one-step decode beside the seed (networks.preview.inputs.firstStep). */
  get previewGuided(): boolean {
    return this.pack.manifest.networks.preview?.inputs.firstStep !== undefined;
  }

  /**
   * G(z): the preview decoder's picture in [0, 1] for seeds z, one pass (no normalization: it
   * takes seeds); a guided preview also takes `firstStep`, the sampler's one-step picture of z.
   */
  async preview(z: Tensor4, firstStep?: Tensor4): Promise<Tensor4> {
    const net = this.pack.manifest.networks.preview;
    if (!net || !this.previewNet) throw new Error('this pack has no preview network');
    const guide = net.inputs.firstStep;
    if (guide && !firstStep) throw new Error('this preview network needs the one-step decode of its seeds');
    const out = await this.timed(this.previewNet, {
      [net.inputs.seed.name]: { data: z.data, dims: z.shape },
      ...(guide && firstStep ? { [guide.name]: { data: firstStep.data, dims: firstStep.shape } } : {}),
    });
    return { data: this.output(out, net.outputs.image.name, z.data.length), shape: z.shape };
  }

  private normalize(images: Tensor4): Float32Array {
    return normalize(images, this.pack.manifest.normalization);
  }

  private output(out: Record<string, Float32Array>, name: string, expected: number): Float32Array {
    const data = out[name];
    if (!data) throw new Error(`the network returned no output named ${name}`);
    if (data.length !== expected) throw new Error(`output ${name} has ${data.length} values, expected ${expected}`);
    return data;
  }

  /** Values per image for this pack (C·H·W). */
  get imageSize(): number {
    const { channels, height, width } = this.pack.manifest.image;
    return itemSize([1, channels, height, width]);
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await Promise.allSettled([this.denoiser, this.embedder, this.refiner, this.scorer, this.previewNet].filter((s) => s !== undefined).map((s) => s.release()));
  }
}

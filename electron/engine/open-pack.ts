/**
 * A pack opened on an execution provider, the one object callers hold: the validated folder
 * (`pack`), its sessions (owned here, released by dispose()), the provider choice and why
 * (`selection`), and the operations the CLI, the app and the server use (generate, decode, embed,
 * edit, interpolate). The engine keeps at most one open and disposes it on a pack switch.
 */
import type { DecodeQuality } from '../contract/preview-schemas';
import { slerp, applySliders, type SliderTerm } from './edits';
import { embedImages, type EmbedOptions, type EmbedResult } from './embedding';
import { preprocessFile, type PreprocessOptions, type Preprocessed } from './image/preprocess';
import type { LoadedDirection, LoadedPack } from './packs/pack-loader';
import type { PackSessions } from './runtime/pack-sessions';
import type { ProviderSelection } from './runtime/provider-select';
import { seededNormal } from './rng';
import { DdimSampler, type SampleOptions } from './sampler';
import { stack, type Shape4, type Tensor4 } from './tensor';

/** A direction that is not in pack.json (a custom one), in the form an edit needs. */
export interface ExtraDirection {
  readonly id: string;
  readonly vector: Float32Array;
  readonly sigma: number;
}

/** A slider term with the direction it came from (undefined for a custom direction). */
export interface DirectionTerm extends SliderTerm {
  readonly id: string;
  readonly direction: LoadedDirection | undefined;
}

export class OpenPack {
  readonly sampler: DdimSampler;

  constructor(
    readonly pack: LoadedPack,
    private readonly sessions: PackSessions,
    readonly selection: ProviderSelection,
  ) {
    this.sampler = new DdimSampler((x, v, shape) => sessions.denoise(x, v, shape), pack.manifest);
  }

  /** The provider whose sessions actually run. */
  get provider(): string {
    return this.sessions.provider;
  }

  get hasRefiner(): boolean {
    return this.sessions.hasRefiner;
  }

  /** Whether the pack ships an attribute scorer (pack.json networks.attributes) for locks. */
  get hasScorer(): boolean {
    return this.sessions.hasScorer;
  }

  /** Whether the pack ships a preview decoder (pack.json networks.preview, issue #21). */
  get hasPreview(): boolean {
    return this.sessions.hasPreview;
  }

  get manifest() {
    return this.pack.manifest;
  }

  /** Seconds spent inside onnxruntime so far (the bench's sampler-overhead figure). */
  get runSeconds(): number {
    return this.sessions.runSeconds;
  }

  /** One denoiser pass, eps = D(x_t, noise²), on normalized inputs (bench and golden tests). */
  denoise(noisy: Float32Array, variance: Float32Array, shape: Shape4): Promise<Float32Array> {
    return this.sessions.denoise(noisy, variance, shape);
  }

  /** The seed tensor for an integer, identical to Python's rng.seeded_normal(seed, (1, C, H, W)). */
  randomSeed(seed: number): Tensor4 {
    const { channels: C, height: H, width: W } = this.pack.manifest.image;
    return { data: seededNormal(seed, C * H * W), shape: [1, C, H, W] };
  }

  /** Seeds for several integers, one batch. */
  randomSeeds(seeds: readonly number[]): Tensor4 {
    return stack(seeds.map((s) => this.randomSeed(s)));
  }

  /** Checks that a seed loaded from elsewhere (.npy) fits this pack; returns it as a batch. */
  asSeed(data: Float32Array, shape: readonly number[]): Tensor4 {
    const { channels: C, height: H, width: W } = this.pack.manifest.image;
    const size = C * H * W;
    if (data.length % size !== 0 || data.length === 0) {
      throw new RangeError(`a seed of shape (${shape.join(', ')}) does not fit this pack's ${C}×${H}×${W} seeds`);
    }
    return { data, shape: [data.length / size, C, H, W] };
  }

  decode(z: Tensor4, options: SampleOptions = {}): Promise<Tensor4> {
    return this.sampler.decode(z, options);
  }

  /**
   * Decodes at the asked quality: `preview` runs the one-pass preview decoder when the pack ships
   * one and falls back to the S-step sampler when it does not; the answer says which ran. A
   * guided preview first runs the sampler for one step (one denoiser pass) and reads its picture.
   */
  async decodeAt(z: Tensor4, quality: DecodeQuality, options: SampleOptions = {}): Promise<{ image: Tensor4; decoder: DecodeQuality }> {
    if (quality === 'preview' && this.sessions.hasPreview) {
      options.signal?.throwIfAborted();
      const firstStep = this.sessions.previewGuided ? await this.sampler.decode(z, { steps: 1, signal: options.signal }) : undefined;
      return { image: await this.sessions.preview(z, firstStep), decoder: 'preview' };
    }
    return { image: await this.sampler.decode(z, options), decoder: 'full' };
  }

  embed(images: Tensor4, options: EmbedOptions = {}): Promise<EmbedResult> {
    return embedImages({ networks: this.sessions, sampler: this.sampler }, images, options);
  }

  /** A picture file made into this pack's input; a Buffer path keeps a name that is not UTF-8. */
  preprocess(path: string | Buffer, options: PreprocessOptions = {}): Promise<Preprocessed> {
    return preprocessFile(path, this.pack.manifest, options);
  }

  /** z = E(x) for a batch of prepared images: the network's seeds only, no reconstruction decoded. */
  networkSeeds(images: Tensor4): Promise<Tensor4> {
    return this.sessions.embed(images);
  }

  /** Δz = R(x, x̂): one refiner pass (packs with a refiner network). */
  refinerPass(images: Tensor4, reconstructions: Tensor4): Promise<Tensor4> {
    return this.sessions.refine(images, reconstructions);
  }

  /** Reads, prepares and embeds one picture file. */
  async embedFile(path: string, options: EmbedOptions & PreprocessOptions = {}): Promise<EmbedResult & { input: Preprocessed }> {
    const input = await this.preprocess(path, options);
    return { ...(await this.embed(input.image, options)), input };
  }

  /**
   * Turns {directionId: value} into slider terms; unknown ids are an error listing the known ones.
   * `extra`: directions from outside the pack (the user's custom ones), applied the same way.
   */
  sliderTerms(values: Readonly<Record<string, number>>, extra: readonly ExtraDirection[] = []): SliderTerm[] {
    return this.directionTerms(values, extra).map(({ vector, sigma, value }) => ({ vector, sigma, value }));
  }

  /** The same with each term's direction: its id, and for a pack direction what it measures. */
  directionTerms(values: Readonly<Record<string, number>>, extra: readonly ExtraDirection[] = []): DirectionTerm[] {
    return Object.entries(values).map(([id, value]) => {
      const own = this.pack.directions.find((x) => x.id === id);
      const d = own ?? extra.find((x) => x.id === id);
      if (!d) {
        const known = [...this.pack.directions, ...extra].map((x) => x.id).join(', ') || 'none';
        throw new RangeError(`unknown direction "${id}" (this pack has: ${known})`);
      }
      return { id, vector: d.vector, sigma: d.sigma, value, direction: own };
    });
  }

  /** z' = z + Σ a_i σ_i d_i rescaled to ‖z‖ (all-zero sliders give z exactly). */
  edit(z: Tensor4, values: Readonly<Record<string, number>>, extra: readonly ExtraDirection[] = []): Tensor4 {
    return applySliders(z, this.sliderTerms(values, extra));
  }

  /** `frames` seeds along the great circle from a to b, both ends included. */
  interpolate(a: Tensor4, b: Tensor4, frames: number): Tensor4 {
    if (!Number.isInteger(frames) || frames < 2) throw new RangeError(`frames must be an integer ≥ 2, got ${frames}`);
    return stack(Array.from({ length: frames }, (_, i) => slerp(a, b, i / (frames - 1))));
  }

  /** The attribute scorer's logits per output for model images in [0, 1] (engine/faithful/attribute-meter.ts). */
  scoreAttributes(images: Tensor4): Promise<Record<string, Float32Array>> {
    return this.sessions.score(images);
  }

  /** Releases the sessions; every later operation on this pack fails with a clear error. */
  dispose(): Promise<void> {
    return this.sessions.release();
  }
}

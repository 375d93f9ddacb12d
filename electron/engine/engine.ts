/**
 * The engine's front door: finds packs, opens one on an execution provider (see
 * runtime/provider-select.ts), keeps exactly one pack's sessions alive and releases them when
 * another pack is opened or the engine is disposed. Pure Node: no electron import, so the app,
 * the CLI, `reseed serve` and the tests share it.
 */
import { resolvePackDir, discoverPacks, type PackEntry, type PackRoot } from './packs/pack-discovery';
import { uniquePackIds } from './packs/pack-ids';
import { loadPack, type LoadedPack } from './packs/pack-loader';
import { OpenPack } from './open-pack';
import { createOrtSession, ortBinaryDir, ORT_VERSION, supportedBackends, type SessionFactory } from './runtime/ort';
import { PackSessions } from './runtime/pack-sessions';
import { selectProvider } from './runtime/provider-select';
import { ProviderChoiceStore } from './runtime/provider-store';
import { providerCandidates, type PlatformInfo, type ProviderCandidate, type ProviderRequest } from './runtime/providers';
import { errorMessage, PackError } from './errors';
import { seededNormal } from './rng';
import { DdimSampler } from './sampler';

export interface EngineConfig {
  /** Where packs are looked for, in order (the app's models/ first, then the user's packs). */
  readonly packRoots: readonly PackRoot[];
  /** JSON file remembering each pack's provider choice (in the user data folder); none: not remembered. */
  readonly providerChoiceFile?: string;
  /** Intra-op threads per session (default: onnxruntime's choice). */
  readonly threads?: number;
  /** Replaces onnxruntime (tests: a provider that fails). */
  readonly sessionFactory?: SessionFactory;
  /** Replaces the platform probe (tests). */
  readonly platform?: PlatformInfo;
}

/** Median time of `runs` decodes at batch 1 after one warm-up, in ms: "auto"'s benchmark. */
export async function timeDecode(sessions: PackSessions, runs = 3): Promise<number> {
  const sampler = new DdimSampler((x, v, s) => sessions.denoise(x, v, s), sessions.pack.manifest);
  const { channels: C, height: H, width: W } = sessions.pack.manifest.image;
  const z = { data: seededNormal(0, C * H * W), shape: [1, C, H, W] as const };
  await sampler.decode(z);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await sampler.decode(z);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export class ReseedEngine {
  private current: OpenPack | undefined;
  private readonly store: ProviderChoiceStore | undefined;

  constructor(readonly config: EngineConfig) {
    this.store = config.providerChoiceFile ? new ProviderChoiceStore(config.providerChoiceFile) : undefined;
  }

  /** Every pack found, broken ones with their error; an id claimed twice is kept by one (pack-ids.ts). */
  listPacks(): PackEntry[] {
    return uniquePackIds(discoverPacks(this.config.packRoots));
  }

  providerCandidates(): ProviderCandidate[] {
    const platform = this.config.platform ?? { platform: process.platform, backends: supportedBackends(), binaryDir: ortBinaryDir() };
    return providerCandidates(platform);
  }

  get opened(): OpenPack | undefined {
    return this.current;
  }

  /**
   * Opens a pack (a folder path or an id; none: the first installed) on a provider, releasing the
   * previously open pack. Throws PackError for a broken pack, ProviderError when nothing runs it.
   */
  async open(packRequest?: string, provider: ProviderRequest = 'auto'): Promise<OpenPack> {
    const pack = loadPack(resolvePackDir(packRequest, this.config.packRoots));
    // The same pack build on the same request: keep its sessions (created once, cached).
    const current = this.current;
    if (current && current.pack.key === pack.key && current.pack.dir === pack.dir && current.selection.requested === provider) return current;
    await this.close();
    const { runtime: sessions, selection } = await selectProvider({
      pack,
      request: provider,
      candidates: this.providerCandidates(),
      factory: this.config.sessionFactory ?? createOrtSession,
      sessionOptions: { threads: this.config.threads },
      store: this.store,
      ortVersion: ORT_VERSION,
      benchmark: (rt) => timeDecode(rt),
    });
    this.current = new OpenPack(pack, sessions, selection);
    return this.current;
  }

  /** Releases the open pack's sessions (pack switch, app exit). */
  async close(): Promise<void> {
    const open = this.current;
    this.current = undefined;
    await open?.dispose();
  }

  dispose(): Promise<void> {
    return this.close();
  }
}

/**
 * Validates a pack folder completely without keeping it open (pack import): loadPack's checks, then
 * CPU sessions checked against pack.json and released. Throws a PackError naming file and field.
 */
export async function verifyPack(dir: string, factory: SessionFactory = createOrtSession): Promise<LoadedPack> {
  const pack = loadPack(dir);
  const sessions = await PackSessions.create(pack, 'cpu', factory).catch((error: unknown) => {
    if (error instanceof PackError) throw error;
    throw new PackError(pack.dir, undefined, `the CPU cannot load its networks: ${errorMessage(error)}`);
  });
  await sessions.release();
  return pack;
}

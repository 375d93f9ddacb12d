/**
 * Chooses the execution provider a pack runs on, and says why. onnxruntime does not fall back
 * from a provider that fails to start (docs/design.md, Known pitfalls), so every candidate is tried
 * here, failures are caught and recorded, and the CPU is the last resort.
 *   forced ("--provider webgpu"): that provider, or the CPU with the reason it could not run;
 *   auto: the remembered choice for this pack build if it still starts; otherwise every candidate
 *         is tried, each that starts decodes a real image, and the fastest wins (a small model can
 *         be faster on the CPU than on a GPU) and is remembered.
 */
import { errorMessage, PackError, ProviderError } from '../errors';
import type { LoadedPack } from '../packs/pack-loader';
import type { SessionCreateOptions, SessionFactory } from './ort';
import { PackSessions } from './pack-sessions';
import type { ProviderChoiceStore } from './provider-store';
import type { ProviderCandidate, ProviderName, ProviderRequest } from './providers';

export interface ProviderAttempt {
  readonly provider: string;
  readonly reason: string;
}

export interface ProviderSelection {
  readonly requested: ProviderRequest;
  /** The provider whose sessions actually run. */
  readonly provider: ProviderName;
  /** Why this one, in words. */
  readonly reason: string;
  /** Every other candidate and why it was not used. */
  readonly dropped: readonly ProviderAttempt[];
  /** Median decode time (ms, batch 1, default steps) of each provider that was benchmarked. */
  readonly decodeMs: Readonly<Record<string, number>>;
  readonly remembered: boolean;
}

export interface SelectArgs {
  readonly pack: LoadedPack;
  readonly request: ProviderRequest;
  readonly candidates: readonly ProviderCandidate[];
  readonly factory: SessionFactory;
  readonly sessionOptions?: SessionCreateOptions;
  readonly store?: ProviderChoiceStore;
  readonly ortVersion: string;
  /** Times one real decode on a runtime (ms); it may throw when the provider cannot run it. */
  readonly benchmark: (runtime: PackSessions) => Promise<number>;
}

export interface Selected {
  readonly runtime: PackSessions;
  readonly selection: ProviderSelection;
}

/** A model that does not fit pack.json is the pack's fault on every provider: never a fallback. */
async function tryCreate(args: SelectArgs, provider: ProviderName): Promise<PackSessions> {
  return PackSessions.create(args.pack, provider, args.factory, args.sessionOptions ?? {});
}

function rethrowPackError(error: unknown): void {
  if (error instanceof PackError) throw error;
}

function candidateKey(candidates: readonly ProviderCandidate[]): string[] {
  return candidates.filter((c) => c.available).map((c) => c.name);
}

async function forced(args: SelectArgs, wanted: ProviderName): Promise<Selected> {
  const dropped: ProviderAttempt[] = [];
  const candidate = args.candidates.find((c) => c.name === wanted);
  if (!candidate) dropped.push({ provider: wanted, reason: `not available on ${process.platform}` });
  else if (!candidate.available) dropped.push({ provider: wanted, reason: candidate.note ?? 'not available' });
  else {
    try {
      const runtime = await tryCreate(args, wanted);
      return { runtime, selection: { requested: wanted, provider: wanted, reason: 'requested', dropped, decodeMs: {}, remembered: false } };
    } catch (error) {
      rethrowPackError(error);
      dropped.push({ provider: wanted, reason: `session creation failed: ${errorMessage(error)}` });
    }
  }
  if (wanted === 'cpu') throw new ProviderError(`the CPU provider cannot run this pack: ${dropped[0]?.reason}`, dropped);
  // The user asked for a device that cannot run: fall back, and say so (users ask for a CPU path
  // that works when the GPU one does not, and for being told which device really ran).
  try {
    const runtime = await tryCreate(args, 'cpu');
    return {
      runtime,
      selection: { requested: wanted, provider: 'cpu', reason: `fallback: ${wanted} could not run`, dropped, decodeMs: {}, remembered: false },
    };
  } catch (error) {
    rethrowPackError(error);
    dropped.push({ provider: 'cpu', reason: `session creation failed: ${errorMessage(error)}` });
    throw new ProviderError(`no execution provider could run the pack (${dropped.map((d) => `${d.provider}: ${d.reason}`).join('; ')})`, dropped);
  }
}

async function remembered(args: SelectArgs): Promise<Selected | undefined> {
  const choice = args.store?.get(args.pack.key);
  if (!choice) return undefined;
  const sameSetup = choice.ortVersion === args.ortVersion && choice.candidates.join(',') === candidateKey(args.candidates).join(',');
  if (sameSetup) {
    try {
      const runtime = await tryCreate(args, choice.provider);
      const ms = choice.decodeMs[choice.provider];
      return {
        runtime,
        selection: {
          requested: 'auto',
          provider: choice.provider,
          reason: `remembered: fastest decode when measured on ${choice.at.slice(0, 10)}${ms !== undefined ? ` (${ms.toFixed(1)} ms)` : ''}`,
          dropped: choice.dropped,
          decodeMs: choice.decodeMs,
          remembered: true,
        },
      };
    } catch (error) {
      rethrowPackError(error);
      // It ran before and does not now (driver gone?): choose again.
    }
  }
  args.store?.forget(args.pack.key);
  return undefined;
}

async function auto(args: SelectArgs): Promise<Selected> {
  const known = await remembered(args);
  if (known) return known;
  const dropped: ProviderAttempt[] = [];
  const working: { runtime: PackSessions; ms: number }[] = [];
  const available = args.candidates.filter((c) => c.available);
  for (const c of args.candidates) if (!c.available) dropped.push({ provider: c.name, reason: c.note ?? 'not available' });
  for (const c of available) {
    let runtime: PackSessions;
    try {
      runtime = await tryCreate(args, c.name);
    } catch (error) {
      rethrowPackError(error);
      dropped.push({ provider: c.name, reason: `session creation failed: ${errorMessage(error)}` });
      continue;
    }
    // The CPU alone needs no race; any other provider must prove it can run a whole decode.
    if (available.length === 1 && c.name === 'cpu') {
      working.push({ runtime, ms: NaN });
      continue;
    }
    try {
      working.push({ runtime, ms: await args.benchmark(runtime) });
    } catch (error) {
      dropped.push({ provider: c.name, reason: `decode failed: ${errorMessage(error)}` });
      await runtime.release();
    }
  }
  if (working.length === 0) {
    throw new ProviderError(`no execution provider could run the pack (${dropped.map((d) => `${d.provider}: ${d.reason}`).join('; ')})`, dropped);
  }
  // 1. The fastest decode wins; ties keep the candidate order (GPU before CPU).
  const best = working.reduce((a, b) => (b.ms < a.ms ? b : a));
  const decodeMs: Record<string, number> = {};
  for (const w of working) if (Number.isFinite(w.ms)) decodeMs[w.runtime.provider] = w.ms;
  for (const w of working) {
    if (w === best) continue;
    dropped.push({ provider: w.runtime.provider, reason: `slower: ${w.ms.toFixed(1)} ms a decode against ${best.ms.toFixed(1)} ms on ${best.runtime.provider}` });
    await w.runtime.release();
  }
  const reason =
    working.length === 1
      ? `the only provider that runs here${Number.isFinite(best.ms) ? ` (${best.ms.toFixed(1)} ms a decode)` : ''}`
      : `fastest decode: ${best.ms.toFixed(1)} ms`;
  // 2. Remember it for this pack build.
  args.store?.set(args.pack.key, {
    provider: best.runtime.provider,
    decodeMs,
    dropped,
    ortVersion: args.ortVersion,
    candidates: candidateKey(args.candidates),
    at: new Date().toISOString(),
  });
  return { runtime: best.runtime, selection: { requested: 'auto', provider: best.runtime.provider, reason, dropped, decodeMs, remembered: false } };
}

/** Creates the pack's runtime on the provider the request resolves to. */
export async function selectProvider(args: SelectArgs): Promise<Selected> {
  return args.request === 'auto' ? auto(args) : forced(args, args.request);
}

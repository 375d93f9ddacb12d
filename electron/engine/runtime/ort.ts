/**
 * The one module that imports onnxruntime-node. Everything else sees NetSession, a small
 * interface that tests can replace (a provider that fails to create a session, a slow one).
 * Sessions are created with exactly one execution provider: onnxruntime does not fall back from a
 * provider that cannot start (docs/design.md, Known pitfalls), so the caller decides what comes next.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { ProviderName } from './providers';

export interface TensorFeed {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/** An input or output as onnxruntime's session metadata describes it. */
export interface TensorInfo {
  readonly name: string;
  /** 'float32', 'int64', …; 'unknown' for a value that is not a tensor. */
  readonly type: string;
  /** A number for a fixed axis, a string for a symbolic one ("batch"), null where unset. */
  readonly shape: readonly (number | string | null)[];
}

export interface NetSession {
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  /** Runs the network; outputs are fresh float32 arrays keyed by output name. */
  run(feeds: Readonly<Record<string, TensorFeed>>): Promise<Record<string, Float32Array>>;
  release(): Promise<void>;
}

export interface SessionCreateOptions {
  /** Intra-op threads; undefined lets onnxruntime choose (one per physical core). */
  readonly threads?: number;
}

export type SessionFactory = (modelPath: string, provider: ProviderName, options: SessionCreateOptions) => Promise<NetSession>;

function providerOption(provider: ProviderName): ort.InferenceSession.ExecutionProviderConfig {
  switch (provider) {
    case 'cuda':
      return { name: 'cuda', deviceId: 0 };
    case 'webgpu':
      return { name: 'webgpu' };
    default:
      return provider;
  }
}

function tensorInfo(meta: ort.InferenceSession.ValueMetadata): TensorInfo {
  if (!meta.isTensor) return { name: meta.name, type: 'unknown', shape: [] };
  return { name: meta.name, type: meta.type, shape: meta.shape.map((d) => (typeof d === 'number' && d < 0 ? null : d)) };
}

class OrtNetSession implements NetSession {
  constructor(private readonly session: ort.InferenceSession) {}

  get inputs(): readonly TensorInfo[] {
    return this.session.inputMetadata.map(tensorInfo);
  }

  get outputs(): readonly TensorInfo[] {
    return this.session.outputMetadata.map(tensorInfo);
  }

  async run(feeds: Readonly<Record<string, TensorFeed>>): Promise<Record<string, Float32Array>> {
    // ort.Tensor wraps the Float32Array without copying, so callers may reuse their buffers.
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, feed] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor('float32', feed.data, feed.dims);
    const results = await this.session.run(ortFeeds);
    const out: Record<string, Float32Array> = {};
    for (const [name, value] of Object.entries(results)) {
      if (!(value.data instanceof Float32Array)) throw new TypeError(`output ${name} is ${value.type}, expected float32`);
      out[name] = value.data;
      // GPU providers may hand back device-resident tensors; data above has been downloaded.
    }
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/**
 * onnxruntime's messages start with a source location and an assertion
 * ("/onnxruntime_src/…/webgpu_context.cc:136 … was false. Failed to get a WebGPU adapter: …");
 * users need the sentence at the end.
 */
export function cleanOrtMessage(message: string): string {
  const line = message.split('\n')[0] ?? message;
  const m = /^\S*onnxruntime\S*:\d+ .*?(?:was false\.|failed\.|\]) (.+)$/.exec(line);
  return (m?.[1] ?? line).trim();
}

/** Creates a session on exactly one execution provider; rejects when that provider cannot start. */
export const createOrtSession: SessionFactory = async (modelPath, provider, options) => {
  try {
    const session = await ort.InferenceSession.create(modelPath, {
      executionProviders: [providerOption(provider)],
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      logSeverityLevel: 3, // errors only: warnings about nodes placed on the CPU are expected
      // The arena keeps the peak of every batch size ever run; without it the faces pack's batch of
      // 16 big photos peaks at 414 MB instead of 539 MB, with the same outputs and no slower.
      enableCpuMemArena: false,
      // With onnxruntime's memory pattern on, a batch's RSS grew with the pictures it had done:
      // `reseed batch` on 1,000 small PNGs peaked at 1.31 GB, without it 0.39 GB in the same time.
      enableMemPattern: false,
      ...(options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {}),
      // A pack holds up to five sessions, each with its own thread pool; pool threads that spin
      // between runs take the cores from the other sessions and from the editor's own window
      // (measured on 2 cores: the faces pack's 10-step decode 52 ms without spinning, 65 with).
      extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
    });
    return new OrtNetSession(session);
  } catch (error) {
    throw new Error(cleanOrtMessage(error instanceof Error ? error.message : String(error)), { cause: error });
  }
};

/** Backends this onnxruntime-node build knows; `bundled: false` ones need extra libraries. */
export function supportedBackends(): { name: string; bundled: boolean }[] {
  return ort.listSupportedBackends().map((b) => ({ name: b.name, bundled: b.bundled }));
}

/** The folder holding onnxruntime's native libraries (where a CUDA provider library would go). */
export function ortBinaryDir(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const pkg = dirname(require.resolve('onnxruntime-node/package.json'));
    const dir = join(pkg, 'bin', 'napi-v6', process.platform, process.arch);
    return existsSync(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

export const ORT_VERSION: string = ort.env.versions.common;

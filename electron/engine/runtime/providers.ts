/**
 * Execution-provider candidates per platform, best first: CUDA where its provider library is
 * installed, WebGPU, DirectML on Windows, CoreML on macOS, and the CPU, which always works.
 * Availability here only means "this onnxruntime build could try it"; whether a session really
 * starts is found out by trying (provider-select.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const PROVIDER_NAMES = ['cuda', 'webgpu', 'dml', 'coreml', 'cpu'] as const;
export const ProviderNameSchema = z.enum(PROVIDER_NAMES);
export type ProviderName = z.infer<typeof ProviderNameSchema>;
export const ProviderRequestSchema = z.union([ProviderNameSchema, z.literal('auto')]);
export type ProviderRequest = z.infer<typeof ProviderRequestSchema>;

export interface ProviderCandidate {
  readonly name: ProviderName;
  readonly available: boolean;
  /** Why it is unavailable, or a note on what it needs. */
  readonly note?: string;
}

export interface PlatformInfo {
  readonly platform: NodeJS.Platform;
  /** onnxruntime-node's listSupportedBackends(). */
  readonly backends: readonly { name: string; bundled: boolean }[];
  /** Folder of onnxruntime's native libraries, where the CUDA provider library must be. */
  readonly binaryDir?: string;
  readonly fileExists?: (path: string) => boolean;
}

interface ProviderRow {
  readonly name: ProviderName;
  readonly label: string;
  /** Platforms where it is a candidate at all; none: every platform. */
  readonly platforms?: readonly NodeJS.Platform[];
  /** A provider library that must sit beside onnxruntime's own (not bundled with the npm package). */
  readonly library?: (platform: NodeJS.Platform) => string;
}

/** Every provider, in the order "auto" tries them: best first, the CPU (always there) last. */
const PROVIDERS: readonly ProviderRow[] = [
  {
    name: 'cuda',
    label: 'NVIDIA CUDA',
    platforms: ['linux', 'win32'],
    library: (p) => (p === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so'),
  },
  { name: 'webgpu', label: 'WebGPU (Vulkan / Metal / D3D12)' },
  { name: 'dml', label: 'DirectML (Windows GPU)', platforms: ['win32'] },
  { name: 'coreml', label: 'Core ML (Apple)', platforms: ['darwin'] },
  { name: 'cpu', label: 'CPU' },
];

export const PROVIDER_LABELS = Object.fromEntries(PROVIDERS.map((p) => [p.name, p.label])) as Record<ProviderName, string>;

/** The candidates for this platform in the order "auto" tries them. */
export function providerCandidates(info: PlatformInfo): ProviderCandidate[] {
  const exists = info.fileExists ?? existsSync;
  return PROVIDERS.filter((p) => p.platforms === undefined || p.platforms.includes(info.platform)).map((p): ProviderCandidate => {
    if (p.name === 'cpu') return { name: 'cpu', available: true };
    if (!info.backends.some((b) => b.name === p.name)) return { name: p.name, available: false, note: 'not in this onnxruntime build' };
    if (p.library) {
      const file = p.library(info.platform);
      if (!info.binaryDir || !exists(join(info.binaryDir, file))) {
        return { name: p.name, available: false, note: `not installed (no ${file} beside onnxruntime; see npm run setup:cuda)` };
      }
    }
    return { name: p.name, available: true };
  });
}

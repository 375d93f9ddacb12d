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

export const PROVIDER_LABELS: Record<ProviderName, string> = {
  cuda: 'NVIDIA CUDA',
  webgpu: 'WebGPU (Vulkan / Metal / D3D12)',
  dml: 'DirectML (Windows GPU)',
  coreml: 'Core ML (Apple)',
  cpu: 'CPU',
};

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

function cudaLibrary(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
}

/** The candidates for this platform in the order "auto" tries them. */
export function providerCandidates(info: PlatformInfo): ProviderCandidate[] {
  const exists = info.fileExists ?? existsSync;
  const has = (name: string) => info.backends.some((b) => b.name === name);
  const out: ProviderCandidate[] = [];
  if (info.platform === 'linux' || info.platform === 'win32') {
    const lib = info.binaryDir ? join(info.binaryDir, cudaLibrary(info.platform)) : undefined;
    if (!has('cuda')) out.push({ name: 'cuda', available: false, note: 'not in this onnxruntime build' });
    else if (!lib || !exists(lib)) {
      out.push({ name: 'cuda', available: false, note: `not installed (no ${cudaLibrary(info.platform)} beside onnxruntime; see npm run setup:cuda)` });
    } else out.push({ name: 'cuda', available: true });
  }
  out.push(has('webgpu') ? { name: 'webgpu', available: true } : { name: 'webgpu', available: false, note: 'not in this onnxruntime build' });
  if (info.platform === 'win32') out.push({ name: 'dml', available: has('dml'), ...(has('dml') ? {} : { note: 'not in this onnxruntime build' }) });
  if (info.platform === 'darwin') out.push({ name: 'coreml', available: has('coreml'), ...(has('coreml') ? {} : { note: 'not in this onnxruntime build' }) });
  out.push({ name: 'cpu', available: true });
  return out;
}

/**
 * The PyTorch-eager comparison: runs scripts/bench-torch.py with the system Python, if it can.
 * Spawned asynchronously (not spawnSync) so the bench can say every few seconds that it is still
 * waiting on torch: on a large pack the script runs for a minute or more and prints nothing until
 * its one JSON line. A time limit turns a stuck script into a "skipped" with the reason.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { repositoryRoot } from '../../backend/resources';
import type { BenchProgress } from './progress';

const TorchResultSchema = z.union([
  z.object({ skipped: z.string() }),
  z.object({
    torch: z.string(),
    threads: z.number(),
    steps: z.number(),
    denoiseMs_b1: z.number(),
    denoiseMs_b16: z.number(),
    decodeMs: z.number(),
  }),
]);
export type TorchResult = z.infer<typeof TorchResultSchema>;

export interface TorchOptions {
  readonly python?: string;
  /** The script itself (tests pass a stand-in). */
  readonly script?: string;
  /** Default 300 s. */
  readonly timeoutMs?: number;
  /** How often to report the seconds waited (default 5 s). */
  readonly heartbeatMs?: number;
  readonly onProgress?: BenchProgress;
}

interface Exit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly error?: Error;
}

function runProcess(file: string, args: string[], timeoutMs: number): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let error: Error | undefined;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
      // A grandchild holding the pipes open would otherwise delay 'close' until it exits.
      child.stdout.destroy();
      child.stderr.destroy();
    }, timeoutMs);
    child.on('error', (e) => (error = e));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut, ...(error ? { error } : {}) });
    });
  });
}

export async function runTorchBench(packDir: string, threads: number, runs: number, options: TorchOptions = {}): Promise<TorchResult> {
  const python = options.python ?? '/usr/bin/python3';
  const script = options.script ?? join(repositoryRoot(), 'scripts', 'bench-torch.py');
  const timeoutMs = options.timeoutMs ?? 300_000;
  if (!existsSync(python)) return { skipped: `${python} not found` };
  const phase = `timing the denoiser (${runs} runs each, 1 and ${threads} threads)`;
  const start = performance.now();
  options.onProgress?.(phase);
  const heartbeat = setInterval(() => options.onProgress?.(phase, undefined, undefined, `${Math.round((performance.now() - start) / 1000)} s so far`), options.heartbeatMs ?? 5000);
  let proc: Exit;
  try {
    proc = await runProcess(python, [script, '--pack', packDir, '--threads', String(threads), '--runs', String(runs)], timeoutMs);
  } finally {
    clearInterval(heartbeat);
  }
  if (proc.timedOut) return { skipped: `bench-torch.py did not finish within ${timeoutMs / 1000} s` };
  if (proc.code !== 0) return { skipped: `bench-torch.py failed: ${(proc.stderr || proc.error?.message || '').trim().split('\n').pop()}` };
  try {
    return TorchResultSchema.parse(JSON.parse(proc.stdout.trim().split('\n').pop() ?? ''));
  } catch (error) {
    return { skipped: `unreadable bench-torch.py output (${(error as Error).message})` };
  }
}

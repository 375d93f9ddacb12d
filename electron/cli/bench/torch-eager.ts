/** The PyTorch-eager comparison: runs scripts/bench-torch.py with the system Python, if it can. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { repositoryRoot } from '../../paths/resources';

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

export function runTorchBench(packDir: string, threads: number, runs: number, python = '/usr/bin/python3'): TorchResult {
  const script = join(repositoryRoot(), 'scripts', 'bench-torch.py');
  if (!existsSync(python)) return { skipped: `${python} not found` };
  const proc = spawnSync(python, [script, '--pack', packDir, '--threads', String(threads), '--runs', String(runs)], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (proc.status !== 0) return { skipped: `bench-torch.py failed: ${(proc.stderr || proc.error?.message || '').trim().split('\n').pop()}` };
  try {
    return TorchResultSchema.parse(JSON.parse(proc.stdout.trim().split('\n').pop() ?? ''));
  } catch (error) {
    return { skipped: `unreadable bench-torch.py output (${(error as Error).message})` };
  }
}

/** Runs `reseed` commands in-process (fast) or as a real process (signals, the bin shim). */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../electron/cli/main';
import { REPO } from '../engine/helpers';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** main() with captured output; RESEED_HOME isolates remembered provider choices. */
export async function runCli(args: string[], options: { cwd: string; home: string; signal?: AbortSignal; tty?: boolean }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    isTTY: options.tty ?? false,
    env: { ...process.env, RESEED_HOME: options.home },
    cwd: options.cwd,
    signal: options.signal ?? new AbortController().signal,
  });
  return { code, stdout, stderr };
}

export const BIN = join(REPO, 'bin', 'reseed.mjs');

/** The real `reseed` process through bin/reseed.mjs. */
export function spawnCli(args: string[], options: { cwd: string; home: string }): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, RESEED_HOME: options.home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

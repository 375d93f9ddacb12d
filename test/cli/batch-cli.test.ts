/**
 * `reseed batch` at its edges: an --out that is the input folder (refused: every re-run would embed
 * the last run's reconstructions), and --json, under which every way out of every command prints
 * one JSON line on stdout: usage errors, pack and output errors, a held lock, an interruption.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, tinyPng, TINY_PACK } from '../engine/helpers';
import { runCli } from './helpers';

const cwd = tempDir('reseed-batch-cli-');
const home = join(cwd, 'home');
const cli = (...args: string[]) => runCli(args, { cwd, home });
const P = ['--pack', TINY_PACK, '--provider', 'cpu'];
let counter = 0;

async function folder(n: number): Promise<string> {
  const dir = join(cwd, `in-${counter++}`);
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `img-${i}.png`), await tinyPng(i));
  return dir;
}

/** The one JSON line a --json run printed (and nothing on stderr), checked to say how it ended. */
function onlyLine(r: { code: number; stdout: string; stderr: string }): Record<string, unknown> {
  expect(r.stderr).toBe('');
  const lines = r.stdout.trim().split('\n').filter(Boolean);
  expect(lines, r.stdout).toHaveLength(1);
  const line = JSON.parse(lines[0]!) as Record<string, unknown>;
  expect(line).toMatchObject({ type: 'error', fatal: true, exitCode: r.code });
  expect(typeof line.error).toBe('string');
  return line;
}

describe('reseed batch --out', () => {
  it('refuses the input folder itself, however it is spelled (usage error, nothing written)', async () => {
    const input = await folder(3);
    const alias = join(cwd, `alias-${counter++}`);
    symlinkSync(input, alias);
    for (const out of [input, `${input}/`, join(input, '.'), alias]) {
      const r = await cli('batch', input, '--out', out, ...P);
      expect(r.code, out).toBe(2);
      expect(r.stderr).toMatch(/--out .*: is the input folder: the results would be embedded again/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(readdirSync(input).sort()).toEqual(['img-0.png', 'img-1.png', 'img-2.png']);
    const parent = await cli('batch', input, '--out', join(input, '..'), ...P);
    expect(parent.code).toBe(2);
    expect(parent.stderr).toMatch(/holds the input folder/);
  });

  it('inside the input folder (named through a link): re-runs never embed their own results', async () => {
    const input = await folder(3);
    const alias = join(cwd, `alias-${counter++}`);
    symlinkSync(input, alias);
    for (let run = 0; run < 3; run++) expect((await cli('batch', input, '--out', join(alias, 'embedded'), '--recursive', ...P)).code).toBe(0);
    const index = readFileSync(join(input, 'embedded', 'index.jsonl'), 'utf8').trim().split('\n');
    expect(index).toHaveLength(3);
    expect(existsSync(join(input, 'embedded', 'embedded'))).toBe(false);
  });
});

describe('--json on every way out', () => {
  it('usage errors: a missing --out, an unknown option, an unknown command, --out the input folder', async () => {
    const input = await folder(1);
    for (const args of [
      ['batch', input, '--json'],
      ['batch', input, '--out', 'o', '--bogus', '--json'],
      ['frobnicate', '--json'],
      ['batch', input, '--out', input, '--json', ...P],
      ['embed', '--json'],
    ]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(onlyLine(r).code).toBe('invalid-request');
    }
  });

  it('fatal errors: a pack, an output folder that is a file, a lock another batch holds', async () => {
    const input = await folder(2);
    const pack = await cli('batch', input, '--out', join(cwd, 'o-pack'), '--pack', join(cwd, 'no-such-pack'), '--json');
    expect(pack.code).toBe(4);
    expect(onlyLine(pack)).toMatchObject({ code: 'pack-error', error: expect.stringMatching(/no-such-pack/) });
    writeFileSync(join(cwd, 'a-file'), 'mine');
    const file = await cli('batch', input, '--out', 'a-file', ...P, '--json');
    expect(file.code).toBe(4);
    expect(onlyLine(file)).toMatchObject({ code: 'output-error', error: expect.stringMatching(/exists and is not a folder/) });
    const holder = spawn('sleep', ['600'], { stdio: 'ignore' });
    try {
      const out = join(cwd, 'o-locked');
      mkdirSync(out);
      writeFileSync(join(out, 'index.jsonl.lock'), JSON.stringify({ host: hostname(), pid: holder.pid }));
      const held = await cli('batch', input, '--out', out, ...P, '--json');
      expect(held.code).toBe(4);
      expect(onlyLine(held)).toMatchObject({ code: 'busy', error: expect.stringMatching(/another reseed batch \(pid \d+\) is writing to this folder/) });
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('an input error and an interruption', async () => {
    const missing = await cli('embed', 'nothere.png', ...P, '--json');
    expect(missing.code).toBe(3);
    expect(onlyLine(missing)).toMatchObject({ code: 'input-error' });
    const input = await folder(1);
    const controller = new AbortController();
    controller.abort();
    const stopped = await runCli(['embed', join(input, 'img-0.png'), ...P, '--json'], { cwd, home, signal: controller.signal });
    expect(stopped.code).toBe(130);
    expect(onlyLine(stopped)).toMatchObject({ code: 'cancelled', error: 'interrupted' });
    // A batch stopped by the signal ends with its own summary line (stopped, resumable).
    const batch = await runCli(['batch', input, '--out', join(cwd, 'o-stopped'), ...P, '--json'], { cwd, home, signal: controller.signal });
    expect(batch.code).toBe(130);
    const last = JSON.parse(batch.stdout.trim().split('\n').pop()!);
    expect(last).toMatchObject({ type: 'end', cancelled: true });
  });
});

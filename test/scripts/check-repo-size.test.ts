/**
 * scripts/check-repo-size.mjs (issue #16): fails when the tracked files exceed the total limit or
 * one of them the per-file limit, passes otherwise; ignored files never count, untracked ones only
 * with --untracked. Run against small throwaway git repositories with limits to match.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/check-repo-size.mjs');
const dirs: string[] = [];

/** A git repository holding files of the given sizes (bytes); `tracked` ones are added to the index. */
function repo(files: Record<string, number>, tracked: string[], gitignore?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'reseed-size-'));
  dirs.push(dir);
  spawnSync('git', ['init', '-q'], { cwd: dir });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, name), Buffer.alloc(bytes));
  if (gitignore !== undefined) writeFileSync(path.join(dir, '.gitignore'), gitignore);
  if (tracked.length > 0) spawnSync('git', ['add', '--', ...tracked], { cwd: dir });
  return dir;
}

function check(dir: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [SCRIPT, '--root', dir, ...args], { encoding: 'utf8' });
  return { status: run.status, out: run.stdout + run.stderr };
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('check-repo-size', () => {
  it('passes a tracked tree within both limits', () => {
    const dir = repo({ 'a.bin': 300_000, 'b.bin': 400_000 }, ['a.bin', 'b.bin']);
    const { status, out } = check(dir, '--max-total-mb', '1', '--max-file-mb', '0.5');
    expect(status).toBe(0);
    expect(out).toContain('2 tracked files, 0.7 MB');
  });

  it('fails when the tracked files come to more than the total limit', () => {
    const dir = repo({ 'a.bin': 300_000, 'b.bin': 400_000, 'c.bin': 400_000 }, ['a.bin', 'b.bin', 'c.bin']);
    const { status, out } = check(dir, '--max-total-mb', '1', '--max-file-mb', '0.5');
    expect(status).toBe(1);
    expect(out).toMatch(/the tracked files come to 1\.1 MB, over the limit of 1\.0 MB/);
  });

  it('fails on one file over the per-file limit and names it', () => {
    const dir = repo({ 'small.bin': 1_000, 'big.pt': 600_000 }, ['small.bin', 'big.pt']);
    const { status, out } = check(dir, '--max-total-mb', '1', '--max-file-mb', '0.5');
    expect(status).toBe(1);
    expect(out).toMatch(/big\.pt is 0\.6 MB, over the per-file limit of 0\.5 MB/);
    expect(out).not.toMatch(/small\.bin is/);
  });

  it('counts untracked files only with --untracked, and never ignored ones', () => {
    const dir = repo({ 'a.bin': 100_000, 'loose.bin': 600_000, 'state.pt': 900_000 }, ['a.bin'], 'state.pt\n');
    expect(check(dir, '--max-total-mb', '1', '--max-file-mb', '0.5').status).toBe(0);
    const { status, out } = check(dir, '--untracked', '--max-total-mb', '1', '--max-file-mb', '0.5');
    expect(status).toBe(1);
    expect(out).toMatch(/loose\.bin is 0\.6 MB/);
    expect(out).not.toMatch(/state\.pt is/);
  });

  it('passes the repository itself with the default limits (60 MB, 10 MB a file)', () => {
    const { status, out } = check(path.resolve(path.dirname(SCRIPT), '..'));
    expect(out).toMatch(/limit 60\.0 MB.*limit 10\.0 MB a file/);
    expect(status).toBe(0);
  });
});

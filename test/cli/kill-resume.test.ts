/**
 * The real `reseed` process (bin/reseed.mjs): killed with SIGKILL in the middle of a batch, a re-run
 * loses no image and embeds none twice, and with a recipe edits every input exactly once; SIGINT
 * stops cleanly after the batch in flight (exit 130); with --json even a second Ctrl-C (quit at
 * once) leaves a JSON line saying so.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, tinyPng, TINY_PACK } from '../engine/helpers';
import { exited, spawnCli } from './helpers';

const cwd = tempDir('reseed-kill-');
const home = join(cwd, 'home');
const COUNT = 120;

async function makeFolder(name: string): Promise<string> {
  const dir = join(cwd, name);
  for (let i = 0; i < COUNT; i++) {
    const sub = join(dir, `s${i % 4}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `img-${i}.png`), await tinyPng(i));
  }
  return dir;
}

function indexLines(out: string): { input: string; status: string; edit?: { hash: string; status: string } }[] {
  const file = join(out, 'index.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.endsWith('}')).map((l) => JSON.parse(l));
}

/** Resolves once the index holds at least `n` complete lines. */
async function waitForLines(out: string, n: number, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (indexLines(out).length < n) {
    if (Date.now() - start > timeoutMs) throw new Error(`index never reached ${n} lines`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Resolves once `stream` has printed text matching `pattern`. */
function seen(stream: NodeJS.ReadableStream, pattern: RegExp): Promise<void> {
  let text = '';
  return new Promise((resolve) => {
    const onData = (d: Buffer) => {
      text += d;
      if (!pattern.test(text)) return;
      stream.off('data', onData);
      resolve();
    };
    stream.on('data', onData);
  });
}

const args = (out: string) => ['batch', 'in', '--out', out, '--recursive', '--batch-size', '4', '--pack', TINY_PACK, '--provider', 'cpu'];

describe('reseed batch as a process', () => {
  it('after SIGKILL mid-batch, a re-run loses no image and does none twice', async () => {
    await makeFolder('in');
    const out = join(cwd, 'out-kill');
    const child = spawnCli(args(out), { cwd, home });
    const done = exited(child);
    await waitForLines(out, 8);
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');
    const before = indexLines(out).length;
    expect(before).toBeLessThan(COUNT);
    const rerun = await exited(spawnCli(args(out), { cwd, home }));
    expect(rerun.code, rerun.stderr).toBe(0);
    const index = indexLines(out);
    expect(index).toHaveLength(COUNT);
    expect(new Set(index.map((r) => r.input)).size).toBe(COUNT);
    expect(index.every((r) => r.status === 'ok')).toBe(true);
    for (const r of index) expect(existsSync(join(out, `${r.input}.latent.npy`)), r.input).toBe(true);
    // The killed run's lock was taken over and released by the re-run, and a temp file the
    // kill may have left was overwritten and renamed by the redo.
    expect(existsSync(join(out, 'index.jsonl.lock'))).toBe(false);
    const stray = (readdirSync(out, { recursive: true }) as string[]).filter((f) => f.endsWith('.tmp'));
    expect(stray).toEqual([]);
  }, 120_000);

  it('with a recipe, after SIGKILL halfway, a re-run edits every input exactly once', async () => {
    if (!existsSync(join(cwd, 'in'))) await makeFolder('in');
    const out = join(cwd, 'out-kill-recipe');
    const recipe = join(cwd, 'darker.json');
    writeFileSync(recipe, JSON.stringify({ format: 'reseed-recipe', version: 1, name: 'Darker', pack: { id: 'tiny' }, sliders: { darker: 1 } }));
    const withRecipe = [...args(out), '--recipe', recipe, '--photo'];
    const child = spawnCli(withRecipe, { cwd, home });
    const done = exited(child);
    await waitForLines(out, COUNT / 2);
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    expect(indexLines(out).length).toBeLessThan(COUNT);
    const rerun = await exited(spawnCli(withRecipe, { cwd, home }));
    expect(rerun.code, rerun.stderr).toBe(0);
    const index = indexLines(out);
    // One line per input, each embedded and edited with the one recipe: none lost, none twice.
    expect(index).toHaveLength(COUNT);
    expect(new Set(index.map((r) => r.input)).size).toBe(COUNT);
    expect(new Set(index.map((r) => r.edit?.hash)).size).toBe(1);
    expect(index.every((r) => r.status === 'ok' && r.edit?.status === 'ok')).toBe(true);
    for (const r of index) {
      for (const suffix of ['.latent.npy', '.recon.png', '.edited.png', '.edited.full.png']) expect(existsSync(join(out, `${r.input}${suffix}`)), r.input + suffix).toBe(true);
    }
    expect(existsSync(join(out, 'index.jsonl.lock'))).toBe(false);
    const stray = (readdirSync(out, { recursive: true }) as string[]).filter((f) => f.endsWith('.tmp'));
    expect(stray).toEqual([]);
  }, 120_000);

  it('SIGINT stops after the batch in flight with exit 130; the re-run finishes', async () => {
    const out = join(cwd, 'out-int');
    const child = spawnCli(args(out), { cwd, home });
    const done = exited(child);
    await waitForLines(out, 4);
    child.kill('SIGINT');
    const stopped = await done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/stopping after the work in flight/);
    expect(stopped.stdout).toMatch(/stopped: .* ok/);
    const partial = indexLines(out).length;
    expect(partial % 4).toBe(0); // whole batches only
    expect(partial).toBeLessThan(COUNT);
    const rerun = await exited(spawnCli(args(out), { cwd, home }));
    expect(rerun.code).toBe(0);
    const index = indexLines(out);
    expect(index).toHaveLength(COUNT);
    expect(new Set(index.map((r) => r.input)).size).toBe(COUNT);
  }, 120_000);

  it('--json: Ctrl-C twice still ends stdout with one JSON line saying it was interrupted', async () => {
    if (!existsSync(join(cwd, 'in'))) await makeFolder('in');
    const out = join(cwd, 'out-int-json');
    // One batch of all the images: the work in flight outlasts the two signals by far.
    const child = spawnCli(['batch', 'in', '--out', out, '--recursive', '--batch-size', String(COUNT), '--pack', TINY_PACK, '--provider', 'cpu', '--json'], { cwd, home });
    const done = exited(child);
    await seen(child.stdout!, /"type":"start"/);
    child.kill('SIGINT');
    await seen(child.stderr!, /stopping after the work in flight/);
    child.kill('SIGINT');
    const stopped = await done;
    expect(stopped.code).toBe(130);
    const last = JSON.parse(stopped.stdout.trim().split('\n').pop()!);
    // Should the batch in flight have ended first after all, its summary line says it stopped.
    if (last.type === 'end') expect(last).toMatchObject({ cancelled: true });
    else expect(last).toMatchObject({ type: 'error', fatal: true, exitCode: 130, code: 'cancelled' });
  }, 120_000);
});

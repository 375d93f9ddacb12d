/**
 * One output folder, one batch: simultaneous runs in one process (`reseed serve`), processes
 * racing for the lock file at the same moment, a lock file caught between its creation and its
 * record, and owners that are gone but not reaped (zombies) or whose PID now names another process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { runBatch } from '../../electron/engine/batch/batch-job';
import { LockHeldError } from '../../electron/engine/batch/run-lock';
import { packFixture, REPO } from './helpers';

const fx = packFixture('reseed-lock-');
const root = fx.root;

const folder = (n: number): Promise<string> => fx.images(n);

function indexInputs(out: string): string[] {
  return readFileSync(join(out, 'index.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l).input);
}

/** /proc/<pid>/stat: state and start time (field 22). */
function procStat(pid: number): { state: string; start: string } {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0]!, start: fields[19]! };
}

/** The child of `parent` once `parent` has become `sleep` (so nothing will reap that child). */
async function childOnceExeced(parent: number): Promise<number> {
  for (let i = 0; i < 500; i++) {
    if (readFileSync(`/proc/${parent}/cmdline`, 'utf8').startsWith('sleep')) {
      for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
          const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
          if (Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]) === parent) return Number(entry);
        } catch {
          // gone meanwhile
        }
      }
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the background sleep never showed up');
}

function lines(child: ChildProcess): AsyncIterator<string> {
  return createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
}

async function next(it: AsyncIterator<string>): Promise<string> {
  const r = await it.next();
  if (r.done) throw new Error('child closed its output');
  return r.value;
}

describe('the batch lock in one process', () => {
  it('lets exactly one of five simultaneous runs on one folder write; the others are told why', async () => {
    const input = await folder(6);
    // Started together, and a few event-loop turns apart (how requests reach `reseed serve`).
    for (const hops of [0, 1, 3, 8]) {
      const out = join(root, `out-five-${hops}`);
      const start = async (i: number) => {
        for (let h = 0; h < i * hops; h++) await new Promise((r) => setImmediate(r));
        return runBatch(fx.open, { input, out, batchSize: 2 });
      };
      const runs = await Promise.allSettled([0, 1, 2, 3, 4].map(start));
      const done = runs.filter((r) => r.status === 'fulfilled');
      const refused = runs.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
      expect(done, `${hops} hops`).toHaveLength(1);
      expect(refused).toHaveLength(4);
      for (const e of refused) {
        expect(e).toBeInstanceOf(LockHeldError);
        expect(e.message).toMatch(/another batch is writing to this folder/);
        expect(e.message).not.toMatch(/cannot write here/);
      }
      const inputs = indexInputs(out);
      expect(inputs).toHaveLength(6);
      expect(new Set(inputs).size).toBe(6);
      expect(existsSync(join(out, 'index.jsonl.lock'))).toBe(false);
      // Once it is released, the next run goes ahead (and finds everything done).
      expect(await runBatch(fx.open, { input, out })).toMatchObject({ total: 0, alreadyDone: 6 });
    }
  });
});

describe('the batch lock file', () => {
  it('is not taken from a taker caught between creating it and writing it (an empty lock file)', async () => {
    const input = await folder(2);
    const out = join(root, 'out-empty-lock');
    mkdirSync(out);
    const lock = join(out, 'index.jsonl.lock');
    writeFileSync(lock, '');
    const error = await runBatch(fx.open, { input, out }).catch((e) => e);
    expect(error).toBeInstanceOf(LockHeldError);
    expect(existsSync(lock)).toBe(true);
    expect(existsSync(join(out, 'index.jsonl'))).toBe(false);
    // An unreadable lock left long ago (a crash mid-write) is stale.
    utimesSync(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    expect((await runBatch(fx.open, { input, out })).ok).toBe(2);
  });

  it('gives exactly one holder among processes that try at the same moment', async () => {
    const lock = join(root, 'race', 'index.jsonl.lock');
    mkdirSync(join(root, 'race'));
    const script = `
      import { createInterface } from 'node:readline';
      import { RunLock } from ${JSON.stringify(join(REPO, 'electron/engine/batch/run-lock.ts'))};
      const input = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
      console.log('ready');
      for (;;) {
        const go = await input.next();
        if (go.done || go.value !== 'go') break;
        let lock;
        try { lock = await RunLock.acquire(process.env.LOCK_PATH); console.log('got'); }
        catch (e) { console.log('refused ' + e.name); }
        await input.next();
        await lock?.release();
        console.log('released');
      }
      process.exit(0);`;
    const children = Array.from({ length: 4 }, () =>
      spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, env: { ...process.env, LOCK_PATH: lock }, stdio: ['pipe', 'pipe', 'inherit'] }),
    );
    const outputs = children.map(lines);
    try {
      for (const o of outputs) expect(await next(o)).toBe('ready');
      const holders: number[] = [];
      const refusals = new Set<string>();
      for (let trial = 0; trial < 20; trial++) {
        for (const c of children) c.stdin!.write('go\n');
        const answers = await Promise.all(outputs.map(next));
        holders.push(answers.filter((a) => a === 'got').length);
        for (const a of answers) if (a !== 'got') refusals.add(a);
        for (const c of children) c.stdin!.write('release\n');
        for (const o of outputs) expect(await next(o)).toBe('released');
        expect(existsSync(lock)).toBe(false);
      }
      expect(holders).toEqual(new Array(20).fill(1));
      expect([...refusals]).toEqual(['refused LockHeldError']);
    } finally {
      for (const c of children) c.stdin!.end();
    }
  }, 60_000);
});

describe.runIf(process.platform === 'linux')('whose owner is gone (Linux: /proc)', () => {
  it('takes over from a killed owner that is still a zombie (not yet reaped)', async () => {
    // `sh` starts a sleep in the background, then becomes (exec) a process that never reaps it.
    const parent = spawn('sh', ['-c', 'sleep 600 & exec sleep 600'], { stdio: 'ignore' });
    try {
      const pid = await childOnceExeced(parent.pid!);
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 500 && procStat(pid).state !== 'Z'; i++) await new Promise((r) => setTimeout(r, 10));
      expect(procStat(pid).state).toBe('Z');
      const input = await folder(3);
      const out = join(root, 'out-zombie');
      mkdirSync(out);
      writeFileSync(join(out, 'index.jsonl.lock'), JSON.stringify({ host: hostname(), pid }));
      expect((await runBatch(fx.open, { input, out })).ok).toBe(3);
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('tells its owner from a later process with the same PID by the start time', async () => {
    const other = spawn('sleep', ['600'], { stdio: 'ignore' });
    try {
      const pid = other.pid!;
      const { start } = procStat(pid);
      const input = await folder(2);
      const out = join(root, 'out-reused');
      mkdirSync(out);
      const lock = join(out, 'index.jsonl.lock');
      // Recorded by a process that started at another time: the PID was reused since.
      writeFileSync(lock, JSON.stringify({ host: hostname(), pid, start: String(Number(start) - 1) }));
      expect((await runBatch(fx.open, { input, out })).ok).toBe(2);
      // The same PID and start time: that very process runs, so the lock holds.
      writeFileSync(lock, JSON.stringify({ host: hostname(), pid, start }));
      const error = await runBatch(fx.open, { input, out }).catch((e) => e);
      expect(error).toBeInstanceOf(LockHeldError);
      expect(error.message).toMatch(new RegExp(`another reseed batch \\(pid ${pid}\\) is writing to this folder`));
    } finally {
      other.kill('SIGKILL');
    }
  });
});

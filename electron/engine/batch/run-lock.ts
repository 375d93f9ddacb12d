/**
 * One writer per index file: a second `reseed batch` on the same output (and shard) while the
 * first still runs would embed the same images twice. The lock file holds the owner's host and pid;
 * a lock left by a process that is gone (killed) is taken over, as is one from another host (a
 * rescheduled pod cannot prove the old one dead, and shards own separate index files anyway).
 */
import { hostname } from 'node:os';
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { OutputError } from '../errors';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Locks held by this process: its own pid in a lock file proves nothing about which run holds it. */
const held = new Set<string>();

export class RunLock {
  private constructor(private readonly path: string) {}

  static async acquire(path: string): Promise<RunLock> {
    if (held.has(path)) throw new OutputError(path, 'another batch in this process is writing this output');
    const lock = await RunLock.take(path);
    held.add(path);
    return lock;
  }

  private static async take(path: string): Promise<RunLock> {
    const me = JSON.stringify({ host: hostname(), pid: process.pid });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await writeFile(path, me, { flag: 'wx' });
        return new RunLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new OutputError(path, `cannot create the lock file (${(error as Error).message})`);
      }
      let owner: { host?: string; pid?: number } = {};
      try {
        owner = JSON.parse(await readFile(path, 'utf8'));
      } catch {
        // unreadable: treat as stale
      }
      if (owner.host === hostname() && typeof owner.pid === 'number' && owner.pid !== process.pid && alive(owner.pid)) {
        throw new OutputError(path, `another reseed batch (pid ${owner.pid}) is writing this output; wait for it or stop it`);
      }
      await unlink(path).catch(() => undefined);
    }
    throw new OutputError(path, 'cannot take the lock file');
  }

  async release(): Promise<void> {
    held.delete(this.path);
    await unlink(this.path).catch(() => undefined);
  }
}

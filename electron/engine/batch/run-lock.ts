/**
 * One writer per index file: a second batch on the same output (and shard) while the first still
 * runs would embed the same images twice and trip over its temporary files.
 *
 * Within a process (`reseed serve` runs batches side by side) a lock is reserved synchronously,
 * before any await, so of simultaneous calls exactly one goes on. Across processes, taking the
 * lock is one atomic step: the owner record (host, pid, start time, boot id) is written whole to
 * a temporary file, which is then link()ed to the lock's name; link fails with EEXIST when the
 * name exists. A lock file is therefore never seen empty or half-written by another taker.
 *
 * A lock whose owner is dead (gone, a zombie, its PID reused since: process-alive.ts) is stale.
 * It is removed under a second lock, `<lock>.break`, taken the same way, and only if it is still
 * the stale record that was judged: two processes finding one stale lock cannot both remove it
 * and both take over. A lock from another host is taken over as before (a rescheduled pod cannot
 * prove the old one dead, and shards own separate index files anyway).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { link, readFile, realpath, stat, unlink, writeFile } from 'node:fs/promises';
import { OutputError } from '../errors';
import { isAlive, selfIdentity, type ProcessIdentity } from './process-alive';

/** Another batch holds the lock: the caller may try again later (the service's `busy`). */
export class LockHeldError extends OutputError {
  override name = 'LockHeldError';
}

interface OwnerRecord extends ProcessIdentity {
  readonly host: string;
}

/** An unreadable lock younger than this may be an older reseed's lock being written. */
const UNREADABLE_GRACE_MS = 10_000;
/** Tries before giving up on a lock that keeps changing hands. */
const ATTEMPTS = 100;

/** Locks held by this process, by real path: its own pid in a lock file proves nothing about which run holds it. */
const held = new Set<string>();

const pause = () => new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));

/** Creates `name` as a link to the finished record `tmp`: false if `name` exists. */
async function linkExclusive(tmp: string, name: string, text: string): Promise<boolean> {
  try {
    await link(tmp, name);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error;
  }
  // A file system without hard links (FAT, some network shares): exclusive create, then write.
  // A reader may see it empty for a moment; UNREADABLE_GRACE_MS covers that.
  try {
    await writeFile(name, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

interface Seen {
  readonly raw: string;
  readonly owner: Partial<OwnerRecord>;
  readonly ageMs: number;
}

/** The lock's record as found, or undefined if it is gone. */
async function readLock(path: string): Promise<Seen | undefined> {
  let raw: string;
  let ageMs: number;
  try {
    [raw, ageMs] = await Promise.all([readFile(path, 'utf8'), stat(path).then((s) => Date.now() - s.mtimeMs)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let owner: Partial<OwnerRecord> = {};
  try {
    owner = JSON.parse(raw) as Partial<OwnerRecord>;
  } catch {
    // judged by its age below
  }
  return { raw, owner, ageMs };
}

/** 'held' with the owner's pid, or 'stale'. */
async function judge(seen: Seen, me: OwnerRecord): Promise<{ held: false } | { held: true; pid?: number }> {
  const { owner } = seen;
  if (typeof owner.pid !== 'number' || typeof owner.host !== 'string') return seen.ageMs < UNREADABLE_GRACE_MS ? { held: true } : { held: false };
  if (owner.host !== me.host) return { held: false };
  // Our own record: this call reserved the path in `held`, so no run of this process holds it.
  if (owner.pid === me.pid && (owner.start ?? null) === me.start && (owner.boot ?? null) === me.boot) return { held: false };
  return (await isAlive({ pid: owner.pid, start: owner.start, boot: owner.boot })) ? { held: true, pid: owner.pid } : { held: false };
}

/** Removes the stale lock `path` if it still holds `staleRaw`, under the `.break` lock. */
async function breakStale(path: string, staleRaw: string, tmp: string, text: string, me: OwnerRecord): Promise<void> {
  const brk = `${path}.break`;
  if (!(await linkExclusive(tmp, brk, text))) {
    const other = await readLock(brk);
    // Another taker is breaking it now: let it finish. One that died mid-break left its
    // `.break` behind: remove that the same careful way (still the record judged).
    if (other && !(await judge(other, me)).held) await unlinkIfUnchanged(brk, other.raw);
    else await pause();
    return;
  }
  try {
    await unlinkIfUnchanged(path, staleRaw);
  } finally {
    await unlink(brk).catch(() => undefined);
  }
}

async function unlinkIfUnchanged(path: string, raw: string): Promise<void> {
  const now = await readLock(path);
  if (now?.raw === raw) await unlink(path).catch(() => undefined);
}

export class RunLock {
  private constructor(
    private readonly path: string,
    private readonly record: string,
  ) {}

  /** Takes the lock file `path` (its folder must exist); a LockHeldError if another batch has it. */
  static async acquire(path: string): Promise<RunLock> {
    // One key per file however the folder is spelled (serve passes real paths, the CLI may not).
    const key = join(await realpath(dirname(path)), basename(path));
    const folder = dirname(key);
    // Check and reserve with no await between: simultaneous calls cannot both pass.
    if (held.has(key)) throw new LockHeldError(folder, 'another batch is writing to this folder (in this process); wait for it to finish or stop it');
    held.add(key);
    try {
      return new RunLock(key, await RunLock.take(key, folder));
    } catch (error) {
      held.delete(key);
      throw error;
    }
  }

  private static async take(path: string, folder: string): Promise<string> {
    const me: OwnerRecord = { host: hostname(), ...(await selfIdentity()) };
    const text = JSON.stringify(me);
    const tmp = `${path}.${process.pid}-${randomUUID()}.tmp`;
    try {
      await writeFile(tmp, text, { flag: 'wx' });
    } catch (error) {
      throw new OutputError(path, `cannot create the lock file (${(error as Error).message})`);
    }
    try {
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        if (await linkExclusive(tmp, path, text)) return text;
        const seen = await readLock(path);
        if (!seen) continue; // released meanwhile: try again
        const verdict = await judge(seen, me);
        if (verdict.held) {
          const who = verdict.pid === undefined ? '' : ` (pid ${verdict.pid})`;
          throw new LockHeldError(folder, `another reseed batch${who} is writing to this folder; wait for it to finish or stop it`);
        }
        await breakStale(path, seen.raw, tmp, text, me);
      }
    } catch (error) {
      if (error instanceof OutputError) throw error;
      throw new OutputError(path, `cannot take the lock file (${(error as Error).message})`);
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
    throw new OutputError(path, 'cannot take the lock file: it keeps changing hands');
  }

  async release(): Promise<void> {
    // Only our own record: never remove a lock another batch took over.
    await unlinkIfUnchanged(this.path, this.record).catch(() => undefined);
    held.delete(this.path);
  }
}

/**
 * Whether the process that wrote a lock is still running. `kill(pid, 0)` alone says yes for a
 * zombie (killed, not yet reaped by its parent: it holds nothing and never writes again) and for
 * an unrelated process that got the same PID later (containers hand out the same few PIDs run
 * after run). On Linux, /proc/<pid>/stat gives both answers: the state ('Z' zombie, 'X' dead) and
 * the start time in clock ticks since boot, which a lock records beside the PID, with the boot id,
 * so a PID reused since, or one from before a reboot, is not taken for the owner. Elsewhere the
 * signal check is what there is (a zombie there counts as alive until it is reaped).
 */
import { readFile } from 'node:fs/promises';

/** Who owns a lock: enough to tell later whether that very process still runs. */
export interface ProcessIdentity {
  readonly pid: number;
  /** /proc/<pid>/stat start time (clock ticks since boot); null where there is no /proc. */
  readonly start: string | null;
  /** /proc/sys/kernel/random/boot_id; null where there is none. */
  readonly boot: string | null;
}

interface ProcStat {
  readonly state: string;
  readonly start: string;
}

/** State and start time of a process; undefined if there is none; null if /proc cannot say. */
async function procStat(pid: number): Promise<ProcStat | undefined | null> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return process.platform === 'linux' ? undefined : null;
    return null;
  }
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const start = fields[19]; // field 22 of the line, starttime
  return state && start ? { state, start } : null;
}

async function bootId(): Promise<string | null> {
  return readFile('/proc/sys/kernel/random/boot_id', 'utf8').then((t) => t.trim() || null, () => null);
}

let self: Promise<ProcessIdentity> | undefined;

/** This process's identity (computed once). */
export function selfIdentity(): Promise<ProcessIdentity> {
  self ??= (async () => {
    const stat = await procStat(process.pid);
    return { pid: process.pid, start: stat?.start ?? null, boot: stat ? await bootId() : null };
  })();
  return self;
}

function signalAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process `owner` names runs now, on this host (see the module comment). */
export async function isAlive(owner: { readonly pid: number; readonly start?: string | null; readonly boot?: string | null }): Promise<boolean> {
  if (!Number.isInteger(owner.pid) || owner.pid <= 0) return false;
  const me = await selfIdentity();
  if (owner.boot && me.boot && owner.boot !== me.boot) return false;
  const stat = await procStat(owner.pid);
  if (stat === null) return signalAlive(owner.pid);
  if (stat === undefined) return false;
  if (stat.state === 'Z' || stat.state === 'X' || stat.state === 'x') return false;
  return !owner.start || owner.start === stat.start;
}

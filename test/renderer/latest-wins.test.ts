/** Latest-wins requests: a newer submission cancels the stale one; nothing queues. */
import { describe, expect, it } from 'vitest';
import { LatestWins } from '../../renderer/src/state/latest-wins';
import { fakeClock } from './fake-clock';

interface Call {
  readonly input: number;
  readonly signal: AbortSignal;
  resolve(value: string): void;
  reject(error: unknown): void;
}

/** A task whose calls the test resolves by hand. */
function manualTask() {
  const calls: Call[] = [];
  const task = (input: number, signal: AbortSignal) =>
    new Promise<string>((resolve, reject) => calls.push({ input, signal, resolve, reject }));
  return { calls, task };
}

describe('LatestWins', () => {
  it('runs one request and returns its value', async () => {
    const { calls, task } = manualTask();
    const runner = new LatestWins(task);
    const outcome = runner.submit(1);
    expect(calls).toHaveLength(1);
    calls[0]!.resolve('one');
    await expect(outcome).resolves.toEqual({ status: 'done', value: 'one' });
    expect(runner.busy).toBe(false);
  });

  it('cancels the stale request when a newer one starts, and ignores its late answer', async () => {
    const { calls, task } = manualTask();
    const runner = new LatestWins(task);
    const first = runner.submit(1);
    const second = runner.submit(2);
    expect(calls.map((c) => c.input)).toEqual([1, 2]);
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(calls[1]!.signal.aborted).toBe(false);
    calls[0]!.resolve('late');
    calls[1]!.resolve('two');
    await expect(first).resolves.toEqual({ status: 'superseded' });
    await expect(second).resolves.toEqual({ status: 'done', value: 'two' });
  });

  it('never queues: within the minimum interval only the newest submission waits', async () => {
    const clock = fakeClock();
    const { calls, task } = manualTask();
    const runner = new LatestWins(task, { minIntervalMs: () => 50, ...clock });
    const a = runner.submit(1);
    const b = runner.submit(2);
    const c = runner.submit(3);
    // 1 started at once; 2 was replaced by 3 while waiting; one timer, not two.
    expect(calls.map((x) => x.input)).toEqual([1]);
    expect(clock.pending()).toBe(1);
    await expect(b).resolves.toEqual({ status: 'superseded' });
    // The running request may finish and be shown (an intermediate image during a drag).
    calls[0]!.resolve('one');
    await expect(a).resolves.toEqual({ status: 'done', value: 'one' });
    clock.advance(50);
    expect(calls.map((x) => x.input)).toEqual([1, 3]);
    calls[1]!.resolve('three');
    await expect(c).resolves.toEqual({ status: 'done', value: 'three' });
  });

  it('reports failures of the current request, not of cancelled ones', async () => {
    const { calls, task } = manualTask();
    const runner = new LatestWins(task);
    const first = runner.submit(1);
    const second = runner.submit(2);
    calls[0]!.reject(new Error('cancelled upstream'));
    calls[1]!.reject(new Error('decoder failed'));
    await expect(first).resolves.toEqual({ status: 'superseded' });
    await expect(second).resolves.toMatchObject({ status: 'failed', error: { message: 'decoder failed' } });
  });

  it('cancel() aborts the running request and drops the waiting one', async () => {
    const clock = fakeClock();
    const { calls, task } = manualTask();
    const runner = new LatestWins(task, { minIntervalMs: () => 100, ...clock });
    const a = runner.submit(1);
    const b = runner.submit(2);
    runner.cancel();
    expect(calls[0]!.signal.aborted).toBe(true);
    await expect(b).resolves.toEqual({ status: 'superseded' });
    calls[0]!.resolve('x');
    await expect(a).resolves.toEqual({ status: 'superseded' });
    clock.advance(200);
    expect(calls).toHaveLength(1);
    expect(runner.busy).toBe(false);
  });
});

/** When the browser editor announces a batch's end, and how (renderer/src/state/batch-notice.ts). */
import { describe, expect, it } from 'vitest';
import { batchEndMessage } from '../../electron/contract/batch-outcome';
import { noticeWay, outcomeOf, shouldAskPermission } from '../../renderer/src/state/batch-notice';

const long = { status: 'done' as const, elapsedSeconds: 30, ok: 4, failed: 0 };

describe('batch notices in the browser', () => {
  it('uses a system notification when permitted, a banner otherwise, nothing for short batches', () => {
    expect(noticeWay(long, { native: false, permission: 'granted' })).toBe('system');
    expect(noticeWay(long, { native: false, permission: 'denied' })).toBe('banner');
    expect(noticeWay(long, { native: false, permission: 'default' })).toBe('banner');
    expect(noticeWay(long, { native: false, permission: 'unsupported' })).toBe('banner');
    expect(noticeWay({ ...long, elapsedSeconds: 3 }, { native: false, permission: 'granted' })).toBe('none');
    expect(noticeWay({ ...long, elapsedSeconds: 3 }, { native: false, permission: 'denied', afterSeconds: 2 })).toBe('banner');
  });

  it('leaves the desktop app to its main process', () => {
    expect(noticeWay(long, { native: true, permission: 'granted' })).toBe('none');
    expect(shouldAskPermission(true, 'default')).toBe(false);
    expect(shouldAskPermission(false, 'default')).toBe(true);
    expect(shouldAskPermission(false, 'denied')).toBe(false);
  });

  it('reads how a batchRun answer ended', () => {
    expect(outcomeOf({ ok: true, value: { cancelled: false, ok: 3, failed: 1 } }, 12)).toEqual({ status: 'done', elapsedSeconds: 12, ok: 3, failed: 1 });
    expect(outcomeOf({ ok: true, value: { cancelled: true, ok: 3, failed: 0 } }, 12).status).toBe('cancelled');
    expect(outcomeOf({ ok: false, error: { code: 'cancelled', message: 'x' } }, 12).status).toBe('cancelled');
    expect(outcomeOf({ ok: false, error: { code: 'output-error', message: 'disk full' } }, 12)).toEqual({ status: 'failed', elapsedSeconds: 12, error: 'disk full' });
  });

  it('words the message with counts and time', () => {
    expect(batchEndMessage({ status: 'done', elapsedSeconds: 125, ok: 1, failed: 0 })).toEqual({ title: 'Batch finished', body: '1 image done, after 2 min.' });
    expect(batchEndMessage({ status: 'failed', elapsedSeconds: 11 }).body).toBe('unknown error (after 11 s).');
  });
});

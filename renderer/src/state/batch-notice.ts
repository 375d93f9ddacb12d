/**
 * How the browser editor announces the end of a batch (electron/contract/batch-outcome.ts says
 * when one is worth announcing): a system notification when the page may show one, an in-app
 * banner otherwise. The desktop app's main process notifies by itself, so its window does not.
 * Pure: unit-tested in test/renderer/batch-notice.test.ts.
 */
import { BATCH_NOTIFY_AFTER_SECONDS, worthNotifying, type BatchOutcome } from '../../../electron/contract/batch-outcome';
import { ErrorCode } from '../../../electron/contract/result';

export type NoticeWay = 'none' | 'system' | 'banner';

/** The Web Notification permission, or 'unsupported' where the API is missing. */
export type NotifyPermission = NotificationPermission | 'unsupported';

export interface NoticeContext {
  /** The desktop app (IPC): its main process shows the notification. */
  readonly native: boolean;
  readonly permission: NotifyPermission;
  readonly afterSeconds?: number;
}

export function noticeWay(outcome: BatchOutcome, context: NoticeContext): NoticeWay {
  if (context.native || !worthNotifying(outcome, context.afterSeconds ?? BATCH_NOTIFY_AFTER_SECONDS)) return 'none';
  return context.permission === 'granted' ? 'system' : 'banner';
}

/** Whether to ask for permission now (on the click that starts a batch: browsers want a gesture). */
export function shouldAskPermission(native: boolean, permission: NotifyPermission): boolean {
  return !native && permission === 'default';
}

/** How a `batchRun` answer ended, for the notice. */
export function outcomeOf(
  result: { ok: true; value: { cancelled: boolean; ok: number; failed: number } } | { ok: false; error: { code: string; message: string } },
  elapsedSeconds: number,
): BatchOutcome {
  if (result.ok) return { status: result.value.cancelled ? 'cancelled' : 'done', elapsedSeconds, ok: result.value.ok, failed: result.value.failed };
  if (result.error.code === ErrorCode.cancelled) return { status: 'cancelled', elapsedSeconds };
  return { status: 'failed', elapsedSeconds, error: result.error.message };
}

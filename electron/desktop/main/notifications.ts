/**
 * The desktop app's "batch ended" notification: Electron's Notification from the main process,
 * for batches that ran long enough (BATCH_NOTIFY_AFTER_SECONDS) that the user may have looked
 * away. The wording is shared with the browser's (electron/contract/batch-outcome.ts).
 */
import type { NotificationConstructorOptions } from 'electron';
import { BATCH_NOTIFY_AFTER_SECONDS, batchEndMessage, worthNotifying, type BatchOutcome } from '../../contract/batch-outcome';

/** The part of Electron's Notification class used here (tests pass a fake). */
export interface NotificationClass {
  new (options: NotificationConstructorOptions): { show(): void };
  isSupported(): boolean;
}

export function batchNotifier(Notification: NotificationClass, afterSeconds = BATCH_NOTIFY_AFTER_SECONDS): (outcome: BatchOutcome) => void {
  return (outcome) => {
    if (!worthNotifying(outcome, afterSeconds) || !Notification.isSupported()) return;
    const { title, body } = batchEndMessage(outcome);
    new Notification({ title: `Reseed: ${title.toLowerCase()}`, body, silent: outcome.status === 'cancelled' }).show();
  };
}

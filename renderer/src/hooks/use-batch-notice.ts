/**
 * The browser's "batch ended" notice: permission is asked on the click that starts a batch (a
 * user gesture, as browsers require), and a batch that ran longer than the threshold ends with a
 * Web Notification when allowed, an in-app banner otherwise (state/batch-notice.ts decides).
 */
import { useCallback, useState } from 'react';
import { batchEndMessage, type BatchOutcome } from '../../../electron/contract/batch-outcome';
import { noticeWay, shouldAskPermission, type NotifyPermission } from '../state/batch-notice';

function permission(): NotifyPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export function useBatchNotice(native: boolean, afterSeconds?: number) {
  const [banner, setBanner] = useState<{ title: string; body: string } | null>(null);

  /** Call from the click that starts the batch. */
  const ask = useCallback(() => {
    setBanner(null);
    if (shouldAskPermission(native, permission())) void Notification.requestPermission().catch(() => undefined);
  }, [native]);

  const announce = useCallback(
    (outcome: BatchOutcome) => {
      const way = noticeWay(outcome, { native, permission: permission(), afterSeconds });
      if (way === 'none') return;
      const message = batchEndMessage(outcome);
      if (way === 'system') {
        try {
          new Notification(`Reseed: ${message.title.toLowerCase()}`, { body: message.body });
          return;
        } catch {
          // Some browsers only notify from a service worker: fall back to the banner.
        }
      }
      setBanner(message);
    },
    [native, afterSeconds],
  );

  return { ask, announce, banner, dismiss: useCallback(() => setBanner(null), []) };
}

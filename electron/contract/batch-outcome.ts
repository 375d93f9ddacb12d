/**
 * How a batch ended, and the notification it earns: only a batch that ran long enough for the
 * user to look away (about 10 s) is announced, by Electron's Notification in the desktop app and
 * by the Web Notification API (or an in-app banner) in the browser. Shared so both say the same.
 * Runs in the renderer too: no Node or electron imports.
 */

/** Batches shorter than this end without a notification (the user is still watching). */
export const BATCH_NOTIFY_AFTER_SECONDS = 10;

export type BatchEndStatus = 'done' | 'cancelled' | 'failed';

export interface BatchOutcome {
  readonly status: BatchEndStatus;
  readonly elapsedSeconds: number;
  /** Images done and failed in this run (a failed run may not know them). */
  readonly ok?: number;
  readonly failed?: number;
  /** Why a failed run stopped. */
  readonly error?: string;
}

export function worthNotifying(outcome: Pick<BatchOutcome, 'elapsedSeconds'>, afterSeconds = BATCH_NOTIFY_AFTER_SECONDS): boolean {
  return Number.isFinite(outcome.elapsedSeconds) && outcome.elapsedSeconds >= afterSeconds;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 90 ? `${minutes} min` : `${(seconds / 3600).toFixed(1)} h`;
}

/** The notification's title and body. */
export function batchEndMessage(outcome: BatchOutcome): { title: string; body: string } {
  const counts = outcome.ok === undefined ? '' : `${plural(outcome.ok, 'image')} done${outcome.failed ? `, ${outcome.failed} failed` : ''}, `;
  const after = `after ${duration(outcome.elapsedSeconds)}`;
  switch (outcome.status) {
    case 'done':
      return { title: 'Batch finished', body: `${counts}${after}.` };
    case 'cancelled':
      return { title: 'Batch cancelled', body: `${counts}stopped ${after}. Run it again to resume.` };
    case 'failed':
      return { title: 'Batch failed', body: `${outcome.error ?? 'unknown error'} (${after}).` };
  }
}

/**
 * An error the user can act on, in the window: what happened, what to do about it there (the
 * hint fits the place: state/error-hints.ts), and the editor stays usable. The `info` tone is for
 * news that is not a failure (a long batch ended while the page had no notification permission).
 */
import type { ErrorInfo } from '../../../electron/contract/result';
import { hintFor, type HintContext } from '../state/error-hints';

export function NoticeBanner({
  error,
  onDismiss,
  action,
  tone = 'error',
  context = 'editor',
}: {
  error: ErrorInfo;
  onDismiss?: () => void;
  action?: { label: string; run: () => void };
  tone?: 'error' | 'info';
  /** Where the error happened: picks the hint. */
  context?: HintContext;
}) {
  const hint = tone === 'info' ? null : hintFor(error, context);
  return (
    <div className={tone === 'info' ? 'notice info' : 'notice'} role={tone === 'info' ? 'status' : 'alert'} data-code={error.code}>
      <p>
        <strong>{error.message}</strong>
        {hint !== null ? <span className="hint"> {hint}</span> : null}
      </p>
      {action ? (
        <button type="button" onClick={action.run}>
          {action.label}
        </button>
      ) : null}
      {onDismiss ? (
        <button type="button" onClick={onDismiss} aria-label="Dismiss the message">
          ✕
        </button>
      ) : null}
    </div>
  );
}

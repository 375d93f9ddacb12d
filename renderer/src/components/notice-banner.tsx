/**
 * An error the user can act on, in the window: what happened, and the editor stays usable. The
 * `info` tone is for news that is not a failure (a long batch ended while the page had no
 * notification permission).
 */
import type { ErrorInfo } from '../../../electron/contract/result';

const HINTS: Record<string, string> = {
  'input-error': 'Open another picture; the current one is kept.',
  'pack-error': 'Fix or replace the model pack, then retry.',
  'provider-error': 'Try --provider cpu.',
  transport: 'Restart reseed serve and reload this page.',
  unauthorized: 'Open the address reseed serve printed (it carries the token).',
};

export function NoticeBanner({
  error,
  onDismiss,
  action,
  tone = 'error',
}: {
  error: ErrorInfo;
  onDismiss?: () => void;
  action?: { label: string; run: () => void };
  tone?: 'error' | 'info';
}) {
  return (
    <div className={tone === 'info' ? 'notice info' : 'notice'} role={tone === 'info' ? 'status' : 'alert'} data-code={error.code}>
      <p>
        <strong>{error.message}</strong>
        {HINTS[error.code] ? <span className="hint"> {HINTS[error.code]}</span> : null}
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

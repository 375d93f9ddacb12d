/** An error the user can act on, in the window: what happened, and the editor stays usable. */
import type { ErrorInfo } from '../../../electron/shared/result';

const HINTS: Record<string, string> = {
  'input-error': 'Open another picture; the current one is kept.',
  'pack-error': 'Fix or replace the model pack, then retry.',
  'provider-error': 'Try --provider cpu.',
  transport: 'Restart reseed serve and reload this page.',
  unauthorized: 'Open the address reseed serve printed (it carries the token).',
};

export function NoticeBanner({ error, onDismiss, action }: { error: ErrorInfo; onDismiss?: () => void; action?: { label: string; run: () => void } }) {
  return (
    <div className="notice" role="alert" data-code={error.code}>
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

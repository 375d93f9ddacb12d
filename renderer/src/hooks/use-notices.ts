/**
 * The editor's notice banner: one message at a time, either a failure (error tone) or news
 * (info tone). A pack switch's notice says what the switch cleared; news that arrives right
 * after it (a face found for the new pack) is added to it, so the switch is not hidden.
 */
import { useCallback, useRef, useState } from 'react';
import { ErrorCode, type ErrorInfo } from '../../../electron/contract/result';

export interface Notice {
  readonly id: number;
  readonly error: ErrorInfo;
  /** `info`: news, not a failure (a pack switch cleared the undo history). */
  readonly tone?: 'error' | 'info';
}

const PACK_SWITCHED = ErrorCode.packSwitched;

export function useNotices() {
  const [notice, setNotice] = useState<Notice | null>(null);
  // A fresh id per notice: the banner is keyed by it, so the same message twice shows as new.
  const noticeId = useRef(0);

  const report = useCallback((error: ErrorInfo) => {
    if (error.code === ErrorCode.cancelled) return;
    setNotice({ id: ++noticeId.current, error });
  }, []);
  const dismiss = useCallback(() => setNotice(null), []);
  /** News (info tone); added to a pack switch's notice rather than hiding it. */
  const inform = useCallback((code: ErrorCode, message: string) => {
    setNotice((n) => (n?.error.code === PACK_SWITCHED ? (n.error.message.includes(message) ? n : { ...n, error: { ...n.error, message: `${n.error.message} ${message}.` } }) : { id: ++noticeId.current, error: { code, message }, tone: 'info' }));
  }, []);
  /** A pack switch's notice; null: the switch had nothing to say, and the banner clears. */
  const packSwitched = useCallback((message: string | null) => {
    setNotice(message === null ? null : { id: ++noticeId.current, error: { code: PACK_SWITCHED, message }, tone: 'info' });
  }, []);

  return { notice, report, dismiss, inform, packSwitched };
}

/**
 * A modal <dialog> shown while its component is mounted: showModal (the rest of the page inert,
 * Escape closes), focus on its Close button, and `onClose` reported as the box starts to close.
 * The About box and the shortcut sheet both use it.
 */
import { useEffect, useRef } from 'react';

/**
 * Calls `onClose` once, as the dialog starts to close rather than a task later. The `close` event
 * is queued after the box has already disappeared, so a key pressed in between (Escape, then F1 at
 * once) found the caller still holding the box open: its "open" was a no-op, and the late event
 * then shut the box down for good. `cancel` (Escape, a close request) and the `method="dialog"`
 * form's `submit` come before the box closes; `close` stays for any other way of closing it.
 */
export function watchDialogClose(dialog: EventTarget, onClose: () => void): () => void {
  let done = false;
  const closing = () => {
    if (done) return;
    done = true;
    onClose();
  };
  const events = ['cancel', 'submit', 'close'] as const;
  for (const type of events) dialog.addEventListener(type, closing);
  return () => {
    for (const type of events) dialog.removeEventListener(type, closing);
  };
}

export function useModalDialog(onClose: () => void) {
  const dialog = useRef<HTMLDialogElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (!element.open) element.showModal?.();
    closeButton.current?.focus();
    const unwatch = watchDialogClose(element, () => onCloseRef.current());
    return () => {
      unwatch();
      if (element.open) element.close();
    };
  }, []);

  return { dialog, closeButton };
}

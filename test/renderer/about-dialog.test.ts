/**
 * The About box says it is closing in the same task as Escape or Close (issue #15): a shortcut
 * pressed right after must find the editor's state already closed. A stand-in dialog plays the
 * browser's order of events: `cancel` or the form's `submit` first, then the box closes, and
 * `close` only in a later task.
 */
import { describe, expect, it, vi } from 'vitest';
import { watchDialogClose } from '../../renderer/src/hooks/use-modal-dialog';

class BrowserDialog extends EventTarget {
  open = true;

  /** Escape: a close request. */
  pressEscape(): void {
    this.dispatchEvent(new Event('cancel', { cancelable: true }));
    this.shut();
  }

  /** Enter or a click on the `method="dialog"` form's button (its submit bubbles to the dialog). */
  submitForm(): void {
    this.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    this.shut();
  }

  /** dialog.close() from code: only the queued `close` event tells. */
  closeFromCode(): void {
    this.shut();
  }

  private shut(): void {
    this.open = false;
    setTimeout(() => this.dispatchEvent(new Event('close')), 0);
  }
}

/** Lets the queued `close` event fire. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('watchDialogClose', () => {
  it('reports Escape before the close event arrives, and only once', async () => {
    const dialog = new BrowserDialog();
    const onClose = vi.fn();
    watchDialogClose(dialog, onClose);
    dialog.pressEscape();
    expect(onClose).toHaveBeenCalledTimes(1);
    await nextTask();
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('reports the Close button before the close event arrives, and only once', async () => {
    const dialog = new BrowserDialog();
    const onClose = vi.fn();
    watchDialogClose(dialog, onClose);
    dialog.submitForm();
    expect(onClose).toHaveBeenCalledTimes(1);
    await nextTask();
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('still reports a close that only the close event tells of', async () => {
    const dialog = new BrowserDialog();
    const onClose = vi.fn();
    watchDialogClose(dialog, onClose);
    dialog.closeFromCode();
    expect(onClose).not.toHaveBeenCalled();
    await nextTask();
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('Escape then F1 at once: the box F1 opens stays open', async () => {
    // The editor's state as editor-app keeps it: one flag, a dialog mounted while it is true.
    let about = true;
    let mounted: { dialog: BrowserDialog; unwatch: () => void } | null = null;
    const render = () => {
      if (about && mounted === null) {
        const dialog = new BrowserDialog();
        mounted = { dialog, unwatch: watchDialogClose(dialog, () => setAbout(false)) };
      } else if (!about && mounted !== null) {
        mounted.unwatch();
        mounted = null;
      }
    };
    const setAbout = (value: boolean) => {
      about = value;
      render();
    };
    render();
    const first = mounted!.dialog;
    first.pressEscape();
    setAbout(true); // F1, before the first box's close event
    await nextTask();
    expect(about).toBe(true);
    expect(mounted!.dialog).not.toBe(first);
    expect(mounted!.dialog.open).toBe(true);
  });

  it('stops listening when unwatched', async () => {
    const dialog = new BrowserDialog();
    const onClose = vi.fn();
    watchDialogClose(dialog, onClose)();
    dialog.pressEscape();
    await nextTask();
    expect(onClose).not.toHaveBeenCalled();
  });
});

/**
 * The shortcut sheet (`?`, or the header's "Shortcuts" button): every keyboard shortcut of the
 * editor, grouped, in a modal <dialog> like the About box. Escape or Close shuts it.
 */
import { SHORTCUT_GROUPS } from '../state/shortcuts';
import { useModalDialog } from '../hooks/use-modal-dialog';

export function ShortcutSheet({ onClose }: { onClose: () => void }) {
  const { dialog, closeButton } = useModalDialog(onClose);

  return (
    <dialog ref={dialog} className="about-dialog shortcut-sheet" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      {SHORTCUT_GROUPS.map((group) => (
        <section key={group.title} aria-label={group.title}>
          <h3>{group.title}</h3>
          <dl className="shortcut-list">
            {group.keys.map(([keys, what]) => (
              <div key={keys} className="shortcut">
                <dt>
                  <kbd>{keys}</kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <p className="muted">On a Mac, ⌘ works wherever Ctrl is named.</p>
      <form method="dialog" className="about-actions">
        <button type="submit" ref={closeButton} aria-label="Close the shortcut list">
          Close
        </button>
      </form>
    </dialog>
  );
}

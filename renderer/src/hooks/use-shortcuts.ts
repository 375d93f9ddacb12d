/** Wires the keyboard shortcuts (state/shortcuts.ts) to the editor's actions, window-wide. */
import { useEffect, useRef } from 'react';
import { endsCompare, shortcutFor, type ShortcutAction } from '../state/shortcuts';

export type ShortcutHandlers = Record<Exclude<ShortcutAction, 'compare'>, () => void> & {
  /** Compare is held: true on key down, false on key up or when the window loses focus. */
  readonly compare: (held: boolean) => void;
};

export function useShortcuts(handlers: ShortcutHandlers): void {
  // The latest handlers without re-subscribing on every render.
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    /** The physical key that started the comparison (its release ends it, whatever it types then). */
    let compareCode: string | null = null;
    const down = (event: KeyboardEvent) => {
      const action = shortcutFor(event, event.target as HTMLElement | null);
      if (action === null) return;
      event.preventDefault();
      if (action === 'compare') {
        if (!event.repeat) {
          compareCode = event.code;
          ref.current.compare(true);
        }
        return;
      }
      if (event.repeat && action !== 'undo' && action !== 'redo') return;
      ref.current[action]();
    };
    const up = (event: KeyboardEvent) => {
      if (!endsCompare(event, compareCode)) return;
      compareCode = null;
      ref.current.compare(false);
    };
    const blur = () => {
      compareCode = null;
      ref.current.compare(false);
    };
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, []);
}

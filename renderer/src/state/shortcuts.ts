/**
 * The editor's keyboard shortcuts, as a pure mapping from a key event to an action (unit-tested):
 *   Ctrl/⌘+O open · Ctrl/⌘+S export at the model's size · Ctrl/⌘+E or Ctrl/⌘+Shift+S export
 *   enlarged · Ctrl/⌘+Z undo · Ctrl/⌘+Shift+Z or Ctrl/⌘+Y redo · Ctrl/⌘+Enter embed ·
 *   hold \ to compare with the original · F1 the About box.
 * Inside a text or number field, undo/redo stay the field's own.
 */

export type ShortcutAction = 'open' | 'export' | 'export-upscaled' | 'undo' | 'redo' | 'embed' | 'compare' | 'about';

export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

export interface TargetLike {
  readonly tagName?: string;
  readonly type?: string;
  readonly isContentEditable?: boolean;
}

export const COMPARE_KEY = '\\';

/** Fields where typing (and the field's own undo) must win over the editor's shortcuts. */
export function isTextField(target: TargetLike | null | undefined): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = (target.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA') return true;
  if (tag !== 'INPUT') return false;
  return !['range', 'checkbox', 'radio', 'button', 'submit', 'file', 'color'].includes((target.type ?? 'text').toLowerCase());
}

export function shortcutFor(event: KeyLike, target?: TargetLike | null): ShortcutAction | null {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (!mod) {
    if (key === COMPARE_KEY && !event.altKey && !isTextField(target)) return 'compare';
    if (key === 'F1' && !event.altKey && !event.shiftKey) return 'about';
    return null;
  }
  if (event.altKey) return null;
  switch (key) {
    case 'o':
      return event.shiftKey ? null : 'open';
    case 's':
      return event.shiftKey ? 'export-upscaled' : 'export';
    case 'e':
      return 'export-upscaled';
    case 'enter':
    case 'Enter':
      return 'embed';
    case 'z':
      if (isTextField(target)) return null;
      return event.shiftKey ? 'redo' : 'undo';
    case 'y':
      return isTextField(target) ? null : 'redo';
    default:
      return null;
  }
}

/** The shortcut list for the help dialog / tooltips. */
export const SHORTCUT_HELP: readonly [string, string][] = [
  ['Ctrl+O', 'Open a picture'],
  ['Ctrl+Enter', 'Embed the crop'],
  ['Ctrl+S', "Export PNG at the model's size"],
  ['Ctrl+E', 'Export PNG enlarged'],
  ['Ctrl+Z', 'Undo'],
  ['Ctrl+Shift+Z / Ctrl+Y', 'Redo'],
  ['hold \\', 'Compare with the original'],
  ['F1', 'About Reseed: version, provider, packs and their licences'],
];

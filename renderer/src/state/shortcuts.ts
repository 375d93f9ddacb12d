/**
 * The editor's keyboard shortcuts, as a pure mapping from a key event to an action (unit-tested):
 *   Ctrl/⌘+O open · Ctrl/⌘+S export at the model's size · Ctrl/⌘+E or Ctrl/⌘+Shift+S export
 *   enlarged · Ctrl/⌘+Z undo · Ctrl/⌘+Shift+Z or Ctrl/⌘+Y redo · Ctrl/⌘+Enter embed ·
 *   hold \ to compare with the original · F1 the About box · ? the shortcut sheet.
 * Inside a text or number field, undo/redo, \ and ? stay the field's own.
 *
 * `\` is typed with AltGr on many layouts (German: AltGr+ß, which browsers on Windows report as
 * Ctrl+Alt; Linux reports AltGraph; macOS: ⌥⇧7): what counts is the character, not the modifiers
 * that made it. The same key's release ends the comparison even when AltGr was let go first and
 * the key then reports its own character (ß).
 */

export type ShortcutAction = 'open' | 'export' | 'export-upscaled' | 'undo' | 'redo' | 'embed' | 'compare' | 'about' | 'help';

export interface KeyLike {
  readonly key: string;
  /** The physical key (KeyboardEvent.code); optional for callers that only know the character. */
  readonly code?: string;
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
export const HELP_KEY = '?';

/** Fields where typing (and the field's own undo) must win over the editor's shortcuts. */
export function isTextField(target: TargetLike | null | undefined): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = (target.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA') return true;
  if (tag !== 'INPUT') return false;
  return !['range', 'checkbox', 'radio', 'button', 'submit', 'file', 'color'].includes((target.type ?? 'text').toLowerCase());
}

/**
 * A printed character typed with whatever modifiers the layout needs: no modifier, Shift, Alt
 * (macOS Option), or Ctrl+Alt together (AltGr on Windows). Ctrl or ⌘ alone is a command instead.
 */
function typedCharacter(event: KeyLike): boolean {
  if (event.metaKey) return false;
  return !event.ctrlKey || event.altKey;
}

export function shortcutFor(event: KeyLike, target?: TargetLike | null): ShortcutAction | null {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (key === COMPARE_KEY && typedCharacter(event)) return isTextField(target) ? null : 'compare';
  if (key === HELP_KEY && typedCharacter(event)) return isTextField(target) ? null : 'help';
  if (!mod) {
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

/**
 * Whether a key release ends a comparison that `pressedCode` started: the compare character
 * itself, or the same physical key whatever it reports now (AltGr released first).
 */
export function endsCompare(event: Pick<KeyLike, 'key' | 'code'>, pressedCode: string | null): boolean {
  if (event.key === COMPARE_KEY) return true;
  return pressedCode !== null && pressedCode !== '' && event.code === pressedCode;
}

/** Every shortcut, grouped, for the help sheet (`?`) and tooltips. */
export const SHORTCUT_GROUPS: readonly { readonly title: string; readonly keys: readonly (readonly [string, string])[] }[] = [
  {
    title: 'Editor',
    keys: [
      ['Ctrl+O', 'Open a picture'],
      ['Ctrl+V', 'Paste a picture (or drop one on the window)'],
      ['Ctrl+Enter', 'Embed the crop'],
      ['Ctrl+S', "Export PNG at the model's size"],
      ['Ctrl+E / Ctrl+Shift+S', 'Export PNG enlarged'],
      ['Ctrl+Z', 'Undo'],
      ['Ctrl+Shift+Z / Ctrl+Y', 'Redo'],
      ['hold \\', 'Compare with the original (AltGr+ß on a German keyboard)'],
      ['?', 'This list of shortcuts'],
      ['F1', 'About Reseed: version, provider, packs and their licences'],
      ['Esc', 'Close a dialog'],
    ],
  },
  {
    title: 'Photo (click it first)',
    keys: [
      ['← → ↑ ↓', 'Move the crop box (Shift: larger steps)'],
      ['+ / −', 'Resize the crop box (Shift: larger steps)'],
      ['Ctrl+wheel', 'Zoom at the pointer'],
      ['wheel / Shift+wheel', 'Pan the zoomed photo up-down / left-right'],
      ['Space+drag, middle drag', 'Pan the zoomed photo'],
      ['F', 'Fit the photo in view'],
      ['1', 'Zoom to 100 % (one photo pixel per screen pixel)'],
    ],
  },
  {
    title: 'Sliders (focus one)',
    keys: [
      ['← → / ↑ ↓', 'Move by one step; stops at 0 on the way'],
      ['Home / End', 'Minimum / maximum'],
      ['Double-click', 'Back to 0'],
    ],
  },
];

/** The shortcut list as pairs (key, what it does), every group in order. */
export const SHORTCUT_HELP: readonly (readonly [string, string])[] = SHORTCUT_GROUPS.flatMap((g) => g.keys);

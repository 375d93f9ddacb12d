/** Keyboard shortcuts: one action per key, text fields keep their own undo. */
import { describe, expect, it } from 'vitest';
import { endsCompare, isTextField, SHORTCUT_HELP, shortcutFor } from '../../renderer/src/state/shortcuts';

const key = (k: string, mods: Partial<{ ctrl: boolean; meta: boolean; shift: boolean; alt: boolean }> = {}) => ({
  key: k,
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  shiftKey: mods.shift ?? false,
  altKey: mods.alt ?? false,
});

describe('shortcuts', () => {
  it('maps the editor commands', () => {
    expect(shortcutFor(key('o', { ctrl: true }))).toBe('open');
    expect(shortcutFor(key('O', { meta: true }))).toBe('open');
    expect(shortcutFor(key('s', { ctrl: true }))).toBe('export');
    expect(shortcutFor(key('S', { ctrl: true, shift: true }))).toBe('export-upscaled');
    expect(shortcutFor(key('e', { ctrl: true }))).toBe('export-upscaled');
    expect(shortcutFor(key('z', { ctrl: true }))).toBe('undo');
    expect(shortcutFor(key('Z', { ctrl: true, shift: true }))).toBe('redo');
    expect(shortcutFor(key('y', { ctrl: true }))).toBe('redo');
    expect(shortcutFor(key('Enter', { ctrl: true }))).toBe('embed');
    expect(shortcutFor(key('\\'))).toBe('compare');
    expect(shortcutFor(key('F1'))).toBe('about');
    expect(shortcutFor(key('F1', { shift: true }))).toBeNull();
  });

  it('ignores plain keys and Alt combinations', () => {
    expect(shortcutFor(key('z'))).toBeNull();
    expect(shortcutFor(key('o', { ctrl: true, alt: true }))).toBeNull();
    expect(shortcutFor(key('q', { ctrl: true }))).toBeNull();
  });

  it('leaves undo and the compare key to text and number fields, not to sliders', () => {
    const number = { tagName: 'INPUT', type: 'number' };
    const range = { tagName: 'INPUT', type: 'range' };
    expect(isTextField(number)).toBe(true);
    expect(isTextField(range)).toBe(false);
    expect(isTextField({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(shortcutFor(key('z', { ctrl: true }), number)).toBeNull();
    expect(shortcutFor(key('\\'), { tagName: 'TEXTAREA' })).toBeNull();
    expect(shortcutFor(key('z', { ctrl: true }), range)).toBe('undo');
    expect(shortcutFor(key('s', { ctrl: true }), number)).toBe('export');
  });

  it('accepts \\ typed with AltGr (Windows reports Ctrl+Alt, Linux AltGraph, macOS Option)', () => {
    // German layout on Windows: AltGr+ß arrives as Ctrl+Alt with key "\\".
    expect(shortcutFor({ ...key('\\', { ctrl: true, alt: true }), code: 'Minus' })).toBe('compare');
    expect(shortcutFor(key('\\', { alt: true, shift: true }))).toBe('compare');
    // Ctrl+\\ or ⌘+\\ alone is a command chord, not the character.
    expect(shortcutFor(key('\\', { ctrl: true }))).toBeNull();
    expect(shortcutFor(key('\\', { meta: true }))).toBeNull();
    expect(shortcutFor(key('\\', { ctrl: true, alt: true }), { tagName: 'INPUT', type: 'text' })).toBeNull();
  });

  it('ends the comparison on the same key\'s release, even when AltGr went up first', () => {
    expect(endsCompare({ key: '\\', code: 'Backslash' }, 'Backslash')).toBe(true);
    // AltGr released first: the ß key now reports "ß", but it is the key that started it.
    expect(endsCompare({ key: 'ß', code: 'Minus' }, 'Minus')).toBe(true);
    expect(endsCompare({ key: 'AltGraph', code: 'AltRight' }, 'Minus')).toBe(false);
  });

  it('opens the shortcut sheet on ? (Shift+/ or Shift+ß), which lists every shortcut', () => {
    expect(shortcutFor(key('?', { shift: true }))).toBe('help');
    expect(shortcutFor(key('?', { shift: true }), { tagName: 'INPUT', type: 'text' })).toBeNull();
    const keys = SHORTCUT_HELP.map(([k]) => k).join(' | ');
    for (const k of ['Ctrl+O', 'Ctrl+Enter', 'Ctrl+S', 'Ctrl+E', 'Ctrl+Z', 'Ctrl+Y', 'hold \\', '?', 'F1', 'Ctrl+wheel', '+ / −', 'Home / End']) expect(keys).toContain(k);
  });
});


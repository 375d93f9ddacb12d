/** The renderer's root, rendered to HTML (no DOM needed): which state it starts in, and its labels. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { invokeChannels } from '../../electron/contract/channels';
import type { ReseedApi } from '../../electron/contract/contract';
import { App } from '../../renderer/src/app';

function pendingApi(): ReseedApi {
  const api: Record<string, unknown> = { on: vi.fn(() => () => {}) };
  for (const name of Object.keys(invokeChannels)) api[name] = vi.fn(() => new Promise(() => {}));
  return api as unknown as ReseedApi;
}

describe('renderer App', () => {
  it('says plainly when no API is present, and how to get one', () => {
    const html = renderToStaticMarkup(<App connection={null} />);
    expect(html).toContain('role="alert"');
    expect(html).toContain('no-api');
    expect(html).toContain('reseed serve');
  });

  it('renders the editor with every control labelled', () => {
    const html = renderToStaticMarkup(<App connection={{ api: pendingApi(), transport: 'http' }} />);
    for (const label of ['Open a picture (Ctrl+O)', 'Picture file', 'Recent pictures', 'Embedding method', 'Embed the crop (Ctrl+Enter)', 'Seed number', 'Random seed', 'Undo (Ctrl+Z)', 'Redo (Ctrl+Shift+Z)', 'Compare split: the original is shown left of the line', 'Reset all sliders']) {
      expect(html).toContain(`aria-label="${label}"`);
    }
    expect(html).toContain('Pack: —');
    // Every <button>, <input> and <select> carries a label.
    const controls = html.match(/<(button|input|select)\b[^>]*>/g) ?? [];
    expect(controls.length).toBeGreaterThan(8);
    for (const control of controls) expect(control).toMatch(/aria-label="[^"]+"|id="slider-/);
  });
});

/** The placeholder renderer page, rendered to HTML (no DOM needed): which state it starts in. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { ReseedApi } from '../../electron/shared/contract';
import { App } from '../../renderer/src/App';

describe('renderer App', () => {
  it('says plainly when no API is present', () => {
    const html = renderToStaticMarkup(<App api={null} />);
    expect(html).toContain('role="alert"');
    expect(html).toContain('no-api');
  });

  it('asks the engine when the bridge is there', () => {
    const api = { appInfo: vi.fn(() => new Promise(() => {})), on: vi.fn() } as unknown as ReseedApi;
    const html = renderToStaticMarkup(<App api={api} />);
    expect(html).toContain('Asking the engine');
  });
});

/** The main window's security options and build layout. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtLayout, mainWindowOptions } from '../../electron/desktop/main/window-options';

describe('mainWindowOptions', () => {
  const options = mainWindowOptions('/app/out/preload/index.cjs');
  const prefs = options.webPreferences ?? {};

  it('isolates and sandboxes the renderer, without Node', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and webviews off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
  });

  it('uses the given preload and waits for ready-to-show', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
    expect(options.show).toBe(false);
  });
});

describe('builtLayout', () => {
  it('finds the CommonJS preload and the renderer next to the bundled main script', () => {
    const out = path.resolve('/app/out');
    const layout = builtLayout(path.join(out, 'electron', 'main'));
    expect(layout.preload).toBe(path.join(out, 'preload', 'index.cjs'));
    expect(layout.rendererIndex).toBe(path.join(out, 'renderer', 'index.html'));
  });

  it('finds the same out/ folder when the main sources run directly', () => {
    const repo = path.resolve('/work/reseed');
    const layout = builtLayout(path.join(repo, 'electron', 'desktop', 'main'));
    expect(layout.preload).toBe(path.join(repo, 'out', 'preload', 'index.cjs'));
    expect(layout.rendererIndex).toBe(path.join(repo, 'out', 'renderer', 'index.html'));
  });
});

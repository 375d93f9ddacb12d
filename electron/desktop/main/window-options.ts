/**
 * The main window's options and where the built files sit, apart from index.ts so tests can assert
 * the security settings without starting anything.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import path from 'node:path';

export interface BuiltLayout {
  /** The sandboxed preload, CommonJS (sandboxed preloads cannot be ES modules). */
  preload: string;
  /** The built renderer, served to the window as app://reseed/ (app-protocol.ts). */
  rendererDir: string;
  rendererIndex: string;
}

/**
 * Paths of the build outputs seen from the main script's folder: out/electron/main when bundled
 * (scripts/build-electron.mjs writes out/preload/index.cjs, Vite writes out/renderer/), or
 * electron/desktop/main when the sources run directly (tests), where out/ sits at the repository root.
 */
export function builtLayout(mainDir: string): BuiltLayout {
  const up = path.resolve(mainDir, '..', '..');
  const out = path.basename(up) === 'out' ? up : path.join(path.resolve(mainDir, '..', '..', '..'), 'out');
  return {
    preload: path.join(out, 'preload', 'index.cjs'),
    rendererDir: path.join(out, 'renderer'),
    rendererIndex: path.join(out, 'renderer', 'index.html'),
  };
}

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    title: 'Reseed',
    width: 1280,
    height: 840,
    minWidth: 800,
    minHeight: 560,
    backgroundColor: '#1d1f21',
    // Shown on ready-to-show so the user never sees an empty white frame.
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

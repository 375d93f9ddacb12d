/**
 * The desktop shell's entry (bundled to out/electron/main/index.js, package.json "main"). Thin on
 * purpose: one hardened window, typed IPC, and the paths the engine needs. All logic that can run
 * without Electron lives elsewhere.
 */
import { app, BrowserWindow, ipcMain, session } from 'electron';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolveResources } from '../paths/resources';
import { ensureUserData, resolveUserData } from '../paths/user-data';
import { createHandlers } from './handlers';
import { registerIpcHandlers, trustedSenderCheck } from './ipc';
import { hardenSession, lockNavigation } from './security';
import { builtLayout, mainWindowOptions } from './window-options';

const layout = builtLayout(path.dirname(fileURLToPath(import.meta.url)));
const appUrl = pathToFileURL(layout.rendererIndex).href;

let mainWindow: BrowserWindow | null = null;

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(layout.preload));
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  window.loadFile(layout.rendererIndex).catch((error: unknown) => {
    console.error(`reseed: could not load ${layout.rendererIndex} (run npm run build):`, error);
  });
  return window;
}

async function onReady(): Promise<void> {
  hardenSession(session.defaultSession);
  const userData = await ensureUserData(resolveUserData({ electronUserData: app.getPath('userData') }));
  const resources = resolveResources({
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    appPath: app.getAppPath(),
  });
  const handlers = createHandlers({
    name: app.getName(),
    version: app.getVersion(),
    isPackaged: app.isPackaged,
    userData: userData.root,
    models: resources.models,
  });
  registerIpcHandlers(ipcMain, handlers, trustedSenderCheck(() => mainWindow, appUrl));
  mainWindow = createMainWindow();
}

// One instance: a second launch focuses the existing window instead of opening another.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  // Every web contents, including any created later, gets the same navigation lock.
  app.on('web-contents-created', (_event, contents) => lockNavigation(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (mainWindow === null && app.isReady()) mainWindow = createMainWindow();
  });
  app
    .whenReady()
    .then(onReady)
    .catch((error: unknown) => {
      console.error('reseed: the shell failed to start', error);
      app.exit(1);
    });
}

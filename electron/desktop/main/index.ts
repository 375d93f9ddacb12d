/**
 * The desktop shell's entry (bundled to out/electron/main/index.js, package.json "main"). Thin on
 * purpose: one hardened window showing app://reseed/ (app-protocol.ts), typed IPC, and the paths
 * the engine needs. All logic that can run without Electron lives elsewhere.
 */
import { app, BrowserWindow, dialog, ipcMain, Notification, protocol, session, shell } from 'electron';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackend, type Backend } from '../../backend/create-backend';
import { resolveResources } from '../../backend/resources';
import { ensureUserData, resolveUserData } from '../../backend/user-data';
import { eventChannels } from '../../contract/channels';
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, appProtocolHandler } from './app-protocol';
import { folderOpenDialog, imageOpenDialog } from './dialogs';
import { parseLaunchOptions } from './launch-options';
import { batchNotifier } from './notifications';
import { shellFolderOpener } from './shell-opener';
import { registerIpcHandlers, trustedSenderCheck } from './ipc';
import { hardenSession, lockNavigation } from './security';
import { builtLayout, mainWindowOptions } from './window-options';

const layout = builtLayout(path.dirname(fileURLToPath(import.meta.url)));

let mainWindow: BrowserWindow | null = null;
let backend: Backend | null = null;

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(layout.preload));
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  window.loadURL(APP_INDEX_URL).catch((error: unknown) => {
    console.error(`reseed: could not load ${APP_INDEX_URL} from ${layout.rendererDir} (run npm run build):`, error);
  });
  return window;
}

async function onReady(): Promise<void> {
  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, appProtocolHandler(layout.rendererDir));
  const userData = await ensureUserData(resolveUserData({ electronUserData: app.getPath('userData') }));
  const resources = resolveResources({
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    appPath: app.getAppPath(),
  });
  const launch = parseLaunchOptions(process.argv.slice(1));
  for (const warning of launch.warnings) console.warn(`reseed: ${warning}`);
  const send = (channel: string, payload: unknown) => {
    const window = mainWindow;
    if (window !== null && !window.isDestroyed()) window.webContents.send(channel, payload);
  };
  // The engine opens its pack on first use, so a broken or missing pack shows in the window
  // (as the editor's error message) instead of keeping the window from opening.
  backend = await createBackend({
    models: resources.models,
    userData,
    identity: { name: app.getName(), version: app.getVersion(), isPackaged: app.isPackaged },
    pack: launch.pack,
    // --provider wins; otherwise the preference saved in the settings panel.
    provider: launch.provider,
    // The home folder is allowed by default; folders picked in the native dialog are added.
    roots: [os.homedir()],
    persistRecent: true,
    emit: (event, payload) => send(eventChannels[event], payload),
    onBatchEnd: batchNotifier(Notification),
    chooseImagePath: imageOpenDialog(dialog, () => mainWindow),
    chooseFolderPath: folderOpenDialog(dialog, () => mainWindow),
    openFolder: shellFolderOpener(shell),
  });
  const handlers = backend.handlers;
  registerIpcHandlers(ipcMain, handlers, trustedSenderCheck(() => mainWindow, APP_INDEX_URL));
  mainWindow = createMainWindow();
}

// One instance: a second launch focuses the existing window instead of opening another.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Privileges can only be granted before the app is ready.
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  // Every web contents, including any created later, gets the same navigation lock.
  app.on('web-contents-created', (_event, contents) => lockNavigation(contents));
  app.on('will-quit', () => {
    void backend?.dispose();
  });
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

/**
 * The desktop shell's entry (bundled to out/electron/main/index.js, package.json "main"). Thin on
 * purpose: one hardened window, typed IPC, and the paths the engine needs. All logic that can run
 * without Electron lives elsewhere.
 */
import { app, BrowserWindow, dialog, ipcMain, Notification, session, shell } from 'electron';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ReseedEngine } from '../engine/engine';
import { resolveResources } from '../paths/resources';
import { ensureUserData, resolveUserData } from '../paths/user-data';
import { DirectionStore } from '../service/direction-store';
import { EditorService } from '../service/editor-service';
import { SettingsStore } from '../service/settings-store';
import { createWorkflows } from '../service/workflows';
import { eventChannels } from '../shared/channels';
import { folderOpenDialog, imageOpenDialog } from './dialogs';
import { createHandlers } from './handlers';
import { parseLaunchOptions } from './launch-options';
import { batchNotifier } from './notifications';
import { shellFolderOpener } from './shell-opener';
import { registerIpcHandlers, trustedSenderCheck } from './ipc';
import { hardenSession, lockNavigation } from './security';
import { builtLayout, mainWindowOptions } from './window-options';

const layout = builtLayout(path.dirname(fileURLToPath(import.meta.url)));
const appUrl = pathToFileURL(layout.rendererIndex).href;

let mainWindow: BrowserWindow | null = null;
let service: EditorService | null = null;

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
  const launch = parseLaunchOptions(process.argv.slice(1));
  const settings = new SettingsStore(userData.settings);
  for (const warning of launch.warnings) console.warn(`reseed: ${warning}`);
  // The engine opens its pack on first use, so a broken or missing pack shows in the window
  // (as the editor's error message) instead of keeping the window from opening.
  const engine = new ReseedEngine({
    packRoots: [
      { dir: resources.models, source: 'app' },
      { dir: userData.packs, source: 'user' },
    ],
    providerChoiceFile: path.join(userData.root, 'provider-choice.json'),
  });
  service = new EditorService({
    engine,
    pack: launch.pack,
    // --provider wins; otherwise the preference saved in the settings panel.
    provider: launch.provider === 'auto' ? (await settings.get()).provider : launch.provider,
    recentFile: path.join(userData.root, 'recent-files.json'),
    directions: new DirectionStore(userData.directions),
    emit: (event, payload) => {
      const window = mainWindow;
      if (window !== null && !window.isDestroyed()) window.webContents.send(eventChannels[event], payload);
    },
  });
  const send = (channel: string, payload: unknown) => {
    const window = mainWindow;
    if (window !== null && !window.isDestroyed()) window.webContents.send(channel, payload);
  };
  // The home folder is allowed by default; folders picked in the native dialog are added.
  const workflows = createWorkflows({
    service,
    engine,
    roots: [os.homedir()],
    userPacks: userData.packs,
    settings,
    emit: (event, payload) => send(eventChannels[event], payload),
    onBatchEnd: batchNotifier(Notification),
  });
  const handlers = createHandlers(
    {
      name: app.getName(),
      version: app.getVersion(),
      isPackaged: app.isPackaged,
      userData: userData.root,
      models: resources.models,
    },
    {
      service,
      workflows,
      chooseImagePath: imageOpenDialog(dialog, () => mainWindow),
      chooseFolderPath: folderOpenDialog(dialog, () => mainWindow),
      openFolder: shellFolderOpener(shell),
    },
  );
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
  app.on('will-quit', () => {
    void service?.dispose();
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

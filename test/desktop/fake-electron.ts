/**
 * A stand-in for the parts of the `electron` module the shell uses, for `vi.mock('electron')`.
 * Records what the shell did (windows created, handlers registered, session hooks) so tests can
 * assert it and drive the registered callbacks.
 */
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import { vi } from 'vitest';

let nextId = 1;

export class FakeFrame {
  constructor(
    public processId: number,
    public routingId: number,
    public url = '',
  ) {}
}

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly mainFrame = new FakeFrame(this.id + 100, 1);
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  /** Events pushed to the renderer (progress). */
  readonly send = vi.fn();

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  destroyed = false;

  constructor(public readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }

  async loadFile(file: string): Promise<void> {
    this.webContents.mainFrame.url = pathToFileURL(file).href;
  }

  async loadURL(url: string): Promise<void> {
    this.webContents.mainFrame.url = url;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  isMinimized(): boolean {
    return false;
  }
}

type HeadersListener = (
  details: { responseHeaders?: Record<string, string | string[]> },
  callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
) => void;

export const fakeSession = {
  headersListeners: [] as HeadersListener[],
  webRequest: {
    onHeadersReceived: vi.fn((listener: HeadersListener) => {
      fakeSession.headersListeners.push(listener);
    }),
  },
  setPermissionRequestHandler: vi.fn(),
  setPermissionCheckHandler: vi.fn(),
};

/** protocol: the schemes made privileged (and when), and the handlers installed per scheme. */
export const fakeProtocol = {
  handlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
  registerSchemesAsPrivileged: vi.fn((_schemes: { scheme: string; privileges?: Record<string, boolean> }[]) => {
    if (fakeApp.ready) throw new Error('registerSchemesAsPrivileged must be called before the app is ready');
  }),
  handle: vi.fn((scheme: string, handler: (request: Request) => Response | Promise<Response>) => {
    if (!fakeApp.ready) throw new Error('protocol.handle must be called after the app is ready');
    fakeProtocol.handlers.set(scheme, handler);
  }),
};

type InvokeListener = (event: unknown, ...args: unknown[]) => unknown;

export const fakeIpcMain = {
  handlers: new Map<string, InvokeListener>(),
  handle: vi.fn((channel: string, listener: InvokeListener) => {
    fakeIpcMain.handlers.set(channel, listener);
  }),
  removeHandler: vi.fn((channel: string) => {
    fakeIpcMain.handlers.delete(channel);
  }),
};

class FakeApp extends EventEmitter {
  isPackaged = false;
  /** Set once whenReady has resolved, as Electron's 'ready'. */
  ready = false;
  userDataPath = '/nonexistent/electron-user-data';
  appPath = '/repo';
  readonly quit = vi.fn();
  readonly exit = vi.fn();
  requestSingleInstanceLock = vi.fn(() => true);
  whenReady = vi.fn(() =>
    Promise.resolve().then(() => {
      this.ready = true;
    }),
  );
  isReady = vi.fn(() => true);
  getName = () => 'Reseed';
  getVersion = () => '0.1.0';
  getAppPath = () => this.appPath;
  getPath = (name: string) => {
    if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
    return this.userDataPath;
  };
}

export const fakeApp = new FakeApp();

/** The native open dialog: tests set what it answers. */
export const fakeDialog = {
  showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
};

/** Notifications shown (batch ended); tests read `shown` and may switch `supported` off. */
export class FakeNotification {
  static shown: { title?: string; body?: string; silent?: boolean }[] = [];
  static supported = true;
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  constructor(readonly options: { title?: string; body?: string; silent?: boolean }) {}
  show(): void {
    FakeNotification.shown.push(this.options);
  }
}

/** shell.openPath answers an error string, '' on success; tests set what it answers. */
export const fakeShell = {
  openPath: vi.fn(async (_path: string) => ''),
};

export const electronModule = {
  app: fakeApp,
  dialog: fakeDialog,
  Notification: FakeNotification,
  shell: fakeShell,
  BrowserWindow: FakeBrowserWindow,
  ipcMain: fakeIpcMain,
  protocol: fakeProtocol,
  session: { defaultSession: fakeSession },
};

import { EventEmitter } from 'node:events';

/**
 * A stand-in for the parts of the `electron` module the main process and the preload use. The
 * Electron binary cannot run on the build machines, so unit tests replace the module with this
 * (`vi.mock('electron', …)`). It records what the code asked for; it does not pretend to render.
 */

export class FakeFrame {
  detached = false;
  destroyed = false;
  constructor(
    public url: string,
    public parent: FakeFrame | null = null,
  ) {}
  get top(): FakeFrame {
    return this.parent === null ? this : this.parent.top;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

type Listener = (...args: never[]) => unknown;

export class FakeSession extends EventEmitter {
  permissionRequestHandler: Listener | null = null;
  permissionCheckHandler: Listener | null = null;
  devicePermissionHandler: Listener | null = null;
  spellCheckerEnabled = true;
  readonly webRequest = {
    beforeRequest: null as Listener | null,
    headersReceived: null as Listener | null,
    onBeforeRequest: (listener: Listener) => {
      this.webRequest.beforeRequest = listener;
    },
    onHeadersReceived: (listener: Listener) => {
      this.webRequest.headersReceived = listener;
    },
  };
  setPermissionRequestHandler(handler: Listener | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Listener | null): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: Listener | null): void {
    this.devicePermissionHandler = handler;
  }
  setSpellCheckerEnabled(enabled: boolean): void {
    this.spellCheckerEnabled = enabled;
  }
}

export class FakeWebContents extends EventEmitter {
  readonly session = new FakeSession();
  readonly mainFrame = new FakeFrame('about:blank');
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly sent: unknown[][] = [];
  destroyed = false;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  minimized = false;
  visible = false;
  focused = false;
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
    fakeElectron.app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focused = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  /** The person (or the code) closes the window; the fake closes at once. */
  close(): void {
    this.destroy();
  }
  /** Emits 'will-navigate' as a link or form submit in the page would; true when it was cancelled. */
  navigate(url: string): boolean {
    let prevented = false;
    this.webContents.emit('will-navigate', { url, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

/** `dialog.showMessageBox`: records each call (with or without a parent) and answers `response`. */
export interface FakeMessageBox {
  parent: FakeBrowserWindow | null;
  options: { type?: string; title?: string; message: string; buttons?: string[]; cancelId?: number; defaultId?: number };
}

export class FakeApp extends EventEmitter {
  hasLock = true;
  quitCalls = 0;
  exitCode: number | null = null;
  sandboxEnabled = false;
  isPackaged = false;
  name = 'buffert';
  readonly paths = new Map<string, string>();
  requestSingleInstanceLock(): boolean {
    return this.hasLock;
  }
  quit(): void {
    this.quitCalls += 1;
  }
  exit(code: number): void {
    this.exitCode = code;
  }
  ready = false;
  whenReady(): Promise<void> {
    return Promise.resolve().then(() => {
      this.ready = true;
    });
  }
  enableSandbox(): void {
    this.sandboxEnabled = true;
  }
  setName(name: string): void {
    this.name = name;
  }
  getVersion(): string {
    return '0.1.0-test';
  }
  getPath(name: string): string {
    const value = this.paths.get(name);
    if (value === undefined) throw new Error(`fake app: no path ${name}`);
    return value;
  }
  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }
  /** The card's PIN prompt (Linux). A test hides the method (own property undefined) to act as an Electron without it. */
  clientCertPasswordHandler: ((params: { hostname: string; tokenName: string; isRetry: boolean }) => Promise<string>) | null = null;
  setClientCertRequestPasswordHandler(handler: (params: { hostname: string; tokenName: string; isRetry: boolean }) => Promise<string>): void {
    this.clientCertPasswordHandler = handler;
  }
}

export class FakeIpcMain {
  readonly handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  handle(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown): void {
    // Electron refuses a second handler on one channel; so does the fake.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

/** `protocol`: what was registered as privileged (before ready) and which handlers are installed. */
export class FakeProtocol {
  privileged: Array<{ scheme: string; privileges?: Record<string, boolean> }> | null = null;
  /** Whether `app.whenReady()` had resolved when the schemes were registered (Electron forbids that). */
  registeredAfterReady = false;
  readonly handlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>): void {
    if (fakeElectron.app.ready) this.registeredAfterReady = true;
    this.privileged = schemes;
  }
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    if (this.handlers.has(scheme)) throw new Error(`The scheme has been handled: ${scheme}`);
    this.handlers.set(scheme, handler);
  }
  unhandle(scheme: string): void {
    this.handlers.delete(scheme);
  }
}

export class FakeIpcRenderer extends EventEmitter {
  readonly invoked: unknown[][] = [];
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push([channel, ...args]);
    return Promise.resolve({ ok: true, value: null });
  }
}

/**
 * safeStorage without an OS key store: `sealed` is the plain text behind a marker, reversible so
 * that tests can check what was stored; `available`/`backend` say what the machine offers.
 */
export class FakeSafeStorage {
  available = true;
  backend: 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown' = 'gnome_libsecret';
  /** Another account or machine: what was sealed here cannot be unsealed. */
  refuseUnseal = false;
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  getSelectedStorageBackend(): FakeSafeStorage['backend'] {
    return this.backend;
  }
  encryptString(text: string): Buffer {
    if (!this.available) throw new Error('Encryption is not available.');
    return Buffer.concat([Buffer.from('fake-sealed:'), Buffer.from(text, 'utf8').map((b) => b ^ 0x5a)]);
  }
  decryptString(sealed: Buffer): string {
    const marker = Buffer.from('fake-sealed:');
    if (this.refuseUnseal || !sealed.subarray(0, marker.length).equals(marker)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(sealed.subarray(marker.length).map((b) => b ^ 0x5a)).toString('utf8');
  }
}

export const fakeElectron = {
  safeStorage: new FakeSafeStorage(),
  app: new FakeApp(),
  BrowserWindow: FakeBrowserWindow,
  ipcMain: new FakeIpcMain(),
  ipcRenderer: new FakeIpcRenderer(),
  protocol: new FakeProtocol(),
  dialog: {
    errors: [] as Array<[string, string]>,
    showErrorBox(title: string, content: string) {
      fakeElectron.dialog.errors.push([title, content]);
    },
    messageBoxes: [] as FakeMessageBox[],
    /** The button the person presses in the next message boxes. */
    response: 0,
    showMessageBox(parentOrOptions: FakeBrowserWindow | FakeMessageBox['options'], maybeOptions?: FakeMessageBox['options']) {
      const parent = parentOrOptions instanceof FakeBrowserWindow ? parentOrOptions : null;
      const options = parentOrOptions instanceof FakeBrowserWindow ? maybeOptions! : parentOrOptions;
      fakeElectron.dialog.messageBoxes.push({ parent, options });
      return Promise.resolve({ response: fakeElectron.dialog.response, checkboxChecked: false });
    },
  },
  Menu: { applicationMenu: undefined as unknown, setApplicationMenu(menu: unknown) {
    fakeElectron.Menu.applicationMenu = menu;
  } },
  contextBridge: {
    exposed: new Map<string, unknown>(),
    exposeInMainWorld(key: string, api: unknown) {
      fakeElectron.contextBridge.exposed.set(key, api);
    },
  },
};

/** Fresh state for the next test (the module object itself stays, since `vi.mock` captured it). */
export function resetFakeElectron(): void {
  fakeElectron.app.removeAllListeners();
  Object.assign(fakeElectron.app, { hasLock: true, quitCalls: 0, exitCode: null, sandboxEnabled: false, isPackaged: false, name: 'buffert', ready: false });
  Object.assign(fakeElectron.protocol, { privileged: null, registeredAfterReady: false });
  fakeElectron.protocol.handlers.clear();
  fakeElectron.dialog.errors.length = 0;
  fakeElectron.dialog.messageBoxes.length = 0;
  fakeElectron.dialog.response = 0;
  fakeElectron.app.clientCertPasswordHandler = null;
  Reflect.deleteProperty(fakeElectron.app, 'setClientCertRequestPasswordHandler');
  fakeElectron.app.paths.clear();
  Object.assign(fakeElectron.safeStorage, { available: true, backend: 'gnome_libsecret', refuseUnseal: false });
  fakeElectron.ipcMain.handlers.clear();
  fakeElectron.ipcRenderer.removeAllListeners();
  fakeElectron.ipcRenderer.invoked.length = 0;
  fakeElectron.contextBridge.exposed.clear();
  fakeElectron.Menu.applicationMenu = undefined;
  FakeBrowserWindow.instances = [];
}

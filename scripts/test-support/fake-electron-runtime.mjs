/**
 * Just enough of Electron's main-process API to run the bundled main process in plain Node:
 * the app becomes ready at once, the window "loads" its URL, and then the fake plays the page:
 * it calls the IPC router once as our own main frame and once as a subframe, prints every
 * step as one JSON line on stdout, and quits. Used by scripts/build-electron.test.ts.
 */
import { EventEmitter } from 'node:events';

const report = (step, data = {}) => process.stdout.write(`${JSON.stringify({ step, ...data })}\n`);

class Frame {
  constructor(url, parent = null) {
    this.url = url;
    this.parent = parent;
    this.detached = false;
  }
  get top() {
    return this.parent === null ? this : this.parent.top;
  }
  isDestroyed() {
    return false;
  }
}

class Session extends EventEmitter {
  constructor() {
    super();
    this.webRequest = { onBeforeRequest() {}, onHeadersReceived() {} };
  }
  setPermissionRequestHandler() {}
  setPermissionCheckHandler() {}
  setDevicePermissionHandler() {}
  setSpellCheckerEnabled() {}
}

class WebContents extends EventEmitter {
  constructor() {
    super();
    this.session = new Session();
    this.mainFrame = new Frame('about:blank');
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  send(channel, ...args) {
    report('send', { channel, args });
  }
  isDestroyed() {
    return false;
  }
}

const handlers = new Map();
export const ipcMain = {
  handle(channel, handler) {
    handlers.set(channel, handler);
    report('ipc-handle', { channel });
  },
  removeHandler(channel) {
    handlers.delete(channel);
    report('ipc-remove', { channel });
  },
};

class App extends EventEmitter {
  constructor() {
    super();
    this.isPackaged = false;
    this.paths = new Map([['userData', process.env.FAKE_ELECTRON_USER_DATA ?? '/nonexistent']]);
  }
  setName(name) {
    report('set-name', { name });
  }
  getPath(name) {
    return this.paths.get(name);
  }
  setPath(name, value) {
    this.paths.set(name, value);
  }
  requestSingleInstanceLock() {
    return process.env.FAKE_ELECTRON_LOCKED !== '1';
  }
  enableSandbox() {
    report('sandbox');
  }
  getVersion() {
    return '0.0.0-smoke';
  }
  whenReady() {
    return Promise.resolve();
  }
  quit() {
    report('quit');
    this.emit('will-quit');
    setImmediate(() => process.exit(0));
  }
  exit(code) {
    process.exit(code);
  }
}
export const app = new App();

export const Menu = { setApplicationMenu() {} };

export const dialog = {
  showErrorBox(title, content) {
    report('error-box', { title, content });
  },
};

/** The app:// scheme: registered as privileged, then handled; the fake page fetches through it. */
const protocolHandlers = new Map();
export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    report('privileged-schemes', { schemes });
  },
  handle(scheme, handler) {
    protocolHandlers.set(scheme, handler);
    report('protocol-handle', { scheme });
  },
};

/** The desktop's file opener: the print fallback hands the PDF to the system viewer (decision 0039). */
export const shell = {
  openPath(file) {
    report('open-path', { file });
    return Promise.resolve('');
  },
};

/** An OS key store that seals reversibly (the real one is DPAPI / Keychain / libsecret). */
const SEALED = Buffer.from('fake-sealed:');
export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (text) => Buffer.concat([SEALED, Buffer.from(text, 'utf8')]),
  decryptString: (sealed) => sealed.subarray(SEALED.length).toString('utf8'),
};

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.webContents = new WebContents();
    report('window', { webPreferences: options.webPreferences });
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url) {
    this.webContents.mainFrame.url = url;
    report('load', { url: url.startsWith('data:') ? decodeURIComponent(url) : url });
    if (url.startsWith('data:')) return setImmediate(() => app.quit());
    // The page as Chromium would get it: through the app protocol handler.
    const serve = protocolHandlers.get(new URL(url).protocol.replace(/:$/, ''));
    const page = serve ? await serve(new Request(url)) : null;
    const escape = serve ? await serve(new Request('app://buffert/../../../../etc/passwd')) : null;
    report('fetch-page', { status: page?.status ?? null, type: page?.headers.get('content-type') ?? null, escapeStatus: escape?.status ?? null });
    const handler = handlers.get('buffert:invoke');
    const own = { sender: this.webContents, senderFrame: this.webContents.mainFrame };
    report('invoke-own', { result: await handler(own, 'app.status', {}) });
    const sub = { sender: this.webContents, senderFrame: new Frame(url, this.webContents.mainFrame) };
    report('invoke-subframe', { result: await handler(sub, 'app.status', {}) });
    setImmediate(() => app.quit());
  }
  once(event, listener) {
    return super.once(event, listener);
  }
  isDestroyed() {
    return false;
  }
  destroy() {}
}

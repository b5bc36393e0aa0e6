/**
 * A stand-in for the `electron` module (the binary cannot run here, DESIGN §7): plain objects
 * with the methods the main process calls, recording what it did so tests can assert on it.
 * Either `vi.mock('electron', async () => (await import('<this file>')).createFakeElectron())` once
 * per file and `currentFake()` to reach it, or, for a fresh fake per test, `vi.resetModules()`,
 * `vi.doMock('electron', () => fake)` and a dynamic import of the module under test.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export interface FakeEvent {
  preventDefault: () => void;
  defaultPrevented: boolean;
}

export function fakeEvent(): FakeEvent {
  const event: FakeEvent = {
    defaultPrevented: false,
    preventDefault: () => {
      event.defaultPrevented = true;
    },
  };
  return event;
}

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: WindowOpenHandler | undefined;
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
}

type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void;
type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;

export class FakeSession extends EventEmitter {
  headersListener: HeadersListener | undefined;
  permissionRequestHandler: PermissionRequestHandler | undefined;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | undefined;
  devicePermissionHandler: ((...args: unknown[]) => boolean) | undefined;
  readonly webRequest = {
    onHeadersReceived: vi.fn((listener: HeadersListener) => {
      this.headersListener = listener;
    }),
  };
  setPermissionRequestHandler = vi.fn((handler: PermissionRequestHandler) => {
    this.permissionRequestHandler = handler;
  });
  setPermissionCheckHandler = vi.fn((handler: (...args: unknown[]) => boolean) => {
    this.permissionCheckHandler = handler;
  });
  setDevicePermissionHandler = vi.fn((handler: (...args: unknown[]) => boolean) => {
    this.devicePermissionHandler = handler;
  });
}

export function createFakeElectron() {
  const windows: FakeBrowserWindow[] = [];
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });

  class FakeBrowserWindow extends EventEmitter {
    static getAllWindows = vi.fn(() => windows.filter((w) => !w.destroyed));
    readonly webContents = new FakeWebContents();
    destroyed = false;
    minimized = false;
    loadFile = vi.fn((_path: string) => Promise.resolve());
    loadURL = vi.fn((_url: string) => Promise.resolve());
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn(() => {
      this.minimized = false;
    });
    isMinimized = vi.fn(() => this.minimized);
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
      // Electron emits this for every new WebContents; the app hardens them there.
      queueMicrotask(() => app.emit('web-contents-created', fakeEvent(), this.webContents));
    }
    close(): void {
      this.destroyed = true;
      this.emit('closed');
    }
  }

  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    singleInstance: true,
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => app.singleInstance),
    quit: vi.fn(),
    exit: vi.fn(),
    getVersion: vi.fn(() => '9.8.7'),
    setAboutPanelOptions: vi.fn(),
    whenReady: vi.fn(() => ready),
    /** Test control: resolves whenReady() and lets its continuation run. */
    async becomeReady(): Promise<void> {
      resolveReady();
      await ready;
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  });

  const ipcHandlers = new Map<string, (...args: unknown[]) => unknown>();
  const ipcMain = {
    handlers: ipcHandlers,
    handle: vi.fn((channel: string, listener: (...args: unknown[]) => unknown) => {
      if (ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
      ipcHandlers.set(channel, listener);
    }),
  };

  const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  const protocol = {
    handlers: protocolHandlers,
    /** Electron requires this before `ready`; the fake records when it was called. */
    registerSchemesAsPrivileged: vi.fn((_schemes: { scheme: string; privileges?: Record<string, boolean> }[]) => {}),
    handle: vi.fn((scheme: string, handler: (request: Request) => Response | Promise<Response>) => {
      if (protocolHandlers.has(scheme)) throw new Error(`second handler for ${scheme}:`);
      protocolHandlers.set(scheme, handler);
    }),
  };

  const menu = {
    buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
    setApplicationMenu: vi.fn(),
  };

  const fake = {
    app,
    BrowserWindow: FakeBrowserWindow,
    windows,
    ipcMain,
    protocol,
    Menu: menu,
    session: { defaultSession: new FakeSession() },
    shell: { openExternal: vi.fn((_url: string) => Promise.resolve()) },
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: { invoke: vi.fn(), send: vi.fn(), on: vi.fn() },
  };
  (globalThis as { [LATEST]?: FakeElectron })[LATEST] = fake;
  return fake;
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

// On globalThis, not in a module variable: after vi.resetModules() the factory and the test may
// hold different instances of this module.
const LATEST = Symbol.for('mailaudit.test.fakeElectron');

/** The instance the latest `vi.mock('electron')` factory call returned. */
export function currentFake(): FakeElectron {
  const latest = (globalThis as { [LATEST]?: FakeElectron })[LATEST];
  if (latest === undefined) throw new Error('electron was not mocked yet');
  return latest;
}

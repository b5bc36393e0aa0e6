import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FakeElectron } from '../fake-electron';

// `electron` is replaced per test with vi.doMock in start().

const mainDir = path.resolve('/opt/MailAudit/resources/app.asar/out/main');
const rendererDir = path.join(mainDir, '../renderer');
const indexPath = path.join(rendererDir, 'index.html');
const APP_PAGE = 'app://mailaudit/index.html';
const preloadPath = path.join(mainDir, '../preload/index.cjs');

/** A fresh `electron` fake and a fresh app module per test: startApp registers global listeners. */
async function start(setup: (fake: FakeElectron) => void = () => {}) {
  vi.resetModules();
  const { createFakeElectron } = await import('../fake-electron');
  const fake = withAppParts(createFakeElectron());
  vi.doMock('electron', () => fake);
  const { startApp } = await import('../../../electron/main/app');
  setup(fake);
  startApp(mainDir);
  return fake;
}

/** The parts of Electron app.ts uses beyond the shared fake: paths, dialogs, clipboard. */
function withAppParts(fake: FakeElectron) {
  const userData = path.resolve('/home/consultant/.config/MailAudit');
  return Object.assign(fake, {
    app: Object.assign(fake.app, {
      getPath: vi.fn((name: string) => (name === 'userData' ? userData : path.resolve(`/home/consultant/${name}`))),
      setPath: vi.fn(),
    }),
    dialog: {
      showSaveDialog: vi.fn(async () => ({ canceled: true, filePath: '' })),
      showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })),
    },
    clipboard: { writeText: vi.fn() },
  });
}

const ENV_NAMES = ['ELECTRON_RENDERER_URL', 'MAILAUDIT_DEV_RESOLVERS', 'MAILAUDIT_DEV_USER_DATA'] as const;
const savedEnv = Object.fromEntries(ENV_NAMES.map((name) => [name, process.env[name]]));
beforeEach(() => {
  for (const name of ENV_NAMES) delete process.env[name];
});
afterEach(() => {
  for (const name of ENV_NAMES) {
    const value = savedEnv[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('startApp', () => {
  it('quits a second instance before creating anything', async () => {
    const fake = await start((f) => {
      f.app.singleInstance = false;
    });
    await fake.app.becomeReady();
    expect(fake.app.quit).toHaveBeenCalled();
    expect(fake.windows).toHaveLength(0);
    expect(fake.ipcMain.handle).not.toHaveBeenCalled();
  });

  it('enables the sandbox for all renderers before the app is ready', async () => {
    const fake = await start();
    expect(fake.app.enableSandbox).toHaveBeenCalled();
    expect(fake.windows).toHaveLength(0);
  });

  it('locks the session down and registers IPC before the window loads', async () => {
    const fake = await start();
    await fake.app.becomeReady();
    const session = fake.session.defaultSession;
    const window = fake.windows[0];
    if (window === undefined) throw new Error('no window');
    expect(session.headersListener).toBeDefined();
    expect(session.permissionRequestHandler).toBeDefined();
    expect(session.permissionCheckHandler).toBeDefined();
    const firstSecurity = session.setPermissionRequestHandler.mock.invocationCallOrder[0] ?? Infinity;
    const firstIpc = fake.ipcMain.handle.mock.invocationCallOrder[0] ?? Infinity;
    const load = window.loadURL.mock.invocationCallOrder[0] ?? -Infinity;
    expect(firstSecurity).toBeLessThan(load);
    expect(firstIpc).toBeLessThan(load);
  });

  it('opens one window with the secure preferences and the built page', async () => {
    const fake = await start();
    await fake.app.becomeReady();
    expect(fake.windows).toHaveLength(1);
    const window = fake.windows[0];
    const prefs = window?.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: preloadPath });
    expect(window?.loadURL).toHaveBeenCalledWith(APP_PAGE);
    expect(window?.loadFile).not.toHaveBeenCalled();
    expect(fake.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
  });

  it('registers app: as a standard, secure scheme before ready and serves the renderer folder from it before the page loads', async () => {
    const fake = await start();
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) as unknown },
    ]);
    expect(fake.protocol.handle).not.toHaveBeenCalled();
    await fake.app.becomeReady();
    expect(fake.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const window = fake.windows[0];
    if (window === undefined) throw new Error('no window');
    const handled = fake.protocol.handle.mock.invocationCallOrder[0] ?? Infinity;
    expect(handled).toBeLessThan(window.loadURL.mock.invocationCallOrder[0] ?? -Infinity);
    // The handler reads from out/renderer (absent here: a 404, not a file from elsewhere).
    const handler = fake.protocol.handlers.get('app');
    const response = await handler?.(new Request('app://mailaudit/..%2f..%2fpackage.json'));
    expect(response?.status).toBe(404);
  });

  it('disables DevTools in the packaged app, not only in the menu', async () => {
    const packaged = await start((f) => {
      f.app.isPackaged = true;
    });
    await packaged.app.becomeReady();
    expect((packaged.windows[0]?.options['webPreferences'] as Record<string, unknown>)['devTools']).toBe(false);
    const unpackaged = await start();
    await unpackaged.app.becomeReady();
    expect((unpackaged.windows[0]?.options['webPreferences'] as Record<string, unknown>)['devTools']).toBe(true);
  });

  it('trusts IPC from the app:// origin only, not from file:// pages', async () => {
    const fake = await start();
    await fake.app.becomeReady();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const listener = fake.ipcMain.handlers.get('app:version');
    const fileFrame = { senderFrame: { url: `file://${indexPath}`, parent: null } };
    await expect(listener?.(fileFrame)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await expect(listener?.({ senderFrame: { url: 'app://evil/index.html', parent: null } })).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await expect(listener?.({ senderFrame: { url: APP_PAGE, parent: null } })).resolves.toMatchObject({ ok: true });
  });

  it('hardens every WebContents the app creates', async () => {
    const fake = await start();
    await fake.app.becomeReady();
    const contents = fake.windows[0]?.webContents;
    const navigation = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    contents?.emit('will-navigate', navigation, 'https://evil.example/');
    expect(navigation.defaultPrevented).toBe(true);
    expect(contents?.windowOpenHandler?.({ url: 'https://firma.cz/' })).toEqual({ action: 'deny' });
    expect(contents?.windowOpenHandler?.({ url: 'https://learn.microsoft.com/exchange/' })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(fake.shell.openExternal).toHaveBeenCalledWith('https://learn.microsoft.com/exchange/'));
    // Only hosts the app links to leave it.
    expect(fake.shell.openExternal).not.toHaveBeenCalledWith('https://firma.cz/');
  });

  it('answers app:version to the app page and refuses other senders', async () => {
    const fake = await start();
    await fake.app.becomeReady();
    const listener = fake.ipcMain.handlers.get('app:version');
    const fromApp = { senderFrame: { url: APP_PAGE, parent: null } };
    const fromElsewhere = { senderFrame: { url: 'https://evil.example/', parent: null } };
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await expect(listener?.(fromApp)).resolves.toEqual({ ok: true, value: { version: '9.8.7' } });
    await expect(listener?.(fromElsewhere)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('registers every channel of the contract behind the sender check', async () => {
    const fake = await start();
    await fake.app.becomeReady();
    const { invokeContract } = await import('../../../shared/ipc');
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(Object.keys(invokeContract).sort());
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const fromElsewhere = { senderFrame: { url: 'https://evil.example/', parent: null } };
    for (const listener of fake.ipcMain.handlers.values()) {
      await expect(listener(fromElsewhere, undefined)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it("copies through Electron's clipboard and lists saved assessments from the user-data folder", async () => {
    const fake = await start();
    await fake.app.becomeReady();
    const fromApp = { senderFrame: { url: APP_PAGE, parent: null } };
    const copy = fake.ipcMain.handlers.get('clipboard:write');
    await expect(copy?.(fromApp, { text: 'v=spf1 -all' })).resolves.toEqual({ ok: true, value: { written: true } });
    expect(fake.clipboard.writeText).toHaveBeenCalledWith('v=spf1 -all');
    expect(fake.app.getPath).toHaveBeenCalledWith('userData');
    // No folder there: an empty list, not an error.
    await expect(fake.ipcMain.handlers.get('assessment:list')?.(fromApp)).resolves.toEqual({
      ok: true,
      value: { items: [], problems: [] },
    });
  });

  it('answers a closed save dialog as cancelled', async () => {
    const fake = await start();
    await fake.app.becomeReady();
    const fromApp = { senderFrame: { url: APP_PAGE, parent: null } };
    const { sampleAssessment } = await import('../store/sample');
    const exportJson = fake.ipcMain.handlers.get('assessment:export-json');
    await expect(exportJson?.(fromApp, { assessment: sampleAssessment() })).resolves.toEqual({ ok: true, value: { status: 'cancelled' } });
    expect(fake.dialog.showSaveDialog).toHaveBeenCalledWith(
      fake.windows[0],
      expect.objectContaining({ defaultPath: path.join(path.resolve('/home/consultant/documents'), 'MailAudit firma.cz 2026-03-01.json') }),
    );
  });

  it('moves user data (and the single-instance lock) to MAILAUDIT_DEV_USER_DATA in an unpackaged app only', async () => {
    process.env['MAILAUDIT_DEV_USER_DATA'] = path.resolve('/tmp/mailaudit-e2e');
    const dev = await start();
    expect(dev.app.setPath).toHaveBeenCalledWith('userData', path.resolve('/tmp/mailaudit-e2e'));
    expect(dev.app.setPath.mock.invocationCallOrder[0]).toBeLessThan(dev.app.requestSingleInstanceLock.mock.invocationCallOrder[0] ?? 0);
    const packaged = await start((f) => {
      f.app.isPackaged = true;
    });
    expect(packaged.app.setPath).not.toHaveBeenCalled();
  });

  it('focuses the existing window when a second instance starts', async () => {
    const fake = await start();
    await fake.app.becomeReady();
    const window = fake.windows[0];
    if (window === undefined) throw new Error('no window');
    window.minimized = true;
    fake.app.emit('second-instance');
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });

  it('loads the dev server in development', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173';
    const fake = await start();
    await fake.app.becomeReady();
    expect(fake.windows[0]?.loadURL).toHaveBeenCalledWith('http://localhost:5173/');
    expect(fake.windows[0]?.loadURL).not.toHaveBeenCalledWith(APP_PAGE);
  });

  it('ignores ELECTRON_RENDERER_URL in the packaged app', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173';
    const fake = await start((f) => {
      f.app.isPackaged = true;
    });
    await fake.app.becomeReady();
    expect(fake.windows[0]?.loadURL).toHaveBeenCalledWith(APP_PAGE);
    expect(fake.windows[0]?.loadURL).not.toHaveBeenCalledWith('http://localhost:5173/');
  });

  it('reopens a window on activate when none is left (macOS)', async () => {
    const fake = await start();
    await fake.app.becomeReady();
    fake.windows[0]?.close();
    fake.app.emit('activate');
    expect(fake.windows).toHaveLength(2);
  });
});

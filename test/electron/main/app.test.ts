import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FakeElectron } from '../fake-electron';

// `electron` is replaced per test with vi.doMock in start().

const mainDir = path.resolve('/opt/MailAudit/resources/app.asar/out/main');
const indexPath = path.join(mainDir, '../renderer/index.html');
const preloadPath = path.join(mainDir, '../preload/index.cjs');

/** A fresh `electron` fake and a fresh app module per test: startApp registers global listeners. */
async function start(setup: (fake: FakeElectron) => void = () => {}) {
  vi.resetModules();
  const { createFakeElectron } = await import('../fake-electron');
  const fake = createFakeElectron();
  vi.doMock('electron', () => fake);
  const { startApp } = await import('../../../electron/main/app');
  setup(fake);
  startApp(mainDir);
  return fake;
}

const savedEnv = process.env['ELECTRON_RENDERER_URL'];
beforeEach(() => {
  delete process.env['ELECTRON_RENDERER_URL'];
});
afterEach(() => {
  if (savedEnv === undefined) delete process.env['ELECTRON_RENDERER_URL'];
  else process.env['ELECTRON_RENDERER_URL'] = savedEnv;
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
    const load = window.loadFile.mock.invocationCallOrder[0] ?? -Infinity;
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
    expect(window?.loadFile).toHaveBeenCalledWith(indexPath);
    expect(window?.loadURL).not.toHaveBeenCalled();
    expect(fake.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
  });

  it('hardens every WebContents the app creates', async () => {
    const fake = await start();
    await fake.app.becomeReady();
    const contents = fake.windows[0]?.webContents;
    const navigation = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    contents?.emit('will-navigate', navigation, 'https://evil.example/');
    expect(navigation.defaultPrevented).toBe(true);
    expect(contents?.windowOpenHandler?.({ url: 'https://firma.cz/' })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(fake.shell.openExternal).toHaveBeenCalledWith('https://firma.cz/');
  });

  it('answers app:version to the app page and refuses other senders', async () => {
    const fake = await start();
    await fake.app.becomeReady();
    const listener = fake.ipcMain.handlers.get('app:version');
    const fromApp = { senderFrame: { url: pathToFileURL(indexPath).href, parent: null } };
    const fromElsewhere = { senderFrame: { url: 'https://evil.example/', parent: null } };
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await expect(listener?.(fromApp)).resolves.toEqual({ ok: true, value: { version: '9.8.7' } });
    await expect(listener?.(fromElsewhere)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
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
    expect(fake.windows[0]?.loadFile).not.toHaveBeenCalled();
  });

  it('ignores ELECTRON_RENDERER_URL in the packaged app', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173';
    const fake = await start((f) => {
      f.app.isPackaged = true;
    });
    await fake.app.becomeReady();
    expect(fake.windows[0]?.loadURL).not.toHaveBeenCalled();
    expect(fake.windows[0]?.loadFile).toHaveBeenCalledWith(indexPath);
  });

  it('reopens a window on activate when none is left (macOS)', async () => {
    const fake = await start();
    await fake.app.becomeReady();
    fake.windows[0]?.close();
    fake.app.emit('activate');
    expect(fake.windows).toHaveLength(2);
  });
});

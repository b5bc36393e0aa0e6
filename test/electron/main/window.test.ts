import { describe, expect, it, vi } from 'vitest';
import { createMainWindow } from '../../../electron/main/window';
import { APP_INDEX_URL } from '../../../electron/main/app-protocol';
import { currentFake } from '../fake-electron';

vi.mock('electron', async () => (await import('../fake-electron')).createFakeElectron());

describe('createMainWindow', () => {
  /** Exactly these keys: an extra one (say `webSecurity: false` slipped in later) fails the test. */
  const expectedPreferences = (devTools: boolean) => ({
    preload: '/app/out/preload/index.cjs',
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools,
  });

  it('creates a hidden window with exactly the secure webPreferences and shows it once painted', () => {
    const window = createMainWindow({
      preloadPath: '/app/out/preload/index.cjs',
      location: { kind: 'app', rendererDir: '/app/out/renderer' },
      devTools: false,
    });
    const fake = currentFake().windows.at(-1);
    expect(fake).toBe(window);
    expect(fake?.options['show']).toBe(false);
    expect(fake?.options['webPreferences']).toStrictEqual(expectedPreferences(false));
    expect(fake?.show).not.toHaveBeenCalled();
    fake?.emit('ready-to-show');
    expect(fake?.show).toHaveBeenCalledTimes(1);
    // The built page comes from the app:// scheme, not from file://.
    expect(fake?.loadURL).toHaveBeenCalledWith(APP_INDEX_URL);
    expect(fake?.loadFile).not.toHaveBeenCalled();
  });

  it('allows DevTools only when asked (an unpackaged app)', () => {
    createMainWindow({ preloadPath: '/app/out/preload/index.cjs', location: { kind: 'app', rendererDir: '/r' }, devTools: true });
    expect(currentFake().windows.at(-1)?.options['webPreferences']).toStrictEqual(expectedPreferences(true));
  });

  it('loads the dev server URL in development', () => {
    createMainWindow({ preloadPath: '/p.cjs', location: { kind: 'dev', url: 'http://localhost:5173/' }, devTools: true });
    const fake = currentFake().windows.at(-1);
    expect(fake?.loadURL).toHaveBeenCalledWith('http://localhost:5173/');
    expect(fake?.loadFile).not.toHaveBeenCalled();
  });
});

import { describe, expect, it, vi } from 'vitest';
import { createMainWindow } from '../../../electron/main/window';
import { currentFake } from '../fake-electron';

vi.mock('electron', async () => (await import('../fake-electron')).createFakeElectron());

describe('createMainWindow', () => {
  it('creates a hidden window with the secure webPreferences and shows it once painted', () => {
    const window = createMainWindow({
      preloadPath: '/app/out/preload/index.cjs',
      location: { kind: 'file', indexPath: '/app/out/renderer/index.html' },
    });
    const fake = currentFake().windows.at(-1);
    expect(fake).toBe(window);
    expect(fake?.options).toMatchObject({
      show: false,
      webPreferences: {
        preload: '/app/out/preload/index.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
      },
    });
    expect(fake?.show).not.toHaveBeenCalled();
    fake?.emit('ready-to-show');
    expect(fake?.show).toHaveBeenCalledTimes(1);
    expect(fake?.loadFile).toHaveBeenCalledWith('/app/out/renderer/index.html');
  });

  it('loads the dev server URL in development', () => {
    createMainWindow({ preloadPath: '/p.cjs', location: { kind: 'dev', url: 'http://localhost:5173/' } });
    const fake = currentFake().windows.at(-1);
    expect(fake?.loadURL).toHaveBeenCalledWith('http://localhost:5173/');
    expect(fake?.loadFile).not.toHaveBeenCalled();
  });
});

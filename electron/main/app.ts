/**
 * Application start-up: one instance, sandbox everywhere, the session and every WebContents
 * locked down before the first page loads, IPC handlers registered, then the window.
 */
import path from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, session, shell } from 'electron';
import { appSenderCheck, registerInvokeHandlers, type InvokeHandlers } from './ipc';
import { menuTemplate } from './menu';
import { applySessionSecurity, devServerUrl, hardenWebContents, type AppLocation } from './security';
import { createMainWindow } from './window';

export const APP_NAME = 'MailAudit';

/** @param mainDir directory of the built main bundle (out/main); preload and renderer sit beside it. */
export function startApp(mainDir: string): void {
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  const devUrl = devServerUrl(process.env, app.isPackaged);
  const dev = devUrl !== undefined;
  const location: AppLocation = dev
    ? { kind: 'dev', url: devUrl }
    : { kind: 'file', indexPath: path.join(mainDir, '../renderer/index.html') };
  const preloadPath = path.join(mainDir, '../preload/index.cjs');

  let mainWindow: BrowserWindow | undefined;
  const openWindow = (): void => {
    const window = createMainWindow({ preloadPath, location });
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = undefined;
    });
    mainWindow = window;
  };

  app.on('second-instance', () => {
    if (mainWindow === undefined) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, (url) => shell.openExternal(url));
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  const handlers: InvokeHandlers = {
    'app:version': () => ({ version: app.getVersion() }),
  };

  app
    .whenReady()
    .then(() => {
      applySessionSecurity(session.defaultSession, { dev });
      registerInvokeHandlers(ipcMain, handlers, appSenderCheck(location));
      app.setAboutPanelOptions({ applicationName: APP_NAME, applicationVersion: app.getVersion() });
      Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ platform: process.platform, dev })));
      openWindow();
      // macOS keeps the app alive without windows; clicking the dock icon brings one back.
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openWindow();
      });
    })
    .catch((error: unknown) => {
      console.error('MailAudit failed to start', error);
      app.exit(1);
    });
}

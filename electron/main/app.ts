/**
 * Application start-up: one instance, sandbox everywhere, the session and every WebContents
 * locked down before the first page loads, IPC handlers registered, then the window.
 */
import path from 'node:path';
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, protocol, session, shell, type IpcMainInvokeEvent } from 'electron';
import { writeReportPdf } from '../report/pdf';
import { AssessmentStore } from '../store/assessment-store';
import { SettingsStore } from '../store/settings-store';
import { APP_SCHEME, appProtocolHandler, appSchemePrivileges } from './app-protocol';
import { AssessmentService } from './assessment-service';
import { devOverrides } from './dev-overrides';
import { createInvokeHandlers, referenceHosts, type Dialogs, type RendererTarget } from './handlers';
import { appSenderCheck, registerInvokeHandlers } from './ipc';
import { menuTemplate } from './menu';
import { applySessionSecurity, devServerUrl, hardenWebContents, type AppLocation } from './security';
import { createMainWindow } from './window';

export const APP_NAME = 'MailAudit';

/** @param mainDir directory of the built main bundle (out/main); preload and renderer sit beside it. */
export function startApp(mainDir: string): void {
  app.enableSandbox();
  const overrides = devOverrides(process.env, app.isPackaged);
  // Before the single-instance lock and before ready: both the lock and Chromium's profile live there.
  if (overrides.userData) app.setPath('userData', overrides.userData);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  // Electron accepts scheme privileges only before ready.
  protocol.registerSchemesAsPrivileged(appSchemePrivileges());

  const devUrl = devServerUrl(process.env, app.isPackaged);
  const dev = devUrl !== undefined;
  const rendererDir = path.join(mainDir, '../renderer');
  const location: AppLocation = dev ? { kind: 'dev', url: devUrl } : { kind: 'app', rendererDir };
  const devTools = !app.isPackaged;
  const preloadPath = path.join(mainDir, '../preload/index.cjs');

  let mainWindow: BrowserWindow | undefined;
  const openWindow = (): void => {
    const window = createMainWindow({ preloadPath, location, devTools });
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

  app
    .whenReady()
    .then(() => {
      applySessionSecurity(session.defaultSession, { dev });
      protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir, { dev }));
      const service = new AssessmentService({
        store: new AssessmentStore(path.join(app.getPath('userData'), 'assessments')),
        ...(overrides.resolvers ? { engine: { resolvers: overrides.resolvers } } : {}),
      });
      app.on('before-quit', () => service.cancelAll());
      const settings = new SettingsStore(path.join(app.getPath('userData'), 'settings'));
      const handlers = createInvokeHandlers({
        version: app.getVersion(),
        service,
        dialogs: electronDialogs(() => mainWindow),
        clipboard,
        writePdf: (file, assessment, language, previous, branding) =>
          writeReportPdf(file, assessment, language, { ...(previous ? { previous } : {}), ...(branding ? { branding } : {}) }),
        settings,
        eventsFor: rendererTarget,
      });
      registerInvokeHandlers(ipcMain, handlers, appSenderCheck(location));
      app.setAboutPanelOptions({ applicationName: APP_NAME, applicationVersion: app.getVersion() });
      Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ platform: process.platform, dev })));
      // The saved reference hosts for every run (settings:save updates them). The read is queued
      // with the saves, so it cannot overwrite a newer one, and it is done long before the page
      // can start a run. A damaged file reads as the defaults: it never fails.
      void settings.read().then((read) => {
        service.referenceHosts = referenceHosts(read.network);
      });
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

/** Events go back to the page that asked; a page already gone is skipped, not an error. */
function rendererTarget(event: IpcMainInvokeEvent): RendererTarget {
  const contents = event.sender;
  return {
    send: (channel, payload) => {
      if (!contents.isDestroyed()) contents.send(channel, payload);
    },
    onGone: (callback) => {
      contents.once('destroyed', callback);
      return () => contents.removeListener('destroyed', callback);
    },
  };
}

function electronDialogs(parent: () => BrowserWindow | undefined): Dialogs {
  return {
    saveFile: async ({ defaultName, filters }) => {
      const options = { defaultPath: path.join(app.getPath('documents'), defaultName), filters };
      const window = parent();
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? undefined : result.filePath;
    },
    openFile: async ({ filters }) => {
      const options = { filters, properties: ['openFile' as const] };
      const window = parent();
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
    chooseFolder: async () => {
      // createDirectory: the export goes into a new or empty folder (plan-export.ts).
      const options = { defaultPath: app.getPath('documents'), properties: ['openDirectory' as const, 'createDirectory' as const] };
      const window = parent();
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
  };
}

/**
 * The one application window. Security rules for its contents are applied by the
 * `web-contents-created` hook in app.ts, which covers every WebContents, not only this one.
 */
import { BrowserWindow } from 'electron';
import { secureWebPreferences, type AppLocation } from './security';

export interface MainWindowOptions {
  preloadPath: string;
  location: AppLocation;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'MailAudit',
    // Shown once painted, so the user never sees an empty white frame.
    show: false,
    backgroundColor: '#f5f7fa',
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  window.once('ready-to-show', () => window.show());
  const load = options.location.kind === 'dev' ? window.loadURL(options.location.url) : window.loadFile(options.location.indexPath);
  load.catch((error: unknown) => console.error('failed to load the renderer', error));
  return window;
}

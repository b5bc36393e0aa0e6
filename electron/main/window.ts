/**
 * The one application window. Security rules for its contents are applied by the
 * `web-contents-created` hook in app.ts, which covers every WebContents, not only this one.
 */
import { BrowserWindow } from 'electron';
import { APP_INDEX_URL } from './app-protocol';
import { secureWebPreferences, type AppLocation } from './security';

export interface MainWindowOptions {
  preloadPath: string;
  location: AppLocation;
  /** false in the packaged app */
  devTools: boolean;
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
    webPreferences: secureWebPreferences(options.preloadPath, { devTools: options.devTools }),
  });
  window.once('ready-to-show', () => window.show());
  // The built page comes from the app:// scheme registered in app.ts, never from file://.
  const load = window.loadURL(options.location.kind === 'dev' ? options.location.url : APP_INDEX_URL);
  load.catch((error: unknown) => console.error('failed to load the renderer', error));
  return window;
}

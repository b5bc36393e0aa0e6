/**
 * Electron security baseline (DESIGN §3.8), kept apart from app start-up so each rule can be
 * tested with fake Electron objects: what the renderer may load, where it may navigate, which
 * links leave the app, and that the page gets no powerful permission.
 */
import type { Session, WebContents, WebPreferences } from 'electron';
import { SOURCES } from '../../shared/requirements';
import { isAppOrigin } from './app-protocol';
import { contentSecurityPolicy } from './csp';

/**
 * Where the renderer page comes from: the built renderer folder served as app://mailaudit/
 * (app-protocol.ts), or Vite's dev server during `npm run dev`.
 */
export type AppLocation = { kind: 'app'; rendererDir: string } | { kind: 'dev'; url: string };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The dev server URL that electron-vite passes in ELECTRON_RENDERER_URL, honoured only in an
 * unpackaged app and only on loopback: an inherited environment variable must never point the
 * installed app at a remote page that would then get our preload API.
 */
export function devServerUrl(env: Record<string, string | undefined>, isPackaged: boolean): string | undefined {
  const raw = env['ELECTRON_RENDERER_URL'];
  if (isPackaged || raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  return url.href;
}

/** True when `url` is the app's own page: the app:// origin, or the dev server origin. */
export function isAppUrl(url: string, location: AppLocation): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (location.kind === 'dev') {
    const dev = new URL(location.url);
    return parsed.protocol === dev.protocol && parsed.host === dev.host;
  }
  // The app origin only; file:// pages (even our own index.html) are not trusted any more.
  return isAppOrigin(parsed.href);
}

/**
 * webPreferences of every app window; the tests pin each of these. DevTools are off in the
 * packaged app (not only hidden from the menu: a shortcut or a debugger could still open them).
 */
export function secureWebPreferences(preloadPath: string, options: { devTools: boolean }): WebPreferences {
  return {
    preload: preloadPath,
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
    // Chromium's spell checker downloads dictionaries from Google; the app must not call out
    // on a client's network on its own.
    spellcheck: false,
    devTools: options.devTools,
  };
}

/**
 * Hosts the app links to: the requirement catalogue's sources (shared/requirements.ts SOURCES)
 * and Microsoft Learn, which the remediation steps cite. A link to anywhere else — a host name
 * from a finding, a page that made its way into the renderer — does not leave the app.
 */
export const EXTERNAL_LINK_HOSTS: ReadonlySet<string> = new Set([
  ...Object.values(SOURCES).flatMap((source) => (source.url ? [new URL(source.url).hostname] : [])),
  'learn.microsoft.com',
]);

/**
 * Links that may leave the app for the system browser: absolute https URLs to a host of
 * EXTERNAL_LINK_HOSTS, default port, no embedded credentials. Everything else (http, file:,
 * javascript:, custom schemes that launch local programs, other hosts) is refused. Returns the
 * normalised URL, which is what gets opened, so the browser receives exactly the string that was checked.
 */
export function allowedExternalUrl(url: string): string | undefined {
  if (typeof url !== 'string' || url.length > 2048) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const ok =
    parsed.protocol === 'https:' &&
    EXTERNAL_LINK_HOSTS.has(parsed.hostname) &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === '';
  return ok ? parsed.href : undefined;
}

export function isAllowedExternalUrl(url: string): boolean {
  return allowedExternalUrl(url) !== undefined;
}

export type OpenExternal = (url: string) => Promise<void>;

/** Opens `url` in the system browser when the policy allows it; returns whether it did. */
export async function openExternalSafely(openExternal: OpenExternal, url: string): Promise<boolean> {
  const allowed = allowedExternalUrl(url);
  if (allowed === undefined) return false;
  await openExternal(allowed);
  return true;
}

/** Replaces any Content-Security-Policy header (of whatever case) with ours. */
export function withCspHeader(headers: Record<string, string[]> | undefined, policy: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [policy];
  return out;
}

export type SecuredSession = Pick<
  Session,
  'webRequest' | 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'on'
>;

/**
 * Session-wide rules: our CSP on every response (the app:// handler sends it too, and index.html
 * carries it as a meta tag), every permission denied, no downloads
 * (files are written by the main process through its own dialogs).
 */
export function applySessionSecurity(session: SecuredSession, options: { dev: boolean }): void {
  const policy = contentSecurityPolicy({ dev: options.dev, delivery: 'header' });
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCspHeader(details.responseHeaders, policy) });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event) => event.preventDefault());
}

export type HardenedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Per-page rules, applied to every WebContents the app creates: the page never navigates away
 * from itself, never opens a window or a <webview>; an https link to a host we cite, opened as a
 * new window, goes to the system browser instead.
 */
export function hardenWebContents(contents: HardenedContents, openExternal: OpenExternal): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(openExternal, url).catch((error: unknown) => {
      console.error('openExternal failed', error);
    });
    return { action: 'deny' };
  });
}

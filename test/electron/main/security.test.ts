import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { HardenedContents, SecuredSession } from '../../../electron/main/security';
import {
  allowedExternalUrl,
  applySessionSecurity,
  devServerUrl,
  hardenWebContents,
  isAllowedExternalUrl,
  isAppUrl,
  openExternalSafely,
  secureWebPreferences,
  withCspHeader,
} from '../../../electron/main/security';
import { contentSecurityPolicy } from '../../../electron/main/csp';
import { SOURCES } from '../../../shared/requirements';
import { FakeSession, FakeWebContents, fakeEvent } from '../fake-electron';

// security.ts takes Electron objects as parameters; the fakes stand in for them.
vi.mock('electron', () => ({}));

const asSession = (s: FakeSession) => s as unknown as SecuredSession;
const asContents = (c: FakeWebContents) => c as unknown as HardenedContents;

describe('secureWebPreferences (Electron security checklist §2–§4, §6, §8, §12)', () => {
  const prefs = secureWebPreferences('/app/out/preload/index.cjs', { devTools: false });

  it('turns DevTools off when asked (the packaged app), on otherwise', () => {
    expect(prefs.devTools).toBe(false);
    expect(secureWebPreferences('/p.cjs', { devTools: true }).devTools).toBe(true);
  });

  it('isolates the page from Node and Electron', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and <webview> off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
  });

  it('loads the given preload and does not fetch spell-check dictionaries', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
    expect(prefs.spellcheck).toBe(false);
  });
});

describe('isAllowedExternalUrl: only https links to the hosts the app cites leave it', () => {
  const cases: [string, boolean][] = [
    ['https://learn.microsoft.com/en-us/exchange/', true],
    ['HTTPS://LEARN.MICROSOFT.COM/cs-cz/', true],
    ['https://english.ncsc.nl/publications/factsheets', true],
    ['https://www.rfc-editor.org/rfc/rfc7208#section-4.6.4', true],
    // Hosts we do not link to: a page (or a finding param rendered as a link) cannot send the
    // consultant's browser anywhere it likes.
    ['https://NUKIB.CZ/cs/', false],
    ['https://internet.nl/site/firma.cz/?q=1#x', false],
    ['https://firma.cz/', false],
    ['https://evil.example/', false],
    ['https://learn.microsoft.com.evil.example/', false],
    ['https://evil.example/learn.microsoft.com', false],
    ['https://sub.learn.microsoft.com/', false],
    ['https://learn.microsoft.com:8443/', false],
    ['http://learn.microsoft.com/', false],
    ['file:///etc/passwd', false],
    ['file://C:/Windows/System32/calc.exe', false],
    ['javascript:alert(1)', false],
    ['JavaScript:alert(document.domain)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['mailto:admin@firma.cz', false],
    ['ms-msdt:/id PCWDiagnostic', false],
    ['smb://attacker/share', false],
    ['https://user:secret@learn.microsoft.com/', false],
    ['https://@learn.microsoft.com/', true],
    ['//firma.cz/path', false],
    ['firma.cz', false],
    ['', false],
    [`https://learn.microsoft.com/${'a'.repeat(3000)}`, false],
  ];
  it.each(cases)('%s → %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url)).toBe(allowed);
  });

  it('returns the normalised URL that will be opened', () => {
    expect(allowedExternalUrl('HTTPS://Learn.Microsoft.COM')).toBe('https://learn.microsoft.com/');
  });

  it('allows every source link of the requirement catalogue', () => {
    for (const source of Object.values(SOURCES)) if (source.url) expect(isAllowedExternalUrl(source.url)).toBe(true);
  });
});

describe('openExternalSafely', () => {
  it('hands an https URL of an allowed host to the system browser', async () => {
    const open = vi.fn(() => Promise.resolve());
    await expect(openExternalSafely(open, 'https://learn.microsoft.com/exchange/')).resolves.toBe(true);
    expect(open).toHaveBeenCalledWith('https://learn.microsoft.com/exchange/');
  });

  it.each(['https://firma.cz/report', 'http://firma.cz/', 'file:///etc/passwd', 'javascript:alert(1)'])('refuses %s', async (url) => {
    const open = vi.fn(() => Promise.resolve());
    await expect(openExternalSafely(open, url)).resolves.toBe(false);
    expect(open).not.toHaveBeenCalled();
  });
});

describe('hardenWebContents', () => {
  function hardened() {
    const contents = new FakeWebContents();
    const open = vi.fn((_url: string) => Promise.resolve());
    hardenWebContents(asContents(contents), open);
    return { contents, open };
  }

  it.each(['will-navigate', 'will-frame-navigate'])('denies %s to any URL, even the app itself', (name) => {
    const { contents } = hardened();
    for (const url of ['https://evil.example/', 'file:///app/out/renderer/index.html']) {
      const event = fakeEvent();
      contents.emit(name, event, url);
      expect(event.defaultPrevented).toBe(true);
    }
  });

  it('refuses to attach a <webview>', () => {
    const { contents } = hardened();
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });

  it('denies every new window and sends only https links to the system browser', async () => {
    const { contents, open } = hardened();
    const handler = contents.windowOpenHandler;
    expect(handler).toBeDefined();
    for (const url of [
      'https://learn.microsoft.com/',
      'https://firma.cz/',
      'http://firma.cz/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'about:blank',
    ]) {
      expect(handler?.({ url })).toEqual({ action: 'deny' });
    }
    await vi.waitFor(() => expect(open).toHaveBeenCalledWith('https://learn.microsoft.com/'));
    expect(open).toHaveBeenCalledTimes(1);
  });
});

describe('applySessionSecurity', () => {
  function secured(dev = false) {
    const session = new FakeSession();
    applySessionSecurity(asSession(session), { dev });
    return session;
  }

  function headersFor(session: FakeSession, responseHeaders?: Record<string, string[]>) {
    let result: Record<string, string[]> | undefined;
    session.headersListener?.({ url: 'file:///app/out/renderer/index.html', ...(responseHeaders ? { responseHeaders } : {}) }, (r) => {
      result = r.responseHeaders;
    });
    return result;
  }

  it('adds the production CSP header to responses without headers (file://)', () => {
    const headers = headersFor(secured());
    expect(headers).toEqual({ 'Content-Security-Policy': [contentSecurityPolicy({ dev: false, delivery: 'header' })] });
    expect(headers?.['Content-Security-Policy']?.[0]).toContain("frame-ancestors 'none'");
  });

  it('replaces a CSP sent by a server, whatever its case, and keeps other headers', () => {
    const headers = headersFor(secured(), {
      'content-security-policy': ["default-src *; script-src 'unsafe-eval'"],
      'Content-Type': ['text/html'],
    });
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [contentSecurityPolicy({ dev: false, delivery: 'header' })],
    });
  });

  it('uses the dev policy only when asked', () => {
    expect(headersFor(secured(true))?.['Content-Security-Policy']?.[0]).toContain("'unsafe-inline'");
    expect(headersFor(secured(false))?.['Content-Security-Policy']?.[0]).not.toContain("'unsafe-inline'");
  });

  it.each(['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen'])(
    'denies the %s permission request and check',
    (permission) => {
      const session = secured();
      const callback = vi.fn();
      session.permissionRequestHandler?.({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(session.permissionCheckHandler?.(null, permission, 'file:///', {})).toBe(false);
    },
  );

  it('denies device access and downloads', () => {
    const session = secured();
    expect(session.devicePermissionHandler?.({ deviceType: 'usb' })).toBe(false);
    const event = fakeEvent();
    session.emit('will-download', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('withCspHeader', () => {
  it('never leaves two policies behind', () => {
    const out = withCspHeader({ 'Content-Security-Policy': ['x'], 'CONTENT-SECURITY-POLICY': ['y'] }, 'ours');
    expect(out).toEqual({ 'Content-Security-Policy': ['ours'] });
  });
});

describe('devServerUrl: ELECTRON_RENDERER_URL is honoured only in development, on loopback', () => {
  const cases: [string | undefined, boolean, string | undefined][] = [
    ['http://localhost:5173/', false, 'http://localhost:5173/'],
    ['http://127.0.0.1:5173', false, 'http://127.0.0.1:5173/'],
    ['http://[::1]:5173/', false, 'http://[::1]:5173/'],
    ['http://localhost:5173/', true, undefined],
    ['https://evil.example/', false, undefined],
    ['http://192.168.1.10:5173/', false, undefined],
    ['file:///tmp/index.html', false, undefined],
    ['not a url', false, undefined],
    [undefined, false, undefined],
  ];
  it.each(cases)('%s (packaged %s) → %s', (value, packaged, expected) => {
    expect(devServerUrl({ ELECTRON_RENDERER_URL: value }, packaged)).toBe(expected);
  });
});

describe('isAppUrl', () => {
  const rendererDir = path.resolve('/opt/MailAudit/resources/app.asar/out/renderer');
  const app = { kind: 'app', rendererDir } as const;
  const indexUrl = pathToFileURL(path.join(rendererDir, 'index.html')).href;

  it.each([
    ['app://mailaudit/index.html', true],
    ['app://mailaudit/index.html#/results', true],
    ['app://mailaudit/?lang=en', true],
    // file:// is no longer how the app loads: not even the built index.html is trusted there.
    [indexUrl, false],
    [pathToFileURL(path.resolve('/home/user/Downloads/index.html')).href, false],
    ['app://evil/index.html', false],
    ['app://mailaudit:8080/index.html', false],
    ['app://x@mailaudit/index.html', false],
    ['https://mailaudit/index.html', false],
    ['https://evil.example/index.html', false],
    ['about:blank', false],
    ['', false],
  ])('app scheme: %s → %s', (url, expected) => {
    expect(isAppUrl(url, app)).toBe(expected);
  });

  const dev = { kind: 'dev', url: 'http://localhost:5173/' } as const;
  it.each([
    ['http://localhost:5173/', true],
    ['http://localhost:5173/src/App.svelte', true],
    ['http://localhost:5174/', false],
    ['https://localhost:5173/', false],
    ['http://127.0.0.1:5173/', false],
    [indexUrl, false],
  ])('dev app: %s → %s', (url, expected) => {
    expect(isAppUrl(url, dev)).toBe(expected);
  });
});

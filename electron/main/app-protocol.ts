/**
 * The renderer is served from `app://mailaudit/`, a standard and secure custom scheme, instead
 * of file:// (Electron security checklist §18): the page gets an origin of its own, so `'self'`
 * in the CSP and the IPC sender check mean exactly the app, and file:// keeps none of the extra
 * privileges it would need for a page (the grantFileProtocolExtraPrivileges fuse is off).
 * Only files inside the built renderer folder are served. No `electron` import: app.ts passes
 * `protocol` in, so this is tested with plain Request objects.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { contentSecurityPolicy } from './csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'mailaudit';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * For `protocol.registerSchemesAsPrivileged`, which Electron accepts only before `ready`.
 * standard: an origin, relative URLs and web storage; secure: a secure context like https;
 * supportFetchAPI: module scripts and fetch() load from it. No bypassCSP, no CORS exemptions.
 */
export function appSchemePrivileges(): { scheme: string; privileges: Record<string, boolean> }[] {
  return [{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }];
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/** True when `url` is on the app's own origin (scheme and host; no port, no credentials). */
export function isAppOrigin(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

/**
 * The file a URL of the app origin names inside `rendererDir`, or undefined when it names
 * anything else: another origin, a malformed escape, a NUL, or a path that leaves the folder
 * (`..` — the URL parser removes literal dot segments, but `%2e%2e%2f` and `..%5c` arrive encoded).
 */
export function appFileFor(url: string, rendererDir: string): string | undefined {
  if (!isAppOrigin(url)) return undefined;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0')) return undefined;
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, relative);
  const inside = path.relative(root, file);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return undefined;
  // Backslashes are separators on Windows only; refuse them everywhere rather than differ.
  if (relative.includes('\\') || relative.split('/').some((segment) => segment === '..' || segment === '.')) return undefined;
  return file;
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}

/** The `protocol.handle('app', …)` handler: files of the built renderer, with our CSP as a header. */
export function appProtocolHandler(rendererDir: string, options: { dev: boolean }): (request: Request) => Promise<Response> {
  const policy = contentSecurityPolicy({ dev: options.dev, delivery: 'header' });
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
    const file = appFileFor(request.url, rendererDir);
    if (file === undefined) return plain(404, 'not found');
    let body: Buffer;
    try {
      if (!(await stat(file)).isFile()) return plain(404, 'not found');
      body = await readFile(file);
    } catch {
      return plain(404, 'not found');
    }
    const headers = {
      'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Security-Policy': policy,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}

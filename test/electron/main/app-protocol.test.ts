/**
 * The renderer is served from app://mailaudit/ (a standard, secure custom scheme) instead of
 * file://: the handler serves files of the built renderer folder only.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_INDEX_URL, APP_SCHEME, appFileFor, appProtocolHandler, appSchemePrivileges } from '../../../electron/main/app-protocol';
import { contentSecurityPolicy } from '../../../electron/main/csp';

vi.mock('electron', () => ({}));

let root: string;
let rendererDir: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'mailaudit-protocol-'));
  rendererDir = path.join(root, 'out', 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>MailAudit</title>');
  await writeFile(path.join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(path.join(rendererDir, 'assets', 'index-abc.css'), 'body{}');
  // Beside the renderer folder: must never be served.
  await writeFile(path.join(root, 'out', 'secret.txt'), 'secret');
  await writeFile(path.join(root, 'out', 'renderer-evil.html'), 'evil');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const serve = (url: string) => appProtocolHandler(rendererDir, { dev: false })(new Request(url));

describe('app scheme registration', () => {
  it('is a standard, secure scheme (origin, relative URLs, secure context)', () => {
    expect(APP_SCHEME).toBe('app');
    expect(appSchemePrivileges()).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) as unknown },
    ]);
    expect(APP_INDEX_URL).toBe('app://mailaudit/index.html');
  });
});

describe('appProtocolHandler', () => {
  it('serves index.html with its type and the CSP header', async () => {
    const response = await serve('app://mailaudit/index.html');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>MailAudit</title>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy({ dev: false, delivery: 'header' }));
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves the bundle assets with their types and ignores query and fragment', async () => {
    const js = await serve('app://mailaudit/assets/index-abc.js?v=1#x');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
    expect((await serve('app://mailaudit/assets/index-abc.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('serves index.html for the bare origin', async () => {
    const response = await serve('app://mailaudit/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('MailAudit');
  });

  it.each([
    'app://mailaudit/../secret.txt',
    'app://mailaudit/assets/../../secret.txt',
    'app://mailaudit/%2e%2e/secret.txt',
    'app://mailaudit/..%2fsecret.txt',
    'app://mailaudit/..%2Fsecret.txt',
    'app://mailaudit/assets%2f..%2f..%2fsecret.txt',
    'app://mailaudit/..%5csecret.txt',
    'app://mailaudit/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://mailaudit/..%2frenderer-evil.html',
    'app://mailaudit/index.html%00.js',
    'app://mailaudit/%E0%A4%A',
  ])('refuses %s (outside the renderer folder or malformed)', async (url) => {
    const response = await serve(url);
    expect(response.status).not.toBe(200);
    const body = await response.text();
    expect(body).not.toContain('secret');
    expect(body).not.toContain('evil');
  });

  it('maps no URL outside the renderer folder', () => {
    for (const url of [
      'app://mailaudit/..%2fsecret.txt',
      'app://mailaudit/%2e%2e%2fsecret.txt',
      'app://mailaudit/a/..%2f..%2fsecret.txt',
    ]) {
      expect(appFileFor(url, rendererDir)).toBeUndefined();
    }
    expect(appFileFor('app://mailaudit/assets/index-abc.js', rendererDir)).toBe(path.join(rendererDir, 'assets', 'index-abc.js'));
  });

  it.each(['app://other/index.html', 'file:///etc/passwd', 'https://mailaudit/index.html', 'app://mailaudit:8080/index.html'])(
    'refuses another origin: %s',
    async (url) => {
      expect((await serve(url)).status).toBe(404);
    },
  );

  it('answers 404 for a missing file and for a folder', async () => {
    expect((await serve('app://mailaudit/missing.js')).status).toBe(404);
    expect((await serve('app://mailaudit/assets')).status).toBe(404);
  });

  it('accepts only GET and HEAD', async () => {
    const response = await appProtocolHandler(rendererDir, { dev: false })(
      new Request('app://mailaudit/index.html', { method: 'POST', body: 'x' }),
    );
    expect(response.status).toBe(405);
  });
});

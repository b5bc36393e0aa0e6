import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appSenderCheck, guardedHandler, IpcFailure, registerInvokeHandlers, type InvokeHandlers } from '../../../electron/main/ipc';
import type { AppLocation } from '../../../electron/main/security';
import { invokeContract, type IpcResult } from '../../../shared/ipc';

// ipc.ts only takes Electron objects as parameters; nothing of the real module may load.
vi.mock('electron', () => ({}));

const rendererDir = path.resolve('/opt/MailAudit/resources/app.asar/out/renderer');
const location: AppLocation = { kind: 'app', rendererDir };
const appUrl = 'app://mailaudit/index.html';
const fileUrl = pathToFileURL(path.join(rendererDir, 'index.html')).href;

interface FrameLike {
  url: string;
  parent: FrameLike | null;
}

function eventFrom(frame: FrameLike | null): IpcMainInvokeEvent {
  return { senderFrame: frame } as unknown as IpcMainInvokeEvent;
}
const top = (url: string): FrameLike => ({ url, parent: null });

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<IpcResult<unknown>>;

function fakeIpcMain() {
  const listeners = new Map<string, Listener>();
  const ipcMain = {
    handle: vi.fn((channel: string, listener: Listener) => {
      listeners.set(channel, listener);
    }),
  };
  return { ipcMain: ipcMain as unknown as Pick<IpcMain, 'handle'>, listeners };
}

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

describe('appSenderCheck', () => {
  const check = appSenderCheck(location);

  it('trusts the main frame of the app page', () => {
    expect(check(eventFrom(top(appUrl)))).toBe(true);
    expect(check(eventFrom(top(`${appUrl}#/results`)))).toBe(true);
    expect(check(eventFrom(top('app://mailaudit/')))).toBe(true);
  });

  it.each([
    ['the built page loaded from file:// (no longer how the app loads)', top(fileUrl)],
    ['another app: host', top('app://evil/index.html')],
    ['the app host with a port', top('app://mailaudit:1/index.html')],
    ['the app host over https', top('https://mailaudit/index.html')],
    ['app: with credentials', top('app://user@mailaudit/index.html')],
    ['a foreign https origin', top('https://evil.example/')],
    ['another local file', top(pathToFileURL(path.resolve('/tmp/evil.html')).href)],
    ['a data: page', top('data:text/html,hi')],
    ['about:blank', top('about:blank')],
    ['a sub-frame of the app page', { url: appUrl, parent: top(appUrl) }],
  ])('refuses %s', (_label, frame) => {
    expect(check(eventFrom(frame))).toBe(false);
  });

  it('refuses a message whose frame is already gone', () => {
    expect(check(eventFrom(null))).toBe(false);
  });

  it('in development trusts the dev server origin only', () => {
    const devCheck = appSenderCheck({ kind: 'dev', url: 'http://localhost:5173/' });
    expect(devCheck(eventFrom(top('http://localhost:5173/')))).toBe(true);
    expect(devCheck(eventFrom(top('http://localhost:5174/')))).toBe(false);
    expect(devCheck(eventFrom(top(appUrl)))).toBe(false);
  });
});

describe('registerInvokeHandlers', () => {
  function registered() {
    const { ipcMain, listeners } = fakeIpcMain();
    const version = vi.fn(() => ({ version: '1.2.3' }));
    const unused = () => {
      throw new Error('not called in this test');
    };
    const handlers = {
      ...Object.fromEntries(Object.keys(invokeContract).map((channel) => [channel, unused])),
      'app:version': version,
    } as unknown as InvokeHandlers;
    registerInvokeHandlers(ipcMain, handlers, appSenderCheck(location));
    const listener = listeners.get('app:version');
    if (listener === undefined) throw new Error('app:version not registered');
    return { listeners, listener, version };
  }

  it('registers every channel of the contract', () => {
    expect([...registered().listeners.keys()].sort()).toEqual(Object.keys(invokeContract).sort());
  });

  it('answers a good request from the app page', async () => {
    const { listener, version } = registered();
    await expect(listener(eventFrom(top(appUrl)))).resolves.toEqual({ ok: true, value: { version: '1.2.3' } });
    expect(version).toHaveBeenCalledTimes(1);
  });

  it('refuses a foreign frame with a typed error, without running the handler', async () => {
    const { listener, version } = registered();
    const result = await listener(eventFrom(top('https://evil.example/')));
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(version).not.toHaveBeenCalled();
  });

  it.each([
    ['an object where none is expected', [{ injected: true }]],
    ['a string', ['1.0']],
    ['two arguments', [undefined, undefined]],
  ])('refuses %s as invalid_payload', async (_label, args) => {
    const { listener, version } = registered();
    const result = await listener(eventFrom(top(appUrl)), ...args);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(version).not.toHaveBeenCalled();
  });
});

describe('guardedHandler', () => {
  const schema = z
    .object({
      domain: z
        .string()
        .min(1)
        .transform((d) => d.toLowerCase()),
    })
    .strict();
  const trusted = () => true;

  it('passes the parsed (transformed) request to the handler', async () => {
    const handler = vi.fn((request: { domain: string }) => `checked ${request.domain}`);
    const listener = guardedHandler('test:echo', schema, handler, trusted);
    await expect(listener(eventFrom(top(appUrl)), { domain: 'Firma.CZ' })).resolves.toEqual({
      ok: true,
      value: 'checked firma.cz',
    });
  });

  it('names the offending field in the error message', async () => {
    const listener = guardedHandler('test:echo', schema, () => 'never', trusted);
    const result = await listener(eventFrom(top(appUrl)), { domain: 42 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_payload');
      expect(result.error.message).toContain('domain');
    }
  });

  it('refuses unknown keys (a strict schema is the contract)', async () => {
    const listener = guardedHandler('test:echo', schema, () => 'never', trusted);
    const result = await listener(eventFrom(top(appUrl)), { domain: 'firma.cz', extra: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('turns a throwing handler into an internal error instead of a rejected promise', async () => {
    const listener = guardedHandler(
      'test:boom',
      z.undefined(),
      () => {
        throw new Error('disk full');
      },
      trusted,
    );
    await expect(listener(eventFrom(top(appUrl)))).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'test:boom: disk full' },
    });
  });

  it('passes a typed IpcFailure through with its code, message key and params', async () => {
    const listener = guardedHandler(
      'test:open',
      z.undefined(),
      () => {
        throw new IpcFailure('invalid_file', 'a.json: not JSON', 'ui.error.not_assessment', { path: 'a.json' });
      },
      trusted,
    );
    await expect(listener(eventFrom(top(appUrl)))).resolves.toEqual({
      ok: false,
      error: { code: 'invalid_file', message: 'test:open: a.json: not JSON', key: 'ui.error.not_assessment', params: { path: 'a.json' } },
    });
  });

  it('awaits asynchronous handlers and catches their rejections', async () => {
    const ok = guardedHandler('test:async', z.undefined(), () => Promise.resolve(7), trusted);
    const bad = guardedHandler('test:async', z.undefined(), () => Promise.reject(new Error('timeout')), trusted);
    await expect(ok(eventFrom(top(appUrl)))).resolves.toEqual({ ok: true, value: 7 });
    await expect(bad(eventFrom(top(appUrl)))).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

/**
 * The e2e harness (DESIGN §7): the built renderer served over http://127.0.0.1, Debian's
 * Chromium driven by playwright-core, and — in place of the preload — the REAL main-process
 * handlers (electron/main/handlers.ts behind the same guarded IPC listeners) exposed to the page
 * with `page.exposeBinding`. Only what needs a human is replaced: the native file dialogs answer
 * with paths the test chooses, and the clipboard records what was copied.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build, type InlineConfig } from 'vite';
import electronViteConfig from '../../electron.vite.config';
import { AssessmentService, type AssessmentServiceOptions } from '../../electron/main/assessment-service';
import { contentSecurityPolicy } from '../../electron/main/csp';
import { createInvokeHandlers, type RendererTarget } from '../../electron/main/handlers';
import { appSenderCheck, registerInvokeHandlers } from '../../electron/main/ipc';
import { createApi } from '../../electron/preload/api';
import { writeReportPdf } from '../../electron/report/pdf';
import { AssessmentStore } from '../../electron/store/assessment-store';
import { SettingsStore } from '../../electron/store/settings-store';
import type { EventChannel, EventMap, IpcResult } from '../../shared/ipc';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const RESULTS = path.join(ROOT, 'test-results', 'e2e');

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Builds the renderer with the project's own renderer config (Svelte plugin, CSP meta tag) into
 * a folder of the test's own, so a concurrent `npm run build` into out/ cannot race with it.
 */
export async function buildRenderer(outDir: string): Promise<void> {
  const config = electronViteConfig as unknown as { renderer: InlineConfig };
  const renderer = config.renderer;
  await build({
    ...renderer,
    configFile: false,
    logLevel: 'warn',
    base: './',
    build: { ...renderer.build, outDir, emptyOutDir: true },
  });
}

/** What every e2e file starts from: a work folder of its own, the renderer built and served, Chromium launched. */
export interface E2eStage {
  work: string;
  server: StaticServer;
  browser: Browser;
  close(): Promise<void>;
}

export async function startStage(prefix: string): Promise<E2eStage> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (.ci/run does)`);
  const work = await mkdtemp(path.join(tmpdir(), prefix));
  await mkdir(RESULTS, { recursive: true });
  const rendererDir = path.join(work, 'renderer');
  await buildRenderer(rendererDir);
  const [server, browser] = await Promise.all([
    serveStatic(rendererDir),
    chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
  ]);
  return {
    work,
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** A tiny static server for the built renderer; it sends the app's CSP as a header, as Electron's session does. */
export async function serveStatic(dir: string): Promise<StaticServer> {
  const policy = contentSecurityPolicy({ dev: false, delivery: 'header' });
  const server = http.createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
      const file = path.resolve(dir, `.${relative}`);
      if (!file.startsWith(path.resolve(dir) + path.sep) || !existsSync(file) || !(await stat(file)).isFile()) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': policy,
        'Cache-Control': 'no-store',
      });
      response.end(await readFile(file));
    })().catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Which channel each preload API function uses: found by calling createApi with recording stand-ins. */
export function describeApi(): Record<string, { kind: 'invoke' | 'event'; channel: string }> {
  const spec: Record<string, { kind: 'invoke' | 'event'; channel: string }> = {};
  let current = '';
  const api = createApi(
    ((channel: string) => {
      spec[current] = { kind: 'invoke', channel };
      return Promise.resolve({ ok: true, value: undefined });
    }) as never,
    ((channel: string) => {
      spec[current] = { kind: 'event', channel };
      return () => {};
    }) as never,
  );
  for (const [name, fn] of Object.entries(api)) {
    current = name;
    (fn as (arg?: unknown) => unknown)(undefined);
  }
  return spec;
}

export interface AppHarnessOptions {
  /** lab resolver `IP:PORT` */
  resolver: string;
  storeDir: string;
  /** the branding settings' folder; default: `settings` beside storeDir */
  settingsDir?: string;
  dnsTimeoutMs?: number;
  /** more engine settings, e.g. the SMTP lab's --connect-to rules and CA */
  engine?: AssessmentServiceOptions['engine'];
}

export interface AppHarness {
  /** what the next save dialog answers (undefined: the user closes it) */
  nextSavePath: string | undefined;
  nextOpenPath: string | undefined;
  /** what the next folder dialog answers */
  nextFolderPath: string | undefined;
  clipboard: string[];
  service: AssessmentService;
  settings: SettingsStore;
  /** every event sent to the page, in order */
  events: { channel: EventChannel; payload: unknown }[];
  /** IPC results the page received, for failure diagnostics */
  invokes: { channel: string; result: IpcResult<unknown> }[];
}

/**
 * Installs `window.api` in every page of the context, backed by the real handlers. Call before
 * the page loads its script.
 */
export async function exposeApp(context: BrowserContext, options: AppHarnessOptions, baseUrl: string): Promise<AppHarness> {
  const harness: AppHarness = {
    nextSavePath: undefined,
    nextOpenPath: undefined,
    nextFolderPath: undefined,
    clipboard: [],
    service: new AssessmentService({
      store: new AssessmentStore(options.storeDir),
      engine: { ...options.engine, resolvers: [options.resolver], dnsTimeoutMs: options.dnsTimeoutMs ?? 1000 },
    }),
    settings: new SettingsStore(options.settingsDir ?? path.join(path.dirname(options.storeDir), 'settings')),
    events: [],
    invokes: [],
  };
  const pages = new Set<Page>();
  context.on('page', (page) => {
    pages.add(page);
    page.on('close', () => pages.delete(page));
  });

  const targetFor = (page: Page): RendererTarget => ({
    send: <C extends EventChannel>(channel: C, payload: EventMap[C]) => {
      harness.events.push({ channel, payload });
      // Evaluations run in the order they are sent, so `finished` arrives after every progress event.
      page
        .evaluate(([c, p]) => (window as unknown as { __mailauditEmit(c: string, p: unknown): void }).__mailauditEmit(c, p), [
          channel,
          payload,
        ] as const)
        .catch(() => {});
    },
    onGone: (callback) => {
      page.once('close', callback);
      return () => page.off('close', callback);
    },
  });

  const handlers = createInvokeHandlers({
    version: 'e2e',
    service: harness.service,
    dialogs: {
      saveFile: async () => harness.nextSavePath,
      openFile: async () => harness.nextOpenPath,
      chooseFolder: async () => harness.nextFolderPath,
    },
    clipboard: { writeText: (text) => harness.clipboard.push(text) },
    writePdf: (file, assessment, language, previous, branding) =>
      writeReportPdf(file, assessment, language, { ...(previous ? { previous } : {}), ...(branding ? { branding } : {}) }),
    settings: harness.settings,
    // Set per call below: the event object carries the page that asked.
    eventsFor: (event) => targetFor((event as unknown as { page: Page }).page),
  });
  const listeners = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<IpcResult<unknown>>>();
  registerInvokeHandlers(
    { handle: (channel: string, listener: never) => void listeners.set(channel, listener) } as never,
    handlers,
    appSenderCheck({ kind: 'dev', url: baseUrl }),
  );

  await context.exposeBinding('__mailauditInvoke', async (source, channel: string, ...args: unknown[]) => {
    const listener = listeners.get(channel);
    if (listener === undefined) return { ok: false, error: { code: 'invalid_payload', message: `no channel ${channel}` } };
    // The same sender check as in Electron: the frame's URL must be the app page, top-level.
    const event = { senderFrame: { url: source.frame.url(), parent: source.frame.parentFrame() ? {} : null }, page: source.page };
    const result = await listener(event as unknown as IpcMainInvokeEvent, ...args.filter((a) => a !== undefined));
    harness.invokes.push({ channel, result });
    return result;
  });
  await context.addInitScript((spec: Record<string, { kind: 'invoke' | 'event'; channel: string }>) => {
    type Listener = (payload: unknown) => void;
    const listeners = new Map<string, Set<Listener>>();
    const w = window as unknown as {
      __mailauditInvoke(channel: string, ...args: unknown[]): Promise<unknown>;
      __mailauditEmit(channel: string, payload: unknown): void;
      __cspViolations: string[];
    };
    w.__mailauditEmit = (channel, payload) => {
      for (const listener of listeners.get(channel) ?? []) listener(payload);
    };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI}`));
    const api: Record<string, unknown> = {};
    for (const [name, { kind, channel }] of Object.entries(spec)) {
      api[name] =
        kind === 'invoke'
          ? (...args: unknown[]) => w.__mailauditInvoke(channel, ...args)
          : (listener: Listener) => {
              const set = listeners.get(channel) ?? new Set<Listener>();
              listeners.set(channel, set);
              set.add(listener);
              return () => set.delete(listener);
            };
    }
    Object.defineProperty(window, 'api', { value: Object.freeze(api), configurable: false, writable: false });
  }, describeApi());
  return harness;
}

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await mkdir(RESULTS, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS, `${name}.png`), fullPage: options.fullPage ?? true });
}

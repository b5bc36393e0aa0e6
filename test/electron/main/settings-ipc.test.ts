/**
 * The branding settings through the real main process (app.ts with a mocked `electron`): the
 * settings:* channels read and write `<userData>/settings`, the logo is picked through Electron's
 * open dialog and checked there, payloads and senders are validated like every channel, and the
 * PDF export reads the saved branding (app.ts's writePdf), so the exported file names the firm.
 * The network reference hosts saved there reach every run's engine options, from the start and
 * after each save; a host the engine would refuse is refused with a message key for its field.
 */
import { EventEmitter } from 'node:events';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AssessOptions } from '../../../electron/engine/engine';
import type { EventMap } from '../../../shared/ipc';
import type { FakeElectron } from '../fake-electron';
import { pdfText, requirePoppler, squash } from '../report/pdf-text';
import { solidPng } from '../report/images';
import { sampleAssessment } from '../store/sample';

const mainDir = path.resolve('/opt/MailAudit/resources/app.asar/out/main');
const APP_PAGE = 'app://mailaudit/index.html';
const fromApp = { senderFrame: { url: APP_PAGE, parent: null } };

let dir: string;
let userData: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mailaudit-settings-ipc-'));
  userData = path.join(dir, 'userData');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Dialog = { canceled: boolean; filePaths?: string[]; filePath?: string };

/** A fresh fake `electron` with the app parts app.ts uses, and app.ts started and ready. */
async function start() {
  vi.resetModules();
  const { createFakeElectron } = await import('../fake-electron');
  const base: FakeElectron = createFakeElectron();
  const fake = Object.assign(base, {
    app: Object.assign(base.app, {
      getPath: vi.fn((name: string) => (name === 'userData' ? userData : path.join(dir, name))),
      setPath: vi.fn(),
    }),
    dialog: {
      showSaveDialog: vi.fn(async (..._args: unknown[]): Promise<Dialog> => ({ canceled: true, filePath: '' })),
      showOpenDialog: vi.fn(async (..._args: unknown[]): Promise<Dialog> => ({ canceled: true, filePaths: [] })),
    },
    clipboard: { writeText: vi.fn() },
  });
  vi.doMock('electron', () => fake);
  const { startApp } = await import('../../../electron/main/app');
  startApp(mainDir);
  await fake.app.becomeReady();
  const call = (channel: string, payload?: unknown, sender: unknown = fromApp) => {
    const listener = fake.ipcMain.handlers.get(channel);
    if (listener === undefined) throw new Error(`${channel} not registered`);
    return listener(sender, payload);
  };
  return { fake, call };
}

const FIELDS = {
  firmName: 'Bezpečná pošta s.r.o.',
  accentColor: '#0a7f5a',
  signature: { name: 'Jana Nováková', role: 'auditorka', place: 'Brno', date: '' },
};

describe('settings over IPC (app.ts, mocked electron)', () => {
  it('reads the defaults, saves the fields into <userData>/settings and reads them back', async () => {
    const { call } = await start();
    await expect(call('settings:get')).resolves.toMatchObject({ ok: true, value: { branding: { firmName: '', accentColor: '#1d4e89' } } });
    await expect(call('settings:save', FIELDS)).resolves.toEqual({ ok: true, value: { branding: FIELDS } });
    const file = JSON.parse(await readFile(path.join(userData, 'settings', 'settings.json'), 'utf8')) as unknown;
    expect(file).toEqual({ version: 1, branding: FIELDS });
    await expect(call('settings:get')).resolves.toEqual({ ok: true, value: { branding: FIELDS } });
  });

  it('reads a damaged settings file as the defaults with a notice', async () => {
    const { call } = await start();
    await call('settings:save', FIELDS);
    await writeFile(path.join(userData, 'settings', 'settings.json'), '{ not json');
    await expect(call('settings:get')).resolves.toMatchObject({ ok: true, value: { notice: 'invalid_json', branding: { firmName: '' } } });
  });

  it('validates the payload and the sender', async () => {
    const { call } = await start();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await expect(call('settings:save', { ...FIELDS, accentColor: 'red' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', message: expect.stringContaining('accentColor') as unknown },
    });
    await expect(call('settings:save', { ...FIELDS, logoPath: '/etc/passwd' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    await expect(call('settings:save', FIELDS, { senderFrame: { url: 'https://evil.example/', parent: null } })).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await expect(readdir(userData)).rejects.toThrow();
  });

  it('picks a logo through the open dialog, checks it and keeps a copy; refuses a renamed file', async () => {
    const { fake, call } = await start();
    await call('settings:save', FIELDS);
    const renamed = path.join(dir, 'logo.png');
    await writeFile(renamed, 'this is a text file, renamed');
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [renamed] });
    await expect(call('settings:pick-logo')).resolves.toEqual({
      ok: false,
      error: {
        code: 'invalid_file',
        message: expect.stringContaining('neither a PNG nor a JPEG') as unknown,
        key: 'ui.settings.logo.not_image',
        params: { path: 'logo.png', detail: expect.any(String) as unknown },
      },
    });
    const options = fake.dialog.showOpenDialog.mock.calls[0]?.at(-1) as { filters: { extensions: string[] }[] };
    expect(options.filters[0]?.extensions).toEqual(['png', 'jpg', 'jpeg']);

    const png = solidPng(120, 40, '#ff8800');
    const good = path.join(dir, 'firma.png');
    await writeFile(good, png);
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [good] });
    const set = await call('settings:pick-logo');
    expect(set).toMatchObject({
      ok: true,
      value: {
        status: 'set',
        settings: { branding: { ...FIELDS, logo: { type: 'png', width: 120, height: 40, originalName: 'firma.png' } } },
      },
    });
    const copy = (set as { value: { settings: { branding: { logo: { file: string } } } } }).value.settings.branding.logo.file;
    expect(await readFile(path.join(userData, 'settings', copy))).toEqual(png);

    await expect(call('settings:pick-logo')).resolves.toEqual({ ok: true, value: { status: 'cancelled' } });
    await expect(call('settings:save', { ...FIELDS, removeLogo: true })).resolves.toEqual({ ok: true, value: { branding: FIELDS } });
  });

  it('exports the PDF with the saved branding', async () => {
    requirePoppler();
    const { fake, call } = await start();
    await call('settings:save', FIELDS);
    const pdf = path.join(dir, 'report.pdf');
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: pdf });
    await expect(call('report:export-pdf', { assessment: sampleAssessment(), language: 'cs' })).resolves.toEqual({
      ok: true,
      value: { status: 'saved', path: pdf },
    });
    const cover = squash(pdfText(pdf, 'layout', { first: 1, last: 1 }));
    expect(cover).toContain(squash('Bezpečná pošta s.r.o.'));
    expect(cover).toContain(squash('Jana Nováková'));
  }, 30_000);

  it('passes the saved reference hosts to each run, read at start and replaced by each save', async () => {
    await mkdir(path.join(userData, 'settings'), { recursive: true });
    const saved = { version: 1, branding: FIELDS, network: { port25Reference: 'mx.saved.example:2525' } };
    await writeFile(path.join(userData, 'settings', 'settings.json'), JSON.stringify(saved));
    const engineModule = '../../../electron/engine/engine';
    const runs: AssessOptions[] = [];
    vi.doMock(engineModule, async (importOriginal) => ({
      ...(await importOriginal<typeof import('../../../electron/engine/engine')>()),
      assess: vi.fn(async (_request: unknown, options: AssessOptions) => {
        runs.push(options);
        return sampleAssessment();
      }),
    }));
    try {
      const { call } = await start();
      /** One run from the page; resolves with the engine options it was started with. */
      const run = async (): Promise<AssessOptions | undefined> => {
        const sender = Object.assign(new EventEmitter(), { isDestroyed: () => false, send: vi.fn() });
        const finished = new Promise<EventMap['assessment:finished']>((resolve) =>
          sender.send.mockImplementation((channel: string, payload: EventMap['assessment:finished']) => {
            if (channel === 'assessment:finished') resolve(payload);
          }),
        );
        await expect(call('assessment:start', { domain: 'firma.cz' }, { ...fromApp, sender })).resolves.toMatchObject({ ok: true });
        expect((await finished).outcome.ok).toBe(true);
        return runs.at(-1);
      };
      // The start-up read is queued before this one, so the service has the hosts by now.
      await expect(call('settings:get')).resolves.toEqual({ ok: true, value: { branding: FIELDS, network: saved.network } });
      const first = await run();
      expect(first?.port25ReferenceHost).toBe('mx.saved.example:2525');
      expect(first).not.toHaveProperty('portReferenceHost');

      const network = { port25Reference: ' [2001:db8::25]:25 ', portReference: 'reference.example' };
      await expect(call('settings:save', { ...FIELDS, network })).resolves.toEqual({
        ok: true,
        value: { branding: FIELDS, network: { port25Reference: '[2001:db8::25]:25', portReference: 'reference.example' } },
      });
      expect(await run()).toMatchObject({ port25ReferenceHost: '[2001:db8::25]:25', portReferenceHost: 'reference.example' });

      // A host the engine would refuse: the field's message key, nothing saved, the runs unchanged.
      await expect(call('settings:save', { ...FIELDS, network: { portReference: 'reference.example:443' } })).resolves.toEqual({
        ok: false,
        error: {
          code: 'invalid_payload',
          message: expect.stringContaining('without a port') as unknown,
          key: 'ui.settings.network.ports_invalid',
          params: { field: 'portReference', value: 'reference.example:443', detail: expect.stringContaining('without a port') as unknown },
        },
      });
      await expect(call('settings:save', { ...FIELDS, network: { port25Reference: 'mx.example:99999' } })).resolves.toMatchObject({
        ok: false,
        error: { key: 'ui.settings.network.port25_invalid', params: { field: 'port25Reference', value: 'mx.example:99999' } },
      });
      expect(await run()).toMatchObject({ port25ReferenceHost: '[2001:db8::25]:25', portReferenceHost: 'reference.example' });

      // Emptied fields: the engine's defaults again (no option at all).
      await call('settings:save', { ...FIELDS, network: { port25Reference: '', portReference: '' } });
      const last = await run();
      expect(last).not.toHaveProperty('port25ReferenceHost');
      expect(last).not.toHaveProperty('portReferenceHost');
    } finally {
      vi.doUnmock(engineModule);
    }
  });
});

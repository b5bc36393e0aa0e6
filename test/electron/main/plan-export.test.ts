/**
 * "Export plan" in the main process as app.ts wires it: the real startApp with the mocked
 * `electron` module (fake-electron.ts), so the folder dialog is Electron's `dialog.showOpenDialog`
 * stand-in and the IPC listener is the guarded one the page reaches through the preload.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildPlanExport } from '../../../shared/remediation/export/index';
import type { FakeElectron } from '../fake-electron';
import { sampleAssessment } from '../store/sample';
import { readScript } from '../../shared/remediation/export/readers';

const mainDir = path.resolve('/opt/MailAudit/resources/app.asar/out/main');
const fromApp = { senderFrame: { url: 'app://mailaudit/index.html', parent: null } };

let work: string;
beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'mailaudit-plan-export-'));
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(work, { recursive: true, force: true });
});

/** startApp with a fresh fake whose folder dialog answers `folder` (undefined: the user closes it). */
async function start(folder: () => string | undefined) {
  vi.resetModules();
  const { createFakeElectron } = await import('../fake-electron');
  const base = createFakeElectron();
  const fake = Object.assign(base, {
    app: Object.assign(base.app, {
      getPath: vi.fn((name: string) => path.join(work, name)),
      setPath: vi.fn(),
      getVersion: vi.fn(() => '4.5.6'),
    }),
    dialog: {
      showSaveDialog: vi.fn(async () => ({ canceled: true, filePath: '' })),
      showOpenDialog: vi.fn(async (..._args: unknown[]) => {
        const chosen = folder();
        return chosen === undefined ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [chosen] };
      }),
    },
    clipboard: { writeText: vi.fn() },
  });
  vi.doMock('electron', () => fake);
  const { startApp } = await import('../../../electron/main/app');
  startApp(mainDir);
  await (fake as FakeElectron).app.becomeReady();
  const listener = fake.ipcMain.handlers.get('plan:export');
  if (listener === undefined) throw new Error('plan:export is not registered');
  return { fake, exportPlan: (payload: unknown) => listener(fromApp, payload) };
}

describe('plan:export', () => {
  it('asks for a folder it may create and writes the plan there in the chosen language', async () => {
    const target = path.join(work, 'new-folder');
    const { fake, exportPlan } = await start(() => target);
    const assessment = sampleAssessment({ domain: 'firma.cz' });
    const result = await exportPlan({ assessment, language: 'en' });
    const names = buildPlanExport(assessment, { lang: 'en', version: '4.5.6', generatedAt: new Date() }).map((f) => f.name);
    expect(result).toEqual({ ok: true, value: { status: 'saved', path: target, files: names } });
    expect(fake.dialog.showOpenDialog).toHaveBeenCalledWith(
      fake.windows[0],
      expect.objectContaining({ properties: expect.arrayContaining(['openDirectory', 'createDirectory']) }),
    );
    expect((await readdir(target)).sort()).toEqual([...names].sort());
    const message = await readFile(path.join(target, 'dns-administrator.txt'), 'utf8');
    expect(message).toContain('Subject: DNS changes for the domain firma.cz');
    expect(message).toContain('by MailAudit 4.5.6');
    expect(message).toContain('_dmarc.firma.cz.');
  });

  it('writes the Exchange scripts of the plan, guarded', async () => {
    const target = path.join(work, 'exo');
    const { exportPlan } = await start(() => target);
    const assessment = sampleAssessment();
    assessment.request.platformHint = 'exchange-2019';
    assessment.findings.push({
      checkId: 'tls-versions',
      status: 'fail',
      key: 'finding.tls.legacy_versions_offered',
      params: { host: 'mail.firma.cz', address: '192.0.2.25', port: 25, versions: ['TLSv1.0'] },
      target: 'mail.firma.cz',
      evidence: [],
    });
    const result = await exportPlan({ assessment, language: 'cs' });
    expect(result).toMatchObject({ ok: true, value: { status: 'saved' } });
    const files = await readdir(target);
    expect(files).toContain('exchange-server.ps1');
    expect(files).toContain('registry.reg');
    for (const name of files.filter((f) => f.endsWith('.ps1'))) readScript(await readFile(path.join(target, name)));
  });

  it('answers a closed dialog as cancelled and writes nothing', async () => {
    const { exportPlan } = await start(() => undefined);
    await expect(exportPlan({ assessment: sampleAssessment(), language: 'cs' })).resolves.toEqual({
      ok: true,
      value: { status: 'cancelled' },
    });
    expect(await readdir(work)).toEqual([]);
  });

  it('refuses a folder with files in it, leaving them as they were', async () => {
    const full = path.join(work, 'full');
    await mkdir(full);
    await writeFile(path.join(full, 'dns-records.zone'), 'mine');
    const { exportPlan } = await start(() => full);
    const result = await exportPlan({ assessment: sampleAssessment(), language: 'cs' });
    expect(result).toMatchObject({ ok: false, error: { code: 'write_failed', key: 'ui.plan_export.not_empty', params: { path: full } } });
    expect(await readdir(full)).toEqual(['dns-records.zone']);
    expect(await readFile(path.join(full, 'dns-records.zone'), 'utf8')).toBe('mine');
  });

  it('validates the payload before any dialog opens', async () => {
    const { fake, exportPlan } = await start(() => work);
    await expect(exportPlan({ assessment: sampleAssessment(), language: 'de' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    await expect(exportPlan({ assessment: { id: 'x' }, language: 'cs' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(fake.dialog.showOpenDialog).not.toHaveBeenCalled();
  });
});

/**
 * The same journey through the real Electron app with Playwright's `_electron` launcher: the
 * built main process, preload and renderer, the lab as resolver (MAILAUDIT_DEV_RESOLVERS) and a
 * temporary user-data folder. It needs the Electron binary, which `npm install` cannot download
 * on machines without access to Electron's download host (DESIGN §7): there the test is skipped
 * and says so.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { _electron } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabDnsServer, type LabDnsServer } from '../lab/dns-server';
import { labZones } from '../lab/zones';
import { RESULTS, ROOT } from './harness';

const run = promisify(execFile);

/** The Electron binary `require('electron')` names, when it is actually there. */
function electronBinary(): string | undefined {
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown;
    return typeof binary === 'string' && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
const SKIP_REASON = 'no Electron binary in node_modules/electron (its download host is not reachable from this machine)';
if (binary === undefined) console.warn(`[e2e] _electron test SKIPPED: ${SKIP_REASON}`);

describe('the app in Electron (Playwright _electron)', () => {
  let lab: LabDnsServer | undefined;
  let work: string | undefined;
  // Inside the checkout, so the bundle's ESM and node_modules resolve as they do from out/.
  const appDir = path.join(RESULTS, 'electron-app');

  beforeAll(async () => {
    if (binary === undefined) return;
    work = await mkdtemp(path.join(tmpdir(), 'mailaudit-electron-'));
    lab = await startLabDnsServer({ zones: labZones() });
    await run(process.execPath, [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', appDir], {
      cwd: ROOT,
    });
  }, 180_000);

  afterAll(async () => {
    await lab?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it.skipIf(binary === undefined)(
    `domain → results → PDF in the real app${binary === undefined ? ` — SKIPPED: ${SKIP_REASON}` : ''}`,
    async () => {
      if (binary === undefined || lab === undefined || work === undefined) throw new Error('set-up did not run');
      const pdf = path.join(work, 'report.pdf');
      const app = await _electron.launch({
        executablePath: binary,
        args: [path.join(appDir, 'main/index.js')],
        env: { ...process.env, MAILAUDIT_DEV_RESOLVERS: lab.address, MAILAUDIT_DEV_USER_DATA: path.join(work, 'user-data') } as Record<
          string,
          string
        >,
      });
      try {
        // Native dialogs cannot be clicked by a test: answer the save dialog in the main process.
        await app.evaluate(({ dialog }, file) => {
          dialog.showSaveDialog = (async () => ({ canceled: false, filePath: file })) as typeof dialog.showSaveDialog;
        }, pdf);
        const page = await app.firstWindow();
        await page.getByRole('button', { name: 'Nové posouzení' }).click();
        await page.getByLabel(/^Doména/).fill('no-dmarc.test');
        await page.getByRole('button', { name: 'Spustit posouzení' }).click();
        await page.getByRole('heading', { name: 'Výsledky posouzení' }).waitFor({ timeout: 30_000 });
        expect(await page.locator('[data-requirement="mail-auth"]').getAttribute('data-verdict')).toBe('fail');
        await page.screenshot({ path: path.join(RESULTS, 'electron-results.png'), fullPage: true });
        await page.getByTestId('export-pdf').click();
        await page
          .getByTestId('notice')
          .getByText(/Zpráva PDF je uložena/)
          .waitFor({ timeout: 30_000 });
        const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', pdf, '-']);
        expect(stdout).toContain('no-dmarc.test');
        expect(stdout).toContain('nesplněno');
      } finally {
        await app.close();
      }
    },
    120_000,
  );
});

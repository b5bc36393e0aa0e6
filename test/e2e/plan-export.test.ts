/**
 * "Exportovat plán" in the built wizard (Chromium), the real main-process handlers behind it: the
 * button asks main for a folder (the harness answers for the native dialog) and main writes the
 * plan's files there; the page says where. A second export into the same folder is refused.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlanExport } from '../../shared/remediation/export/index';
import { startLabDnsServer, type LabDnsServer } from '../lab/dns-server';
import { labZones } from '../lab/zones';
import { exposeApp, screenshot, startStage, type E2eStage } from './harness';

let lab: LabDnsServer;
let stage: E2eStage;

beforeAll(async () => {
  [lab, stage] = await Promise.all([startLabDnsServer({ zones: labZones() }), startStage('mailaudit-e2e-plan-')]);
}, 120_000);

afterAll(async () => {
  await stage?.close();
  await lab?.close();
});

describe('export the remediation plan from the wizard', () => {
  it('writes the files into the chosen folder and refuses a folder that is not empty', async () => {
    const context = await stage.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'cs-CZ' });
    try {
      const app = await exposeApp(
        context,
        { resolver: lab.address, storeDir: path.join(stage.work, 'store'), dnsTimeoutMs: 1000 },
        stage.server.url,
      );
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(stage.server.url);
      await page.getByRole('button', { name: 'Nové posouzení' }).click();
      await page.getByLabel(/^Doména/).fill('no-dmarc.test');
      await page.getByRole('button', { name: 'Spustit posouzení' }).click();
      await page.getByRole('heading', { name: 'Výsledky posouzení' }).waitFor({ timeout: 50_000 });
      await page.getByTestId('to-remediation').click();
      await page.getByRole('heading', { name: /^Plán nápravy pro no-dmarc.test/ }).waitFor();

      const folder = path.join(stage.work, 'plan');
      app.nextFolderPath = folder;
      const button = page.getByTestId('export-plan');
      expect(await button.textContent()).toContain('Exportovat plán');
      await button.click();
      await page
        .getByTestId('notice')
        .getByText(/Plán nápravy je exportován do složky/)
        .waitFor({ timeout: 30_000 });
      await screenshot(page, 'plan-exported', { fullPage: false });

      const call = app.invokes.find((i) => i.channel === 'plan:export');
      expect(call?.result.ok).toBe(true);
      const listed = (await app.service.list()).items[0];
      expect(listed?.domain).toBe('no-dmarc.test');
      const a = await app.service.open(listed!.id);
      const names = buildPlanExport(a, { lang: 'cs', version: 'e2e', generatedAt: new Date() }).map((f) => f.name);
      expect((await readdir(folder)).sort()).toEqual([...names].sort());
      expect(await page.getByTestId('notice').textContent()).toContain(folder);
      const message = await readFile(path.join(folder, 'dns-administrator.txt'), 'utf8');
      expect(message).toContain('Předmět: Změny v DNS domény no-dmarc.test');
      expect(message).toContain('_dmarc.no-dmarc.test.');

      // The same folder again: refused in plain words, files untouched.
      await page
        .getByTestId('notice')
        .getByRole('button')
        .first()
        .click()
        .catch(() => {});
      await button.click();
      await page
        .getByTestId('notice')
        .getByText(/není prázdná/)
        .waitFor({ timeout: 30_000 });
      expect((await readdir(folder)).sort()).toEqual([...names].sort());
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

/**
 * "Nastavení zprávy" in the built wizard (Chromium), the real main-process handlers and settings
 * store behind it: the consultant types the firm, an accent colour (a wrong one keeps Save
 * disabled) and a signature, picks a logo through main's dialog (a renamed text file is refused
 * in plain words), saves, and the settings survive a reload; the PDF exported afterwards from a
 * saved assessment carries the firm, the signature, the accent colour and the logo. The network
 * part: the two reference hosts are typed, a host the engine would refuse is shown under its field,
 * and the saved ones reach the assessment service and survive a reload.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countColour, renderPage, solidPng } from '../electron/report/images';
import { artefact, pdfText, requirePoppler, squash } from '../electron/report/pdf-text';
import { sampleAssessment } from '../electron/store/sample';
import { exposeApp, screenshot, startStage, type E2eStage } from './harness';

const ACCENT = '#00897b';
let stage: E2eStage;

beforeAll(async () => {
  requirePoppler();
  stage = await startStage('mailaudit-e2e-settings-');
}, 120_000);

afterAll(async () => {
  await stage?.close();
});

describe('report settings in the wizard', () => {
  it('saves the branding, and the exported PDF carries it', async () => {
    const context = await stage.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'cs-CZ' });
    try {
      const settingsDir = path.join(stage.work, 'settings');
      const app = await exposeApp(
        context,
        { resolver: '127.0.0.1:9', storeDir: path.join(stage.work, 'store'), settingsDir, dnsTimeoutMs: 500 },
        stage.server.url,
      );
      await app.service.save(sampleAssessment({ clientName: 'Pražská strojírna a.s.' }));
      const renamed = path.join(stage.work, 'logo.png');
      await writeFile(renamed, 'Tohle je text, ne obrázek.');
      const logo = path.join(stage.work, 'firma.png');
      await writeFile(logo, solidPng(200, 80, '#ff8800'));

      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(stage.server.url);
      await page.getByRole('button', { name: 'Nastavení zprávy' }).click();
      await page.getByRole('heading', { name: 'Nastavení zprávy' }).waitFor();
      const form = page.getByTestId('settings-form');
      await form.waitFor();

      await page.getByLabel('Název firmy').fill('Bezpečná pošta s.r.o.');
      const accent = page.locator('#accent');
      await accent.fill('zelená');
      const save = page.getByRole('button', { name: 'Uložit nastavení' });
      expect(await save.isDisabled()).toBe(true);
      await page.getByText('Zadejte barvu ve tvaru #RRGGBB').waitFor();
      await accent.fill(ACCENT);
      expect(await save.isDisabled()).toBe(false);
      await page.getByLabel('Jméno').fill('Jana Nováková');
      await page.getByLabel('Funkce').fill('auditorka');
      await page.getByLabel('Místo').fill('Brno');

      app.nextOpenPath = renamed;
      await page.getByRole('button', { name: 'Vybrat logo…' }).click();
      await page.getByTestId('notice').getByText('Soubor logo.png není obrázek PNG ani JPEG').waitFor();
      expect(await page.getByTestId('logo-state').textContent()).toContain('Bez loga');
      app.nextOpenPath = logo;
      await page.getByRole('button', { name: 'Vybrat logo…' }).click();
      await page.getByTestId('logo-state').getByText('firma.png, 200 × 80 px').waitFor();
      // Picking the logo keeps what was typed.
      expect(await page.getByLabel('Název firmy').inputValue()).toBe('Bezpečná pošta s.r.o.');

      await save.click();
      await page.getByTestId('notice').getByText('Nastavení je uložené').waitFor();
      await screenshot(page, 'settings-saved', { fullPage: false });
      const file = JSON.parse(await readFile(path.join(settingsDir, 'settings.json'), 'utf8')) as {
        branding: { firmName: string; accentColor: string; signature: { name: string }; logo: { file: string } };
      };
      expect(file.branding).toMatchObject({ firmName: 'Bezpečná pošta s.r.o.', accentColor: ACCENT, signature: { name: 'Jana Nováková' } });
      expect(await readFile(path.join(settingsDir, file.branding.logo.file))).toEqual(await readFile(logo));

      // A reload reads them back from main.
      await page.reload();
      await page.getByRole('button', { name: 'Nastavení zprávy' }).click();
      await page.getByTestId('settings-form').waitFor();
      expect(await page.getByLabel('Název firmy').inputValue()).toBe('Bezpečná pošta s.r.o.');
      expect(await page.getByLabel('Jméno').inputValue()).toBe('Jana Nováková');
      await page.getByRole('button', { name: 'Zpět na úvod' }).click();

      // Export a saved assessment's PDF: main reads the saved branding for it.
      await page
        .getByTestId('saved-list')
        .getByRole('button', { name: /^Otevřít/ })
        .first()
        .click();
      await page.getByTestId('export-pdf').waitFor();
      const pdf = path.join(stage.work, 'branded.pdf');
      app.nextSavePath = pdf;
      await page.getByTestId('export-pdf').click();
      await page
        .getByTestId('notice')
        .getByText(/Zpráva PDF je uložena/)
        .waitFor({ timeout: 30_000 });
      const cover = squash(pdfText(pdf, 'layout', { first: 1, last: 1 }));
      for (const text of ['Bezpečná pošta s.r.o.', 'Jana Nováková', 'auditorka', 'Brno']) expect(cover).toContain(squash(text));
      expect(squash(pdfText(pdf, 'layout', { first: 2, last: 2 }))).toContain(squash('Bezpečná pošta s.r.o. ·'));
      const pixels = renderPage(pdf, artefact('e2e-settings-page1'));
      expect(countColour(pixels, ACCENT, 20)).toBeGreaterThan(150);
      expect(countColour(pixels, '#ff8800', 20, [0.55, 0, 1, 0.2])).toBeGreaterThan(2000);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('saves the network reference hosts; a bad one is refused under its field', async () => {
    const context = await stage.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'cs-CZ' });
    try {
      const settingsDir = path.join(stage.work, 'settings-network');
      const app = await exposeApp(
        context,
        { resolver: '127.0.0.1:9', storeDir: path.join(stage.work, 'store-network'), settingsDir, dnsTimeoutMs: 500 },
        stage.server.url,
      );
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(stage.server.url);
      await page.getByRole('button', { name: 'Nastavení zprávy' }).click();
      await page.getByTestId('settings-form').waitFor();
      const network = page.getByTestId('network-settings');
      await network.getByText('žádná pošta se neposílá').waitFor();
      await network.getByText('porty 465–443 se netestují').waitFor();
      const port25 = page.getByLabel('Kontrolní poštovní server pro port 25');
      const ports = page.getByLabel('Kontrolní server pro porty 465, 587, 993, 995 a 443');
      expect(await port25.inputValue()).toBe('');
      expect(await ports.inputValue()).toBe('');

      await port25.fill('mx.reference.example:2525');
      await ports.fill('reference.example:443');
      const save = page.getByRole('button', { name: 'Uložit nastavení' });
      await save.click();
      await page
        .locator('#port-reference-feedback')
        .getByText('Neplatný kontrolní server pro porty 465–443 „reference.example:443“')
        .waitFor();
      expect(await ports.getAttribute('aria-invalid')).toBe('true');
      expect(await port25.getAttribute('aria-invalid')).toBe('false');
      await page.getByTestId('notice').getByText('Nastavení se nepodařilo uložit').waitFor();
      await screenshot(page, 'settings-network-invalid', { fullPage: false });
      // Nothing was saved, and the service still uses the defaults.
      await expect(readFile(path.join(settingsDir, 'settings.json'))).rejects.toThrow();
      expect(app.service.referenceHosts).toBeUndefined();

      // Correcting the field takes the message away; saving keeps both hosts.
      await ports.fill('reference.example');
      expect(await ports.getAttribute('aria-invalid')).toBe('false');
      await save.click();
      await page.getByTestId('notice').getByText('Nastavení je uložené').waitFor();
      const file = JSON.parse(await readFile(path.join(settingsDir, 'settings.json'), 'utf8')) as { network: unknown };
      expect(file.network).toEqual({ port25Reference: 'mx.reference.example:2525', portReference: 'reference.example' });
      expect(app.service.referenceHosts).toEqual({ port25: 'mx.reference.example:2525', ports: 'reference.example' });

      await page.reload();
      await page.getByRole('button', { name: 'Nastavení zprávy' }).click();
      await page.getByTestId('settings-form').waitFor();
      expect(await port25.inputValue()).toBe('mx.reference.example:2525');
      expect(await ports.inputValue()).toBe('reference.example');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});

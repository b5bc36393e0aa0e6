/**
 * End to end in Chromium (DESIGN §7): requirement 6's guided manual test on the results step,
 * through the real main-process handlers and store. A lab domain whose platform cannot be told
 * (row 6 waits for the test); the consultant records that the message left → row 6 is not met
 * with a message naming the test domain, the saved file holds the record with the browser's local
 * offset and the main process's recordedAt; after a reload the saved list opens it with the record;
 * edit and remove change the verdict back and forth; the PDF shows it. An assessment opened from
 * a JSON file is saved into the list first. Screenshots go to test-results/e2e/.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseAssessment, type Assessment } from '../../shared/assessment';
import { startLabDnsServer, type LabDnsServer } from '../lab/dns-server';
import { labZones } from '../lab/zones';
import { exposeApp, RESULTS, screenshot, type AppHarness, startStage, type E2eStage } from './harness';

const run = promisify(execFile);
const TEST_ADDRESS = 'dane-test@bad-tlsa.example';

let lab: LabDnsServer;
let stage: E2eStage;

beforeAll(async () => {
  [lab, stage] = await Promise.all([startLabDnsServer({ zones: labZones() }), startStage('mailaudit-e2e-manual-')]);
}, 120_000);

afterAll(async () => {
  await stage?.close();
  await lab?.close();
});

interface Session {
  context: BrowserContext;
  page: Page;
  app: AppHarness;
  storeDir: string;
  problems: string[];
}

let session: Session | undefined;

async function open(): Promise<Session> {
  // A zone with an offset and daylight saving time, so "local time with its offset" means something.
  const context = await stage.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'cs-CZ', timezoneId: 'Europe/Prague' });
  const storeDir = path.join(stage.work, `store-${Math.random().toString(36).slice(2)}`);
  const app = await exposeApp(context, { resolver: lab.address, storeDir }, stage.server.url);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(stage.server.url);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  return { context, page, app, storeDir, problems };
}

afterEach(async () => {
  if (session) {
    expect(await session.page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    expect(session.problems).toEqual([]);
    await session.context.close();
    session = undefined;
  }
});

async function savedFile(s: Session, id: string): Promise<Assessment> {
  const parsed = parseAssessment(JSON.parse(await readFile(path.join(s.storeDir, `${id}.json`), 'utf8')));
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.value;
}

/** Fills and saves the form of the manual test. */
async function record(page: Page, fields: { sentTo?: string; sentAt?: string; left?: 'yes' | 'no'; note?: string }): Promise<void> {
  const form = page.getByTestId('manual-test-form');
  if (fields.sentTo !== undefined) await form.getByLabel('Kam byla zpráva odeslána').fill(fields.sentTo);
  if (fields.sentAt !== undefined) await form.getByLabel('Kdy byla odeslána').fill(fields.sentAt);
  if (fields.left === 'yes') await form.getByRole('radio', { name: /Ano – byla doručena/ }).check();
  if (fields.left === 'no') await form.getByRole('radio', { name: /Ne – server ji odmítl/ }).check();
  if (fields.note !== undefined) await form.getByLabel('Poznámka').fill(fields.note);
  await form.getByTestId('manual-test-save').click();
}

describe('the guided manual test of requirement 6 in Chromium', () => {
  it('records "left: yes" on a lab run → row 6 not met naming the test domain; kept after a reload; edit, remove, PDF', async () => {
    session = await open();
    const { page, app } = session;
    await page.getByRole('button', { name: 'Nové posouzení' }).click();
    await page.getByLabel(/^Doména/).fill('no-dmarc.test');
    await page.getByRole('button', { name: 'Spustit posouzení' }).click();
    await page.getByRole('heading', { name: 'Výsledky posouzení' }).waitFor({ timeout: 60_000 });

    // Row 6 waits for the test; the card explains it and offers the form.
    const row6 = page.locator('[data-requirement="dane-outbound"]');
    expect(await row6.getAttribute('data-verdict')).toBe('not_verified');
    const section = row6.getByTestId('manual-test');
    expect(await section.textContent()).toContain('úmyslně chybný');
    expect(await section.textContent()).toContain('veřejné testovací služby DANE');
    await section.getByTestId('manual-test-start').click();

    // The time is filled in (now, local); Save with the rest empty names what is missing.
    const form = section.getByTestId('manual-test-form');
    expect(await form.getByLabel('Kdy byla odeslána').inputValue()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    expect(await form.getByLabel('Kam byla zpráva odeslána').evaluate((e) => e === document.activeElement)).toBe(true);
    await form.getByTestId('manual-test-save').click();
    await form.getByText('Uveďte adresu nebo doménu, kam zpráva šla.').waitFor();
    expect(await form.textContent()).toContain('Vyberte, zda zpráva odešla.');
    expect(app.invokes.filter((i) => i.channel === 'assessment:record-manual-test')).toEqual([]);
    await screenshot(page, 'manual-01-form-errors', { fullPage: false });

    await record(page, {
      sentTo: `  ${TEST_ADDRESS} `,
      sentAt: '2026-03-02T11:30',
      left: 'yes',
      note: 'Odesláno z mail.no-dmarc.test.\nServer odpověděl 250 2.0.0 OK.',
    });

    // The verdict follows at once: not met, the reason naming the test domain.
    await page.waitForFunction(() => document.querySelector('[data-requirement="dane-outbound"]')?.getAttribute('data-verdict') === 'fail');
    expect(await row6.getByTestId('verdict').textContent()).toContain('nesplněno');
    const reason = await row6.getByTestId('verdict-reason').textContent();
    expect(reason).toContain(`na ${TEST_ADDRESS} odešla`);
    expect(reason).toContain('2026-03-02 11:30');
    const recorded = section.getByTestId('manual-test-record');
    expect(await recorded.getByTestId('manual-test-sent-to').textContent()).toBe(TEST_ADDRESS);
    expect(await recorded.textContent()).toContain('Zpráva odešla: odesílající servery DANE neověřují.');
    expect(await recorded.innerText()).toContain('Odesláno z mail.no-dmarc.test.\nServer odpověděl 250 2.0.0 OK.');
    await row6.scrollIntoViewIfNeeded();
    await screenshot(page, 'manual-02-recorded', { fullPage: false });

    // The saved file holds the record: the browser's local time with Prague's offset, recordedAt from the main process.
    const id = app.invokes.find((i) => i.channel === 'assessment:record-manual-test' && i.result.ok)!.result as {
      ok: true;
      value: Assessment;
    };
    const stored = await savedFile(session, id.value.id);
    expect(stored.manualTests?.daneOutbound).toEqual({
      sentTo: TEST_ADDRESS,
      sentAt: '2026-03-02T11:30:00+01:00',
      left: true,
      note: 'Odesláno z mail.no-dmarc.test.\nServer odpověděl 250 2.0.0 OK.',
      recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(Math.abs(Date.parse(stored.manualTests!.daneOutbound!.recordedAt) - Date.now())).toBeLessThan(60_000);

    // A reload, then the saved list: the record and the verdict are still there.
    await page.reload();
    await page.getByRole('button', { name: /^Otevřít posouzení no-dmarc\.test/ }).click();
    await page.getByRole('heading', { name: 'Výsledky posouzení' }).waitFor();
    expect(await row6.getAttribute('data-verdict')).toBe('fail');
    expect(await row6.getByTestId('verdict-reason').textContent()).toContain(TEST_ADDRESS);
    expect(await section.getByTestId('manual-test-sent-to').textContent()).toBe(TEST_ADDRESS);

    // In English too.
    await page.getByRole('button', { name: 'English' }).click();
    expect(await row6.getByTestId('verdict-reason').textContent()).toContain(`to ${TEST_ADDRESS} left although`);
    expect(await section.textContent()).toContain('Manual test: do the sending servers validate DANE?');
    await page.getByRole('button', { name: 'Čeština' }).click();

    // The PDF of what is shown carries the record under requirement 6.
    const pdf = path.join(RESULTS, 'manual-test-cs.pdf');
    app.nextSavePath = pdf;
    await page.getByTestId('export-pdf').click();
    await page
      .getByTestId('notice')
      .getByText(/Zpráva PDF je uložena/)
      .waitFor({ timeout: 30_000 });
    const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', '-raw', pdf, '-']);
    const chapter = text.slice(text.indexOf('6. Odesílající servery ověřují DANE'));
    expect(chapter.slice(0, chapter.indexOf('7. '))).toContain(`Odesláno na ${TEST_ADDRESS}`);

    // Edit: it did not leave after all → met; the form starts from the recorded values.
    await section.getByTestId('manual-test-edit').click();
    expect(await form.getByLabel('Kam byla zpráva odeslána').inputValue()).toBe(TEST_ADDRESS);
    expect(await form.getByLabel('Kdy byla odeslána').inputValue()).toBe('2026-03-02T11:30');
    expect(await form.getByRole('radio', { name: /Ano – byla doručena/ }).isChecked()).toBe(true);
    await record(page, { left: 'no' });
    await page.waitForFunction(() => document.querySelector('[data-requirement="dane-outbound"]')?.getAttribute('data-verdict') === 'pass');
    expect(await row6.getByTestId('verdict').textContent()).toContain('splněno');
    expect((await savedFile(session, id.value.id)).manualTests?.daneOutbound?.left).toBe(false);

    // Remove, after confirmation: back to waiting for the test, and the file as the engine wrote it.
    await section.getByTestId('manual-test-remove').click();
    await section.getByText('Odstranit záznam testu?').waitFor();
    await section.getByTestId('manual-test-remove-yes').click();
    await page.waitForFunction(
      () => document.querySelector('[data-requirement="dane-outbound"]')?.getAttribute('data-verdict') === 'not_verified',
    );
    await section.getByTestId('manual-test-start').waitFor();
    expect((await savedFile(session, id.value.id)).manualTests).toBeUndefined();
  });

  it('an assessment opened from a JSON file is added to the saved list with its record', async () => {
    session = await open();
    const { page, app } = session;
    // An assessment from another machine: run here in a first session's store and exported as a file.
    const first = await open();
    await first.page.getByRole('button', { name: 'Nové posouzení' }).click();
    await first.page.getByLabel(/^Doména/).fill('onprem.test');
    await first.page.getByRole('button', { name: 'Spustit posouzení' }).click();
    await first.page.getByRole('heading', { name: 'Výsledky posouzení' }).waitFor({ timeout: 60_000 });
    const json = path.join(stage.work, 'onprem.json');
    first.app.nextSavePath = json;
    await first.page.getByTestId('export-json').click();
    await first.page
      .getByTestId('notice')
      .getByText(/uloženo jako JSON/)
      .waitFor();
    await first.context.close();
    const exported = parseAssessment(JSON.parse(await readFile(json, 'utf8')));
    if (!exported.ok) throw new Error('export is not an Assessment');
    await writeFile(json, JSON.stringify(exported.value));

    expect(await page.getByTestId('saved-list').count()).toBe(0);
    app.nextOpenPath = json;
    await page.getByRole('button', { name: 'Otevřít soubor JSON…' }).click();
    await page.getByRole('heading', { name: 'Výsledky posouzení' }).waitFor();
    expect(await page.getByText(/Otevřeno ze souboru/).count()).toBe(1);

    const section = page.locator('[data-requirement="dane-outbound"]').getByTestId('manual-test');
    await section.getByTestId('manual-test-start').click();
    await record(page, { sentTo: 'bad-tlsa.example', sentAt: '2026-07-01T09:15', left: 'no' });
    await page.waitForFunction(() => document.querySelector('[data-requirement="dane-outbound"]')?.getAttribute('data-verdict') === 'pass');
    expect(await page.getByTestId('notice').textContent()).toContain('uloženo v seznamu uložených posouzení');
    expect(await page.getByText(/Otevřeno ze souboru/).count()).toBe(0);
    // Summer time: Prague is UTC+02:00 in July.
    expect((await savedFile(session, exported.value.id)).manualTests?.daneOutbound?.sentAt).toBe('2026-07-01T09:15:00+02:00');
    expect(app.invokes.map((i) => i.channel).filter((c) => c === 'assessment:save' || c === 'assessment:record-manual-test')).toEqual([
      'assessment:save',
      'assessment:record-manual-test',
    ]);

    await page.getByRole('button', { name: /MailAudit – úvodní obrazovka/ }).click();
    await page.getByTestId('saved-list').getByText('onprem.test').waitFor();
    await screenshot(page, 'manual-03-saved-from-file', { fullPage: false });
  });
});

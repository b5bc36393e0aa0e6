/**
 * End to end (issue 3 §7): the built wizard in Debian's Chromium, the real main-process handlers
 * and engine behind it, the DNS lab as the world. Screenshots of every step go to
 * test-results/e2e/ (look at them: the UI is shown to managers).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseAssessment } from '../../shared/assessment';
import { startLabDnsServer, txt, type LabDnsServer, type LabZone } from '../lab/dns-server';
import { labZones } from '../lab/zones';
import { exposeApp, RESULTS, screenshot, type AppHarness, startStage, type E2eStage } from './harness';

const run = promisify(execFile);

/** Network data that must stay data: markup, quotes, backticks, command substitution, a line break. */
const SCRIPT = '<script>window.__pwned=1</script>';
const IMG = '<img src=x onerror="window.__pwned=2">';
const SUBST = '$(rm -rf /)';
const TICKS = '`whoami`';
const hostile: LabZone = {
  origin: 'xss.test',
  records: [
    { name: '@', type: 'SOA', data: { mname: 'ns1.xss.test', rname: 'hostmaster.xss.test', serial: 1, minimum: 300 } },
    { name: '@', type: 'NS', data: 'ns1.xss.test' },
    { name: 'ns1', type: 'A', data: '127.0.0.53' },
    { name: '@', type: 'MX', data: { preference: 10, exchange: 'mail.xss.test' } },
    { name: 'mail', type: 'A', data: '127.0.20.40' },
    { name: '@', type: 'TXT', data: txt(`v=spf1 ip4:192.0.2.1 ${SCRIPT} "quoted" ${TICKS} ${SUBST}\n${IMG} -all`) },
    { name: '_dmarc', type: 'TXT', data: txt(`v=DMARC1; p=none; rua=mailto:${SUBST}@xss.test; ruf=mailto:x@xss.test'${TICKS}`) },
  ],
};

let lab: LabDnsServer;
let stage: E2eStage;

beforeAll(async () => {
  [lab, stage] = await Promise.all([startLabDnsServer({ zones: [...labZones(), hostile] }), startStage('mailaudit-e2e-')]);
}, 120_000);

afterAll(async () => {
  await stage?.close();
  await lab?.close();
});

interface Session {
  context: BrowserContext;
  page: Page;
  app: AppHarness;
  /** console errors, uncaught exceptions, CSP violations */
  problems: string[];
}

let session: Session;

async function open(
  options: { viewport?: { width: number; height: number }; deviceScaleFactor?: number; storeDir?: string; dnsTimeoutMs?: number } = {},
): Promise<Session> {
  const context = await stage.browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    locale: 'cs-CZ',
  });
  const app = await exposeApp(
    context,
    {
      resolver: lab.address,
      storeDir: options.storeDir ?? path.join(stage.work, `store-${Math.random().toString(36).slice(2)}`),
      dnsTimeoutMs: options.dnsTimeoutMs ?? 1000,
    },
    stage.server.url,
  );
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.goto(stage.server.url);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  return { context, page, app, problems };
}

async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

afterEach(async () => {
  if (session) {
    expect(await cspViolations(session.page)).toEqual([]);
    expect(session.problems).toEqual([]);
    await session.context.close();
  }
});

async function startAssessment(page: Page, domain: string): Promise<void> {
  await page.getByRole('button', { name: 'Nové posouzení' }).click();
  await page.getByLabel(/^Doména/).fill(domain);
  await page.getByRole('button', { name: 'Spustit posouzení' }).click();
}

async function openAllDetails(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
  });
}

describe('the wizard in Chromium with the real engine against the DNS lab', () => {
  beforeEach(() => {
    session = undefined as unknown as Session;
  });

  it('domain → progress → verdicts → remediation → PDF with Czech diacritics → JSON → saved list', async () => {
    session = await open();
    const { page, app } = session;
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Posouzení zabezpečení elektronické pošty');
    await screenshot(page, '01-start');

    // Domain step: validation as you type, IDN shown in both forms.
    await page.getByRole('button', { name: 'Nové posouzení' }).click();
    const domain = page.getByLabel(/^Doména/);
    await domain.fill('příklad');
    await domain.blur();
    expect(await page.getByTestId('domain-feedback').textContent()).toContain('Zadejte úplnou doménu včetně koncovky');
    expect(await domain.getAttribute('aria-invalid')).toBe('true');
    await domain.fill('Příklad.test');
    await page.getByTestId('domain-feedback').getByText('xn--pklad-zsa96e.test').waitFor();
    expect(await page.getByTestId('domain-feedback').textContent()).toContain('příklad.test');
    // The optional details: a bad host name is named with the reason once the field is left.
    await page.getByText('Další údaje (hostitelé, selektory DKIM, platforma)').click();
    await page.getByLabel(/^Další hostitelé/).fill('mail.příklad.test, ow@.příklad.test');
    await page.getByLabel(/^Selektory DKIM/).focus();
    expect(await page.locator('#hosts-feedback').textContent()).toContain('„ow@.příklad.test“: Doménové jméno obsahuje nepovolený znak.');
    await page.getByLabel('Poštovní platforma').selectOption('exchange-2019');
    await screenshot(page, '02a-domain-details', { fullPage: false });
    await page.getByLabel(/^Další hostitelé/).fill('mail.no-dmarc.test');
    await domain.fill('no-dmarc.test');
    await page.getByLabel(/^Klient/).fill('Příliš žluťoučký kůň, s.r.o.');
    await page.getByLabel(/^Konzultant/).fill('Jana Nováková');
    await screenshot(page, '02-domain');

    // Run and results.
    await page.getByRole('button', { name: 'Spustit posouzení' }).click();
    await page.getByRole('heading', { name: 'Výsledky posouzení' }).waitFor();
    // The run screen showed each check finishing: the page received every event of the run.
    const progress = app.events.filter((e) => e.channel === 'assessment:progress');
    expect(progress.length).toBeGreaterThan(5);
    expect(app.events.at(-1)?.channel).toBe('assessment:finished');

    expect(await page.getByTestId('results-domain').textContent()).toBe('no-dmarc.test');
    const mailAuth = page.locator('[data-requirement="mail-auth"]');
    expect(await mailAuth.getAttribute('data-verdict')).toBe('fail');
    expect(await mailAuth.getByTestId('verdict').textContent()).toContain('nesplněno');
    // Row 6 from the platform the user named: Exchange 2019 does not validate DANE for outgoing mail.
    expect(await page.locator('[data-requirement="dane-outbound"]').getAttribute('data-verdict')).toBe('fail');
    expect(await page.getByTestId('overall').textContent()).toContain('nesplněno');
    expect(await page.locator('[data-requirement]').count()).toBe(10);
    // Findings grouped under their requirement, with a severity label in words.
    const missing = mailAuth.locator('[data-key="finding.dmarc.missing"]');
    expect(await missing.getByTestId('finding-text').textContent()).toContain('nemá záznam DMARC');
    expect(await missing.textContent()).toContain('nevyhovuje');
    // Evidence on demand.
    await missing.getByText(/^Důkazy/).click();
    expect(await missing.textContent()).toContain('_dmarc.no-dmarc.test');
    await screenshot(page, '03-results');

    // Technical appendix: tested addresses and times.
    await page.getByText('Zobrazit testované servery, adresy a časy kontrol').click();
    expect(await page.getByTestId('tested-addresses').first().textContent()).toContain('127.0.20.2');

    // English at any time, and back.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Assessment results' }).waitFor();
    expect(await mailAuth.getByTestId('verdict').textContent()).toMatch(/not met|fail/i);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await screenshot(page, '04-results-en');
    await page.getByRole('button', { name: 'Čeština' }).click();
    await page.getByRole('heading', { name: 'Výsledky posouzení' }).waitFor();

    // Remediation: the plan in phases, DNS records to copy, the risk of each step.
    await page.getByTestId('to-remediation').click();
    await page.getByRole('heading', { name: /^Plán nápravy pro no-dmarc.test/ }).waitFor();
    const steps = page.locator('[data-step]');
    expect(await steps.count()).toBeGreaterThan(0);
    const first = steps.first();
    expect(await first.textContent()).toContain('Riziko');
    const zoneLine = await first.getByTestId('zone-file').first().textContent();
    expect(zoneLine).toContain('_dmarc.no-dmarc.test.');
    await first
      .locator('[data-kind="dns-record"]')
      .first()
      .getByRole('button', { name: /Řádek zónového souboru/ })
      .click();
    await first.getByText('Zkopírováno').first().waitFor();
    expect(app.clipboard).toEqual([zoneLine]);
    await screenshot(page, '05-remediation');
    // The platform filter (a plan step may now name Exchange Server too).
    await page.locator('label.segment:has(input[value="exchange-server"])').click();
    for (const platform of await page.locator('[data-step]').evaluateAll((els) => els.map((e) => e.getAttribute('data-platform')))) {
      expect(['exchange-server', 'any']).toContain(platform);
    }
    await page.locator('label.segment:has(input[value="all"])').click();

    // PDF through the save dialog; pdftotext reads the domain, the verdicts and the diacritics back.
    const pdf = path.join(RESULTS, 'report-cs.pdf');
    app.nextSavePath = pdf;
    await page.getByTestId('export-pdf').click();
    await page
      .getByTestId('notice')
      .getByText(/Zpráva PDF je uložena/)
      .waitFor({ timeout: 30_000 });
    const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', pdf, '-']);
    expect(text).toContain('no-dmarc.test');
    expect(text).toContain('Příliš žluťoučký kůň, s.r.o.');
    expect(text).toContain('Jana Nováková');
    expect(text).toContain('nesplněno');
    expect(text).toContain('neověřeno');
    expect(text).toMatch(/Zpráva o zabezpečení elektronické pošty/);
    await screenshot(page, '06-exported');

    // Assessment JSON through the save dialog.
    const json = path.join(stage.work, 'export.json');
    app.nextSavePath = json;
    await page.getByTestId('export-json').click();
    await page
      .getByTestId('notice')
      .getByText(/uloženo jako JSON/)
      .waitFor();
    const exported = parseAssessment(JSON.parse(await readFile(json, 'utf8')));
    expect(exported.ok && exported.value.request.domain).toBe('no-dmarc.test');

    // The saved list on the start screen, and the JSON file opened back into the results.
    await page.getByRole('button', { name: /MailAudit – úvodní obrazovka/ }).click();
    const saved = page.getByTestId('saved-list');
    await saved.getByText('no-dmarc.test').waitFor();
    expect(await saved.textContent()).toContain('Příliš žluťoučký kůň, s.r.o.');
    await screenshot(page, '07-saved');
    app.nextOpenPath = json;
    await page.getByRole('button', { name: 'Otevřít soubor JSON…' }).click();
    await page.getByRole('heading', { name: 'Výsledky posouzení' }).waitFor();
    expect(await page.locator('[data-requirement="mail-auth"]').getAttribute('data-verdict')).toBe('fail');
    expect(await page.getByText(/Otevřeno ze souboru/).textContent()).toContain(json);
  });

  it("shows live progress per check and target, and cancelling stops the engine's network work", async () => {
    // timeout.test never answers: with 5 s per attempt the checks stay busy long enough to watch.
    session = await open({ dnsTimeoutMs: 5000 });
    const { page } = session;
    await startAssessment(page, 'timeout.test');
    await page.getByRole('heading', { name: /Probíhá posouzení domény timeout.test/ }).waitFor();
    const checks = page.getByTestId('run-checks');
    await checks.locator('[data-phase="running"]').first().waitFor();
    expect(await checks.locator('[data-check]').count()).toBeGreaterThanOrEqual(4);
    // The clock runs while the checks wait.
    await page.waitForFunction(() => /^0:0[1-9]$/.test(document.querySelector('[data-testid="elapsed"]')?.textContent ?? ''), undefined, {
      timeout: 8000,
    });
    await screenshot(page, '08-progress');

    await page.getByTestId('cancel').click();
    await page.getByRole('heading', { name: 'Co posoudit' }).waitFor();
    expect(await page.getByTestId('notice').textContent()).toContain('Posouzení bylo zrušeno');
    expect(session.app.service.activeRuns).toBe(0);
    const queries = lab.queryLog.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(lab.queryLog.length).toBe(queries);
    // The domain is still filled in for another try.
    expect(await page.getByLabel(/^Doména/).inputValue()).toBe('timeout.test');
    await screenshot(page, '09-cancelled');
  });

  it('says clearly when the domain does not exist', async () => {
    session = await open();
    await startAssessment(session.page, 'does-not-exist.test');
    const notice = session.page.getByTestId('notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Doména does-not-exist.test v DNS neexistuje');
  });

  it('shows hostile TXT records as text: no script runs, commands keep them quoted', async () => {
    session = await open();
    const { page } = session;
    await startAssessment(page, 'xss.test');
    await page.getByRole('heading', { name: 'Výsledky posouzení' }).waitFor();
    await openAllDetails(page);
    const text = await page.locator('main').innerText();
    expect(text).toContain(SCRIPT);
    expect(text).toContain(SUBST);
    expect(text).toContain(TICKS);
    expect(text).toContain('"quoted"');
    // The line break inside the record is shown as an escape, not obeyed; quotes stay escaped.
    expect(text).toContain(`${SUBST}\\n<img src=x onerror=\\"window.__pwned=2\\">`);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('main script, main img, main iframe').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    await screenshot(page, '10-hostile-records');

    await page.getByTestId('to-remediation').click();
    await page.getByRole('heading', { name: /^Plán nápravy/ }).waitFor();
    await openAllDetails(page);
    const code = await page.locator('pre code').allTextContents();
    for (const block of code) {
      // Outside string literals there is no trace of the payloads (PowerShell '…', zone file "…").
      const outside = block.replace(/'(?:[^']|'')*'/g, "''").replace(/"(?:[^"\\]|\\.)*"/g, '""');
      for (const payload of ['<script>', '$(rm', '`whoami`', 'onerror']) expect(outside, block).not.toContain(payload);
    }
    await screenshot(page, '11-hostile-remediation');
  });

  it('is usable with the keyboard alone', async () => {
    session = await open();
    const { page } = session;
    // Tab to "New assessment": the first control after the skip link and the header.
    let found = false;
    for (let i = 0; i < 8 && !found; i++) {
      await page.keyboard.press('Tab');
      found = (await page.evaluate(() => document.activeElement?.textContent?.trim())) === 'Nové posouzení';
    }
    expect(found).toBe(true);
    await page.keyboard.press('Enter');
    // The domain field has focus on the domain step; Enter submits the form.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('domain');
    await page.keyboard.type('onprem.test');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Výsledky posouzení' }).waitFor();
    // Focus moved to the new screen's heading, so the next Tab continues from there.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    // Every finding's evidence opens with the keyboard (a <summary>, not a div).
    const summary = page.locator('summary').first();
    await summary.focus();
    await page.keyboard.press('Enter');
    expect(await summary.evaluate((s) => (s.parentElement as HTMLDetailsElement).open)).toBe(true);
    // The focus ring is visible.
    expect(await summary.evaluate((s) => getComputedStyle(s).outlineStyle)).not.toBe('none');
  });

  it('stays readable at 200 % zoom of a 1280×800 window (640×400 CSS pixels)', async () => {
    session = await open({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
    const { page } = session;
    await startAssessment(page, 'spf-over-limit.test');
    await page.getByRole('heading', { name: 'Výsledky posouzení' }).waitFor();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, '12-zoom-200-results', { fullPage: false });
    await page.locator('[data-requirement="mail-auth"]').scrollIntoViewIfNeeded();
    await screenshot(page, '12b-zoom-200-requirement', { fullPage: false });
    await page.getByTestId('to-remediation').click();
    await page.getByRole('heading', { name: /^Plán nápravy/ }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, '13-zoom-200-remediation', { fullPage: false });
    await page.locator('[data-step]').first().locator('[data-kind]').first().scrollIntoViewIfNeeded();
    await screenshot(page, '13b-zoom-200-step', { fullPage: false });
  });
});

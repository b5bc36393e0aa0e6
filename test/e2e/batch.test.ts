/**
 * End to end in Chromium (issue 11 item 2): several domains in one run through the real
 * main-process handlers, engine and store against the DNS lab. The list is typed with a comment,
 * a bad line (shown with its line number and reason, then fixed) and a duplicate; the domains run
 * two at a time: a domain that does not exist fails with its reason while a domain whose DNS
 * server never answers (timeout.test) is still running and the others complete; the summary
 * table shows each domain's verdicts, opens one domain's results and comes back.
 */
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../../shared/i18n/index';
import { REQUIREMENTS } from '../../shared/requirements';
import { startLabDnsServer, type LabDnsServer } from '../lab/dns-server';
import { labZones } from '../lab/zones';
import { exposeApp, screenshot, startStage, type AppHarness, type E2eStage } from './harness';

let lab: LabDnsServer;
let stage: E2eStage;

beforeAll(async () => {
  [lab, stage] = await Promise.all([startLabDnsServer({ zones: labZones() }), startStage('mailaudit-e2e-batch-')]);
}, 120_000);

afterAll(async () => {
  await stage?.close();
  await lab?.close();
});

const t = (key: string, params: Parameters<typeof translate>[2] = {}) => translate('cs', key, params);

let context: BrowserContext | undefined;
const problems: string[] = [];

afterEach(async () => {
  await context?.close();
  context = undefined;
});

async function open(): Promise<{ page: Page; app: AppHarness }> {
  context = await stage.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'cs-CZ' });
  const app = await exposeApp(
    context,
    { resolver: lab.address, storeDir: path.join(stage.work, 'store'), dnsTimeoutMs: 1000 },
    stage.server.url,
  );
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.goto(stage.server.url);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  return { page, app };
}

describe('several domains in one run', () => {
  it('list → per-domain progress (one fails, the others go on) → summary → one domain’s results → back', async () => {
    const { page, app } = await open();
    await page.getByRole('button', { name: 'Nové posouzení' }).click();
    await page.getByRole('radio', { name: 'Více domén' }).check();

    // The list: a comment, a line that is not a domain, a duplicate.
    const list = page.getByLabel(/^Domény/);
    await list.fill('# Skupina Příklad\ntimeout.test\ndoes-not-exist.test  # překlep?\nonprem.test\nno-dmarc\nONPREM.test\n');
    const feedback = page.getByTestId('domain-list-feedback');
    await feedback.getByText(t('ui.batch.problem', { line: 5, text: 'no-dmarc', reason: t('domain.single_label') })).waitFor();
    expect(await feedback.textContent()).toContain(t('ui.batch.count', { count: 3 }));
    expect(await feedback.textContent()).toContain(t('ui.batch.duplicates', { domains: 'onprem.test' }));
    expect(await list.getAttribute('aria-invalid')).toBe('true');
    expect(await list.getAttribute('aria-describedby')).toBe('domains-hint domains-feedback');

    // Client and consultant apply to every domain; extra hosts belong to one and are off.
    await page.getByLabel(/^Klient/).fill('Skupina Příklad, a.s.');
    await page.getByLabel(/^Konzultant/).fill('Jana Nováková');
    await page.getByText('Další údaje (hostitelé, selektory DKIM, platforma)').click();
    expect(await page.getByLabel(/^Další hostitelé/).isDisabled()).toBe(true);
    expect(await page.getByTestId('hosts-disabled').textContent()).toBe(t('ui.batch.hosts_disabled'));
    await screenshot(page, 'batch-01-list-problem');

    // Starting with a bad line is refused, and the list gets the focus.
    await page.getByRole('button', { name: 'Spustit posouzení' }).click();
    await page.getByRole('alert').getByText(t('ui.domain.fix_errors')).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('domains');
    expect(app.invokes.filter((i) => i.channel === 'assessment:start')).toHaveLength(0);

    await list.fill('# Skupina Příklad\ntimeout.test\ndoes-not-exist.test  # překlep?\nonprem.test\nno-dmarc.test\nONPREM.test\n');
    await feedback.getByText(t('ui.batch.count', { count: 4 })).waitFor();
    expect(await feedback.textContent()).not.toContain('Řádek');
    expect(await list.getAttribute('aria-invalid')).toBe('false');
    await screenshot(page, 'batch-02-list');
    await page.getByRole('button', { name: 'Spustit posouzení' }).click();

    // Progress per domain: the missing domain fails at once with its reason, the others go on.
    await page.getByRole('heading', { name: t('ui.batch.run_title') }).waitFor();
    const rows = page.getByTestId('batch-domains');
    const row = (domain: string) => rows.locator(`li[data-domain="${domain}"]`);
    await row('does-not-exist.test').getByTestId('domain-reason').waitFor();
    expect(await row('does-not-exist.test').getAttribute('data-phase')).toBe('failed');
    expect(await row('does-not-exist.test').getByTestId('domain-reason').textContent()).toBe(
      t('domain.not_found', { domain: 'does-not-exist.test' }),
    );
    await row('onprem.test').locator('.badge').waitFor({ timeout: 30_000 });
    await row('no-dmarc.test').locator('.badge').waitFor({ timeout: 30_000 });
    // timeout.test's DNS server never answers: it is still being assessed meanwhile.
    expect(await row('timeout.test').getAttribute('data-phase')).toBe('running');
    expect(await row('timeout.test').getByTestId('domain-checks').textContent()).toMatch(/^kontroly: \d+ z \d+$/);
    expect(await row('onprem.test').getAttribute('data-phase')).toBe('assessed');
    expect(await page.getByTestId('batch-progress').textContent()).toBe(t('ui.batch.progress', { done: 3, total: 4 }));
    expect(await page.getByTestId('cancel-all').isEnabled()).toBe(true);
    await screenshot(page, 'batch-03-progress');

    // One run per domain, the duplicate assessed once.
    expect(app.invokes.filter((i) => i.channel === 'assessment:start')).toHaveLength(4);

    await page.getByTestId('show-summary').waitFor({ timeout: 60_000 });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(t('ui.batch.ended_title'));
    expect(await row('timeout.test').getAttribute('data-phase')).toBe('assessed');
    // The next step is one key press away.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('show-summary');
    await page.keyboard.press('Enter');

    // The summary: domains × requirements, verdicts as text, the failed row with its reason.
    await page.getByRole('heading', { name: t('ui.batch.summary_title') }).waitFor();
    const table = page.getByTestId('batch-summary');
    expect(await page.getByTestId('summary-counts').textContent()).toContain(
      t('ui.batch.summary_counts', { assessed: 3, failed: 1, cancelled: 0 }),
    );
    const header = table.locator('thead abbr');
    expect(await header.count()).toBe(REQUIREMENTS.length);
    expect(await header.first().getAttribute('title')).toBe(
      t('ui.batch.requirement', { number: REQUIREMENTS[0]!.number, title: t(REQUIREMENTS[0]!.titleKey) }),
    );
    const domains = await table.locator('tbody th').allTextContents();
    expect(domains.map((d) => d.trim())).toEqual(['timeout.test', 'does-not-exist.test', 'onprem.test', 'no-dmarc.test']);
    const failed = table.locator('tr[data-domain="does-not-exist.test"]');
    expect(await failed.getByTestId('row-reason').textContent()).toContain(t('domain.not_found', { domain: 'does-not-exist.test' }));
    expect(await failed.getByRole('button').count()).toBe(0);
    const verdictTexts = new Set([t('verdict.pass'), t('verdict.partial'), t('verdict.fail'), t('verdict.not_verified')]);
    for (const domain of ['timeout.test', 'onprem.test', 'no-dmarc.test']) {
      const cells = await table.locator(`tr[data-domain="${domain}"] td .label`).allTextContents();
      expect(cells).toHaveLength(REQUIREMENTS.length + 1);
      for (const cell of cells) expect(verdictTexts.has(cell.trim()), `${domain}: ${cell}`).toBe(true);
    }
    // no-dmarc.test has no DMARC record: overall, the measure is not met.
    const noDmarc = await table.locator('tr[data-domain="no-dmarc.test"] td .label').first().textContent();
    expect(noDmarc?.trim()).toBe(t('verdict.fail'));
    await screenshot(page, 'batch-04-summary');

    // Every finished domain was saved, with the shared client name.
    const saved = await app.service.list();
    expect(saved.items.map((i) => i.domain).sort()).toEqual(['no-dmarc.test', 'onprem.test', 'timeout.test']);
    expect(new Set(saved.items.map((i) => i.clientName))).toEqual(new Set(['Skupina Příklad, a.s.']));

    // Open one domain by keyboard, then back to the summary.
    const openButton = table.getByRole('button', { name: 'onprem.test' });
    await openButton.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Výsledky posouzení' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('onprem.test');
    await screenshot(page, 'batch-05-results', { fullPage: false });
    await page.getByTestId('back-to-summary').click();
    await page.getByRole('heading', { name: t('ui.batch.summary_title') }).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(4);

    expect(problems).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
  }, 120_000);
});

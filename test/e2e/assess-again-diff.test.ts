/**
 * End to end in Chromium (issue 11): "assess again" from the saved list, through the real
 * main-process handlers and store. A lab domain is assessed and saved (the 'before' zone); the lab
 * DNS server restarts on the same address with the 'after' zone (SPF fixed, DMARC policy weakened,
 * reports elsewhere); the consultant clicks "Posoudit znovu" on the saved row, the run uses the
 * same request, and the results show the diff: each requirement before and after, and the fixed,
 * still open, new and changed findings behind filters.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assess } from '../../electron/engine/engine';
import { AssessmentStore } from '../../electron/store/assessment-store';
import type { Assessment } from '../../shared/assessment';
import { translate } from '../../shared/i18n/index';
import { startLabDnsServer, type LabDnsServer } from '../lab/dns-server';
import { labZones } from '../lab/zones';
import { RETEST_DOMAIN, retestZone } from '../support/retest-diff-scenario';
import { exposeApp, screenshot, startStage, type E2eStage } from './harness';

const run = promisify(execFile);

let lab: LabDnsServer;
let stage: E2eStage;
let before: Assessment;

beforeAll(async () => {
  stage = await startStage('mailaudit-e2e-diff-');
  const first = await startLabDnsServer({ zones: [...labZones(), retestZone('before')] });
  before = await assess(
    { domain: RETEST_DOMAIN, clientName: 'Firma s.r.o.', dkimSelectors: ['default'], language: 'cs' },
    { resolvers: [first.address], dnsTimeoutMs: 1000 },
  );
  const { host, port } = first;
  await first.close();
  // The admin's work: the same server address now serves the 'after' zone.
  lab = await startLabDnsServer({ zones: [...labZones(), retestZone('after')], host, port });
}, 120_000);

afterAll(async () => {
  await stage?.close();
  await lab?.close();
});

const t = (key: string, params: Parameters<typeof translate>[2] = {}) => translate('cs', key, params);

describe('assess again and the diff', () => {
  it('re-runs a saved assessment with its request and shows fixed, open, new and changed', async () => {
    const storeDir = path.join(stage.work, 'store');
    const context = await stage.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'cs-CZ' });
    const app = await exposeApp(context, { resolver: lab.address, storeDir }, stage.server.url);
    const store = new AssessmentStore(storeDir);
    await store.save(before);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(stage.server.url);

    await page.getByRole('button', { name: new RegExp(`^Posoudit znovu ${RETEST_DOMAIN.replace('.', '\\.')}`) }).click();
    const diff = page.getByTestId('diff');
    await diff.waitFor({ timeout: 60_000 });

    // The run used the saved request: same selectors and client.
    const listed = await store.list();
    expect(listed.items).toHaveLength(2);
    const after = listed.items.find((i) => i.id !== before.id)!;
    expect(after.clientName).toBe('Firma s.r.o.');

    await expect.poll(() => diff.getByRole('heading', { level: 2 }).textContent()).toContain('Změny od posouzení z');
    const row7 = diff.locator('tr[data-requirement="mail-auth"]');
    const cells = await row7.locator('td').allTextContents();
    expect(cells[1]).toContain(t('verdict.fail'));
    expect(cells[2]).toContain(t('verdict.fail'));
    expect(cells[3]).toBe(t('ui.diff.change.same'));

    const items = diff.getByTestId('diff-findings').locator('li');
    const keysIn = async (category: string) =>
      diff
        .getByTestId('diff-findings')
        .locator(`li[data-category="${category}"]`)
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
    expect(await keysIn('fixed')).toEqual(['finding.spf.plus_all']);
    expect(await keysIn('open')).toContain('finding.dkim.key_weak');
    expect(await keysIn('new')).toEqual(['finding.dmarc.policy_none']);
    expect(await keysIn('changed')).toContain('finding.dmarc.rua');
    await screenshot(page, 'diff-all');

    // Filters: one category at a time, then all again.
    await diff.getByRole('button', { name: new RegExp(`^${t('ui.diff.category.fixed')}`) }).click();
    expect(await items.count()).toBe(1);
    expect(await items.first().textContent()).toContain('+all');
    await diff.getByRole('button', { name: new RegExp(`^${t('ui.diff.category.new')}`) }).click();
    expect(await items.count()).toBe(1);
    expect(await items.first().getAttribute('data-key')).toBe('finding.dmarc.policy_none');
    await diff.getByRole('button', { name: new RegExp(`^${t('ui.diff.category.changed')}`) }).click();
    expect(await items.first().textContent()).toContain(`dmarc@${RETEST_DOMAIN} → reports@${RETEST_DOMAIN}`);
    await screenshot(page, 'diff-changed');
    await diff.getByRole('button', { name: /^Vše/ }).click();
    expect(await items.count()).toBeGreaterThanOrEqual(4);

    // The PDF saved from here carries the same comparison: its chapter and the cover line.
    const pdf = path.join(stage.work, 'after-cs.pdf');
    app.nextSavePath = pdf;
    await page.getByTestId('export-pdf').click();
    await page
      .getByTestId('notice')
      .getByText(/Zpráva PDF je uložena/)
      .waitFor({ timeout: 30_000 });
    const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', '-raw', pdf, '-']);
    expect(text).toContain('Se změnami od posouzení z');
    expect(text).toContain('Změny od');
    expect(app.invokes.filter((x) => !x.result.ok)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});

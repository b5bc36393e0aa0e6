/**
 * Network readiness in the wizard (issue 11): the built renderer in Chromium with the real
 * handlers and engine, run on a network where port 25 is blocked — a namespace that drops SYNs
 * to 25 and answers on 465, 587, 993, 995 and 443 (test/support/blocked-network.ts), named as both
 * reference hosts, with every port-25 connection of the run sent there by --connect-to. The
 * readiness panel says "port 25 blocked" live on the run step, while the checks still run, and
 * again on the results, in Czech and in English.
 */
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabDnsServer, type LabDnsServer } from '../lab/dns-server';
import { labZones } from '../lab/zones';
import { blockedNetworkUnavailable, startBlockedNetwork, type BlockedNetwork } from '../support/blocked-network';
import { exposeApp, screenshot, startStage, type E2eStage } from './harness';

const skip = blockedNetworkUnavailable();

let lab: LabDnsServer;
let stage: E2eStage;
let network: BlockedNetwork;
let context: BrowserContext | undefined;

describe.skipIf(skip)(`the wizard on a network where port 25 is blocked${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    [lab, stage, network] = await Promise.all([
      startLabDnsServer({ zones: labZones() }),
      startStage('mailaudit-e2e-readiness-'),
      startBlockedNetwork(),
    ]);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await stage?.close();
    await lab?.close();
    await network?.close();
  });

  it('shows "port 25 blocked" live while the checks run, and in the results', async () => {
    context = await stage.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'cs-CZ' });
    await exposeApp(
      context,
      {
        resolver: lab.address,
        storeDir: path.join(stage.work, 'store'),
        engine: {
          connectTo: [`:25:${network.address}:25`],
          port25ReferenceHost: network.address,
          portReferenceHost: network.address,
        },
      },
      stage.server.url,
    );
    const page: Page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(stage.server.url);
    await page.getByRole('button', { name: 'Nové posouzení' }).click();
    await page.getByLabel(/^Doména/).fill('onprem.test');
    await page.getByRole('button', { name: 'Spustit posouzení' }).click();

    // The run step: the panel measures first, then says what the blocked port means.
    await page.getByRole('heading', { name: /Probíhá posouzení domény onprem.test/ }).waitFor();
    const live = page.getByTestId('readiness');
    const limit = live.locator('[data-key="readiness.limit.port25_blocked"]');
    await limit.waitFor({ timeout: 15_000 });
    // Still on the run step: the checks (STARTTLS waits on the blocked port) have not finished.
    expect(await page.getByTestId('cancel').isVisible()).toBe(true);
    expect(await limit.textContent()).toContain(
      `Port 25 je z této sítě blokovaný (kontrolní server ${network.address} bez odpovědi): požadavky 1–3, 5 a 10 z této sítě nelze ověřit.`,
    );
    await live.getByText('Zobrazit naměřené údaje').click();
    expect(await live.locator('[data-testid="readiness-port"][data-port="25"]').getAttribute('data-state')).toBe('blocked');
    expect(await live.locator('[data-testid="readiness-port"][data-port="443"]').getAttribute('data-state')).toBe('open');
    await screenshot(page, 'readiness-01-run');

    // The results: the same panel from the Assessment, before the verdicts it explains.
    await page.getByRole('heading', { name: 'Výsledky posouzení' }).waitFor({ timeout: 90_000 });
    const results = page.getByTestId('readiness');
    expect(await results.locator('[data-key="readiness.limit.port25_blocked"]').textContent()).toContain('požadavky 1–3, 5 a 10');
    const ports = await results
      .locator('[data-testid="readiness-port"]')
      .evaluateAll((items) => items.map((li) => `${li.getAttribute('data-port')}:${li.getAttribute('data-state')}`));
    expect(ports).toEqual(['25:blocked', '465:open', '587:open', '993:open', '995:open', '443:open']);
    const starttls = page.getByTestId('requirements').locator('[data-requirement="starttls"]');
    if ((await starttls.count()) > 0) expect(await starttls.textContent()).toMatch(/neověřeno/i);
    await screenshot(page, 'readiness-02-results');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Assessment results' }).waitFor();
    expect(await results.locator('[data-key="readiness.limit.port25_blocked"]').textContent()).toContain(
      'Port 25 is blocked here (no answer from the reference server',
    );
    expect(await results.textContent()).toContain('requirements 1–3, 5 and 10 can’t be verified from this network');
    await screenshot(page, 'readiness-03-results-en');
    expect(problems).toEqual([]);
  }, 150_000);
});

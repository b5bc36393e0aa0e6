import { checkContext, runCheck } from '../../../support/check-context';
import { FakeDns, type FakeTxtEntry } from '../../../support/fake-dns';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DnsError } from '../../../../shared/dns';
import { hasMessage, translate } from '../../../../shared/i18n';
import type { FindingInput } from '../../../../electron/engine/check';
import { COMMON_SELECTORS, dkimCheck, selectorPlan } from '../../../../electron/engine/checks/dkim/check';

const spki = (bits: number) =>
  generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const RSA2048 = spki(2048);
const RSA1024 = spki(1024);
const RSA512 = spki(512);
const edSpki = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' });
const ED25519 = edSpki.subarray(edSpki.length - 32).toString('base64');

async function run(zone: Record<string, FakeTxtEntry>, options: { domain?: string; selectors?: string[] } = {}) {
  const dns = new FakeDns(zone, { latencyMs: 2 });
  const { ctx, progress: events } = checkContext(dkimCheck, dns, {
    domain: options.domain ?? 'firma.cz',
    dkimSelectors: options.selectors ?? [],
  });
  const output = await runCheck(dkimCheck, ctx);
  for (const f of output.findings) {
    expect(
      f.evidence?.some((e) => e.type === 'dns'),
      f.key,
    ).toBe(true);
    expect(hasMessage(f.key, 'cs') && hasMessage(f.key, 'en'), f.key).toBe(true);
    // every placeholder of the text is filled from the finding's params
    for (const lang of ['cs', 'en'] as const) expect(translate(lang, f.key, f.params ?? {}), f.key).not.toMatch(/\{[a-zA-Z0-9_]+\}/);
  }
  return { ...output, dns, events };
}

const summary = (findings: FindingInput[]) =>
  findings.map((f) => `${f.status} ${f.key}${f.params?.selector ? ` ${f.params.selector}` : ''}`);
const find = (findings: FindingInput[], key: string) => findings.find((f) => f.key === `finding.dkim.${key}`);
const TRIED = ['selector1', 'selector2', ...COMMON_SELECTORS];

describe('selectorPlan', () => {
  it("puts the user's selectors first, then Exchange Online, then the common list, each once", () => {
    const plan = selectorPlan(['mail2025', 'selector2', 'Google']);
    expect(plan.slice(0, 4)).toEqual([
      { selector: 'mail2025', source: 'user' },
      { selector: 'selector2', source: 'user' },
      { selector: 'google', source: 'user' },
      { selector: 'selector1', source: 'exchange-online' },
    ]);
    expect(new Set(plan.map((p) => p.selector)).size).toBe(plan.length);
    expect(plan.length).toBe(TRIED.length + 1);
  });
});

describe('dkim check', () => {
  it('finds Exchange Online keys through the CNAMEs and extracts the tenant', async () => {
    const t1 = 'selector1-firma-cz._domainkey.firmacz.onmicrosoft.com';
    const t2 = 'selector2-firma-cz._domainkey.firmacz.onmicrosoft.com';
    const { findings, data, events } = await run({
      'selector1._domainkey.firma.cz': { cnames: [t1], txt: [`v=DKIM1; k=rsa; p=${RSA2048}`] },
      'selector2._domainkey.firma.cz': { cnames: [t2], txt: [`v=DKIM1; k=rsa; p=${RSA2048}`] },
    });
    expect(summary(findings)).toEqual(['pass finding.dkim.key selector1', 'pass finding.dkim.key selector2', 'info finding.dkim.summary']);
    expect(find(findings, 'key')).toMatchObject({
      target: 'selector1._domainkey.firma.cz',
      params: { selector: 'selector1', type: 'rsa', bits: 2048 },
    });
    expect(find(findings, 'key')?.evidence?.[0]).toMatchObject({
      query: 'selector1._domainkey.firma.cz',
      rrtype: 'TXT',
      records: [`CNAME ${t1}.`, expect.stringContaining('v=DKIM1')],
    });
    expect(data.exchangeOnline).toEqual({
      selectors: ['selector1', 'selector2'],
      tenant: 'firmacz',
      format: 'onmicrosoft',
      cnameTargets: [
        { selector: 'selector1', target: t1, keyPublished: true, domainMatches: true },
        { selector: 'selector2', target: t2, keyPublished: true, domainMatches: true },
      ],
    });
    expect(data.found).toEqual(['selector1', 'selector2']);
    expect(find(findings, 'summary')?.params).toMatchObject({ found: ['selector1', 'selector2'], notFound: [...COMMON_SELECTORS] });
    expect(events).toContain('started selector1._domainkey.firma.cz');
    expect(events).toContain('finished selector1._domainkey.firma.cz pass');
    expect(events).toContain('finished google._domainkey.firma.cz');
  });

  it('reports Exchange Online CNAMEs without a key as DKIM not enabled (new target format)', async () => {
    const t1 = 'selector1-firma-cz._domainkey.firmacz.n-v1.dkim.mail.microsoft';
    const t2 = 'selector2-firma-cz._domainkey.firmacz.n-v2.dkim.mail.microsoft';
    const { findings, data } = await run({
      'selector1._domainkey.firma.cz': { cnames: [t1], rcode: 'NXDOMAIN' },
      'selector2._domainkey.firma.cz': { cnames: [t2], rcode: 'NXDOMAIN' },
    });
    expect(summary(findings)).toEqual([
      'warning finding.dkim.exo_not_enabled selector1',
      'warning finding.dkim.exo_not_enabled selector2',
      'not_tested finding.dkim.none_found',
    ]);
    expect(find(findings, 'exo_not_enabled')?.params).toEqual({ selector: 'selector1', target: t1, tenant: 'firmacz' });
    expect(data.exchangeOnline).toMatchObject({ tenant: 'firmacz', format: 'dkim.mail.microsoft', selectors: ['selector1', 'selector2'] });
    expect(data.exchangeOnline.cnameTargets.map((c) => c.keyPublished)).toEqual([false, false]);
  });

  it("warns when an Exchange Online CNAME names another domain's key", async () => {
    const { findings } = await run({
      'selector1._domainkey.firma.cz': { cnames: ['selector1-jina-cz._domainkey.firmacz.onmicrosoft.com'], txt: [`p=${RSA2048}`] },
    });
    expect(find(findings, 'exo_domain_mismatch')).toMatchObject({
      status: 'warning',
      params: { selector: 'selector1', expected: 'selector1-firma-cz' },
    });
  });

  it('reports a dangling CNAME outside Exchange Online', async () => {
    const { findings } = await run({ 's1._domainkey.firma.cz': { cnames: ['s1.domainkey.u123.wl.sendgrid.net'], rcode: 'NXDOMAIN' } });
    expect(find(findings, 'cname_no_key')).toMatchObject({
      status: 'warning',
      params: { selector: 's1', target: 's1.domainkey.u123.wl.sendgrid.net' },
    });
  });

  it.each([
    // [why, record, expected findings for the selector]
    ['DESIGN §4: RSA 2048 passes', `v=DKIM1; p=${RSA2048}`, ['pass finding.dkim.key google']],
    ['DESIGN §4: RSA 1024 is a warning', `v=DKIM1; p=${RSA1024}`, ['warning finding.dkim.key_weak google']],
    ['RFC 8301 §3.2: below 1024 fails', `v=DKIM1; p=${RSA512}`, ['fail finding.dkim.key_too_short google']],
    ['RFC 8463: Ed25519 passes', `v=DKIM1; k=ed25519; p=${ED25519}`, ['pass finding.dkim.key google']],
    ['RFC 6376 §3.6.1: empty p= is a revoked key', 'v=DKIM1; p=', ['info finding.dkim.revoked google']],
    ['RFC 6376 §3.6.1 t=y: testing', `v=DKIM1; t=y; p=${RSA2048}`, ['pass finding.dkim.key google', 'warning finding.dkim.testing google']],
    ['a key damaged in the zone', `v=DKIM1; p=${RSA2048.slice(0, 100)}!${RSA2048.slice(101)}`, ['fail finding.dkim.key_base64 google']],
    ['RFC 6376 §3.6.1 v=: must come first', `k=rsa; v=DKIM1; p=${RSA2048}`, ['fail finding.dkim.version_not_first google']],
    ['RFC 8301 §3.1: sha1 only', `v=DKIM1; h=sha1; p=${RSA2048}`, ['fail finding.dkim.no_sha256 google']],
  ])('%s', async (_, record, expected) => {
    const { findings } = await run({ 'google._domainkey.firma.cz': { txt: [record] } });
    expect(summary(findings).filter((s) => s.endsWith(' google'))).toEqual(expected);
    expect(find(findings, 'summary')?.params?.found).toEqual(['google']);
  });

  it('gives bits and type of the key', async () => {
    const { findings } = await run({
      'k1._domainkey.firma.cz': { txt: [`v=DKIM1; k=ed25519; p=${ED25519}`] },
      's2._domainkey.firma.cz': { txt: [`p=${RSA1024}`] },
    });
    expect(find(findings, 'key')?.params).toEqual({ selector: 'k1', type: 'ed25519', bits: 256 });
    expect(find(findings, 'key_weak')?.params).toEqual({ selector: 's2', type: 'rsa', bits: 1024 });
  });

  it('warns about several key records at one selector (RFC 6376 §3.6.2.2)', async () => {
    const { findings } = await run({ 'dkim._domainkey.firma.cz': { txt: [`p=${RSA2048}`, `p=${RSA1024}`] } });
    expect(find(findings, 'multiple_records')).toMatchObject({ status: 'warning', params: { selector: 'dkim', count: 2 } });
  });

  it('does not mistake a wildcard SPF TXT for a broken key', async () => {
    const { findings, data } = await run({ 'default._domainkey.firma.cz': { txt: ['v=spf1 -all'] } });
    expect(summary(findings)).toEqual(['not_tested finding.dkim.none_found']);
    expect(data.selectors.find((s) => s.selector === 'default')?.outcome).toBe('not_found');
  });

  it('says what was tried when nothing is found, without failing', async () => {
    const { findings, dns } = await run({});
    expect(summary(findings)).toEqual(['not_tested finding.dkim.none_found']);
    expect(find(findings, 'none_found')?.params).toEqual({ domain: 'firma.cz', tried: TRIED });
    expect(find(findings, 'none_found')?.evidence).toHaveLength(TRIED.length);
    expect(dns.queries).toHaveLength(TRIED.length);
  });

  it("tries the user's selectors first and warns when one is missing", async () => {
    const { findings, dns } = await run(
      { 'mail2025._domainkey.firma.cz': { txt: [`p=${RSA2048}`] } },
      { selectors: ['mail2025', 'old', 'selector1'] },
    );
    expect(dns.queries.slice(0, 2)).toEqual(['mail2025._domainkey.firma.cz', 'old._domainkey.firma.cz']);
    expect(dns.queries.filter((q) => q.startsWith('selector1.'))).toHaveLength(1);
    expect(summary(findings)).toEqual([
      'pass finding.dkim.key mail2025',
      'warning finding.dkim.selector_not_found old',
      // the user named it, so its absence is worth a warning even though it is also on our list
      'warning finding.dkim.selector_not_found selector1',
      'info finding.dkim.summary',
    ]);
    expect(find(findings, 'selector_not_found')?.params).toEqual({ selector: 'old', name: 'old._domainkey.firma.cz' });
  });

  it('turns DNS failures into error findings and keeps testing the rest', async () => {
    const { findings } = await run({
      'selector1._domainkey.firma.cz': new DnsError('timeout', 'selector1._domainkey.firma.cz', 'TXT', 'no response'),
      'selector2._domainkey.firma.cz': { rcode: 'SERVFAIL' },
      'google._domainkey.firma.cz': { txt: [`p=${RSA2048}`] },
    });
    expect(summary(findings)).toEqual([
      'error finding.dkim.dns_error selector1',
      'error finding.dkim.dns_error selector2',
      'pass finding.dkim.key google',
      'info finding.dkim.summary',
    ]);
    expect(find(findings, 'dns_error')?.params).toEqual({
      selector: 'selector1',
      name: 'selector1._domainkey.firma.cz',
      reason: 'timeout',
    });
    expect(find(findings, 'summary')?.params?.notFound).not.toContain('selector1');
  });

  it('runs at most four lookups at a time', async () => {
    const { dns } = await run({});
    expect(dns.maxInFlight).toBe(4);
  });

  it('stops issuing lookups when cancelled', async () => {
    const controller = new AbortController();
    const dns = new FakeDns({}, { latencyMs: 2 });
    dns.onQuery = (n) => {
      if (n === 5) controller.abort();
    };
    const { ctx } = checkContext(dkimCheck, dns, { domain: 'firma.cz' }, { signal: controller.signal });
    await expect(runCheck(dkimCheck, ctx)).rejects.toThrow();
    expect(dns.queries.length).toBeLessThan(TRIED.length);
  });
});

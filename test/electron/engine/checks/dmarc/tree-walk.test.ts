/**
 * Policy discovery and the organisational domain by the DNS tree walk of RFC 9989 §4.10 (section
 * numbers of draft-ietf-dmarc-dmarcbis-41), against the lab's DNS server with zones of its own:
 * the examples of Appendix B.4 and a department that declares itself an organisation with psd=n.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dmarcCheck } from '../../../../../electron/engine/checks/dmarc/check';
import { DnsClient } from '../../../../../electron/engine/net/dns-client';
import { createResolver } from '../../../../../electron/engine/net/resolver';
import { hasMessage, translate } from '../../../../../shared/i18n';
import { startLabDnsServer, txt, type LabDnsServer, type LabRecord, type LabZone } from '../../../../lab/dns-server';
import { checkContext, runCheck } from '../../../../support/check-context';

const zone = (origin: string, dmarc: Record<string, string> = {}): LabZone => ({
  origin,
  records: [
    { name: '@', type: 'SOA', data: { mname: `ns.${origin}`, rname: `hostmaster.${origin}` } },
    ...Object.entries(dmarc).map(([name, value]): LabRecord => ({ name, type: 'TXT', data: txt(value) })),
  ],
});

const zones: LabZone[] = [
  zone('com'),
  // B.4.1 / B.4.2: records at example.com and signing.example.com, none at com
  zone('example.com', {
    _dmarc: 'v=DMARC1; p=reject; sp=quarantine; rua=mailto:dmarc@example.com',
    '_dmarc.signing': 'v=DMARC1; p=none; rua=mailto:dmarc@example.com',
  }),
  zone('example'),
  // B.4.3: a public suffix domain with psd=y, giant.bank.example with a record, mega.bank.example without
  zone('bank.example', {
    _dmarc: 'v=DMARC1; p=reject; psd=y; rua=mailto:psd@bank.example',
    '_dmarc.giant': 'v=DMARC1; p=quarantine; rua=mailto:dmarc@giant.bank.example',
  }),
  // §5.1 (decentralised management): a department declares itself an organisational domain
  zone('firma.example', {
    _dmarc: 'v=DMARC1; p=none; rua=mailto:dmarc@firma.example,mailto:reports@dept.firma.example',
    '_dmarc.dept': 'v=DMARC1; p=reject; psd=n; rua=mailto:reports@dept.firma.example',
  }),
];

let lab: LabDnsServer;
beforeAll(async () => {
  lab = await startLabDnsServer({ zones });
});
afterAll(() => lab.close());

async function run(domain: string) {
  const from = lab.queryLog.length;
  const dns = createResolver(new DnsClient({ servers: [{ host: lab.host, port: lab.port }], timeoutMs: 500 }));
  const { ctx } = checkContext(dmarcCheck, dns, { domain });
  const output = await runCheck(dmarcCheck, ctx);
  for (const f of output.findings) {
    expect(hasMessage(f.key, 'cs') && hasMessage(f.key, 'en'), f.key).toBe(true);
    for (const lang of ['cs', 'en'] as const) expect(translate(lang, f.key, f.params ?? {}), f.key).not.toMatch(/\{[a-zA-Z0-9_]+\}/);
  }
  // what reached the server, in order, once per name (a retry would repeat one)
  const asked = [...new Set(lab.queryLog.slice(from).map((q) => `${q.name.toLowerCase()} ${q.type}`))];
  return { ...output, asked };
}

const keys = (findings: { key: string }[]) => findings.map((f) => f.key);

describe('DMARC tree walk against the lab DNS (RFC 9989 §4.10)', () => {
  it('B.4.2 deep walk: eight queries at most, skipping to seven labels, and the policy of example.com', async () => {
    const { data, findings, asked } = await run('a.b.c.d.e.f.g.h.i.j.k.example.com');
    expect(asked).toEqual([
      '_dmarc.a.b.c.d.e.f.g.h.i.j.k.example.com TXT',
      '_dmarc.g.h.i.j.k.example.com TXT',
      '_dmarc.h.i.j.k.example.com TXT',
      '_dmarc.i.j.k.example.com TXT',
      '_dmarc.j.k.example.com TXT',
      '_dmarc.k.example.com TXT',
      '_dmarc.example.com TXT',
      '_dmarc.com TXT',
    ]);
    expect(data).toMatchObject({
      outcome: 'found',
      source: 'organizational',
      policyDomain: 'example.com',
      organizationalDomain: 'example.com',
    });
    // §4.10.1: a subdomain of the policy domain gets sp
    expect(findings.find((f) => f.key === 'finding.dmarc.policy_quarantine')?.params).toMatchObject({
      tag: 'sp',
      policyDomain: 'example.com',
    });
  });

  it('§4.10.2 rule 3: with records at signing.example.com and example.com, the fewest labels is the organisational domain and its record applies', async () => {
    const { data, asked } = await run('a.signing.example.com');
    expect(asked).toEqual([
      '_dmarc.a.signing.example.com TXT',
      '_dmarc.signing.example.com TXT',
      '_dmarc.example.com TXT',
      '_dmarc.com TXT',
    ]);
    expect(data).toMatchObject({ organizationalDomain: 'example.com', policyDomain: 'example.com', appliedPolicy: 'quarantine' });
  });

  it('B.4.3: psd=y at bank.example stops the walk; giant.bank.example is its own organisational domain', async () => {
    const { data, asked } = await run('giant.bank.example');
    expect(asked).toEqual(['_dmarc.giant.bank.example TXT', '_dmarc.bank.example TXT']);
    expect(data).toMatchObject({ source: 'domain', policyDomain: 'giant.bank.example', organizationalDomain: 'giant.bank.example' });
  });

  it('B.4.3: mega.bank.example has no record, so the public suffix domain record applies (§4.10.1)', async () => {
    const { data, findings } = await run('mega.bank.example');
    expect(data).toMatchObject({
      source: 'psd',
      policyDomain: 'bank.example',
      organizationalDomain: 'mega.bank.example',
      appliedPolicy: 'reject',
    });
    expect(findings.find((f) => f.key === 'finding.dmarc.inherited')?.params).toEqual({
      domain: 'mega.bank.example',
      policyDomain: 'bank.example',
    });
  });

  it('psd=y on an assessed domain is a warning: its subdomains become separate organisations (§4.10.2)', async () => {
    const { findings } = await run('bank.example');
    expect(findings.find((f) => f.key === 'finding.dmarc.psd_yes')).toMatchObject({
      status: 'warning',
      params: { domain: 'bank.example' },
    });
  });

  it('psd=n at dept.firma.example: the walk stops there and its p=reject applies, not firma.example p=none', async () => {
    const { data, findings, asked } = await run('mail.dept.firma.example');
    expect(asked).toEqual(['_dmarc.mail.dept.firma.example TXT', '_dmarc.dept.firma.example TXT']);
    expect(data).toMatchObject({ organizationalDomain: 'dept.firma.example', policyDomain: 'dept.firma.example', appliedPolicy: 'reject' });
    expect(keys(findings)).toContain('finding.dmarc.policy_reject');
    expect(keys(findings)).not.toContain('finding.dmarc.policy_none');
  });

  it('a report address in a subdomain with psd=n belongs to another organisation and must consent', async () => {
    const { data, findings, asked } = await run('firma.example');
    expect(asked).toContain('_dmarc.dept.firma.example TXT');
    expect(data.externalDestinations.map((d) => [d.host, d.outcome])).toEqual([['dept.firma.example', 'not_authorized']]);
    expect(findings.find((f) => f.key === 'finding.dmarc.external_not_authorized')?.params).toMatchObject({
      host: 'dept.firma.example',
      name: 'firma.example._report._dmarc.dept.firma.example',
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssessmentRequestSchema, type AssessmentRequestInput } from '../../../../shared/assessment';
import { checks } from '../../../../electron/engine/checks/index';
import { DnsClient } from '../../../../electron/engine/net/dns-client';
import { createResolver } from '../../../../electron/engine/net/resolver';
import { runChecks } from '../../../../electron/engine/runner';
import { startLabDnsServer, type LabDnsServer, type LabRecord, type LabZone } from '../../../lab/dns-server';
import { labZones } from '../../../lab/zones';

const soa: LabRecord = { name: '@', type: 'SOA', data: { mname: 'ns.firma.test', rname: 'hostmaster.firma.test' } };
const extraZones: LabZone[] = [
  {
    // On-premises MX, but autodiscover and SPF point at Microsoft 365: a hybrid deployment.
    origin: 'hybrid.test',
    records: [
      soa,
      { name: '@', type: 'MX', data: { preference: 10, exchange: 'mail.hybrid.test' } },
      { name: 'mail', type: 'A', data: '127.0.40.1' },
      { name: '@', type: 'TXT', data: ['v=spf1 mx include:spf.protection.outlook.com -all'] },
      { name: 'autodiscover', type: 'CNAME', data: 'autodiscover.outlook.com' },
    ],
  },
  {
    // Exchange Online with DNSSEC: the newer *.mx.microsoft inbound host.
    origin: 'exo-dnssec.test',
    records: [
      soa,
      { name: '@', type: 'MX', data: { preference: 0, exchange: 'exo-dnssec-test.a-v1.mx.microsoft' } },
      { name: '@', type: 'TXT', data: ['v=spf1 include:spf.protection.outlook.com -all'] },
    ],
  },
  { origin: 'mx.microsoft', records: [{ name: 'exo-dnssec-test.a-v1', type: 'A', data: '127.0.40.2' }] },
];

let lab: LabDnsServer;
beforeAll(async () => {
  lab = await startLabDnsServer({ zones: [...labZones(), ...extraZones] });
});
afterAll(() => lab.close());

async function assessPlatform(request: AssessmentRequestInput) {
  const dns = createResolver(new DnsClient({ servers: [{ host: lab.host, port: lab.port }], timeoutMs: 300 }));
  const r = await runChecks({ request: AssessmentRequestSchema.parse(request), dns, checks });
  const attempt = r.attempts.find((a) => a.checkId === 'platform')!;
  return { attempt, findings: r.findings.filter((f) => f.checkId === 'platform') };
}

describe('platform check', () => {
  it('detects Exchange Online with its tenant from MX, autodiscover, SPF, DKIM and the MS= TXT', async () => {
    const { attempt, findings } = await assessPlatform({ domain: 'exo-good.test' });
    expect(attempt.data).toEqual({
      platform: 'exchange-online',
      tenantTraces: false,
      tenant: 'exogood',
      signals: [
        'mx-exchange-online',
        'autodiscover-exchange-online',
        'tenant-verification-txt',
        'spf-include-exchange-online',
        'dkim-exchange-online',
      ],
    });
    expect(findings.map((f) => f.key)).toEqual(['finding.platform.exchange_online_tenant']);
    expect(findings[0]!.evidence.length).toBeGreaterThanOrEqual(5);
  });

  it('recognises the DNSSEC-capable *.mx.microsoft inbound host', async () => {
    const { attempt } = await assessPlatform({ domain: 'exo-dnssec.test' });
    expect(attempt.data).toMatchObject({
      platform: 'exchange-online',
      signals: ['mx-exchange-online-dnssec', 'spf-include-exchange-online'],
    });
  });

  it('fails SPF without the Exchange Online include when the domain is on Exchange Online', async () => {
    const { findings } = await assessPlatform({ domain: 'exo-nospf.test' });
    expect(findings.find((f) => f.key === 'finding.platform.spf_missing_exo_include')).toMatchObject({
      status: 'fail',
      params: { record: 'v=spf1 ip4:198.51.100.25 -all' },
    });
  });

  it('calls on-premises MX with Microsoft 365 traces a hybrid or gateway set-up', async () => {
    const { attempt, findings } = await assessPlatform({ domain: 'hybrid.test' });
    expect(attempt.data).toMatchObject({ platform: 'on-premises-or-other', tenantTraces: true });
    expect(findings.map((f) => f.key)).toEqual(['finding.platform.hybrid_or_gateway']);
  });

  it('notes when the platform the user gave disagrees with DNS, and applies the EXO SPF rule to the hint', async () => {
    const { findings } = await assessPlatform({ domain: 'onprem.test', platformHint: 'exchange-online' });
    expect(findings.map((f) => f.key)).toEqual([
      'finding.platform.on_premises_or_other',
      'finding.platform.spf_missing_exo_include',
      'finding.platform.hint_mismatch',
    ]);
    expect(findings.at(-1)!.params).toEqual({ hint: 'Exchange Online', detected: 'on-premises / other' });
  });

  it('says nothing about the platform of a domain without mail servers', async () => {
    const { findings } = await assessPlatform({ domain: 'null-mx.test' });
    expect(findings.map((f) => f.key)).toEqual(['finding.platform.no_mail_hosts']);
  });

  it('is skipped when the MX set could not be read', async () => {
    const { attempt } = await assessPlatform({ domain: 'servfail.test' });
    expect(attempt).toMatchObject({ status: 'skipped', reason: 'skipped.requires_mx' });
  });
});

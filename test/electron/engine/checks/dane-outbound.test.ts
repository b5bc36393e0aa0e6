/**
 * Requirement 6 (sending servers validate DANE) through the real MX, SPF, DKIM and platform checks
 * against the lab: Exchange Online validates DANE for outgoing mail (Microsoft Learn, "How SMTP
 * DNSSEC and DANE works"), Exchange Server does not (DESIGN §5), the rest is a manual test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssessmentRequestSchema, type AssessmentRequestInput } from '../../../../shared/assessment';
import { evaluateRequirements } from '../../../../shared/requirements';
import { checks } from '../../../../electron/engine/checks/index';
import { DnsClient } from '../../../../electron/engine/net/dns-client';
import { createResolver } from '../../../../electron/engine/net/resolver';
import { runChecks } from '../../../../electron/engine/runner';
import { startLabDnsServer, type LabDnsServer } from '../../../lab/dns-server';
import { labZones } from '../../../lab/zones';

let lab: LabDnsServer;
beforeAll(async () => {
  lab = await startLabDnsServer({ zones: labZones() });
});
afterAll(() => lab.close());

const NEEDED = new Set(['mx', 'spf', 'dkim', 'platform', 'dane-outbound']);

async function outbound(request: AssessmentRequestInput) {
  const dns = createResolver(new DnsClient({ servers: [{ host: lab.host, port: lab.port }], timeoutMs: 300 }));
  const r = await runChecks({ request: AssessmentRequestSchema.parse(request), dns, checks: checks.filter((c) => NEEDED.has(c.id)) });
  return r.findings.filter((f) => f.checkId === 'dane-outbound').map((f) => [f.status, f.key]);
}

describe('dane-outbound check', () => {
  it.each<[string, AssessmentRequestInput, [string, string]]>([
    ['MX at Exchange Online: the platform validates', { domain: 'exo-good.test' }, ['pass', 'finding.dane_outbound.exchange_online']],
    [
      'the user says Exchange Online',
      { domain: 'onprem.test', platformHint: 'exchange-online' },
      ['pass', 'finding.dane_outbound.exchange_online'],
    ],
    [
      'Exchange 2019 on premises',
      { domain: 'onprem.test', platformHint: 'exchange-2019' },
      ['fail', 'finding.dane_outbound.exchange_server'],
    ],
    [
      'Exchange Server SE on premises',
      { domain: 'onprem.test', platformHint: 'exchange-se' },
      ['fail', 'finding.dane_outbound.exchange_server'],
    ],
    ['an unknown on-premises server', { domain: 'onprem.test' }, ['not_tested', 'finding.dane_outbound.manual_test']],
  ])('%s', async (_name, request, expected) => {
    expect(await outbound(request)).toEqual([expected]);
  });

  it('decides row 6 with the finding as the reason', async () => {
    const dns = createResolver(new DnsClient({ servers: [{ host: lab.host, port: lab.port }], timeoutMs: 300 }));
    const request = AssessmentRequestSchema.parse({ domain: 'onprem.test', platformHint: 'exchange-2016' });
    const r = await runChecks({ request, dns, checks: checks.filter((c) => NEEDED.has(c.id)) });
    const row6 = evaluateRequirements({
      schemaVersion: 1,
      toolVersion: 'test',
      id: 'x',
      request: { ...request, domainUnicode: request.domain },
      startedAt: '2026-12-02T00:00:00.000Z',
      finishedAt: '2026-12-02T00:00:01.000Z',
      cancelled: false,
      resolver: { servers: [lab.address], source: 'user' },
      ...r,
    }).find((v) => v.id === 'dane-outbound')!;
    expect(row6).toMatchObject({ verdict: 'fail', reasonKey: 'finding.dane_outbound.exchange_server' });
  });
});

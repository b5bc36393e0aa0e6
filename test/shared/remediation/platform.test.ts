/**
 * Issue 10, correction 9: the plan follows what DNS shows. A platform hint that DNS contradicts
 * is shown as a conflict to resolve, and a detected platform gets no steps of the other one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assess } from '../../../electron/engine/engine';
import type { AssessmentRequestInput } from '../../../shared/assessment';
import { translate } from '../../../shared/i18n/index';
import { buildRemediationPlan, type RemediationPlan } from '../../../shared/remediation/index';
import { startLabDnsServer, type LabDnsServer } from '../../lab/dns-server';
import { labZones } from '../../lab/zones';
import { build, finding } from './assessment-helper';

let lab: LabDnsServer;
beforeAll(async () => {
  lab = await startLabDnsServer({ zones: labZones() });
});
afterAll(() => lab.close());

/** The plan of a real assessment of a lab domain; port 25 stays on loopback where nothing listens. */
async function planOf(request: AssessmentRequestInput): Promise<RemediationPlan> {
  const a = await assess(request, { resolvers: [lab.address], port25ReferenceHost: '127.0.0.1:1' });
  return buildRemediationPlan(a);
}

const records = (plan: RemediationPlan) =>
  plan.steps.flatMap((s) => s.actions.flatMap((a) => (a.kind === 'dns-record' ? [`${a.name} ${a.type} ${a.value}`] : [])));

describe('platform hint against DNS', () => {
  it('an Exchange Online MX with the hint "Exchange 2019": a conflict first, then Exchange Online steps only', async () => {
    const plan = await planOf({ domain: 'exo-good.test', platformHint: 'exchange-2019' });
    expect(plan.platform).toBe('exchange-online');
    expect(plan.conflict).toEqual({ hint: 'exchange-2019', dns: 'exchange-online' });
    expect(plan.steps[0]!.id).toBe('platform-conflict');
    const [action] = plan.steps[0]!.actions;
    expect(action?.kind === 'instruction' && translate('en', action.key, action.params)).toContain(
      'You chose the platform "Exchange Server 2019", but the MX records point to Exchange Online.',
    );
    expect(plan.steps.filter((s) => s.platform === 'exchange-server').map((s) => s.id)).toEqual([]);
  });

  it('a null MX with the hint "Exchange Online": a conflict, and no Exchange Online SPF include', async () => {
    const plan = await planOf({ domain: 'null-mx.test', platformHint: 'exchange-online' });
    expect(plan.conflict).toEqual({ hint: 'exchange-online', dns: 'null-mx' });
    expect(plan.steps.map((s) => s.id)).toContain('platform-conflict');
    expect(records(plan).join('\n')).not.toContain('spf.protection.outlook.com');
    expect(plan.steps.filter((s) => s.platform === 'exchange-online').map((s) => s.id)).toEqual([]);
    const [action] = plan.steps.find((s) => s.id === 'platform-conflict')!.actions;
    expect(action?.kind === 'instruction' && translate('cs', action.key, action.params)).toContain(
      'Zadali jste platformu „Exchange Online (Microsoft 365)“, ale doména zveřejňuje „null MX“',
    );
  });

  it.each([
    ['the hint agrees', { domain: 'exo-good.test', platformHint: 'exchange-online' }],
    ['hybrid is not contradicted by an Exchange Online MX', { domain: 'exo-good.test', platformHint: 'hybrid' }],
    ['no hint', { domain: 'exo-good.test' }],
    ['Exchange Server behind an MX elsewhere', { domain: 'onprem.test', platformHint: 'exchange-2019' }],
    ['Exchange Online behind an MX elsewhere (a gateway)', { domain: 'onprem.test', platformHint: 'exchange-online' }],
  ] as const)('no conflict when %s', async (_why, request) => {
    const plan = await planOf(request);
    expect(plan.conflict).toBeUndefined();
    expect(plan.steps.map((s) => s.id)).not.toContain('platform-conflict');
  });
});

describe('one platform per host', () => {
  const mx = (hosts: string[]) => ({
    kind: 'mx',
    hosts: hosts.map((exchange, i) => ({ preference: 10 * (i + 1), exchange, ipv4: ['192.0.2.1'] })),
  });
  const expired = (host: string) =>
    finding('certificate', 'fail', 'finding.certificate.expired', { host, validTo: '2026-01-01', daysAgo: 14 }, host);

  it('an on-premises MX (no Microsoft 365 trace) gets no Exchange Online step, even without a hint', () => {
    const plan = buildRemediationPlan(
      build({
        attempts: {
          mx: { data: mx(['mail.firma.cz']) },
          platform: { data: { platform: 'on-premises-or-other', tenantTraces: false, signals: [] } },
          certificate: {},
        },
        findings: [expired('mail.firma.cz')],
      }),
    );
    expect(plan.steps.map((s) => [s.id, s.platform])).toEqual([['certificate-replace', 'exchange-server']]);
  });

  it('a gateway in front of Exchange Online gets the generic certificate step, not "Microsoft manages it"', () => {
    const plan = buildRemediationPlan(
      build({
        platformHint: 'exchange-online',
        attempts: {
          mx: { data: mx(['gw.firma.cz']) },
          platform: { data: { platform: 'on-premises-or-other', tenantTraces: true, signals: ['spf-include-exchange-online'] } },
          certificate: {},
        },
        findings: [expired('gw.firma.cz')],
      }),
    );
    expect(plan.steps.map((s) => [s.id, s.platform])).toEqual([['certificate-replace', 'any']]);
  });

  it('the hint "Exchange 2019" with an Exchange Online MX: no certificate steps for Microsoft\'s own hosts', () => {
    const plan = buildRemediationPlan(
      build({
        platformHint: 'exchange-2019',
        attempts: {
          mx: { data: mx(['firma-cz.mail.protection.outlook.com']) },
          platform: { data: { platform: 'exchange-online', tenantTraces: false, signals: ['mx-exchange-online'] } },
          certificate: {},
        },
        findings: [expired('firma-cz.mail.protection.outlook.com')],
      }),
    );
    expect(plan.steps.map((s) => [s.id, s.platform])).toEqual([
      ['platform-conflict', 'any'],
      ['certificate-exo', 'exchange-online'],
    ]);
  });

  it('a hybrid: Microsoft hosts get the Exchange Online step, the own host the Exchange Server one', () => {
    const plan = buildRemediationPlan(
      build({
        platformHint: 'hybrid',
        attempts: {
          mx: { data: mx(['firma-cz.mail.protection.outlook.com', 'mail.firma.cz']) },
          platform: { data: { platform: 'exchange-online', tenantTraces: true, signals: ['mx-exchange-online'] } },
          certificate: {},
        },
        findings: [expired('firma-cz.mail.protection.outlook.com'), expired('mail.firma.cz')],
      }),
    );
    expect(plan.steps.map((s) => [s.id, s.platform, s.fixes.map((f) => f.target)])).toEqual([
      ['certificate-exo', 'exchange-online', ['firma-cz.mail.protection.outlook.com']],
      ['certificate-replace', 'exchange-server', ['mail.firma.cz']],
    ]);
  });
});

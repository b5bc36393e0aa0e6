/**
 * Issue 10, correction 10: an SPF correction keeps what worked. "v=spf1 +all" must not become
 * "v=spf1 ~all" (RFC 7208 §5.1: that authorises nobody), and a new on-premises record starts at ~all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assess } from '../../../electron/engine/engine';
import type { AssessmentRequestInput } from '../../../shared/assessment';
import { translate } from '../../../shared/i18n/index';
import { buildRemediationPlan, type RemediationStep } from '../../../shared/remediation/index';
import { parseSpfRecord } from '../../../shared/spf/parse';
import { startLabDnsServer, type LabDnsServer, type LabRecord, type LabZone } from '../../lab/dns-server';

const soa: LabRecord = { name: '@', type: 'SOA', data: { mname: 'ns.test', rname: 'hostmaster.test' } };
const onPremises = (origin: string, spf: string | undefined): LabZone => ({
  origin,
  records: [
    soa,
    { name: '@', type: 'MX', data: { preference: 10, exchange: `mail.${origin}` } },
    { name: 'mail', type: 'A', data: '127.0.21.1' },
    { name: 'relay', type: 'A', data: '127.0.21.2' },
    ...(spf ? [{ name: '@', type: 'TXT' as const, data: [spf] }] : []),
    { name: '_dmarc', type: 'TXT', data: ['v=DMARC1; p=reject; rua=mailto:dmarc@' + origin] },
  ],
});

let lab: LabDnsServer;
beforeAll(async () => {
  lab = await startLabDnsServer({
    zones: [
      { origin: 'test', records: [] },
      onPremises('plus-only.test', 'v=spf1 +all'),
      onPremises('no-spf.test', undefined),
      onPremises('listed-by-address.test', 'v=spf1 ip4:127.0.21.0/24 ?all'),
    ],
  });
});
afterAll(() => lab.close());

async function spfStep(request: AssessmentRequestInput): Promise<RemediationStep> {
  const a = await assess(request, { resolvers: [lab.address], port25ReferenceHost: '127.0.0.1:1' });
  const step = buildRemediationPlan(a).steps.find((s) => s.id === 'spf-record');
  if (!step) throw new Error('no SPF step');
  return step;
}
const record = (step: RemediationStep) => {
  const txt = step.actions.find((a) => a.kind === 'dns-record');
  if (txt?.kind !== 'dns-record') throw new Error('no record');
  expect(parseSpfRecord(txt.value).errors).toEqual([]);
  return txt.value;
};
const said = (step: RemediationStep) =>
  step.actions.flatMap((a) => (a.kind === 'instruction' ? [translate('en', a.key, a.params ?? {})] : []));

describe('SPF corrections keep the senders', () => {
  it('"+all" becomes "~all" with the MX and the host the user entered, each said why', async () => {
    const step = await spfStep({ domain: 'plus-only.test', extraHosts: ['relay.plus-only.test'], platformHint: 'exchange-2019' });
    expect(record(step)).toBe('v=spf1 mx a:relay.plus-only.test ~all');
    expect(said(step)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('"+all" let anyone send mail for the domain. Changing it to "~all" alone would authorise nobody'),
        expect.stringContaining('"mx" – the domain\'s MX servers (mail.plus-only.test)'),
        expect.stringContaining('"a:relay.plus-only.test" – a server you entered for the assessment.'),
      ]),
    );
  });

  it('a sender the record already lists by its network is not added again', async () => {
    const step = await spfStep({ domain: 'listed-by-address.test', extraHosts: ['relay.listed-by-address.test'] });
    expect(record(step)).toBe('v=spf1 ip4:127.0.21.0/24 ~all');
    expect(said(step).join('\n')).not.toContain('authorise nobody');
  });

  it('a new on-premises record starts with "~all", like a correction', async () => {
    const step = await spfStep({ domain: 'no-spf.test', platformHint: 'exchange-2019' });
    expect(record(step)).toBe('v=spf1 mx ~all');
    expect(said(step).join('\n')).toContain('Once DMARC reports confirm that every legitimate sender is in the record');
  });
});

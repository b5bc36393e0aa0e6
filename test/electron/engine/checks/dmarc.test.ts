import { checkContext, runCheck } from '../../../support/check-context';
import { FakeDns, type FakeTxtEntry } from '../../../support/fake-dns';
import { describe, expect, it } from 'vitest';
import { DnsError } from '../../../../shared/dns';
import { hasMessage, translate } from '../../../../shared/i18n';
import type { FindingInput } from '../../../../electron/engine/check';
import { dmarcCheck } from '../../../../electron/engine/checks/dmarc/check';

async function run(zone: Record<string, FakeTxtEntry>, domain = 'firma.cz') {
  const dns = new FakeDns(zone);
  const { ctx, progress: events } = checkContext(dmarcCheck, dns, { domain });
  const output = await runCheck(dmarcCheck, ctx);
  // DNS evidence on every finding, and every key has Czech and English text.
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

const summary = (findings: FindingInput[]) => findings.map((f) => `${f.status} ${f.key}`);
const find = (findings: FindingInput[], key: string) => findings.find((f) => f.key === `finding.dmarc.${key}`);

describe('dmarc check', () => {
  it('passes p=reject with internal reports', async () => {
    const { findings, data, events } = await run({ '_dmarc.firma.cz': [['v=DMARC1; p=reject; rua=mailto:dmarc@firma.cz']] });
    expect(summary(findings)).toEqual([
      'pass finding.dmarc.policy_reject',
      'pass finding.dmarc.rua',
      'info finding.dmarc.alignment_relaxed',
    ]);
    expect(find(findings, 'policy_reject')?.params).toMatchObject({ domain: 'firma.cz', policy: 'reject', tag: 'p' });
    expect(find(findings, 'policy_reject')?.evidence).toEqual([
      {
        type: 'dns',
        query: '_dmarc.firma.cz',
        rrtype: 'TXT',
        rcode: 'NOERROR',
        records: ['"v=DMARC1; p=reject; rua=mailto:dmarc@firma.cz"'],
        server: '127.0.0.1:53',
      },
    ]);
    expect(data).toMatchObject({
      outcome: 'found',
      policyDomain: 'firma.cz',
      source: 'domain',
      appliedPolicy: 'reject',
      externalDestinations: [],
    });
    expect(events).toEqual(['started _dmarc.firma.cz', 'finished _dmarc.firma.cz info']);
  });

  it('passes quarantine as sufficient (DESIGN §4)', async () => {
    const { findings } = await run({ '_dmarc.firma.cz': [['v=DMARC1; p=quarantine; rua=mailto:dmarc@firma.cz']] });
    expect(find(findings, 'policy_quarantine')?.status).toBe('pass');
  });

  it('fails p=none (DESIGN §4: quarantine or reject required)', async () => {
    const { findings } = await run({ '_dmarc.firma.cz': [['v=DMARC1; p=none; rua=mailto:dmarc@firma.cz']] });
    expect(find(findings, 'policy_none')).toMatchObject({ status: 'fail', params: { policy: 'none', tag: 'p' } });
  });

  it('fails a missing record and names every name the tree walk looked up (RFC 9989 §4.10.1)', async () => {
    const { findings, dns } = await run({}, 'mail.firma.cz');
    expect(summary(findings)).toEqual(['fail finding.dmarc.missing']);
    expect(find(findings, 'missing')?.params).toEqual({
      domain: 'mail.firma.cz',
      queried: ['_dmarc.mail.firma.cz', '_dmarc.firma.cz', '_dmarc.cz'],
    });
    expect(find(findings, 'missing')?.evidence).toHaveLength(3);
    expect(dns.asked).toEqual(['_dmarc.mail.firma.cz TXT', '_dmarc.firma.cz TXT', '_dmarc.cz TXT']);
  });

  it('reports a look-alike record that receivers discard (§6.6.3 step 2)', async () => {
    const { findings } = await run({ '_dmarc.firma.cz': [['v=dmarc1; p=reject']] });
    expect(summary(findings)).toEqual(['warning finding.dmarc.discarded_record', 'fail finding.dmarc.missing']);
    expect(find(findings, 'discarded_record')?.params).toEqual({ name: '_dmarc.firma.cz', record: 'v=dmarc1; p=reject' });
  });

  it('fails several records (§6.6.3 step 5)', async () => {
    const { findings, data } = await run({ '_dmarc.firma.cz': [['v=DMARC1; p=reject'], ['v=DMARC1; p=none']] });
    expect(summary(findings)).toEqual(['fail finding.dmarc.multiple']);
    expect(find(findings, 'multiple')?.params).toMatchObject({ name: '_dmarc.firma.cz', count: 2 });
    expect(data.outcome).toBe('multiple');
  });

  it.each([
    ['a timeout', new DnsError('timeout', '_dmarc.firma.cz', 'TXT', 'no response'), 'timeout'],
    ['SERVFAIL', { rcode: 'SERVFAIL' }, 'SERVFAIL'],
  ])('turns %s into an error finding, not a missing record', async (_, entry, reason) => {
    const { findings, data } = await run({ '_dmarc.firma.cz': entry as FakeTxtEntry });
    expect(summary(findings)).toEqual(['error finding.dmarc.dns_error']);
    expect(find(findings, 'dns_error')?.params).toEqual({ name: '_dmarc.firma.cz', reason });
    expect(data.outcome).toBe('dns_error');
  });

  it('applies the organisational sp to a subdomain and says it is inherited (§6.6.3 step 3, §6.3 sp)', async () => {
    const { findings, data } = await run(
      { '_dmarc.firma.cz': [['v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@firma.cz']] },
      'mail.firma.cz',
    );
    expect(find(findings, 'inherited')).toMatchObject({ status: 'info', params: { domain: 'mail.firma.cz', policyDomain: 'firma.cz' } });
    expect(find(findings, 'policy_quarantine')).toMatchObject({ status: 'pass', params: { tag: 'sp', policyDomain: 'firma.cz' } });
    expect(find(findings, 'subdomain_policy_weaker')).toBeUndefined();
    expect(data).toMatchObject({ source: 'organizational', appliedPolicy: 'quarantine' });
  });

  it('fails an inherited sp=none even when p=reject', async () => {
    const { findings } = await run({ '_dmarc.firma.cz': [['v=DMARC1; p=reject; sp=none; rua=mailto:d@firma.cz']] }, 'mail.firma.cz');
    expect(find(findings, 'policy_none')).toMatchObject({ status: 'fail', params: { tag: 'sp' } });
  });

  it('reports pct as historic (RFC 9989 §9) and t=y with quarantine as no enforcement yet (§4.7)', async () => {
    const { findings } = await run({ '_dmarc.firma.cz': [['v=DMARC1; p=quarantine; pct=25; t=y; rua=mailto:d@firma.cz']] });
    expect(find(findings, 'historic_pct_partial')).toMatchObject({
      status: 'warning',
      params: { value: '25', pct: 25, policy: 'quarantine' },
    });
    expect(find(findings, 'testing_mode')).toMatchObject({ status: 'fail', params: { policy: 'quarantine', effective: 'none' } });
  });

  it('t=y on reject: receivers apply quarantine meanwhile (RFC 9989 §4.7), which still meets the requirement', async () => {
    const { findings } = await run({ '_dmarc.firma.cz': [['v=DMARC1; p=reject; t=y; rua=mailto:d@firma.cz']] });
    expect(find(findings, 'testing_mode')).toMatchObject({ status: 'warning', params: { policy: 'reject', effective: 'quarantine' } });
  });

  it.each([
    // [record, key, status, params] — RFC 9989 §9 registers pct, rf, ri as historic; Appendix A.6 on pct
    ['v=DMARC1; p=reject; pct=50; rua=mailto:d@firma.cz', 'historic_pct_partial', 'warning', { value: '50', pct: 50, policy: 'reject' }],
    ['v=DMARC1; p=reject; pct=0; rua=mailto:d@firma.cz', 'historic_pct_zero', 'warning', { value: '0', pct: 0, policy: 'reject' }],
    ['v=DMARC1; p=reject; pct=100; rua=mailto:d@firma.cz', 'historic_pct', 'info', { value: '100', pct: 100, policy: 'reject' }],
    ['v=DMARC1; p=reject; rf=afrf; rua=mailto:d@firma.cz', 'historic_rf', 'info', { value: 'afrf' }],
    ['v=DMARC1; p=reject; ri=3600; rua=mailto:d@firma.cz', 'historic_ri', 'info', { value: '3600' }],
    // §4.8 obs-dmarc-report-size, Appendix C.4
    ['v=DMARC1; p=reject; rua=mailto:d@firma.cz!10m', 'obsolete_size', 'info', { tag: 'rua', uri: 'mailto:d@firma.cz!10m' }],
    // §4.8 dmarc-yorn, dmarc-psd
    ['v=DMARC1; p=reject; t=yes; rua=mailto:d@firma.cz', 'invalid_testing', 'warning', { tag: 't', value: 'yes' }],
    ['v=DMARC1; p=reject; psd=maybe; rua=mailto:d@firma.cz', 'invalid_psd', 'warning', { tag: 'psd', value: 'maybe' }],
    // §4.10.1: an invalid np voids the policy like an invalid sp
    ['v=DMARC1; p=reject; np=off; rua=mailto:d@firma.cz', 'invalid_policy', 'fail', { tag: 'np', value: 'off' }],
    ['v=DMARC1; p=reject; psd=n; rua=mailto:d@firma.cz', 'psd_no', 'info', { domain: 'firma.cz' }],
    ['v=DMARC1; p=reject; np=reject; rua=mailto:d@firma.cz', 'np_policy', 'info', { domain: 'firma.cz', policy: 'reject' }],
  ])('%s → %s', async (record, key, status, params) => {
    const { findings } = await run({ '_dmarc.firma.cz': [[record]] });
    expect(find(findings, key)).toMatchObject({ status, params });
  });

  it('an invalid np with rua makes receivers act as p=none (RFC 9989 §4.10.1)', async () => {
    const { findings, data } = await run({ '_dmarc.firma.cz': [['v=DMARC1; p=reject; np=off; rua=mailto:d@firma.cz']] });
    expect(data.appliedPolicy).toBe('none');
    expect(find(findings, 'policy_none')?.status).toBe('fail');
  });

  it('several records at the domain are discarded and the parent record applies (RFC 9989 §4.10 step 2)', async () => {
    const { findings, data } = await run(
      {
        '_dmarc.mail.firma.cz': [['v=DMARC1; p=reject'], ['v=DMARC1; p=none']],
        '_dmarc.firma.cz': [['v=DMARC1; p=quarantine; rua=mailto:d@firma.cz']],
      },
      'mail.firma.cz',
    );
    expect(find(findings, 'multiple')).toMatchObject({ status: 'fail', params: { name: '_dmarc.mail.firma.cz', count: 2 } });
    expect(data).toMatchObject({ outcome: 'found', source: 'organizational', policyDomain: 'firma.cz', appliedPolicy: 'quarantine' });
  });

  it('warns when sp or np is weaker than p', async () => {
    const { findings } = await run({ '_dmarc.firma.cz': [['v=DMARC1; p=reject; sp=quarantine; np=none; rua=mailto:d@firma.cz']] });
    const weaker = findings.filter((f) => f.key === 'finding.dmarc.subdomain_policy_weaker');
    expect(weaker.map((f) => f.params)).toEqual([
      { tag: 'sp', p: 'reject', value: 'quarantine' },
      { tag: 'np', p: 'quarantine', value: 'none' },
    ]);
  });

  it('warns when no aggregate reports are requested, notes ruf and strict alignment', async () => {
    const { findings } = await run({ '_dmarc.firma.cz': [['v=DMARC1; p=reject; ruf=mailto:f@firma.cz; adkim=s; aspf=s']] });
    expect(summary(findings)).toEqual([
      'pass finding.dmarc.policy_reject',
      'warning finding.dmarc.no_rua',
      'info finding.dmarc.ruf',
      'info finding.dmarc.alignment_strict',
    ]);
    expect(find(findings, 'ruf')?.params).toEqual({ addresses: ['f@firma.cz'] });
  });

  it.each([
    ['v=DMARC1; p=reject; adkim=s', 'alignment_strict_dkim'],
    ['v=DMARC1; p=reject; aspf=s', 'alignment_strict_spf'],
  ])('%s → %s', async (record, key) => {
    const { findings } = await run({ '_dmarc.firma.cz': [[record]] });
    expect(find(findings, key)?.status).toBe('info');
  });

  it('reports syntax problems with the status of their severity', async () => {
    const { findings } = await run({
      '_dmarc.firma.cz': [['v=DMARC1; p=reject; p=none; adkim=x; foo=bar; rua=https://x.example/r; garbage']],
    });
    expect(summary(findings).filter((s) => !s.includes('policy_') && !s.includes('alignment') && !s.includes('rua'))).toEqual([
      'fail finding.dmarc.duplicate_tag',
      'warning finding.dmarc.invalid_value',
      'warning finding.dmarc.unknown_tag',
      'warning finding.dmarc.unsupported_uri',
      'fail finding.dmarc.malformed_tag',
    ]);
    expect(find(findings, 'invalid_value')?.params).toEqual({ tag: 'adkim', value: 'x', expected: 'r | s' });
    expect(find(findings, 'unknown_tag')?.params).toEqual({ tag: 'foo', value: 'bar' });
    expect(find(findings, 'unsupported_uri')?.params).toEqual({ tag: 'rua', uri: 'https://x.example/r' });
  });

  it('fails a record that receivers ignore entirely (RFC 9989 §4.10.1)', async () => {
    const { findings, data } = await run({ '_dmarc.firma.cz': [['v=DMARC1; sp=reject']] });
    expect(summary(findings)).toEqual(['fail finding.dmarc.missing_policy', 'fail finding.dmarc.ignored']);
    expect(data.evaluation).toEqual({ usable: false, assumedNone: false });
  });

  it('treats an invalid p with rua as p=none (RFC 9989 §4.10.1)', async () => {
    const { findings } = await run({ '_dmarc.firma.cz': [['v=DMARC1; p=block; rua=mailto:d@firma.cz']] });
    expect(find(findings, 'invalid_policy')).toMatchObject({ status: 'fail', params: { tag: 'p', value: 'block' } });
    expect(find(findings, 'policy_none')?.status).toBe('fail');
  });

  describe('external report destinations (§7.1)', () => {
    const record = 'v=DMARC1; p=reject; rua=mailto:a@rua.vendor.example,mailto:d@firma.cz; ruf=mailto:f@other.example';

    it('passes an authorised destination and warns about an unauthorised one with the record to publish', async () => {
      const { findings, data, dns, events } = await run({
        '_dmarc.firma.cz': [[record]],
        'firma.cz._report._dmarc.rua.vendor.example': [['v=DMARC1']],
      });
      expect(find(findings, 'external_authorized')).toMatchObject({
        status: 'pass',
        target: 'rua.vendor.example',
        params: {
          host: 'rua.vendor.example',
          name: 'firma.cz._report._dmarc.rua.vendor.example',
          tags: ['rua'],
          addresses: ['a@rua.vendor.example'],
        },
      });
      const missing = find(findings, 'external_not_authorized');
      expect(missing).toMatchObject({
        status: 'warning',
        target: 'other.example',
        params: {
          host: 'other.example',
          name: 'firma.cz._report._dmarc.other.example',
          record: 'v=DMARC1',
          tags: ['ruf'],
          addresses: ['f@other.example'],
        },
      });
      expect(missing?.evidence?.[0]).toMatchObject({ query: 'firma.cz._report._dmarc.other.example', rcode: 'NXDOMAIN' });
      expect(data.externalDestinations.map((d) => [d.host, d.outcome])).toEqual([
        ['rua.vendor.example', 'authorized'],
        ['other.example', 'not_authorized'],
      ]);
      // the internal address is not verified
      expect(dns.asked.filter((q) => q.includes('_report'))).toHaveLength(2);
      expect(events).toContain('finished firma.cz._report._dmarc.other.example warning');
    });

    it('uses the domain the policy came from when inherited', async () => {
      const { dns } = await run({ '_dmarc.firma.cz': [['v=DMARC1; p=reject; rua=mailto:a@rua.vendor.example']] }, 'mail.firma.cz');
      expect(dns.asked).toContain('firma.cz._report._dmarc.rua.vendor.example TXT');
    });

    it('reports a DNS failure of the verification as an error', async () => {
      const { findings } = await run({
        '_dmarc.firma.cz': [['v=DMARC1; p=reject; rua=mailto:a@rua.vendor.example']],
        'firma.cz._report._dmarc.rua.vendor.example': new DnsError('network', 'x', 'TXT', 'unreachable'),
      });
      expect(find(findings, 'external_dns_error')).toMatchObject({ status: 'error', params: { reason: 'network' } });
    });
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const { ctx } = checkContext(dmarcCheck, new FakeDns({}), { domain: 'firma.cz' }, { signal: controller.signal });
    await expect(runCheck(dmarcCheck, ctx)).rejects.toThrow();
  });
});

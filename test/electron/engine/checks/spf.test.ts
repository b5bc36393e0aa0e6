import { checkContext, runCheck } from '../../../support/check-context';
import { describe, expect, it } from 'vitest';
import { FindingSchema } from '../../../../shared/assessment';
import { DnsError } from '../../../../shared/dns';
import { hasMessage, translate } from '../../../../shared/i18n';
import { DnsRcodeError } from '../../../../electron/engine/check';
import { spfCheck } from '../../../../electron/engine/checks/spf/check';
import type { SpfResult as SpfCheckData } from '../../../../electron/engine/checks/spf/spec';
import { mxSpec, type MxResult } from '../../../../electron/engine/checks/mx/spec';
import { zoneResolver, type ZoneData } from '../../../shared/spf/zone-resolver';

const outlook: ZoneData = {
  'spf.protection.outlook.com': [{ TXT: 'v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 include:spfd.protection.outlook.com -all' }],
  'spfd.protection.outlook.com': [{ TXT: 'v=spf1 ip4:51.4.72.0/24 ip6:2a01:111:f400::/48 -all' }],
};

async function run(zone: ZoneData, mx?: MxResult) {
  const { ctx, progress } = checkContext(
    spfCheck,
    zoneResolver({ ...outlook, ...zone }, { server: '127.0.0.1:5353' }),
    { domain: 'firma.cz' },
    mx ? { results: new Map([[mxSpec, mx]]) } : {},
  );
  const out = await runCheck(spfCheck, ctx);
  return { ...out, progress };
}

const keyed = (findings: { key: string; status: string }[]) => findings.map((f) => `${f.status} ${f.key}`);

const onPremises = (...hosts: { exchange: string; ipv4?: string[]; ipv6?: string[] }[]): MxResult => ({
  kind: 'mx',
  hosts: hosts.map((h, i) => ({ preference: 10 * (i + 1), exchange: h.exchange, cnames: [], ipv4: h.ipv4 ?? [], ipv6: h.ipv6 ?? [] })),
  extraHosts: [],
});

describe('spf check', () => {
  it('RFC 7208 §5.1, §4.6.4: eleven includes after -all are never evaluated, so no lookup-limit failure', async () => {
    const includes = Array.from({ length: 11 }, (_, i) => `include:n${i}.example`).join(' ');
    const { data, findings } = await run({ 'firma.cz': [{ TXT: `v=spf1 mx -all ${includes}` }] });
    expect(keyed(findings)).not.toContain('fail finding.spf.too_many_lookups');
    expect(keyed(findings)).toContain('info finding.spf.terms_after_all');
    expect(data.lookupCount).toBe(1);
  });

  it("RFC 7208 §4 check_host(): says which of the organisation's own servers the record authorises", async () => {
    const mx = onPremises(
      { exchange: 'mail.firma.cz', ipv4: ['192.0.2.10'], ipv6: ['2001:db8::10'] },
      { exchange: 'backup.firma.cz', ipv4: ['198.51.100.7'] },
    );
    const { data, findings } = await run({ 'firma.cz': [{ TXT: 'v=spf1 ip4:192.0.2.10 ip6:2001:db8::/64 ~all' }] }, mx);
    const own = findings.filter((f) => f.key.startsWith('finding.spf.own_server'));
    expect(own.map((f) => [f.status, f.key, f.params?.address, f.params?.result])).toEqual([
      ['pass', 'finding.spf.own_server_authorized', '192.0.2.10', 'pass'],
      ['pass', 'finding.spf.own_server_authorized', '2001:db8::10', 'pass'],
      ['warning', 'finding.spf.own_server_not_authorized', '198.51.100.7', 'softfail'],
    ]);
    expect(own[2]!.target).toBe('backup.firma.cz');
    expect(data.authorization?.sender).toBe('postmaster@firma.cz');
  });

  it("does not evaluate Exchange Online's inbound hosts: its outbound ranges are in its include", async () => {
    const mx = onPremises({ exchange: 'firma-cz.mail.protection.outlook.com', ipv4: ['52.101.0.1'] });
    const { data, findings } = await run({ 'firma.cz': [{ TXT: 'v=spf1 include:spf.protection.outlook.com -all' }] }, mx);
    expect(findings.filter((f) => f.key.startsWith('finding.spf.own_server'))).toEqual([]);
    expect(data.authorization).toBeUndefined();
  });

  it('a good record: one pass finding with the record, data for the platform check', async () => {
    const { data, findings, progress } = await run({
      'firma.cz': [{ TXT: 'v=spf1 include:spf.protection.outlook.com -all' }, { TXT: 'MS=ms1234' }],
    });
    expect(keyed(findings)).toEqual(['pass finding.spf.ok']);
    expect(findings[0]!.params).toEqual({
      domain: 'firma.cz',
      record: 'v=spf1 include:spf.protection.outlook.com -all',
      lookups: 2,
      all: '-all',
    });
    expect(findings[0]!.evidence).toEqual([
      {
        type: 'dns',
        query: 'firma.cz',
        rrtype: 'TXT',
        rcode: 'NOERROR',
        records: ['"v=spf1 include:spf.protection.outlook.com -all"', '"MS=ms1234"'],
        server: '127.0.0.1:5353',
      },
    ]);
    expect(data).toMatchObject<Partial<SpfCheckData>>({
      domain: 'firma.cz',
      status: 'ok',
      record: 'v=spf1 include:spf.protection.outlook.com -all',
      lookupCount: 2,
      lookupLimit: 10,
      includes: ['spf.protection.outlook.com', 'spfd.protection.outlook.com'],
      allQualifier: '-',
      voidLookups: [],
    });
    expect(data.terms).toEqual([
      {
        text: 'include:spf.protection.outlook.com',
        type: 'mechanism',
        name: 'include',
        qualifier: '+',
        value: 'spf.protection.outlook.com',
      },
      { text: '-all', type: 'mechanism', name: 'all', qualifier: '-' },
    ]);
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
    expect(progress).toEqual(['started firma.cz', 'finished firma.cz pass']);
  });

  const cases: [string, ZoneData, string[]][] = [
    ['RFC 7208 §4.5 no record', { 'firma.cz': [{ TXT: 'hello' }] }, ['fail finding.spf.missing']],
    ['RFC 7208 §4.3 domain does not exist', {}, ['fail finding.spf.domain_not_found']],
    ['RFC 7208 §4.5 two records', { 'firma.cz': [{ TXT: 'v=spf1 -all' }, { TXT: 'v=spf1 mx -all' }] }, ['fail finding.spf.multiple']],
    [
      'RFC 7208 §4.6 syntax errors, one finding each',
      { 'firma.cz': [{ TXT: 'v=spf1 ip4:192.0.2.300 moo -all' }] },
      ['fail finding.spf.syntax_error', 'fail finding.spf.syntax_error'],
    ],
    ['RFC 7208 §5.1 +all', { 'firma.cz': [{ TXT: 'v=spf1 mx +all' }, { MX: [10, 'mx.firma.cz'] }] }, ['fail finding.spf.plus_all']],
    ['RFC 7208 §5.1 ?all', { 'firma.cz': [{ TXT: 'v=spf1 mx ?all' }, { MX: [10, 'mx.firma.cz'] }] }, ['warning finding.spf.neutral_all']],
    ['RFC 7208 §4.7 no all', { 'firma.cz': [{ TXT: 'v=spf1 mx' }, { MX: [10, 'mx.firma.cz'] }] }, ['warning finding.spf.no_all']],
    [
      'RFC 7208 §5.1 ~all is fine, reported for information',
      { 'firma.cz': [{ TXT: 'v=spf1 mx ~all' }, { MX: [10, 'mx.firma.cz'] }] },
      ['pass finding.spf.ok', 'info finding.spf.soft_all'],
    ],
    ['RFC 7208 §5.5 ptr', { 'firma.cz': [{ TXT: 'v=spf1 ptr -all' }] }, ['warning finding.spf.ptr_used']],
    [
      'RFC 7208 §5.2 include of a name without SPF',
      { 'firma.cz': [{ TXT: 'v=spf1 include:gone.example.net -all' }] },
      ['fail finding.spf.include_failed'],
    ],
    [
      'RFC 7208 §5.2 include of an invalid record',
      { 'firma.cz': [{ TXT: 'v=spf1 include:bad.example.net -all' }], 'bad.example.net': [{ TXT: 'v=spf1 a:bad.123' }] },
      ['fail finding.spf.include_invalid'],
    ],
    ['RFC 7208 §6.1 redirect to nowhere', { 'firma.cz': [{ TXT: 'v=spf1 redirect=_spf.firma.cz' }] }, ['fail finding.spf.redirect_failed']],
    [
      'RFC 7208 §4.6.4 one void lookup',
      { 'firma.cz': [{ TXT: 'v=spf1 a:old.firma.cz -all' }] },
      ['pass finding.spf.ok', 'info finding.spf.void_lookups'],
    ],
    [
      'RFC 7208 §4.6.4 two void lookups, at the limit',
      { 'firma.cz': [{ TXT: 'v=spf1 a:old.firma.cz mx:old2.firma.cz -all' }] },
      ['warning finding.spf.void_lookups'],
    ],
    [
      'RFC 7208 §4.6.4 three void lookups',
      { 'firma.cz': [{ TXT: 'v=spf1 a:old.firma.cz a:old2.firma.cz mx:old3.firma.cz -all' }] },
      ['fail finding.spf.too_many_void_lookups'],
    ],
    [
      'RFC 7208 §2.6.6 an include that times out',
      { 'firma.cz': [{ TXT: 'v=spf1 include:slow.example.net -all' }], 'slow.example.net': ['TIMEOUT'] },
      ['warning finding.spf.lookup_error'],
    ],
    [
      'RFC 7208 §3.1 deprecated SPF RR type',
      { 'firma.cz': [{ TXT: 'v=spf1 -all' }, { SPF: 'v=spf1 -all' }] },
      ['pass finding.spf.ok', 'info finding.spf.deprecated_spf_rr'],
    ],
    [
      'RFC 7208 §3.4 long TXT data',
      {
        'firma.cz': [
          {
            TXT: [
              `v=spf1 ${Array.from({ length: 12 }, (_, i) => `ip4:198.51.100.${i}`).join(' ')}`,
              ` ${Array.from({ length: 12 }, (_, i) => `ip4:203.0.113.${i}`).join(' ')} -all`,
            ],
          },
          { TXT: 'x'.repeat(100) },
        ],
      },
      ['warning finding.spf.long_record'],
    ],
    [
      'RFC 7208 §6 unknown modifier',
      { 'firma.cz': [{ TXT: 'v=spf1 -all redirrect=x.example.net' }] },
      ['pass finding.spf.ok', 'info finding.spf.unknown_modifier'],
    ],
  ];
  it.each(cases)('%s', async (_, zone, expected) => {
    const { findings } = await run(zone);
    expect(keyed(findings)).toEqual(expected);
  });

  it('RFC 7208 §4.6.4 too many lookups: the count and the chain per include', async () => {
    const zone: ZoneData = {
      'firma.cz': [
        { TXT: 'v=spf1 a mx include:big.example.net include:spf.protection.outlook.com -all' },
        { A: '192.0.2.1' },
        { MX: [10, 'firma.cz'] },
      ],
    };
    zone['big.example.net'] = [{ TXT: `v=spf1 ${Array.from({ length: 7 }, (_, i) => `a:h${i}.example.net`).join(' ')} -all` }];
    for (let i = 0; i < 7; i++) zone[`h${i}.example.net`] = [{ A: `198.51.100.${i}` }];
    const { findings, data } = await run(zone);
    const f = findings.find((x) => x.key === 'finding.spf.too_many_lookups')!;
    expect(f.status).toBe('fail');
    expect(f.params).toMatchObject({ domain: 'firma.cz', count: 12, limit: 10 });
    expect(f.params!.chain).toEqual([
      'firma.cz: 12',
      'firma.cz › include:big.example.net: 7',
      'firma.cz › include:spf.protection.outlook.com: 1',
      'firma.cz › include:spf.protection.outlook.com › include:spfd.protection.outlook.com: 0',
    ]);
    expect(f.evidence).toContainEqual({ type: 'text', key: 'spf.evidence.chain', value: data.chain.join('\n') });
  });

  it('syntax errors name the term and carry the error kind as evidence', async () => {
    const { findings } = await run({ 'firma.cz': [{ TXT: 'v=spf1 ip4:192.0.2.300 -all' }] });
    expect(findings[0]).toMatchObject({
      params: { domain: 'firma.cz', term: 'ip4:192.0.2.300', code: 'invalid_ip4', rfc: 'RFC 7208 §5.6' },
    });
    expect(findings[0]!.evidence).toContainEqual({ type: 'text', key: 'spf.syntax.invalid_ip4', value: 'ip4:192.0.2.300 (192.0.2.300)' });
  });

  it('+all inside an include is reported on the included domain', async () => {
    const { findings } = await run({
      'firma.cz': [{ TXT: 'v=spf1 include:open.example.net -all' }],
      'open.example.net': [{ TXT: 'v=spf1 +all' }],
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      status: 'fail',
      key: 'finding.spf.plus_all_include',
      target: 'open.example.net',
      params: { domain: 'firma.cz', name: 'open.example.net', path: 'firma.cz → open.example.net' },
    });
  });

  it('include failures name the including record, the target and the evidence of both lookups', async () => {
    const { findings } = await run({ 'firma.cz': [{ TXT: 'v=spf1 include:gone.example.net -all' }] });
    expect(findings[0]!.params).toEqual({
      domain: 'firma.cz',
      name: 'gone.example.net',
      term: 'include:gone.example.net',
      reason: 'not_found',
    });
    expect(findings[0]!.evidence!.map((e) => (e.type === 'dns' ? `${e.rrtype} ${e.query} ${e.rcode}` : e.type))).toEqual([
      'TXT firma.cz NOERROR',
      'TXT gone.example.net NXDOMAIN',
    ]);
  });

  it('a failed lookup of the domain itself ends the attempt (the runner records the error)', async () => {
    await expect(
      runCheck(spfCheck, checkContext(spfCheck, zoneResolver({ 'firma.cz': [{ RCODE: 'SERVFAIL' }] }), { domain: 'firma.cz' }).ctx),
    ).rejects.toBeInstanceOf(DnsRcodeError);
    await expect(
      runCheck(spfCheck, checkContext(spfCheck, zoneResolver({ 'firma.cz': ['TIMEOUT'] }), { domain: 'firma.cz' }).ctx),
    ).rejects.toBeInstanceOf(DnsError);
  });

  it('every finding is a valid Finding with DNS evidence and messages in both languages', async () => {
    const zones: ZoneData[] = cases.map((c) => c[1]);
    zones.push({
      'firma.cz': [{ TXT: 'v=spf1 include:open.example.net -all exp=x.firma.cz' }],
      'open.example.net': [{ TXT: 'v=spf1 ptr +all' }],
    });
    for (const zone of zones) {
      const { findings } = await run(zone);
      for (const f of findings) {
        expect(() => FindingSchema.parse({ checkId: 'spf', params: {}, evidence: [], ...f })).not.toThrow();
        expect(
          f.evidence!.some((e) => e.type === 'dns'),
          f.key,
        ).toBe(true);
        for (const lang of ['cs', 'en'] as const) {
          expect(hasMessage(f.key, lang), `${lang} ${f.key}`).toBe(true);
          // Every placeholder of the template is filled from the params.
          expect(translate(lang, f.key, f.params ?? {}), `${lang} ${f.key}`).not.toMatch(/\{[a-zA-Z0-9_]+\}/);
          for (const e of f.evidence!) if (e.type === 'text') expect(hasMessage(e.key, lang), e.key).toBe(true);
        }
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { analyzeSpf, type SpfAnalysis, type SpfIssueCode } from '../../../shared/spf/analyze';
import { zoneResolver, type ZoneData } from './zone-resolver';

const outlook: ZoneData = {
  'spf.protection.outlook.com': [{ TXT: 'v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 include:spfd.protection.outlook.com -all' }],
  'spfd.protection.outlook.com': [{ TXT: 'v=spf1 ip4:51.4.72.0/24 ip6:2a01:111:f400::/48 -all' }],
};

async function analyze(zone: ZoneData, domain = 'example.cz', options = {}): Promise<SpfAnalysis> {
  return analyzeSpf(domain, zoneResolver({ ...outlook, ...zone }), options);
}

const codes = (a: SpfAnalysis) => a.issues.map((i) => i.code).sort();

describe('analyzeSpf: record selection (RFC 7208 §4.5)', () => {
  it('a good Exchange Online record: lookups, chain, includes, -all', async () => {
    const a = await analyze({ 'example.cz': [{ TXT: 'v=spf1 include:spf.protection.outlook.com -all' }, { TXT: 'MS=ms12345' }] });
    expect(a.status).toBe('ok');
    expect(a.record).toBe('v=spf1 include:spf.protection.outlook.com -all');
    expect(a.lookupCount).toBe(2);
    expect(a.includes).toEqual(['spf.protection.outlook.com', 'spfd.protection.outlook.com']);
    expect(a.chain).toEqual([
      'example.cz: 2',
      'example.cz › include:spf.protection.outlook.com: 1',
      'example.cz › include:spf.protection.outlook.com › include:spfd.protection.outlook.com: 0',
    ]);
    expect(a.allQualifier).toBe('-');
    expect(a.issues).toEqual([]);
    expect(a.terms.map((t) => t.text)).toEqual(['include:spf.protection.outlook.com', '-all']);
  });

  const roots: [string, ZoneData, string, SpfIssueCode][] = [
    ['§4.5 no SPF among the TXT records', { 'example.cz': [{ TXT: 'hello' }] }, 'none', 'no_record'],
    ['§4.3 the domain does not exist', {}, 'not_found', 'domain_not_found'],
    ['§4.5 two SPF records', { 'example.cz': [{ TXT: 'v=spf1 -all' }, { TXT: 'v=spf1 mx -all' }] }, 'multiple', 'multiple_records'],
    ['§4.6 syntax error', { 'example.cz': [{ TXT: 'v=spf1 ip4:192.0.2.300 -all' }] }, 'syntax_error', 'syntax_error'],
    ['§2.6.6 DNS failure of the record lookup', { 'example.cz': ['TIMEOUT'] }, 'dns_error', 'dns_error'],
  ];
  it.each(roots)('%s', async (_, zone, status, code) => {
    const a = await analyze(zone);
    expect(a.status).toBe(status);
    expect(codes(a)).toContain(code);
    expect(a.lookupCount).toBe(0);
  });

  it('§4.6: the syntax errors are carried with the issue', async () => {
    const a = await analyze({ 'example.cz': [{ TXT: 'v=spf1 a:bad.123 moo -all' }] });
    expect(a.issues[0]!.errors!.map((e) => e.code)).toEqual(['invalid_domain_end', 'unknown_mechanism']);
  });

  it('§3.3: strings of one record are joined without spaces', async () => {
    const a = await analyze({ 'example.cz': [{ TXT: ['v=spf1 include:spf.protection.', 'outlook.com -all'] }] });
    expect(a.strings).toEqual(['v=spf1 include:spf.protection.', 'outlook.com -all']);
    expect(a.includes[0]).toBe('spf.protection.outlook.com');
  });
});

describe('analyzeSpf: limits (RFC 7208 §4.6.4)', () => {
  const many: ZoneData = {
    'example.cz': [
      { TXT: 'v=spf1 mx a include:one.example.net include:two.example.net include:spf.protection.outlook.com ~all' },
      { A: '192.0.2.1' },
      { MX: [10, 'mail.example.cz'] },
    ],
    'one.example.net': [{ TXT: 'v=spf1 a:a1.example.net a:a2.example.net exists:e.example.net ?all' }, { A: '192.0.2.1' }],
    'a1.example.net': [{ A: '192.0.2.2' }],
    'a2.example.net': [{ AAAA: '2001:db8::2' }],
    'e.example.net': [{ A: '127.0.0.2' }],
    'two.example.net': [{ TXT: 'v=spf1 include:three.example.net mx:example.net -all' }],
    'example.net': [{ MX: [10, 'mx.example.net'] }],
    'three.example.net': [{ TXT: 'v=spf1 a:x.example.net ptr -all' }],
    'x.example.net': [{ A: '192.0.2.9' }],
  };

  it('counts every DNS-querying term of the tree and names the chain', async () => {
    const a = await analyze(many);
    // example.cz 5 (mx a include×3) + one 3 + two 2 + three 2 + outlook 1
    expect(a.lookupCount).toBe(13);
    expect(codes(a)).toContain('too_many_lookups');
    expect(a.chain).toContain('example.cz: 13');
    expect(a.chain).toContain('example.cz › include:two.example.net: 4');
    expect(a.chain).toContain('example.cz › include:two.example.net › include:three.example.net: 2');
    expect(a.includes).toEqual([
      'one.example.net',
      'two.example.net',
      'three.example.net',
      'spf.protection.outlook.com',
      'spfd.protection.outlook.com',
    ]);
  });

  it('§5.5 ptr is reported where it appears', async () => {
    const a = await analyze(many);
    const ptr = a.issues.find((i) => i.code === 'ptr_used')!;
    expect(ptr).toMatchObject({ domain: 'three.example.net', term: 'ptr', path: ['example.cz', 'two.example.net', 'three.example.net'] });
  });

  it('exactly ten lookups is within the limit', async () => {
    const a = await analyze({ 'example.cz': [{ TXT: `v=spf1 ${Array(10).fill('a').join(' ')} -all` }, { A: '192.0.2.1' }] });
    expect(a.lookupCount).toBe(10);
    expect(codes(a)).not.toContain('too_many_lookups');
  });

  it('void lookups: two are reported, three exceed the limit', async () => {
    const two = await analyze({ 'example.cz': [{ TXT: 'v=spf1 a:gone.example.cz mx:gone2.example.cz -all' }] });
    expect(two.voidLookups.map((v) => [v.name, v.type, v.rcode])).toEqual([
      ['gone.example.cz', 'A', 'NXDOMAIN'],
      ['gone2.example.cz', 'MX', 'NXDOMAIN'],
    ]);
    expect(codes(two)).not.toContain('too_many_void_lookups');
    const three = await analyze({ 'example.cz': [{ TXT: 'v=spf1 a:gone.example.cz mx:gone2.example.cz exists:gone3.example.cz -all' }] });
    expect(codes(three)).toContain('too_many_void_lookups');
  });

  it('a name with only AAAA is not a void a-lookup', async () => {
    const a = await analyze({ 'example.cz': [{ TXT: 'v=spf1 a:v6.example.cz -all' }], 'v6.example.cz': [{ AAAA: '2001:db8::1' }] });
    expect(a.voidLookups).toEqual([]);
  });

  it('more than 10 MX names make the mx mechanism a permerror', async () => {
    const mx = Array.from({ length: 11 }, (_, i) => ({ MX: [i, `mx${i}.example.cz`] }));
    const a = await analyze({ 'example.cz': [{ TXT: 'v=spf1 mx -all' }, ...mx] });
    expect(a.issues.find((i) => i.code === 'too_many_mx_names')).toMatchObject({ term: 'mx', detail: '11' });
  });

  it('an include loop is reported with its path', async () => {
    const a = await analyze({
      'example.cz': [{ TXT: 'v=spf1 include:a.example.cz -all' }],
      'a.example.cz': [{ TXT: 'v=spf1 include:b.example.cz -all' }],
      'b.example.cz': [{ TXT: 'v=spf1 include:a.example.cz -all' }],
    });
    expect(a.issues.find((i) => i.code === 'loop')).toMatchObject({ path: ['example.cz', 'a.example.cz', 'b.example.cz', 'a.example.cz'] });
  });

  it('a very large tree is cut off and says so', async () => {
    const zone: ZoneData = {};
    for (let i = 0; i < 8; i++) zone[`n${i}.example.cz`] = [{ TXT: `v=spf1 include:n${i + 1}.example.cz -all` }];
    zone['n8.example.cz'] = [{ TXT: 'v=spf1 -all' }];
    const a = await analyze(zone, 'n0.example.cz', { maxRecords: 4 });
    expect(codes(a)).toContain('analysis_truncated');
  });
});

describe('analyzeSpf: includes and redirects', () => {
  const failing: [string, ZoneData, string][] = [
    ['§5.2 include of a name without SPF', { 'other.example.net': [{ TXT: 'nothing here' }] }, 'none'],
    ['§5.2 include of a name that does not exist', {}, 'not_found'],
    ['§5.2 include of an invalid record', { 'other.example.net': [{ TXT: 'v=spf1 ip4:1.2.3 -all' }] }, 'syntax_error'],
    ['§5.2 include of a name with two records', { 'other.example.net': [{ TXT: 'v=spf1 -all' }, { TXT: 'v=spf1 ~all' }] }, 'multiple'],
  ];
  it.each(failing)('%s', async (_, zone, detail) => {
    const a = await analyze({ 'example.cz': [{ TXT: 'v=spf1 include:other.example.net -all' }], ...zone });
    expect(a.issues.find((i) => i.code === 'include_failed')).toMatchObject({
      domain: 'other.example.net',
      term: 'include:other.example.net',
      detail,
    });
  });

  it('§2.6.6 a DNS failure below is reported, not mistaken for "no record"', async () => {
    const a = await analyze({ 'example.cz': [{ TXT: 'v=spf1 include:slow.example.net -all' }], 'slow.example.net': ['TIMEOUT'] });
    expect(a.issues.find((i) => i.code === 'dns_error')).toMatchObject({ domain: 'slow.example.net', detail: 'dns_error' });
    expect(codes(a)).not.toContain('include_failed');
  });

  it('§6.1 redirect to a name without SPF', async () => {
    const a = await analyze({ 'example.cz': [{ TXT: 'v=spf1 redirect=_spf.example.cz' }] });
    expect(a.issues.find((i) => i.code === 'redirect_failed')).toMatchObject({ domain: '_spf.example.cz', detail: 'not_found' });
  });

  it('§6.1 the redirect target decides the final qualifier', async () => {
    const a = await analyze({
      'example.cz': [{ TXT: 'v=spf1 ip4:192.0.2.1 redirect=_spf.example.cz' }],
      '_spf.example.cz': [{ TXT: 'v=spf1 mx ?all' }, { MX: [10, 'mx.example.cz'] }],
    });
    expect(a.allQualifier).toBe('?');
    expect(a.terminalDomain).toBe('_spf.example.cz');
    expect(a.lookupCount).toBe(2);
    expect(a.issues.find((i) => i.code === 'neutral_all')).toMatchObject({
      domain: '_spf.example.cz',
      path: ['example.cz', '_spf.example.cz'],
    });
  });

  it('§6.1 redirect is ignored (and not counted) when the record has "all"', async () => {
    const a = await analyze({ 'example.cz': [{ TXT: 'v=spf1 -all redirect=_spf.example.cz' }] });
    expect(codes(a)).toEqual(['redirect_ignored']);
    expect(a.lookupCount).toBe(0);
  });

  it('§7 includes and redirects built from macros are not followed', async () => {
    const a = await analyze({ 'example.cz': [{ TXT: 'v=spf1 include:%{l}._spf.example.cz -all' }] });
    expect(codes(a)).toEqual(['macro_target']);
    expect(a.tree.children[0]!.status).toBe('not_followed');
    expect(a.lookupCount).toBe(1);
  });
});

describe('analyzeSpf: the final "all" (RFC 7208 §5.1, §4.7)', () => {
  const cases: [string, string, string | null, SpfIssueCode | undefined][] = [
    ['-all is the strict end', 'v=spf1 mx -all', '-', undefined],
    ['~all is reported for information', 'v=spf1 mx ~all', '~', 'soft_all'],
    ['?all says nothing', 'v=spf1 mx ?all', '?', 'neutral_all'],
    ['+all lets everyone pass', 'v=spf1 mx +all', '+', 'plus_all'],
    ['a bare "all" is +all', 'v=spf1 mx all', '+', 'plus_all'],
    ['no all ends neutral (§4.7)', 'v=spf1 mx', null, 'no_all'],
  ];
  it.each(cases)('%s', async (_, record, qualifier, code) => {
    const a = await analyze({ 'example.cz': [{ TXT: record }, { MX: [10, 'mx.example.cz'] }] });
    expect(a.allQualifier).toBe(qualifier);
    expect(codes(a)).toEqual(code ? [code] : []);
  });

  it('+all inside an include lets everyone pass too', async () => {
    const a = await analyze({
      'example.cz': [{ TXT: 'v=spf1 include:open.example.net -all' }],
      'open.example.net': [{ TXT: 'v=spf1 +all' }],
    });
    expect(a.issues.find((i) => i.code === 'plus_all')).toMatchObject({
      domain: 'open.example.net',
      path: ['example.cz', 'open.example.net'],
    });
  });

  it('+all inside a "?include" only gives neutral, so it is not reported', async () => {
    const a = await analyze({
      'example.cz': [{ TXT: 'v=spf1 ?include:open.example.net -all' }],
      'open.example.net': [{ TXT: 'v=spf1 +all' }],
    });
    expect(codes(a)).not.toContain('plus_all');
  });

  it('§5.1 terms after "all" are never evaluated', async () => {
    const a = await analyze({ 'example.cz': [{ TXT: 'v=spf1 -all ip4:192.0.2.1 a' }, { A: '192.0.2.1' }] });
    expect(a.issues.find((i) => i.code === 'terms_after_all')).toMatchObject({ term: '-all', detail: 'ip4:192.0.2.1 a' });
  });
});

describe('analyzeSpf: publishing hygiene', () => {
  it('§6 unknown modifiers are reported', async () => {
    const a = await analyze({ 'example.cz': [{ TXT: 'v=spf1 -all defualt=deny' }] });
    expect(a.issues.find((i) => i.code === 'unknown_modifier')).toMatchObject({ term: 'defualt=deny' });
  });

  it('§3.1 a deprecated SPF (type 99) record, same or different from TXT', async () => {
    const same = await analyze({ 'example.cz': [{ TXT: 'v=spf1 -all' }, { SPF: 'v=spf1 -all' }] });
    expect(same.issues.find((i) => i.code === 'deprecated_spf_rr')?.detail).toBe('same');
    expect(same.spfRrRecords).toEqual(['v=spf1 -all']);
    const different = await analyze({ 'example.cz': [{ TXT: 'v=spf1 -all' }, { SPF: 'v=spf1 a -all' }] });
    expect(different.issues.find((i) => i.code === 'deprecated_spf_rr')?.detail).toBe('different');
  });

  it('§3.4 TXT data over 450 octets risks UDP truncation', async () => {
    const ips = Array.from({ length: 30 }, (_, i) => `ip4:198.51.100.${i}`).join(' ');
    const record = `v=spf1 ${ips} -all`;
    const a = await analyze({
      'example.cz': [
        { TXT: [record.slice(0, 250), record.slice(250)] },
        { TXT: 'google-site-verification=abcdefghijklmnopqrstuvwxyz0123456789' },
      ],
    });
    expect(a.txtSize).toBe('example.cz'.length + record.length + 'google-site-verification=abcdefghijklmnopqrstuvwxyz0123456789'.length);
    expect(a.issues.find((i) => i.code === 'long_record')).toBeDefined();
    const short = await analyze({ 'example.cz': [{ TXT: 'v=spf1 -all' }] });
    expect(codes(short)).not.toContain('long_record');
  });

  it("§3.4 applies to the organisation's own included names, not to third parties", async () => {
    const long = `v=spf1 ${Array.from({ length: 40 }, (_, i) => `ip4:198.51.100.${i}`).join(' ')} -all`;
    const chunks = [long.slice(0, 255), long.slice(255)];
    const a = await analyze({
      'example.cz': [{ TXT: 'v=spf1 include:_spf.example.cz include:provider.example.net -all' }],
      '_spf.example.cz': [{ TXT: chunks }],
      'provider.example.net': [{ TXT: chunks }],
    });
    expect(a.issues.filter((i) => i.code === 'long_record').map((i) => [i.domain, i.detail])).toEqual([
      ['_spf.example.cz', String('_spf.example.cz'.length + long.length)],
    ]);
  });

  it('RFC 1035 §3.3 a character-string over 255 octets cannot be published', async () => {
    const long = `v=spf1 ${Array.from({ length: 20 }, (_, i) => `ip4:203.0.113.${i}`).join(' ')} -all`;
    expect(long.length).toBeGreaterThan(255);
    const a = await analyze({ 'example.cz': [{ TXT: [long] }] });
    expect(a.issues.find((i) => i.code === 'string_too_long')?.detail).toBe(String(long.length));
  });

  it("reuses the caller's TXT lookup of the domain", async () => {
    const dns = zoneResolver({ 'example.cz': [{ TXT: 'v=spf1 -all' }] });
    const rootTxt = await dns.lookup('example.cz', 'TXT');
    dns.queries.length = 0;
    const a = await analyzeSpf('example.cz', dns, { rootTxt, checkSpfRr: false });
    expect(a.status).toBe('ok');
    expect(dns.queries).toEqual([]);
  });

  it('issues carry the DNS lookups that show them', async () => {
    const a = await analyze({ 'example.cz': [{ TXT: 'v=spf1 include:other.example.net -all' }] });
    const issue = a.issues.find((i) => i.code === 'include_failed')!;
    expect(issue.lookups.map((l) => `${l.type} ${l.name} ${l.rcode}`)).toEqual([
      'TXT example.cz NOERROR',
      'TXT other.example.net NXDOMAIN',
    ]);
  });
});

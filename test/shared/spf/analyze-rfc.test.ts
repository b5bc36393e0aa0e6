/**
 * The static analysis against RFC 7208, table-driven: what counts towards the limits of §4.6.4 and
 * what never does. Each case also runs check_host() (the evaluator the OpenSPF suite tests) for an
 * address no mechanism lists: the analysis is that evaluation in exhaustive mode, so the two must
 * agree on whether the policy ends in permerror.
 */
import { describe, expect, it } from 'vitest';
import { analyzeSpf, type SpfAnalysis, type SpfIssueCode } from '../../../shared/spf/analyze';
import { checkHost, type SpfProblemCode, type SpfResult } from '../../../shared/spf/evaluate';
import { zoneResolver, type ZoneData } from './zone-resolver';

/** TEST-NET-3 (RFC 5737): listed by no zone below. */
const UNLISTED = '203.0.113.254';
const DOMAIN = 'example.cz';

interface Case {
  name: string;
  zone: ZoneData;
  /** DNS-querying terms counted (lookupCount) */
  lookups: number;
  /** void lookups counted */
  voids?: number;
  /** issue codes that must be reported */
  issues?: SpfIssueCode[];
  /** issue codes that must not be reported */
  absent?: SpfIssueCode[];
  /** check_host() for an unlisted client; omitted where the result depends on the message (macros) */
  unlisted?: SpfResult;
  /** and the problem it names (permerror, temperror) */
  problem?: SpfProblemCode;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const spf = (record: string, ...more: ZoneData[string]) => [{ TXT: record }, ...more];

const cases: Case[] = [
  // --- What counts (RFC 7208 §4.6.4: include, a, mx, ptr, exists and redirect; nothing else)
  {
    name: 'RFC 7208 §4.6.4: ip4, ip6 and all query no DNS and do not count',
    zone: { [DOMAIN]: spf('v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all') },
    lookups: 0,
    voids: 0,
    unlisted: 'fail',
  },
  {
    name: 'RFC 7208 §4.6.4: a, mx, ptr, exists and include count once each',
    zone: {
      [DOMAIN]: spf(
        'v=spf1 a mx ptr exists:%{i}.bl.example.cz include:inc.example.net -all',
        { A: '192.0.2.1' },
        { MX: [10, 'mail.example.cz'] },
      ),
      'inc.example.net': spf('v=spf1 ip4:198.51.100.0/24 -all'),
    },
    lookups: 5,
    issues: ['ptr_used'],
    unlisted: 'fail',
  },
  {
    name: 'RFC 7208 §4.6.4, §6.1: a redirect counts once, and so do the terms of its target',
    zone: {
      [DOMAIN]: spf('v=spf1 ip4:192.0.2.1 redirect=_spf.example.cz'),
      '_spf.example.cz': spf('v=spf1 a mx -all', { A: '192.0.2.2' }, { MX: [10, 'mail.example.cz'] }),
    },
    lookups: 3,
    unlisted: 'fail',
  },
  {
    name: 'RFC 7208 §4.6.4, §5.2: nested includes are counted through the whole tree',
    zone: {
      [DOMAIN]: spf('v=spf1 include:l1.example.net -all'),
      'l1.example.net': spf('v=spf1 include:l2.example.net mx -all', { MX: [10, 'mx.example.net'] }),
      'l2.example.net': spf('v=spf1 a ip4:198.51.100.1 -all', { A: '198.51.100.2' }),
    },
    lookups: 4,
    unlisted: 'fail',
  },
  {
    name: 'RFC 7208 §4.6.4, §5.2: an include reached twice is evaluated, and counted, twice',
    zone: {
      [DOMAIN]: spf('v=spf1 include:x.example.net include:x.example.net -all'),
      'x.example.net': spf('v=spf1 a -all', { A: '198.51.100.3' }),
    },
    lookups: 4,
    unlisted: 'fail',
  },
  {
    name: 'RFC 7208 §4.6.4: ten DNS-querying terms are within the limit',
    zone: {
      [DOMAIN]: spf(
        `v=spf1 ${range(10)
          .map((i) => `include:i${i}.example.net`)
          .join(' ')} -all`,
      ),
      ...Object.fromEntries(range(10).map((i) => [`i${i}.example.net`, spf(`v=spf1 ip4:198.51.100.${i} -all`)])),
    },
    lookups: 10,
    absent: ['too_many_lookups'],
    unlisted: 'fail',
  },
  {
    name: 'RFC 7208 §4.6.4: an eleventh, reached through an include, is a permerror',
    zone: {
      [DOMAIN]: spf('v=spf1 a mx include:big.example.net -all', { A: '192.0.2.1' }, { MX: [10, 'mail.example.cz'] }),
      'big.example.net': spf(
        `v=spf1 ${range(8)
          .map((i) => `a:h${i}.example.net`)
          .join(' ')} -all`,
      ),
      ...Object.fromEntries(range(8).map((i) => [`h${i}.example.net`, [{ A: `198.51.100.${i}` }]])),
    },
    lookups: 11,
    issues: ['too_many_lookups'],
    unlisted: 'permerror',
    problem: 'too_many_dns_terms',
  },
  {
    name: 'RFC 7208 §4.6.4: the count goes on past the limit, to show how far over it is',
    zone: { [DOMAIN]: spf(`v=spf1 ${Array(14).fill('a').join(' ')} -all`, { A: '192.0.2.1' }) },
    lookups: 14,
    issues: ['too_many_lookups'],
    unlisted: 'permerror',
    problem: 'too_many_dns_terms',
  },

  // --- Includes that fail (RFC 7208 §5.2): the include term counts, the target adds nothing
  {
    name: 'RFC 7208 §5.2: include of a name that does not exist counts once and fails; its TXT lookup is not a void lookup (§4.6.4)',
    zone: { [DOMAIN]: spf('v=spf1 include:gone.example.net -all') },
    lookups: 1,
    voids: 0,
    issues: ['include_failed'],
    unlisted: 'permerror',
    problem: 'include_none',
  },
  {
    name: 'RFC 7208 §5.2: include of a name without an SPF record counts once and fails',
    zone: { [DOMAIN]: spf('v=spf1 include:nospf.example.net -all'), 'nospf.example.net': [{ TXT: 'hello' }] },
    lookups: 1,
    issues: ['include_failed'],
    unlisted: 'permerror',
    problem: 'include_none',
  },
  {
    name: "RFC 7208 §4.6, §5.2: include of an invalid record counts once; the invalid record's terms do not",
    zone: { [DOMAIN]: spf('v=spf1 include:bad.example.net -all'), 'bad.example.net': spf('v=spf1 a mx ip4:1.2.3 -all') },
    lookups: 1,
    issues: ['include_failed'],
    unlisted: 'permerror',
    problem: 'invalid_ip4',
  },
  {
    name: 'RFC 7208 §2.6.6, §5.2: include whose TXT lookup fails counts once and is a DNS error, not a missing record',
    zone: { [DOMAIN]: spf('v=spf1 include:slow.example.net -all'), 'slow.example.net': ['TIMEOUT'] },
    lookups: 1,
    issues: ['dns_error'],
    absent: ['include_failed'],
    unlisted: 'temperror',
    problem: 'dns_error',
  },

  // --- redirect beside all (RFC 7208 §6.1: ignored)
  {
    name: 'RFC 7208 §6.1: redirect beside -all is ignored: not followed, not counted, not failing',
    zone: { [DOMAIN]: spf('v=spf1 mx -all redirect=_spf.example.cz', { MX: [10, 'mail.example.cz'] }) },
    lookups: 1,
    issues: ['redirect_ignored'],
    absent: ['redirect_failed'],
    unlisted: 'fail',
  },
  {
    name: 'RFC 7208 §6.1: redirect is ignored wherever it stands beside all',
    zone: { [DOMAIN]: spf('v=spf1 redirect=_spf.example.cz mx ~all', { MX: [10, 'mail.example.cz'] }) },
    lookups: 1,
    issues: ['redirect_ignored', 'soft_all'],
    absent: ['redirect_failed'],
    unlisted: 'softfail',
  },
  {
    name: 'RFC 7208 §6.1: without all, redirect is followed and counted',
    zone: {
      [DOMAIN]: spf('v=spf1 mx redirect=_spf.example.cz', { MX: [10, 'mail.example.cz'] }),
      '_spf.example.cz': spf('v=spf1 a ~all', { A: '192.0.2.3' }),
    },
    lookups: 3,
    issues: ['soft_all'],
    absent: ['redirect_ignored'],
    unlisted: 'softfail',
  },
  {
    name: 'RFC 7208 §6.1: redirect to a name without a record counts once and is a permerror',
    zone: { [DOMAIN]: spf('v=spf1 redirect=_spf.example.cz') },
    lookups: 1,
    issues: ['redirect_failed'],
    unlisted: 'permerror',
    problem: 'redirect_none',
  },

  // --- Terms after all (RFC 7208 §5.1: never evaluated)
  {
    name: 'RFC 7208 §5.1: eleven includes after -all are never evaluated: not counted, not failing',
    zone: {
      [DOMAIN]: spf(
        `v=spf1 a mx -all ${range(11)
          .map((i) => `include:n${i}.example.net`)
          .join(' ')}`,
        { A: '192.0.2.1' },
        { MX: [10, 'mail.example.cz'] },
      ),
    },
    lookups: 2,
    voids: 0,
    issues: ['terms_after_all'],
    absent: ['too_many_lookups', 'include_failed', 'dns_error'],
    unlisted: 'fail',
  },
  {
    name: 'RFC 7208 §5.1, §4.6.4: void lookups after all are not counted',
    zone: { [DOMAIN]: spf('v=spf1 ip4:192.0.2.1 ~all a:gone1.example.cz a:gone2.example.cz a:gone3.example.cz mx:gone4.example.cz') },
    lookups: 0,
    voids: 0,
    issues: ['terms_after_all'],
    absent: ['void_lookup', 'too_many_void_lookups'],
    unlisted: 'softfail',
  },
  {
    name: 'RFC 7208 §5.1: terms after all inside an include are not counted either',
    zone: {
      [DOMAIN]: spf('v=spf1 include:inc.example.net -all'),
      'inc.example.net': spf('v=spf1 ip4:198.51.100.0/24 -all a mx include:gone.example.net'),
    },
    lookups: 1,
    issues: ['terms_after_all'],
    absent: ['include_failed'],
    unlisted: 'fail',
  },
  {
    name: 'RFC 7208 §5.1: a +all after -all is never reached, so it lets nobody pass',
    zone: { [DOMAIN]: spf('v=spf1 mx -all +all', { MX: [10, 'mail.example.cz'] }) },
    lookups: 1,
    issues: ['terms_after_all'],
    absent: ['plus_all'],
    unlisted: 'fail',
  },

  // --- Void lookups (RFC 7208 §4.6.4: NOERROR without answers or NXDOMAIN; at most 2)
  {
    name: 'RFC 7208 §4.6.4: an a target that does not exist is a void lookup',
    zone: { [DOMAIN]: spf('v=spf1 a:gone.example.cz -all') },
    lookups: 1,
    voids: 1,
    issues: ['void_lookup'],
    unlisted: 'fail',
  },
  {
    name: 'RFC 7208 §4.6.4: NOERROR without records (here: no MX at a name that exists) is void too',
    zone: { [DOMAIN]: spf('v=spf1 mx:txtonly.example.cz -all'), 'txtonly.example.cz': [{ TXT: 'x' }] },
    lookups: 1,
    voids: 1,
    unlisted: 'fail',
  },
  {
    name: 'RFC 7208 §4.6.4, §5.7: exists with a literal target that has no A record is a void lookup',
    zone: { [DOMAIN]: spf('v=spf1 exists:gone.example.cz -all') },
    lookups: 1,
    voids: 1,
    unlisted: 'fail',
  },
  {
    name: 'RFC 7208 §4.6.4: two void lookups are the most allowed',
    zone: { [DOMAIN]: spf('v=spf1 a:gone1.example.cz mx:gone2.example.cz -all') },
    lookups: 2,
    voids: 2,
    absent: ['too_many_void_lookups'],
    unlisted: 'fail',
  },
  {
    name: 'RFC 7208 §4.6.4: a third void lookup anywhere in the tree is a permerror',
    zone: {
      [DOMAIN]: spf('v=spf1 a:gone1.example.cz include:inc.example.net -all'),
      'inc.example.net': spf('v=spf1 a:gone2.example.net mx:gone3.example.net -all'),
    },
    lookups: 4,
    voids: 3,
    issues: ['too_many_void_lookups'],
    unlisted: 'permerror',
    problem: 'too_many_void_lookups',
  },
  {
    name: 'RFC 7208 §4.6.4: statically, a name with only AAAA records is no void a-lookup (it is not void for IPv6 clients)',
    zone: { [DOMAIN]: spf('v=spf1 a:v6.example.cz -all'), 'v6.example.cz': [{ AAAA: '2001:db8::1' }] },
    lookups: 1,
    voids: 0,
  },
  {
    name: 'RFC 7208 §5, §2.6.6: a DNS error is no void lookup; it is reported and is a temperror',
    zone: { [DOMAIN]: spf('v=spf1 a:servfail.example.cz -all'), 'servfail.example.cz': [{ RCODE: 'SERVFAIL' }] },
    lookups: 1,
    voids: 0,
    issues: ['dns_error'],
    unlisted: 'temperror',
    problem: 'dns_error',
  },

  // --- Macros (RFC 7208 §7): the term counts; a target that depends on the message is not followed
  {
    name: 'RFC 7208 §7, §4.6.4: an include built from macros counts once; its record cannot be followed (the count is a lower bound)',
    zone: { [DOMAIN]: spf('v=spf1 include:%{l}._spf.example.cz -all') },
    lookups: 1,
    issues: ['macro_target'],
  },
  {
    name: 'RFC 7208 §7, §6.1: a redirect built from macros counts once and is not followed',
    zone: { [DOMAIN]: spf('v=spf1 mx redirect=%{d1r}._spf.example.net', { MX: [10, 'mail.example.cz'] }) },
    lookups: 2,
    issues: ['macro_target'],
    absent: ['redirect_failed', 'no_all'],
  },
  {
    name: 'RFC 7208 §7, §4.6.4: a, mx and exists built from macros count once each; no static lookup, so no void',
    zone: { [DOMAIN]: spf('v=spf1 a:%{l}.hosts.example.cz mx:%{d2} exists:%{i}.bl.example.cz -all') },
    lookups: 3,
    voids: 0,
    absent: ['macro_target', 'void_lookup'],
  },

  // --- The MX name limit (RFC 7208 §4.6.4: at most 10 per mx mechanism)
  {
    name: 'RFC 7208 §4.6.4: ten MX names are within the limit, and the names themselves are no DNS-querying terms',
    zone: { [DOMAIN]: spf('v=spf1 mx -all', ...range(10).map((i) => ({ MX: [i, `mx${i}.example.cz`] }))) },
    lookups: 1,
    absent: ['too_many_mx_names'],
    unlisted: 'fail',
  },
  {
    name: 'RFC 7208 §4.6.4: eleven MX names make the mx mechanism a permerror',
    zone: { [DOMAIN]: spf('v=spf1 mx -all', ...range(11).map((i) => ({ MX: [i, `mx${i}.example.cz`] }))) },
    lookups: 1,
    issues: ['too_many_mx_names'],
    unlisted: 'permerror',
    problem: 'too_many_mx_names',
  },
  {
    name: 'RFC 7208 §4.6.4, RFC 7505: a null MX names no host and is no void lookup',
    zone: { [DOMAIN]: spf('v=spf1 mx -all', { MX: [0, '.'] }) },
    lookups: 1,
    voids: 0,
    unlisted: 'fail',
  },

  // --- Loops (RFC 7208 §4.6.4: evaluation could only end at the limit)
  {
    name: 'RFC 7208 §4.6.4: an include loop is reported, each include on it counted once',
    zone: {
      [DOMAIN]: spf('v=spf1 include:a.example.cz -all'),
      'a.example.cz': spf('v=spf1 include:b.example.cz -all'),
      'b.example.cz': spf('v=spf1 include:a.example.cz -all'),
    },
    lookups: 3,
    issues: ['loop'],
    unlisted: 'permerror',
    problem: 'loop',
  },
  {
    name: 'RFC 7208 §4.6.4, §6.1: a redirect back to the domain is a loop',
    zone: { [DOMAIN]: spf('v=spf1 redirect=_spf.example.cz'), '_spf.example.cz': spf('v=spf1 redirect=example.cz') },
    lookups: 2,
    issues: ['loop'],
    unlisted: 'permerror',
    problem: 'loop',
  },
];

const codes = (a: SpfAnalysis) => a.issues.map((i) => i.code);

describe('analyzeSpf against RFC 7208 (lookup and void-lookup limits)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const dns = zoneResolver(c.zone);
    const a = await analyzeSpf(DOMAIN, dns);
    expect(a.status).toBe('ok');
    expect(a.lookupCount, 'lookupCount').toBe(c.lookups);
    if (c.voids !== undefined) expect(a.voidLookups, 'voidLookups').toHaveLength(c.voids);
    for (const code of c.issues ?? []) expect(codes(a), `reports ${code}`).toContain(code);
    for (const code of c.absent ?? []) expect(codes(a), `does not report ${code}`).not.toContain(code);
    // The static limit findings agree with the evaluator's limits.
    expect(codes(a).includes('too_many_lookups')).toBe(c.lookups > 10);

    if (c.unlisted) {
      const r = await checkHost({ ip: UNLISTED, domain: DOMAIN, sender: `postmaster@${DOMAIN}`, helo: DOMAIN }, dns);
      expect(r.result, `check_host() for an unlisted client (${r.problem?.code ?? 'no problem'})`).toBe(c.unlisted);
      if (c.problem) expect(r.problem?.code).toBe(c.problem);
      // check_host() stops at the first limit; the analysis counts on to show how far over it is.
      expect(r.dnsTerms).toBeLessThanOrEqual(Math.max(c.lookups, 11));
    }
  });
});

describe('analyzeSpf: what is never evaluated is never looked up (RFC 7208 §5.1, §6.1, §7)', () => {
  it('§5.1 the eleven includes after -all are listed, not queried, not in the tree', async () => {
    const c = cases.find((x) => x.name.includes('eleven includes after -all'))!;
    const dns = zoneResolver(c.zone);
    const a = await analyzeSpf(DOMAIN, dns);
    expect(a.issues.find((i) => i.code === 'terms_after_all')).toMatchObject({
      term: '-all',
      detail: range(11)
        .map((i) => `include:n${i}.example.net`)
        .join(' '),
    });
    expect(dns.queries.filter((q) => q.includes('n1.example.net'))).toEqual([]);
    expect(a.includes).toEqual([]);
    expect(a.tree.children).toEqual([]);
    expect(a.chain).toEqual(['example.cz: 2']);
    expect(a.allQualifier).toBe('-');
  });

  it('§6.1 an ignored redirect is not queried', async () => {
    const dns = zoneResolver({ [DOMAIN]: spf('v=spf1 -all redirect=_spf.example.cz') });
    await analyzeSpf(DOMAIN, dns);
    expect(dns.queries.some((q) => q.includes('_spf.example.cz'))).toBe(false);
  });

  it('§7 macro targets are not queried statically', async () => {
    const dns = zoneResolver({
      [DOMAIN]: spf('v=spf1 a:%{l}.hosts.example.cz include:%{l}._spf.example.cz exists:%{i}.bl.example.cz -all'),
    });
    const a = await analyzeSpf(DOMAIN, dns, { checkSpfRr: false });
    expect(dns.queries).toEqual(['TXT example.cz']);
    expect(a.tree.children.map((n) => [n.term, n.status])).toEqual([['include:%{l}._spf.example.cz', 'not_followed']]);
  });

  it('§4.6.4 the chain shows where the lookups are', async () => {
    const c = cases.find((x) => x.name.includes('nested includes'))!;
    const a = await analyzeSpf(DOMAIN, zoneResolver(c.zone));
    expect(a.chain).toEqual([
      'example.cz: 4',
      'example.cz › include:l1.example.net: 3',
      'example.cz › include:l1.example.net › include:l2.example.net: 1',
    ]);
  });
});

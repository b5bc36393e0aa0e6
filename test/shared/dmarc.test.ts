import { describe, expect, it } from 'vitest';
import { DnsError } from '../../shared/dns';
import {
  comparePolicies,
  discoverDmarc,
  externalDestinations,
  isDmarcRecord,
  looksLikeDmarc,
  selectOrganizationalDomain,
  treeWalkDomains,
  parseDmarcRecord,
  verifyExternalDestination,
  type DmarcProblem,
} from '../../shared/dmarc';
import { FakeDns, type FakeTxtEntry } from '../support/fake-dns';

const codes = (problems: DmarcProblem[]) => problems.map((p) => `${p.code}:${p.severity}${p.tag ? `:${p.tag}` : ''}`);

describe('isDmarcRecord (RFC 7489 §6.6.3 step 2, §6.4 dmarc-version)', () => {
  it.each([
    ['v=DMARC1; p=none', true, '§6.4: the version tag first'],
    ['v=DMARC1', true, 'version alone still starts a record (p is then missing)'],
    ['v = DMARC1 ; p=reject', true, '§6.4: *WSP around "=" and ";"'],
    ['V=DMARC1; p=reject', true, 'RFC 5234 §2.3: the quoted tag name "v" is case-insensitive'],
    ['v=dmarc1; p=reject', false, '§6.4: DMARC1 is %x-encoded, hence case-sensitive'],
    ['p=reject; v=DMARC1', false, '§6.3: v MUST be the first tag'],
    ['v=DMARC10; p=reject', false, 'another version string'],
    ['v=spf1 -all', false, 'not DMARC'],
  ])('%s → %s (%s)', (text, expected) => {
    expect(isDmarcRecord(text)).toBe(expected);
  });

  it('recognises discarded records that were meant as DMARC', () => {
    expect(looksLikeDmarc('v=dmarc1; p=reject')).toBe(true);
    expect(looksLikeDmarc('p=quarantine; rua=mailto:a@firma.cz')).toBe(true);
    expect(looksLikeDmarc('google-site-verification=abc')).toBe(false);
  });
});

describe('parseDmarcRecord', () => {
  it('applies the §6.3 defaults', () => {
    const { record, problems, evaluation } = parseDmarcRecord('v=DMARC1; p=reject');
    expect(problems).toEqual([]);
    expect(record).toMatchObject({
      p: 'reject',
      pct: 100,
      adkim: 'r',
      aspf: 'r',
      rua: [],
      ruf: [],
      fo: ['0'],
      rf: ['afrf'],
      ri: 86400,
      testing: false,
      psd: 'u',
    });
    expect(evaluation).toEqual({ usable: true, policy: 'reject', subdomainPolicy: 'reject', assumedNone: false });
  });

  it('reads every RFC 7489 §6.3 tag, reporting the historic and obsolete ones (RFC 9989 §9, §4.8)', () => {
    const { record, problems, evaluation } = parseDmarcRecord(
      'v=DMARC1; p=quarantine; sp=none; pct=50; adkim=s; aspf=r; rua=mailto:a@firma.cz, mailto:b@rua.example.net!10m; ruf=mailto:f@firma.cz; fo=1:d; rf=afrf; ri=3600',
    );
    expect(codes(problems)).toEqual([
      'historic_tag:warning:pct',
      'obsolete_size:warning:rua',
      'historic_tag:warning:rf',
      'historic_tag:warning:ri',
    ]);
    expect(record).toMatchObject({ p: 'quarantine', sp: 'none', pct: 50, adkim: 's', aspf: 'r', fo: ['1', 'd'], rf: ['afrf'], ri: 3600 });
    expect(record.rua).toEqual([
      { uri: 'mailto:a@firma.cz', address: 'a@firma.cz', domain: 'firma.cz' },
      // §6.2: "!" size suffix, m = 2^20
      { uri: 'mailto:b@rua.example.net', address: 'b@rua.example.net', domain: 'rua.example.net', maxBytes: 10 * 2 ** 20 },
    ]);
    expect(record.ruf.map((u) => u.address)).toEqual(['f@firma.cz']);
    expect(evaluation).toMatchObject({ policy: 'quarantine', subdomainPolicy: 'none' });
  });

  it.each([
    // [record, expected problem codes, why]
    ['v=DMARC1; P=Reject', [], 'RFC 5234 §2.3: tag names and keyword values are case-insensitive'],
    ['v=DMARC1;p=none;', [], '§6.4: no spaces and a trailing separator'],
    ['v=DMARC1; adkim=s', ['missing_policy:error:p'], '§6.3: p is REQUIRED'],
    ['v=DMARC1; p=block; rua=mailto:a@firma.cz', ['invalid_value:error:p'], '§6.3 p: none | quarantine | reject'],
    ['v=DMARC1; p=reject; sp=strict', ['invalid_value:error:sp'], '§6.3 sp: same values as p'],
    ['v=DMARC1; rua=mailto:a@firma.cz; p=reject', ['policy_not_second:warning:p'], '§6.3: v and p MUST appear in that order'],
    ['v=DMARC1; p=reject; p=none', ['duplicate_tag:error:p'], 'a repeated tag makes the record ambiguous'],
    ['v=DMARC1; p=reject; foo=bar', ['unknown_tag:warning:foo'], '§6.3: unknown tags are ignored (and reported)'],
    ['v=DMARC1; p=reject; pct=150', ['historic_tag:warning:pct'], 'RFC 9989 §9: pct is historic, whatever its value'],
    ['v=DMARC1; p=reject; pct=100', ['historic_tag:warning:pct'], 'RFC 9989 §9: even the old default is historic'],
    ['v=DMARC1; p=reject; adkim=x', ['invalid_value:warning:adkim'], '§6.3 adkim: r | s'],
    ['v=DMARC1; p=reject; aspf=relaxed', ['invalid_value:warning:aspf'], '§6.3 aspf: r | s'],
    ['v=DMARC1; p=reject; fo=0:1:d:s', [], '§6.4 dmarc-fo: colon-separated list'],
    ['v=DMARC1; p=reject; fo=2', ['invalid_value:warning:fo'], '§6.3 fo: 0 | 1 | d | s'],
    ['v=DMARC1; p=reject; rf=iodef', ['historic_tag:warning:rf'], 'RFC 9989 §9: rf is historic'],
    ['v=DMARC1; p=reject; ri=-1', ['historic_tag:warning:ri'], 'RFC 9989 §9: ri is historic'],
    ['v=DMARC1; p=reject; rua=https://firma.cz/dmarc', ['unsupported_uri:warning:rua'], '§6.3: only mailto is mandatory to support'],
    ['v=DMARC1; p=reject; rua=mailto:nobody', ['invalid_uri:warning:rua'], 'RFC 6068: mailto needs an address'],
    ['v=DMARC1; p=reject; rua=dmarc@firma.cz', ['invalid_uri:warning:rua'], '§6.2: a URI, not a bare address'],
    ['v=DMARC1; p=reject; ruf=mailto:a@firma.cz!10x', ['invalid_size:warning:ruf'], '§6.2: size unit k | m | g | t'],
    [
      `v=DMARC1; p=reject; rua=mailto:a@firma.cz!1${'0'.repeat(309)}m`,
      ['invalid_size:warning:rua'],
      '§6.2: a size that overflows to Infinity',
    ],
    ['v=DMARC1; p=reject; rua=mailto:a@firma.cz!9007199254740993', ['invalid_size:warning:rua'], '§6.2: a size past 2^53 is not exact'],
    [
      'v=DMARC1; p=reject; rua=mailto:a@firma.cz!9999999999999t',
      ['invalid_size:warning:rua'],
      '§6.2: a size that only the unit makes huge',
    ],
    ['v=DMARC1; p=reject; rua=mailto:a@firma.cz!8191t', ['obsolete_size:warning:rua'], 'RFC 9989 §4.8: obs-dmarc-report-size'],
    ['v=DMARC1; p=reject; rua=mailto:a@firma.cz,', ['invalid_uri:warning:rua'], '§6.4: an empty URI in the list'],
    ['v=DMARC1; p=reject; garbage', ['malformed_tag:error'], '§6.4: every part is tag=value'],
    ['v=DMARC1; p=reject; np=none', [], 'DMARCbis np is known'],
    ['v=DMARC1; p=reject; np=off', ['invalid_value:error:np'], 'RFC 9989 §4.10.1: an invalid np voids the policy like sp'],
    ['v=DMARC1; p=reject; t=y; psd=n', [], 'RFC 9989 §4.7: t and psd are known'],
    ['v=DMARC1; p=reject; t=yes', ['invalid_value:warning:t'], 'RFC 9989 §4.8 dmarc-yorn: y | n'],
    ['v=DMARC1; p=reject; psd=x', ['invalid_value:warning:psd'], 'RFC 9989 §4.8 dmarc-psd: y | n | u'],
  ])('%s → %j (%s)', (text, expected) => {
    expect(codes(parseDmarcRecord(text).problems)).toEqual(expected);
  });

  it('keeps a URI with an unusable size out of the list, so every maxBytes is a safe integer', () => {
    const { record } = parseDmarcRecord(`v=DMARC1; p=reject; rua=mailto:a@firma.cz, mailto:b@firma.cz!1${'0'.repeat(309)}m`);
    expect(record?.rua.map((u) => u.address)).toEqual(['a@firma.cz']);
  });

  it('keeps the first of duplicate tags and reports the rest', () => {
    const { record, problems } = parseDmarcRecord('v=DMARC1; p=reject; p=none');
    expect(record.p).toBe('reject');
    expect(problems[0]).toMatchObject({ code: 'duplicate_tag', tag: 'p', value: 'none' });
  });

  it('describes an invalid value precisely', () => {
    expect(parseDmarcRecord('v=DMARC1; p=reject; psd=maybe').problems[0]).toEqual({
      code: 'invalid_value',
      severity: 'warning',
      tag: 'psd',
      value: 'maybe',
      expected: 'y | n | u',
    });
  });

  it.each([
    ['v=DMARC1; p=reject', 'u'],
    ['v=DMARC1; p=reject; psd=Y', 'y'],
    ['v=DMARC1; p=reject; psd=n', 'n'],
    ['v=DMARC1; p=reject; psd=x', 'u'],
  ])('reads psd of %s as %s (RFC 9989 §4.7, default u)', (text, psd) => {
    expect(parseDmarcRecord(text).record.psd).toBe(psd);
  });

  it('falls back to defaults for invalid optional values (§6.3 last paragraph)', () => {
    const { record } = parseDmarcRecord('v=DMARC1; p=reject; pct=150; adkim=x; ri=soon');
    expect(record).toMatchObject({ pct: 100, adkim: 'r', ri: 86400 });
  });

  it.each([
    // §6.6.3 step 6: no valid p (or an invalid sp) → p=none when rua has a valid URI, else no DMARC
    ['v=DMARC1; rua=mailto:a@firma.cz', { usable: true, policy: 'none', subdomainPolicy: 'none', assumedNone: true }],
    ['v=DMARC1; p=block; rua=mailto:a@firma.cz', { usable: true, policy: 'none', assumedNone: true }],
    ['v=DMARC1; p=reject; sp=bad; rua=mailto:a@firma.cz', { usable: true, policy: 'none', assumedNone: true }],
    ['v=DMARC1; p=reject; sp=bad', { usable: false }],
    ['v=DMARC1; adkim=s', { usable: false }],
    ['v=DMARC1; rua=https://x.example/r', { usable: false }],
    ['v=DMARC1; p=reject; sp=quarantine', { usable: true, policy: 'reject', subdomainPolicy: 'quarantine', assumedNone: false }],
    // RFC 9989 §4.10.1 names np beside sp
    ['v=DMARC1; p=reject; np=bad; rua=mailto:a@firma.cz', { usable: true, policy: 'none', assumedNone: true }],
    ['v=DMARC1; p=reject; np=bad', { usable: false }],
  ])('%s evaluates per RFC 9989 §4.10.1', (text, expected) => {
    expect(parseDmarcRecord(text).evaluation).toMatchObject(expected);
  });

  it('decodes percent-encoded mailto addresses and drops mailto headers (RFC 6068)', () => {
    const { record } = parseDmarcRecord('v=DMARC1; p=none; rua=mailto:dmarc%2Breports@Firma.CZ?subject=x!1g');
    expect(record.rua).toEqual([
      { uri: 'mailto:dmarc%2Breports@Firma.CZ?subject=x', address: 'dmarc+reports@firma.cz', domain: 'firma.cz', maxBytes: 2 ** 30 },
    ]);
  });

  it('reads DMARCbis t=y as testing mode', () => {
    expect(parseDmarcRecord('v=DMARC1; p=reject; t=y').record.testing).toBe(true);
  });
});

describe('DNS tree walk (RFC 9989 §4.10)', () => {
  it('queries at most eight names: the domain, then seven labels, then one label less each time (§4.10 example)', () => {
    expect(treeWalkDomains('a.b.c.d.e.f.g.h.i.j.mail.example.com')).toEqual([
      'a.b.c.d.e.f.g.h.i.j.mail.example.com',
      'g.h.i.j.mail.example.com',
      'h.i.j.mail.example.com',
      'i.j.mail.example.com',
      'j.mail.example.com',
      'mail.example.com',
      'example.com',
      'com',
    ]);
  });

  it.each([
    ['firma.cz', ['firma.cz', 'cz']],
    ['MAIL.Firma.CZ.', ['mail.firma.cz', 'firma.cz', 'cz']],
    // x = 8: step 4 cuts to seven labels, which here is one label less
    [
      'a.b.c.d.e.f.example.com',
      [
        'a.b.c.d.e.f.example.com',
        'b.c.d.e.f.example.com',
        'c.d.e.f.example.com',
        'd.e.f.example.com',
        'e.f.example.com',
        'f.example.com',
        'example.com',
        'com',
      ],
    ],
  ])('%s → %j', (domain, names) => {
    expect(treeWalkDomains(domain)).toEqual(names);
  });

  const level = (domain: string, record?: string) => ({
    domain,
    lookup: { name: `_dmarc.${domain}`, dmarc: record ? [record] : [], discarded: [] },
    ...(record ? { record, psd: parseDmarcRecord(record).record.psd } : {}),
  });
  it.each([
    // §4.10.2 closing examples, starting at a.mail.example.com
    [
      'records at mail.example.com and example.com: the fewest labels',
      [
        level('a.mail.example.com'),
        level('mail.example.com', 'v=DMARC1; p=none'),
        level('example.com', 'v=DMARC1; p=reject'),
        level('com'),
      ],
      'example.com',
    ],
    ['psd=n at mail.example.com', [level('a.mail.example.com'), level('mail.example.com', 'v=DMARC1; p=none; psd=n')], 'mail.example.com'],
    [
      'only psd=y at com: one label below it',
      [level('a.mail.example.com'), level('mail.example.com'), level('example.com'), level('com', 'v=DMARC1; p=reject; psd=y')],
      'example.com',
    ],
    [
      'no record anywhere: the starting name',
      [level('a.mail.example.com'), level('mail.example.com'), level('example.com'), level('com')],
      'a.mail.example.com',
    ],
    // rule 2 skips the record where the walk started
    ['psd=y at the start', [level('bank.example', 'v=DMARC1; p=reject; psd=y')], 'bank.example'],
  ])('%s', (_, levels, org) => {
    expect(selectOrganizationalDomain(levels[0]!.domain, levels)).toBe(org);
  });

  it('orders policies by strength', () => {
    expect(comparePolicies('none', 'reject')).toBeLessThan(0);
    expect(comparePolicies('reject', 'quarantine')).toBeGreaterThan(0);
    expect(comparePolicies('quarantine', 'quarantine')).toBe(0);
  });
});

describe('discoverDmarc (RFC 9989 §4.10.1)', () => {
  it('step 1: uses the record at the domain itself', async () => {
    const dns = new FakeDns({ '_dmarc.firma.cz': [['v=DMARC1; p=reject']] });
    const d = await discoverDmarc(dns, 'firma.cz');
    expect(d).toMatchObject({ outcome: 'found', source: 'domain', policyDomain: 'firma.cz', text: 'v=DMARC1; p=reject', policyLookups: 1 });
    // the walk goes on to place the organisational domain (§4.10.2)
    expect(dns.queries).toEqual(['_dmarc.firma.cz', '_dmarc.cz']);
  });

  it('joins TXT character-strings without spaces (RFC 7489 §6.6.2 via RFC 7208 §3.3)', async () => {
    const dns = new FakeDns({ '_dmarc.firma.cz': [['v=DMARC1; p=rej', 'ect']] });
    expect((await discoverDmarc(dns, 'firma.cz')).parsed?.record.p).toBe('reject');
  });

  it('falls back to the organisational domain', async () => {
    const dns = new FakeDns({ '_dmarc.firma.cz': [['v=DMARC1; p=reject; sp=quarantine']] });
    const d = await discoverDmarc(dns, 'mail.firma.cz');
    expect(d).toMatchObject({ outcome: 'found', source: 'organizational', policyDomain: 'firma.cz', organizationalDomain: 'firma.cz' });
    expect(dns.queries).toEqual(['_dmarc.mail.firma.cz', '_dmarc.firma.cz', '_dmarc.cz']);
  });

  it('§4.10 step 2: discards non-DMARC TXT and still falls back', async () => {
    const dns = new FakeDns({
      '_dmarc.mail.firma.cz': [['v=dmarc1; p=reject'], ['something else']],
      '_dmarc.firma.cz': [['v=DMARC1; p=none']],
    });
    const d = await discoverDmarc(dns, 'mail.firma.cz');
    expect(d.lookups[0]?.discarded).toEqual(['v=dmarc1; p=reject', 'something else']);
    expect(d).toMatchObject({ outcome: 'found', source: 'organizational' });
  });

  it('reports none when no name up the tree has a record', async () => {
    const dns = new FakeDns({});
    const d = await discoverDmarc(dns, 'mail.firma.cz');
    expect(d.outcome).toBe('none');
    expect(d.lookups.map((l) => l.name)).toEqual(['_dmarc.mail.firma.cz', '_dmarc.firma.cz', '_dmarc.cz']);
  });

  it('§4.10 step 2: several records are all discarded and the walk goes on to the parent', async () => {
    const dns = new FakeDns({
      '_dmarc.mail.firma.cz': [['v=DMARC1; p=reject'], ['v=DMARC1; p=none']],
      '_dmarc.firma.cz': [['v=DMARC1; p=quarantine']],
    });
    const d = await discoverDmarc(dns, 'mail.firma.cz');
    expect(d).toMatchObject({ outcome: 'found', source: 'organizational', policyDomain: 'firma.cz' });
    expect(dns.queries).toEqual(['_dmarc.mail.firma.cz', '_dmarc.firma.cz', '_dmarc.cz']);
  });

  it('several records and nothing above: outcome multiple', async () => {
    const dns = new FakeDns({ '_dmarc.firma.cz': [['v=DMARC1; p=reject'], ['v=DMARC1; p=none']] });
    expect(await discoverDmarc(dns, 'firma.cz')).toMatchObject({ outcome: 'multiple', policyDomain: 'firma.cz' });
  });

  it.each([
    ['a timeout', new DnsError('timeout', '_dmarc.mail.firma.cz', 'TXT', 'no answer'), 'timeout'],
    ['SERVFAIL', { rcode: 'SERVFAIL' }, 'SERVFAIL'],
  ])('stops on %s without guessing from the organisational domain', async (_, entry, kind) => {
    const dns = new FakeDns({ '_dmarc.mail.firma.cz': entry as FakeTxtEntry, '_dmarc.firma.cz': [['v=DMARC1; p=reject']] });
    const d = await discoverDmarc(dns, 'mail.firma.cz');
    expect(d.outcome).toBe('dns_error');
    expect(d.lookups[0]?.failure?.kind).toBe(kind);
    expect(dns.queries).toEqual(['_dmarc.mail.firma.cz']);
  });

  it('lets cancellation through', async () => {
    const dns = new FakeDns({ '_dmarc.firma.cz': new DnsError('aborted', '_dmarc.firma.cz', 'TXT', 'aborted') });
    await expect(discoverDmarc(dns, 'firma.cz')).rejects.toBeInstanceOf(DnsError);
    const controller = new AbortController();
    controller.abort();
    await expect(discoverDmarc(new FakeDns({}), 'firma.cz', controller.signal)).rejects.toThrow();
  });
});

describe('external report destinations (RFC 7489 §7.1)', () => {
  it('lists only destinations outside the organisation (by tree walk), once per host', async () => {
    const { record } = parseDmarcRecord(
      'v=DMARC1; p=reject; rua=mailto:dmarc@firma.cz,mailto:r@reports.firma.cz,mailto:a@rua.vendor.example,mailto:b@rua.vendor.example; ruf=mailto:f@rua.vendor.example',
    );
    const dns = new FakeDns({ '_dmarc.firma.cz': [['v=DMARC1; p=reject']] });
    expect(await externalDestinations(dns, 'firma.cz', 'firma.cz', record)).toEqual([
      {
        host: 'rua.vendor.example',
        tags: ['rua', 'ruf'],
        addresses: ['a@rua.vendor.example', 'b@rua.vendor.example', 'f@rua.vendor.example'],
        queryName: 'firma.cz._report._dmarc.rua.vendor.example',
      },
    ]);
  });

  it.each([
    // [TXT at the name, outcome, why]
    [[['v=DMARC1']], 'authorized', 'step 7: one record starting with v=DMARC1'],
    [[['v=DMARC1;']], 'authorized', 'step 5: tag-list syntax as in §6.4'],
    [undefined, 'not_authorized', 'step 6: nothing published'],
    [[['v=spf1 -all']], 'not_authorized', 'step 5: records without v=DMARC1 are discarded'],
    [{ rcode: 'SERVFAIL' }, 'dns_error', 'step 4: a temporary DNS error'],
    [new DnsError('timeout', 'x', 'TXT', 'timeout'), 'dns_error', 'step 4: a temporary DNS error'],
  ])('%j → %s (%s)', async (entry, outcome, _why) => {
    const name = 'firma.cz._report._dmarc.rua.vendor.example';
    const dns = new FakeDns(entry === undefined ? {} : { [name]: entry as FakeTxtEntry });
    const v = await verifyExternalDestination(dns, {
      host: 'rua.vendor.example',
      tags: ['rua'],
      addresses: ['a@rua.vendor.example'],
      queryName: name,
    });
    expect(v.outcome).toBe(outcome);
    expect(dns.queries).toEqual([name]);
  });

  it('step 8: reports the rua/ruf the receiver substitutes', async () => {
    const name = 'firma.cz._report._dmarc.rua.vendor.example';
    const dns = new FakeDns({ [name]: [['v=DMARC1; rua=mailto:other@rua.vendor.example']] });
    const v = await verifyExternalDestination(dns, { host: 'rua.vendor.example', tags: ['rua'], addresses: [], queryName: name });
    expect(v).toMatchObject({ outcome: 'authorized', overrides: { rua: ['mailto:other@rua.vendor.example'] } });
  });
});

/**
 * authorizesServers(): check_host() (RFC 7208 §4) for the organisation's own servers, with
 * postmaster@<domain> as sender and the domain as HELO.
 */
import { describe, expect, it } from 'vitest';
import type { DnsResolver } from '../../../shared/dns';
import { analyzeSpf } from '../../../shared/spf/analyze';
import { authorizesServers, MAX_AUTHORIZATION_IPS } from '../../../shared/spf/authorize';
import { zoneResolver, type ZoneData } from './zone-resolver';

const zone: ZoneData = {
  'example.cz': [{ TXT: 'v=spf1 mx include:_spf.example.cz -all' }, { MX: [10, 'mail.example.cz'] }, { MX: [20, 'mail2.example.cz'] }],
  'mail.example.cz': [{ A: '192.0.2.25' }, { AAAA: '2001:db8:25::25' }],
  'mail2.example.cz': [{ A: '192.0.2.26' }],
  '_spf.example.cz': [{ TXT: 'v=spf1 ip6:2001:db8:cafe::/48 ?all' }],
  'soft.example.cz': [{ TXT: 'v=spf1 a ~all' }, { A: '198.51.100.1' }],
  'broken.example.cz': [{ TXT: 'v=spf1 a:servfail.example.cz -all' }],
  'servfail.example.cz': [{ RCODE: 'SERVFAIL' }],
  'slow.example.cz': [{ TXT: 'v=spf1 include:timeout.example.net -all' }],
  'timeout.example.net': ['TIMEOUT'],
  'afterall.example.cz': [
    { TXT: `v=spf1 mx -all ${Array.from({ length: 11 }, (_, i) => `include:n${i}.example.net`).join(' ')}` },
    { MX: [10, 'mail.example.cz'] },
  ],
  'eleven.example.cz': [{ TXT: `v=spf1 ${Array(11).fill('a').join(' ')} -all` }, { A: '198.51.100.9' }],
  'macro.example.cz': [{ TXT: 'v=spf1 exists:%{l}.%{h}._spf.example.cz -all' }],
  'postmaster.macro.example.cz._spf.example.cz': [{ A: '127.0.0.2' }],
  'explain.example.cz': [{ TXT: 'v=spf1 -all exp=why.example.cz' }],
  'why.example.cz': [{ TXT: '%{i} is not allowed to send as %{s}' }],
};

describe('authorizesServers', () => {
  it('RFC 7208 §5.4: an MX address is authorised by mx; an unlisted one fails at -all (§5.1)', async () => {
    const r = await authorizesServers(zoneResolver(zone), 'example.cz', ['192.0.2.25', '192.0.2.26', '203.0.113.7']);
    expect(r).toMatchObject({ domain: 'example.cz', sender: 'postmaster@example.cz', helo: 'example.cz', skipped: [] });
    expect(r.results.map((x) => [x.ip, x.result, x.mechanism?.term])).toEqual([
      ['192.0.2.25', 'pass', 'mx'],
      ['192.0.2.26', 'pass', 'mx'],
      ['203.0.113.7', 'fail', '-all'],
    ]);
    expect(r.results[0]!.mechanism).toEqual({ domain: 'example.cz', term: 'mx' });
  });

  it('RFC 7208 §5.4, §5.6: IPv6 addresses are evaluated against AAAA records and ip6 networks', async () => {
    const r = await authorizesServers(zoneResolver(zone), 'example.cz', ['2001:db8:25::25', '2001:db8:cafe::1', '2001:db8:bad::1']);
    expect(r.results.map((x) => [x.ip, x.result, x.mechanism?.term])).toEqual([
      ['2001:db8:25::25', 'pass', 'mx'],
      // §5.2: the include matches only on a pass of the included record; its ?all is neutral, so on to -all.
      ['2001:db8:cafe::1', 'pass', 'include:_spf.example.cz'],
      ['2001:db8:bad::1', 'fail', '-all'],
    ]);
  });

  it('RFC 7208 §2.6.5: an address not listed by a ~all policy is softfail', async () => {
    const r = await authorizesServers(zoneResolver(zone), 'soft.example.cz', ['192.0.2.99']);
    expect(r.results[0]).toMatchObject({ result: 'softfail', mechanism: { term: '~all' } });
  });

  it('RFC 7208 §2.6.6, §5: a failing DNS answer is temperror and says which lookup failed', async () => {
    const r = await authorizesServers(zoneResolver(zone), 'broken.example.cz', ['192.0.2.25']);
    expect(r.results[0]).toMatchObject({
      result: 'temperror',
      problem: { code: 'dns_error', domain: 'broken.example.cz', term: 'a:servfail.example.cz' },
    });
    expect(r.results[0]!.problem!.detail).toContain('SERVFAIL');
    const t = await authorizesServers(zoneResolver(zone), 'slow.example.cz', ['192.0.2.25']);
    expect(t.results[0]).toMatchObject({ result: 'temperror', problem: { code: 'dns_error', domain: 'timeout.example.net' } });
  });

  it('RFC 7208 §4.6.4: a policy over the lookup limit is permerror for the servers too', async () => {
    const r = await authorizesServers(zoneResolver(zone), 'eleven.example.cz', ['192.0.2.25']);
    expect(r.results[0]).toMatchObject({ result: 'permerror', problem: { code: 'too_many_dns_terms' }, dnsTerms: 11 });
  });

  it("RFC 7208 §5.1: includes after -all are never evaluated, so they cannot break the servers' result", async () => {
    const r = await authorizesServers(zoneResolver(zone), 'afterall.example.cz', ['192.0.2.25', '203.0.113.7']);
    expect(r.results.map((x) => [x.result, x.dnsTerms])).toEqual([
      ['pass', 1],
      ['fail', 1],
    ]);
  });

  it('RFC 7208 §2.4, §7.2: the sender is postmaster@<domain> and the HELO the domain', async () => {
    const r = await authorizesServers(zoneResolver(zone), 'macro.example.cz', ['192.0.2.1']);
    expect(r.results[0]).toMatchObject({ result: 'pass', mechanism: { term: 'exists:%{l}.%{h}._spf.example.cz' } });
  });

  it('RFC 7208 §6.2: a fail carries the published explanation', async () => {
    const r = await authorizesServers(zoneResolver(zone), 'explain.example.cz', ['192.0.2.1']);
    expect(r.results[0]).toMatchObject({
      result: 'fail',
      explanation: '192.0.2.1 is not allowed to send as postmaster@explain.example.cz',
    });
  });

  it('RFC 7208 §4.3: a domain without a record is none', async () => {
    const r = await authorizesServers(zoneResolver(zone), 'nowhere.example.cz', ['192.0.2.1']);
    expect(r.results[0]!.result).toBe('none');
  });

  it(`evaluates at most ${MAX_AUTHORIZATION_IPS} distinct addresses, in the order given; the rest are skipped`, async () => {
    const ips = Array.from({ length: 20 }, (_, i) => `198.51.100.${i + 1}`);
    const r = await authorizesServers(zoneResolver(zone), 'example.cz', ['192.0.2.25', '::ffff:192.0.2.25', ...ips]);
    expect(r.results).toHaveLength(MAX_AUTHORIZATION_IPS);
    expect(r.results[0]!.ip).toBe('192.0.2.25');
    expect(r.results.map((x) => x.ip)).not.toContain('::ffff:192.0.2.25');
    expect(r.skipped).toEqual(ips.slice(MAX_AUTHORIZATION_IPS - 1));
  });

  it('rejects a string that is not an IP address before any query', async () => {
    const dns = zoneResolver(zone);
    await expect(authorizesServers(dns, 'example.cz', ['192.0.2.25', 'mail.example.cz'])).rejects.toThrow(TypeError);
    expect(dns.queries).toEqual([]);
  });

  it('stops on the signal: an aborted run rejects and queries nothing', async () => {
    const dns = zoneResolver(zone);
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(authorizesServers(dns, 'example.cz', ['192.0.2.25'], ctrl.signal)).rejects.toThrow();
    expect(dns.queries).toEqual([]);
  });

  it('stops on the signal mid-run: no result from an evaluation the abort cut short', async () => {
    const inner = zoneResolver(zone);
    const ctrl = new AbortController();
    const aborting: DnsResolver = {
      lookup: async (name, type) => {
        if (type === 'MX') ctrl.abort();
        return inner.lookup(name, type);
      },
    };
    await expect(authorizesServers(aborting, 'example.cz', ['192.0.2.25'], ctrl.signal)).rejects.toThrow();
  });

  it("shares the caller's resolver, and with it the per-assessment cache", async () => {
    const upstream = zoneResolver(zone);
    const cache = new Map<string, ReturnType<DnsResolver['lookup']>>();
    const cached: DnsResolver = {
      lookup: (name, type) => {
        const key = `${type} ${name}`;
        if (!cache.has(key)) cache.set(key, upstream.lookup(name, type));
        return cache.get(key)! as never;
      },
    };
    await analyzeSpf('example.cz', cached, { checkSpfRr: false });
    const before = upstream.queries.length;
    await authorizesServers(cached, 'example.cz', ['192.0.2.25']);
    // The policy records came from the cache; only the MX hosts' addresses were new.
    expect(upstream.queries.slice(before)).toEqual(['A mail.example.cz']);
  });
});

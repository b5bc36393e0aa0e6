/**
 * check_host() behaviour the OpenSPF suite (conformance.test.ts) does not pin down: the reported
 * problem, the counters, rcode handling, time limits and cancellation.
 */
import { describe, expect, it } from 'vitest';
import { DnsError, type DnsResolver } from '../../../shared/dns';
import { checkHost } from '../../../shared/spf/evaluate';
import { zoneResolver } from './zone-resolver';

const zone = zoneResolver({
  'example.com': [{ TXT: 'v=spf1 ip4:192.0.2.0/24 include:_spf.example.net -all exp=why.example.com' }, { A: '192.0.2.10' }],
  '_spf.example.net': [{ TXT: 'v=spf1 ip6:2001:db8::/32 ~all' }],
  'why.example.com': [{ TXT: "%{i} is not one of %{d}'s designated mail servers." }],
  'servfail.example.com': [{ RCODE: 'SERVFAIL' }],
  'broken-mech.example.com': [{ TXT: 'v=spf1 a:servfail.example.com -all' }],
  'eleven.example.com': [{ TXT: `v=spf1 ${Array(11).fill('a').join(' ')} -all` }, { A: '198.51.100.1' }],
  'ten.example.com': [{ TXT: `v=spf1 ${Array(10).fill('a').join(' ')} ip4:203.0.113.5 -all` }, { A: '198.51.100.1' }],
  'noinclude.example.com': [{ TXT: 'v=spf1 include:nothing.example.com -all' }],
  'multi.example.com': [{ TXT: 'v=spf1 -all' }, { TXT: 'v=spf1 +all' }],
});

const run = (ip: string, domain: string, resolver: DnsResolver = zone, options = {}) =>
  checkHost({ ip, domain, sender: `user@${domain}`, helo: 'mail.example.org' }, resolver, options);

describe('checkHost', () => {
  it('§4.6.2: the first matching mechanism decides; the result names it', async () => {
    const r = await run('192.0.2.77', 'example.com');
    expect(r).toMatchObject({ result: 'pass', mechanism: { domain: 'example.com', term: 'ip4:192.0.2.0/24' }, dnsTerms: 0 });
  });

  it('§5.2: include passes through a pass of the included record', async () => {
    const r = await run('2001:db8:1::25', 'example.com');
    expect(r).toMatchObject({ result: 'pass', mechanism: { term: 'include:_spf.example.net' }, dnsTerms: 1 });
  });

  it('§6.2: "fail" carries the expanded exp= explanation', async () => {
    const r = await run('203.0.113.9', 'example.com');
    expect(r.result).toBe('fail');
    expect(r.explanation).toBe("203.0.113.9 is not one of example.com's designated mail servers.");
  });

  it('§6.2: no explanation when explanations are switched off', async () => {
    const r = await run('203.0.113.9', 'example.com', zone, { explain: false });
    expect(r.result).toBe('fail');
    expect(r.explanation).toBeUndefined();
  });

  it('§4.4: SERVFAIL on the record lookup is temperror', async () => {
    const r = await run('192.0.2.1', 'servfail.example.com');
    expect(r).toMatchObject({ result: 'temperror', problem: { code: 'dns_error', domain: 'servfail.example.com' } });
  });

  it('§5: SERVFAIL during a mechanism is temperror and names the term', async () => {
    const r = await run('192.0.2.1', 'broken-mech.example.com');
    expect(r).toMatchObject({ result: 'temperror', problem: { code: 'dns_error', term: 'a:servfail.example.com' } });
  });

  it('§4.6.4: the eleventh DNS-querying term is a permerror', async () => {
    const r = await run('192.0.2.1', 'eleven.example.com');
    expect(r).toMatchObject({ result: 'permerror', problem: { code: 'too_many_dns_terms', term: 'a' }, dnsTerms: 11 });
  });

  it('§4.6.4: ten DNS-querying terms are allowed', async () => {
    expect((await run('203.0.113.5', 'ten.example.com')).result).toBe('pass');
  });

  it('§5.2: include of a domain without a record is permerror', async () => {
    const r = await run('192.0.2.1', 'noinclude.example.com');
    expect(r).toMatchObject({ result: 'permerror', problem: { code: 'include_none', term: 'include:nothing.example.com' } });
  });

  it('§4.5: two records are permerror', async () => {
    expect(await run('192.0.2.1', 'multi.example.com')).toMatchObject({ result: 'permerror', problem: { code: 'multiple_records' } });
  });

  it('§4.3: a domain without any record is none', async () => {
    expect((await run('192.0.2.1', 'nowhere.example.com')).result).toBe('none');
  });

  it('§4.6.4: the overall time limit turns into temperror', async () => {
    let t = 0;
    const slow: DnsResolver = {
      lookup: async (name, type) => {
        t += 15_000;
        return zone.lookup(name, type);
      },
    };
    const r = await run('198.51.100.99', 'ten.example.com', slow, { now: () => t, timeoutMs: 20_000 });
    expect(r).toMatchObject({ result: 'temperror', problem: { code: 'timeout' } });
  });

  it('cancellation through the signal ends in temperror without further queries', async () => {
    const ctrl = new AbortController();
    const counted = zoneResolver({ 'example.com': [{ TXT: 'v=spf1 a -all' }] });
    ctrl.abort();
    const r = await run('192.0.2.1', 'example.com', counted, { signal: ctrl.signal });
    expect(r.result).toBe('temperror');
    expect(counted.queries).toEqual([]);
  });

  it('§2.6.6: a transport failure is temperror', async () => {
    const failing: DnsResolver = {
      lookup: (name, type) => Promise.reject(new DnsError('network', name, type, 'connection refused')),
    };
    expect(await run('192.0.2.1', 'example.com', failing)).toMatchObject({ result: 'temperror', problem: { code: 'dns_error' } });
  });

  it('a name the DNS client rejects counts as non-existent (void), not as a DNS failure', async () => {
    const inner = zoneResolver({ 'example.com': [{ TXT: 'v=spf1 a:bad_name.example.net -all' }] });
    const picky: DnsResolver = {
      lookup: (name, type) =>
        name.includes('_') ? Promise.reject(new DnsError('invalid_name', name, type, 'bad name')) : inner.lookup(name, type),
    };
    expect(await run('192.0.2.1', 'example.com', picky)).toMatchObject({ result: 'fail', voidLookups: 1 });
  });

  it('rejects a client address that is not an IP address', async () => {
    await expect(run('mail.example.com', 'example.com')).rejects.toThrow(TypeError);
  });
});

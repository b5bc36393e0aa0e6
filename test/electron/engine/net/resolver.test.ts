import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DnsError } from '../../../../shared/dns';
import { DnsClient } from '../../../../electron/engine/net/dns-client';
import { createResolver } from '../../../../electron/engine/net/resolver';
import { startLabDnsServer, type LabDnsServer, type LabRecord } from '../../../lab/dns-server';
import {
  aRecord,
  closeFakeDnsServers,
  cnameRecord,
  dnsReply,
  fakeDnsServer,
  scriptedDnsServer,
  soaRecord,
} from '../../../support/fake-dns';

// ---------------------------------------------------------------------------------------------
// Scripted servers (test/support/fake-dns.ts): the test decides the answer to each question, like
// an authoritative server that does not chase CNAMEs, or a validating resolver that sets AD.

afterEach(closeFakeDnsServers);

const clientFor = (server: { host: string; port: number }, timeoutMs = 300, retries = 1) =>
  new DnsClient({ servers: [{ host: server.host, port: server.port }], timeoutMs, retries });

// ---------------------------------------------------------------------------------------------

describe('resolver over the lab server (chains already in the answer)', () => {
  let lab: LabDnsServer;
  const chain = (prefix: string, length: number): LabRecord[] =>
    Array.from({ length }, (_, i) => ({
      name: `${prefix}${i}`,
      type: 'CNAME' as const,
      data: i + 1 < length ? `${prefix}${i + 1}.example.org` : 'mail.example.org',
    }));

  beforeAll(async () => {
    lab = await startLabDnsServer({
      zones: [
        {
          origin: 'example.org',
          records: [
            { name: '@', type: 'MX', data: { preference: 10, exchange: 'mail.example.org' } },
            { name: 'mail', type: 'A', data: '192.0.2.25' },
            { name: 'mail', type: 'A', data: '192.0.2.26' },
            { name: 'www', type: 'CNAME', data: 'web.example.org' },
            { name: 'web', type: 'CNAME', data: 'mail.example.org' },
            { name: 'dangling', type: 'CNAME', data: 'missing.example.org' },
            { name: 'nodata', type: 'CNAME', data: 'mail.example.org' },
            { name: 'loop1', type: 'CNAME', data: 'loop2.example.org' },
            { name: 'loop2', type: 'CNAME', data: 'loop1.example.org' },
            { name: 'self', type: 'CNAME', data: 'self.example.org' },
            ...chain('eight', 8),
            ...chain('nine', 9),
            { name: '@', type: 'DS', data: { keyTag: 1, algorithm: 13, digestType: 2, digest: Buffer.alloc(32, 1) } },
          ],
        },
        { origin: 'broken.test', records: [{ name: '@', type: 'A', data: '192.0.2.1' }], behaviour: 'servfail' },
      ],
    });
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('returns the records of the asked type directly', async () => {
    const r = await createResolver(clientFor(lab)).lookup('example.org', 'MX');
    expect(r).toEqual({
      name: 'example.org',
      type: 'MX',
      rcode: 'NOERROR',
      records: [{ name: 'example.org', ttl: 300, type: 'MX', preference: 10, exchange: 'mail.example.org' }],
      cnames: [],
      authenticated: false,
      server: lab.address,
    });
  });

  it('follows a chain the server put in the answer with one query (RFC 1034 §4.3.2)', async () => {
    const before = lab.queryLog.length;
    const r = await createResolver(clientFor(lab)).lookup('WWW.example.org', 'A');
    expect(r).toMatchObject({ name: 'www.example.org', rcode: 'NOERROR', cnames: ['web.example.org', 'mail.example.org'] });
    expect(r.records.map((x) => x.address)).toEqual(['192.0.2.25', '192.0.2.26']);
    expect(r.records.every((x) => x.name === 'mail.example.org')).toBe(true);
    expect(lab.queryLog.length - before).toBe(1);
  });

  it('reports NXDOMAIN for the last name of a chain (RFC 6604 §3)', async () => {
    const r = await createResolver(clientFor(lab)).lookup('dangling.example.org', 'A');
    expect(r).toMatchObject({ rcode: 'NXDOMAIN', records: [], cnames: ['missing.example.org'] });
  });

  it('treats an SOA for the target as NODATA without asking again (RFC 2308 §2.2)', async () => {
    const before = lab.queryLog.length;
    const r = await createResolver(clientFor(lab)).lookup('nodata.example.org', 'TXT');
    expect(r).toMatchObject({ rcode: 'NOERROR', records: [], cnames: ['mail.example.org'] });
    expect(lab.queryLog.length - before).toBe(1);
  });

  it('returns the CNAME itself when CNAME is asked', async () => {
    const r = await createResolver(clientFor(lab)).lookup('www.example.org', 'CNAME');
    expect(r).toMatchObject({ records: [{ type: 'CNAME', target: 'web.example.org' }], cnames: [] });
  });

  it('matches types modelled as OTHER by their rrtype', async () => {
    const r = await createResolver(clientFor(lab)).lookup('example.org', 'DS');
    expect(r.records).toMatchObject([{ type: 'OTHER', rrtype: 'DS' }]);
  });

  it.each([
    ['loop1.example.org', 'two names pointing at each other'],
    ['self.example.org', 'a name pointing at itself'],
  ])('rejects a CNAME loop: %s (%s)', async (name) => {
    const error = await createResolver(clientFor(lab))
      .lookup(name, 'A')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DnsError);
    expect(error).toMatchObject({ kind: 'cname_loop', qname: name, qtype: 'A' });
  });

  it('follows 8 CNAMEs and refuses a ninth', async () => {
    const eight = await createResolver(clientFor(lab)).lookup('eight0.example.org', 'A');
    expect(eight.cnames).toHaveLength(8);
    expect(eight.records).toHaveLength(2);
    await expect(createResolver(clientFor(lab)).lookup('nine0.example.org', 'A')).rejects.toMatchObject({
      kind: 'cname_loop',
      message: expect.stringMatching(/longer than 8/),
    });
    await expect(createResolver(clientFor(lab), { maxCnames: 9 }).lookup('nine0.example.org', 'A')).resolves.toMatchObject({
      rcode: 'NOERROR',
    });
  });

  it('passes an error rcode through', async () => {
    expect((await createResolver(clientFor(lab)).lookup('broken.test', 'A')).rcode).toBe('SERVFAIL');
  });

  it('sends one query for concurrent identical lookups, and serves later ones from the cache', async () => {
    const resolver = createResolver(clientFor(lab));
    const before = lab.queryLog.length;
    const results = await Promise.all([
      resolver.lookup('mail.example.org', 'A'),
      resolver.lookup('MAIL.example.org.', 'A'),
      resolver.lookup('mail.example.org', 'A'),
      resolver.lookup('mail.example.org', 'AAAA'),
    ]);
    expect(results.map((r) => r.records.length)).toEqual([2, 2, 2, 0]);
    await resolver.lookup('mail.example.org', 'A');
    expect(lab.queryLog.slice(before).map((q) => `${q.name} ${q.type}`)).toEqual(['mail.example.org A', 'mail.example.org AAAA']);
    expect(resolver.queriesSent).toBe(2);
  });

  it('shares cached responses between a chain and a direct lookup of its target', async () => {
    const resolver = createResolver(clientFor(lab));
    const before = lab.queryLog.length;
    await Promise.all([resolver.lookup('www.example.org', 'A'), resolver.lookup('www.example.org', 'A')]);
    expect(lab.queryLog.length - before).toBe(1);
  });

  it('rejects an invalid name without sending anything', async () => {
    const before = lab.queryLog.length;
    await expect(createResolver(clientFor(lab)).lookup('not a name', 'A')).rejects.toMatchObject({ kind: 'invalid_name' });
    expect(lab.queryLog.length).toBe(before);
  });
});

describe('resolver over a server that does not chase CNAMEs', () => {
  it('asks again for the target when the answer holds only the CNAME', async () => {
    const server = await scriptedDnsServer((name) => {
      if (name === 'alias.example.org') return { answers: [cnameRecord('alias.example.org', 'host.example.net')] };
      if (name === 'host.example.net') return { answers: [aRecord('host.example.net', '192.0.2.7')] };
      return { rcode: 3 };
    });
    const r = await createResolver(clientFor(server)).lookup('alias.example.org', 'A');
    expect(r).toMatchObject({
      rcode: 'NOERROR',
      cnames: ['host.example.net'],
      records: [{ name: 'host.example.net', address: '192.0.2.7' }],
    });
    expect(server.asked).toEqual(['alias.example.org A', 'host.example.net A']);
  });

  it('takes the rcode of the final name when the target does not exist', async () => {
    const server = await scriptedDnsServer((name) =>
      name === 'alias.example.org'
        ? { answers: [cnameRecord('alias.example.org', 'gone.example.net')] }
        : { rcode: 3, authorities: [soaRecord('example.net')] },
    );
    const r = await createResolver(clientFor(server)).lookup('alias.example.org', 'TXT');
    expect(r).toMatchObject({ rcode: 'NXDOMAIN', cnames: ['gone.example.net'], records: [] });
  });

  it('detects a loop spread over several responses', async () => {
    const server = await scriptedDnsServer((name) => ({
      answers: [cnameRecord(name, name === 'a.example.org' ? 'b.example.org' : 'a.example.org')],
    }));
    await expect(createResolver(clientFor(server)).lookup('a.example.org', 'A')).rejects.toMatchObject({ kind: 'cname_loop' });
    expect(server.asked).toEqual(['a.example.org A', 'b.example.org A']);
  });

  it('stops an endless chain of fresh names after 8 CNAMEs', async () => {
    const server = await scriptedDnsServer((name) => ({ answers: [cnameRecord(name, `x${name}`)] }));
    await expect(createResolver(clientFor(server)).lookup('n.example.org', 'A')).rejects.toMatchObject({ kind: 'cname_loop' });
    expect(server.asked).toHaveLength(9);
  });
});

describe('resolver: authenticated data and failures', () => {
  it.each([
    [true, true, true, 'AD on every response (RFC 4035 §3.2.3)'],
    [true, false, false, 'one response without AD spoils the chain'],
    [false, true, false, 'no AD on the first response'],
  ])('first AD=%s, second AD=%s → authenticated %s (%s)', async (firstAd, secondAd, expected) => {
    const server = await scriptedDnsServer((name) =>
      name === 'alias.example.org'
        ? { answers: [cnameRecord('alias.example.org', 'host.example.net')], ad: firstAd }
        : { answers: [aRecord('host.example.net', '192.0.2.7')], ad: secondAd },
    );
    const r = await createResolver(clientFor(server)).lookup('alias.example.org', 'A');
    expect(r.authenticated).toBe(expected);
  });

  it('does not cache a transport failure: a later lookup asks again', async () => {
    let calls = 0;
    const server = await scriptedDnsServer((name) => (++calls === 1 ? 'drop' : { answers: [aRecord(name, '192.0.2.1')] }));
    const resolver = createResolver(clientFor(server, 150, 1));
    await expect(resolver.lookup('example.org', 'A')).rejects.toMatchObject({ kind: 'timeout' });
    const r = await resolver.lookup('example.org', 'A');
    expect(r.records).toHaveLength(1);
    expect(server.asked).toHaveLength(2);
  });

  it('gives concurrent callers the same transport failure from one query', async () => {
    const server = await scriptedDnsServer(() => 'drop');
    const resolver = createResolver(clientFor(server, 150, 1));
    const outcomes = await Promise.allSettled([resolver.lookup('example.org', 'A'), resolver.lookup('example.org', 'A')]);
    expect(outcomes.map((o) => o.status === 'rejected' && (o.reason as DnsError).kind)).toEqual(['timeout', 'timeout']);
    expect(server.asked).toHaveLength(1);
  });

  it('passes the DO and CD options to every query', async () => {
    const seen: boolean[] = [];
    const server = await fakeDnsServer((q, send) => {
      const opt = q.additionals?.find((x) => x.type === 'OPT');
      seen.push(!!(opt && 'flag_do' in opt && opt.flag_do), q.flag_cd);
      send(dnsReply(q));
    });
    await createResolver(clientFor(server), { dnssec: true, checkingDisabled: true }).lookup('example.org', 'A');
    expect(seen).toEqual([true, true]);
  });

  it('aborts with the resolver signal', async () => {
    const server = await scriptedDnsServer(() => 'drop');
    const controller = new AbortController();
    const resolver = createResolver(clientFor(server, 5000), { signal: controller.signal });
    const pending = resolver.lookup('example.org', 'A');
    await vi.waitFor(() => expect(server.asked).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
  });
});

import { createHook } from 'node:async_hooks';
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import dnsPacket from 'dns-packet';
import type { Answer } from 'dns-packet';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DnsError } from '../../../../shared/dns';
import {
  DnsClient,
  formatServer,
  parseResolvConf,
  parseResolverAddress,
  systemResolvers,
} from '../../../../electron/engine/net/dns-client';
import { base32hex, decodeMessage, toDnsRecord } from '../../../../electron/engine/net/dns-message';
import { startLabDnsServer, txt, type LabDnsServer } from '../../../lab/dns-server';
import { aRecord, closeFakeDnsServers, dnsReply, fakeDnsServer, framed, type DnsQuery } from '../../../support/fake-dns';

// ---------------------------------------------------------------------------------------------
// Small hostile servers (test/support/fake-dns.ts), each on its own loopback port.

afterEach(closeFakeDnsServers);

/**
 * Tracks sockets and timers created by the client code from now on; `closed()` waits briefly for
 * libuv to release them and fails if any is still alive.
 */
const CLIENT_SOURCE = resolve(__dirname, '../../../../electron/engine/net/dns-client.ts');

function trackClientHandles(): { closed(): Promise<void> } {
  const live = new Map<number, string>();
  const hook = createHook({
    init(id, type) {
      if (type !== 'UDPWRAP' && type !== 'TCPWRAP' && type !== 'Timeout') return;
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 50;
      const stack = new Error().stack ?? '';
      Error.stackTraceLimit = limit;
      if (stack.includes(`${CLIENT_SOURCE}:`)) live.set(id, type);
    },
    destroy(id) {
      live.delete(id);
    },
  }).enable();
  return {
    async closed() {
      try {
        // Brief on purpose: a leaked timer of a short query would otherwise fire and be gone.
        await vi.waitFor(() => expect([...live.values()]).toEqual([]), { timeout: 200, interval: 10 });
      } finally {
        hook.disable();
      }
    },
  };
}

async function dnsError(promise: Promise<unknown>): Promise<DnsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DnsError);
  return error as DnsError;
}

// ---------------------------------------------------------------------------------------------

describe('DnsClient against the lab server', () => {
  let lab: LabDnsServer;
  let client: DnsClient;
  beforeAll(async () => {
    lab = await startLabDnsServer({
      zones: [
        {
          origin: 'example.org',
          records: [
            { name: '@', type: 'MX', data: { preference: 10, exchange: 'Mail.Example.org' } },
            { name: '@', type: 'TXT', data: txt(`v=spf1 ${'include:a.example.net '.repeat(15)}-all`) },
            { name: 'mail', type: 'A', data: '192.0.2.25' },
            { name: 'mail', type: 'AAAA', data: '2001:db8::25' },
            { name: 'www', type: 'CNAME', data: 'mail.example.org' },
            { name: '_dmarc', type: 'TXT', data: ['v=DMARC1; p=reject'] },
            { name: 'big', type: 'TXT', data: txt('y'.repeat(3000)) },
            {
              name: '_25._tcp.mail',
              type: 'TLSA',
              data: { usage: 3, selector: 1, matchingType: 1, certificate: Buffer.from('00ff'.repeat(16), 'hex') },
            },
            { name: '@', type: 'DS', data: { keyTag: 12345, algorithm: 13, digestType: 2, digest: Buffer.from('ab'.repeat(32), 'hex') } },
            { name: '@', type: 'DNSKEY', data: { flags: 257, algorithm: 13, key: Buffer.from('key bytes') } },
            {
              name: '@',
              type: 'RRSIG',
              data: {
                typeCovered: 'MX',
                algorithm: 13,
                labels: 2,
                originalTTL: 300,
                expiration: 1735689600,
                inception: 1704067200,
                keyTag: 12345,
                signersName: 'example.org',
                signature: Buffer.from('sig'),
              },
            },
            { name: '@', type: 'NSEC', data: { nextDomain: 'mail.example.org', rrtypes: ['MX', 'TXT', 'RRSIG', 'NSEC', 'DNSKEY'] } },
            {
              name: 'h',
              type: 'NSEC3',
              data: {
                algorithm: 1,
                flags: 1,
                iterations: 0,
                salt: Buffer.alloc(0),
                nextDomain: Buffer.from('foobar'),
                rrtypes: ['A', 'RRSIG'],
              },
            },
            { name: '@', type: 'SRV', data: { priority: 0, weight: 5, port: 443, target: 'mail.example.org' } },
            { name: '@', type: 'CAA', data: { flags: 0, tag: 'issue', value: 'ca.example' } },
            { name: '@', type: 'SPF', data: ['v=spf1 -all'] },
            { name: '@', type: 'TYPE65280', data: new Uint8Array([1, 2, 255]) },
            { name: 'xn--pklad-zsa96e', type: 'A', data: '192.0.2.99' },
          ],
        },
      ],
    });
    client = new DnsClient({ servers: [{ host: lab.host, port: lab.port }], timeoutMs: 400 });
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('returns normalised records with flags, server and transport', async () => {
    const r = await client.query('Example.ORG.', 'MX');
    expect(r).toEqual({
      name: 'example.org',
      type: 'MX',
      rcode: 'NOERROR',
      flags: { aa: true, tc: false, ra: true, ad: false, cd: false },
      answers: [{ name: 'example.org', ttl: 300, type: 'MX', preference: 10, exchange: 'mail.example.org' }],
      authorities: [],
      additionals: [],
      server: lab.address,
      transport: 'udp',
    });
  });

  it('keeps TXT character-strings separate (RFC 7208 §3.3)', async () => {
    const r = await client.query('example.org', 'TXT');
    const record = r.answers[0];
    expect(record?.type).toBe('TXT');
    if (record?.type !== 'TXT') return;
    expect(record.strings.length).toBe(2);
    expect(record.strings.join('')).toBe(`v=spf1 ${'include:a.example.net '.repeat(15)}-all`);
  });

  it('accepts service labels (RFC 7489 §6.1) and returns NXDOMAIN with the SOA in authority', async () => {
    expect((await client.query('_dmarc.example.org', 'TXT')).answers).toHaveLength(1);
    const nx = await client.query('_dmarc.nowhere.example.org', 'TXT');
    expect(nx.rcode).toBe('NXDOMAIN');
    expect(nx.authorities.map((a) => a.type)).toEqual(['SOA']);
  });

  it('sends IDN names as A-labels (RFC 5891 §4)', async () => {
    const before = lab.queryLog.length;
    const r = await client.query('příklad.example.org', 'A');
    expect(r.name).toBe('xn--pklad-zsa96e.example.org');
    expect(r.answers).toMatchObject([{ address: '192.0.2.99' }]);
    expect(lab.queryLog.slice(before).map((q) => q.name)).toEqual(['xn--pklad-zsa96e.example.org']);
  });

  it('sends EDNS0 with a 1232-byte payload, and the DO bit only when asked (RFC 6891, RFC 3225)', async () => {
    const before = lab.queryLog.length;
    await client.query('mail.example.org', 'A');
    await client.query('mail.example.org', 'A', { dnssec: true });
    expect(lab.queryLog.slice(before).map((q) => [q.udpPayload, q.dnssec])).toEqual([
      [1232, false],
      [1232, true],
    ]);
  });

  it('retries over TCP when the answer does not fit in UDP (RFC 7766 §5)', async () => {
    const before = lab.queryLog.length;
    const r = await client.query('big.example.org', 'TXT');
    expect(r.transport).toBe('tcp');
    expect(r.answers[0]?.type === 'TXT' && r.answers[0].strings.join('')).toBe('y'.repeat(3000));
    expect(lab.queryLog.slice(before).map((q) => q.transport)).toEqual(['udp', 'tcp']);
  });

  it.each([
    // [name, type, text, why]
    ['example.org', 'DS', `12345 13 2 ${'AB'.repeat(32)}`, 'RFC 4034 §5.3'],
    ['example.org', 'DNSKEY', `257 3 13 ${Buffer.from('key bytes').toString('base64')}`, 'RFC 4034 §2.2'],
    [
      'example.org',
      'RRSIG',
      `MX 13 2 300 20250101000000 20240101000000 12345 example.org. ${Buffer.from('sig').toString('base64')}`,
      'RFC 4034 §3.2',
    ],
    ['example.org', 'NSEC', 'mail.example.org. MX TXT RRSIG NSEC DNSKEY', 'RFC 4034 §4.2'],
    ['_25._tcp.mail.example.org', 'TLSA', `3 1 1 ${'00FF'.repeat(16)}`, 'RFC 6698 §2.2'],
    ['example.org', 'SRV', '0 5 443 mail.example.org.', 'RFC 2782'],
    ['example.org', 'CAA', '0 issue "ca.example"', 'RFC 8659 §4.1.1'],
  ] as const)('presents %s %s as %j (%s)', async (name, type, text, _rfc) => {
    const r = await client.query(name, type, { dnssec: true });
    const record = r.answers.find((a) => a.type === 'OTHER' && a.rrtype === type);
    expect(record).toMatchObject({ type: 'OTHER', rrtype: type, text });
  });

  it('presents NSEC3 as "1 1 0 - CPNMUOJ1E8 A RRSIG" (RFC 5155 §3.3; base32hex vector from RFC 4648 §10)', () => {
    // An NSEC3 owner name does not exist as a name (RFC 5155 §7.2.8), so no server answers it directly: decode the record itself.
    const answer: Answer = {
      name: 'h.example.org',
      type: 'NSEC3',
      class: 'IN',
      ttl: 300,
      data: { algorithm: 1, flags: 1, iterations: 0, salt: Buffer.alloc(0), nextDomain: Buffer.from('foobar'), rrtypes: ['A', 'RRSIG'] },
    };
    const wire = dnsPacket.encode({ type: 'response', id: 1, answers: [answer] });
    const { packet, rdata } = decodeMessage(wire);
    expect(toDnsRecord(packet.answers[0]!, rdata.answers[0]!)).toMatchObject({
      type: 'OTHER',
      rrtype: 'NSEC3',
      text: '1 1 0 - CPNMUOJ1E8 A RRSIG',
    });
  });

  it('decodes SPF (type 99) like TXT (RFC 7208 §3.1) and unknown types as RFC 3597 text', async () => {
    const spf = await client.query('example.org', 'SPF');
    expect(spf.answers).toEqual([{ name: 'example.org', ttl: 300, type: 'SPF', strings: ['v=spf1 -all'] }]);
    const rawClient = await client.queryRaw('example.org', 'MX', { dnssec: true });
    expect(rawClient.packet.answers.map((a) => a.type)).toEqual(['MX', 'RRSIG']);
    expect(rawClient.rdata.answers).toHaveLength(2);
    expect(rawClient.wire.readUInt16BE(0)).toBe(rawClient.packet.id);
  });

  it('gives raw access to the decoded packet, the wire bytes and each RDATA', async () => {
    const raw = await client.queryRaw('mail.example.org', 'A');
    expect(raw.response.answers).toMatchObject([{ address: '192.0.2.25' }]);
    expect(raw.packet.answers[0]).toMatchObject({ type: 'A', data: '192.0.2.25' });
    expect([...raw.rdata.answers[0]!]).toEqual([192, 0, 2, 25]);
    expect(raw.packet.additionals.some((a) => a.type === 'OPT')).toBe(true);
  });

  it('works over IPv6 loopback, UDP and TCP', async (ctx) => {
    const v6 = await startLabDnsServer({
      host: '::1',
      zones: [{ origin: 'example.org', records: [{ name: 'big', type: 'TXT', data: txt('z'.repeat(2000)) }] }],
    }).catch(() => undefined);
    if (!v6) return ctx.skip('no IPv6 loopback on this machine');
    try {
      const r = await new DnsClient({ servers: [parseResolverAddress(v6.address)], timeoutMs: 400 }).query('big.example.org', 'TXT');
      expect(r).toMatchObject({ server: v6.address, transport: 'tcp' });
      expect(v6.address).toMatch(/^\[::1\]:\d+$/);
    } finally {
      await v6.close();
    }
  });

  it('fails over to the next server when the first is silent', async () => {
    const silent = await fakeDnsServer(() => {});
    const c = new DnsClient({ servers: [silent, { host: lab.host, port: lab.port }], timeoutMs: 150, retries: 1 });
    const r = await c.query('mail.example.org', 'A');
    expect(r.server).toBe(lab.address);
    expect(silent.udp).toHaveLength(1);
  });

  it('rejects invalid names before sending anything', async () => {
    const before = lab.queryLog.length;
    for (const name of ['exa mple.org', 'a..example.org', `${'a'.repeat(64)}.org`, '', '192.0.2.1', 'bad_label.example.org']) {
      const error = await dnsError(client.query(name, 'A'));
      expect(error.kind).toBe('invalid_name');
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(lab.queryLog.length).toBe(before);
  });
});

describe('DnsClient against hostile servers', () => {
  it('times out on a silent server within retries × timeout, with a fresh ID per attempt (RFC 5452 §9.2)', async () => {
    const silent = await fakeDnsServer(() => {});
    const handles = trackClientHandles();
    const client = new DnsClient({ servers: [silent], timeoutMs: 200, retries: 2 });
    const started = Date.now();
    const error = await dnsError(client.query('example.org', 'A'));
    const elapsed = Date.now() - started;
    expect(error.kind).toBe('timeout');
    expect(elapsed).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeLessThan(1000);
    expect(silent.udp).toHaveLength(2);
    expect(silent.udp[0]!.id).not.toBe(silent.udp[1]!.id);
    await handles.closed();
  });

  it('ignores garbage and reports malformed when nothing valid came', async () => {
    const junk = await fakeDnsServer((_q, send) => send(Buffer.from('\x00\x01garbage that is not DNS at all')));
    const handles = trackClientHandles();
    const client = new DnsClient({ servers: [junk], timeoutMs: 200, retries: 2 });
    const error = await dnsError(client.query('example.org', 'A'));
    expect(error.kind).toBe('malformed');
    expect(junk.udp).toHaveLength(2);
    await handles.closed();
  });

  it('keeps waiting after garbage and accepts a valid answer that follows', async () => {
    const server = await fakeDnsServer((q, send) => {
      send(Buffer.from([0xff, 0x00, 0x01]));
      setTimeout(() => send(dnsReply(q, { answers: [aRecord('example.org', '192.0.2.1')] })), 30);
    });
    const r = await new DnsClient({ servers: [server], timeoutMs: 300 }).query('example.org', 'A');
    expect(r.answers).toMatchObject([{ address: '192.0.2.1' }]);
  });

  it('rejects a record whose RDLENGTH disagrees with its content as malformed', async () => {
    const server = await fakeDnsServer((q, send) => {
      const wire = dnsReply(q, { answers: [aRecord('example.org', '192.0.2.1')], additionals: [] });
      // Claim 5 bytes of RDATA for the 4-byte A record, and append one byte so it stays in bounds.
      const rdlengthAt = wire.length - 6;
      wire.writeUInt16BE(5, rdlengthAt);
      send(Buffer.concat([wire, Buffer.from([0])]));
    });
    const error = await dnsError(new DnsClient({ servers: [server], timeoutMs: 150, retries: 1 }).query('example.org', 'A'));
    expect(error.kind).toBe('malformed');
  });

  it.each([
    ['a wrong ID', (q: DnsQuery) => dnsReply({ ...q, id: (q.id! + 1) % 65536 }, { answers: [aRecord('example.org', '203.0.113.66')] })],
    ['the QR bit clear', (q: DnsQuery) => dnsPacket.encode({ ...q, type: 'query', answers: [aRecord('example.org', '203.0.113.66')] })],
    [
      'another question name',
      (q: DnsQuery) =>
        dnsReply(
          { ...q, questions: [{ name: 'evil.example', type: 'A', class: 'IN' }] },
          { answers: [aRecord('evil.example', '203.0.113.66')] },
        ),
    ],
    [
      'another question type',
      (q: DnsQuery) =>
        dnsReply(
          { ...q, questions: [{ name: 'example.org', type: 'AAAA', class: 'IN' }] },
          { answers: [aRecord('example.org', '203.0.113.66')] },
        ),
    ],
    ['no question', (q: DnsQuery) => dnsReply({ ...q, questions: [] }, { answers: [aRecord('example.org', '203.0.113.66')] })],
  ])('ignores a response with %s and accepts the right one that follows (RFC 5452 §9.1)', async (_why, forge) => {
    const server = await fakeDnsServer((q, send) => {
      send(forge(q));
      setTimeout(() => send(dnsReply(q, { answers: [aRecord('example.org', '192.0.2.1')] })), 30);
    });
    const r = await new DnsClient({ servers: [server], timeoutMs: 400 }).query('example.org', 'A');
    expect(r.answers).toMatchObject([{ address: '192.0.2.1' }]);
  });

  it('ignores a response from another source port (connected socket)', async () => {
    const server = await fakeDnsServer(async (q, send, sendFromOtherPort) => {
      await sendFromOtherPort(dnsReply(q, { answers: [aRecord('example.org', '203.0.113.66')] }));
      setTimeout(() => send(dnsReply(q, { answers: [aRecord('example.org', '192.0.2.1')] })), 30);
    });
    const r = await new DnsClient({ servers: [server], timeoutMs: 400 }).query('example.org', 'A');
    expect(r.answers).toMatchObject([{ address: '192.0.2.1' }]);
  });

  it('matches the question name case-insensitively (RFC 4343, 0x20 randomisation)', async () => {
    const server = await fakeDnsServer((q, send) =>
      send(
        dnsReply(
          { ...q, questions: [{ name: 'ExAmPlE.OrG', type: 'A', class: 'IN' }] },
          { answers: [aRecord('EXAMPLE.ORG', '192.0.2.1')] },
        ),
      ),
    );
    const r = await new DnsClient({ servers: [server], timeoutMs: 300 }).query('example.org', 'A');
    expect(r.answers).toEqual([{ name: 'example.org', ttl: 60, type: 'A', address: '192.0.2.1' }]);
  });

  it('accepts a late answer to the first attempt after the retry was sent', async () => {
    let first: DnsQuery | undefined;
    const server = await fakeDnsServer((q, send) => {
      if (!first) {
        first = q;
        setTimeout(() => send(dnsReply(q, { answers: [aRecord('example.org', '192.0.2.1')] })), 200);
      }
    });
    const r = await new DnsClient({ servers: [server], timeoutMs: 150, retries: 2 }).query('example.org', 'A');
    expect(r.answers).toMatchObject([{ address: '192.0.2.1' }]);
    expect(server.udp).toHaveLength(2);
  });

  it('decodes TXT bytes as UTF-8 with replacement characters', async () => {
    const server = await fakeDnsServer((q, send) =>
      send(
        dnsReply(q, {
          answers: [{ type: 'TXT', name: 'example.org', ttl: 60, class: 'IN', data: [Buffer.from([0x76, 0x3d, 0xff, 0xc5, 0x99])] }],
        }),
      ),
    );
    const r = await new DnsClient({ servers: [server], timeoutMs: 300 }).query('example.org', 'TXT');
    expect(r.answers).toMatchObject([{ type: 'TXT', strings: ['v=\ufffdř'] }]);
  });

  it('passes an error rcode through as a response, not an exception', async () => {
    const server = await fakeDnsServer((q, send) => send(dnsReply(q, { rcode: 2 })));
    const r = await new DnsClient({ servers: [server], timeoutMs: 300 }).query('example.org', 'A');
    expect(r.rcode).toBe('SERVFAIL');
  });

  it('reads the EDNS extended rcode (RFC 6891 §6.1.3)', async () => {
    const server = await fakeDnsServer((q, send) =>
      send(
        dnsReply(q, {
          additionals: [
            { type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 1, ednsVersion: 0, flags: 0, flag_do: false, options: [] },
          ],
        }),
      ),
    );
    const r = await new DnsClient({ servers: [server], timeoutMs: 300 }).query('example.org', 'A');
    expect(r.rcode).toBe('BADVERS');
  });

  it('follows TC to TCP with two-byte framing (RFC 7766 §8) and reports the TCP transport', async () => {
    const server = await fakeDnsServer(
      (q, send) => send(withFlags(dnsReply(q), dnsPacket.TRUNCATED_RESPONSE)),
      (q, socket) => {
        // Deliver the frame in two pieces to exercise reassembly.
        const frame = framed(dnsReply(q, { answers: [aRecord('example.org', '192.0.2.1')] }));
        socket.write(frame.subarray(0, 5));
        setTimeout(() => socket.write(frame.subarray(5)), 20);
      },
    );
    const handles = trackClientHandles();
    const r = await new DnsClient({ servers: [server], timeoutMs: 400 }).query('example.org', 'A');
    expect(r.transport).toBe('tcp');
    expect(r.answers).toMatchObject([{ address: '192.0.2.1' }]);
    expect([server.udp.length, server.tcp.length]).toEqual([1, 1]);
    await handles.closed();
  });

  it('ignores a mismatched TCP response and takes the matching one after it', async () => {
    const server = await fakeDnsServer(
      (q, send) => send(withFlags(dnsReply(q), dnsPacket.TRUNCATED_RESPONSE)),
      (q, socket) => {
        socket.write(framed(dnsReply({ ...q, id: (q.id! + 1) % 65536 }, { answers: [aRecord('example.org', '203.0.113.66')] })));
        socket.write(framed(dnsReply(q, { answers: [aRecord('example.org', '192.0.2.1')] })));
      },
    );
    const r = await new DnsClient({ servers: [server], timeoutMs: 400 }).query('example.org', 'A');
    expect(r.answers).toMatchObject([{ address: '192.0.2.1' }]);
  });

  it.each([
    ['resets the connection', 'network', (_q: DnsQuery, socket: net.Socket) => socket.resetAndDestroy()],
    ['closes without answering', 'network', (_q: DnsQuery, socket: net.Socket) => socket.end()],
    ['answers garbage', 'malformed', (_q: DnsQuery, socket: net.Socket) => socket.write(framed(Buffer.from('not a dns message, clearly')))],
    ['never answers', 'timeout', () => {}],
  ] as const)('fails with %s over TCP → DnsError(%s)', async (_what, kind, onTcp) => {
    const server = await fakeDnsServer((q, send) => send(withFlags(dnsReply(q), dnsPacket.TRUNCATED_RESPONSE)), onTcp);
    const handles = trackClientHandles();
    const started = Date.now();
    const error = await dnsError(new DnsClient({ servers: [server], timeoutMs: 300 }).query('example.org', 'A'));
    expect(error.kind).toBe(kind);
    expect(Date.now() - started).toBeLessThan(1500);
    await handles.closed();
  });

  it.each([
    ['no records', []],
    ['part of the records', [aRecord('example.org', '192.0.2.1')]],
  ] as const)('takes TC=1 over TCP with %s as malformed, never as a complete answer (RFC 7766 §8)', async (_what, answers) => {
    // A TCP response carries the whole message; TC set there means the server cut it anyway, so
    // reading it as complete would turn a missing SPF/DMARC record or a partial MX set into a fact.
    const server = await fakeDnsServer(
      (q, send) => send(withFlags(dnsReply(q), dnsPacket.TRUNCATED_RESPONSE)),
      (q, socket) => socket.write(framed(withFlags(dnsReply(q, { answers: [...answers] }), dnsPacket.TRUNCATED_RESPONSE))),
    );
    const handles = trackClientHandles();
    const error = await dnsError(new DnsClient({ servers: [server], timeoutMs: 300 }).query('example.org', 'A'));
    expect(error.kind).toBe('malformed');
    expect(error.message).toMatch(/truncated.*TCP|TCP.*truncated/i);
    await handles.closed();
  });

  it('reports network when the port is closed (ICMP port unreachable) without waiting for the timeout', async () => {
    const probe = dgram.createSocket('udp4');
    await new Promise<void>((r) => probe.bind(0, '127.0.0.1', () => r()));
    const port = probe.address().port;
    await new Promise<void>((r) => probe.close(() => r()));
    const started = Date.now();
    const error = await dnsError(new DnsClient({ servers: [{ host: '127.0.0.1', port }], timeoutMs: 2000 }).query('example.org', 'A'));
    expect(error.kind).toBe('network');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('aborts mid-query at once, closing its socket and timer', async () => {
    const silent = await fakeDnsServer(() => {});
    const handles = trackClientHandles();
    const controller = new AbortController();
    const client = new DnsClient({ servers: [silent], timeoutMs: 5000 });
    const started = Date.now();
    const pending = client.query('example.org', 'A', { signal: controller.signal });
    await vi.waitFor(() => expect(silent.udp).toHaveLength(1));
    controller.abort();
    const error = await dnsError(pending);
    expect(error.kind).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(500);
    expect(silent.udp).toHaveLength(1);
    await handles.closed();
  });

  it('aborts during the TCP phase', async () => {
    const server = await fakeDnsServer(
      (q, send) => send(withFlags(dnsReply(q), dnsPacket.TRUNCATED_RESPONSE)),
      () => {},
    );
    const handles = trackClientHandles();
    const controller = new AbortController();
    const pending = new DnsClient({ servers: [server], timeoutMs: 5000, signal: controller.signal }).query('example.org', 'A');
    await vi.waitFor(() => expect(server.tcp).toHaveLength(1));
    controller.abort();
    expect((await dnsError(pending)).kind).toBe('aborted');
    await handles.closed();
  });

  it('sends nothing when the signal is already aborted', async () => {
    const silent = await fakeDnsServer(() => {});
    const controller = new AbortController();
    controller.abort();
    const error = await dnsError(
      new DnsClient({ servers: [silent], timeoutMs: 300 }).query('example.org', 'A', { signal: controller.signal }),
    );
    expect(error.kind).toBe('aborted');
    await new Promise((r) => setTimeout(r, 50));
    expect(silent.udp).toHaveLength(0);
  });

  it('lets the process exit after timeouts and aborts (no socket or timer left behind)', async () => {
    const silent = await fakeDnsServer(() => {});
    const tcSilent = await fakeDnsServer(
      (q, send) => send(withFlags(dnsReply(q), dnsPacket.TRUNCATED_RESPONSE)),
      () => {},
    );
    const dir = mkdtempSync(join(tmpdir(), 'dns-client-'));
    const script = join(dir, 'exit.mts');
    writeFileSync(
      script,
      `import { DnsClient } from ${JSON.stringify(CLIENT_SOURCE)};
const kinds = [];
const short = new DnsClient({ servers: [{ host: '127.0.0.1', port: ${silent.port} }], timeoutMs: 100, retries: 2 });
await short.query('example.org', 'A').catch((e) => kinds.push(e.kind));
// A long timeout: if abort left its timer behind, the process would live for a minute.
for (const port of [${silent.port}, ${tcSilent.port}]) {
  const c = new DnsClient({ servers: [{ host: '127.0.0.1', port }], timeoutMs: 60000 });
  await c.query('example.org', 'A', { signal: AbortSignal.timeout(150) }).catch((e) => kinds.push(e.kind));
}
console.log(kinds.join(','));
`,
    );
    try {
      const started = Date.now();
      const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((done) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script], {
          cwd: resolve(__dirname, '../../../..'),
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.on('exit', (c) => {
          clearTimeout(killer);
          done({ code: c, stdout: out });
        });
      });
      expect(stdout.trim()).toBe('timeout,aborted,aborted');
      expect(code).toBe(0);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('resolver addresses', () => {
  it.each([
    ['192.0.2.53', { host: '192.0.2.53', port: 53 }],
    ['192.0.2.53:5353', { host: '192.0.2.53', port: 5353 }],
    ['2001:db8::53', { host: '2001:db8::53', port: 53 }],
    ['[2001:db8::53]:5353', { host: '2001:db8::53', port: 5353 }],
    ['[::1]', { host: '::1', port: 53 }],
    ['  127.0.0.1:53  ', { host: '127.0.0.1', port: 53 }],
  ])('parses %s', (input, expected) => {
    expect(parseResolverAddress(input)).toEqual(expected);
  });

  it.each([
    ['', /empty/],
    ['dns.google', /IPv4 or IPv6 address, not a name/],
    ['192.0.2.53:0', /outside 1–65535/],
    ['192.0.2.53:70000', /outside 1–65535/],
    ['192.0.2.53:dns', /not a number/],
    ['[192.0.2.53]:53', /IPv6/],
    ['[2001:db8::53:53', /brackets/],
    ['2001:db8::zz', /not an IPv6 address/],
    ['300.1.1.1', /not a name/],
  ])('rejects %j', (input, message) => {
    expect(() => parseResolverAddress(input)).toThrow(message);
    expect(() => parseResolverAddress(input)).toThrow(/invalid resolver address/);
  });

  it('formats IPv6 servers with brackets', () => {
    expect(formatServer({ host: '::1', port: 53 })).toBe('[::1]:53');
    expect(formatServer({ host: '127.0.0.1', port: 5300 })).toBe('127.0.0.1:5300');
  });

  it('reads nameserver lines from resolv.conf (resolv.conf(5))', () => {
    expect(
      parseResolvConf('# comment\nnameserver 192.0.2.1\nsearch example.org\n  nameserver   2001:db8::1 ; trailing\nnameserver\n'),
    ).toEqual(['192.0.2.1', '2001:db8::1']);
  });

  it('lists the system resolvers as addresses', () => {
    for (const server of systemResolvers()) {
      expect(net.isIP(server.host)).not.toBe(0);
      expect(server.port).toBeGreaterThan(0);
    }
  });

  it('refuses to build a client without usable servers', () => {
    expect(() => new DnsClient({ servers: [] })).toThrow(/at least one server/);
    expect(() => new DnsClient({ servers: [{ host: 'dns.example', port: 53 }] })).toThrow(/IP address/);
  });

  it('encodes base32hex per RFC 4648 §10', () => {
    expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map((s) => base32hex(Buffer.from(s)))).toEqual([
      '',
      'CO',
      'CPNG',
      'CPNMU',
      'CPNMUOG',
      'CPNMUOJ1',
      'CPNMUOJ1E8',
    ]);
  });
});

function withFlags(wire: Buffer, flags: number): Buffer {
  const copy = Buffer.from(wire);
  copy.writeUInt16BE(copy.readUInt16BE(2) | flags, 2);
  return copy;
}

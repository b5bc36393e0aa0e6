/**
 * The lab DNS server, checked with raw dns-packet queries (not the engine's client) so a bug in
 * one cannot hide a bug in the other.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, Packet, RecordType } from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabDnsServer, txt, type LabDnsServer, type LabZone } from './dns-server';

type Response = DecodedPacket & { rcode: string; answers: Answer[]; authorities: Answer[]; additionals: Answer[] };

interface Ask {
  name: string;
  type: string;
  edns?: false | { payload?: number; do?: boolean; version?: number };
  id?: number;
}

function queryPacket({ name, type, edns = {}, id = 4242 }: Ask): Packet {
  return {
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type: type as RecordType, class: 'IN' }],
    additionals:
      edns === false
        ? []
        : [
            {
              type: 'OPT',
              name: '.',
              udpPayloadSize: edns.payload ?? 1232,
              extendedRcode: 0,
              ednsVersion: edns.version ?? 0,
              flags: edns.do ? dnsPacket.DNSSEC_OK : 0,
              flag_do: !!edns.do,
              options: [],
            },
          ],
  };
}

/** One UDP exchange; undefined when nothing comes back within `waitMs`. Returns the raw bytes too. */
function udpRaw(server: LabDnsServer, wire: Buffer, waitMs = 300): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const timer = setTimeout(() => socket.close(() => resolve(undefined)), waitMs);
    socket.on('message', (msg) => {
      clearTimeout(timer);
      socket.close(() => resolve(msg));
    });
    socket.send(wire, server.port, server.host);
  });
}

async function udp(server: LabDnsServer, ask: Ask, waitMs?: number): Promise<Response | undefined> {
  const raw = await udpRaw(server, dnsPacket.encode(queryPacket(ask)), waitMs);
  return raw && (dnsPacket.decode(raw) as Response);
}

/** Sends framed queries on one TCP connection and collects as many framed responses. */
function tcpRaw(server: LabDnsServer, wires: Buffer[], waitMs = 1000): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, server.host);
    const out: Buffer[] = [];
    let buffered = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(out);
    }, waitMs);
    socket.on('error', reject);
    socket.on('connect', () =>
      socket.write(Buffer.concat(wires.map((w) => Buffer.concat([Buffer.from([w.length >> 8, w.length & 0xff]), w])))),
    );
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        out.push(buffered.subarray(2, 2 + buffered.readUInt16BE(0)));
        buffered = buffered.subarray(2 + buffered.readUInt16BE(0));
      }
      if (out.length === wires.length) {
        clearTimeout(timer);
        socket.destroy();
        resolve(out);
      }
    });
  });
}

async function tcp(server: LabDnsServer, ask: Ask): Promise<Response> {
  const [raw] = await tcpRaw(server, [dnsPacket.encode(queryPacket(ask))]);
  if (!raw) throw new Error('no TCP response');
  return dnsPacket.decode(raw) as Response;
}

const data = (answers: Answer[]) => answers.map((a) => ('data' in a ? a.data : undefined));

const rrsig = (typeCovered: string) => ({
  typeCovered,
  algorithm: 13,
  labels: 2,
  originalTTL: 300,
  expiration: 2_000_000_000,
  inception: 1_700_000_000,
  keyTag: 4711,
  signersName: 'example.org',
  signature: Buffer.alloc(64, 7),
});

const zones: LabZone[] = [
  {
    origin: 'example.org',
    records: [
      {
        name: '@',
        type: 'SOA',
        ttl: 3600,
        data: { mname: 'ns1.example.org', rname: 'hostmaster.example.org', serial: 2024010101, minimum: 60 },
      },
      { name: '@', type: 'NS', data: 'ns1.example.org' },
      { name: '@', type: 'MX', data: { preference: 10, exchange: 'mail.example.org.' } },
      { name: '@', type: 'TXT', data: ['v=spf1 mx -all'] },
      { name: '@', type: 'RRSIG', data: rrsig('MX') },
      { name: '@', type: 'NSEC', data: { nextDomain: 'mail.example.org', rrtypes: ['NS', 'SOA', 'MX', 'TXT', 'RRSIG', 'NSEC'] } },
      { name: 'mail', type: 'A', data: '192.0.2.25' },
      { name: 'mail.example.org.', type: 'AAAA', data: '2001:db8::25' },
      { name: 'www', type: 'CNAME', data: 'web.example.org' },
      { name: 'web', type: 'CNAME', data: 'mail.example.org' },
      { name: 'dangling', type: 'CNAME', data: 'missing.example.org' },
      { name: 'outside', type: 'CNAME', data: 'host.elsewhere.test' },
      { name: 'loop1', type: 'CNAME', data: 'loop2.example.org' },
      { name: 'loop2', type: 'CNAME', data: 'loop1.example.org' },
      { name: 'cross', type: 'CNAME', data: 'host.sub.example.org' },
      { name: 'host.ent', type: 'A', data: '192.0.2.30' },
      { name: '*.wild', type: 'A', data: '192.0.2.40' },
      { name: '*.wild', type: 'TXT', data: ['wildcard'] },
      { name: 'real.wild', type: 'TXT', data: ['real'] },
      { name: '*.alias', type: 'CNAME', data: 'mail.example.org' },
      { name: 'sub', type: 'DS', data: { keyTag: 4711, algorithm: 13, digestType: 2, digest: Buffer.alloc(32, 0xab) } },
      { name: 'big', type: 'TXT', data: txt('x'.repeat(1500)) },
      ...Array.from({ length: 30 }, (_, i) => ({ name: 'many', type: 'A' as const, data: `198.51.100.${i + 1}` })),
    ],
  },
  {
    origin: 'sub.example.org',
    records: [{ name: 'host', type: 'A', data: '192.0.2.50' }],
  },
  { origin: 'drop.test', records: [{ name: '@', type: 'A', data: '192.0.2.1' }], behaviour: 'drop' },
  { origin: 'fail.test', records: [{ name: '@', type: 'A', data: '192.0.2.1' }], behaviour: 'servfail' },
  { origin: 'junk.test', records: [{ name: '@', type: 'A', data: '192.0.2.1' }], behaviour: 'garbage' },
  { origin: 'tc.test', records: [{ name: '@', type: 'A', data: '192.0.2.1' }], behaviour: 'truncate-udp' },
];

let server: LabDnsServer;
beforeAll(async () => {
  server = await startLabDnsServer({ zones });
});
afterAll(async () => {
  await server?.close();
});

describe('lab DNS server: answers', () => {
  it('answers authoritatively with RA set and echoes id and question (RFC 1035 §4.1.1)', async () => {
    const r = await udp(server, { name: 'Mail.Example.ORG', type: 'A', id: 777 });
    expect(r).toMatchObject({ id: 777, rcode: 'NOERROR', flag_qr: true, flag_aa: true, flag_ra: true, flag_rd: true, flag_tc: false });
    expect(r!.questions).toEqual([{ name: 'Mail.Example.ORG', type: 'A', class: 'IN' }]);
    expect(data(r!.answers)).toEqual(['192.0.2.25']);
  });

  it.each([
    // [name, type, rcode, answer data, why]
    ['example.org', 'MX', 'NOERROR', [{ preference: 10, exchange: 'mail.example.org' }], 'absolute data name with trailing dot'],
    ['mail.example.org', 'AAAA', 'NOERROR', ['2001:db8::25'], 'absolute owner name'],
    ['nothing.example.org', 'A', 'NXDOMAIN', [], 'name does not exist (RFC 1035 §4.1.1 rcode 3)'],
    ['mail.example.org', 'TXT', 'NOERROR', [], 'NODATA: name exists, type does not (RFC 2308 §2.2)'],
    ['ent.example.org', 'A', 'NOERROR', [], 'empty non-terminal exists (RFC 4592 §2.2.2)'],
    ['a.b.wild.example.org', 'A', 'NOERROR', ['192.0.2.40'], 'wildcard matches several labels down (RFC 4592 §2.1.1)'],
    ['x.wild.example.org', 'TXT', 'NOERROR', [[Buffer.from('wildcard')]], 'wildcard TXT'],
    ['real.wild.example.org', 'TXT', 'NOERROR', [[Buffer.from('real')]], 'existing name is not replaced by the wildcard (RFC 4592 §2.2.1)'],
    ['real.wild.example.org', 'A', 'NOERROR', [], 'existing name without the type is NODATA, not wildcard (RFC 4592 §3.3.1)'],
    ['x.ent.example.org', 'A', 'NXDOMAIN', [], 'no wildcard above: NXDOMAIN'],
    ['host.sub.example.org', 'A', 'NOERROR', ['192.0.2.50'], 'deepest zone answers'],
    [
      'sub.example.org',
      'DS',
      'NOERROR',
      [{ keyTag: 4711, algorithm: 13, digestType: 2, digest: Buffer.alloc(32, 0xab) }],
      'DS comes from the parent side (RFC 4035 §3.1.4.1)',
    ],
  ])('%s %s → %s %j (%s)', async (name, type, rcode, answers, _why) => {
    const r = await udp(server, { name, type });
    expect(r!.rcode).toBe(rcode);
    expect(data(r!.answers)).toEqual(answers);
    expect(r!.answers.every((a) => a.name.toLowerCase() === name)).toBe(true);
  });

  it('puts the SOA in authority for negative answers with TTL min(SOA TTL, MINIMUM) (RFC 2308 §3)', async () => {
    for (const ask of [
      { name: 'nothing.example.org', type: 'A' },
      { name: 'mail.example.org', type: 'TXT' },
    ]) {
      const r = await udp(server, ask);
      expect(r!.authorities).toHaveLength(1);
      expect(r!.authorities[0]).toMatchObject({
        name: 'example.org',
        type: 'SOA',
        ttl: 60,
        data: { mname: 'ns1.example.org', serial: 2024010101 },
      });
    }
  });

  it('synthesises a default SOA for a zone without one', async () => {
    const r = await udp(server, { name: 'nothing.sub.example.org', type: 'A' });
    expect(r).toMatchObject({ rcode: 'NXDOMAIN' });
    expect(r!.authorities[0]).toMatchObject({ name: 'sub.example.org', type: 'SOA', data: { mname: 'ns.sub.example.org' } });
  });

  it.each([
    // [name, answers (owner → data), rcode, why]
    [
      'www.example.org',
      [
        ['www.example.org', 'web.example.org'],
        ['web.example.org', 'mail.example.org'],
        ['mail.example.org', '192.0.2.25'],
      ],
      'NOERROR',
      'chain chased within the data (RFC 1034 §4.3.2 step 3a)',
    ],
    [
      'cross.example.org',
      [
        ['cross.example.org', 'host.sub.example.org'],
        ['host.sub.example.org', '192.0.2.50'],
      ],
      'NOERROR',
      'chain into another zone the server serves',
    ],
    ['dangling.example.org', [['dangling.example.org', 'missing.example.org']], 'NXDOMAIN', 'rcode describes the last name (RFC 6604 §3)'],
    ['outside.example.org', [['outside.example.org', 'host.elsewhere.test']], 'NOERROR', 'target outside all zones: the CNAME alone'],
    [
      'loop1.example.org',
      [
        ['loop1.example.org', 'loop2.example.org'],
        ['loop2.example.org', 'loop1.example.org'],
      ],
      'NOERROR',
      'a loop ends instead of hanging',
    ],
    [
      'q.alias.example.org',
      [
        ['q.alias.example.org', 'mail.example.org'],
        ['mail.example.org', '192.0.2.25'],
      ],
      'NOERROR',
      'wildcard CNAME is synthesised at the query name (RFC 4592 §4.3)',
    ],
  ])('CNAME %s', async (name, chain, rcode) => {
    const r = await udp(server, { name, type: 'A' });
    expect(r!.rcode).toBe(rcode);
    expect(r!.answers.map((a) => [a.name, 'data' in a ? a.data : undefined])).toEqual(chain);
  });

  it('answers a CNAME query with the CNAME itself, not the chain', async () => {
    const r = await udp(server, { name: 'www.example.org', type: 'CNAME' });
    expect(data(r!.answers)).toEqual(['web.example.org']);
  });

  it('refuses names outside all zones without AA (RFC 1035 §4.1.1 rcode 5)', async () => {
    const r = await udp(server, { name: 'example.com', type: 'A' });
    expect(r).toMatchObject({ rcode: 'REFUSED', flag_aa: false });
    expect(r!.answers).toEqual([]);
  });

  it('logs every query with transport, name as received, DO bit and payload size', async () => {
    const before = server.queryLog.length;
    await udp(server, { name: 'MAIL.example.org', type: 'A', edns: { do: true, payload: 4096 } });
    await udp(server, { name: 'mail.example.org', type: 'MX', edns: false });
    await tcp(server, { name: 'mail.example.org', type: 'AAAA' });
    expect(server.queryLog.slice(before)).toMatchObject([
      {
        transport: 'udp',
        name: 'MAIL.example.org',
        type: 'A',
        dnssec: true,
        udpPayload: 4096,
        from: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      },
      { transport: 'udp', name: 'mail.example.org', type: 'MX', dnssec: false },
      { transport: 'tcp', name: 'mail.example.org', type: 'AAAA' },
    ]);
    expect(server.queryLog[before + 1]!.udpPayload).toBeUndefined();
  });
});

describe('lab DNS server: protocol', () => {
  it('echoes EDNS OPT only when the query had one (RFC 6891 §7), with the DO bit (RFC 3225 §3)', async () => {
    const withEdns = await udp(server, { name: 'mail.example.org', type: 'A', edns: { do: true } });
    const opt = withEdns!.additionals.find((a) => a.type === 'OPT');
    expect(opt).toMatchObject({ udpPayloadSize: 1232, flag_do: true });
    const without = await udp(server, { name: 'mail.example.org', type: 'A', edns: false });
    expect(without!.additionals.find((a) => a.type === 'OPT')).toBeUndefined();
  });

  it('answers BADVERS to an unknown EDNS version (RFC 6891 §6.1.3)', async () => {
    const r = await udp(server, { name: 'mail.example.org', type: 'A', edns: { version: 1 } });
    const opt = r!.additionals.find((a) => a.type === 'OPT');
    expect(opt && 'extendedRcode' in opt ? (opt.extendedRcode << 4) | ((r!.flags ?? 0) & 0xf) : undefined).toBe(16);
  });

  it('answers FORMERR to a query without a question and NOTIMP to a non-QUERY opcode (RFC 1035 §4.1.1)', async () => {
    const noQuestion = await udpRaw(server, dnsPacket.encode({ type: 'query', id: 1, questions: [] }));
    expect((dnsPacket.decode(noQuestion!) as Response).rcode).toBe('FORMERR');
    const status = dnsPacket.encode(queryPacket({ name: 'mail.example.org', type: 'A' }));
    status.writeUInt16BE(status.readUInt16BE(2) | (2 << 11), 2); // opcode STATUS
    expect((dnsPacket.decode((await udpRaw(server, status))!) as Response).rcode).toBe('NOTIMP');
  });

  it('ignores undecodable input', async () => {
    expect(await udpRaw(server, Buffer.from('not dns'), 200)).toBeUndefined();
  });

  it.each([
    // [edns, name, truncated?, why]
    [false as const, 'many.example.org', true, '30 A records exceed 512 bytes without EDNS (RFC 1035 §4.2.1)'],
    [{ payload: 1232 }, 'many.example.org', false, 'the same fits the EDNS payload'],
    [{ payload: 1232 }, 'big.example.org', true, '1500 bytes of TXT exceed 1232 (RFC 6891 §6.2.3)'],
    [{ payload: 4096 }, 'big.example.org', false, 'a larger advertised payload is honoured'],
    [{ payload: 100 }, 'mail.example.org', false, 'payloads under 512 are treated as 512 (RFC 6891 §6.2.5)'],
  ])('UDP truncation with EDNS %j for %s: TC=%s (%s)', async (edns, name, truncated, _why) => {
    const type = name.startsWith('big') ? 'TXT' : 'A';
    const r = await udp(server, { name, type, edns });
    expect(r!.flag_tc).toBe(truncated);
    if (truncated) expect(r!.answers).toEqual([]);
    else expect(r!.answers.length).toBeGreaterThan(0);
  });

  it('sends the full answer over TCP (RFC 7766 §5)', async () => {
    const r = await tcp(server, { name: 'big.example.org', type: 'TXT' });
    expect(r.flag_tc).toBe(false);
    const strings = r.answers[0] && 'data' in r.answers[0] ? (r.answers[0].data as Buffer[]) : [];
    expect(strings.map((s) => s.length)).toEqual([255, 255, 255, 255, 255, 225]);
    expect(Buffer.concat(strings).toString()).toBe('x'.repeat(1500));
  });

  it('answers pipelined TCP queries on one connection (RFC 7766 §6.2.1.1)', async () => {
    const replies = await tcpRaw(server, [
      dnsPacket.encode(queryPacket({ name: 'mail.example.org', type: 'A', id: 1 })),
      dnsPacket.encode(queryPacket({ name: 'mail.example.org', type: 'AAAA', id: 2 })),
    ]);
    expect(replies.map((r) => dnsPacket.decode(r).id)).toEqual([1, 2]);
  });

  it('attaches covering RRSIGs when DO is set (RFC 4035 §3.1.1), and not otherwise', async () => {
    const signed = await udp(server, { name: 'example.org', type: 'MX', edns: { do: true } });
    expect(signed!.answers.map((a) => a.type)).toEqual(['MX', 'RRSIG']);
    const plain = await udp(server, { name: 'example.org', type: 'MX' });
    expect(plain!.answers.map((a) => a.type)).toEqual(['MX']);
  });

  it('adds the NSEC at the name to a signed NODATA answer (RFC 4035 §3.1.3.1)', async () => {
    const r = await udp(server, { name: 'example.org', type: 'AAAA', edns: { do: true } });
    expect(r!.authorities.map((a) => a.type)).toEqual(['SOA', 'NSEC']);
  });
});

describe('lab DNS server: behaviours', () => {
  it('drop never answers, over UDP or TCP', async () => {
    expect(await udp(server, { name: 'drop.test', type: 'A' }, 300)).toBeUndefined();
    expect(await tcpRaw(server, [dnsPacket.encode(queryPacket({ name: 'drop.test', type: 'A' }))], 300)).toEqual([]);
  });

  it('servfail answers SERVFAIL', async () => {
    expect((await udp(server, { name: 'fail.test', type: 'A' }))!.rcode).toBe('SERVFAIL');
  });

  it('garbage answers bytes that do not decode, over UDP and TCP', async () => {
    const raw = await udpRaw(server, dnsPacket.encode(queryPacket({ name: 'junk.test', type: 'A' })));
    expect(raw).toBeInstanceOf(Buffer);
    expect(() => dnsPacket.decode(raw!)).toThrow();
    const [framed] = await tcpRaw(server, [dnsPacket.encode(queryPacket({ name: 'junk.test', type: 'A' }))]);
    expect(() => dnsPacket.decode(framed!)).toThrow();
  });

  it('truncate-udp sets TC over UDP and answers fully over TCP', async () => {
    const overUdp = await udp(server, { name: 'tc.test', type: 'A' });
    expect(overUdp).toMatchObject({ flag_tc: true, answers: [] });
    const overTcp = await tcp(server, { name: 'tc.test', type: 'A' });
    expect(overTcp).toMatchObject({ flag_tc: false });
    expect(data(overTcp.answers)).toEqual(['192.0.2.1']);
  });
});

describe('lab DNS server: zone data and lifecycle', () => {
  it('txt() splits at 255 bytes without breaking UTF-8 (RFC 1035 §3.3.14)', () => {
    expect(txt('a'.repeat(600)).map((s) => s.length)).toEqual([255, 255, 90]);
    const czech = txt('ř'.repeat(200)); // 2 bytes each
    expect(czech.map((s) => Buffer.byteLength(s))).toEqual([254, 146]);
    expect(czech.join('')).toBe('ř'.repeat(200));
    expect(txt('')).toEqual(['']);
  });

  it.each([
    [{ origin: 'bad.test', records: [{ name: '@', type: 'TXT', data: ['y'.repeat(256)] }] }, /split it with txt\(\)/],
    [
      {
        origin: 'bad.test',
        records: [
          { name: 'a', type: 'CNAME', data: 'b.bad.test' },
          { name: 'a', type: 'A', data: '192.0.2.1' },
        ],
      },
      /CNAME and other data/,
    ],
    [{ origin: 'bad.test', records: [{ name: 'x.other.test.', type: 'A', data: '192.0.2.1' }] }, /outside the zone/],
  ] satisfies [LabZone, RegExp][])('rejects invalid zone data %#', async (zone, message) => {
    await expect(startLabDnsServer({ zones: [zone] })).rejects.toThrow(message);
  });

  it('serves UDP and TCP on one port and frees it on close', async () => {
    const lab = await startLabDnsServer({ zones: [{ origin: 'one.test', records: [{ name: '@', type: 'A', data: '192.0.2.1' }] }] });
    expect(lab.address).toBe(`127.0.0.1:${lab.port}`);
    expect(data((await udp(lab, { name: 'one.test', type: 'A' }))!.answers)).toEqual(['192.0.2.1']);
    expect(data((await tcp(lab, { name: 'one.test', type: 'A' })).answers)).toEqual(['192.0.2.1']);
    await lab.close();
    const again = await startLabDnsServer({ port: lab.port, zones: [] });
    expect(again.port).toBe(lab.port);
    await again.close();
  });
});

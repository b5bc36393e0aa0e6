/**
 * Property tests of the DNS message decoder (electron/engine/net/dns-message.ts), seeded with real
 * answers of the lab's DNS server (test/lab/zones.ts). The client calls `decodeMessage` inside a
 * try (any throw there means "malformed"), then `toDnsRecord` and `messageRcode` outside one, so:
 * decoding either returns or throws an Error; whatever it returns converts without throwing into
 * records of bounded size; and what dns-packet encodes decodes back to the same records.
 */
import dgram from 'node:dgram';
import dnsPacket from 'dns-packet';
import type { Answer, Packet, RecordType } from 'dns-packet';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMessage, messageRcode, toDnsRecord, type WireMessage } from '../../electron/engine/net/dns-message';
import type { DnsRecord } from '../../shared/dns';
import { startLabDnsServer, type LabDnsServer } from '../lab/dns-server';
import { labZones } from '../lab/zones';
import { FUZZ_TIMEOUT_MS, fuzz, hostileBytes } from './fuzz';

const QUERIES: [string, RecordType][] = [
  ['exo-good.test', 'MX'],
  ['exo-good.test', 'TXT'],
  ['_dmarc.exo-good.test', 'TXT'],
  ['selector1._domainkey.exo-good.test', 'CNAME'],
  ['onprem.test', 'SOA'],
  ['onprem.test', 'NS'],
  ['mail._domainkey.onprem.test', 'TXT'],
  ['mx-cname.test', 'MX'],
  ['mx.mx-cname.test', 'A'],
  ['mail.tls-modern.test', 'AAAA'],
  ['spf-over-limit.test', 'TXT'],
  ['hostile-plan.test', 'MX'],
  ['_dmarc.hostile-plan.test', 'TXT'],
  ['does-not-exist.test', 'A'],
  ['null-mx.test', 'MX'],
];

/** Made once: the zones hold freshly generated DKIM keys. */
const ZONES = labZones();
let lab: LabDnsServer;
const captures: Buffer[] = [];

function ask(name: string, type: RecordType, id: number): Promise<Buffer> {
  const socket = dgram.createSocket('udp4');
  const query: Packet = {
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type, class: 'IN' }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 4096 } as Answer],
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer for ${name} ${type}`)), 5000);
    socket.once('message', (msg) => {
      clearTimeout(timer);
      socket.close();
      resolve(msg);
    });
    socket.send(dnsPacket.encode(query), lab.port, lab.host);
  });
}

beforeAll(async () => {
  lab = await startLabDnsServer({ zones: ZONES });
  let id = 1;
  for (const [name, type] of QUERIES) captures.push(await ask(name, type, id++));
});

afterAll(async () => {
  await lab?.close();
});

/** What the DNS client does with a decoded message (dns-client.ts `classify`). */
function convert(message: WireMessage): DnsRecord[] {
  messageRcode(message.packet);
  const p = message.packet;
  const sections = [
    [p.answers, message.rdata.answers],
    [p.authorities, message.rdata.authorities],
    [p.additionals, message.rdata.additionals],
  ] as const;
  return sections.flatMap(([list, raw]) =>
    list.flatMap((a, i) => {
      const r = toDnsRecord(a, raw[i]!);
      return r ? [r] : [];
    }),
  );
}

/** Names are at most 255 octets; each octet shows as at most a 6-character JSON escape. */
const recordBound = (rdata: number) => 6 * (3 * 255 + 4 * rdata) + 256;

describe('decodeMessage on real and mutated lab answers', () => {
  it('decodes every real capture', () => {
    expect(captures).toHaveLength(QUERIES.length);
    for (const wire of captures) expect(() => convert(decodeMessage(wire))).not.toThrow();
  });

  it(
    'returns or throws an Error, never anything else; a decoded message converts without throwing into bounded records',
    () => {
      fuzz(
        fc.property(hostileBytes(captures), (wire) => {
          let message: WireMessage;
          try {
            message = decodeMessage(wire);
          } catch (error) {
            expect(error).toBeInstanceOf(Error);
            return;
          }
          const records = convert(message);
          const counts = [wire.readUInt16BE(6), wire.readUInt16BE(8), wire.readUInt16BE(10)];
          expect(message.rdata.answers).toHaveLength(counts[0]!);
          expect(message.rdata.authorities).toHaveLength(counts[1]!);
          expect(message.rdata.additionals).toHaveLength(counts[2]!);
          const raw = [...message.rdata.answers, ...message.rdata.authorities, ...message.rdata.additionals];
          for (const r of raw) expect(r.length).toBeLessThanOrEqual(wire.length);
          expect(records.length).toBeLessThanOrEqual(raw.length);
          const total = raw.reduce((n, r) => n + recordBound(r.length), 0);
          expect(JSON.stringify(records).length).toBeLessThanOrEqual(total + 2);
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

// --- round trip: dns-packet encodes, we decode ---

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?$/);
const domain = fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => [...l, 'test'].join('.'));
/** UTF-8 text that fits one character-string (RFC 1035 §3.3). */
const characterString = fc.string({ unit: 'grapheme', maxLength: 120 }).filter((s) => Buffer.byteLength(s) <= 255);
const REAL_TEXTS: string[][] = ZONES.flatMap((z) =>
  z.records.flatMap((r) => (r.type === 'TXT' ? [chunks((r.data as string[]).join(''))] : [])),
);

type Spec = { answer: Answer; expected: Omit<DnsRecord, 'name' | 'ttl'> };

const recordSpec: fc.Arbitrary<Spec> = fc.oneof(
  fc.ipV4().map((address) => ({ answer: { type: 'A', data: address } as Answer, expected: { type: 'A' as const, address } })),
  fc
    .array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 })
    .map((groups) => groups.map((g) => g.toString(16)).join(':'))
    .map((address) => ({ answer: { type: 'AAAA', data: address } as Answer, expected: { type: 'AAAA' as const, address } })),
  fc.tuple(fc.integer({ min: 0, max: 0xffff }), domain).map(([preference, exchange]) => ({
    answer: { type: 'MX', data: { preference, exchange } } as Answer,
    expected: { type: 'MX' as const, preference, exchange },
  })),
  fc.tuple(fc.constantFrom('CNAME' as const, 'NS' as const, 'PTR' as const), domain).map(([type, target]) => ({
    answer: { type, data: target } as Answer,
    expected: { type, target },
  })),
  fc
    .oneof(fc.array(characterString, { minLength: 1, maxLength: 4 }), fc.constantFrom(...REAL_TEXTS))
    .map((strings) => ({ answer: { type: 'TXT', data: strings } as Answer, expected: { type: 'TXT' as const, strings } })),
  fc.tuple(domain, domain, fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff })).map(([mname, rname, serial, minimum]) => ({
    answer: { type: 'SOA', data: { mname, rname, serial, minimum, refresh: 1, retry: 2, expire: 3 } } as Answer,
    expected: { type: 'SOA' as const, mname, rname, serial, minimum },
  })),
);

function expandIpv6(address: string): string {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((g) => Number.parseInt(g, 16).toString(16)).join(':');
}

/** Splits text into ≤255-byte character-strings at code-point boundaries. */
function chunks(text: string): string[] {
  const out: string[] = [''];
  for (const ch of text) {
    if (Buffer.byteLength(out.at(-1)! + ch) > 255) out.push('');
    out[out.length - 1] += ch;
  }
  return out;
}

describe('dns-packet encode → decodeMessage', () => {
  it(
    'gives back the same records, whatever the names, TTLs and record mix',
    () => {
      fuzz(
        fc.property(
          fc.integer({ min: 0, max: 0xffff }),
          domain,
          fc.array(fc.tuple(domain, fc.nat({ max: 0x7fffffff }), recordSpec), { maxLength: 12 }),
          (id, qname, records) => {
            // dns-packet's encoder rewrites TXT data in place: give it a copy.
            const answers = records.map(([name, ttl, spec]) => structuredClone({ ...spec.answer, name, ttl, class: 'IN' }) as Answer);
            const wire = dnsPacket.encode({
              type: 'response',
              id,
              flags: dnsPacket.AUTHORITATIVE_ANSWER,
              questions: [{ name: qname, type: 'A', class: 'IN' }],
              answers,
            } as Packet);
            const message = decodeMessage(wire);
            expect(message.packet.id).toBe(id);
            expect(message.packet.questions[0]!.name).toBe(qname);
            expect(messageRcode(message.packet)).toBe('NOERROR');
            // dns-packet writes IPv6 addresses in a compressed form of its own: compare them expanded.
            const expand = (r: DnsRecord) => (r.type === 'AAAA' ? { ...r, address: expandIpv6(r.address) } : r);
            expect(convert(message).map(expand)).toEqual(
              records.map(([name, ttl, spec]) => expand({ name, ttl, ...spec.expected } as DnsRecord)),
            );
          },
        ),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

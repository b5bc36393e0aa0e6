/**
 * DNS message decoding on top of dns-packet, stricter than dns-packet alone: every resource
 * record must consume exactly its RDLENGTH (dns-packet's fixed-size decoders ignore it), so a
 * lying or cut-off packet is rejected instead of misread. Also normalises records into the shared
 * `DnsRecord` shape with presentation-format text for the types the shared type does not model.
 */
import dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, Question } from 'dns-packet';
import type { DnsRcode, DnsRecord } from '../../../shared/dns';

/** dns-packet's header fields that @types/dns-packet leaves out. */
export type DecodedMessage = DecodedPacket & {
  rcode: string;
  opcode: string;
  questions: Question[];
  answers: Answer[];
  authorities: Answer[];
  additionals: Answer[];
};

export interface WireMessage {
  packet: DecodedMessage;
  /** the message as received (without a TCP length prefix) */
  wire: Buffer;
  /**
   * RDATA of each record exactly as on the wire, parallel to `packet.answers/authorities/additionals`.
   * Names inside RDATA may be compression pointers into `wire`; DNSSEC canonical forms must be
   * rebuilt from the decoded record, not copied from here.
   */
  rdata: { answers: Buffer[]; authorities: Buffer[]; additionals: Buffer[] };
}

// dns-packet exports per-section codecs that its type declarations do not describe.
interface Codec<T> {
  decode: ((buf: Buffer, offset?: number) => T) & { bytes: number };
}
const answerCodec = (dnsPacket as unknown as { answer: Codec<Answer> }).answer;

/** Throws on anything that is not a well-formed DNS message. */
export function decodeMessage(wire: Buffer): WireMessage {
  if (wire.length < 12) throw new Error('message shorter than the 12-byte header');
  const packet = dnsPacket.decode(wire) as DecodedMessage;
  const counts = [wire.readUInt16BE(4), wire.readUInt16BE(6), wire.readUInt16BE(8), wire.readUInt16BE(10)] as const;
  let offset = 12;
  for (let i = 0; i < counts[0]; i++) offset = skipName(wire, offset) + 4;
  if (offset > wire.length) throw new Error('question section overruns the message');
  const rdata: WireMessage['rdata'] = { answers: [], authorities: [], additionals: [] };
  const sections = [rdata.answers, rdata.authorities, rdata.additionals] as const;
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < counts[s + 1]!; i++) {
      const start = offset;
      const fixed = skipName(wire, offset);
      if (fixed + 10 > wire.length) throw new Error('record header overruns the message');
      const rdlength = wire.readUInt16BE(fixed + 8);
      const end = fixed + 10 + rdlength;
      if (end > wire.length) throw new Error('RDATA overruns the message');
      answerCodec.decode(wire, start);
      if (start + answerCodec.decode.bytes !== end)
        throw new Error(`record ${i} of section ${s + 1}: RDATA length does not match its content`);
      sections[s]!.push(wire.subarray(fixed + 10, end));
      offset = end;
    }
  }
  return { packet, wire, rdata };
}

function skipName(wire: Buffer, offset: number): number {
  for (;;) {
    if (offset >= wire.length) throw new Error('name overruns the message');
    const len = wire[offset]!;
    if (len === 0) return offset + 1;
    if ((len & 0xc0) === 0xc0) return offset + 2;
    if ((len & 0xc0) !== 0) throw new Error('reserved label type');
    offset += len + 1;
  }
}

/** Full rcode including the EDNS extended bits (RFC 6891 §6.1.3). */
export function messageRcode(packet: DecodedMessage): DnsRcode {
  const opt = packet.additionals.find((a) => a.type === 'OPT');
  const extended = opt && 'extendedRcode' in opt ? opt.extendedRcode : 0;
  if (!extended) return packet.rcode;
  const full = (extended << 4) | ((packet.flags ?? 0) & 0xf);
  return full === 16 ? 'BADVERS' : `RCODE${full}`;
}

/** Lower-cases ASCII letters only (DNS names compare case-insensitively in ASCII, RFC 4343) and drops the trailing dot. */
export function canonicalName(name: string): string {
  const lower = name.replace(/[A-Z]/g, (c) => c.toLowerCase());
  if (lower === '.') return '';
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** RFC 3597 §5 type mnemonic for numbers dns-packet does not know. */
export function typeName(type: string): string {
  return type.startsWith('UNKNOWN_') ? `TYPE${type.slice(8)}` : type;
}

/**
 * Converts a decoded record (not OPT) into the shared shape. `rdata` is the raw RDATA, used for
 * the RFC 3597 generic form of types without a decoder here.
 */
export function toDnsRecord(a: Answer, rdata: Buffer): DnsRecord | undefined {
  if (a.type === 'OPT') return undefined;
  const base = { name: canonicalName(a.name), ttl: a.ttl ?? 0 };
  switch (a.type) {
    case 'A':
    case 'AAAA':
      return { ...base, type: a.type, address: a.data };
    case 'CNAME':
    case 'PTR':
    case 'NS':
    case 'DNAME':
      return { ...base, type: a.type, target: canonicalName(a.data) };
    case 'MX':
      return { ...base, type: 'MX', preference: a.data.preference ?? 0, exchange: canonicalName(a.data.exchange) };
    case 'TXT':
      return { ...base, type: 'TXT', strings: txtStrings(a.data) };
    case 'SOA':
      return {
        ...base,
        type: 'SOA',
        mname: canonicalName(a.data.mname),
        rname: canonicalName(a.data.rname),
        serial: a.data.serial ?? 0,
        minimum: a.data.minimum ?? 0,
      };
    default: {
      const rrtype = typeName(a.type);
      // dns-packet has no SPF (type 99) codec: its RDATA is TXT's (RFC 7208 §3.1).
      if (rrtype === 'SPF') return { ...base, type: 'SPF', strings: characterStrings(rdata) };
      return { ...base, type: 'OTHER', rrtype, text: presentation(a, rdata) };
    }
  }
}

function txtStrings(data: string | Buffer | (string | Buffer)[]): string[] {
  const list = Array.isArray(data) ? data : [data];
  return list.map((s) => (typeof s === 'string' ? s : s.toString('utf8')));
}

function characterStrings(rdata: Buffer): string[] {
  const out: string[] = [];
  for (let i = 0; i < rdata.length;) {
    const len = rdata[i]!;
    out.push(rdata.subarray(i + 1, i + 1 + len).toString('utf8'));
    i += len + 1;
  }
  return out;
}

/** Presentation format of RDATA (RFC 1035 §5.1 and each type's RFC); RFC 3597 `\# len hex` otherwise. */
export function presentation(a: Answer, rdata: Buffer): string {
  const n = (name: string): string => `${canonicalName(name)}.`;
  switch (a.type) {
    case 'RRSIG': {
      // RFC 4034 §3.2
      const d = a.data;
      return [
        typeName(d.typeCovered),
        d.algorithm,
        d.labels,
        d.originalTTL,
        sigTime(d.expiration),
        sigTime(d.inception),
        d.keyTag,
        n(d.signersName),
        d.signature.toString('base64'),
      ].join(' ');
    }
    case 'DNSKEY':
      // RFC 4034 §2.2; protocol is always 3 (dns-packet rejects anything else)
      return `${a.data.flags} 3 ${a.data.algorithm} ${a.data.key.toString('base64')}`;
    case 'DS':
      // RFC 4034 §5.3
      return `${a.data.keyTag} ${a.data.algorithm} ${a.data.digestType} ${a.data.digest.toString('hex').toUpperCase()}`;
    case 'NSEC':
      // RFC 4034 §4.2
      return [n(a.data.nextDomain), ...a.data.rrtypes.map(typeName)].join(' ');
    case 'NSEC3': {
      // RFC 5155 §3.3
      const d = a.data;
      const salt = d.salt.length ? d.salt.toString('hex').toUpperCase() : '-';
      return [d.algorithm, d.flags, d.iterations, salt, base32hex(d.nextDomain), ...d.rrtypes.map(typeName)].join(' ');
    }
    case 'TLSA':
      // RFC 6698 §2.2
      return `${a.data.usage} ${a.data.selector} ${a.data.matchingType} ${a.data.certificate.toString('hex').toUpperCase()}`;
    case 'SRV':
      // RFC 2782
      return `${a.data.priority ?? 0} ${a.data.weight ?? 0} ${a.data.port} ${n(a.data.target)}`;
    case 'CAA':
      // RFC 8659 §4.1.1
      return `${a.data.flags ?? 0} ${a.data.tag} ${JSON.stringify(a.data.value)}`;
    case 'SSHFP':
      return `${a.data.algorithm} ${a.data.hash} ${a.data.fingerprint.toUpperCase()}`;
    default:
      return `\\# ${rdata.length}${rdata.length ? ` ${rdata.toString('hex').toUpperCase()}` : ''}`;
  }
}

/** RFC 4034 §3.2: YYYYMMDDHHmmSS in UTC. */
function sigTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** RFC 4648 §7 base32 with the extended hex alphabet, unpadded (RFC 5155 §3.3). */
export function base32hex(bytes: Uint8Array): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUV';
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

import { describe, expect, it } from 'vitest';
import {
  RR_TYPE,
  base32hex,
  base32hexDecode,
  formatName,
  isSubdomain,
  keyTag,
  labelCount,
  nameLabels,
  nameToWire,
  parentName,
  parseDnskey,
  parseDs,
  parseMessage,
  parseNsec,
  parseNsec3,
  parseNsec3Param,
  parseRrsig,
  parseSoaMinimum,
  parseTypeBitmap,
  rdataTarget,
  readName,
  signatureTime,
  signatureWindow,
  typeBitmap,
  typeMnemonic,
  typeNumber,
} from '../../../shared/dnssec/wire';
import type { RrsigData } from '../../../shared/dnssec/types';
import { b64, hex, bytes, u16, u32 } from '../../support/dnssec-vectors';

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
const dnskey = (flags: number, alg: number, key: string): Uint8Array => bytes(u16(flags), 3, alg, b64(key));

describe('RR types (RFC 3597 §5)', () => {
  it.each([
    ['A', 1],
    ['aaaa', 28],
    ['Tlsa', 52],
    ['DNSKEY', 48],
    ['NSEC3', 50],
    ['TYPE65534', 65534],
    ['type1', 1],
  ])('typeNumber(%j) = %i', (m, n) => expect(typeNumber(m)).toBe(n));

  it.each(['FOO', 'TYPE65536', 'TYPE', 'TYPE-1', ''])('typeNumber(%j) is undefined', (m) => expect(typeNumber(m)).toBeUndefined());

  it.each([
    [1, 'A'],
    [46, 'RRSIG'],
    [257, 'CAA'],
    [65534, 'TYPE65534'],
  ])('typeMnemonic(%i) = %s', (n, m) => expect(typeMnemonic(n)).toBe(m));

  it('has the numbers the validator relies on (IANA registry)', () => {
    expect(RR_TYPE).toMatchObject({
      SOA: 6,
      DS: 43,
      RRSIG: 46,
      NSEC: 47,
      DNSKEY: 48,
      NSEC3: 50,
      NSEC3PARAM: 51,
      TLSA: 52,
      CDS: 59,
      SPF: 99,
    });
  });
});

describe('names', () => {
  it.each([
    // [presentation, wire hex, why]
    ['', '00', 'the root (RFC 1035 §3.1)'],
    ['.', '00', 'the root with its dot'],
    ['www.Example.net', '03777777074578616d706c65036e657400', 'case kept in wire form'],
    ['www.example.net.', '03777777076578616d706c65036e657400', 'trailing dot'],
    ['a\\.b.example', '03612e62076578616d706c6500', 'escaped dot is part of the label (RFC 4343 §2.1)'],
    ['\\065\\\\.x', '0241' + '5c' + '017800', '\\DDD and \\\\ escapes'],
    ['*.x', '012a017800', 'wildcard label'],
  ])('nameToWire(%j)', (name, wire) => expect(Buffer.from(nameToWire(name)).toString('hex')).toBe(wire));

  it.each([
    ['a..b', 'empty label'],
    ['.a', 'empty label'],
    [`${'a'.repeat(64)}.x`, 'label longer than 63 octets (RFC 1035 §2.3.4)'],
    [Array(128).fill('a').join('.'), 'name longer than 255 octets (RFC 1035 §2.3.4)'],
    ['a\\256.x', 'escape not an octet'],
    ['a b.x', 'unescaped space'],
    ['a\\', 'dangling escape'],
  ])('nameToWire(%j) throws: %s', (name) => expect(() => nameToWire(name)).toThrow(Error));

  it('accepts a name of exactly 255 octets', () => {
    // 3 × (1+63) + (1+61) + root = 255
    const name = ['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(61)].join('.');
    expect(nameToWire(name)).toHaveLength(255);
    expect(() => nameToWire(`${name}x`)).toThrow();
  });

  it('formats labels with the escapes of types.ts and reads them back', () => {
    const wire = bytes(3, 0x41, 0x2e, 0x5c, 2, 0x20, 0xff, 0);
    const r = readName(wire, 0);
    expect(r).toMatchObject({ name: 'A\\.\\\\.\\032\\255', next: wire.length });
    expect(nameToWire(r.name)).toEqual(wire);
  });

  it.each([
    ['www.example.net', 3],
    ['*.example.net', 2],
    ['*', 0],
    ['', 0],
    ['a.*.example', 3],
  ])('labelCount(%j) = %i (RFC 4034 §3.1.3: neither the root nor a leading * counts)', (name, n) => expect(labelCount(name)).toBe(n));

  it.each([
    ['WWW.example.NET', 'example.net', true],
    ['example.net', 'example.net', true],
    ['example.net', '', true],
    ['badexample.net', 'example.net', false],
    ['net', 'example.net', false],
    ['a\\.example.net', 'example.net', false], // one label "a.example" under net
    ['b.a\\.example.net', 'a\\.example.net', true],
  ])('isSubdomain(%j, %j) = %s', (name, zone, want) => expect(isSubdomain(name, zone)).toBe(want));

  it('parentName drops the leftmost label; the root has none', () => {
    expect(parentName('a\\.b.example')).toBe('example');
    expect(parentName('example')).toBe('');
    expect(() => parentName('')).toThrow();
    expect(nameLabels('a.b').map((l) => Buffer.from(l).toString())).toEqual(['a', 'b']);
  });

  it('formatName adds the trailing dot (the root is ".")', () => {
    expect(formatName('')).toBe('.');
    expect(formatName('example.com')).toBe('example.com.');
  });
});

describe('readName compression (RFC 1035 §4.1.4)', () => {
  // header (12 octets) + "example.com" at 12 + "www" + pointer to 12 at 25
  const msg = bytes(Array(12).fill(0), 7, ascii('example'), 3, ascii('com'), 0, 3, ascii('www'), 0xc0, 12);

  it('follows a backward pointer and reports the offset after it', () => {
    expect(readName(msg, 25, msg)).toMatchObject({ name: 'www.example.com', next: 31 });
  });

  it('reads from a view of the message', () => {
    const view = msg.subarray(20);
    expect(readName(view, 5, msg)).toMatchObject({ name: 'www.example.com', next: 11 });
  });

  it('refuses pointers without the message (uncompressed RDATA, RFC 4034 §6.2)', () => {
    expect(() => readName(msg, 25)).toThrow(/compression pointer/);
  });

  it.each([
    ['self-loop', bytes(Array(12).fill(0), 0xc0, 12), 12],
    ['loop through a label', bytes(Array(12).fill(0), 1, 0x61, 0xc0, 12), 12],
    ['forward pointer', bytes(Array(12).fill(0), 0xc0, 14, 1, 0x61, 0), 12],
    ['pointer into the header', bytes(Array(12).fill(0), 0xc0, 2), 12],
    ['pointer cut off', bytes(Array(12).fill(0), 0xc0), 12],
    ['extended label type 0x40 (RFC 6891 §5)', bytes(Array(12).fill(0), 0x41, 0), 12],
    ['label past the end', bytes(Array(12).fill(0), 5, 0x61), 12],
    ['no terminating root', bytes(Array(12).fill(0), 1, 0x61), 12],
  ])('throws on %s', (_why, m, at) => expect(() => readName(m, at, m)).toThrow(Error));

  it('throws on a name over 255 octets assembled through pointers', () => {
    const label = bytes(63, Array(63).fill(0x61));
    // 12: L 0 | 77: L →12 | 143: L →77 | 209: L →143, the last 4 × 64 + 1 = 257 octets
    const m = bytes(Array(12).fill(0), label, 0, label, 0xc0, 12, label, 0xc0, 77, label, 0xc0, 143);
    expect(readName(m, 143, m).labels).toHaveLength(3);
    expect(() => readName(m, 209, m)).toThrow(/255/);
  });
});

// ---------------------------------------------------------------------------------------------

/** A response to `WWW.Example.COM A` in the shape real servers send, with compression. */
function sampleResponse(): Uint8Array {
  const q = bytes(3, ascii('WWW'), 7, ascii('Example'), 3, ascii('COM'), 0); // at 12, example.com at 16
  const answer = bytes(
    // CNAME, owner → 12, target "Target" + → 16
    [0xc0, 12],
    u16(RR_TYPE.CNAME),
    u16(1),
    u32(300),
    u16(9),
    [6, ...ascii('Target'), 0xc0, 16],
  );
  const targetAt = 12 + q.length + 4 + 12; // the "Target" label inside the CNAME RDATA
  const a = bytes([0xc0, targetAt], u16(RR_TYPE.A), u16(1), u32(300), u16(4), [192, 0, 2, 1]);
  const signer = bytes(7, ascii('Example'), 3, ascii('COM'), 0);
  const rrsigRdata = bytes(u16(RR_TYPE.A), 13, 3, u32(300), u32(2000000000), u32(1000000000), u16(12345), signer, Array(64).fill(7));
  const rrsig = bytes([0xc0, targetAt], u16(RR_TYPE.RRSIG), u16(1), u32(300), u16(rrsigRdata.length), rrsigRdata);
  const soaRdata = bytes([2, ...ascii('NS'), 0xc0, 16], [0xc0, 16], u32(1), u32(2), u32(3), u32(4), u32(5));
  const soa = bytes([0xc0, 16], u16(RR_TYPE.SOA), u16(1), u32(3600), u16(soaRdata.length), soaRdata);
  // OPT: payload 1232, extended RCODE 1, version 0, DO
  const opt = bytes(0, u16(RR_TYPE.OPT), u16(1232), [1, 0, 0x80, 0], u16(0));
  const header = bytes(u16(0xbeef), u16(0x8000 | 0x0400 | 0x0100 | 0x0080 | 0x0020 | 0x0010 | 0x0002), u16(1), u16(3), u16(1), u16(1));
  return bytes(header, q, u16(RR_TYPE.A), u16(1), answer, a, rrsig, soa, opt);
}

describe('parseMessage', () => {
  it('reads header, sections and EDNS (RFC 1035 §4.1, RFC 6891 §6.1.3)', () => {
    const m = parseMessage(sampleResponse());
    expect(m.id).toBe(0xbeef);
    expect(m.flags).toEqual({ qr: true, aa: true, tc: false, rd: true, ra: true, ad: true, cd: true });
    expect(m.opcode).toBe(0);
    expect(m.rcode).toBe((1 << 4) | 2); // extended RCODE bits above the header's 4
    expect(m.edns).toEqual({ udpPayload: 1232, version: 0, do: true });
    expect(m.question).toEqual([{ name: 'www.example.com', type: 1, class: 1 }]);
    expect(m.answers.map((r) => [r.name, r.type, r.ttl])).toEqual([
      ['www.example.com', 5, 300],
      ['target.example.com', 1, 300],
      ['target.example.com', 46, 300],
    ]);
    expect(m.additionals).toEqual([]);
  });

  it('expands names inside RDATA and keeps their case (RFC 3597 §4)', () => {
    const m = parseMessage(sampleResponse());
    expect(m.answers[0]!.rdata).toEqual(nameToWire('Target.Example.COM'));
    expect(rdataTarget(m.answers[0]!.rdata)).toBe('target.example.com');
    expect(parseRrsig(m.answers[2]!.rdata)).toMatchObject({
      typeCovered: 1,
      algorithm: 13,
      labels: 3,
      keyTag: 12345,
      signerName: 'example.com',
    });
    expect(m.answers[2]!.rdata.subarray(18, 31)).toEqual(nameToWire('Example.COM'));
    const soa = m.authorities[0]!;
    expect(soa.rdata).toEqual(bytes(nameToWire('NS.Example.COM'), nameToWire('Example.COM'), u32(1), u32(2), u32(3), u32(4), u32(5)));
    expect(parseSoaMinimum(soa.rdata)).toEqual({
      mname: 'ns.example.com',
      rname: 'example.com',
      serial: 1,
      refresh: 2,
      retry: 3,
      expire: 4,
      minimum: 5,
    });
  });

  const base = sampleResponse();
  const header = (qd: number, an: number, ns: number, ar: number, body: Uint8Array): Uint8Array =>
    bytes(u16(1), u16(0x8000), u16(qd), u16(an), u16(ns), u16(ar), body);
  const owner = bytes(1, 0x61, 0);
  const record = (type: number, rdata: Uint8Array | number[], rdlength = rdata.length): Uint8Array =>
    bytes(owner, u16(type), u16(1), u32(60), u16(rdlength), rdata);

  it.each([
    ['shorter than the header', base.subarray(0, 11)],
    ['cut in the question', base.subarray(0, 20)],
    ['cut in a record header', base.subarray(0, 40)],
    ['cut in RDATA (truncation)', base.subarray(0, base.length - 20)],
    ['octets after the last record', bytes(base, 0)],
    ['RDATA length past the message', header(0, 1, 0, 0, record(RR_TYPE.A, [1, 2, 3, 4], 5))],
    ['A with RDLENGTH 5', header(0, 1, 0, 0, record(RR_TYPE.A, [1, 2, 3, 4, 5]))],
    ['AAAA with RDLENGTH 4', header(0, 1, 0, 0, record(RR_TYPE.AAAA, [1, 2, 3, 4]))],
    ['MX with an octet after the name', header(0, 1, 0, 0, record(RR_TYPE.MX, bytes(u16(10), 1, 0x62, 0, 9)))],
    [
      'MX name running past RDLENGTH',
      header(0, 2, 0, 0, bytes(record(RR_TYPE.MX, bytes(u16(10), 1, 0x62), 4), record(RR_TYPE.A, [1, 2, 3, 4]))),
    ],
    ['SOA without its counters', header(0, 1, 0, 0, record(RR_TYPE.SOA, bytes(0, 0, u32(1), u32(2))))],
    ['TXT string past RDLENGTH', header(0, 1, 0, 0, record(RR_TYPE.TXT, [5, 0x61]))],
    ['empty TXT', header(0, 1, 0, 0, record(RR_TYPE.TXT, []))],
    ['NSEC window of length 0', header(0, 1, 0, 0, record(RR_TYPE.NSEC, [0, 0, 0]))],
    ['NSEC3 cut in its salt', header(0, 1, 0, 0, record(RR_TYPE.NSEC3, [1, 0, 0, 12, 4, 0xaa]))],
    ['RRSIG shorter than its fixed fields', header(0, 1, 0, 0, record(RR_TYPE.RRSIG, Array(10).fill(0)))],
    ['compression loop in an owner', header(0, 1, 0, 0, bytes(0xc0, 12, u16(1), u16(1), u32(0), u16(4), [1, 2, 3, 4]))],
    ['OPT in the answer section', header(0, 1, 0, 0, bytes(0, u16(RR_TYPE.OPT), u16(512), u32(0), u16(0)))],
    [
      'two OPT records (RFC 6891 §6.1.1)',
      header(0, 0, 0, 2, bytes(0, u16(41), u16(512), u32(0), u16(0), 0, u16(41), u16(512), u32(0), u16(0))),
    ],
    ['OPT not owned by the root', header(0, 0, 0, 1, record(RR_TYPE.OPT, []))],
    ['EDNS option past the OPT RDATA', header(0, 0, 0, 1, bytes(0, u16(41), u16(512), u32(0), u16(4), u16(10), u16(8)))],
  ])('throws on %s', (_why, wire) => expect(() => parseMessage(wire)).toThrow(Error));

  it('accepts each of those record shapes when well formed', () => {
    const ok = header(
      0,
      6,
      0,
      0,
      bytes(
        record(RR_TYPE.A, [1, 2, 3, 4]),
        record(RR_TYPE.MX, bytes(u16(10), 1, 0x62, 0)),
        record(RR_TYPE.TXT, [1, 0x61, 0]),
        record(RR_TYPE.NSEC, bytes(0, typeBitmap([1, 46, 47]))),
        record(RR_TYPE.NSEC3, bytes(1, 0, u16(0), 0, 20, Array(20).fill(1))),
        record(999, []),
      ),
    );
    expect(parseMessage(ok).answers.map((r) => r.type)).toEqual([1, 15, 16, 47, 50, 999]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('type bitmaps (RFC 4034 §4.1.2)', () => {
  // RFC 4034 §4.3: alfa.example.com. NSEC host.example.com. A MX RRSIG NSEC TYPE1234
  const rfc4034 = hex(`04686f7374076578616d706c6503636f6d00 0006400100000003 041b${'00'.repeat(26)}20`);

  it('decodes and encodes the RFC 4034 §4.3 example', () => {
    expect(parseNsec(rfc4034)).toEqual({ next: 'host.example.com', types: [1, 15, 46, 47, 1234] });
    expect(typeBitmap([47, 1, 1234, 46, 15])).toEqual(rfc4034.subarray(18));
  });

  it('tolerates trailing zero octets in a window (they add no types)', () => {
    expect(parseTypeBitmap(bytes(0, 3, 0x40, 0, 0), 0, 5)).toEqual([1]);
  });

  it.each([
    ['windows out of order', bytes(1, 1, 0x80, 0, 1, 0x40)],
    ['a window repeated', bytes(0, 1, 0x40, 0, 1, 0x80)],
    ['window length 0', bytes(0, 0)],
    ['window length 33', bytes(0, 33, Array(33).fill(0))],
    ['window cut off', bytes(0, 4, 0x40)],
    ['header cut off', bytes(0)],
  ])('rejects %s', (_why, b) => expect(() => parseTypeBitmap(b, 0, b.length)).toThrow(Error));
});

describe('key tags (RFC 4034 Appendix B)', () => {
  it.each([
    // [key tag, flags, algorithm, key, source]
    [
      60485,
      256,
      5,
      'AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==',
      'RFC 4034 §5.4',
    ],
    [9033, 256, 8, 'AwEAAcFcGsaxxdgiuuGmCkVImy4h99CqT7jwY3pexPGcnUFtR2Fh36BponcwtkZ4cAgtvd4Qs8PkxUdp6p/DlUmObdk=', 'RFC 5702 §6.1'],
    [
      3740,
      256,
      10,
      'AwEAAdHoNTOW+et86KuJOWRDp1pndvwb6Y83nSVXXyLA3DLroROUkN6X0O6pnWnjJQujX/AyhqFDxj13tOnD9u/1kTg7cV6rklMrZDtJCQ5PCl/D7QNPsgVsMu1J2Q8gpMpztNFLpPBz1bWXjDtaR7ZQBlZ3PFY12ZTSncorffcGmhOL',
      'RFC 5702 §6.2',
    ],
    [55648, 257, 13, 'GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==', 'RFC 6605 §6.1'],
    [
      10771,
      257,
      14,
      'xKYaNhWdGOfJ+nPrL8/arkwf2EY3MDJ+SErKivBVSum1w/egsXvSADtNJhyem5RCOpgQ6K8X1DRSEkrbYQ+OB+v8/uX45NBwY8rp65F6Glur8I/mlVNgF6W/qTI37m40',
      'RFC 6605 §6.2',
    ],
    [3613, 257, 15, 'l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=', 'RFC 8080 §6.1'],
    [35217, 257, 15, 'zPnZ/QwEe7S8C5SPz2OfS5RR40ATk2/rYnE9xHIEijs=', 'RFC 8080 §6.1'],
    [9713, 257, 16, '3kgROaDjrh0H2iuixWBrc8g2EpBBLCdGzHmn+G2MpTPhpj/OiBVHHSfPodx1FYYUcJKm1MDpJtIA', 'RFC 8080 §6.2'],
    [38353, 257, 16, 'kkreGWoccSDmUBGAe7+zsbG6ZAFQp+syPmYUurBRQc3tDjeMCJcVMRDmgcNLp5HlHAMy12VoISsA', 'RFC 8080 §6.2'],
    [40430, 256, 7, 'AwEAAaetidLzsKWUt4swWR8yu0wPHPiUi8LUsAD0QPWU+wzt89epO6tHzkMBVDkC7qphQO2hTY4hHn9npWFRw5BYubE=', 'RFC 5155 Appendix A'],
    [12708, 257, 7, 'AwEAAcUlFV1vhmqx6NSOUOq2R/dsR7Xm3upJj7IommWSpJABVfW8Q0rOvXdM6kzt+TAu92L9AbsUdblMFin8CVF3n4s=', 'RFC 5155 Appendix A'],
  ])('%i (%s)', (tag, flags, alg, key) => {
    const rdata = dnskey(flags, alg, key);
    expect(keyTag(rdata)).toBe(tag);
    expect(parseDnskey(rdata)).toMatchObject({ flags, protocol: 3, algorithm: alg, keyTag: tag, publicKey: b64(key) });
  });

  it('uses the modulus octets for algorithm 1 (RFC 4034 Appendix B.1)', () => {
    // exponent 3, modulus …0xAB 0xCD 0xEF: the tag is the 16 bits above the last octet
    expect(keyTag(bytes(u16(256), 3, 1, 1, 3, Array(60).fill(0x11), 0xab, 0xcd, 0xef))).toBe(0xabcd);
    expect(keyTag(bytes(u16(256), 3, 5, 1, 3, Array(60).fill(0x11), 0xab, 0xcd, 0xef))).not.toBe(0xabcd);
  });

  it('rejects RDATA shorter than its fixed fields', () => {
    expect(() => keyTag(bytes(1, 0, 3))).toThrow();
    expect(() => parseDnskey(bytes(1, 0, 3))).toThrow();
  });
});

describe('DNSSEC RDATA parsers', () => {
  it('parses RRSIG RDATA (RFC 4034 §3.1), RFC 5702 §6.1 record', () => {
    const sig = b64('kRCOH6u7l0QGy9qpC9l1sLncJcOKFLJ7GhiUOibu4teYp5VE9RncriShZNz85mwlMgNEacFYK/lPtPiVYP4bwg==');
    const rdata = bytes(u16(1), 8, 3, u32(3600), u32(1893456000), u32(946684800), u16(9033), nameToWire('Example.NET'), sig);
    expect(parseRrsig(rdata)).toEqual({
      typeCovered: 1,
      algorithm: 8,
      labels: 3,
      originalTtl: 3600,
      expiration: 1893456000,
      inception: 946684800,
      keyTag: 9033,
      signerName: 'example.net',
      signature: sig,
    });
    expect(() => parseRrsig(rdata.subarray(0, 18))).toThrow();
    expect(() => parseRrsig(bytes(rdata.subarray(0, 18), 0xc0, 0))).toThrow(/compression/); // RFC 4034 §3.1.7
  });

  it('parses DS RDATA (RFC 4034 §5.4 example)', () => {
    expect(parseDs(bytes(u16(60485), 5, 1, hex('2BB183AF5F22588179A53B0A98631FAD1A292118')))).toEqual({
      keyTag: 60485,
      algorithm: 5,
      digestType: 1,
      digest: hex('2BB183AF5F22588179A53B0A98631FAD1A292118'),
    });
    expect(() => parseDs(bytes(1, 2, 3))).toThrow();
  });

  // RFC 5155 Appendix A: 0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. NSEC3 1 1 12 aabbccdd 2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS SOA NSEC3PARAM RRSIG
  const next = base32hexDecode('2t7b4g4vsa5smi47k61mv5bv1a22bojr');
  const nsec3 = bytes(1, 1, u16(12), 4, hex('aabbccdd'), 20, next, typeBitmap([15, 48, 2, 6, 51, 46]));

  it('parses NSEC3 RDATA (RFC 5155 §3.2)', () => {
    expect(parseNsec3(nsec3)).toEqual({
      hashAlgorithm: 1,
      flags: 1,
      iterations: 12,
      salt: hex('aabbccdd'),
      nextHashed: next,
      types: [2, 6, 15, 46, 48, 51],
    });
    expect(parseNsec3(bytes(1, 0, u16(0), 0, 1, 0xff))).toMatchObject({ salt: new Uint8Array(0), nextHashed: bytes(0xff), types: [] });
  });

  it.each([
    ['cut in the salt', nsec3.subarray(0, 7)],
    ['cut in the hash', nsec3.subarray(0, 20)],
    ['empty hash (RFC 5155 §3.2)', bytes(1, 0, u16(0), 0, 0)],
    ['bad bitmap', bytes(nsec3, 0)],
  ])('rejects NSEC3 RDATA %s', (_why, rdata) => expect(() => parseNsec3(rdata)).toThrow(Error));

  it('parses NSEC3PARAM RDATA (RFC 5155 §4.2, Appendix A: 1 0 12 aabbccdd)', () => {
    const rdata = bytes(1, 0, u16(12), 4, hex('aabbccdd'));
    expect(parseNsec3Param(rdata)).toEqual({ hashAlgorithm: 1, flags: 0, iterations: 12, salt: hex('aabbccdd') });
    expect(() => parseNsec3Param(bytes(rdata, 0))).toThrow();
    expect(() => parseNsec3Param(rdata.subarray(0, 7))).toThrow();
  });

  it('rejects a target with octets after the name', () => {
    expect(() => rdataTarget(bytes(nameToWire('a.example'), 0))).toThrow();
    expect(() => parseSoaMinimum(bytes(0, 0, u32(1)))).toThrow();
  });
});

describe('presentation helpers', () => {
  it.each([
    [946684800, '20000101000000'],
    [1284026679, '20100909100439'], // RFC 6605 §6.1 expiration
    [1440021600, '20150819220000'],
  ])('signatureTime(%i) = %s (RFC 4034 §3.2)', (t, s) => expect(signatureTime(t)).toBe(s));

  it.each([
    ['', ''],
    ['f', 'CO'],
    ['fo', 'CPNG'],
    ['foo', 'CPNMU'],
    ['foob', 'CPNMUOG'],
    ['fooba', 'CPNMUOJ1'],
    ['foobar', 'CPNMUOJ1E8'],
  ])('base32hex(%j) = %j (RFC 4648 §10 vectors, unpadded)', (text, enc) => {
    const raw = new TextEncoder().encode(text);
    expect(base32hex(raw)).toBe(enc);
    expect(base32hexDecode(enc.toLowerCase())).toEqual(raw);
  });

  it.each(['W0', 'C', 'CPNMUOJ1E9', 'CP='])('base32hexDecode rejects %j', (s) => expect(() => base32hexDecode(s)).toThrow());
});

describe('signatureWindow (RFC 4034 §3.1.5, RFC 1982 serial arithmetic)', () => {
  const sig = (inception: number, expiration: number): RrsigData => ({
    typeCovered: 1,
    algorithm: 8,
    labels: 1,
    originalTtl: 0,
    inception,
    expiration,
    keyTag: 0,
    signerName: '',
    signature: new Uint8Array(0),
  });

  it('takes values as they are near now', () => {
    expect(signatureWindow(sig(946684800, 1893456000), 1_700_000_000)).toEqual({ inception: 946684800, expiration: 1893456000 });
  });

  it('resolves an expiration that wrapped past 2^32 into the next era', () => {
    const now = 2 ** 32 - 100; // February 2106
    expect(signatureWindow(sig(2 ** 32 - 1000, 50), now)).toEqual({ inception: 2 ** 32 - 1000, expiration: 2 ** 32 + 50 });
  });

  it('places a value more than 2^31 seconds away on the other side of now', () => {
    // 1970 seen from 2040 (> 68 years): serial arithmetic puts it after now
    const now = 2_220_000_000;
    expect(signatureWindow(sig(10, 20), now).inception).toBe(2 ** 32 + 10);
  });
});

import { describe, expect, it } from 'vitest';
import { canonicalRdata, compareNames, dsDigestInput, signedData } from '../../../shared/dnssec/canonical';
import type { WireRecord } from '../../../shared/dnssec/types';
import { RR_TYPE, nameToWire, parseRrsig, typeBitmap } from '../../../shared/dnssec/wire';
import { b64, hex, bytes, u16, u32, RFC4034_CANONICAL_ORDER } from '../../support/dnssec-vectors';

const name = nameToWire;
const cstr = (s: string): number[] => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
const rr = (owner: string, type: number, rdata: Uint8Array, ttl = 3600): WireRecord => ({ name: owner, type, class: 1, ttl, rdata });

describe('compareNames (RFC 4034 §6.1)', () => {
  const ordered = RFC4034_CANONICAL_ORDER;

  it('sorts the RFC 4034 §6.1 example', () => {
    const shuffled = [...ordered].reverse();
    shuffled.push(shuffled.shift()!);
    expect(shuffled.sort(compareNames)).toEqual(ordered);
    for (let i = 1; i < ordered.length; i++) expect(compareNames(ordered[i - 1]!, ordered[i]!)).toBe(-1);
  });

  it.each([
    ['Z.a.example', 'z.A.EXAMPLE', 0],
    ['', 'a', -1],
    ['a', '', 1],
    ['b.a', 'a.b', -1], // rightmost label decides first
    ['ab.x', 'a.x', 1], // a label that is a prefix of another sorts first
  ])('compareNames(%j, %j) = %i', (a, b, want) => expect(compareNames(a, b)).toBe(want));
});

describe('canonicalRdata (RFC 4034 §6.2 item 3, RFC 6840 §5.1)', () => {
  const sig = bytes(0x41, 0x42, 0x5a, 0x00); // signature octets in the A–Z range stay
  it.each([
    // [type, rdata, canonical, why]
    ['NS', RR_TYPE.NS, name('NS1.Example.'), name('ns1.example.')],
    ['CNAME', RR_TYPE.CNAME, name('Www.Example.'), name('www.example.')],
    ['DNAME', RR_TYPE.DNAME, name('Other.EXAMPLE'), name('other.example')],
    ['PTR', RR_TYPE.PTR, name('Host.Example'), name('host.example')],
    ['MX', RR_TYPE.MX, bytes(0x00, 0x41, name('Mail.Example')), bytes(0x00, 0x41, name('mail.example'))],
    ['KX', RR_TYPE.KX, bytes(u16(1), name('KX.Example')), bytes(u16(1), name('kx.example'))],
    ['AFSDB', RR_TYPE.AFSDB, bytes(u16(1), name('A.B')), bytes(u16(1), name('a.b'))],
    ['RT', RR_TYPE.RT, bytes(u16(1), name('A.B')), bytes(u16(1), name('a.b'))],
    [
      'SRV',
      RR_TYPE.SRV,
      bytes(u16(0x4142), u16(0x4344), u16(25), name('MX.Example')),
      bytes(u16(0x4142), u16(0x4344), u16(25), name('mx.example')),
    ],
    [
      'SOA',
      RR_TYPE.SOA,
      bytes(name('NS.Example'), name('Host.Master'), u32(0x41424344), u32(1), u32(2), u32(3), u32(0x5a5a5a5a)),
      bytes(name('ns.example'), name('host.master'), u32(0x41424344), u32(1), u32(2), u32(3), u32(0x5a5a5a5a)),
    ],
    ['RP', RR_TYPE.RP, bytes(name('Mbox.X'), name('TXT.X')), bytes(name('mbox.x'), name('txt.x'))],
    ['MINFO', RR_TYPE.MINFO, bytes(name('A.X'), name('B.X')), bytes(name('a.x'), name('b.x'))],
    ['PX', RR_TYPE.PX, bytes(u16(1), name('A.X'), name('B.X')), bytes(u16(1), name('a.x'), name('b.x'))],
    [
      'NAPTR: strings kept, replacement lowered',
      RR_TYPE.NAPTR,
      bytes(u16(1), u16(2), cstr('U'), cstr('E2U+SIP'), cstr('!^.*$!sip:A@B!'), name('Repl.X')),
      bytes(u16(1), u16(2), cstr('U'), cstr('E2U+SIP'), cstr('!^.*$!sip:A@B!'), name('repl.x')),
    ],
    [
      'RRSIG: signer lowered, signature kept',
      RR_TYPE.RRSIG,
      bytes(u16(1), 8, 2, u32(0x41414141), u32(1), u32(2), u16(0x4141), name('Example.NET'), sig),
      bytes(u16(1), 8, 2, u32(0x41414141), u32(1), u32(2), u16(0x4141), name('example.net'), sig),
    ],
    [
      'A6 with a prefix name (RFC 2874)',
      RR_TYPE.A6,
      bytes(64, Array(8).fill(0x41), name('Pfx.X')),
      bytes(64, Array(8).fill(0x41), name('pfx.x')),
    ],
  ])('lower-cases the names in %s', (_what, type, rdata, want) => expect(canonicalRdata(type, rdata)).toEqual(want));

  it.each([
    ['NSEC next name (RFC 6840 §5.1)', RR_TYPE.NSEC, bytes(name('Next.Example'), typeBitmap([1, 46, 47]))],
    ['HINFO (no names)', RR_TYPE.HINFO, bytes(cstr('INTEL'), cstr('UNIX'))],
    ['TXT', RR_TYPE.TXT, bytes(cstr('V=SPF1 -ALL'))],
    ['SVCB target (RFC 3597 §7: later types never)', RR_TYPE.SVCB, bytes(u16(1), name('Svc.Example'))],
    ['TLSA', RR_TYPE.TLSA, bytes(3, 1, 1, Array(32).fill(0x41))],
    ['A', RR_TYPE.A, bytes(0x41, 0x42, 0x43, 0x44)],
  ])('keeps %s as is', (_what, type, rdata) => expect(canonicalRdata(type, rdata)).toEqual(rdata));

  it.each([
    ['MX cut short', RR_TYPE.MX, bytes(0, 10, 4, 0x61)],
    ['NS with octets after the name', RR_TYPE.NS, bytes(name('a.b'), 1)],
    ['compressed CNAME (must be uncompressed, RFC 4034 §6.2 item 2)', RR_TYPE.CNAME, bytes(0xc0, 12)],
  ])('throws on %s', (_what, type, rdata) => expect(() => canonicalRdata(type, rdata)).toThrow(Error));
});

describe('signedData (RFC 4034 §3.1.8.1)', () => {
  // RFC 5702 §6.1: www.example.net. A 192.0.2.91 signed by example.net. key 9033
  const signature = b64('kRCOH6u7l0QGy9qpC9l1sLncJcOKFLJ7GhiUOibu4teYp5VE9RncriShZNz85mwlMgNEacFYK/lPtPiVYP4bwg==');
  const rrsigOf = (signer: string, labels = 3, type: number = RR_TYPE.A): Uint8Array =>
    bytes(u16(type), 8, labels, u32(3600), u32(1893456000), u32(946684800), u16(9033), name(signer), signature);
  // RRSIG RDATA without signature | owner | type | class | original TTL | RDLENGTH | RDATA, as
  // dnspython's to_digestable() gives it for the RFC 5702 example.
  const expected = hex(
    '0001080300000e1070dbd880386d43802349076578616d706c65036e65740003777777076578616d706c65036e6574000001000100000e100004c000025b',
  );

  it('builds the RFC 5702 §6.1 signed data byte for byte', () => {
    const rdata = rrsigOf('example.net');
    expect(signedData(rdata, parseRrsig(rdata), [rr('www.example.net', RR_TYPE.A, bytes(192, 0, 2, 91))])).toEqual(expected);
  });

  it('lower-cases owner and signer, and signs the Original TTL, not the TTL received (RFC 4034 §6.2)', () => {
    const rdata = rrsigOf('Example.NET');
    expect(signedData(rdata, parseRrsig(rdata), [rr('WWW.Example.net', RR_TYPE.A, bytes(192, 0, 2, 91), 17)])).toEqual(expected);
  });

  it('uses *.<rightmost labels> as owner for a wildcard answer (RFC 4035 §5.3.2)', () => {
    const rdata = rrsigOf('example.net', 2);
    const data = signedData(rdata, parseRrsig(rdata), [rr('a.b.example.net', RR_TYPE.A, bytes(192, 0, 2, 91))]);
    const prefix = 18 + name('example.net').length;
    expect(data.subarray(prefix, prefix + 15)).toEqual(name('*.example.net'));
    // labels 0: the root wildcard
    const root = rrsigOf('', 0);
    expect(signedData(root, parseRrsig(root), [rr('x', RR_TYPE.A, bytes(1, 2, 3, 4))]).subarray(19, 22)).toEqual(name('*'));
  });

  it('sorts RRs by canonical RDATA and drops duplicates (RFC 4034 §6.3)', () => {
    const rdata = rrsigOf('example', 1, RR_TYPE.NS);
    // raw order would put "B" (0x42) before "a" (0x61); canonical form compares "a" < "b"
    const set = [
      rr('example', RR_TYPE.NS, name('B.example')),
      rr('example', RR_TYPE.NS, name('a.example')),
      rr('example', RR_TYPE.NS, name('b.EXAMPLE')),
    ];
    const data = signedData(rdata, parseRrsig(rdata), set);
    const record = (target: string): Uint8Array =>
      bytes(name('example'), u16(2), u16(1), u32(3600), u16(name(target).length), name(target));
    expect(data.subarray(18 + name('example').length)).toEqual(bytes(record('a.example'), record('b.example')));
  });

  it('puts a shorter RDATA before one it is a prefix of (left-justified, RFC 4034 §6.3)', () => {
    const rdata = rrsigOf('example', 1, 65000);
    const data = signedData(rdata, parseRrsig(rdata), [rr('example', 65000, bytes(1, 0)), rr('example', 65000, bytes(1))]);
    const head = bytes(name('example'), u16(65000), u16(1), u32(3600));
    expect(data.subarray(18 + name('example').length)).toEqual(bytes(head, u16(1), 1, head, u16(2), 1, 0));
  });

  it('keeps NSEC next names as they are (RFC 6840 §5.1)', () => {
    const rdata = rrsigOf('example', 1, RR_TYPE.NSEC);
    const nsec = bytes(name('A.Example'), typeBitmap([1, 46, 47]));
    const data = signedData(rdata, parseRrsig(rdata), [rr('example', RR_TYPE.NSEC, nsec)]);
    expect(data.subarray(data.length - nsec.length)).toEqual(nsec);
  });

  it.each([
    ['labels above the owner label count (RFC 4035 §5.3.1)', 4, [rr('www.example.net', RR_TYPE.A, bytes(1, 2, 3, 4))]],
    ['an RR of another type', 3, [rr('www.example.net', RR_TYPE.AAAA, new Uint8Array(16))]],
    [
      'RRs of different owners',
      3,
      [rr('www.example.net', RR_TYPE.A, bytes(1, 2, 3, 4)), rr('ftp.example.net', RR_TYPE.A, bytes(1, 2, 3, 5))],
    ],
    ['an empty RRset', 3, []],
  ])('throws on %s', (_why, labels, set) => {
    const rdata = rrsigOf('example.net', labels);
    expect(() => signedData(rdata, parseRrsig(rdata), set)).toThrow(Error);
  });
});

describe('dsDigestInput (RFC 4034 §5.1.4)', () => {
  it('is the canonical owner name followed by the DNSKEY RDATA', () => {
    const key = bytes(u16(256), 3, 5, 0x41, 0x42);
    expect(dsDigestInput('DSKEY.example.COM', key)).toEqual(bytes(name('dskey.example.com'), key));
  });
});

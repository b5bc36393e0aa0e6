import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digest, dsMatches, nsec3Hash, verifySignature } from '../../../../../electron/engine/net/dnssec/crypto';
import { signedData } from '../../../../../shared/dnssec/canonical';
import { nsec3Denial, nsecDenial, wildcardProof } from '../../../../../shared/dnssec/denial';
import type { DnskeyData, WireRecord } from '../../../../../shared/dnssec/types';
import {
  RR_TYPE,
  base32hex,
  base32hexDecode,
  lowerName,
  nameToWire,
  parseDnskey,
  parseDs,
  parseNsec,
  parseNsec3,
  parseRrsig,
  signatureWindow,
  typeBitmap,
} from '../../../../../shared/dnssec/wire';
import { b64, hex, bytes, u16, u32 } from '../../../../support/dnssec-vectors';

/** YYYYMMDDHHmmSS (RFC 4034 §3.2) or plain epoch seconds, as the RFCs print them */
const time = (s: string): number =>
  s.length === 14
    ? Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(8, 10), +s.slice(10, 12), +s.slice(12, 14)) / 1000
    : Number(s);

const dnskeyRdata = (flags: number, alg: number, key: string): Uint8Array => bytes(u16(flags), 3, alg, b64(key));
const rr = (name: string, type: number, rdata: Uint8Array, ttl = 3600): WireRecord => ({ name, type, class: 1, ttl, rdata });

/** RRSIG RDATA from the fields of its presentation form (RFC 4034 §3.2). */
function rrsigRdata(f: {
  covers: number;
  alg: number;
  labels: number;
  ttl: number;
  exp: string;
  inc: string;
  tag: number;
  signer: string;
  sig: string;
}): Uint8Array {
  return bytes(
    u16(f.covers),
    f.alg,
    f.labels,
    u32(f.ttl),
    u32(time(f.exp)),
    u32(time(f.inc)),
    u16(f.tag),
    nameToWire(f.signer),
    b64(f.sig),
  );
}

/** Verifies the RRSIG over `rrset` with `key`, building the signed data as the validator does. */
function verifyRrset(key: Uint8Array, rrsig: Uint8Array, rrset: WireRecord[], tamper = false): string {
  const sig = parseRrsig(rrsig);
  const data = signedData(rrsig, sig, rrset);
  if (tamper) data[data.length - 1]! ^= 1;
  return verifySignature(parseDnskey(key), data, sig.signature);
}

// ---------------------------------------------------------------------------------------------
// Published signatures

interface SigVector {
  source: string;
  key: Uint8Array;
  rrsig: Uint8Array;
  rrset: WireRecord[];
}

const A = (a: string): Uint8Array => Uint8Array.from(a.split('.').map(Number));
const mx = (pref: number, host: string): Uint8Array => bytes(u16(pref), nameToWire(host));

const RFC8080_MX = [rr('example.com', RR_TYPE.MX, mx(10, 'mail.example.com'))];
const rfc8080 = (alg: number, key: string, tag: number, sig: string): SigVector => ({
  source: `RFC 8080 §6 (Errata 4935), algorithm ${alg}, key ${tag}`,
  key: dnskeyRdata(257, alg, key),
  rrsig: rrsigRdata({
    covers: RR_TYPE.MX,
    alg,
    labels: 2,
    ttl: 3600,
    exp: '1440021600',
    inc: '1438207200',
    tag,
    signer: 'example.com',
    sig,
  }),
  rrset: RFC8080_MX,
});

// RFC 5155 Appendix A: the example zone, signed with algorithm 7 (RSASHA1-NSEC3-SHA1).
const RFC5155_ZSK = dnskeyRdata(256, 7, 'AwEAAaetidLzsKWUt4swWR8yu0wPHPiUi8LUsAD0QPWU+wzt89epO6tHzkMBVDkC7qphQO2hTY4hHn9npWFRw5BYubE=');
const RFC5155_KSK = dnskeyRdata(257, 7, 'AwEAAcUlFV1vhmqx6NSOUOq2R/dsR7Xm3upJj7IommWSpJABVfW8Q0rOvXdM6kzt+TAu92L9AbsUdblMFin8CVF3n4s=');
const rfc5155Sig = (covers: number, labels: number, tag: number, sig: string): Uint8Array =>
  rrsigRdata({ covers, alg: 7, labels, ttl: 3600, exp: '20150420235959', inc: '20051021000000', tag, signer: 'example', sig });
const rfc5155Nsec3 = (next: string, types: number[]): Uint8Array =>
  bytes(1, 1, u16(12), 4, hex('aabbccdd'), 20, base32hexDecode(next), typeBitmap(types));
const { A: TA, NS, SOA, MX, DS, RRSIG, DNSKEY, NSEC3PARAM } = RR_TYPE;

const VECTORS: SigVector[] = [
  {
    source: 'RFC 5702 §6.1 (RSASHA256)',
    key: dnskeyRdata(256, 8, 'AwEAAcFcGsaxxdgiuuGmCkVImy4h99CqT7jwY3pexPGcnUFtR2Fh36BponcwtkZ4cAgtvd4Qs8PkxUdp6p/DlUmObdk='),
    rrsig: rrsigRdata({
      covers: TA,
      alg: 8,
      labels: 3,
      ttl: 3600,
      exp: '20300101000000',
      inc: '20000101000000',
      tag: 9033,
      signer: 'example.net',
      sig: 'kRCOH6u7l0QGy9qpC9l1sLncJcOKFLJ7GhiUOibu4teYp5VE9RncriShZNz85mwlMgNEacFYK/lPtPiVYP4bwg==',
    }),
    rrset: [rr('www.example.net', TA, A('192.0.2.91'))],
  },
  {
    source: 'RFC 5702 §6.2 (RSASHA512)',
    key: dnskeyRdata(
      256,
      10,
      'AwEAAdHoNTOW+et86KuJOWRDp1pndvwb6Y83nSVXXyLA3DLroROUkN6X0O6pnWnjJQujX/AyhqFDxj13tOnD9u/1kTg7cV6rklMrZDtJCQ5PCl/D7QNPsgVsMu1J2Q8gpMpztNFLpPBz1bWXjDtaR7ZQBlZ3PFY12ZTSncorffcGmhOL',
    ),
    rrsig: rrsigRdata({
      covers: TA,
      alg: 10,
      labels: 3,
      ttl: 3600,
      exp: '20300101000000',
      inc: '20000101000000',
      tag: 3740,
      signer: 'example.net',
      sig: 'tsb4wnjRUDnB1BUi+t6TMTXThjVnG+eCkWqjvvjhzQL1d0YRoOe0CbxrVDYd0xDtsuJRaeUw1ep94PzEWzr0iGYgZBWm/zpq+9fOuagYJRfDqfReKBzMweOLDiNa8iP5g9vMhpuv6OPlvpXwm9Sa9ZXIbNl1MBGk0fthPgxdDLw=',
    }),
    rrset: [rr('www.example.net', TA, A('192.0.2.91'))],
  },
  {
    source: 'RFC 6605 §6.1 (ECDSAP256SHA256)',
    key: dnskeyRdata(257, 13, 'GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA=='),
    rrsig: rrsigRdata({
      covers: TA,
      alg: 13,
      labels: 3,
      ttl: 3600,
      exp: '20100909100439',
      inc: '20100812100439',
      tag: 55648,
      signer: 'example.net',
      sig: 'qx6wLYqmh+l9oCKTN6qIc+bw6ya+KJ8oMz0YP107epXAyGmt+3SNruPFKG7tZoLBLlUzGGus7ZwmwWep666VCw==',
    }),
    rrset: [rr('www.example.net', TA, A('192.0.2.1'))],
  },
  {
    source: 'RFC 6605 §6.2 (ECDSAP384SHA384)',
    key: dnskeyRdata(
      257,
      14,
      'xKYaNhWdGOfJ+nPrL8/arkwf2EY3MDJ+SErKivBVSum1w/egsXvSADtNJhyem5RCOpgQ6K8X1DRSEkrbYQ+OB+v8/uX45NBwY8rp65F6Glur8I/mlVNgF6W/qTI37m40',
    ),
    rrsig: rrsigRdata({
      covers: TA,
      alg: 14,
      labels: 3,
      ttl: 3600,
      exp: '20100909102025',
      inc: '20100812102025',
      tag: 10771,
      signer: 'example.net',
      sig: '/L5hDKIvGDyI1fcARX3z65qrmPsVz73QD1Mr5CEqOiLP95hxQouuroGCeZOvzFaxsT8Glr74hbavRKayJNuydCuzWTSSPdz7wnqXL5bdcJzusdnI0RSMROxxwGipWcJm',
    }),
    rrset: [rr('www.example.net', TA, A('192.0.2.1'))],
  },
  rfc8080(
    15,
    'l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=',
    3613,
    'oL9krJun7xfBOIWcGHi7mag5/hdZrKWw15jPGrHpjQeRAvTdszaPD+QLs3fx8A4M3e23mRZ9VrbpMngwcrqNAg==',
  ),
  rfc8080(
    15,
    'zPnZ/QwEe7S8C5SPz2OfS5RR40ATk2/rYnE9xHIEijs=',
    35217,
    'zXQ0bkYgQTEFyfLyi9QoiY6D8ZdYo4wyUhVioYZXFdT410QPRITQSqJSnzQoSm5poJ7gD7AQR0O7KuI5k2pcBg==',
  ),
  rfc8080(
    16,
    '3kgROaDjrh0H2iuixWBrc8g2EpBBLCdGzHmn+G2MpTPhpj/OiBVHHSfPodx1FYYUcJKm1MDpJtIA',
    9713,
    '3cPAHkmlnxcDHMyg7vFC34l0blBhuG1qpwLmjInI8w1CMB29FkEAIJUA0amxWndkmnBZ6SKiwZSAxGILn/NBtOXft0+Gj7FSvOKxE/07+4RQvE581N3Aj/JtIyaiYVdnYtyMWbSNyGEY2213WKsJlwEA',
  ),
  rfc8080(
    16,
    'kkreGWoccSDmUBGAe7+zsbG6ZAFQp+syPmYUurBRQc3tDjeMCJcVMRDmgcNLp5HlHAMy12VoISsA',
    38353,
    'E1/oLjSGIbmLny/4fcgM1z4oL6aqo+izT3urCyHyvEp4Sp8Syg1eI+lJ57CSnZqjJP41O/9l4m0AsQ4f7qI1gVnML8vWWiyW2KXhT9kuAICUSxv5OWbf81Rq7Yu60npabODB0QFPb/rkW3kUZmQ0YQUA',
  ),
  {
    source: 'RFC 5155 Appendix A, DNSKEY RRset by the KSK (RSASHA1-NSEC3-SHA1, two RRs sorted)',
    key: RFC5155_KSK,
    rrsig: rfc5155Sig(DNSKEY, 1, 12708, 'AuU4juU9RaxescSmStrQks3Gh9FblGBlVU31uzMZ/U/FpsUb8aC6QZS+sTsJXnLnz7flGOsmMGQZf3bH+QsCtg=='),
    rrset: [rr('example', DNSKEY, RFC5155_KSK), rr('example', DNSKEY, RFC5155_ZSK)],
  },
  {
    source: 'RFC 5155 Appendix B.1, NSEC3 0p9m… (covers the next closer name)',
    key: RFC5155_ZSK,
    rrsig: rfc5155Sig(RR_TYPE.NSEC3, 2, 40430, 'OSgWSm26B+cS+dDL8b5QrWr/dEWhtCsKlwKLIBHYH6blRxK9rC0bMJPwQ4mLIuw85H2EY762BOCXJZMnpuwhpA=='),
    rrset: [
      rr(
        '0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example',
        RR_TYPE.NSEC3,
        rfc5155Nsec3('2t7b4g4vsa5smi47k61mv5bv1a22bojr', [MX, DNSKEY, NS, SOA, NSEC3PARAM, RRSIG]),
      ),
    ],
  },
  {
    source: 'RFC 5155 Appendix B.1, NSEC3 b4um… (matches the closest encloser)',
    key: RFC5155_ZSK,
    rrsig: rfc5155Sig(RR_TYPE.NSEC3, 2, 40430, 'ZkPG3M32lmoHM6pa3D6gZFGB/rhL//Bs3Omh5u4m/CUiwtblEVOaAKKZd7S959OeiX43aLX3pOv0TSTyiTxIZg=='),
    rrset: [rr('b4um86eghhds6nea196smvmlo4ors995.example', RR_TYPE.NSEC3, rfc5155Nsec3('gjeqe526plbf1g8mklp59enfd789njgi', [MX, RRSIG]))],
  },
  {
    source: 'RFC 5155 Appendix B.1, NSEC3 35mt… (covers the wildcard)',
    key: RFC5155_ZSK,
    rrsig: rfc5155Sig(RR_TYPE.NSEC3, 2, 40430, 'g6jPUUpduAJKRljUsN8gB4UagAX0NxY9shwQAynzo8EUWH+z6hEIBlUTPGj15eZll6VhQqgZXtAIR3chwgW+SA=='),
    rrset: [
      rr('35mthgpgcu1qg68fab165klnsnk3dpvl.example', RR_TYPE.NSEC3, rfc5155Nsec3('b4um86eghhds6nea196smvmlo4ors995', [NS, DS, RRSIG])),
    ],
  },
  {
    source: 'RFC 5155 Appendix B.4, NSEC3 q04j…',
    key: RFC5155_ZSK,
    rrsig: rfc5155Sig(RR_TYPE.NSEC3, 2, 40430, 'hV5I89b+4FHJDATp09g4bbN0R1F845CaXpL3ZxlMKimoPAyqletMlEWwLfFia7sdpSzn+ZlNNlkxWcLsIlMmUg=='),
    rrset: [rr('q04jkcevqvmu85r014c7dkba38o0ji5r.example', RR_TYPE.NSEC3, rfc5155Nsec3('r53bq7cc2uvmubfu5ocmm6pers9tk9en', [TA, RRSIG]))],
  },
  {
    source: 'RFC 5155 Appendix B.4, a.z.w.example. MX expanded from *.w.example. (RRSIG labels 2)',
    key: RFC5155_ZSK,
    rrsig: rfc5155Sig(MX, 2, 40430, 'CikebjQwGQPwijVcxgcZcSJKtfynugtlBiKb9FcBTrmOoyQ4InoWVudhCWsh/URX3lc4WRUMivEBP6+4KS3ldA=='),
    rrset: [rr('a.z.w.example', MX, mx(1, 'ai.example'))],
  },
];

describe('verifySignature against published signatures', () => {
  it.each(VECTORS.map((v) => [v.source, v] as const))('%s verifies', (_source, v) => {
    expect(verifyRrset(v.key, v.rrsig, v.rrset)).toBe('valid');
  });

  it.each(VECTORS.map((v) => [v.source, v] as const))('%s fails with one bit of the data flipped', (_source, v) => {
    expect(verifyRrset(v.key, v.rrsig, v.rrset, true)).toBe('invalid');
  });

  it('fails with a key of the same algorithm that did not sign (RFC 5155 DNSKEY RRset: the ZSK instead of the KSK)', () => {
    const dnskeyRrsig = VECTORS.find((v) => v.rrsig[0] === 0 && v.rrsig[1] === DNSKEY)!;
    expect(verifyRrset(RFC5155_ZSK, dnskeyRrsig.rrsig, dnskeyRrsig.rrset)).toBe('invalid');
  });

  it('fails for the RFC 8080 signature as first published, made over label count 3 (Errata 4935)', () => {
    const published = rrsigRdata({
      covers: MX,
      alg: 15,
      labels: 2,
      ttl: 3600,
      exp: '1440021600',
      inc: '1438207200',
      tag: 3613,
      signer: 'example.com',
      sig: 'Edk+IB9KNNWg0HAjm7FazXyrd5m3Rk8zNZbvNpAcM+eysqcUOMIjWoevFkjH5GaMWeG96GUVZu6ECKOQmemHDg==',
    });
    expect(verifyRrset(dnskeyRdata(257, 15, 'l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4='), published, RFC8080_MX)).toBe('invalid');
  });
});

describe('verifySignature on keys and algorithms it must refuse', () => {
  const data = new TextEncoder().encode('data');
  const key = (algorithm: number, publicKey: Uint8Array, flags = 256, protocol = 3): DnskeyData => ({
    flags,
    protocol,
    algorithm,
    publicKey,
    keyTag: 0,
  });
  const p256 = b64('GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==');

  it.each([
    [1, 'RSAMD5 (RFC 6725: must not be used)'],
    [3, 'DSA'],
    [6, 'DSA-NSEC3-SHA1'],
    [12, 'ECC-GOST (RFC 5933)'],
    [253, 'PRIVATEDNS'],
    [200, 'unassigned'],
  ])('algorithm %i (%s) is unsupported', (alg) => expect(verifySignature(key(alg, p256), data, new Uint8Array(64))).toBe('unsupported'));

  it.each([
    ['RSA: exponent length past the key', 8, bytes(200, 1, 2, 3)],
    ['RSA: no modulus', 8, bytes(1, 3)],
    ['RSA: empty key', 8, new Uint8Array(0)],
    ['RSA: 3-octet exponent length cut off', 8, bytes(0, 1)],
    ['RSA: zero modulus', 8, bytes(1, 3, 0, 0)],
    ['P-256: 63 octets', 13, p256.subarray(1)],
    ['P-256: point not on the curve', 13, bytes(Array(64).fill(7))],
    ['P-384: P-256 key', 14, p256],
    ['Ed25519: 31 octets', 15, new Uint8Array(31)],
    ['Ed448: 56 octets', 16, new Uint8Array(56)],
  ])('%s → invalid, no throw', (_why, alg, publicKey) => {
    expect(verifySignature(key(alg, publicKey), data, new Uint8Array(alg === 14 ? 96 : alg === 16 ? 114 : 64))).toBe('invalid');
  });

  it('refuses a signature of the wrong length (RFC 6605 §4: r | s of 32 octets each)', () => {
    const v = VECTORS.find((x) => x.source.startsWith('RFC 6605 §6.1'))!;
    const sig = parseRrsig(v.rrsig);
    const d = signedData(v.rrsig, sig, v.rrset);
    expect(verifySignature(parseDnskey(v.key), d, sig.signature)).toBe('valid');
    expect(verifySignature(parseDnskey(v.key), d, bytes(sig.signature, 0))).toBe('invalid');
    expect(verifySignature(parseDnskey(v.key), d, bytes(0, sig.signature))).toBe('invalid');
  });

  it('refuses keys that are not zone keys or not protocol 3 (RFC 4034 §2.1.1, §2.1.2)', () => {
    const v = VECTORS.find((x) => x.source.startsWith('RFC 6605 §6.1'))!;
    const sig = parseRrsig(v.rrsig);
    const d = signedData(v.rrsig, sig, v.rrset);
    expect(verifySignature({ ...parseDnskey(v.key), flags: 1 }, d, sig.signature)).toBe('invalid');
    expect(verifySignature({ ...parseDnskey(v.key), protocol: 2 }, d, sig.signature)).toBe('invalid');
  });
});

// ---------------------------------------------------------------------------------------------

describe('dsMatches', () => {
  const DSKEY = dnskeyRdata(
    256,
    5,
    'AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==',
  );
  const ds = (tag: number, alg: number, type: number, digestHex: string): Uint8Array => bytes(u16(tag), alg, type, hex(digestHex));

  it.each([
    ['RFC 4034 §5.4 (SHA-1)', 'dskey.example.com', DSKEY, ds(60485, 5, 1, '2BB183AF5F22588179A53B0A98631FAD1A292118')],
    [
      'RFC 4509 §2.3 (SHA-256)',
      'dskey.example.com',
      DSKEY,
      ds(60485, 5, 2, 'D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A'),
    ],
    [
      'RFC 4034 §5.4, owner in another case (RFC 4034 §6.2)',
      'DSKEY.Example.COM',
      DSKEY,
      ds(60485, 5, 1, '2BB183AF5F22588179A53B0A98631FAD1A292118'),
    ],
    [
      'RFC 6605 §6.1 (SHA-256)',
      'example.net',
      VECTORS[2]!.key,
      ds(55648, 13, 2, 'b4c8c1fe2e7477127b27115656ad6256f424625bf5c1e2770ce6d6e37df61d17'),
    ],
    [
      'RFC 6605 §6.2 (SHA-384)',
      'example.net',
      VECTORS[3]!.key,
      ds(10771, 14, 4, '72d7b62976ce06438e9c0bf319013cf801f09ecc84b8d7e9495f27e305c6a9b0563a9b5f4d288405c3008a946df983d6'),
    ],
    [
      'RFC 8080 §6.1 key 3613',
      'example.com',
      VECTORS[4]!.key,
      ds(3613, 15, 2, '3aa5ab37efce57f737fc1627013fee07bdf241bd10f3b1964ab55c78e79a304b'),
    ],
    [
      'RFC 8080 §6.1 key 35217',
      'example.com',
      VECTORS[5]!.key,
      ds(35217, 15, 2, '401781b934e392de492ec77ae2e15d70f6575a1c0bc59c5275c04ebe80c6614c'),
    ],
    [
      'RFC 8080 §6.2 key 9713',
      'example.com',
      VECTORS[6]!.key,
      ds(9713, 16, 2, '6ccf18d5bc5d7fc2fceb1d59d17321402f2aa8d368048db93dd811f5cb2b19c7'),
    ],
    [
      'RFC 8080 §6.2 key 38353',
      'example.com',
      VECTORS[7]!.key,
      ds(38353, 16, 2, '645ff078b3568f5852b70cb60e8e696cc77b75bfaaffc118cf79cbda1ba28af4'),
    ],
  ])('%s matches', (_source, owner, key, d) => expect(dsMatches(parseDs(d), owner, key)).toBe('match'));

  const good = ds(60485, 5, 1, '2BB183AF5F22588179A53B0A98631FAD1A292118');
  it.each([
    ['another owner (the digest covers it)', 'other.example.com', DSKEY, good],
    ['another key tag', 'dskey.example.com', DSKEY, ds(60486, 5, 1, '2BB183AF5F22588179A53B0A98631FAD1A292118')],
    ['another algorithm', 'dskey.example.com', DSKEY, ds(60485, 8, 1, '2BB183AF5F22588179A53B0A98631FAD1A292118')],
    ['one digest octet changed', 'dskey.example.com', DSKEY, ds(60485, 5, 1, '2BB183AF5F22588179A53B0A98631FAD1A292119')],
    ['a truncated digest', 'dskey.example.com', DSKEY, ds(60485, 5, 1, '2BB183AF5F22588179A53B0A98631FAD1A2921')],
    ['a key without the Zone Key flag (RFC 4034 §5.2)', 'dskey.example.com', bytes(u16(0), DSKEY.subarray(2)), good],
    ['DNSKEY RDATA too short', 'dskey.example.com', bytes(1, 0, 3), good],
  ])('%s → mismatch', (_why, owner, key, d) => expect(dsMatches(parseDs(d), owner, key)).toBe('mismatch'));

  it.each([
    [3, 'GOST R 34.11-94 (RFC 5933)'],
    [0, 'reserved'],
    [99, 'unassigned'],
  ])('digest type %i (%s) is unsupported', (type) => {
    expect(dsMatches(parseDs(ds(60485, 5, type, '00'.repeat(32))), 'dskey.example.com', DSKEY)).toBe('unsupported');
  });
});

describe('nsec3Hash (RFC 5155 §5, Appendix A: SHA-1, 12 iterations, salt aabbccdd)', () => {
  it.each([
    ['example', '0p9mhaveqvm6t7vbl5lop2u3t2rp3tom'],
    ['a.example', '35mthgpgcu1qg68fab165klnsnk3dpvl'],
    ['ai.example', 'gjeqe526plbf1g8mklp59enfd789njgi'],
    ['ns1.example', '2t7b4g4vsa5smi47k61mv5bv1a22bojr'],
    ['ns2.example', 'q04jkcevqvmu85r014c7dkba38o0ji5r'],
    ['w.example', 'k8udemvp1j2f7eg6jebps17vp3n8i58h'],
    ['*.w.example', 'r53bq7cc2uvmubfu5ocmm6pers9tk9en'],
    ['x.w.example', 'b4um86eghhds6nea196smvmlo4ors995'],
    ['y.w.example', 'ji6neoaepv8b5o6k4ev33abha8ht9fgc'],
    ['x.y.w.example', '2vptu5timamqttgl4luu9kg21e0aor3s'],
    ['xx.example', 't644ebqk9bibcna874givr6joj62mlhv'],
    ['2t7b4g4vsa5smi47k61mv5bv1a22bojr.example', 'kohar7mbb8dc2ce8a9qvl8hon4k53uhi'],
  ])('H(%s) = %s', (name, hash) => {
    expect(base32hex(nsec3Hash(name, hex('aabbccdd'), 12)).toLowerCase()).toBe(hash);
  });

  it('hashes the lower-cased wire form (RFC 5155 §5: canonical owner name)', () => {
    expect(nsec3Hash('X.W.Example', hex('aabbccdd'), 12)).toEqual(nsec3Hash('x.w.example', hex('aabbccdd'), 12));
  });

  it('does `iterations` extra rounds and appends the salt each time', () => {
    const x = nameToWire('example');
    expect(nsec3Hash('example', new Uint8Array(0), 0)).toEqual(digest('sha1', x));
    expect(nsec3Hash('example', hex('ab'), 1)).toEqual(digest('sha1', bytes(digest('sha1', bytes(x, 0xab)), 0xab)));
  });
});

describe('digest', () => {
  it.each([
    ['sha1', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['sha256', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['sha384', 'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7'],
    [
      'sha512',
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    ],
  ] as const)('%s("abc") is the FIPS 180-4 example value', (name, want) => {
    const d = digest(name, new TextEncoder().encode('abc'));
    expect(d).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(d).toString('hex')).toBe(want);
  });
});

// ---------------------------------------------------------------------------------------------
// Real signer output: a small zone with mixed-case names, multi-record RRsets, a wildcard, an empty
// non-terminal and two delegations, signed by BIND's dnssec-signzone with every algorithm we
// verify, converted to RFC 3597 generic RDATA by ldns-read-zone so the test needs no RDATA parser.

const TOOLS = ['dnssec-keygen', 'dnssec-signzone', 'dnssec-dsfromkey', 'ldns-read-zone'];
const haveTools = TOOLS.every((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0);

const ZONE = `$ORIGIN Example.
$TTL 3600
@ IN SOA NS1.Example. Hostmaster.Example. 1 7200 3600 1209600 300
@ IN NS NS1.Example.
@ IN MX 10 Mail.EXAMPLE.
@ IN MX 20 backup.example.
NS1 IN A 192.0.2.1
Mail IN A 192.0.2.3
Mail IN A 192.0.2.2
Mail IN AAAA 2001:db8::1
*.W IN TXT "Wild"
x.y.W IN TXT "deep"
Alias IN CNAME Mail.Example.
_25._tcp.Mail IN TLSA 3 1 1 ${'ab'.repeat(32)}
_sip._tcp IN SRV 0 5 5060 SIP.Example.
Sub IN NS NS.Sub.Example.
NS.Sub IN A 192.0.2.9
Secure IN NS NS.Secure.Example.
Secure IN DS 12345 13 2 ${'cd'.repeat(32)}
NS.Secure IN A 192.0.2.10
`;

interface SignedZone {
  records: WireRecord[];
  ds: Uint8Array[];
}

describe.skipIf(!haveTools)('real signer output (BIND dnssec-signzone, read back through ldns-read-zone)', () => {
  let dir = '';
  let nsecZone: SignedZone;
  let nsec3Zone: SignedZone;

  const run = (cmd: string, args: string[]): string =>
    execFileSync(cmd, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });

  /** `owner TTL IN TYPEnn \# len hex` lines (RFC 3597 §5) → records. */
  function readGeneric(file: string): WireRecord[] {
    const out = run('ldns-read-zone', ['-U', 'URI', file]);
    return out
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith(';'))
      .map((line) => {
        const [owner, ttl, klass, type, marker, , ...data] = line.split(/\s+/);
        expect(klass === 'IN' && marker === '\\#' && type?.startsWith('TYPE')).toBe(true);
        return {
          name: lowerName(owner!.replace(/\.$/, '')),
          type: Number(type!.slice(4)),
          class: 1,
          ttl: Number(ttl),
          rdata: hex(data.join('')),
        };
      });
  }

  function sign(label: string, algorithms: string[], extra: string[]): SignedZone {
    const keys = algorithms.map((a) =>
      run('dnssec-keygen', [
        '-q',
        '-K',
        '.',
        '-f',
        'KSK',
        '-a',
        a,
        ...(a.startsWith('RSA') || a.startsWith('NSEC3RSA') ? ['-b', '1024'] : []),
        'example',
      ]).trim(),
    );
    const include = keys.map((k) => readFileSync(join(dir, `${k}.key`), 'utf8')).join('');
    writeFileSync(join(dir, `${label}.zone`), `${ZONE}${include}`);
    run('dnssec-signzone', ['-q', '-z', '-o', 'example', '-O', 'full', '-f', `${label}.signed`, ...extra, `${label}.zone`]);
    const ds = keys.flatMap((k) =>
      ['SHA-1', 'SHA-256', 'SHA-384'].map((d) => {
        const [, , , tag, alg, type, ...digestHex] = run('dnssec-dsfromkey', ['-a', d, `${k}.key`])
          .trim()
          .split(/\s+/);
        return bytes(u16(Number(tag)), Number(alg), Number(type), hex(digestHex.join('')));
      }),
    );
    for (const f of readdirSync(dir)) if (f.startsWith('K')) rmSync(join(dir, f));
    return { records: readGeneric(`${label}.signed`), ds };
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dnssec-crypto-'));
    nsecZone = sign('nsec', ['ECDSAP256SHA256', 'ECDSAP384SHA384', 'ED25519', 'ED448', 'RSASHA256', 'RSASHA512', 'RSASHA1'], []);
    nsec3Zone = sign('nsec3', ['NSEC3RSASHA1', 'ECDSAP256SHA256'], ['-3', 'AABBCCDD', '-H', '5', '-A']);
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function checkAllSignatures(zone: SignedZone): Map<number, number> {
    const keys = zone.records.filter((r) => r.type === DNSKEY);
    const perAlgorithm = new Map<number, number>();
    const now = Date.now() / 1000;
    for (const sigRecord of zone.records.filter((r) => r.type === RRSIG)) {
      const sig = parseRrsig(sigRecord.rdata);
      const rrset = zone.records.filter((r) => r.name === sigRecord.name && r.type === sig.typeCovered);
      const key = keys.find((k) => parseDnskey(k.rdata).keyTag === sig.keyTag && k.rdata[3] === sig.algorithm);
      expect(key, `key ${sig.keyTag}`).toBeDefined();
      const data = signedData(sigRecord.rdata, sig, rrset);
      expect(
        verifySignature(parseDnskey(key!.rdata), data, sig.signature),
        `RRSIG ${sig.typeCovered} at ${sigRecord.name} alg ${sig.algorithm}`,
      ).toBe('valid');
      const w = signatureWindow(sig, now);
      expect(w.inception <= now && now <= w.expiration).toBe(true);
      perAlgorithm.set(sig.algorithm, (perAlgorithm.get(sig.algorithm) ?? 0) + 1);
    }
    return perAlgorithm;
  }

  it('verifies every RRSIG of the NSEC-signed zone, for algorithms 5, 8, 10, 13, 14, 15, 16', () => {
    const counts = checkAllSignatures(nsecZone);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([5, 8, 10, 13, 14, 15, 16]);
    // SOA, NS, MX, DNSKEY, NSEC×… signed once per algorithm
    for (const n of counts.values()) expect(n).toBeGreaterThanOrEqual(15);
  });

  it('verifies every RRSIG of the NSEC3 Opt-Out zone, for algorithms 7 and 13', () => {
    expect([...checkAllSignatures(nsec3Zone).keys()].sort((a, b) => a - b)).toEqual([7, 13]);
  });

  it('has upper-case NSEC next names, so the check above covers RFC 6840 §5.1 (not lower-cased when signed)', () => {
    const upper = nsecZone.records.filter((r) => r.type === RR_TYPE.NSEC && /[A-Z]/.test(Buffer.from(r.rdata).toString('latin1')));
    expect(upper.length).toBeGreaterThan(3);
  });

  it('matches every DS dnssec-dsfromkey computes (SHA-1, SHA-256, SHA-384)', () => {
    const keys = nsecZone.records.filter((r) => r.type === DNSKEY);
    expect(nsecZone.ds).toHaveLength(21);
    for (const d of nsecZone.ds) {
      const ds = parseDs(d);
      const matches = keys.filter((k) => dsMatches(ds, 'Example', k.rdata) === 'match');
      expect(matches, `DS ${ds.keyTag}/${ds.algorithm}/${ds.digestType}`).toHaveLength(1);
    }
  });

  const nsecs = (): { owner: string; data: ReturnType<typeof parseNsec> }[] =>
    nsecZone.records.filter((r) => r.type === RR_TYPE.NSEC).map((r) => ({ owner: r.name, data: parseNsec(r.rdata) }));
  const nsec3s = (): { owner: string; data: ReturnType<typeof parseNsec3> }[] =>
    nsec3Zone.records.filter((r) => r.type === RR_TYPE.NSEC3).map((r) => ({ owner: r.name, data: parseNsec3(r.rdata) }));

  it.each([
    ['nope.example', TA, { kind: 'nxdomain', closestEncloser: 'example' }],
    ['a.b.nope.example', TA, { kind: 'nxdomain', closestEncloser: 'example' }],
    ['ns1.example', MX, { kind: 'nodata' }],
    ['y.w.example', TA, { kind: 'nodata' }], // empty non-terminal
    ['q.w.example', RR_TYPE.AAAA, { kind: 'wildcard-nodata', wildcard: '*.w.example' }],
    ['sub.example', DS, { kind: 'no-ds', delegation: true, optOut: false }],
    ['secure.example', DS, { kind: 'none' }], // DS exists
    ['host.sub.example', TA, { kind: 'none' }], // below a delegation
    ['alias.example', TA, { kind: 'none' }], // CNAME
  ])('NSEC chain: %s type %i → %o', (name, type, want) => {
    expect(nsecDenial({ name, type }, 'example', nsecs())).toMatchObject(want);
  });

  it.each([
    ['nope.example', TA, { kind: 'nxdomain', closestEncloser: 'example' }],
    ['ns1.example', MX, { kind: 'nodata' }],
    ['y.w.example', TA, { kind: 'nodata' }],
    ['q.w.example', RR_TYPE.AAAA, { kind: 'wildcard-nodata', wildcard: '*.w.example' }],
    ['sub.example', DS, { kind: 'no-ds', delegation: true, optOut: true }], // no NSEC3 of its own (-A)
    ['secure.example', DS, { kind: 'none' }],
  ])('NSEC3 chain: %s type %i → %o', (name, type, want) => {
    expect(nsec3Denial({ name, type }, 'example', nsec3s(), nsec3Hash)).toMatchObject(want);
  });

  it('proves wildcard expansions on both chains (RFC 4035 §5.3.4, RFC 5155 §8.8)', () => {
    expect(wildcardProof('foo.w.example', 2, 'example', nsecs(), [])).toBe('proven');
    expect(wildcardProof('x.y.w.example', 2, 'example', nsecs(), [])).toBe('unproven'); // it exists
    // -A sets Opt-Out on every NSEC3, so the span may hide an unsigned delegation (RFC 5155 §9.2)
    expect(wildcardProof('foo.w.example', 2, 'example', [], nsec3s(), nsec3Hash)).toBe('opt-out');
    expect(wildcardProof('y.w.example', 2, 'example', [], nsec3s(), nsec3Hash)).toBe('unproven'); // it exists (empty non-terminal)
  });
});

import { describe, expect, it } from 'vitest';
import { nsec3Hash } from '../../../electron/engine/net/dnssec/crypto';
import {
  NSEC3_MAX_ITERATIONS,
  nsec3Denial,
  nsecCovers,
  nsecDenial,
  wildcardProof,
  type Nsec3Record,
  type NsecRecord,
} from '../../../shared/dnssec/denial';
import type { Nsec3Hasher } from '../../../shared/dnssec/types';
import { RR_TYPE, base32hex, base32hexDecode } from '../../../shared/dnssec/wire';

const { A, NS, SOA, MX, HINFO, AAAA, DS, RRSIG, NSEC, DNSKEY, NSEC3PARAM, CNAME, DNAME } = RR_TYPE;

// ---------------------------------------------------------------------------------------------
// NSEC: the RFC 4035 Appendix A example zone

const nsec = (owner: string, next: string, types: number[]): NsecRecord => ({ owner, data: { next, types } });
const RFC4035: Record<string, NsecRecord> = {
  example: nsec('example', 'a.example', [NS, SOA, MX, RRSIG, NSEC, DNSKEY]),
  a: nsec('a.example', 'ai.example', [NS, DS, RRSIG, NSEC]),
  ai: nsec('ai.example', 'b.example', [A, HINFO, AAAA, RRSIG, NSEC]),
  b: nsec('b.example', 'ns1.example', [NS, RRSIG, NSEC]),
  ns1: nsec('ns1.example', 'ns2.example', [A, RRSIG, NSEC]),
  ns2: nsec('ns2.example', '*.w.example', [A, RRSIG, NSEC]),
  wild: nsec('*.w.example', 'x.w.example', [MX, RRSIG, NSEC]),
  xw: nsec('x.w.example', 'x.y.w.example', [MX, RRSIG, NSEC]),
  xyw: nsec('x.y.w.example', 'xx.example', [MX, RRSIG, NSEC]),
  xx: nsec('xx.example', 'example', [A, HINFO, AAAA, RRSIG, NSEC]),
};
const chain = Object.values(RFC4035);
const pick = (...keys: string[]): NsecRecord[] => keys.map((k) => RFC4035[k]!);

describe('nsecCovers (RFC 4034 §4.1.1)', () => {
  it.each([
    ['b.example', 'ns1.example', 'ml.example', true, 'between owner and next'],
    ['x.y.w.example', 'xx.example', 'a.z.w.example', true, 'RFC 4035 B.6'],
    ['b.example', 'ns1.example', 'x.b.example', true, 'a name below the owner sorts after it'],
    ['b.example', 'ns1.example', 'b.example', false, 'the owner itself'],
    ['b.example', 'ns1.example', 'ns1.example', false, 'the next name itself'],
    ['b.example', 'ns1.example', 'a.example', false, 'before the owner'],
    ['xx.example', 'example', 'zz.example', true, 'last NSEC: wraps to the apex'],
    ['xx.example', 'example', 'a.example', false, 'last NSEC: nothing before its owner'],
    ['example', 'example', 'anything.example', true, 'the only NSEC of a zone'],
    ['a.example', 'ai.example', 'B.EXAMPLE', false, 'case-insensitive order (B sorts as b, after ai)'],
  ])('(%s → %s) covers %s: %s (%s)', (owner, next, name, want) => expect(nsecCovers(owner, next, name)).toBe(want));
});

describe('nsecDenial: RFC 4035 Appendix B responses', () => {
  it.each([
    // [case, qname, qtype, the response's NSEC records, result]
    ['B.2 name error', 'ml.example', A, pick('b', 'example'), { kind: 'nxdomain', closestEncloser: 'example' }],
    ['B.2 name error, in another case', 'ML.Example', A, pick('b', 'example'), { kind: 'nxdomain', closestEncloser: 'example' }],
    ['B.3 no data', 'ns1.example', MX, pick('ns1'), { kind: 'nodata' }],
    [
      'B.5 referral to an unsigned zone: no DS at b.example',
      'b.example',
      DS,
      pick('b'),
      { kind: 'no-ds', delegation: true, optOut: false },
    ],
    ['B.7 wildcard no data', 'a.z.w.example', AAAA, pick('xyw', 'wild'), { kind: 'wildcard-nodata', wildcard: '*.w.example' }],
    ['last NSEC wraps to the apex', 'zz.example', A, pick('xx', 'example'), { kind: 'nxdomain', closestEncloser: 'example' }],
    ['empty non-terminal y.w.example (next name below it)', 'y.w.example', A, pick('xw'), { kind: 'nodata' }],
    ['DS at a name that exists but is no delegation', 'ns1.example', DS, pick('ns1'), { kind: 'nodata' }],
    [
      'deep name error: closest encloser from the next name',
      'a.b.c.x.w.example',
      A,
      pick('xw', 'ns2'),
      { kind: 'nxdomain', closestEncloser: 'x.w.example' },
    ],
  ])('%s', (_case, name, type, records, want) => expect(nsecDenial({ name, type }, 'example', records)).toEqual(want));

  it.each([
    ['B.8: the child apex NSEC cannot deny its DS (RFC 4035 §3.1.4.1)', 'example', DS, pick('example'), /child zone apex/],
    ['B.5: names below the delegation b.example (RFC 6840 §4.1)', 'mc.b.example', MX, chain, /below a delegation at b\.example\./],
    ['a.example delegation NSEC for a type other than DS (RFC 6840 §4.1)', 'a.example', A, pick('a'), /delegation point/],
    ['DS that exists (a.example is a secure delegation)', 'a.example', DS, pick('a'), /type exists/],
    ['the type exists at the name', 'ai.example', AAAA, pick('ai'), /type exists/],
    ['no covering NSEC', 'ml.example', A, pick('example'), /no NSEC covers/],
    ['no wildcard proof (RFC 4035 §5.4)', 'ml.example', A, pick('b'), /\*\.example\. does not exist/],
    [
      'a wildcard that has the type: the answer should have been synthesized',
      'a.z.w.example',
      MX,
      pick('xyw', 'wild'),
      /wildcard \*\.w\.example\. exists/,
    ],
    ['a name outside the zone', 'www.example.net', A, chain, /not in the zone/],
  ])('%s → none', (_case, name, type, records, reason) => {
    const r = nsecDenial({ name, type }, 'example', records);
    expect(r.kind).toBe('none');
    expect(r.kind === 'none' && r.reason).toMatch(reason);
  });

  it('refuses to deny with a CNAME or DNAME bit (RFC 4035 §5.4, RFC 6840 §4.1)', () => {
    const records = [nsec('c.example', 'd.example', [CNAME, RRSIG, NSEC]), nsec('d.example', 'e.example', [DNAME, RRSIG, NSEC])];
    expect(nsecDenial({ name: 'c.example', type: A }, 'example', records)).toMatchObject({
      kind: 'none',
      reason: expect.stringMatching(/CNAME/),
    });
    expect(nsecDenial({ name: 'x.d.example', type: A }, 'example', records)).toMatchObject({
      kind: 'none',
      reason: expect.stringMatching(/below a DNAME/),
    });
    // the DNAME owner itself may lack a type: DNAME redirects only the names below it
    expect(nsecDenial({ name: 'd.example', type: A }, 'example', records)).toEqual({ kind: 'nodata' });
  });

  it('ignores NSEC records of another zone', () => {
    expect(
      nsecDenial({ name: 'ml.example', type: A }, 'example', [nsec('b.other', 'ns1.other', [A]), ...pick('b', 'example')]),
    ).toMatchObject({
      kind: 'nxdomain',
    });
    expect(nsecDenial({ name: 'ml.example', type: A }, 'example', [nsec('a', 'z', [A])])).toMatchObject({ kind: 'none' });
  });
});

describe('wildcard expansion proof with NSEC (RFC 4035 §5.3.4)', () => {
  it('accepts RFC 4035 B.6: a.z.w.example. MX from *.w.example. (RRSIG labels 2)', () => {
    expect(wildcardProof('a.z.w.example', 2, 'example', pick('xyw'), [])).toBe('proven');
  });

  it.each([
    ['no NSEC at all', 'a.z.w.example', 2, []],
    ['an NSEC that does not cover the next closer name', 'a.z.w.example', 2, pick('xw')],
    ['a closer name exists (x.w.example)', 'a.x.w.example', 2, chain],
    ['the next closer name is an empty non-terminal (y.w.example)', 'a.y.w.example', 2, chain],
    ['labels not below the name\u2019s label count: no expansion', 'a.z.w.example', 4, chain],
    ['a wildcard below a delegation (RFC 6840 §4.1)', 'x.y.b.example', 2, chain],
  ])('refuses %s', (_why, qname, labels, records) => {
    expect(wildcardProof(qname, labels, 'example', records, [])).toBe('unproven');
    expect(wildcardProof(qname, labels, 'example', records, [])).toBe('unproven');
  });
});

// ---------------------------------------------------------------------------------------------
// NSEC3: the RFC 5155 Appendix A example zone (SHA-1, Opt-Out, 12 iterations, salt aabbccdd)

const salt = Uint8Array.of(0xaa, 0xbb, 0xcc, 0xdd);
const n3 = (hash: string, next: string, types: number[], over: Partial<Nsec3Record['data']> = {}): Nsec3Record => ({
  owner: `${hash}.example`,
  data: { hashAlgorithm: 1, flags: 1, iterations: 12, salt, nextHashed: base32hexDecode(next), types, ...over },
});
const RFC5155: Record<string, Nsec3Record> = {
  example: n3('0p9mhaveqvm6t7vbl5lop2u3t2rp3tom', '2t7b4g4vsa5smi47k61mv5bv1a22bojr', [MX, DNSKEY, NS, SOA, NSEC3PARAM, RRSIG]),
  ns1: n3('2t7b4g4vsa5smi47k61mv5bv1a22bojr', '2vptu5timamqttgl4luu9kg21e0aor3s', [A, RRSIG]),
  xyw: n3('2vptu5timamqttgl4luu9kg21e0aor3s', '35mthgpgcu1qg68fab165klnsnk3dpvl', [MX, RRSIG]),
  a: n3('35mthgpgcu1qg68fab165klnsnk3dpvl', 'b4um86eghhds6nea196smvmlo4ors995', [NS, DS, RRSIG]),
  xw: n3('b4um86eghhds6nea196smvmlo4ors995', 'gjeqe526plbf1g8mklp59enfd789njgi', [MX, RRSIG]),
  ai: n3('gjeqe526plbf1g8mklp59enfd789njgi', 'ji6neoaepv8b5o6k4ev33abha8ht9fgc', [A, HINFO, AAAA, RRSIG]),
  yw: n3('ji6neoaepv8b5o6k4ev33abha8ht9fgc', 'k8udemvp1j2f7eg6jebps17vp3n8i58h', []),
  w: n3('k8udemvp1j2f7eg6jebps17vp3n8i58h', 'kohar7mbb8dc2ce8a9qvl8hon4k53uhi', []),
  hashname: n3('kohar7mbb8dc2ce8a9qvl8hon4k53uhi', 'q04jkcevqvmu85r014c7dkba38o0ji5r', [A, RRSIG]),
  ns2: n3('q04jkcevqvmu85r014c7dkba38o0ji5r', 'r53bq7cc2uvmubfu5ocmm6pers9tk9en', [A, RRSIG]),
  wild: n3('r53bq7cc2uvmubfu5ocmm6pers9tk9en', 't644ebqk9bibcna874givr6joj62mlhv', [MX, RRSIG]),
  xx: n3('t644ebqk9bibcna874givr6joj62mlhv', '0p9mhaveqvm6t7vbl5lop2u3t2rp3tom', [A, HINFO, AAAA, RRSIG]),
};
const chain3 = Object.values(RFC5155);
const hashOf = (name: string): string => base32hex(nsec3Hash(name, salt, 12)).toLowerCase();
const pick3 = (...keys: string[]): Nsec3Record[] => keys.map((k) => RFC5155[k]!);
const withoutOptOut = (records: Nsec3Record[]): Nsec3Record[] => records.map((r) => ({ ...r, data: { ...r.data, flags: 0 } }));

describe('nsec3Denial: RFC 5155 Appendix B responses', () => {
  it.each([
    // [case, qname, qtype, the response's NSEC3 records, result]
    [
      'B.1 name error (next closer in an Opt-Out span)',
      'a.c.x.w.example',
      A,
      pick3('example', 'xw', 'a'),
      { kind: 'nxdomain', closestEncloser: 'x.w.example', optOut: true },
    ],
    [
      'B.1 without Opt-Out',
      'a.c.x.w.example',
      A,
      withoutOptOut(pick3('example', 'xw', 'a')),
      { kind: 'nxdomain', closestEncloser: 'x.w.example' },
    ],
    ['B.2 no data', 'ns1.example', MX, pick3('ns1'), { kind: 'nodata' }],
    ['B.2.1 no data at an empty non-terminal', 'y.w.example', A, pick3('yw'), { kind: 'nodata' }],
    [
      'B.3 no DS for the Opt-Out delegation c.example (§8.6)',
      'c.example',
      DS,
      pick3('example', 'a'),
      { kind: 'no-ds', delegation: true, optOut: true },
    ],
    ['B.5 wildcard no data (§8.7)', 'a.z.w.example', AAAA, pick3('w', 'ns2', 'wild'), { kind: 'wildcard-nodata', wildcard: '*.w.example' }],
    ['no DS at a name that exists, not a delegation (§8.6)', 'ns1.example', DS, pick3('ns1'), { kind: 'nodata' }],
    [
      'no DS at a delegation with its own NSEC3 (§8.6)',
      'b.example',
      DS,
      [n3(hashOf('b.example'), 'k8udemvp1j2f7eg6jebps17vp3n8i58h', [NS], { flags: 0 })],
      { kind: 'no-ds', delegation: true, optOut: false },
    ],
  ])('%s', (_case, name, type, records, want) => expect(nsec3Denial({ name, type }, 'example', records, nsec3Hash)).toEqual(want));

  it('one Opt-Out proof, two readings: DS NODATA (§8.6) or name error (§8.4); only the RCODE tells them apart', () => {
    // The validator's zone walk asks DS at every label: to an NXDOMAIN answer (B.1 asked as DS) it must
    // take this as a name error, not as an insecure delegation.
    const records = pick3('example', 'xw', 'a');
    expect(nsec3Denial({ name: 'a.c.x.w.example', type: DS }, 'example', records, nsec3Hash)).toEqual({
      kind: 'no-ds',
      delegation: true,
      optOut: true,
    });
    expect(nsec3Denial({ name: 'a.c.x.w.example', type: A }, 'example', records, nsec3Hash)).toEqual({
      kind: 'nxdomain',
      closestEncloser: 'x.w.example',
      optOut: true,
    });
  });

  it.each([
    ['B.6: the child apex NSEC3 cannot deny its DS', 'example', DS, pick3('example'), /child zone apex/],
    ['a DS that exists (a.example)', 'a.example', DS, pick3('a'), /type exists/],
    ['a delegation NSEC3 for a type other than DS (RFC 6840 §4.1)', 'a.example', A, pick3('a'), /delegation point/],
    ['a closest encloser at a delegation (RFC 5155 §8.3)', 'x.a.example', A, chain3, /closest encloser a\.example\. is a delegation/],
    ['B.1 without the NSEC3 covering the wildcard', 'a.c.x.w.example', A, pick3('example', 'xw'), /wildcard \*\.x\.w\.example\./],
    ['B.1 without the NSEC3 covering the next closer name', 'a.c.x.w.example', A, pick3('xw', 'a'), /next closer name c\.x\.w\.example\./],
    ['B.1 without the closest encloser', 'a.c.x.w.example', A, pick3('example', 'a'), /next closer|matches/],
    ['the type exists', 'ai.example', AAAA, pick3('ai'), /type exists/],
    ['a wildcard that has the type', 'a.z.w.example', MX, pick3('w', 'ns2', 'wild'), /wildcard \*\.w\.example\. exists/],
    ['a name outside the zone', 'a.example.net', A, chain3, /not in the zone/],
  ])('%s → none', (_case, name, type, records, reason) => {
    const r = nsec3Denial({ name, type }, 'example', records, nsec3Hash);
    expect(r.kind).toBe('none');
    expect(r.kind === 'none' && r.reason).toMatch(reason);
  });

  it('ignores NSEC3 with an unknown hash algorithm or unknown flags (RFC 5155 §8.2)', () => {
    const b1 = pick3('example', 'xw', 'a');
    for (const over of [{ hashAlgorithm: 2 }, { flags: 0x03 }, { flags: 0x80 }]) {
      const records = b1.map((r) => ({ ...r, data: { ...r.data, ...over } }));
      expect(nsec3Denial({ name: 'a.c.x.w.example', type: A }, 'example', records, nsec3Hash)).toMatchObject({
        kind: 'none',
        reason: expect.stringMatching(/no usable NSEC3/),
      });
    }
    // one unusable record among usable ones is skipped, not fatal
    const mixed = [...b1, { ...RFC5155.ns1!, data: { ...RFC5155.ns1!.data, hashAlgorithm: 2 } }];
    expect(nsec3Denial({ name: 'a.c.x.w.example', type: A }, 'example', mixed, nsec3Hash)).toMatchObject({ kind: 'nxdomain' });
  });

  it('ignores NSEC3 whose owner is not one hash label directly below the zone (RFC 5155 §3.3)', () => {
    const moved = pick3('example', 'xw', 'a').map((r) => ({ ...r, owner: r.owner.replace(/\.example$/, '.x.example') }));
    expect(nsec3Denial({ name: 'a.c.x.w.example', type: A }, 'example', moved, nsec3Hash)).toMatchObject({ kind: 'none' });
    const notHash = [{ ...RFC5155.ns1!, owner: 'ns1.example' }];
    expect(nsec3Denial({ name: 'ns1.example', type: MX }, 'example', notHash, nsec3Hash)).toMatchObject({ kind: 'none' });
  });

  it(`treats iterations above the cap (${NSEC3_MAX_ITERATIONS}) as insecure before hashing (RFC 9276 §3.2)`, () => {
    let calls = 0;
    const counting: Nsec3Hasher = (n, s, i) => (calls++, nsec3Hash(n, s, i));
    const heavy = pick3('example', 'xw', 'a').map((r) => ({ ...r, data: { ...r.data, iterations: NSEC3_MAX_ITERATIONS + 1 } }));
    expect(nsec3Denial({ name: 'a.c.x.w.example', type: A }, 'example', heavy, counting)).toEqual({
      kind: 'insecure-iterations',
      iterations: 51,
    });
    expect(calls).toBe(0);
    expect(
      nsec3Denial({ name: 'a.c.x.w.example', type: A }, 'example', pick3('example', 'xw', 'a'), nsec3Hash, { maxIterations: 11 }),
    ).toEqual({
      kind: 'insecure-iterations',
      iterations: 12,
    });
    expect(NSEC3_MAX_ITERATIONS).toBe(50);
  });
});

describe('wildcard expansion proof with NSEC3 (RFC 5155 §8.8)', () => {
  it('RFC 5155 B.4: the next closer z.w.example. is covered, but by an Opt-Out span (§9.2)', () => {
    expect(wildcardProof('a.z.w.example', 2, 'example', [], pick3('ns2'), nsec3Hash)).toBe('opt-out');
  });

  it('the same proof without Opt-Out is complete', () => {
    expect(wildcardProof('a.z.w.example', 2, 'example', [], withoutOptOut(pick3('ns2')), nsec3Hash)).toBe('proven');
  });

  it.each([
    ['no hasher', pick3('ns2'), undefined, 'unproven'],
    ['an NSEC3 that does not cover z.w.example', withoutOptOut(pick3('example')), nsec3Hash, 'unproven'],
    [
      'iterations above the cap',
      pick3('ns2').map((r) => ({ ...r, data: { ...r.data, iterations: 500 } })),
      nsec3Hash,
      'insecure-iterations',
    ],
  ] as const)('%s → %s', (_why, records, hash, want) => {
    expect(wildcardProof('a.z.w.example', 2, 'example', [], [...records], hash)).toBe(want);
  });

  it('refuses when a closer name exists (x.w.example matches)', () => {
    expect(wildcardProof('a.x.w.example', 2, 'example', [], withoutOptOut(chain3), nsec3Hash)).toBe('unproven');
  });
});

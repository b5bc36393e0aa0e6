/**
 * The DNSSEC validator on the path the product uses: createValidator + clientFetch + DnsClient,
 * asking the lab DNS server that serves the signed lab world (test/lab/zones.ts `labWorld()`), from
 * the lab root's trust anchor read with parseTrustAnchorFile. Each case checks the verdict, the exact
 * reason and the evidence a user sees (dates, key tags, the NSEC/NSEC3 proof), and the chain of trust
 * against the DS and DNSKEY records the lab signer actually published.
 */
import dgram from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DnsClient } from '../../../../../electron/engine/net/dns-client';
import { clientFetch } from '../../../../../electron/engine/net/dnssec/fetch';
import { createValidator, type ValidatorOptions } from '../../../../../electron/engine/net/dnssec/validator';
import type { NameValidation, ZoneLink } from '../../../../../shared/dnssec/result';
import { parseTrustAnchorFile } from '../../../../../shared/dnssec/presentation';
import type { TrustAnchor } from '../../../../../shared/dnssec/types';
import { typeNumber } from '../../../../../shared/dnssec/wire';
import { SMALL_WORLD_ZONES } from '../../../../lab/delv';
import { absoluteOwnerName, type LabDnsServer, type LabRecord, type LabZone } from '../../../../lab/dns-server';
import { signLabWorld, type LabWorld } from '../../../../lab/dnssec-world';
import { useSignedLab } from '../../../../support/signed-lab';

const DAY_MS = 86_400_000;

const lab = useSignedLab();

/** A fresh validator (empty cache) as the engine builds one, asking `server`. */
function validator(
  server: { host: string; port: number } = lab.dns,
  options: Partial<Omit<ValidatorOptions, 'fetch'>> & { timeoutMs?: number; retries?: number } = {},
) {
  const { timeoutMs = 1000, retries, ...rest } = options;
  const client = new DnsClient({ servers: [{ host: server.host, port: server.port }], timeoutMs, ...(retries ? { retries } : {}) });
  return createValidator({ fetch: clientFetch(client), anchors: lab.anchors, ...rest });
}

const validate = (name: string, type: string, v = validator()): Promise<NameValidation> => v.validate(name, typeNumber(type)!);

// ---------------------------------------------------------------------------------------------
// What the lab signer published, read from world.zones (not from our parser)

const zone = (origin: string, zones = lab.world.zones): LabZone => {
  const z = zones.find((x) => absoluteOwnerName('@', x.origin) === origin);
  if (!z) throw new Error(`no lab zone ${origin}`);
  return z;
};
const at = (z: LabZone, owner: string) => z.records.filter((r) => absoluteOwnerName(r.name, z.origin) === owner);
const parentOrigin = (origin: string) => (origin.includes('.') ? origin.slice(origin.indexOf('.') + 1) : '');

/** RFC 4034 Appendix B key tag, computed here from the signer's DNSKEY fields. */
function keyTagOf(flags: number, algorithm: number, key: Uint8Array): number {
  const rdata = [flags >> 8, flags & 0xff, 3, algorithm, ...key];
  let ac = 0;
  rdata.forEach((b, i) => (ac += i & 1 ? b : b << 8));
  ac += (ac >> 16) & 0xffff;
  return ac & 0xffff;
}

function publishedKeys(origin: string, zones = lab.world.zones) {
  return at(zone(origin, zones), origin).flatMap((r) =>
    r.type === 'DNSKEY'
      ? [{ keyTag: keyTagOf(r.data.flags, r.data.algorithm, r.data.key), algorithm: r.data.algorithm, flags: r.data.flags }]
      : [],
  );
}

/** The DS of `origin` at its parent (the root's from the anchor file). */
function publishedDs(origin: string, zones = lab.world.zones) {
  if (origin === '') {
    return [...lab.world.anchors.matchAll(/DS (\d+) (\d+) (\d+)/g)].map((m) => ({ keyTag: +m[1]!, algorithm: +m[2]!, digestType: +m[3]! }));
  }
  return at(zone(parentOrigin(origin), zones), origin).flatMap((r) =>
    r.type === 'DS' ? [{ keyTag: r.data.keyTag, algorithm: r.data.algorithm, digestType: r.data.digestType }] : [],
  );
}

/** The RRSIGs over `type` at `owner` in the zone `origin`, as the signer wrote them. */
function publishedSigs(origin: string, owner: string, type: string, zones = lab.world.zones) {
  return at(zone(origin, zones), owner).flatMap((r) => (r.type === 'RRSIG' && r.data.typeCovered === type ? [r.data] : []));
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const linkOf = (v: NameValidation, z: string): ZoneLink => {
  const link = v.chain.find((l) => l.zone === z);
  if (!link) throw new Error(`no link ${z} in ${v.chain.map((l) => l.zone).join(', ')}`);
  return link;
};

// ---------------------------------------------------------------------------------------------

describe('the signed scenarios (RFC 4035 §5)', () => {
  it('dnssec-ok.test MX: secure, the MX RRset and its valid signature recorded', async () => {
    const v = await validate('dnssec-ok.test', 'MX');
    expect(v).toMatchObject({
      status: 'secure',
      rcode: 'NOERROR',
      zone: 'dnssec-ok.test',
      records: ['dnssec-ok.test. MX 10 mail.dnssec-ok.test.'],
    });
    expect(v.reason).toBeUndefined();
    const [sig] = publishedSigs('dnssec-ok.test', 'dnssec-ok.test', 'MX');
    expect(v.signatures).toEqual([
      {
        covers: 'MX',
        owner: 'dnssec-ok.test',
        keyTag: sig!.keyTag,
        algorithm: 13,
        signer: 'dnssec-ok.test',
        inception: iso(sig!.inception),
        expiration: iso(sig!.expiration),
        result: 'valid',
      },
    ]);
  });

  it.each([
    ['dnssec-nsec3.test', 13],
    ['dnssec-rsa.test', 8],
    ['dnssec-ed25519.test', 15],
    // RFC 8624 §3.1: RSASHA1 must not be used for signing but validators still validate it.
    ['dnssec-sha1.test', 5],
  ])('%s MX: secure with algorithm %i', async (name, algorithm) => {
    const v = await validate(name, 'MX');
    expect(v.status, v.detail).toBe('secure');
    expect(v.signatures.map((s) => [s.algorithm, s.result])).toEqual([[algorithm, 'valid']]);
    expect(linkOf(v, name).dnskeys.map((k) => k.algorithm)).toEqual([algorithm]);
  });

  it('dnssec-expired.test: signature_expired, with the expiry date in the detail and the signature (RFC 4035 §5.3.1)', async () => {
    const v = await validate('dnssec-expired.test', 'MX');
    const [sig] = publishedSigs('dnssec-expired.test', 'dnssec-expired.test', 'DNSKEY');
    const date = iso(sig!.expiration).slice(0, 10);
    expect(v).toMatchObject({ status: 'bogus', reason: 'signature_expired', zone: 'dnssec-expired.test' });
    expect(v.detail).toContain(`expired on ${date}`);
    const link = linkOf(v, 'dnssec-expired.test');
    expect(link).toMatchObject({ status: 'bogus', reason: 'signature_expired' });
    expect(link.signatures.find((s) => s.covers === 'DNSKEY')).toMatchObject({
      keyTag: sig!.keyTag,
      result: 'expired',
      expiration: iso(sig!.expiration),
    });
    // No answer data from a bogus zone reaches the user as validated.
    expect(v.signatures).toEqual([]);
  });

  it('dnssec-future.test: signature_not_yet_valid, with the inception date', async () => {
    const v = await validate('dnssec-future.test', 'MX');
    const [sig] = publishedSigs('dnssec-future.test', 'dnssec-future.test', 'DNSKEY');
    expect(v).toMatchObject({ status: 'bogus', reason: 'signature_not_yet_valid' });
    expect(v.detail).toContain(`is valid only from ${iso(sig!.inception).slice(0, 10)}`);
    expect(linkOf(v, 'dnssec-future.test').signatures.find((s) => s.covers === 'DNSKEY')).toMatchObject({
      result: 'not_yet_valid',
      inception: iso(sig!.inception),
    });
  });

  it('dnssec-ds-mismatch.test: no_dnskey_matches_ds, naming the DS and the keys served (RFC 4035 §5.2)', async () => {
    const v = await validate('dnssec-ds-mismatch.test', 'MX');
    const [ds] = publishedDs('dnssec-ds-mismatch.test');
    const [key] = publishedKeys('dnssec-ds-mismatch.test');
    expect(ds!.keyTag).not.toBe(key!.keyTag);
    expect(v).toMatchObject({ status: 'bogus', reason: 'no_dnskey_matches_ds' });
    expect(v.detail).toContain(`DS ${ds!.keyTag}/13/2`);
    expect(v.detail).toContain(`key tags served: ${key!.keyTag}`);
    const link = linkOf(v, 'dnssec-ds-mismatch.test');
    expect(link.ds).toEqual([{ ...ds, matched: false }]);
    expect(link.dnskeys).toEqual([key]);
  });

  it('onprem.test: insecure no_ds, proven by the NSEC at the cut in test (NS bit, no DS bit)', async () => {
    const v = await validate('onprem.test', 'MX');
    expect(v).toMatchObject({
      status: 'insecure',
      reason: 'no_ds',
      zone: 'onprem.test',
      records: ['onprem.test. MX 10 mail.onprem.test.'],
    });
    const link = linkOf(v, 'onprem.test');
    expect(link).toMatchObject({ status: 'insecure', reason: 'no_ds', anchored: false });
    expect(link.proof).toMatch(/^onprem\.test\. NSEC \S+ NS RRSIG NSEC$/);
    expect(v.chain.map((l) => [l.zone, l.status])).toEqual([
      ['', 'secure'],
      ['test', 'secure'],
      ['onprem.test', 'insecure'],
    ]);
  });

  it('insecure.nsec3-optout.test: insecure no_ds, proven by an Opt-Out NSEC3 span (RFC 5155 §6, §8.6)', async () => {
    const v = await validate('insecure.nsec3-optout.test', 'MX');
    expect(v).toMatchObject({ status: 'insecure', reason: 'no_ds' });
    const link = linkOf(v, 'insecure.nsec3-optout.test');
    expect(link.reason).toBe('no_ds');
    // `NSEC3 1 1 0`: SHA-1, the Opt-Out flag, no extra iterations.
    expect(link.proof).toMatch(/\.nsec3-optout\.test\. NSEC3 1 1 0 [0-9A-V]{32}/);
    expect(link.detail).toMatch(/opt-out/i);
    // Names below the insecure cut are insecure too.
    expect(await validate('mail.insecure.nsec3-optout.test', 'A')).toMatchObject({ status: 'insecure', reason: 'no_ds' });
  });

  it('mx.dnssec-wildcard.test A: secure from the wildcard, with the NSEC proving the name itself absent (RFC 4035 §5.3.4)', async () => {
    const v = await validate('mx.dnssec-wildcard.test', 'A');
    expect(v).toMatchObject({
      status: 'secure',
      wildcard: '*.dnssec-wildcard.test',
      records: ['mx.dnssec-wildcard.test. A 127.0.20.59'],
    });
    expect(v.signatures.map((s) => [s.owner, s.result])).toEqual([['mx.dnssec-wildcard.test', 'valid']]);
    // A name that exists is not a wildcard answer.
    expect((await validate('dnssec-wildcard.test', 'MX')).wildcard).toBeUndefined();
  });

  it.each([
    // [name, type, rcode, the proof in the detail]
    ['nope.dnssec-ok.test', 'A', 'NXDOMAIN', /NSEC .*; dnssec-ok\.test\. NSEC /],
    // The NSEC at the name itself, its type bitmap without AAAA.
    ['dnssec-ok.test', 'AAAA', 'NOERROR', /^dnssec-ok\.test\. NSEC \S+ NS SOA (?:(?!AAAA)\S+ )*DNSKEY$/],
    // RFC 4035 §3.1.3.1 / RFC 6840 §4.3: an empty non-terminal, proven by the NSEC whose next name is below it.
    ['_domainkey.dnssec-ok.test', 'TXT', 'NOERROR', /^_dmarc\.dnssec-ok\.test\. NSEC mail\._domainkey\.dnssec-ok\.test\. /],
    // RFC 5155 §8.4: closest encloser, next closer covered, wildcard covered.
    ['nope.dnssec-nsec3.test', 'A', 'NXDOMAIN', /^(\S+\.dnssec-nsec3\.test\. NSEC3 1 0 0 [^;]*;? ?){3}$/],
    ['dnssec-nsec3.test', 'AAAA', 'NOERROR', /^\S+\.dnssec-nsec3\.test\. NSEC3 1 0 0 \S+ NS SOA MX TXT RRSIG DNSKEY NSEC3PARAM$/],
    // RFC 5155 §7.2.3: an empty non-terminal has its own NSEC3 (no types).
    ['_domainkey.dnssec-nsec3.test', 'TXT', 'NOERROR', /^\S+\.dnssec-nsec3\.test\. NSEC3 1 0 0 \S+ ?$/],
  ])('%s %s: secure %s, the proof in the detail', async (name, type, rcode, proof) => {
    const v = await validate(name, type);
    expect(v, v.detail).toMatchObject({ status: 'secure', rcode, records: [] });
    expect(v.detail).toMatch(proof);
    expect(v.signatures.length).toBeGreaterThan(0);
    expect(v.signatures.every((s) => s.result === 'valid' && (s.covers === 'NSEC' || s.covers === 'NSEC3'))).toBe(true);
  });

  it('mx.mx-cname.test: the CNAME is followed and recorded; the lab signs no zone of this chain, so insecure', async () => {
    const v = await validate('mx.mx-cname.test', 'A');
    expect(v).toMatchObject({
      status: 'insecure',
      reason: 'no_ds',
      cnames: ['real.mx-cname.test'],
      records: ['real.mx-cname.test. A 127.0.20.9'],
    });
  });
});

describe("DS is the parent zone's data (RFC 4034 §5, RFC 4035 §5.2)", () => {
  it('dnssec-ok.test DS: secure, validated with the keys of test', async () => {
    const v = await validate('dnssec-ok.test', 'DS');
    const [ds] = publishedDs('dnssec-ok.test');
    expect(v).toMatchObject({ status: 'secure', zone: 'test', records: [expect.stringMatching(/^dnssec-ok\.test\. DS \\# 36 /)] });
    expect(v.records[0]).toContain(ds!.keyTag.toString(16).toUpperCase().padStart(4, '0'));
    expect(v.signatures.map((s) => [s.covers, s.signer, s.keyTag, s.result])).toEqual([
      ['DS', 'test', publishedKeys('test')[0]!.keyTag, 'valid'],
    ]);
  });

  it.each([
    ['onprem.test', /^onprem\.test\. NSEC \S+ NS RRSIG NSEC$/, 'an unsigned delegation: NSEC with the NS bit and no DS bit'],
    ['insecure.nsec3-optout.test', /NSEC3 1 1 0 /, 'an Opt-Out NSEC3 span covering the delegation (RFC 5155 §8.6)'],
    ['mail.dnssec-ok.test', /^mail\.dnssec-ok\.test\. NSEC \S+ A RRSIG NSEC$/, 'a name that is no delegation'],
  ])('%s DS: a secure NODATA (%s; %s)', async (name, proof) => {
    const v = await validate(name, 'DS');
    expect(v, v.detail).toMatchObject({ status: 'secure', rcode: 'NOERROR', records: [] });
    expect(v.detail).toMatch(proof);
  });

  it('nope.nsec3-optout.test A: an NXDOMAIN under an Opt-Out span is a name error proof (RFC 5155 §8.4), secure', async () => {
    const v = await validate('nope.nsec3-optout.test', 'A');
    expect(v).toMatchObject({ status: 'secure', rcode: 'NXDOMAIN', zone: 'nsec3-optout.test' });
    expect(v.detail).toMatch(/NSEC3 1 1 0 /);
  });
});

describe('the chain of trust recorded (RFC 4035 §5.2)', () => {
  it.each(['dnssec-ok.test', 'dnssec-rsa.test', 'dnssec-nsec3.test'])(
    '%s: each link names the DS and DNSKEY the lab published, and the signatures over them',
    async (name) => {
      const v = await validate(name, 'MX');
      expect(v.chain.map((l) => l.zone)).toEqual(['', 'test', name]);
      for (const link of v.chain) {
        expect(link.status).toBe('secure');
        expect(link.anchored).toBe(link.zone === '');
        expect(link.ds).toEqual(publishedDs(link.zone).map((d) => ({ ...d, matched: true })));
        expect(link.dnskeys).toEqual(publishedKeys(link.zone));
        const want = [
          // The parent's signature over the DS RRset (none for the anchored root), then the zone's over its DNSKEY RRset.
          ...(link.zone === '' ? [] : publishedSigs(parentOrigin(link.zone), link.zone, 'DS').map((s) => ['DS', s.keyTag, s.algorithm])),
          ...publishedSigs(link.zone, link.zone, 'DNSKEY').map((s) => ['DNSKEY', s.keyTag, s.algorithm]),
        ];
        expect(link.signatures.map((s) => [s.covers, s.keyTag, s.algorithm])).toEqual(want);
        expect(link.signatures.every((s) => s.result === 'valid')).toBe(true);
      }
      // The DS at each parent is signed by the parent's own key.
      expect(linkOf(v, name).signatures[0]!.keyTag).toBe(publishedKeys('test')[0]!.keyTag);
    },
  );
});

describe('the clock (RFC 4035 §5.3.1)', () => {
  it('60 days ahead, every signature of a secure zone has expired', async () => {
    const v = await validate('dnssec-ok.test', 'MX', validator(lab.dns, { now: () => Date.now() + 60 * DAY_MS }));
    expect(v).toMatchObject({ status: 'bogus', reason: 'signature_expired' });
    // The first link to fail is the anchored root's own DNSKEY RRset.
    expect(v.chain[0]).toMatchObject({ zone: '', status: 'bogus', reason: 'signature_expired' });
  });

  it('before the inception (the lab signs from one hour ago), nothing is valid yet', async () => {
    const v = await validate('dnssec-ok.test', 'MX', validator(lab.dns, { now: () => Date.now() - 2 * 3_600_000 }));
    expect(v).toMatchObject({ status: 'bogus', reason: 'signature_not_yet_valid' });
  });
});

describe('resolvers and servers that do not help', () => {
  it('a resolver that strips DNSSEC: indeterminate resolver_strips_dnssec, not bogus', async () => {
    const strip = await lab.serve(lab.world.zones, true);
    const v = await validate('dnssec-ok.test', 'MX', validator(strip));
    expect(v).toMatchObject({ status: 'indeterminate', reason: 'resolver_strips_dnssec' });
    expect(v.detail).toBe('no DNSKEY and no RRSIG for .');
  });

  it('one zone served without its DNSSEC data while its parent vouches for it: bogus dnskey_missing (RFC 4035 §5.2)', async () => {
    const server = await lab.serve(
      lab.world.zones.map((z) => (z.origin === 'dnssec-ok.test' ? { ...z, behaviour: 'strip-dnssec' as const } : z)),
    );
    const v = await validate('dnssec-ok.test', 'MX', validator(server));
    expect(v).toMatchObject({ status: 'bogus', reason: 'dnskey_missing' });
    expect(v.detail).toMatch(/dnssec-ok\.test\. has DS records at its parent but answers no DNSKEY/);
    expect((await validate('dnssec-nsec3.test', 'MX', validator(server))).status).toBe('secure');
  });

  it('a server that never answers: indeterminate lookup_failed after `retries` attempts, nothing more', async () => {
    const dead = dgram.createSocket('udp4');
    let received = 0;
    dead.on('message', () => received++);
    await new Promise<void>((resolve) => dead.bind(0, '127.0.0.1', resolve));
    try {
      const v = await validate(
        'dnssec-ok.test',
        'MX',
        validator({ host: '127.0.0.1', port: dead.address().port }, { timeoutMs: 100, retries: 2 }),
      );
      expect(v).toMatchObject({ status: 'indeterminate', reason: 'lookup_failed' });
      expect(v.detail).toMatch(/no response within 2 × 100 ms/);
      // The first query (the root's DNSKEY) is sent `retries` times and the validation ends there.
      expect(received).toBe(2);
    } finally {
      await new Promise<void>((resolve) => dead.close(() => resolve()));
    }
  });

  it.each([
    ['mail.timeout.test', 'A', /no response within/, 'the zone drops every query'],
    ['garbage.test', 'MX', /undecodable/, 'the zone answers random bytes'],
    ['servfail.test', 'MX', /the resolver answered SERVFAIL/, 'the zone answers SERVFAIL'],
  ])('%s %s: indeterminate lookup_failed (%s; %s)', async (name, type, detail) => {
    const v = await validate(name, type, validator(lab.dns, { timeoutMs: 100 }));
    expect(v).toMatchObject({ status: 'indeterminate', reason: 'lookup_failed' });
    expect(v.detail).toMatch(detail);
  });

  it('too many queries: indeterminate too_many_queries, and no query beyond the bound', async () => {
    const v = validator(lab.dns, { maxQueries: 3 });
    const result = await validate('dnssec-ok.test', 'MX', v);
    expect(result).toMatchObject({ status: 'indeterminate', reason: 'too_many_queries' });
    expect(result.detail).toBe('more than 3 DNSSEC queries were needed');
    expect(v.queries).toBe(3);
    // With enough room the same validation needs six: DNSKEY ., DS test, DNSKEY test, DS and DNSKEY dnssec-ok.test, MX.
    const roomy = validator(lab.dns, { maxQueries: 6 });
    expect((await validate('dnssec-ok.test', 'MX', roomy)).status).toBe('secure');
    expect(roomy.queries).toBe(6);
  });
});

// ---------------------------------------------------------------------------------------------
// Tampered copies of the world: one record changed, the rest as signed

type Tamper = (records: LabRecord[], origin: string) => LabRecord[];

function tampered(origin: string, change: Tamper): LabZone[] {
  return lab.world.zones.map((z) => (z.origin === origin ? { ...z, records: change(z.records, origin) } : z));
}

const isSig = (r: LabRecord, owner: string, origin: string, covers: string) =>
  r.type === 'RRSIG' && r.data.typeCovered === covers && absoluteOwnerName(r.name, origin) === owner;

describe('tampered zones', () => {
  it('one byte of the MX RRSIG flipped: bogus bad_signature (RFC 4035 §5.3.3)', async () => {
    const server = await lab.serve(
      tampered('dnssec-ok.test', (records, origin) =>
        records.map((r) => {
          if (!isSig(r, origin, origin, 'MX') || r.type !== 'RRSIG') return r;
          const signature = Buffer.from(r.data.signature);
          signature[10]! ^= 0x01;
          return { ...r, data: { ...r.data, signature } };
        }),
      ),
    );
    const v = await validate('dnssec-ok.test', 'MX', validator(server));
    expect(v).toMatchObject({ status: 'bogus', reason: 'bad_signature' });
    expect(v.signatures.map((s) => [s.covers, s.result])).toEqual([['MX', 'invalid']]);
    expect(v.detail).toMatch(/dnssec-ok\.test\. MX: RRSIG \d+\/13 by dnssec-ok\.test\. does not verify/);
  });

  it('the MX RRSIG removed: bogus rrsig_missing', async () => {
    const server = await lab.serve(tampered('dnssec-ok.test', (records, origin) => records.filter((r) => !isSig(r, origin, origin, 'MX'))));
    const v = await validate('dnssec-ok.test', 'MX', validator(server));
    expect(v).toMatchObject({ status: 'bogus', reason: 'rrsig_missing', detail: 'dnssec-ok.test. MX has no RRSIG' });
  });

  it('the RRSIG naming a key tag the zone does not have: bogus no_key_for_signature', async () => {
    const server = await lab.serve(
      tampered('dnssec-ok.test', (records, origin) =>
        records.map((r) =>
          isSig(r, origin, origin, 'MX') && r.type === 'RRSIG' ? { ...r, data: { ...r.data, keyTag: (r.data.keyTag + 1) & 0xffff } } : r,
        ),
      ),
    );
    const v = await validate('dnssec-ok.test', 'MX', validator(server));
    expect(v).toMatchObject({ status: 'bogus', reason: 'no_key_for_signature' });
  });

  it('every NSEC removed: the NODATA answer proves nothing, bogus denial_broken (RFC 4035 §5.4)', async () => {
    const server = await lab.serve(
      tampered('dnssec-ok.test', (records) =>
        records.filter((r) => r.type !== 'NSEC' && !(r.type === 'RRSIG' && r.data.typeCovered === 'NSEC')),
      ),
    );
    const v = await validate('dnssec-ok.test', 'AAAA', validator(server));
    expect(v).toMatchObject({ status: 'bogus', reason: 'denial_broken' });
    expect(v.detail).toBe('the negative answer for dnssec-ok.test. AAAA carries no NSEC/NSEC3 proof');
  });

  it('the NSEC at the name removed: the NSEC served instead does not cover it, bogus denial_broken', async () => {
    const server = await lab.serve(
      tampered('dnssec-ok.test', (records, origin) =>
        records.filter((r) => !(absoluteOwnerName(r.name, origin) === origin && (r.type === 'NSEC' || isSig(r, origin, origin, 'NSEC')))),
      ),
    );
    const v = await validate('dnssec-ok.test', 'AAAA', validator(server));
    expect(v).toMatchObject({ status: 'bogus', reason: 'denial_broken', detail: 'no NSEC covers the name' });
  });

  it('every NSEC3 removed from an NSEC3 zone: bogus denial_broken for its NODATA', async () => {
    const server = await lab.serve(
      tampered('dnssec-nsec3.test', (records) =>
        records.filter((r) => r.type !== 'NSEC3' && !(r.type === 'RRSIG' && r.data.typeCovered === 'NSEC3')),
      ),
    );
    const v = await validate('dnssec-nsec3.test', 'AAAA', validator(server));
    expect(v).toMatchObject({ status: 'bogus', reason: 'denial_broken' });
  });

  it('a wildcard answer whose NSEC proof is dropped on the way: bogus wildcard_unproven (RFC 4035 §5.3.4)', async () => {
    // Removing the NSEC from the zone would break the DS walk first, so the answer loses its authority section in transit.
    const client = new DnsClient({ servers: [{ host: lab.dns.host, port: lab.dns.port }], timeoutMs: 1000 });
    const inner = clientFetch(client);
    const v = createValidator({
      anchors: lab.anchors,
      fetch: async (name, type) => {
        const r = await inner(name, type);
        return name === 'mx.dnssec-wildcard.test' && type === typeNumber('A') ? { ...r, message: { ...r.message, authorities: [] } } : r;
      },
    });
    const result = await validate('mx.dnssec-wildcard.test', 'A', v);
    expect(result).toMatchObject({ status: 'bogus', reason: 'wildcard_unproven', wildcard: '*.dnssec-wildcard.test' });
    expect(result.detail).toBe('no proof that mx.dnssec-wildcard.test. itself does not exist');
  });
});

describe('trust anchors (RFC 4033 §2)', () => {
  it('the root key given as a DNSKEY (not a DS): secure, the root link marked as the anchor', async () => {
    const root = zone('').records.find((r) => r.type === 'DNSKEY')!;
    if (root.type !== 'DNSKEY') throw new Error('no root DNSKEY');
    const text = `. IN DNSKEY ${root.data.flags} 3 ${root.data.algorithm} ${Buffer.from(root.data.key).toString('base64')}\n`;
    const dnskeyAnchors = parseTrustAnchorFile(text, 'test');
    expect(dnskeyAnchors[0]!.kind).toBe('dnskey');
    const v = await validate('dnssec-ok.test', 'MX', validator(lab.dns, { anchors: dnskeyAnchors }));
    expect(v.status, v.detail).toBe('secure');
    expect(v.chain[0]).toMatchObject({ zone: '', anchored: true, status: 'secure', ds: [] });
  });

  it('an anchor for a key the root does not have: bogus no_dnskey_matches_ds at the root', async () => {
    const [ds] = publishedDs('');
    const rogue = parseTrustAnchorFile(`. IN DS ${(ds!.keyTag + 1) & 0xffff} 13 2 ${'AB'.repeat(32)}\n`, 'test');
    const v = await validate('dnssec-ok.test', 'MX', validator(lab.dns, { anchors: rogue }));
    expect(v).toMatchObject({ status: 'bogus', reason: 'no_dnskey_matches_ds' });
    expect(v.chain).toHaveLength(1);
    expect(v.chain[0]).toMatchObject({ zone: '', anchored: true, status: 'bogus', reason: 'no_dnskey_matches_ds' });
  });

  it('no anchor covering the name: insecure, saying so', async () => {
    const elsewhere = parseTrustAnchorFile(`example. IN DS 12345 13 2 ${'AB'.repeat(32)}\n`, 'test');
    const v = await validate('dnssec-ok.test', 'MX', validator(lab.dns, { anchors: elsewhere }));
    expect(v).toMatchObject({ status: 'insecure', reason: 'no_ds' });
    expect(v.chain).toEqual([expect.objectContaining({ zone: '', status: 'insecure', detail: 'no trust anchor covers this name' })]);
  });

  it('the most specific anchor wins: with the DS of `test` as anchor the chain starts there', async () => {
    const lines = publishedDs('test').map((d) => d);
    const test = zone('').records.find((r) => r.type === 'DS' && absoluteOwnerName(r.name, '.') === 'test')!;
    if (test.type !== 'DS') throw new Error('no DS for test');
    const text = `test. IN DS ${test.data.keyTag} ${test.data.algorithm} ${test.data.digestType} ${Buffer.from(test.data.digest).toString('hex')}\n`;
    const v = await validate(
      'dnssec-ok.test',
      'MX',
      validator(lab.dns, { anchors: [...lab.anchors, ...parseTrustAnchorFile(text, 'test')] }),
    );
    expect(v.status).toBe('secure');
    expect(v.chain.map((l) => [l.zone, l.anchored])).toEqual([
      ['test', true],
      ['dnssec-ok.test', false],
    ]);
    expect(v.chain[0]!.ds).toEqual(lines.map((d) => ({ ...d, matched: true })));
  });
});

// ---------------------------------------------------------------------------------------------
// Signed CNAME chains. The lab world signs no CNAME (mx-cname.test and exo-good.test are unsigned),
// so delv's small world (test/lab/delv.ts), plus CNAMEs from it to an expired and to an unsigned zone.

describe('signed CNAME chains (RFC 4035 §5.3, RFC 2181 §10.1)', () => {
  let small: LabWorld;
  let server: LabDnsServer;
  let smallAnchors: TrustAnchor[];
  beforeAll(async () => {
    const soa = (origin: string): LabRecord => ({
      name: '@',
      type: 'SOA',
      data: { mname: `ns1.${origin}`, rname: `hostmaster.${origin}` },
    });
    const toOtherZones: LabRecord[] = [
      { name: 'tobad', type: 'CNAME', data: 'www.bad.test' },
      { name: 'toplain', type: 'CNAME', data: 'www.plain.test' },
    ];
    small = await signLabWorld([
      ...SMALL_WORLD_ZONES.map((z) => (z.origin === 'w1.test' ? { ...z, records: [...z.records, ...toOtherZones] } : z)),
      {
        origin: 'bad.test',
        dnssec: { algorithm: 13, validity: 'expired' },
        records: [soa('bad.test'), { name: 'www', type: 'A', data: '192.0.2.3' }],
      },
      { origin: 'plain.test', records: [soa('plain.test'), { name: 'www', type: 'A', data: '192.0.2.4' }] },
    ]);
    server = await lab.serve(small.zones);
    smallAnchors = parseTrustAnchorFile(await readFile(small.anchorFile, 'utf8'), small.anchorFile);
  }, 30_000);
  afterAll(() => small?.dispose());

  const check = (name: string) => validate(name, 'A', validator(server, { anchors: smallAnchors }));

  it('a CNAME from an NSEC zone to a wildcard name in an NSEC3 zone: secure, both zones in the chain', async () => {
    const v = await check('alias.w1.test');
    expect(v).toMatchObject({ status: 'secure', cnames: ['x.w3.test'], records: ['x.w3.test. A 192.0.2.1'], wildcard: '*.w3.test' });
    expect(v.chain.map((l) => l.zone)).toEqual(['', 'test', 'w1.test', 'w3.test']);
    expect(v.signatures.map((s) => [s.covers, s.signer, s.result])).toEqual([
      ['CNAME', 'w1.test', 'valid'],
      ['A', 'w3.test', 'valid'],
    ]);
  });

  it('a CNAME inside an NSEC3 zone to a wildcard-synthesised name: secure', async () => {
    expect(await check('alias.w3.test')).toMatchObject({ status: 'secure', cnames: ['via.w3.test'], wildcard: '*.w3.test' });
  });

  it('a signed CNAME to an expired zone: the chain is as bad as its target, bogus signature_expired', async () => {
    const v = await check('tobad.w1.test');
    expect(v).toMatchObject({ status: 'bogus', reason: 'signature_expired', cnames: ['www.bad.test'] });
    expect(v.chain.map((l) => [l.zone, l.status])).toEqual([
      ['', 'secure'],
      ['test', 'secure'],
      ['w1.test', 'secure'],
      ['bad.test', 'bogus'],
    ]);
  });

  it('a signed CNAME to an unsigned zone: insecure', async () => {
    expect(await check('toplain.w1.test')).toMatchObject({ status: 'insecure', reason: 'no_ds', cnames: ['www.plain.test'] });
  });
});

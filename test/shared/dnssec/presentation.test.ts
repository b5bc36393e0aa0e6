import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDnskey, formatDs, parseTrustAnchorFile, TrustAnchorError } from '../../../shared/dnssec/presentation';
import type { TrustAnchor } from '../../../shared/dnssec/types';

type Ds = Extract<TrustAnchor, { kind: 'ds' }>;
type Dnskey = Extract<TrustAnchor, { kind: 'dnskey' }>;

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const ds = (anchor: TrustAnchor | undefined): Ds => {
  if (anchor?.kind !== 'ds') throw new Error(`expected a DS anchor, got ${anchor?.kind}`);
  return anchor;
};
const dnskey = (anchor: TrustAnchor | undefined): Dnskey => {
  if (anchor?.kind !== 'dnskey') throw new Error(`expected a DNSKEY anchor, got ${anchor?.kind}`);
  return anchor;
};

/** RFC 4034 §6.2 canonical owner wire form, for plain names. */
const ownerWire = (owner: string) =>
  Buffer.concat([
    ...(owner === '' ? [] : owner.split('.')).map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])),
    Buffer.from([0]),
  ]);
/** RFC 4034 §5.1.4: digest = hash(owner | DNSKEY RDATA). */
const dsDigest = (owner: string, rdata: Uint8Array, algorithm: 'sha1' | 'sha256' | 'sha384') =>
  createHash(algorithm).update(ownerWire(owner)).update(rdata).digest('hex').toUpperCase();

/** The error the parser throws for `text`, or a failure if it accepts it. */
const refusal = (text: string | Uint8Array): TrustAnchorError => {
  try {
    parseTrustAnchorFile(text, 'test');
  } catch (error) {
    if (error instanceof TrustAnchorError) return error;
    throw error;
  }
  throw new Error(`accepted: ${String(text)}`);
};

// RFC 4034 §5.4 example: the DNSKEY and the DS computed from it, key id 60485.
const RFC4034_KEY =
  'AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==';
const RFC4034_EXAMPLE = `dskey.example.com. 86400 IN DNSKEY 256 3 5 ( AQOeiiR0GOMYkDshWoSKz9Xz
                                             fwJr1AYtsmx3TGkJaNXVbfi/
                                             2pHm822aJ5iI9BMzNXxeYCmZ
                                             DRD99WYwYqUSdjMmmAphXdvx
                                             egXd/M5+X7OrzKBaMbCVdFLU
                                             Uh6DhweJBjEVv5f2wwjM9Xzc
                                             nOf+EPbtG9DMBmADjFDc2w/r
                                             ljwvFw==
                                             ) ;  key id = 60485

dskey.example.com. 86400 IN DS 60485 5 1 ( 2BB183AF5F22588179A53B0A
                                           98631FAD1A292118 )
`;
const P256 = 'A9CmhjJl4o3g9cWb8JWTgljUfI/4fA9Zb5npoEIon+31txkdLh7ujsLddBJN6pYnbRtpI5QwX3nNlnVtMpfx0w==';
const SHA256_HEX = 'ED8D81D670151149EDA903DA4924F401371BD4B84F376BB55C7E5C0A9EF0042D';

describe('RFC 4034 examples', () => {
  it('§5.4: the DNSKEY spanning lines in parentheses, its key tag 60485 (Appendix B) and the DS', () => {
    const [key, dsAnchor] = parseTrustAnchorFile(RFC4034_EXAMPLE, 'rfc4034.txt');
    const k = dnskey(key);
    expect(k).toMatchObject({ owner: 'dskey.example.com', source: 'rfc4034.txt:1' });
    expect(k.data).toMatchObject({ flags: 256, protocol: 3, algorithm: 5, keyTag: 60485 });
    expect(b64(k.data.publicKey)).toBe(RFC4034_KEY);
    // §2.1: RDATA = flags(2) protocol(1) algorithm(1) key
    expect(Buffer.from(k.rdata).subarray(0, 4)).toEqual(Buffer.from([1, 0, 3, 5]));
    expect(b64(k.rdata.subarray(4))).toBe(RFC4034_KEY);
    const d = ds(dsAnchor);
    expect(d).toMatchObject({ owner: 'dskey.example.com', source: 'rfc4034.txt:11' });
    expect(d.data).toMatchObject({ keyTag: 60485, algorithm: 5, digestType: 1 });
    expect(hex(d.data.digest)).toBe('2BB183AF5F22588179A53B0A98631FAD1A292118');
    // §5.1.4: the digest is SHA-1 over owner and RDATA, so the RDATA we built is the real one.
    expect(dsDigest('dskey.example.com', k.rdata, 'sha1')).toBe(hex(d.data.digest));
  });

  it('§2.3: the example.com DNSKEY has key tag 2642 (the tag in the §3.3 RRSIG example)', () => {
    const text =
      'example.com. 86400 IN DNSKEY 256 3 5 ( AQPSKmynfzW4kyBv015MUG2DeIQ3Cbl+BBZH4b/0PY1kxkmvHjcZc8nokfzj31GajIQKY+5CptLr3buXA10hWqTkF7H6RfoRqXQeogmMHfpftf6zMv1LyBUgia7za6ZEzOJBOztyvhjL742iU/TpPSEDhm2SNKLijfUppn1UaNvv4w== )';
    expect(dnskey(parseTrustAnchorFile(text, 't')[0]).data.keyTag).toBe(2642);
  });

  it('Appendix B.1: an RSA/MD5 key takes its tag from the modulus (15407, as ldns-key2ds computes)', () => {
    const anchor = dnskey(parseTrustAnchorFile(`example. IN DNSKEY 257 3 1 ${RFC4034_KEY}`, 't')[0]);
    expect(anchor.data.keyTag).toBe(15407);
  });
});

describe('tool output (RFC 1035 §5.1 master-file format)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mailaudit-ta-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (command: string, args: string[]) =>
    execFileSync(command, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const tagFromBase = (base: string, algorithm: number) => {
    const match = new RegExp(`^Kexample\\.\\+0*${algorithm}\\+0*(\\d+)$`).exec(base.trim());
    if (!match) throw new Error(`unexpected key name ${base}`);
    return Number(match[1]);
  };

  it('dnssec-keygen .key file (comment lines, no TTL) and dnssec-dsfromkey SHA-256/SHA-384 DS', () => {
    const base = run('dnssec-keygen', ['-a', 'ECDSAP256SHA256', '-f', 'KSK', '-n', 'ZONE', 'example.']).trim();
    const tag = tagFromBase(base, 13);
    const keyText = readFileSync(join(dir, `${base}.key`), 'utf8');
    expect(keyText).toMatch(/^; This is a key-signing key, keyid \d+, for example\./);
    const [key] = parseTrustAnchorFile(keyText, `${base}.key`);
    const k = dnskey(key);
    expect(k.owner).toBe('example');
    expect(k.data).toMatchObject({ flags: 257, protocol: 3, algorithm: 13, keyTag: tag });
    expect(k.data.publicKey).toHaveLength(64);
    expect(k.source).toBe(`${base}.key:${keyText.split('\n').findIndex((l) => l.includes('DNSKEY')) + 1}`);

    const dsText = run('dnssec-dsfromkey', [`${base}.key`]) + run('dnssec-dsfromkey', ['-a', 'SHA-384', `${base}.key`]);
    const [sha256, sha384] = parseTrustAnchorFile(dsText, 'dsfromkey').map(ds);
    expect(sha256!.data).toMatchObject({ keyTag: tag, algorithm: 13, digestType: 2 });
    expect(sha384!.data).toMatchObject({ keyTag: tag, algorithm: 13, digestType: 4 });
    expect(hex(sha256!.data.digest)).toBe(dsDigest('example', k.rdata, 'sha256'));
    expect(hex(sha384!.data.digest)).toBe(dsDigest('example', k.rdata, 'sha384'));
  });

  it('dnssec-keygen with a TTL and an RSA key (base64 split by spaces)', () => {
    const base = run('dnssec-keygen', ['-L', '3600', '-a', 'RSASHA256', '-b', '2048', '-n', 'ZONE', 'example.']).trim();
    const keyText = readFileSync(join(dir, `${base}.key`), 'utf8');
    expect(keyText).toMatch(/example\. 3600 IN DNSKEY 256 3 8 \S+ \S+/);
    const k = dnskey(parseTrustAnchorFile(keyText, 'rsa')[0]);
    expect(k.data).toMatchObject({ flags: 256, algorithm: 8, keyTag: tagFromBase(base, 8) });
    const ds1 = ds(parseTrustAnchorFile(run('dnssec-dsfromkey', ['-1', `${base}.key`]), 'ds')[0]);
    expect(ds1.data.digestType).toBe(1);
    expect(hex(ds1.data.digest)).toBe(dsDigest('example', k.rdata, 'sha1'));
  });

  it('ldns-keygen .key file (tabs, trailing ;{id = …} comment) and its .ds file and ldns-key2ds output', () => {
    const base = run('ldns-keygen', ['-a', 'ECDSAP256SHA256', '-k', 'example.']).trim();
    const tag = tagFromBase(base, 13);
    const keyText = readFileSync(join(dir, `${base}.key`), 'utf8');
    expect(keyText).toContain(`;{id = ${tag} (ksk)`);
    const k = dnskey(parseTrustAnchorFile(keyText, 'ldns')[0]);
    expect(k.data).toMatchObject({ flags: 257, algorithm: 13, keyTag: tag });
    expect(readdirSync(dir)).toContain(`${base}.ds`);
    const dsFile = ds(parseTrustAnchorFile(readFileSync(join(dir, `${base}.ds`), 'utf8'), 'ldns.ds')[0]);
    expect(dsFile.data).toMatchObject({ keyTag: tag, algorithm: 13, digestType: 2 });
    // ldns writes the digest in lower case
    expect(hex(dsFile.data.digest)).toBe(dsDigest('example', k.rdata, 'sha256'));
    const key2ds = run('ldns-key2ds', ['-n', '-4', `${base}.key`]);
    expect(key2ds).toMatch(/^example\.\t3600\tIN\tDS\t/);
    const d = ds(parseTrustAnchorFile(key2ds, 'key2ds')[0]);
    expect(d.data).toMatchObject({ keyTag: tag, digestType: 4 });
    expect(hex(d.data.digest)).toBe(dsDigest('example', k.rdata, 'sha384'));
  });

  it('ldns-keygen Ed25519 key for the root owner', () => {
    const base = run('ldns-keygen', ['-a', 'ED25519', '-k', '.']).trim();
    const k = dnskey(parseTrustAnchorFile(readFileSync(join(dir, `${base}.key`), 'utf8'), 'root')[0]);
    expect(k.owner).toBe('');
    expect(k.data).toMatchObject({ algorithm: 15, keyTag: Number(/\+0*(\d+)$/.exec(base)![1]) });
  });
});

describe('master-file syntax (RFC 1035 §5.1)', () => {
  it.each([
    ['TTL then class', `example. 3600 IN DS 1 13 2 ${SHA256_HEX}`],
    ['class then TTL', `example. IN 3600 DS 1 13 2 ${SHA256_HEX}`],
    ['TTL only', `example. 3600 DS 1 13 2 ${SHA256_HEX}`],
    ['class only', `example. IN DS 1 13 2 ${SHA256_HEX}`],
    ['neither', `example. DS 1 13 2 ${SHA256_HEX}`],
    ['BIND TTL units and CLASS1 (RFC 3597 §5)', `example. 1h30m CLASS1 DS 1 13 2 ${SHA256_HEX}`],
    ['lower-case type and class', `example. in ds 1 13 2 ${SHA256_HEX}`],
    ['digest split by spaces (RFC 4034 §5.3)', `example. IN DS 1 13 2 ${SHA256_HEX.slice(0, 10)} ${SHA256_HEX.slice(10)}`],
    ['lower-case hex', `example. IN DS 1 13 2 ${SHA256_HEX.toLowerCase()}`],
    ['algorithm mnemonic (RFC 4034 §5.3)', `example. IN DS 1 ECDSAP256SHA256 2 ${SHA256_HEX}`],
    [
      'parentheses over lines, comments inside',
      `example. IN DS 1 13 2 ( ; digest follows\n ${SHA256_HEX.slice(0, 32)}\n ${SHA256_HEX.slice(32)} )`,
    ],
    ['upper-case owner is normalised', `EXAMPLE. IN DS 1 13 2 ${SHA256_HEX}`],
  ])('%s', (_label, text) => {
    const [anchor] = parseTrustAnchorFile(text, 'f');
    const d = ds(anchor);
    expect(d.owner).toBe('example');
    expect(d.data).toMatchObject({ keyTag: 1, algorithm: 13, digestType: 2 });
    expect(hex(d.data.digest)).toBe(SHA256_HEX);
  });

  it('comments, blank lines, CRLF, a BOM, $TTL and several owners in one file', () => {
    const text = [
      '\ufeff; lab anchors',
      '$TTL 3600',
      '',
      `test. IN DS 11 13 2 ${SHA256_HEX} ; first`,
      `  IN DNSKEY 257 3 13 ${P256}`,
      `. IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D`,
      `Sub.Example.COM. IN DNSKEY 257 3 15 XLSJDJSnCCnqTlCcnAm+YP0AcTa3vYZ6l+OM4N848a0=`,
    ].join('\r\n');
    const anchors = parseTrustAnchorFile(text, 'lab.txt');
    expect(anchors.map((a) => [a.owner, a.kind, a.source])).toEqual([
      ['test', 'ds', 'lab.txt:4'],
      // RFC 1035 §5.1: a line starting with blank space belongs to the previous owner
      ['test', 'dnskey', 'lab.txt:5'],
      ['', 'ds', 'lab.txt:6'],
      ['sub.example.com', 'dnskey', 'lab.txt:7'],
    ]);
  });

  it('escapes in owner names (RFC 1035 §5.1) come out in the shared form', () => {
    const [a] = parseTrustAnchorFile(`a\\.b.Ex\\065mple. IN DS 1 13 2 ${SHA256_HEX}`, 'f');
    expect(a!.owner).toBe('a\\.b.example');
    const [b] = parseTrustAnchorFile(`sp\\032ace. IN DS 1 13 2 ${SHA256_HEX}`, 'f');
    expect(b!.owner).toBe('sp\\032ace');
  });

  it('accepts bytes and decodes them as UTF-8 (non-ASCII comments are fine)', () => {
    const text = `; klíč pro laboratoř\nexample. IN DS 1 13 2 ${SHA256_HEX}\n`;
    expect(parseTrustAnchorFile(new TextEncoder().encode(text), 'f')).toHaveLength(1);
  });
});

// ISC bind.keys (https://github.com/sailfishos-mirror/bind9/blob/5b645cb200423e0c8e675f54df793097cbe18b9e/bind.keys),
// as shipped: # comments, the key and the digest broken over lines inside the quotes.
const BIND_KEYS = `# This file contains trust anchors for the DNS root zone (".") which are
# compiled into named and delv.

trust-anchors {
        # This key (20326) was published in the root zone in 2017.
        . initial-key 257 3 8 "AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3
                +/4RgWOq7HrxRixHlFlExOLAJr5emLvN7SWXgnLh4+B5xQlNVz8Og8kv
                ArMtNROxVQuCaSnIDdD5LKyWbRd2n9WGe2R8PzgCmr3EgVLrjyBxWezF
                0jLHwVN8efS3rCj/EWgvIWgb9tarpVUDK/b58Da+sqqls3eNbuv7pr+e
                oZG+SrDK6nWeL3c6H5Apxz7LjVc1uTIdsIXxuOLYA4/ilBmSVIzuDWfd
                RUfhHdY6+cn8HFRm+2hM8AnXGXws9555KrUB5qihylGa8subX2Nn6UwN
                R1AkUTV74bU=";
        # This key (38696) will be pre-published in the root zone in 2025
        . initial-ds 38696 8 2 "683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A
        4C0FB2B16";
};
`;

describe('BIND trust-anchors / managed-keys / trusted-keys blocks', () => {
  it('reads ISC bind.keys: KSK-2017 as a key (tag 20326, RFC 4034 Appendix B) and KSK-2024 as a DS', () => {
    const [key, dsAnchor] = parseTrustAnchorFile(BIND_KEYS, 'bind.keys');
    const k = dnskey(key);
    expect(k).toMatchObject({ owner: '', source: 'bind.keys:6' });
    expect(k.data).toMatchObject({ flags: 257, protocol: 3, algorithm: 8, keyTag: 20326 });
    expect(k.data.publicKey).toHaveLength(260);
    const d = ds(dsAnchor);
    expect(d).toMatchObject({ owner: '', source: 'bind.keys:14' });
    expect(d.data).toMatchObject({ keyTag: 38696, algorithm: 8, digestType: 2 });
    expect(hex(d.data.digest)).toBe('683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16');
  });

  it('quoted names, static-ds and static-key, // and /* */ comments, several blocks', () => {
    const text = `// lab
trust-anchors {
  "test." static-ds 11 13 2 "${SHA256_HEX}";
  /* a key,
     on two lines */
  "Example.CZ" static-key 257 3 13 "${P256}";
};
managed-keys { "." initial-key 257 3 13 "${P256}"; };
trusted-keys { "lab.test." 257 3 13 "${P256}"; };
`;
    const anchors = parseTrustAnchorFile(text, 'named.conf');
    expect(anchors.map((a) => [a.owner, a.kind, a.source])).toEqual([
      ['test', 'ds', 'named.conf:3'],
      // named.conf names are absolute with or without the final dot
      ['example.cz', 'dnskey', 'named.conf:6'],
      ['', 'dnskey', 'named.conf:8'],
      ['lab.test', 'dnskey', 'named.conf:9'],
    ]);
  });
});

describe('formatDs / formatDnskey', () => {
  it('write presentation lines that read back to the same anchors', () => {
    const [key, d] = parseTrustAnchorFile(RFC4034_EXAMPLE, 'f');
    const dsLine = formatDs('dskey.example.com', ds(d).data);
    expect(dsLine).toBe('dskey.example.com. IN DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118');
    const keyLine = formatDnskey('dskey.example.com', dnskey(key).data);
    expect(keyLine).toBe(`dskey.example.com. IN DNSKEY 256 3 5 ${RFC4034_KEY}`);
    const [k2, d2] = parseTrustAnchorFile(`${keyLine}\n${dsLine}\n`, 'f');
    expect(dnskey(k2).rdata).toEqual(dnskey(key).rdata);
    expect(ds(d2).data).toEqual(ds(d).data);
  });

  it('root owner is "."; base64 padding for every length', () => {
    expect(formatDs('', { keyTag: 1, algorithm: 8, digestType: 2, digest: new Uint8Array([0xab, 0x01]) })).toBe('. IN DS 1 8 2 AB01');
    for (let n = 1; n < 8; n++) {
      const publicKey = Uint8Array.from({ length: n }, (_, i) => i * 37 + n);
      expect(formatDnskey('x', { flags: 257, protocol: 3, algorithm: 253, publicKey, keyTag: 0 })).toBe(
        `x. IN DNSKEY 257 3 253 ${b64(publicKey)}`,
      );
    }
  });
});

describe('refusals (each with its line)', () => {
  const DS = `example. IN DS 1 13 2 ${SHA256_HEX}`;
  it.each<[string, string | Uint8Array, number, RegExp]>([
    ['empty file', '', 0, /^no DS or DNSKEY record found$/],
    ['only comments', '; nothing\n\n   ; here\n', 0, /no DS or DNSKEY/],
    ['relative owner (RFC 1035 §5.1: needs an origin)', `${DS}\nexample IN DS 1 13 2 ${SHA256_HEX}`, 2, /relative/],
    ['$ORIGIN', '$ORIGIN example.\n@ IN DS 1 13 2 00', 1, /\$ORIGIN is not supported/],
    ['"@" owner', `@ IN DS 1 13 2 ${SHA256_HEX}`, 1, /"@"/],
    ['$INCLUDE', '$INCLUDE other.txt', 1, /\$INCLUDE/],
    ['blank-started first line has no owner', `   IN DS 1 13 2 ${SHA256_HEX}`, 1, /no earlier record/],
    ['SOA: a zone file', `${DS}\nexample. IN SOA ns. host. 1 2 3 4 5`, 2, /SOA record: this looks like a zone file/],
    ['NS: a zone file', 'example. 3600 IN NS ns.example.', 1, /NS record: this looks like a zone file/],
    ['other record type', 'example. IN A 192.0.2.1', 1, /A record is not a trust anchor/],
    ['CDS', `example. IN CDS 1 13 2 ${SHA256_HEX}`, 1, /CDS record is not a trust anchor; write it as DS/],
    ['unknown type word', `example. IN DSX 1 13 2 ${SHA256_HEX}`, 1, /unknown record type "DSX"/],
    ['no type', 'example. IN 3600', 1, /no type/],
    ['class CH', `example. CH DS 1 13 2 ${SHA256_HEX}`, 1, /class CH/],
    ['TTL above 2^31-1 (RFC 2181 §8)', `example. 2147483648 IN DS 1 13 2 ${SHA256_HEX}`, 1, /TTL 2147483648 is out of range/],
    ['DS key tag out of range', `example. IN DS 65536 13 2 ${SHA256_HEX}`, 1, /DS key tag 65536 is out of range/],
    ['DS key tag not a number', `example. IN DS -1 13 2 ${SHA256_HEX}`, 1, /DS key tag "-1" is not a number/],
    ['DS algorithm out of range', `example. IN DS 1 256 2 ${SHA256_HEX}`, 1, /DS algorithm 256 is out of range/],
    ['DS algorithm unknown mnemonic', `example. IN DS 1 RSASHA3 2 ${SHA256_HEX}`, 1, /not a number or a known mnemonic/],
    ['DS algorithm 0 (RFC 8078 §4)', `example. IN DS 1 0 2 ${SHA256_HEX}`, 1, /algorithm 0 is reserved/],
    ['DS digest type 0 (RFC 8078 §4)', 'example. IN DS 1 13 0 00', 1, /digest type 0 is reserved/],
    [
      'DS digest not hex, on its own line',
      `example. IN DS 1 13 2 (\n${SHA256_HEX.slice(0, 32)}\nXYZ${SHA256_HEX.slice(35)} )`,
      3,
      /^DS digest is not hexadecimal$/,
    ],
    ['DS digest odd length', `example. IN DS 1 13 2 ${SHA256_HEX}0`, 1, /odd number/],
    ['SHA-1 digest of 32 bytes (RFC 4034 §5.1.4: 20)', `example. IN DS 1 13 1 ${SHA256_HEX}`, 1, /32 bytes; digest type 1 has 20/],
    [
      'SHA-256 digest of 20 bytes (RFC 4509 §2.1: 32)',
      'example. IN DS 1 13 2 2BB183AF5F22588179A53B0A98631FAD1A292118',
      1,
      /20 bytes; digest type 2 has 32/,
    ],
    ['SHA-384 digest of 32 bytes (RFC 6605 §2: 48)', `example. IN DS 1 13 4 ${SHA256_HEX}`, 1, /32 bytes; digest type 4 has 48/],
    ['DS missing the digest', 'example. IN DS 1 13 2', 1, /DS needs key tag, algorithm, digest type and digest/],
    ['DNSKEY protocol 2 (RFC 4034 §2.1.2)', `example. IN DNSKEY 257 2 13 ${P256}`, 1, /protocol is 2; it must be 3/],
    ['DNSKEY without the zone-key bit (RFC 4034 §2.1.1)', `example. IN DNSKEY 1 3 13 ${P256}`, 1, /lack the Zone Key bit/],
    ['DNSKEY with REVOKE (RFC 5011 §3)', `example. IN DNSKEY 385 3 13 ${P256}`, 1, /^revoked key/],
    ['DNSKEY flags out of range', `example. IN DNSKEY 65792 3 13 ${P256}`, 1, /DNSKEY flags 65792 is out of range/],
    [
      'DNSKEY base64 with a bad character',
      `example. IN DNSKEY 257 3 13 (\n ${P256.slice(0, 20)}\n ${P256.slice(20, 40)}!x )`,
      3,
      /not base64/,
    ],
    ['DNSKEY base64 badly padded', `example. IN DNSKEY 257 3 13 ${P256.slice(0, -2)}`, 1, /not valid base64/],
    [
      'DNSKEY P-256 key of 63 bytes (RFC 6605 §4)',
      `example. IN DNSKEY 257 3 13 ${b64(Buffer.alloc(63, 1))}`,
      1,
      /63 bytes; algorithm 13 keys are 64/,
    ],
    ['DNSKEY RSA key without a modulus (RFC 3110 §2)', 'example. IN DNSKEY 257 3 8 AwEAAQ==', 1, /RFC 3110/],
    ['unbalanced "("', `example. IN DS 1 13 2 ( ${SHA256_HEX}`, 1, /"\(" is never closed/],
    ['stray ")"', `example. IN DS 1 13 2 ${SHA256_HEX} )`, 1, /"\)" without "\("/],
    ['owner label longer than 63 (RFC 1035 §2.3.4)', `${'a'.repeat(64)}. IN DS 1 13 2 ${SHA256_HEX}`, 1, /longer than 63/],
    ['empty label', `a..b. IN DS 1 13 2 ${SHA256_HEX}`, 1, /empty label/],
    ['non-ASCII owner', `příklad.cz. IN DS 1 13 2 ${SHA256_HEX}`, 1, /xn--/],
    ['NUL byte: binary', `${DS}\n\u0000\u0001`, 2, /binary data \(control character U\+0000\)/],
    ['not UTF-8', Uint8Array.from([...Buffer.from(`${DS}\n; `), 0xff, 0xfe, 0x0a]), 2, /not UTF-8 text/],
    ['BIND: other statement', 'options { directory "/var"; };', 1, /"options" is not a trust-anchor statement/],
    [
      'BIND: a zone statement after the anchors',
      'trust-anchors { };\n\nzone "example" { type primary; };',
      3,
      /"zone" is not a trust-anchor statement/,
    ],
    ['BIND: zone statement first', '// named.conf\nzone "example" {\n type primary;\n};', 2, /"zone" is not a trust-anchor statement/],
    ['BIND: unknown kind', 'trust-anchors {\n . trusted-key 257 3 8 "AwEAAQ==";\n};', 2, /"trusted-key" is not initial-key/],
    [
      'BIND: missing ";" after the block',
      `trust-anchors { . static-ds 1 13 2 "${SHA256_HEX}"; }`,
      1,
      /the file ends where ";" was expected/,
    ],
    ['BIND: revoked key', `trust-anchors {\n\n . static-key 385 3 13 "${P256}";\n};`, 3, /revoked key/],
    ['BIND: unterminated comment', 'trust-anchors { /* open\n', 1, /unterminated \/\* comment/],
  ])('%s', (_label, text, line, reason) => {
    const error = refusal(text);
    expect(error.line).toBe(line);
    expect(error.reason).toMatch(reason);
    expect(error.message).toBe(line > 0 ? `line ${line}: ${error.reason}` : error.reason);
  });
});

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decodeBase64,
  decodePublicKey,
  exchangeOnlineDomainLabel,
  isDkimKeyCandidate,
  parseDkimKeyRecord,
  parseExchangeOnlineDkimTarget,
} from '../../shared/dkim';

// Real keys, generated per run (node:crypto is fine in tests; the product code decodes them itself).
const rsa = (bits: number) => generateKeyPairSync('rsa', { modulusLength: bits }).publicKey;
const rsa1024 = rsa(1024);
const rsa2048 = rsa(2048);
const rsa512 = rsa(512);
const spki = (key: ReturnType<typeof rsa>) => key.export({ type: 'spki', format: 'der' }).toString('base64');
const pkcs1 = (key: ReturnType<typeof rsa>) => key.export({ type: 'pkcs1', format: 'der' }).toString('base64');
const RSA1024 = spki(rsa1024);
const RSA2048 = spki(rsa2048);
const RSA512 = spki(rsa512);
const RSA2048_PKCS1 = pkcs1(rsa2048);
const ed = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' });
const ED25519_SPKI = ed.toString('base64');
// RFC 8463 §4.2: the raw 32-byte key is the last 32 bytes of the SPKI
const ED25519_RAW = ed.subarray(ed.length - 32).toString('base64');
const EC_P256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

describe('decodeBase64 (RFC 4648 §4)', () => {
  it('agrees with Node for every padding length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = randomBytes(n);
      const decoded = decodeBase64(bytes.toString('base64'));
      expect(decoded).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(decoded as Uint8Array).equals(bytes)).toBe(true);
    }
  });

  it.each([
    ['QUJD!A==', /invalid character "!" at offset 4/],
    ['QUJDR', /not a multiple of 4/],
    ['QU=D', /invalid character "=" at offset 2/], // padding only at the end
  ])('rejects %s', (text, error) => {
    const r = decodeBase64(text);
    expect(r).not.toBeInstanceOf(Uint8Array);
    expect((r as { error: string }).error).toMatch(error);
  });
});

describe('decodePublicKey', () => {
  it.each([
    // [why, p=, declared k=, expected]
    ['RFC 6376 §3.6.1: SubjectPublicKeyInfo (RFC 5280 §4.1)', RSA2048, 'rsa', { type: 'rsa', bits: 2048, exponent: 65537, format: 'spki' }],
    ['RFC 8301 §3.2: 1024 is the minimum', RSA1024, 'rsa', { type: 'rsa', bits: 1024, format: 'spki' }],
    ['too short but still decoded', RSA512, 'rsa', { type: 'rsa', bits: 512, format: 'spki' }],
    ['a bare RSAPublicKey (RFC 8017 §A.1.1) as some signers publish', RSA2048_PKCS1, 'rsa', { type: 'rsa', bits: 2048, format: 'pkcs1' }],
    ['RFC 8463 §4.2: raw 32-byte key', ED25519_RAW, 'ed25519', { type: 'ed25519', bits: 256 }],
  ] as const)('%s', (_, p, k, expected) => {
    expect(decodePublicKey(p, k)).toEqual({ key: expect.objectContaining(expected) });
  });

  it.each([
    // [why, p=, declared k=, problem code]
    ['a key cut short in the DNS zone', RSA2048.slice(0, 200), 'rsa', 'key_der'],
    ['a character outside the base64 alphabet', RSA2048.replace(/.$/, '*'), 'rsa', 'key_base64'],
    ['k=rsa but an Ed25519 SPKI', ED25519_SPKI, 'rsa', 'key_algorithm_mismatch'],
    ['k=rsa but an EC key', EC_P256, 'rsa', 'key_algorithm_mismatch'],
    ['RFC 8463 §4.2 wants the raw key, not the SPKI', ED25519_SPKI, 'ed25519', 'key_ed25519_spki'],
    ['RFC 8463 §4.2: exactly 32 bytes', Buffer.alloc(31, 1).toString('base64'), 'ed25519', 'key_ed25519_length'],
    ['not a SEQUENCE', Buffer.from([0x04, 0x01, 0x00]).toString('base64'), 'rsa', 'key_der'],
    [
      'trailing bytes after the DER',
      Buffer.concat([Buffer.from(RSA1024, 'base64'), Buffer.from([0])]).toString('base64'),
      'rsa',
      'key_der',
    ],
  ] as const)('%s', (_, p, k, code) => {
    expect(decodePublicKey(p, k)).toEqual({ problem: expect.objectContaining({ code }) });
  });

  it('names the algorithm it found', () => {
    expect(decodePublicKey(EC_P256, 'rsa')).toEqual({ problem: expect.objectContaining({ value: 'ec' }) });
    expect(decodePublicKey(ED25519_SPKI, 'rsa')).toEqual({ problem: expect.objectContaining({ value: 'ed25519' }) });
  });
});

describe('parseDkimKeyRecord (RFC 6376 §3.6.1)', () => {
  it('reads a complete record', () => {
    const { record, problems, usable } = parseDkimKeyRecord(`v=DKIM1; h=sha256; k=rsa; s=email; t=s; n=rotated 2025; p=${RSA2048}`);
    expect(problems).toEqual([]);
    expect(usable).toBe(true);
    expect(record).toMatchObject({
      keyType: 'rsa',
      hashAlgorithms: ['sha256'],
      serviceTypes: ['email'],
      flags: ['s'],
      notes: 'rotated 2025',
      revoked: false,
      testing: false,
      strictSubdomains: true,
      key: { type: 'rsa', bits: 2048 },
    });
  });

  it.each([
    // [why, record, problem codes, usable]
    ['§3.6.1: v is optional, k defaults to rsa', `p=${RSA2048}`, [], true],
    ['RFC 8463 §4.1: k=ed25519', `v=DKIM1; k=ed25519; p=${ED25519_RAW}`, [], true],
    [
      '§3.6.1 p=: whitespace is allowed and ignored',
      `v=DKIM1; p=${RSA2048.slice(0, 100)} ${RSA2048.slice(100, 200)}\t${RSA2048.slice(200)}`,
      [],
      true,
    ],
    ['§3.2: a trailing ";" is allowed', `v=DKIM1; p=${RSA2048};`, [], true],
    ['§3.2: unknown tags (here RFC 4871 g=) are ignored', `v=DKIM1; g=*; p=${RSA2048}`, [], true],
    ['§3.6.1 h=: a list including sha256', `v=DKIM1; h=sha1:sha256; p=${RSA2048}`, [], true],
    ['§3.6.1 s=: email among the services', `v=DKIM1; s=email:tlsrpt; p=${RSA2048}`, [], true],
    ['§3.6.1 t=: unknown flags are ignored', `v=DKIM1; t=y:x; p=${RSA2048}`, [], true],
    ['§3.6.1 v=: MUST be the first tag', `k=rsa; v=DKIM1; p=${RSA2048}`, ['version_not_first'], false],
    ['§3.6.1 v=: other values MUST be discarded', `v=DKIM2; p=${RSA2048}`, ['bad_version'], false],
    ['§3.2: a repeated tag makes the whole tag-list invalid', `v=DKIM1; p=${RSA2048}; p=${RSA1024}`, ['duplicate_tag'], false],
    ['§3.2: a missing ";" makes "rsa p=…" the value of k', `v=DKIM1; k=rsa p=${RSA2048}`, ['missing_key', 'unknown_key_type'], false],
    ['§3.2: tag-spec needs "="', `v=DKIM1; garbage; p=${RSA2048}`, ['malformed_tag'], false],
    ['§3.6.1 p=: REQUIRED', 'v=DKIM1; k=rsa', ['missing_key'], false],
    ['§3.6.1 k=: rsa (and ed25519 per RFC 8463)', `v=DKIM1; k=dsa; p=${RSA2048}`, ['unknown_key_type'], false],
    ['RFC 8301 §3.1: sha1 MUST NOT be used', `v=DKIM1; h=sha1; p=${RSA2048}`, ['no_sha256'], false],
    ['§3.6.1 s=: the key does not serve email', `v=DKIM1; s=tlsrpt; p=${RSA2048}`, ['not_for_email'], false],
    ['a truncated key', `v=DKIM1; p=${RSA2048.slice(0, 120)}`, ['key_der'], false],
  ])('%s', (_, text, expected, usable) => {
    const parsed = parseDkimKeyRecord(text);
    expect(parsed.problems.map((p) => p.code)).toEqual(expected);
    expect(parsed.usable).toBe(usable);
  });

  it.each(['v=DKIM1; p=', 'v=DKIM1; k=rsa; p= ;', 'p='])(
    '%s is a revoked key (§3.6.1: "An empty value means that this public key has been revoked")',
    (text) => {
      const parsed = parseDkimKeyRecord(text);
      expect(parsed.record?.revoked).toBe(true);
      expect(parsed.record?.key).toBeUndefined();
      expect(parsed.problems).toEqual([]);
      expect(parsed.usable).toBe(false);
    },
  );

  it('reads the testing flag t=y (§3.6.1)', () => {
    expect(parseDkimKeyRecord(`v=DKIM1; t=y; p=${RSA2048}`).record).toMatchObject({ testing: true, strictSubdomains: false });
  });

  it('treats tag names case-sensitively (§3.2)', () => {
    // "P=" is not "p=": the key is missing
    expect(parseDkimKeyRecord(`v=DKIM1; P=${RSA2048}`).problems.map((p) => p.code)).toEqual(['missing_key']);
  });

  it.each([
    ['v=DKIM1; p=', true],
    [`k=rsa; p=${RSA1024}`, true],
    ['v=spf1 include:_spf.google.com ~all', false], // a wildcard TXT answering every selector name
    ['google-site-verification=abc', false],
  ])('isDkimKeyCandidate(%s) → %s', (text, expected) => {
    expect(isDkimKeyCandidate(text)).toBe(expected);
  });
});

describe('Exchange Online selector targets (Microsoft Learn, DKIM for custom domains)', () => {
  it.each([
    [
      'selector1-firma-cz._domainkey.firma.onmicrosoft.com',
      { selector: 'selector1', domainLabel: 'firma-cz', tenant: 'firma', format: 'onmicrosoft' },
    ],
    [
      'Selector2-firma-cz._domainkey.FirmaTenant.onmicrosoft.com.',
      { selector: 'selector2', domainLabel: 'firma-cz', tenant: 'firmatenant', format: 'onmicrosoft' },
    ],
    [
      'selector1-mail-firma-cz._domainkey.firma.n-v1.dkim.mail.microsoft',
      { selector: 'selector1', domainLabel: 'mail-firma-cz', tenant: 'firma', partition: 'n-v1', format: 'dkim.mail.microsoft' },
    ],
  ])('%s', (target, expected) => {
    expect(parseExchangeOnlineDkimTarget(target)).toEqual(expected);
  });

  it.each(['selector1._domainkey.firma.cz', 'k1.dkim.mcsv.net', 'selector3-firma-cz._domainkey.firma.onmicrosoft.com'])(
    '%s is not Exchange Online',
    (target) => {
      expect(parseExchangeOnlineDkimTarget(target)).toBeUndefined();
    },
  );

  it('replaces dots with dashes in the domain label', () => {
    expect(exchangeOnlineDomainLabel('mail.moje-firma.cz')).toBe('mail-moje-firma-cz');
  });
});

import { describe, expect, it } from 'vitest';
import {
  assessCertificate,
  keyDescription,
  keyStrength,
  servedChain,
  signatureAlgorithm,
  weakSignatureHash,
  type CertificateFacts,
  type TlsHandshakeFacts,
} from '../../shared/certificate';
import { issueCertificate, labKey } from '../lab/ca';

describe('signatureAlgorithm (RFC 5280 §4.1.1.2)', () => {
  const rsa = labKey({ type: 'rsa', bits: 2048 });
  const ec = labKey({ type: 'ec', curve: 'P-384' });
  it.each([
    ['rsa', 'sha256', '1.2.840.113549.1.1.11', 'sha256WithRSAEncryption'],
    ['rsa', 'sha1', '1.2.840.113549.1.1.5', 'sha1WithRSAEncryption'],
    ['rsa', 'sha384', '1.2.840.113549.1.1.12', 'sha384WithRSAEncryption'],
    ['ec', 'sha256', '1.2.840.10045.4.3.2', 'ecdsa-with-SHA256'],
    ['ec', 'sha1', '1.2.840.10045.4.1', 'ecdsa-with-SHA1'],
    ['ec', 'sha512', '1.2.840.10045.4.3.4', 'ecdsa-with-SHA512'],
  ] as const)('%s signed with %s', (type, hash, oid, name) => {
    const cert = issueCertificate({ commonName: 'x.test', key: type === 'rsa' ? rsa : ec, hash });
    expect(signatureAlgorithm(new Uint8Array(cert.der))).toEqual({ oid, name, hash });
  });

  it('reads the hash of an RSASSA-PSS signature from its parameters (RFC 4055 §3.1)', () => {
    const tlv = (tag: number, ...parts: string[]) => {
      const body = parts.join('');
      return tag.toString(16).padStart(2, '0') + (body.length / 2).toString(16).padStart(2, '0') + body;
    };
    const pssOid = tlv(0x06, '2a864886f70d01010a');
    const hashAlg = (oidHex: string) => tlv(0x30, tlv(0x06, oidHex), '0500');
    // A skeletal Certificate: SEQUENCE { tbs (empty), signatureAlgorithm, BIT STRING }.
    const cert = (params: string) => new Uint8Array(Buffer.from(tlv(0x30, '3000', tlv(0x30, pssOid, params), '0300'), 'hex'));
    // Empty parameters: every field takes its default, SHA-1.
    expect(signatureAlgorithm(cert(tlv(0x30)))).toMatchObject({ oid: '1.2.840.113549.1.1.10', hash: 'sha1' });
    expect(signatureAlgorithm(cert(tlv(0x30, tlv(0xa0, hashAlg('608648016503040201')))))).toMatchObject({
      hash: 'sha256',
      name: 'rsassaPss (sha256)',
    });
    // MD5's OID is a digest we do not list: unknown, never taken for a strong hash.
    expect(signatureAlgorithm(cert(tlv(0x30, tlv(0xa0, hashAlg('2a864886f70d0205')))))).toMatchObject({ hash: 'unknown' });
  });

  it('returns unknown for bytes that are not a certificate', () => {
    expect(signatureAlgorithm(new Uint8Array([1, 2, 3]))).toEqual({ oid: '', name: 'unknown', hash: 'unknown' });
    expect(signatureAlgorithm(new Uint8Array([0x30, 0x82, 0xff, 0xff]))).toMatchObject({ hash: 'unknown' });
  });
});

describe('thresholds (DESIGN §4, NCSC-NL 2025-05)', () => {
  it.each([
    ['rsa', 1024, 'insufficient'],
    ['rsa', 2047, 'insufficient'],
    ['rsa', 2048, 'sufficient'],
    ['rsa', 3072, 'good'],
    ['rsa', 4096, 'good'],
    ['rsa-pss', 2048, 'sufficient'],
    ['ec', 224, 'insufficient'],
    ['ec', 256, 'good'],
    ['ec', 384, 'good'],
    ['ed25519', 256, 'good'],
    ['dsa', 1024, 'insufficient'],
    ['unknown', 4096, 'insufficient'],
  ] as const)('%s %i → %s', (type, bits, strength) => expect(keyStrength(type, bits)).toBe(strength));

  it.each([
    ['md5', true],
    ['sha1', true],
    ['sha224', false],
    ['sha256', false],
    ['intrinsic', false],
  ] as const)('weak signature hash %s → %s', (hash, weak) => expect(weakSignatureHash(hash)).toBe(weak));

  it('describes keys', () => {
    expect(keyDescription({ keyType: 'ec', keyBits: 256, curve: 'P-256' })).toBe('EC P-256');
    expect(keyDescription({ keyType: 'rsa', keyBits: 3072 })).toBe('RSA 3072');
  });
});

const now = new Date('2026-06-01T12:00:00Z');
const day = 86_400_000;

function cert(overrides: Partial<CertificateFacts> = {}): CertificateFacts {
  return {
    subject: 'CN=mail.firma.cz',
    commonName: 'mail.firma.cz',
    issuer: 'C=US, O=Public CA, CN=Public Issuing CA',
    serialNumber: '01',
    validFrom: new Date(now.getTime() - 30 * day).toISOString(),
    validTo: new Date(now.getTime() + 300 * day).toISOString(),
    dnsNames: ['mail.firma.cz'],
    ipAddresses: [],
    keyType: 'rsa',
    keyBits: 3072,
    signatureAlgorithm: 'sha256WithRSAEncryption',
    signatureHash: 'sha256',
    selfIssued: false,
    ca: false,
    fingerprint256: 'AA:BB',
    spkiSha256: '00',
    caIssuers: ['http://ca.example/issuing.crt'],
    inTrustStore: false,
    pem: '',
    ...overrides,
  };
}
const intermediate = cert({
  subject: 'C=US, O=Public CA, CN=Public Issuing CA',
  issuer: 'C=US, O=Public CA, CN=Public Root',
  ca: true,
  dnsNames: [],
  fingerprint256: 'CC',
});
const root = cert({
  subject: 'C=US, O=Public CA, CN=Public Root',
  issuer: 'C=US, O=Public CA, CN=Public Root',
  ca: true,
  selfIssued: true,
  inTrustStore: true,
  signatureHash: 'sha1',
  signatureAlgorithm: 'sha1WithRSAEncryption',
  dnsNames: [],
  fingerprint256: 'DD',
});

function tls(overrides: Partial<TlsHandshakeFacts> = {}): TlsHandshakeFacts {
  return {
    protocol: 'TLSv1.3',
    cipher: 'TLS_AES_128_GCM_SHA256',
    authorized: true,
    hostname: 'mail.firma.cz',
    hostMatch: true,
    chain: [cert(), intermediate, root],
    ...overrides,
  };
}
const verdicts = (t: TlsHandshakeFacts) =>
  assessCertificate({ host: 'mail.firma.cz', addresses: ['192.0.2.25'], port: 25, tls: t, now }).map((v) => [v.key, v.status]);

describe('assessCertificate', () => {
  it('passes a trusted, matching, valid certificate with a strong key — a SHA-1 self-signature on the root does not count', () => {
    const out = assessCertificate({ host: 'mail.firma.cz', addresses: ['192.0.2.25'], port: 25, tls: tls(), now });
    expect(out.map((v) => [v.key, v.status])).toEqual([['finding.certificate.ok', 'pass']]);
    // What remediation needs: host, addresses, subject, issuer, dates, key.
    expect(out[0]!.params).toMatchObject({
      host: 'mail.firma.cz',
      addresses: ['192.0.2.25'],
      port: 25,
      subject: 'CN=mail.firma.cz',
      issuer: 'C=US, O=Public CA, CN=Public Issuing CA',
      validTo: '2027-03-28',
      daysLeft: 300,
      key: 'RSA 3072',
      names: ['mail.firma.cz'],
    });
  });

  it.each([
    [
      'self-signed leaf',
      {
        authorized: false,
        authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT',
        chain: [cert({ selfIssued: true, issuer: 'CN=mail.firma.cz' })],
      },
      ['finding.certificate.self_signed', 'fail'],
    ],
    [
      'only the leaf sent, issuer unknown',
      { authorized: false, authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', chain: [cert()] },
      ['finding.certificate.chain_incomplete', 'fail'],
    ],
    [
      'private CA with its root served',
      {
        authorized: false,
        authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN',
        chain: [cert(), intermediate, { ...root, inTrustStore: false }],
      },
      ['finding.certificate.untrusted', 'fail'],
    ],
    [
      'intermediate served, root unknown',
      { authorized: false, authorizationError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', chain: [cert(), intermediate] },
      ['finding.certificate.untrusted', 'fail'],
    ],
    [
      'name mismatch (RFC 6125)',
      { hostMatch: false, hostMismatch: "Host: mail.firma.cz. is not in the cert's altnames" },
      ['finding.certificate.name_mismatch', 'fail'],
    ],
  ] as const)('%s', (_name, overrides, expected) => {
    const out = verdicts(tls(overrides as Partial<TlsHandshakeFacts>));
    expect(out).toContainEqual(expected);
    expect(out.map(([k]) => k)).not.toContain('finding.certificate.ok');
  });

  it('reports an expired certificate by its dates, not as untrusted', () => {
    const t = tls({
      authorized: false,
      authorizationError: 'CERT_HAS_EXPIRED',
      chain: [cert({ validTo: new Date(now.getTime() - 3 * day).toISOString() }), intermediate, root],
    });
    expect(verdicts(t)).toEqual([['finding.certificate.expired', 'fail']]);
    expect(assessCertificate({ host: 'h', addresses: [], port: 25, tls: t, now })[0]!.params.daysAgo).toBe(3);
  });

  it('reports a certificate that is not valid yet', () => {
    const t = tls({
      authorized: false,
      authorizationError: 'CERT_NOT_YET_VALID',
      chain: [cert({ validFrom: new Date(now.getTime() + day).toISOString() }), intermediate, root],
    });
    expect(verdicts(t)).toEqual([['finding.certificate.not_yet_valid', 'fail']]);
  });

  it('reports dates that are no valid time (RFC 5280 §4.1.2.5) as invalid dates, not as expired, valid or untrusted', () => {
    const leaf = cert({ validFrom: undefined, invalidDates: { notBefore: '261301233331Z', notAfter: '271201233331Z' } });
    const t = tls({ authorized: false, authorizationError: 'ERROR_IN_CERT_NOT_BEFORE_FIELD', chain: [leaf, intermediate, root] });
    expect(verdicts(t)).toEqual([['finding.certificate.invalid_dates', 'fail']]);
    expect(assessCertificate({ host: 'h', addresses: [], port: 25, tls: t, now })[0]!.params).toMatchObject({
      notBefore: '261301233331Z',
      notAfter: '271201233331Z',
      validFrom: '261301233331Z',
    });
  });

  it('reports a public key that cannot be decoded as unreadable, not as weak', () => {
    const leaf = cert({ keyType: 'unknown', keyBits: 0, keyUnreadable: 'decode error' });
    const out = assessCertificate({ host: 'h', addresses: [], port: 25, tls: tls({ chain: [leaf, intermediate, root] }), now });
    expect(out.map((v) => [v.key, v.status])).toEqual([['finding.certificate.key_unreadable', 'fail']]);
    expect(out[0]!.params.detail).toBe('decode error');
  });

  it('an expired intermediate is a trust failure even when the leaf is valid', () => {
    expect(verdicts(tls({ authorized: false, authorizationError: 'CERT_HAS_EXPIRED' }))).toEqual([
      ['finding.certificate.untrusted', 'fail'],
    ]);
  });

  it.each([
    [29, ['finding.certificate.expires_soon', 'warning']],
    [0, ['finding.certificate.expires_soon', 'warning']],
    [30, ['finding.certificate.ok', 'pass']],
  ] as const)('warns %i days before expiry only below 30 days (DESIGN §4)', (days, expected) => {
    const t = tls({ chain: [cert({ validTo: new Date(now.getTime() + days * day + 3_600_000).toISOString() }), intermediate, root] });
    expect(verdicts(t)).toEqual([expected]);
  });

  it.each([
    ['RSA 1024', { keyType: 'rsa', keyBits: 1024 }, [['finding.certificate.key_weak', 'fail']]],
    [
      'RSA 2048',
      { keyType: 'rsa', keyBits: 2048 },
      [
        ['finding.certificate.ok', 'pass'],
        ['finding.certificate.key_sufficient', 'info'],
      ],
    ],
    ['EC P-256', { keyType: 'ec', keyBits: 256, curve: 'P-256' }, [['finding.certificate.ok', 'pass']]],
  ] as const)('key %s', (_name, key, expected) => {
    expect(verdicts(tls({ chain: [cert(key as Partial<CertificateFacts>), intermediate, root] }))).toEqual(expected);
  });

  it('fails SHA-1 signatures on the leaf or an intermediate', () => {
    expect(
      verdicts(tls({ chain: [cert({ signatureHash: 'sha1', signatureAlgorithm: 'sha1WithRSAEncryption' }), intermediate, root] })),
    ).toEqual([['finding.certificate.signature_weak', 'fail']]);
    const out = assessCertificate({
      host: 'h',
      addresses: [],
      port: 25,
      tls: tls({ chain: [cert(), { ...intermediate, signatureHash: 'md5', signatureAlgorithm: 'md5WithRSAEncryption' }, root] }),
      now,
    });
    expect(out.map((v) => v.key)).toEqual(['finding.certificate.signature_weak']);
    expect(out[0]!.params).toMatchObject({ certificate: intermediate.subject, algorithm: 'md5WithRSAEncryption' });
  });

  it('collects several problems at once', () => {
    const t = tls({
      authorized: false,
      authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      hostMatch: false,
      chain: [cert({ selfIssued: true, keyBits: 1024, validTo: new Date(now.getTime() - day).toISOString() })],
    });
    expect(verdicts(t).map(([k]) => k)).toEqual([
      'finding.certificate.self_signed',
      'finding.certificate.name_mismatch',
      'finding.certificate.expired',
      'finding.certificate.key_weak',
    ]);
  });

  it('says "not available" without a chain', () => {
    expect(verdicts(tls({ chain: [] }))).toEqual([['finding.certificate.not_available', 'not_tested']]);
  });

  it('servedChain drops trust anchors the TLS library added, keeps what the server sent', () => {
    expect(servedChain([cert(), intermediate, root])).toEqual([cert(), intermediate]);
    expect(servedChain([cert({ selfIssued: true, inTrustStore: true })])).toHaveLength(1);
  });
});

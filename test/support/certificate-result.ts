/** A certificate as the certificate check reports it in a chain, for building check results by hand. */

/** An EC P-256 leaf for `host`; self-signed unless another issuer is given. */
export function ecLeafCertificate(
  host: string,
  spkiSha256: string,
  fields: { subject?: string; issuer?: string; serialNumber?: string; validFrom?: string; validTo?: string } = {},
) {
  const subject = fields.subject ?? `CN=${host}`;
  const issuer = fields.issuer ?? subject;
  return {
    subject,
    issuer,
    serialNumber: fields.serialNumber ?? '01',
    validFrom: fields.validFrom ?? '2026-01-01T00:00:00.000Z',
    validTo: fields.validTo ?? '2027-01-01T00:00:00.000Z',
    dnsNames: [host],
    ipAddresses: [],
    keyType: 'ec',
    keyBits: 256,
    curve: 'prime256v1',
    signatureAlgorithm: 'ecdsa-with-SHA256',
    signatureHash: 'sha256',
    selfIssued: issuer === subject,
    ca: false,
    fingerprint256: 'AB',
    spkiSha256,
    caIssuers: [],
    inTrustStore: false,
    pem: '',
  };
}

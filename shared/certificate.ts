/**
 * Certificate facts and their assessment against DESIGN §4 (requirements 3 and 10 of the
 * measure): trust, host name, validity, key strength, signature hash. The engine extracts the
 * facts from a real handshake; everything here is pure and table-tested.
 */
import { z } from 'zod';
import type { ParamValue } from './assessment';
import type { FindingStatus } from './status';

export const SIGNATURE_HASHES_KNOWN = ['md2', 'md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'intrinsic', 'unknown'] as const;
export type SignatureHash = (typeof SIGNATURE_HASHES_KNOWN)[number];

/** One certificate as the server presented it (JSON). */
export const CertificateFactsSchema = z.object({
  /** distinguished name, RDNs joined with ", " */
  subject: z.string(),
  commonName: z.string().optional(),
  issuer: z.string(),
  serialNumber: z.string(),
  /** ISO 8601; absent when the certificate's date cannot be read (see `invalidDates`) */
  validFrom: z.string().optional(),
  validTo: z.string().optional(),
  /** RFC 5280 §4.1.2.5: the validity as encoded, present when either date is not a valid time */
  invalidDates: z.object({ notBefore: z.string(), notAfter: z.string() }).optional(),
  dnsNames: z.array(z.string()),
  ipAddresses: z.array(z.string()),
  /** `rsa`, `rsa-pss`, `ec`, `ed25519`, `ed448`, `dsa`, … */
  keyType: z.string(),
  keyBits: z.number(),
  /** named curve of an EC key */
  curve: z.string().optional(),
  /** why the public key could not be decoded (then keyType is `unknown` and keyBits 0) */
  keyUnreadable: z.string().optional(),
  signatureAlgorithm: z.string(),
  signatureHash: z.enum(SIGNATURE_HASHES_KNOWN),
  /** issuer and subject are the same name (a root or a self-signed certificate) */
  selfIssued: z.boolean(),
  ca: z.boolean(),
  /** SHA-256 of the DER, hex, upper-case with colons as Node prints it */
  fingerprint256: z.string(),
  /** SHA-256 of the SubjectPublicKeyInfo, hex (what a TLSA `3 1 1` record carries) */
  spkiSha256: z.string(),
  /** caIssuers URLs from the Authority Information Access extension */
  caIssuers: z.array(z.string()),
  /** the certificate is one of the trust anchors we verify against */
  inTrustStore: z.boolean(),
  pem: z.string(),
});
export type CertificateFacts = z.output<typeof CertificateFactsSchema>;

/** What one completed TLS handshake showed (JSON). */
export const TlsHandshakeFactsSchema = z.object({
  protocol: z.string(),
  /** IANA name of the negotiated suite */
  cipher: z.string(),
  /** key exchange: e.g. `{ type: 'ECDH', name: 'X25519', size: 253 }` */
  ephemeral: z.object({ type: z.string(), name: z.string().optional(), size: z.number().optional() }).optional(),
  /** the chain verifies to a trust anchor (Node's root store plus any extra CA) */
  authorized: z.boolean(),
  /** OpenSSL's verification error code when not */
  authorizationError: z.string().optional(),
  /** the name the certificate must be valid for (the MX host name) */
  hostname: z.string(),
  hostMatch: z.boolean(),
  hostMismatch: z.string().optional(),
  /** leaf first, then issuers as linked by the TLS library */
  chain: z.array(CertificateFactsSchema),
});
export type TlsHandshakeFacts = z.output<typeof TlsHandshakeFactsSchema>;

// --- signature algorithm of a DER certificate (RFC 5280 §4.1.1.2) ---

const SIGNATURE_HASHES: Record<string, SignatureHash> = {
  '1.2.840.113549.1.1.2': 'md2', // md2WithRSAEncryption
  '1.2.840.113549.1.1.4': 'md5', // md5WithRSAEncryption
  '1.2.840.113549.1.1.5': 'sha1', // sha1WithRSAEncryption (RFC 3279)
  '1.2.840.113549.1.1.14': 'sha224', // RFC 4055
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1', // ecdsa-with-SHA1 (RFC 3279)
  '1.2.840.10045.4.3.1': 'sha224', // RFC 5758
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.10040.4.3': 'sha1', // dsa-with-sha1
  '2.16.840.1.101.3.4.3.2': 'sha256', // dsa-with-sha256
  '1.3.101.112': 'intrinsic', // Ed25519 (RFC 8410)
  '1.3.101.113': 'intrinsic', // Ed448
};
const SIGNATURE_NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
};
const HASH_OIDS: Record<string, SignatureHash> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const RSASSA_PSS = '1.2.840.113549.1.1.10';

interface Tlv {
  tag: number;
  start: number;
  end: number;
}

function readTlv(der: Uint8Array, at: number, limit: number): Tlv {
  if (at + 2 > limit) throw new Error('truncated DER');
  const tag = der[at]!;
  let len = der[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > limit) throw new Error('bad DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[start + i]!;
    start += n;
  }
  if (start + len > limit) throw new Error('truncated DER');
  return { tag, start, end: start + len };
}

function oidText(der: Uint8Array, t: Tlv): string {
  const parts: number[] = [];
  let value = 0;
  for (let i = t.start; i < t.end; i++) {
    value = value * 128 + (der[i]! & 0x7f);
    if ((der[i]! & 0x80) === 0) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** The outer signatureAlgorithm of a DER certificate and the hash it uses (RSASSA-PSS: from its parameters, RFC 4055 §3.1, default SHA-1). */
export function signatureAlgorithm(der: Uint8Array): { oid: string; name: string; hash: SignatureHash } {
  try {
    const cert = readTlv(der, 0, der.length);
    const tbs = readTlv(der, cert.start, cert.end);
    const alg = readTlv(der, tbs.end, cert.end);
    const id = readTlv(der, alg.start, alg.end);
    if (id.tag !== 0x06) throw new Error('no OID');
    const oid = oidText(der, id);
    if (oid === RSASSA_PSS) {
      let hash: SignatureHash = 'sha1';
      if (id.end < alg.end) {
        const params = readTlv(der, id.end, alg.end);
        if (params.tag === 0x30 && params.start < params.end) {
          const first = readTlv(der, params.start, params.end);
          if (first.tag === 0xa0) {
            const hashAlg = readTlv(der, first.start, first.end);
            const hashOid = readTlv(der, hashAlg.start, hashAlg.end);
            hash = HASH_OIDS[oidText(der, hashOid)] ?? 'unknown';
          }
        }
      }
      return { oid, name: `rsassaPss (${hash})`, hash };
    }
    return { oid, name: SIGNATURE_NAMES[oid] ?? oid, hash: SIGNATURE_HASHES[oid] ?? 'unknown' };
  } catch {
    return { oid: '', name: 'unknown', hash: 'unknown' };
  }
}

/**
 * The validity times as encoded and the SubjectPublicKeyInfo bytes of a DER certificate
 * (RFC 5280 §4.1: TBSCertificate = [0] version, serial, signature, issuer, validity, subject, SPKI),
 * read without judging them; undefined when the structure cannot be walked.
 */
export function tbsFields(der: Uint8Array): { notBefore: string; notAfter: string; spki: Uint8Array } | undefined {
  try {
    const cert = readTlv(der, 0, der.length);
    const tbs = readTlv(der, cert.start, cert.end);
    const fields: (Tlv & { from: number })[] = [];
    for (let at = tbs.start; at < tbs.end && fields.length < 7;) {
      const t = readTlv(der, at, tbs.end);
      fields.push({ ...t, from: at });
      at = t.end;
    }
    const rest = fields[0]?.tag === 0xa0 ? fields.slice(1) : fields;
    const validity = rest[3];
    const spki = rest[5];
    if (!validity || validity.tag !== 0x30 || !spki || spki.tag !== 0x30) return undefined;
    const notBefore = readTlv(der, validity.start, validity.end);
    const notAfter = readTlv(der, notBefore.end, validity.end);
    const text = (t: Tlv) => String.fromCharCode(...der.subarray(t.start, Math.min(t.end, t.start + 32)));
    return { notBefore: text(notBefore), notAfter: text(notAfter), spki: der.subarray(spki.from, spki.end) };
  } catch {
    return undefined;
  }
}

// --- thresholds (DESIGN §4; NCSC-NL TLS guidelines 2025-05 §3.3.2 for key sizes) ---

export type Strength = 'good' | 'sufficient' | 'insufficient';

/** RSA ≥ 3072 good, 2048–3071 sufficient, less insufficient; EC and EdDSA ≥ 256 bits good. */
export function keyStrength(keyType: string, bits: number): Strength {
  if (keyType === 'rsa' || keyType === 'rsa-pss') return bits >= 3072 ? 'good' : bits >= 2048 ? 'sufficient' : 'insufficient';
  if (keyType === 'ec') return bits >= 256 ? 'good' : 'insufficient';
  if (keyType === 'ed25519' || keyType === 'ed448') return 'good';
  if (keyType === 'dsa') return bits >= 3072 ? 'sufficient' : 'insufficient';
  return 'insufficient';
}

/** MD2, MD5 and SHA-1 signatures are forgeable (SHA-1: chosen-prefix collisions, 2020). */
export function weakSignatureHash(hash: SignatureHash): boolean {
  return hash === 'md2' || hash === 'md5' || hash === 'sha1';
}

export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

/** What the certificate assessment can say; the certificate check declares each key's texts. */
export type CertificateFindingKey = `finding.certificate.${
  | 'ok'
  | 'untrusted'
  | 'self_signed'
  | 'chain_incomplete'
  | 'name_mismatch'
  | 'expired'
  | 'not_yet_valid'
  | 'expires_soon'
  | 'invalid_dates'
  | 'key_weak'
  | 'key_unreadable'
  | 'key_sufficient'
  | 'signature_weak'
  | 'not_available'}`;

export interface CertificateVerdict {
  status: FindingStatus;
  key: CertificateFindingKey;
  params: Record<string, ParamValue>;
}

/** `RSA 2048`, `EC P-256` */
export function keyDescription(c: Pick<CertificateFacts, 'keyType' | 'keyBits' | 'curve'>): string {
  if (c.keyType === 'ec') return `EC ${c.curve ?? c.keyBits}`;
  return `${c.keyType.toUpperCase()} ${c.keyBits}`;
}

/** Certificates sent by the server, without trust anchors the TLS library added from our store. */
export function servedChain(chain: CertificateFacts[]): CertificateFacts[] {
  return chain.filter((c, i) => i === 0 || !(c.inTrustStore && c.selfIssued));
}

/** OpenSSL's "issuer not found" codes: the chain does not reach any anchor we know. */
const ISSUER_UNKNOWN = new Set(['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']);

/** OpenSSL's codes for a validity field that is no valid time: the dates finding says it. */
const DATE_FIELD_ERRORS = new Set(['ERROR_IN_CERT_NOT_BEFORE_FIELD', 'ERROR_IN_CERT_NOT_AFTER_FIELD']);

/**
 * Verdicts for one certificate chain served by `host` at `addresses` (RFC 5280 path validation as
 * done by OpenSSL, RFC 6125 name matching, DESIGN §4 thresholds).
 */
export function assessCertificate(input: {
  host: string;
  addresses: string[];
  port: number;
  tls: TlsHandshakeFacts;
  now: Date;
}): CertificateVerdict[] {
  const { host, addresses, port, tls, now } = input;
  const leaf = tls.chain[0];
  const base = { host, addresses, port };
  if (!leaf) return [{ status: 'not_tested', key: 'finding.certificate.not_available', params: base }];
  const served = servedChain(tls.chain);
  const facts = {
    ...base,
    subject: leaf.subject,
    issuer: leaf.issuer,
    names: leaf.dnsNames.length ? leaf.dnsNames : leaf.commonName ? [leaf.commonName] : [],
    validFrom: leaf.validFrom?.slice(0, 10) ?? leaf.invalidDates?.notBefore ?? '',
    validTo: leaf.validTo?.slice(0, 10) ?? leaf.invalidDates?.notAfter ?? '',
    key: keyDescription(leaf),
    fingerprint: leaf.fingerprint256,
  };
  const out: CertificateVerdict[] = [];
  // A date that is not a valid time (RFC 5280 §4.1.2.5) leaves the validity unknown: neither
  // expired nor valid, and clients reject the certificate.
  const datesReadable = leaf.validFrom !== undefined && leaf.validTo !== undefined && !leaf.invalidDates;
  const validFrom = Date.parse(leaf.validFrom ?? '');
  const validTo = Date.parse(leaf.validTo ?? '');
  const expired = datesReadable && now.getTime() > validTo;
  const notYetValid = datesReadable && now.getTime() < validFrom;

  // Trust.
  const error = tls.authorized ? undefined : (tls.authorizationError ?? 'UNKNOWN');
  if (error) {
    if (error === 'DEPTH_ZERO_SELF_SIGNED_CERT' || (leaf.selfIssued && served.length === 1 && !leaf.inTrustStore)) {
      out.push({ status: 'fail', key: 'finding.certificate.self_signed', params: facts });
    } else if (ISSUER_UNKNOWN.has(error) && served.length === 1 && !leaf.selfIssued) {
      // Only the leaf was sent and its issuer is unknown: almost always a missing intermediate.
      out.push({ status: 'fail', key: 'finding.certificate.chain_incomplete', params: { ...facts, caIssuers: leaf.caIssuers } });
    } else if (
      (error === 'CERT_HAS_EXPIRED' && expired) ||
      (error === 'CERT_NOT_YET_VALID' && notYetValid) ||
      (DATE_FIELD_ERRORS.has(error) && !datesReadable)
    ) {
      // The dates below say it; the chain itself verified up to that point.
    } else {
      const anchor = served[served.length - 1]!;
      out.push({
        status: 'fail',
        key: 'finding.certificate.untrusted',
        params: { ...facts, error, root: anchor.selfIssued ? anchor.subject : anchor.issuer },
      });
    }
  }

  // Host name (RFC 6125 via the TLS library): the MX name must be among the certificate's names.
  if (!tls.hostMatch) out.push({ status: 'fail', key: 'finding.certificate.name_mismatch', params: facts });

  // Dates.
  const daysLeft = Math.floor((validTo - now.getTime()) / DAY_MS);
  if (!datesReadable)
    out.push({
      status: 'fail',
      key: 'finding.certificate.invalid_dates',
      params: {
        ...facts,
        notBefore: leaf.invalidDates?.notBefore ?? leaf.validFrom ?? '',
        notAfter: leaf.invalidDates?.notAfter ?? leaf.validTo ?? '',
      },
    });
  else if (notYetValid) out.push({ status: 'fail', key: 'finding.certificate.not_yet_valid', params: facts });
  else if (expired)
    out.push({
      status: 'fail',
      key: 'finding.certificate.expired',
      params: { ...facts, daysAgo: Math.max(1, Math.ceil((now.getTime() - validTo) / DAY_MS)) },
    });
  else if (daysLeft < EXPIRY_WARNING_DAYS)
    out.push({ status: 'warning', key: 'finding.certificate.expires_soon', params: { ...facts, daysLeft } });

  // Key of the server certificate.
  const strength = keyStrength(leaf.keyType, leaf.keyBits);
  if (leaf.keyUnreadable !== undefined)
    out.push({ status: 'fail', key: 'finding.certificate.key_unreadable', params: { ...facts, detail: leaf.keyUnreadable } });
  else if (strength === 'insufficient') out.push({ status: 'fail', key: 'finding.certificate.key_weak', params: facts });
  else if (strength === 'sufficient') out.push({ status: 'info', key: 'finding.certificate.key_sufficient', params: facts });

  // Signatures of every served certificate a client checks (a root's self-signature is not checked).
  for (const c of served) {
    if (c.selfIssued && c.ca && c !== leaf) continue;
    if (weakSignatureHash(c.signatureHash)) {
      out.push({
        status: 'fail',
        key: 'finding.certificate.signature_weak',
        params: { ...facts, certificate: c.subject, algorithm: c.signatureAlgorithm },
      });
    }
  }

  if (!out.some((v) => v.status === 'fail' || v.status === 'warning')) {
    out.unshift({ status: 'pass', key: 'finding.certificate.ok', params: { ...facts, daysLeft } });
  }
  return out;
}

/**
 * DNSSEC cryptography on node:crypto: RRSIG verification (RFC 3110, 5702, 6605, 8080), DS digests
 * (RFC 4034 §5.1.4, 4509, 6605) and the NSEC3 hash (RFC 5155 §5). Never throws on hostile input:
 * a key or signature that cannot be read is 'invalid'; an algorithm we do not implement, or that
 * this runtime lacks (Ed448 under Electron's BoringSSL), is 'unsupported'.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { dsDigestInput } from '../../../../shared/dnssec/canonical';
import type { DnskeyData, DsData, Nsec3Hasher } from '../../../../shared/dnssec/types';
import { canonicalNameWire, concatBytes, parseDnskey } from '../../../../shared/dnssec/wire';

type HashName = 'sha1' | 'sha256' | 'sha384' | 'sha512';

export function digest(name: HashName, data: Uint8Array): Uint8Array {
  const d = createHash(name).update(data).digest();
  return new Uint8Array(d.buffer, d.byteOffset, d.length);
}

const b64u = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64url');

function stripZeros(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return bytes.subarray(i);
}

/** RFC 3110 §2: exponent length (1 octet, or 0 then 2 octets), exponent, modulus. */
function rsaKey(publicKey: Uint8Array): KeyObject | undefined {
  let exponentLength = publicKey[0] ?? 0;
  let at = 1;
  if (exponentLength === 0) {
    if (publicKey.length < 3) return undefined;
    exponentLength = (publicKey[1]! << 8) | publicKey[2]!;
    at = 3;
  }
  if (exponentLength === 0 || at + exponentLength >= publicKey.length) return undefined;
  const e = stripZeros(publicKey.subarray(at, at + exponentLength));
  const n = stripZeros(publicKey.subarray(at + exponentLength));
  if (n.length === 1 && n[0] === 0) return undefined;
  return createPublicKey({ key: { kty: 'RSA', n: b64u(n), e: b64u(e) }, format: 'jwk' });
}

/** RFC 6605 §4: the point as x | y, each 32 (P-256) or 48 (P-384) octets. */
function ecKey(publicKey: Uint8Array, crv: 'P-256' | 'P-384', size: number): KeyObject | undefined {
  if (publicKey.length !== 2 * size) return undefined;
  const x = publicKey.subarray(0, size);
  const y = publicKey.subarray(size);
  return createPublicKey({ key: { kty: 'EC', crv, x: b64u(x), y: b64u(y) }, format: 'jwk' });
}

/** RFC 8080 §3: the raw public key, 32 octets for Ed25519, 57 for Ed448. */
function edKey(publicKey: Uint8Array, crv: 'Ed25519' | 'Ed448'): KeyObject | undefined {
  if (publicKey.length !== (crv === 'Ed25519' ? 32 : 57)) return undefined;
  return createPublicKey({ key: { kty: 'OKP', crv, x: b64u(publicKey) }, format: 'jwk' });
}

/** Whether this runtime has the curve: BoringSSL (Electron) lacks Ed448. Probed once. */
const curveSupport = new Map<string, boolean>();
function runtimeHas(crv: 'Ed25519' | 'Ed448'): boolean {
  let ok = curveSupport.get(crv);
  if (ok === undefined) {
    try {
      // RFC 8080 §6 example keys: valid points on each curve
      const probe =
        crv === 'Ed25519'
          ? 'l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4'
          : '3kgROaDjrh0H2iuixWBrc8g2EpBBLCdGzHmn-G2MpTPhpj_OiBVHHSfPodx1FYYUcJKm1MDpJtIA';
      createPublicKey({ key: { kty: 'OKP', crv, x: probe }, format: 'jwk' });
      ok = true;
    } catch {
      ok = false;
    }
    curveSupport.set(crv, ok);
  }
  return ok;
}

interface Scheme {
  key(publicKey: Uint8Array): KeyObject | undefined;
  /** node's digest name; null for EdDSA, which hashes internally */
  hash: HashName | null;
  /** ECDSA signatures are r | s (RFC 6605 §4) */
  p1363?: true;
  signatureLength?: number;
  available?: () => boolean;
}

const SCHEMES = new Map<number, Scheme>([
  [5, { key: rsaKey, hash: 'sha1' }], // RSASHA1, RFC 3110
  [7, { key: rsaKey, hash: 'sha1' }], // RSASHA1-NSEC3-SHA1, RFC 5155 §2
  [8, { key: rsaKey, hash: 'sha256' }], // RFC 5702
  [10, { key: rsaKey, hash: 'sha512' }], // RFC 5702
  [13, { key: (k) => ecKey(k, 'P-256', 32), hash: 'sha256', p1363: true, signatureLength: 64 }], // RFC 6605
  [14, { key: (k) => ecKey(k, 'P-384', 48), hash: 'sha384', p1363: true, signatureLength: 96 }], // RFC 6605
  [15, { key: (k) => edKey(k, 'Ed25519'), hash: null, signatureLength: 64, available: () => runtimeHas('Ed25519') }], // RFC 8080
  [16, { key: (k) => edKey(k, 'Ed448'), hash: null, signatureLength: 114, available: () => runtimeHas('Ed448') }], // RFC 8080
]);

/**
 * Verifies an RRSIG signature over `signedData` (from canonical.ts) with a DNSKEY. Algorithms 5, 7,
 * 8, 10, 13, 14, 15, 16; others (1 RSAMD5, 3 and 6 DSA, 12 GOST, unknown) are 'unsupported'. A key
 * whose Protocol is not 3 (RFC 4034 §2.1.2) or without the Zone Key flag (§2.1.1) is 'invalid'.
 */
export function verifySignature(dnskey: DnskeyData, signedData: Uint8Array, signature: Uint8Array): 'valid' | 'invalid' | 'unsupported' {
  const scheme = SCHEMES.get(dnskey.algorithm);
  if (!scheme || (scheme.available && !scheme.available())) return 'unsupported';
  if (dnskey.protocol !== 3 || (dnskey.flags & 0x0100) === 0) return 'invalid';
  if (scheme.signatureLength !== undefined && signature.length !== scheme.signatureLength) return 'invalid';
  try {
    const key = scheme.key(dnskey.publicKey);
    if (!key) return 'invalid';
    const ok = verify(scheme.hash, signedData, scheme.p1363 ? { key, dsaEncoding: 'ieee-p1363' } : key, signature);
    return ok ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}

const DS_DIGESTS = new Map<number, { hash: HashName; length: number }>([
  [1, { hash: 'sha1', length: 20 }], // RFC 4034 §5.1.4
  [2, { hash: 'sha256', length: 32 }], // RFC 4509
  [4, { hash: 'sha384', length: 48 }], // RFC 6605 §2
]);

/**
 * Does the DS refer to this DNSKEY (RFC 4034 §5.1.4, §5.2)? Key tag and algorithm must agree, the
 * key must be a zone key (flag bit 7) of protocol 3, and the digest of owner | RDATA must equal the
 * DS digest. Digest type 3 (GOST) and unknown types are 'unsupported'.
 */
export function dsMatches(ds: DsData, owner: string, dnskeyRdata: Uint8Array): 'match' | 'mismatch' | 'unsupported' {
  let key: DnskeyData;
  try {
    key = parseDnskey(dnskeyRdata);
  } catch {
    return 'mismatch';
  }
  if (key.keyTag !== ds.keyTag || key.algorithm !== ds.algorithm) return 'mismatch';
  const d = DS_DIGESTS.get(ds.digestType);
  if (!d) return 'unsupported';
  if (key.protocol !== 3 || (key.flags & 0x0100) === 0 || ds.digest.length !== d.length) return 'mismatch';
  let input: Uint8Array;
  try {
    input = dsDigestInput(owner, dnskeyRdata);
  } catch {
    return 'mismatch';
  }
  const computed = digest(d.hash, input);
  for (let i = 0; i < computed.length; i++) if (computed[i] !== ds.digest[i]) return 'mismatch';
  return 'match';
}

/**
 * RFC 5155 §5: IH(salt, x, 0) = H(x | salt), IH(salt, x, k) = H(IH(salt, x, k-1) | salt), over the
 * canonical (lower-case, uncompressed) wire form of the name; `iterations` additional rounds.
 */
export const nsec3Hash: Nsec3Hasher = (name, salt, iterations) => {
  let h = digest('sha1', concatBytes([canonicalNameWire(name), salt]));
  for (let i = 0; i < iterations; i++) h = digest('sha1', concatBytes([h, salt]));
  return h;
};

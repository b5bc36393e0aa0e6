/**
 * Lookups over the generated TLS facts (shared/tls/data.ts): cipher suites and groups by code or
 * name, the RFC 7919 groups by prime. Pure functions, no node: imports.
 */
import { CIPHER_SUITES, FFDHE_GROUPS, GROUPS } from './data';
import type { TlsVersionName } from './protocol';
import { versionRank } from './protocol';

export interface CipherSuiteFact {
  /** two code bytes as one number, e.g. 0xc02f */
  code: number;
  /** IANA description, exactly as the registry spells it */
  name: string;
  openssl?: string;
  /** where the OpenSSL name comes from (`testssl` names follow testssl.sh for suites OpenSSL never shipped) */
  opensslSource?: 'openssl-doc' | 'testssl' | 'gost-engine';
  /** key exchange token from the name: RSA, DHE, ECDHE, DH, ECDH, PSK, …; `any` for TLS 1.3 suites; empty for SCSVs */
  kex: string;
  /** authentication: RSA, DSS, ECDSA, anon, PSK, …; `any` for TLS 1.3 suites */
  auth: string;
  /** bulk cipher token, e.g. AES_128_GCM, 3DES_EDE_CBC; NULL for none, SCSV for signalling values */
  cipher: string;
  /** AEAD, or the HMAC hash (MD5, SHA1, SHA256, SHA384) */
  mac: string;
  /** hash named in the suite (HMAC or PRF/HKDF hash) */
  hash: string;
  /** OpenSSL's minimum protocol label (SSLv3, TLSv1.0, TLSv1.2, TLSv1.3) */
  minVersion: 'SSLv3' | 'TLSv1.0' | 'TLSv1.2' | 'TLSv1.3';
  /** IANA "Recommended": Y, N, or D (discouraged, RFC 9847) */
  recommended: 'Y' | 'N' | 'D';
  reference: string;
}

export type GroupType = 'ec_prime' | 'ec_binary' | 'montgomery' | 'ffdhe' | 'mlkem' | 'hybrid' | 'explicit';

export interface GroupFact {
  code: number;
  name: string;
  type: GroupType;
  /** nominal key size (field size for curves, modulus for FFDHE); absent for ML-KEM and hybrids */
  keyBits?: number;
  /** the size OpenSSL reports (EVP_PKEY_bits) */
  opensslBits?: number;
  tlsVersions: readonly ('TLSv1.2' | 'TLSv1.3')[];
  /** IANA "Recommended"; absent for a group not in the IANA copy used */
  recommended?: 'Y' | 'N' | 'D';
  reference: string;
  source?: string;
  notes?: string;
}

export interface FfdheGroupFact {
  bits: number;
  generator: number;
  /** lower-case hex, no leading zeros */
  prime: string;
}

const suitesByCode = new Map(CIPHER_SUITES.map((s) => [s.code, s]));
const suitesByName = new Map(CIPHER_SUITES.map((s) => [s.name, s]));
const groupsByCode = new Map(GROUPS.map((g) => [g.code, g]));
const groupsByName = new Map(GROUPS.map((g) => [g.name.toLowerCase(), g]));

export const TLS_EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff;

export function suiteByCode(code: number): CipherSuiteFact | undefined {
  return suitesByCode.get(code);
}

export function suiteByName(name: string): CipherSuiteFact | undefined {
  return suitesByName.get(name);
}

/** IANA name, or `0xXXXX` for a code the registry does not hold. */
export function suiteName(code: number): string {
  return suitesByCode.get(code)?.name ?? `0x${code.toString(16).padStart(4, '0')}`;
}

export function allSuites(): readonly CipherSuiteFact[] {
  return CIPHER_SUITES;
}

export function isScsv(suite: CipherSuiteFact): boolean {
  return suite.cipher === 'SCSV';
}

/** Whether a suite can be negotiated in `version` (OpenSSL's minimum label; TLS 1.3 suites only in 1.3). */
export function suiteUsableIn(suite: CipherSuiteFact, version: TlsVersionName): boolean {
  if (isScsv(suite)) return false;
  if (version === 'TLSv1.3') return suite.minVersion === 'TLSv1.3';
  if (suite.minVersion === 'TLSv1.3') return false;
  return versionRank(suite.minVersion) <= versionRank(version);
}

// Names other software uses for the same groups (OpenSSL, NIST, RFC 8422 §5.1.1 aliases).
const GROUP_ALIASES: Readonly<Record<string, string>> = {
  prime256v1: 'secp256r1',
  'p-256': 'secp256r1',
  'p-384': 'secp384r1',
  'p-521': 'secp521r1',
  'p-224': 'secp224r1',
  prime192v1: 'secp192r1',
  'p-192': 'secp192r1',
  curve25519: 'x25519',
  curve448: 'x448',
};

export function groupByCode(code: number): GroupFact | undefined {
  return groupsByCode.get(code);
}

/** Finds a group by IANA name or a common alias (prime256v1, P-256, …), case-insensitively. */
export function groupByName(name: string): GroupFact | undefined {
  const key = name.toLowerCase();
  return groupsByName.get(GROUP_ALIASES[key] ?? key);
}

export function groupName(code: number): string {
  return groupsByCode.get(code)?.name ?? `group_0x${code.toString(16).padStart(4, '0')}`;
}

export function allGroups(): readonly GroupFact[] {
  return GROUPS;
}

/** The RFC 7919 group whose prime (hex, any case, leading zeros allowed) and generator match, if any. */
export function ffdheGroupByPrime(primeHex: string, generator: number): { name: string; group: FfdheGroupFact } | undefined {
  const p = primeHex.toLowerCase().replace(/^0+/, '');
  for (const [name, group] of Object.entries(FFDHE_GROUPS)) {
    if (group.prime === p && group.generator === generator) return { name, group };
  }
  return undefined;
}

export function ffdheGroup(name: string): FfdheGroupFact | undefined {
  return FFDHE_GROUPS[name];
}

/**
 * What the prober offers: cipher-suite candidates per version (every IANA suite usable there, the
 * commonly implemented ones first so the first group usually holds everything a server has), the
 * groups and signature schemes of the base ClientHello, and the base hello itself.
 */
import { classifySuite, TLS_CLASSES } from '../../../../shared/tls/classify';
import { allGroups, allSuites, suiteUsableIn, type CipherSuiteFact } from '../../../../shared/tls/facts';
import type { TlsVersionName } from '../../../../shared/tls/protocol';
import type { ClientHelloSpec } from './client-hello';
import { GROUP_SECP256R1, GROUP_X25519 } from './key-shares';

/** testssl.sh: "Some servers can't handle a handshake with >= 128 ciphers." */
export const DEFAULT_MAX_SUITES_PER_HELLO = 127;

// Suites that need client-side secrets or rare libraries come last; servers almost never pick them.
const RARE_KEX = new Set(['PSK', 'DHE_PSK', 'RSA_PSK', 'ECDHE_PSK', 'SRP', 'KRB5', 'KRB5_EXPORT', 'ECCPWD', 'GOST']);
const KEX_ORDER = ['ECDHE', 'DHE', 'RSA', 'ECDH', 'DH', 'RSA_EXPORT', 'DHE_EXPORT', 'DH_EXPORT'];

/**
 * How likely a server is to have the suite, so the first group of 127 holds what real servers run
 * and the other groups usually cost one refusal each: 0 = what current OpenSSL ships (the manual's
 * table, plus the Camellia-SHA-2 suites it omits), 1 = what older libraries had (export, single DES,
 * …), 2 = static (EC)DH and never-shipped ARIA-CBC, 3 = PSK, SRP, Kerberos, GOST, ECCPWD.
 */
function tier(s: CipherSuiteFact): number {
  if (RARE_KEX.has(s.kex)) return 3;
  if (s.opensslSource === 'openssl-doc') return 0;
  if (((s.kex === 'DH' || s.kex === 'ECDH') && s.auth !== 'anon') || /^ARIA_(128|256)_CBC$/.test(s.cipher)) return 2;
  if (/^CAMELLIA_(128|256)_CBC$/.test(s.cipher) && (s.mac === 'SHA256' || s.mac === 'SHA384')) return 0;
  return 1;
}

function suiteSortKey(s: CipherSuiteFact, version: TlsVersionName): number[] {
  const kex = KEX_ORDER.indexOf(s.kex);
  return [tier(s), TLS_CLASSES.indexOf(classifySuite(s.code, version)), kex < 0 ? KEX_ORDER.length : kex, s.code];
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

const candidateCache = new Map<TlsVersionName, number[]>();

/** Every registered suite usable in `version`, in the prober's offer order. */
export function suiteCandidates(version: TlsVersionName): number[] {
  let list = candidateCache.get(version);
  if (!list) {
    list = allSuites()
      .filter((s) => s.code !== 0x0000 && suiteUsableIn(s, version))
      .map((s) => ({ s, key: suiteSortKey(s, version) }))
      .sort((a, b) => compareKeys(a.key, b.key))
      .map(({ s }) => s.code);
    candidateCache.set(version, list);
  }
  return list;
}

export function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Candidates split into groups small enough for one ClientHello. */
export function suiteChunks(version: TlsVersionName, maxPerHello: number): number[][] {
  return chunk(suiteCandidates(version), Math.max(1, maxPerHello));
}

const PREFERRED_GROUPS = [GROUP_X25519, GROUP_SECP256R1, 0x001e, 0x0018, 0x0019, 0x001a, 0x001b, 0x001c, 0x001f, 0x0020, 0x0021];

function orderGroups(codes: number[]): number[] {
  const rank = (c: number) => {
    const i = PREFERRED_GROUPS.indexOf(c);
    return i < 0 ? PREFERRED_GROUPS.length : i;
  };
  return codes.sort((a, b) => rank(a) - rank(b) || a - b);
}

/** Elliptic-curve groups for TLS ≤ 1.2 hellos (RFC 8422 §5.1.1): every registered curve. */
export function ecGroupsForTls12(): number[] {
  return orderGroups(
    allGroups()
      .filter((g) => g.tlsVersions.includes('TLSv1.2') && (g.type === 'ec_prime' || g.type === 'ec_binary' || g.type === 'montgomery'))
      .map((g) => g.code),
  );
}

/** Every group registered for TLS 1.3 (RFC 8446 §4.2.7), including FFDHE and hybrid ML-KEM groups. */
export function groupsForTls13(): number[] {
  return orderGroups(
    allGroups()
      .filter((g) => g.tlsVersions.includes('TLSv1.3') && g.type !== 'explicit')
      .map((g) => g.code),
  );
}

/** RFC 8446 §4.2.3 schemes first, then the legacy RFC 5246 pairs down to SHA-1 so any server can answer. */
export const SIGNATURE_ALGORITHMS = [
  0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0401, 0x0501, 0x0601, 0x081a, 0x081b, 0x081c,
  0x0303, 0x0301, 0x0402, 0x0502, 0x0602, 0x0302, 0x0203, 0x0201, 0x0202,
];
/** NCSC 3.3.5 test: only SHA-1 schemes (RSA, ECDSA, DSA). */
export const SIGNATURE_ALGORITHMS_SHA1 = [0x0201, 0x0203, 0x0202];
/** NCSC 3.3.5 test: only SHA-224 schemes. */
export const SIGNATURE_ALGORITHMS_SHA224 = [0x0301, 0x0303, 0x0302];

/** The ClientHello every probe starts from; steps override suites, groups or signature schemes. */
export function baseHello(version: TlsVersionName, cipherSuites: readonly number[], serverName?: string): ClientHelloSpec {
  const tls13 = version === 'TLSv1.3';
  return {
    version,
    cipherSuites,
    ...(serverName ? { serverName } : {}),
    ...(version === 'SSLv3' ? {} : { groups: tls13 ? groupsForTls13() : ecGroupsForTls12(), signatureAlgorithms: SIGNATURE_ALGORITHMS }),
    ...(tls13 ? { keyShares: [GROUP_X25519, GROUP_SECP256R1] } : {}),
  };
}

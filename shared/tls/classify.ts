/**
 * NCSC-NL TLS guidelines (version in NCSC_NL_GUIDELINE_VERSION, as Internet.nl implements them):
 * each protocol version, cipher suite, group, DH group, key-exchange hash, certificate key and
 * signature, and the TLS extras rated good / sufficient / phase_out / insufficient. The levels come
 * from shared/tls/data.ts (generated from the reference JSON); only the mapping logic lives here.
 */
import { NCSC_NL } from './data';
import { ffdheGroupByPrime, groupByCode, groupByName, suiteByCode } from './facts';
import { versionRank, type SignatureHash, type TlsVersionName } from './protocol';

export const TLS_CLASSES = ['good', 'sufficient', 'phase_out', 'insufficient'] as const;
export type TlsClass = (typeof TLS_CLASSES)[number];

/** The worse of the classes (insufficient is worst); undefined for an empty list. */
export function worstClass(classes: readonly TlsClass[]): TlsClass | undefined {
  let worst: TlsClass | undefined;
  for (const c of classes) if (worst === undefined || TLS_CLASSES.indexOf(c) > TLS_CLASSES.indexOf(worst)) worst = c;
  return worst;
}

const has = (list: readonly string[], value: string) => list.includes(value);

/** NCSC 3.3.1: TLS 1.3 good, 1.2 sufficient, everything older insufficient. */
export function classifyProtocol(version: TlsVersionName): TlsClass {
  const p = NCSC_NL.protocols;
  if (has(p.good, version)) return 'good';
  if (has(p.sufficient, version)) return 'sufficient';
  if (has(p.phase_out, version)) return 'phase_out';
  return 'insufficient';
}

/**
 * NCSC 3.3.2–3.3.5 and appendix B, as explicit IANA-name lists per version: TLS 1.3 suites by the
 * 1.3 list, every other version by the 1.2 list (whose good, sufficient and phase-out suites all
 * need TLS 1.2, so in older versions every suite ends up insufficient). Unknown codes are insufficient.
 */
export function classifySuite(code: number, version: TlsVersionName): TlsClass {
  const suite = suiteByCode(code);
  if (!suite) return 'insufficient';
  const lists = NCSC_NL.cipher_suites.by_tls_version[version === 'TLSv1.3' ? 'TLSv1.3' : 'TLSv1.2'];
  if (has(lists.good, suite.name)) return 'good';
  if (has(lists.sufficient, suite.name)) return 'sufficient';
  if (has(lists.phase_out, suite.name)) return 'phase_out';
  return 'insufficient';
}

/**
 * NCSC 3.3.3: ECDHE curves (sufficient, secp224r1 phase-out), hybrid ML-KEM groups (good), RFC 7919
 * groups (3072+ phase-out, 2048 insufficient); any other group is insufficient. The brainpool
 * *tls13 code points (RFC 8734) carry their curve's level — a mapping of ours, not in the source.
 */
export function classifyGroup(code: number): TlsClass {
  const group = groupByCode(code);
  if (!group) return 'insufficient';
  const name = group.name.replace(/tls13$/, '');
  const g = NCSC_NL.groups;
  if (has(g.hybrid_post_quantum.good, name)) return 'good';
  if (has(g.ecdhe_curves.good, name) || has(g.ffdhe.good, name)) return 'good';
  if (has(g.ecdhe_curves.sufficient, name) || has(g.ffdhe.sufficient, name)) return 'sufficient';
  if (has(g.ecdhe_curves.phase_out, name) || has(g.ffdhe.phase_out, name)) return 'phase_out';
  return 'insufficient';
}

/**
 * NCSC 3.3.3 for DHE in TLS ≤ 1.2: phase-out only with generator 2 and exactly an RFC 7919 prime of
 * 3072 bits or more; every other group (ffdhe2048, self-generated, whatever its size) insufficient.
 */
export function classifyDhParams(primeHex: string, generator: number): { class: TlsClass; group?: string } {
  const known = ffdheGroupByPrime(primeHex, generator);
  if (!known) return { class: 'insufficient' };
  const fact = groupByName(known.name);
  return { class: fact ? classifyGroup(fact.code) : 'insufficient', group: known.name };
}

/**
 * NCSC 3.3.5: hash of the signature over the TLS 1.2 key exchange. SHA-2 good, SHA-224 phase-out,
 * SHA-1 and MD5 insufficient. EdDSA hashes intrinsically with SHA-512/SHAKE256 (RFC 8032), so
 * `intrinsic` counts as good — our reading; the source tests only SHA-1 and SHA-224.
 */
export function classifyKexHash(hash: SignatureHash | 'unknown' | 'md5_sha1'): TlsClass {
  const k = NCSC_NL.kex_hash;
  if (hash === 'intrinsic') return 'good';
  if (hash === 'md5_sha1') return 'insufficient';
  if (has(k.good, hash)) return 'good';
  if (has(k.phase_out, hash)) return 'phase_out';
  return 'insufficient';
}

export type CertificateKeyInfo =
  { type: 'rsa' | 'rsa-pss'; bits: number } | { type: 'ec'; curve: string } | { type: 'ed25519' | 'ed448' | 'dsa' | 'dh' | 'unknown' };

/** NCSC 3.3.2.1: RSA ≥ 3072 sufficient, 2048–3071 phase-out; named curves by list; EdDSA sufficient; others insufficient. */
export function classifyCertificateKey(key: CertificateKeyInfo): TlsClass {
  const c = NCSC_NL.certificate.public_key;
  switch (key.type) {
    case 'rsa':
    case 'rsa-pss':
      if (key.bits >= c.rsa.sufficient_min_bits) return 'sufficient';
      if (key.bits >= c.rsa.insufficient_below_bits) return 'phase_out';
      return 'insufficient';
    case 'ec': {
      const name = groupByName(key.curve)?.name ?? key.curve;
      if (has(c.ecdsa_curves.sufficient, name)) return 'sufficient';
      if (has(c.ecdsa_curves.phase_out, name)) return 'phase_out';
      return 'insufficient';
    }
    case 'ed25519':
      return has(c.eddsa.sufficient, 'Ed25519') ? 'sufficient' : 'insufficient';
    case 'ed448':
      return has(c.eddsa.sufficient, 'Ed448') ? 'sufficient' : 'insufficient';
    default:
      return 'insufficient';
  }
}

/** NCSC 3.3.2 / 3.3.5: certificate signature algorithm by OID; anything unlisted (incl. RSASSA-PSS, as implemented) insufficient. */
export function classifyCertificateSignature(oid: string): { class: TlsClass; name?: string } {
  const s = NCSC_NL.certificate.signature;
  const sufficient = s.sufficient.find((x) => x.oid === oid);
  if (sufficient) return { class: 'sufficient', name: sufficient.name };
  const phaseOut = s.phase_out.find((x) => x.oid === oid);
  if (phaseOut) return { class: 'phase_out', name: phaseOut.name };
  return { class: 'insufficient' };
}

/** NCSC 3.4.1: TLS compression must be off (CRIME). */
export function classifyCompression(enabled: boolean): TlsClass {
  return enabled ? 'insufficient' : 'good';
}

/** NCSC 3.4.2: secure renegotiation (RFC 5746) required for TLS ≤ 1.2. */
export function classifySecureRenegotiation(supported: boolean): TlsClass {
  return supported ? 'good' : 'insufficient';
}

/** NCSC 4.1: Extended Master Secret (RFC 7627) in TLS 1.2; good when TLS 1.2 is not offered at all. */
export function classifyExtendedMasterSecret(supported: boolean, tls12Offered: boolean): TlsClass {
  return supported || !tls12Offered ? 'good' : 'insufficient';
}

export type CipherOrderVerdict =
  | { class: 'good'; version: TlsVersionName }
  | {
      class: 'insufficient';
      version: TlsVersionName;
      reason: 'no_server_preference' | 'phase_out_preferred';
      suite?: number;
      over?: number;
    }
  | { class: 'not_applicable'; reason: 'only_tls13' | 'only_good_or_sufficient' | 'no_suites' };

/**
 * NCSC sections 2–3 as Internet.nl tests them: on the highest version below 1.3, the server must
 * enforce its own order, preferring good/sufficient suites over phase-out ones (insufficient suites
 * fail on their own). Not applicable when only TLS 1.3, or only good/sufficient suites, are offered.
 */
export function evaluateCipherOrder(
  perVersion: readonly {
    version: TlsVersionName;
    suites: readonly { code: number }[];
    preference: 'server' | 'client' | 'single' | 'unknown';
  }[],
): CipherOrderVerdict {
  const below13 = perVersion.filter((v) => v.version !== 'TLSv1.3' && v.suites.length > 0);
  if (below13.length === 0)
    return { class: 'not_applicable', reason: perVersion.some((v) => v.suites.length > 0) ? 'only_tls13' : 'no_suites' };
  const top = below13.reduce((a, b) => (versionRank(b.version) > versionRank(a.version) ? b : a));
  const classes = top.suites.map((s) => classifySuite(s.code, top.version));
  if (classes.every((c) => c === 'good' || c === 'sufficient')) return { class: 'not_applicable', reason: 'only_good_or_sufficient' };
  if (top.preference === 'client' || top.preference === 'unknown')
    return { class: 'insufficient', version: top.version, reason: 'no_server_preference' };
  // Server order: every phase-out (or worse) suite must come after every good/sufficient one.
  const firstWeak = classes.findIndex((c) => c === 'phase_out' || c === 'insufficient');
  const laterStrong = classes.findIndex((c, i) => i > firstWeak && (c === 'good' || c === 'sufficient'));
  if (firstWeak >= 0 && laterStrong >= 0) {
    return {
      class: 'insufficient',
      version: top.version,
      reason: 'phase_out_preferred',
      suite: top.suites[firstWeak]!.code,
      over: top.suites[laterStrong]!.code,
    };
  }
  return { class: 'good', version: top.version };
}

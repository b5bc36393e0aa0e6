/**
 * Ratings of DNSSEC signing algorithms and DS digest types for the audit.
 *
 * Where the values come from (read 2026; the registry is now the normative list):
 * - RFC 9904 (Nov 2025, obsoletes RFC 8624) moved the recommendations into the IANA registries as four
 *   columns; its Tables 2 and 3 are RFC 8624 §3.1 and §3.3 transcribed ("Use for" = "Implement for",
 *   with RECOMMENDED where RFC 8624 said MUST).
 *   https://www.rfc-editor.org/rfc/rfc9904.html
 * - RFC 9905 §5 (Nov 2025) set "Use for DNSSEC Signing" of RSASHA1 (5) and RSASHA1-NSEC3-SHA1 (7) to
 *   MUST NOT; validation stays RECOMMENDED.  https://www.rfc-editor.org/rfc/rfc9905.html
 * - RFC 9906 §5 (Nov 2025) set every column of ECC-GOST (12) and of DS digest GOST R 34.11-94 (3) to
 *   MUST NOT.  https://www.rfc-editor.org/rfc/rfc9906.html
 * - The registries themselves:
 *   https://www.iana.org/assignments/dns-sec-alg-numbers/dns-sec-alg-numbers.xhtml
 *   https://www.iana.org/assignments/ds-rr-types/ds-rr-types.xhtml
 *
 * We carry only the two "Use for" columns: an audit judges what a zone operator deploys ("Use for
 * DNSSEC Signing" / "Use for DNSSEC Delegation") and what a validator may rely on ("Use for DNSSEC
 * Validation"), not what software must implement.
 */

/**
 * A registry value in our words. RFC 9904 §2.2 allows MAY, RECOMMENDED, NOT RECOMMENDED and MUST NOT in
 * the "Use for" columns; MAY is `acceptable`. `unknown`: the number has no row in the tables (unassigned,
 * reserved, or not a zone-signing algorithm such as DELETE, DH or INDIRECT).
 */
export type Rating = 'recommended' | 'acceptable' | 'not-recommended' | 'must-not' | 'unknown';

/** This product's judgement of a zone's algorithm or DS digest (product policy, stricter than the registry). */
export type Verdict = 'good' | 'acceptable' | 'phase-out' | 'fail';

export interface AlgorithmInfo {
  number: number;
  /** RFC 4034 Appendix A.1 / IANA mnemonic, or the decimal number when the registry has none */
  mnemonic: string;
  name: string;
  /** "Use for DNSSEC Signing" */
  signing: Rating;
  /** "Use for DNSSEC Validation" */
  validation: Rating;
  /** the signature hashes with SHA-1 (RFC 9905 deprecates 5 and 7; DSA 3 and 6 were already MUST NOT) */
  deprecatedSha1: boolean;
  source: string;
}

export interface DigestInfo {
  number: number;
  mnemonic: string;
  name: string;
  /** "Use for DNSSEC Delegation": may a parent publish a DS of this type */
  delegation: Rating;
  /** "Use for DNSSEC Validation" */
  validation: Rating;
  deprecatedSha1: boolean;
  source: string;
}

const T2 = 'RFC 9904 §3 Table 2 (= RFC 8624 §3.1)';
const T3 = 'RFC 9904 §4 Table 3 (= RFC 8624 §3.3)';
const NOT_SIGNING = 'IANA DNS Security Algorithm Numbers; not a zone-signing algorithm, no row in RFC 9904 Table 2';

type AlgorithmRow = Omit<AlgorithmInfo, 'number'>;
type DigestRow = Omit<DigestInfo, 'number'>;

const ALGORITHMS: ReadonlyMap<number, AlgorithmRow> = new Map<number, AlgorithmRow>([
  [
    0,
    {
      mnemonic: 'DELETE',
      name: 'Delete DS (CDS/CDNSKEY only, RFC 8078 §4)',
      signing: 'unknown',
      validation: 'unknown',
      deprecatedSha1: false,
      source: NOT_SIGNING,
    },
  ],
  [1, { mnemonic: 'RSAMD5', name: 'RSA/MD5', signing: 'must-not', validation: 'must-not', deprecatedSha1: false, source: T2 }],
  [2, { mnemonic: 'DH', name: 'Diffie-Hellman', signing: 'unknown', validation: 'unknown', deprecatedSha1: false, source: NOT_SIGNING }],
  [3, { mnemonic: 'DSA', name: 'DSA/SHA1', signing: 'must-not', validation: 'must-not', deprecatedSha1: true, source: T2 }],
  [
    5,
    {
      mnemonic: 'RSASHA1',
      name: 'RSA/SHA-1',
      signing: 'must-not',
      validation: 'recommended',
      deprecatedSha1: true,
      source: `${T2}; signing MUST NOT by RFC 9905 §5`,
    },
  ],
  [
    6,
    { mnemonic: 'DSA-NSEC3-SHA1', name: 'DSA-NSEC3-SHA1', signing: 'must-not', validation: 'must-not', deprecatedSha1: true, source: T2 },
  ],
  [
    7,
    {
      mnemonic: 'RSASHA1-NSEC3-SHA1',
      name: 'RSASHA1-NSEC3-SHA1',
      signing: 'must-not',
      validation: 'recommended',
      deprecatedSha1: true,
      source: `${T2}; signing MUST NOT by RFC 9905 §5`,
    },
  ],
  [8, { mnemonic: 'RSASHA256', name: 'RSA/SHA-256', signing: 'recommended', validation: 'recommended', deprecatedSha1: false, source: T2 }],
  [
    10,
    {
      mnemonic: 'RSASHA512',
      name: 'RSA/SHA-512',
      signing: 'not-recommended',
      validation: 'recommended',
      deprecatedSha1: false,
      source: T2,
    },
  ],
  [
    12,
    {
      mnemonic: 'ECC-GOST',
      name: 'GOST R 34.10-2001',
      signing: 'must-not',
      validation: 'must-not',
      deprecatedSha1: false,
      source: `${T2}; all MUST NOT by RFC 9906 §5`,
    },
  ],
  [
    13,
    {
      mnemonic: 'ECDSAP256SHA256',
      name: 'ECDSA Curve P-256 with SHA-256',
      signing: 'recommended',
      validation: 'recommended',
      deprecatedSha1: false,
      source: T2,
    },
  ],
  [
    14,
    {
      mnemonic: 'ECDSAP384SHA384',
      name: 'ECDSA Curve P-384 with SHA-384',
      signing: 'acceptable',
      validation: 'recommended',
      deprecatedSha1: false,
      source: T2,
    },
  ],
  [15, { mnemonic: 'ED25519', name: 'Ed25519', signing: 'recommended', validation: 'recommended', deprecatedSha1: false, source: T2 }],
  [16, { mnemonic: 'ED448', name: 'Ed448', signing: 'acceptable', validation: 'recommended', deprecatedSha1: false, source: T2 }],
  [
    17,
    {
      mnemonic: 'SM2SM3',
      name: 'SM2 signing with SM3 hashing (RFC 9563)',
      signing: 'acceptable',
      validation: 'acceptable',
      deprecatedSha1: false,
      source: T2,
    },
  ],
  [
    23,
    {
      mnemonic: 'ECC-GOST12',
      name: 'GOST R 34.10-2012 (RFC 9558)',
      signing: 'acceptable',
      validation: 'acceptable',
      deprecatedSha1: false,
      source: T2,
    },
  ],
  [
    252,
    {
      mnemonic: 'INDIRECT',
      name: 'Reserved for Indirect Keys',
      signing: 'unknown',
      validation: 'unknown',
      deprecatedSha1: false,
      source: NOT_SIGNING,
    },
  ],
  [
    253,
    {
      mnemonic: 'PRIVATEDNS',
      name: 'private algorithm',
      signing: 'acceptable',
      validation: 'acceptable',
      deprecatedSha1: false,
      source: T2,
    },
  ],
  [
    254,
    {
      mnemonic: 'PRIVATEOID',
      name: 'private algorithm OID',
      signing: 'acceptable',
      validation: 'acceptable',
      deprecatedSha1: false,
      source: T2,
    },
  ],
]);

const DIGESTS: ReadonlyMap<number, DigestRow> = new Map<number, DigestRow>([
  [
    0,
    {
      mnemonic: 'NULL',
      name: 'NULL (CDS only, RFC 8078 §4)',
      delegation: 'must-not',
      validation: 'must-not',
      deprecatedSha1: false,
      source: T3,
    },
  ],
  [
    1,
    {
      mnemonic: 'SHA-1',
      name: 'SHA-1',
      delegation: 'must-not',
      validation: 'recommended',
      deprecatedSha1: true,
      source: `${T3}; RFC 9905 §5`,
    },
  ],
  [2, { mnemonic: 'SHA-256', name: 'SHA-256', delegation: 'recommended', validation: 'recommended', deprecatedSha1: false, source: T3 }],
  [
    3,
    {
      mnemonic: 'GOST94',
      name: 'GOST R 34.11-94',
      delegation: 'must-not',
      validation: 'must-not',
      deprecatedSha1: false,
      source: `${T3}; all MUST NOT by RFC 9906 §5`,
    },
  ],
  [4, { mnemonic: 'SHA-384', name: 'SHA-384', delegation: 'acceptable', validation: 'recommended', deprecatedSha1: false, source: T3 }],
  [
    5,
    {
      mnemonic: 'GOST12',
      name: 'GOST R 34.11-2012 (RFC 9558)',
      delegation: 'acceptable',
      validation: 'acceptable',
      deprecatedSha1: false,
      source: T3,
    },
  ],
  [6, { mnemonic: 'SM3', name: 'SM3 (RFC 9563)', delegation: 'acceptable', validation: 'acceptable', deprecatedSha1: false, source: T3 }],
]);

/** IANA DNS Security Algorithm Numbers: 4, 9, 11, 123–251 and 255 are reserved, the rest unassigned. */
function algorithmGap(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 255) return 'not an algorithm number (0–255)';
  return n === 4 || n === 9 || n === 11 || n === 255 || (n >= 123 && n <= 251) ? 'reserved' : 'unassigned';
}

export function algorithmInfo(n: number): AlgorithmInfo {
  const row = ALGORITHMS.get(n);
  if (row) return { number: n, ...row };
  return {
    number: n,
    mnemonic: String(n),
    name: algorithmGap(n),
    signing: 'unknown',
    validation: 'unknown',
    deprecatedSha1: false,
    source: 'IANA DNS Security Algorithm Numbers (no assigned algorithm)',
  };
}

export function digestInfo(n: number): DigestInfo {
  const row = DIGESTS.get(n);
  if (row) return { number: n, ...row };
  const name =
    !Number.isInteger(n) || n < 0 || n > 255
      ? 'not a digest type (0–255)'
      : n >= 128 && n <= 252
        ? 'reserved'
        : n === 253 || n === 254
          ? 'reserved for private use'
          : 'unassigned';
  return {
    number: n,
    mnemonic: String(n),
    name,
    delegation: 'unknown',
    validation: 'unknown',
    deprecatedSha1: false,
    source: 'IANA DS RR Type Digest Algorithms (no assigned digest; RFC 9904 §7.2 reserves 128–252, 253–254 private)',
  };
}

/**
 * Product policy for a zone's signing algorithm. Stricter than the registry where the registry still lets
 * validators accept something we tell an operator to replace: SHA-1 algorithms fail (RFC 9905 forbids
 * signing with them), RSASHA512 is NOT RECOMMENDED for signing, so it is to be phased out.
 */
const ALGORITHM_POLICY: ReadonlyMap<number, Verdict> = new Map<number, Verdict>([
  [13, 'good'],
  [15, 'good'],
  [8, 'acceptable'],
  [14, 'acceptable'],
  [16, 'acceptable'],
  [10, 'phase-out'],
  [5, 'fail'],
  [7, 'fail'],
  [1, 'fail'],
  [3, 'fail'],
  [6, 'fail'],
  [12, 'fail'],
]);

/** Product policy for a DS digest type: SHA-256 good, SHA-384 acceptable, SHA-1 and GOST must go. */
const DIGEST_POLICY: ReadonlyMap<number, Verdict> = new Map<number, Verdict>([
  [2, 'good'],
  [4, 'acceptable'],
  [1, 'fail'],
  [3, 'fail'],
]);

/** Anything not named by the policy (unassigned, private, SM2, GOST 2012) fails: validators may not know it. */
export function algorithmVerdict(n: number): Verdict {
  return ALGORITHM_POLICY.get(n) ?? 'fail';
}

export function digestVerdict(n: number): Verdict {
  return DIGEST_POLICY.get(n) ?? 'fail';
}

/** RFC 4034 §2.2 / §5.3: the algorithm field may be written as its mnemonic. Returns undefined if unknown. */
export function algorithmFromMnemonic(text: string): number | undefined {
  const upper = text.toUpperCase();
  for (const [n, row] of ALGORITHMS) if (row.mnemonic === upper) return n;
  return undefined;
}

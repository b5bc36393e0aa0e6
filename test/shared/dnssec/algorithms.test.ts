import { describe, expect, it } from 'vitest';
import {
  algorithmFromMnemonic,
  algorithmInfo,
  algorithmVerdict,
  digestInfo,
  digestVerdict,
  type Rating,
  type Verdict,
} from '../../../shared/dnssec/algorithms';

/*
 * RFC 9904 §3 Table 2 / §4 Table 3 (the RFC 8624 §3.1 / §3.3 values moved into the IANA registries),
 * as amended by RFC 9905 §5 (SHA-1 signing algorithms) and RFC 9906 §5 (GOST R 34.10-2001 / 34.11-94).
 */
describe('algorithmInfo: IANA "Use for DNSSEC Signing" / "Use for DNSSEC Validation"', () => {
  it.each<[number, string, Rating, Rating, boolean, string]>([
    [1, 'RSAMD5', 'must-not', 'must-not', false, 'RFC 9904 Table 2 (RFC 8624 §3.1)'],
    [3, 'DSA', 'must-not', 'must-not', true, 'RFC 9904 Table 2 (RFC 8624 §3.1)'],
    [5, 'RSASHA1', 'must-not', 'recommended', true, 'RFC 9905 §5: signing MUST NOT, validation unchanged'],
    [6, 'DSA-NSEC3-SHA1', 'must-not', 'must-not', true, 'RFC 9904 Table 2 (RFC 8624 §3.1)'],
    [7, 'RSASHA1-NSEC3-SHA1', 'must-not', 'recommended', true, 'RFC 9905 §5: signing MUST NOT, validation unchanged'],
    [8, 'RSASHA256', 'recommended', 'recommended', false, 'RFC 9904 Table 2: MUST in RFC 8624 §3.1 becomes RECOMMENDED'],
    [10, 'RSASHA512', 'not-recommended', 'recommended', false, 'RFC 9904 Table 2 (RFC 8624 §3.1)'],
    [12, 'ECC-GOST', 'must-not', 'must-not', false, 'RFC 9906 §5: every column MUST NOT (was MAY for validation)'],
    [13, 'ECDSAP256SHA256', 'recommended', 'recommended', false, 'RFC 9904 Table 2 (RFC 8624 §3.1: MUST)'],
    [14, 'ECDSAP384SHA384', 'acceptable', 'recommended', false, 'RFC 9904 Table 2: MAY to sign'],
    [15, 'ED25519', 'recommended', 'recommended', false, 'RFC 9904 Table 2 (RFC 8624 §3.1)'],
    [16, 'ED448', 'acceptable', 'recommended', false, 'RFC 9904 Table 2: MAY to sign'],
    [17, 'SM2SM3', 'acceptable', 'acceptable', false, 'RFC 9904 Table 2: MAY'],
    [23, 'ECC-GOST12', 'acceptable', 'acceptable', false, 'RFC 9904 Table 2: MAY'],
    [253, 'PRIVATEDNS', 'acceptable', 'acceptable', false, 'RFC 9904 Table 2: MAY'],
  ])('%i %s: signing %s, validation %s (%s)', (n, mnemonic, signing, validation, sha1, _cite) => {
    expect(algorithmInfo(n)).toMatchObject({ number: n, mnemonic, signing, validation, deprecatedSha1: sha1 });
    expect(algorithmInfo(n).source).toMatch(/RFC 990[456]/);
  });

  it.each([
    [0, 'DELETE', 'Delete DS'],
    [2, 'DH', 'Diffie-Hellman'],
    [252, 'INDIRECT', 'Indirect'],
  ])('%i %s is in the IANA registry but has no row in RFC 9904 Table 2: unknown', (n, mnemonic, name) => {
    expect(algorithmInfo(n)).toMatchObject({ mnemonic, signing: 'unknown', validation: 'unknown' });
    expect(algorithmInfo(n).name).toContain(name);
  });

  it.each([
    [4, 'reserved'],
    [9, 'reserved'],
    [11, 'reserved'],
    [200, 'reserved'],
    [255, 'reserved'],
    [18, 'unassigned'],
    [100, 'unassigned'],
    [256, 'not an algorithm number (0–255)'],
    [-1, 'not an algorithm number (0–255)'],
  ])('%i (IANA: %s) is unknown', (n, name) => {
    expect(algorithmInfo(n)).toMatchObject({
      number: n,
      mnemonic: String(n),
      name,
      signing: 'unknown',
      validation: 'unknown',
      deprecatedSha1: false,
    });
  });
});

describe('digestInfo: IANA "Use for DNSSEC Delegation" / "Use for DNSSEC Validation"', () => {
  it.each<[number, string, Rating, Rating, boolean, string]>([
    [0, 'NULL', 'must-not', 'must-not', false, 'RFC 9904 Table 3 (CDS delete only, RFC 8078 §4)'],
    [1, 'SHA-1', 'must-not', 'recommended', true, 'RFC 9904 Table 3 (RFC 8624 §3.3), RFC 9905 §5'],
    [2, 'SHA-256', 'recommended', 'recommended', false, 'RFC 9904 Table 3: MUST in RFC 8624 §3.3'],
    [3, 'GOST94', 'must-not', 'must-not', false, 'RFC 9906 §5: every column MUST NOT'],
    [4, 'SHA-384', 'acceptable', 'recommended', false, 'RFC 9904 Table 3: MAY to publish'],
    [5, 'GOST12', 'acceptable', 'acceptable', false, 'RFC 9904 Table 3: MAY'],
    [6, 'SM3', 'acceptable', 'acceptable', false, 'RFC 9904 Table 3: MAY'],
  ])('%i %s: delegation %s, validation %s (%s)', (n, mnemonic, delegation, validation, sha1, _cite) => {
    expect(digestInfo(n)).toMatchObject({ number: n, mnemonic, delegation, validation, deprecatedSha1: sha1 });
    expect(digestInfo(n).source).toMatch(/RFC 990[456]/);
  });

  it.each([
    [7, 'unassigned'],
    [128, 'reserved'],
    [252, 'reserved'],
    [253, 'reserved for private use'],
    [255, 'unassigned'],
  ])('%i (RFC 9904 §7.2: %s) is unknown', (n, name) => {
    expect(digestInfo(n)).toMatchObject({ name, delegation: 'unknown', validation: 'unknown' });
  });
});

describe('product verdicts', () => {
  it.each<[number, Verdict, string]>([
    [13, 'good', 'RECOMMENDED to sign (RFC 9904 Table 2)'],
    [15, 'good', 'RECOMMENDED to sign (RFC 9904 Table 2)'],
    [8, 'acceptable', 'RECOMMENDED to sign, but RSA: fine, not preferred'],
    [14, 'acceptable', 'MAY to sign (RFC 9904 Table 2)'],
    [16, 'acceptable', 'MAY to sign (RFC 9904 Table 2)'],
    [10, 'phase-out', 'NOT RECOMMENDED to sign (RFC 9904 Table 2)'],
    [5, 'fail', 'MUST NOT sign with SHA-1 (RFC 9905 §5)'],
    [7, 'fail', 'MUST NOT sign with SHA-1 (RFC 9905 §5)'],
    [1, 'fail', 'MUST NOT (RFC 9904 Table 2)'],
    [3, 'fail', 'MUST NOT (RFC 9904 Table 2)'],
    [6, 'fail', 'MUST NOT (RFC 9904 Table 2)'],
    [12, 'fail', 'MUST NOT (RFC 9906 §5)'],
    [17, 'fail', 'not in our policy: validators may not implement it'],
    [23, 'fail', 'not in our policy: validators may not implement it'],
    [253, 'fail', 'private algorithm'],
    [99, 'fail', 'unassigned'],
  ])('algorithm %i → %s (%s)', (n, verdict) => {
    expect(algorithmVerdict(n)).toBe(verdict);
  });

  it.each<[number, Verdict, string]>([
    [2, 'good', 'RECOMMENDED (RFC 9904 Table 3)'],
    [4, 'acceptable', 'MAY (RFC 9904 Table 3)'],
    [1, 'fail', 'MUST NOT publish (RFC 9904 Table 3, RFC 9905 §5)'],
    [3, 'fail', 'MUST NOT (RFC 9906 §5)'],
    [0, 'fail', 'CDS delete only (RFC 8078 §4)'],
    [5, 'fail', 'not in our policy'],
    [42, 'fail', 'unassigned'],
  ])('digest %i → %s (%s)', (n, verdict) => {
    expect(digestVerdict(n)).toBe(verdict);
  });

  it('every verdict better than fail is for a number the registry does not forbid', () => {
    for (let n = 0; n < 256; n++) {
      if (algorithmVerdict(n) !== 'fail') expect(algorithmInfo(n).signing).not.toMatch(/must-not|unknown/);
      if (digestVerdict(n) !== 'fail') expect(digestInfo(n).delegation).not.toMatch(/must-not|unknown/);
    }
  });
});

describe('algorithmFromMnemonic (RFC 4034 §2.2, Appendix A.1)', () => {
  it.each([
    ['RSASHA256', 8],
    ['ecdsap256sha256', 13],
    ['ED25519', 15],
    ['RSASHA1-NSEC3-SHA1', 7],
    ['RSASHA3', undefined],
  ])('%s → %s', (text, n) => {
    expect(algorithmFromMnemonic(text)).toBe(n);
  });
});

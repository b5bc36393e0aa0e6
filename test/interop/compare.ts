/**
 * Agreement between our TLS profile and testssl.sh on the same server (issue 4 points 7 and 8):
 * protocol versions, cipher suites per version (as sets, and in order where the server enforces
 * its order), whether it enforces one, ECDHE curves, RFC 7919 groups and the DH size of DHE suites.
 * Every disagreement — or an answer either side could not give — is a Difference; the agreement
 * test fails on any that is not in its documented allow-list.
 */
import { groupName } from '../../shared/tls/facts';
import type { TlsProfile } from '../../shared/tls/profile';
import type { TlsVersionName } from '../../shared/tls/protocol';
import type { TestsslProtocol, TestsslResult } from '../lab/testssl';

export const VERSION_PAIRS: readonly (readonly [TlsVersionName, TestsslProtocol])[] = [
  ['SSLv3', 'SSLv3'],
  ['TLSv1.0', 'TLS1'],
  ['TLSv1.1', 'TLS1_1'],
  ['TLSv1.2', 'TLS1_2'],
  ['TLSv1.3', 'TLS1_3'],
];

/**
 * testssl.sh 3.0's `-f` curve table (run_pfs `curves_ossl`), whose index + 1 is the TLS group code
 * (RFC 8422 §5.1.1, RFC 7748): it tests exactly these 30 curves and names them so in PFS_ECDHE_curves.
 */
export const TESTSSL_CURVES = [
  'sect163k1',
  'sect163r1',
  'sect163r2',
  'sect193r1',
  'sect193r2',
  'sect233k1',
  'sect233r1',
  'sect239k1',
  'sect283k1',
  'sect283r1',
  'sect409k1',
  'sect409r1',
  'sect571k1',
  'sect571r1',
  'secp160k1',
  'secp160r1',
  'secp160r2',
  'secp192k1',
  'prime192v1',
  'secp224k1',
  'secp224r1',
  'secp256k1',
  'prime256v1',
  'secp384r1',
  'secp521r1',
  'brainpoolP256r1',
  'brainpoolP384r1',
  'brainpoolP512r1',
  'X25519',
  'X448',
] as const;

/** RFC 7919 §A: ffdhe2048 … ffdhe8192 are 0x0100 … 0x0104, as testssl.sh's `ffdhe_groups_output` lists them. */
const FFDHE_CODES = new Map([0x0100, 0x0101, 0x0102, 0x0103, 0x0104].map((code) => [groupName(code), code]));

export type Aspect = 'protocol' | 'sslv2' | 'suites' | 'order' | 'preference' | 'curves' | 'ffdhe' | 'dh' | 'incomplete' | 'testssl';

export interface Difference {
  aspect: Aspect;
  /** our version name, where the aspect is per version */
  version?: TlsVersionName;
  detail: string;
}

/** One accepted disagreement, with why it is not a defect of either tool. */
export interface AllowedDifference {
  /** the server's name in the agreement test */
  server: string;
  aspect: Aspect;
  version?: TlsVersionName;
  reason: string;
}

const hex = (code: number) => `0x${code.toString(16).padStart(4, '0')}`;
const sameSet = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && new Set(a).size === a.length && a.every((x) => b.includes(x));
const sameList = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const listText = (codes: readonly number[], name: (c: number) => string = hex) => `[${codes.map(name).join(' ')}]`;

/** Group codes of testssl.sh's PFS_ECDHE_curves; a name outside its table is reported, not dropped. */
export function testsslCurveCodes(names: readonly string[]): { codes: number[]; unknown: string[] } {
  const codes: number[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const i = (TESTSSL_CURVES as readonly string[]).indexOf(name);
    if (i >= 0) codes.push(i + 1);
    else unknown.push(name);
  }
  return { codes, unknown };
}

/** Bits of the `DH <bits>` key-exchange column of testssl.sh's DHE suites, deduplicated. */
function testsslDhBits(theirs: TestsslResult): number[] {
  const bits = new Set<number>();
  for (const suite of Object.values(theirs.ciphers).flat()) {
    const m = /^DH (\d+)$/.exec(suite.keyExchange);
    if (m) bits.add(Number(m[1]));
  }
  return [...bits];
}

/**
 * Compares one profile with one testssl.sh scan. `forwardSecrecy`: the scan ran `-f`, so curves
 * and RFC 7919 groups are compared too (without it testssl.sh does not report them).
 */
export function compareWithTestssl(ours: TlsProfile, theirs: TestsslResult, options: { forwardSecrecy: boolean }): Difference[] {
  const out: Difference[] = [];
  const add = (aspect: Aspect, detail: string, version?: TlsVersionName) => out.push({ aspect, detail, ...(version ? { version } : {}) });

  for (const text of theirs.inconsistencies) add('testssl', `testssl.sh contradicts itself: ${text}`);
  for (const step of [ours.versions, ours.ciphers, ours.keyExchange, ours.extras]) {
    if (step.interrupted) add('incomplete', `our probe was interrupted (${step.interrupted.reason}): ${step.interrupted.error.message}`);
  }
  // We never send an SSL 2.0 hello (no server library has spoken it since OpenSSL 1.1): testssl.sh must agree it is off.
  if (theirs.sslv2) add('sslv2', 'testssl.sh found SSLv2, which we do not probe');

  for (const [version, id] of VERSION_PAIRS) {
    const probe = ours.versions.probes.find((p) => p.version === version);
    if (!probe || probe.state === 'unknown') {
      add('incomplete', `no answer for ${version}: ${JSON.stringify(probe?.evidence ?? 'not probed')}`, version);
      continue;
    }
    const supported = probe.state === 'supported';
    if (supported !== theirs.protocols[id])
      add(
        'protocol',
        `ours ${supported ? 'supported' : 'not supported'}, testssl.sh ${theirs.protocols[id] ? 'offered' : 'not offered'}`,
        version,
      );

    const mine = ours.ciphers.versions.find((v) => v.version === version);
    const ourSuites = mine?.suites.map((s) => s.code) ?? [];
    const theirSuites = theirs.ciphers[id].map((s) => s.code);
    if (mine && !mine.complete) add('incomplete', `suite enumeration incomplete: ${JSON.stringify(mine.incompleteBecause)}`, version);
    if (!sameSet(ourSuites, theirSuites)) {
      const onlyOurs = ourSuites.filter((c) => !theirSuites.includes(c));
      const onlyTheirs = theirSuites.filter((c) => !ourSuites.includes(c));
      add('suites', `only ours ${listText(onlyOurs)}, only testssl.sh ${listText(onlyTheirs)}`, version);
      continue;
    }
    if (ourSuites.length < 2) continue; // no order to speak of

    // testssl.sh's `cipher_order` verdict covers TLS 1.3 and the versions below it separately.
    const theirOrder = id === 'TLS1_3' ? theirs.serverOrderBy.tls13 : theirs.serverOrderBy.belowTls13;
    const ourOrder = mine!.preference === 'server' ? true : mine!.preference === 'client' ? false : undefined;
    if (ourOrder === undefined || theirOrder === undefined || ourOrder !== theirOrder) {
      add(
        'preference',
        `server order: ours ${mine!.preference}, testssl.sh ${theirOrder === undefined ? 'no verdict' : theirOrder ? 'server' : 'client'}`,
        version,
      );
      continue;
    }
    if (ourOrder) {
      const listed = theirs.cipherOrder[id]?.map((s) => s.code);
      if (!listed) add('order', 'testssl.sh reports a server order but did not list it', version);
      else if (!sameList(ourSuites, listed)) add('order', `ours ${listText(ourSuites)}, testssl.sh ${listText(listed)}`, version);
    }
  }

  // DH size of DHE suites below TLS 1.3: testssl.sh's -E key-exchange column against our ServerKeyExchange.
  const theirBits = testsslDhBits(theirs);
  const ourBits = ours.keyExchange.dh ? [ours.keyExchange.dh.bits] : [];
  if (!sameSet(ourBits, theirBits)) add('dh', `DH bits: ours ${ourBits.join(',') || 'none'}, testssl.sh ${theirBits.join(',') || 'none'}`);

  if (options.forwardSecrecy) {
    // testssl.sh merges the curves of every version into one list and tests only its 30 (codes 1–30).
    const ourCurves = [
      ...new Set(ours.keyExchange.groups.flatMap((g) => g.groups.map((x) => x.code)).filter((c) => c >= 1 && c <= TESTSSL_CURVES.length)),
    ];
    const { codes: theirCurves, unknown } = testsslCurveCodes(theirs.ecdheCurves ?? []);
    if (unknown.length) add('curves', `testssl.sh named curves outside its table: ${unknown.join(' ')}`);
    if (!sameSet(ourCurves, theirCurves))
      add('curves', `ours ${listText(ourCurves, groupName)}, testssl.sh ${listText(theirCurves, groupName)}`);

    // RFC 7919 groups: testssl.sh lists them in DH_groups when it found any (TLS 1.3, or TLS 1.2 negotiation).
    const ourFfdhe = [
      ...new Set(ours.keyExchange.groups.flatMap((g) => g.groups.map((x) => x.code)).filter((c) => c >= 0x0100 && c <= 0x01ff)),
    ];
    const theirNames = (theirs.dhGroups ?? '')
      .replace(/^RFC7919\//, '')
      .split(/\s+/)
      .filter((n) => /^ffdhe\d+$/.test(n));
    const theirFfdhe = theirNames.map((n) => FFDHE_CODES.get(n) ?? -1);
    if (!sameSet(ourFfdhe, theirFfdhe))
      add('ffdhe', `ours ${listText(ourFfdhe, groupName)}, testssl.sh ${JSON.stringify(theirs.dhGroups ?? null)}`);
  }
  for (const g of ours.keyExchange.groups) {
    if (!g.complete)
      add(
        'incomplete',
        `${g.method} group enumeration incomplete (${g.note ?? 'no note'}): ${JSON.stringify(g.incompleteBecause)}`,
        g.version,
      );
  }
  return out;
}

/** Differences not covered by `allowed` for `server`, and allow-list entries that matched nothing (stale). */
export function unexplained(
  server: string,
  differences: readonly Difference[],
  allowed: readonly AllowedDifference[],
): { unexplained: Difference[]; stale: AllowedDifference[] } {
  const mine = allowed.filter((a) => a.server === server);
  const matches = (a: AllowedDifference, d: Difference) => a.aspect === d.aspect && a.version === d.version;
  return {
    unexplained: differences.filter((d) => !mine.some((a) => matches(a, d))),
    stale: mine.filter((a) => !differences.some((d) => matches(a, d))),
  };
}

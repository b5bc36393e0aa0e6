/**
 * Key exchange: the groups the server accepts (TLS 1.3 through HelloRetryRequest, TLS ≤ 1.2 through
 * the ECDHE ServerKeyExchange), the DH group of its DHE suites, and the hash of the signature over
 * the key exchange (NCSC 3.3.3, 3.3.5). Groups are found like suites: offer all, remove the chosen.
 */
import { X509Certificate } from 'node:crypto';
import { classifyDhParams, classifyGroup, classifyKexHash, worstClass, type TlsClass } from '../../../../shared/tls/classify';
import { groupByName, groupName, suiteByCode, type CipherSuiteFact } from '../../../../shared/tls/facts';
import type {
  HandshakeEvidence,
  TlsCiphersResult,
  TlsDhParams,
  TlsGroupsProbe,
  TlsKexSignature,
  TlsKeyExchangeResult,
  TlsVersionsResult,
} from '../../../../shared/tls/profile';
import { signatureScheme, VERSION_CODES, versionRank, type TlsVersionName } from '../../../../shared/tls/protocol';
import { bitLength, toHex } from './bytes';
import {
  baseHello,
  ecGroupsForTls12,
  groupsForTls13,
  SIGNATURE_ALGORITHMS_SHA1,
  SIGNATURE_ALGORITHMS_SHA224,
  suiteCandidates,
} from './candidates';
import type { HandshakeResult } from './handshake';
import type { ServerKeyExchange } from './messages';
import { evidenceOf, isRefusal } from './outcome';
import type { TlsProbeSession } from './session';

type Flight = Extract<HandshakeResult, { kind: 'server_hello' }>;

const isEcdhe = (s: CipherSuiteFact) => s.kex === 'ECDHE' || (s.kex === 'ECDH' && s.auth === 'anon');
const isDhe = (s: CipherSuiteFact) =>
  s.kex === 'DHE' || s.kex === 'DHE_EXPORT' || ((s.kex === 'DH' || s.kex === 'DH_EXPORT') && s.auth === 'anon');

/** Suites of `version` matching `kind`: those the cipher step found, or every candidate when it did not run. */
function suitesFor(version: TlsVersionName, kind: (s: CipherSuiteFact) => boolean, ciphers?: TlsCiphersResult): number[] {
  const known = ciphers?.versions.find((v) => v.version === version);
  const codes = known ? known.suites.map((s) => s.code) : suiteCandidates(version);
  return codes.filter((c) => {
    const fact = suiteByCode(c);
    return fact !== undefined && kind(fact);
  });
}

export async function probeKeyExchange(
  session: TlsProbeSession,
  versions: TlsVersionsResult,
  ciphers?: TlsCiphersResult,
): Promise<TlsKeyExchangeResult> {
  const start = session.snapshot();
  const groups: TlsGroupsProbe[] = [];
  let dh: TlsDhParams | undefined;
  let signature: TlsKexSignature | undefined;
  let firstSignedFlight: { version: TlsVersionName; flight: Flight } | undefined;
  const noteSigned = (version: TlsVersionName, flight: Flight) => {
    const kx = flight.keyExchange;
    if (!firstSignedFlight && kx && 'signature' in kx && kx.signature) firstSignedFlight = { version, flight };
  };

  const supported = versions.supported;
  const legacy = supported.filter((v) => v !== 'TLSv1.3').sort((a, b) => versionRank(b) - versionRank(a));

  const tasks: (() => Promise<void>)[] = [];
  if (supported.includes('TLSv1.3')) {
    tasks.push(async () => {
      groups.push(await tls13Groups(session, ciphers));
    });
  }
  // ECDHE groups at the newest version below 1.3 that has ECDHE suites.
  const ecVersion = legacy.find((v) => suitesFor(v, isEcdhe, ciphers).length > 0);
  if (ecVersion) {
    tasks.push(async () => {
      groups.push(await tls12Groups(session, ecVersion, suitesFor(ecVersion, isEcdhe, ciphers), noteSigned));
    });
  }
  const dhVersion = legacy.find((v) => suitesFor(v, isDhe, ciphers).length > 0);
  if (dhVersion) {
    tasks.push(async () => {
      dh = await dhParams(session, dhVersion, suitesFor(dhVersion, isDhe, ciphers), noteSigned);
    });
  }
  await session.pool(tasks);

  if (firstSignedFlight) {
    signature = await kexSignature(session, firstSignedFlight.version, firstSignedFlight.flight, [
      ...suitesFor(firstSignedFlight.version, isEcdhe, ciphers),
      ...suitesFor(firstSignedFlight.version, isDhe, ciphers),
    ]);
  }
  groups.sort((a, b) => versionRank(b.version) - versionRank(a.version));
  return {
    groups,
    ...(dh ? { dh } : {}),
    ...(signature ? { signature } : {}),
    ...(session.interruption ? { interrupted: session.interruption } : {}),
    stats: session.statsSince(start),
  };
}

const groupInfo = (code: number) => ({ code, name: groupName(code), class: classifyGroup(code) });

/**
 * TLS 1.3: supported_groups lists the candidates and key_share is empty, so the server must answer
 * with a HelloRetryRequest naming its choice (RFC 8446 §4.1.4, §4.2.8) — no key needed, even for
 * ML-KEM hybrids. A server that refuses an empty key_share is asked per group with a real share.
 */
async function tls13Groups(session: TlsProbeSession, ciphers?: TlsCiphersResult): Promise<TlsGroupsProbe> {
  const suites = suitesFor('TLSv1.3', () => true, ciphers);
  const offer = suites.length > 0 ? suites : suiteCandidates('TLSv1.3');
  const remaining = groupsForTls13();
  const found: number[] = [];
  let incomplete: HandshakeEvidence | undefined;
  let note: TlsGroupsProbe['note'];
  let refusedEmpty = false;
  while (remaining.length > 0) {
    const result = await session.handshake({ ...baseHello('TLSv1.3', offer), groups: remaining, keyShares: [] }, 'server_hello');
    session.throwIfAborted();
    const group = selectedGroup(result);
    if (group !== undefined && remaining.includes(group)) {
      found.push(group);
      remaining.splice(remaining.indexOf(group), 1);
      continue;
    }
    if (group === undefined && isRefusal(result)) {
      // handshake_failure / insufficient_security: no group left. Anything else on the first try: the empty key_share itself was refused.
      const noGroup = result.kind === 'alert' && (result.alert.description === 40 || result.alert.description === 71);
      if (found.length === 0 && !noGroup) refusedEmpty = true;
      break;
    }
    incomplete = evidenceOf(result);
    note = group === undefined ? 'answer_not_refusal' : 'protocol_violation';
    break;
  }
  if (!refusedEmpty) {
    return {
      version: 'TLSv1.3',
      groups: found.map(groupInfo),
      method: 'hello_retry_request',
      complete: !incomplete,
      ...(note ? { note } : {}),
      ...(incomplete ? { incompleteBecause: incomplete } : {}),
    };
  }
  // One hello per group we can make a key for; the others (ML-KEM, …) stay untested.
  let untested = false;
  for (const group of groupsForTls13()) {
    if (!session.keys.canGenerate(group)) {
      untested = true;
      continue;
    }
    const result = await session.handshake({ ...baseHello('TLSv1.3', offer), groups: [group], keyShares: [group] }, 'server_hello');
    session.throwIfAborted();
    if (selectedGroup(result) === group) found.push(group);
    else if (!isRefusal(result)) incomplete ??= evidenceOf(result);
  }
  return {
    version: 'TLSv1.3',
    groups: found.map(groupInfo),
    method: 'key_share',
    complete: !incomplete && !untested,
    note: 'empty_key_share_refused',
    ...(incomplete ? { incompleteBecause: incomplete } : {}),
  };
}

function selectedGroup(result: HandshakeResult): number | undefined {
  if (result.kind !== 'server_hello' && result.kind !== 'hello_retry_request') return undefined;
  if (result.serverHello.version !== VERSION_CODES['TLSv1.3']) return undefined;
  return result.serverHello.keyShareGroup;
}

/** The named curve of an ECDSA leaf certificate as a group code (RFC 8422 §5.1: it must stay on offer). */
function certificateCurve(flight: Flight): number | undefined {
  const leaf = flight.certificates?.[0];
  if (!leaf) return undefined;
  try {
    const curve = new X509Certificate(leaf).publicKey.asymmetricKeyDetails?.namedCurve;
    return curve ? groupByName(curve)?.code : undefined;
  } catch {
    return undefined;
  }
}

/**
 * TLS ≤ 1.2: offer only ECDHE suites and read the curve from the ServerKeyExchange. ECDHE_RSA suites
 * are preferred because an ECDSA certificate's own curve must stay in supported_groups.
 */
async function tls12Groups(
  session: TlsProbeSession,
  version: TlsVersionName,
  ecdheSuites: number[],
  noteSigned: (v: TlsVersionName, f: Flight) => void,
): Promise<TlsGroupsProbe> {
  const rsa = ecdheSuites.filter((c) => suiteByCode(c)?.auth === 'RSA');
  const suites = rsa.length > 0 ? rsa : ecdheSuites;
  const remaining = ecGroupsForTls12();
  const found: number[] = [];
  let certCurve: number | undefined;
  let incomplete: HandshakeEvidence | undefined;
  let note: TlsGroupsProbe['note'];
  while (remaining.length > 0) {
    const offered = certCurve !== undefined && !remaining.includes(certCurve) ? [...remaining, certCurve] : remaining;
    const result = await session.handshake({ ...baseHello(version, suites), groups: offered }, 'flight');
    session.throwIfAborted();
    if (result.kind === 'server_hello' && result.serverHello.version === VERSION_CODES[version]) {
      noteSigned(version, result);
      if (suiteByCode(result.serverHello.cipherSuite)?.auth === 'ECDSA') certCurve ??= certificateCurve(result);
      const kx = result.keyExchange;
      const group = kx?.kind === 'ecdhe' && 'group' in kx ? kx.group : undefined;
      if (group !== undefined && remaining.includes(group)) {
        found.push(group);
        remaining.splice(remaining.indexOf(group), 1);
        continue;
      }
      incomplete = evidenceOf(result);
      // The certificate's curve won again: the curves the server ranks below it cannot be told apart.
      note = group !== undefined && group === certCurve ? 'certificate_curve_preferred' : 'protocol_violation';
      break;
    }
    if (!isRefusal(result)) {
      incomplete = evidenceOf(result);
      note = 'answer_not_refusal';
    }
    break;
  }
  return {
    version,
    groups: found.map(groupInfo),
    method: 'server_key_exchange',
    complete: !incomplete,
    ...(note ? { note } : {}),
    ...(incomplete ? { incompleteBecause: incomplete } : {}),
  };
}

async function dhParams(
  session: TlsProbeSession,
  version: TlsVersionName,
  dheSuites: number[],
  noteSigned: (v: TlsVersionName, f: Flight) => void,
): Promise<TlsDhParams | undefined> {
  const result = await session.handshake(baseHello(version, dheSuites), 'flight');
  session.throwIfAborted();
  if (result.kind !== 'server_hello' || result.keyExchange?.kind !== 'dhe') return undefined;
  noteSigned(version, result);
  const { p, g } = result.keyExchange;
  const generator = bitLength(g) <= 31 ? parseInt(toHex(g) || '0', 16) : undefined;
  const classified = classifyDhParams(toHex(p), generator ?? -1);
  return {
    version,
    suite: result.serverHello.cipherSuite,
    bits: bitLength(p),
    ...(generator !== undefined ? { generator } : {}),
    ...(classified.group ? { group: classified.group } : {}),
    class: classified.class,
  };
}

function signedWith(kx: ServerKeyExchange | undefined): number | undefined {
  return kx && 'signature' in kx ? kx.signature?.scheme : undefined;
}

/**
 * NCSC 3.3.5 as Internet.nl tests it: offer only SHA-1 schemes — accepted means insufficient; else
 * only SHA-224 — accepted means phase-out. Before TLS 1.2 the hash is fixed by the protocol.
 */
async function kexSignature(
  session: TlsProbeSession,
  version: TlsVersionName,
  flight: Flight,
  fsSuites: number[],
): Promise<TlsKexSignature> {
  const suite = flight.serverHello.cipherSuite;
  if (version !== 'TLSv1.2') {
    // RFC 4346 §7.4.3 / RFC 4492 §5.4: RSA signs MD5+SHA-1, DSA and ECDSA sign SHA-1.
    const legacyHash = suiteByCode(suite)?.auth === 'RSA' ? 'md5_sha1' : 'SHA-1';
    return { version, suite, legacyHash, class: classifyKexHash(legacyHash) };
  }
  const code = signedWith(flight.keyExchange);
  const scheme = code !== undefined ? signatureScheme(code) : undefined;
  const classes: TlsClass[] = scheme ? [classifyKexHash(scheme.hash)] : [];
  /** true: signed with `hash`; false: refused or signed otherwise; undefined: no clear answer. */
  const accepts = async (schemes: number[], hash: string): Promise<boolean | undefined> => {
    const result = await session.handshake({ ...baseHello(version, fsSuites), signatureAlgorithms: schemes }, 'flight');
    session.throwIfAborted();
    if (result.kind !== 'server_hello') return isRefusal(result) ? false : undefined;
    const used = signedWith(result.keyExchange);
    return used !== undefined && signatureScheme(used).hash === hash;
  };
  const sha1Accepted = await accepts(SIGNATURE_ALGORITHMS_SHA1, 'SHA-1');
  const sha224Accepted = sha1Accepted !== false ? undefined : await accepts(SIGNATURE_ALGORITHMS_SHA224, 'SHA-224');
  if (sha1Accepted) classes.push('insufficient');
  if (sha224Accepted) classes.push('phase_out');
  const unanswered = sha1Accepted === undefined ? 'SHA-1' : sha1Accepted === false && sha224Accepted === undefined ? 'SHA-224' : undefined;
  return {
    version,
    suite,
    ...(scheme ? { scheme: { code: scheme.code, name: scheme.name, hash: scheme.hash } } : {}),
    ...(sha1Accepted !== undefined ? { sha1Accepted } : {}),
    ...(sha224Accepted !== undefined ? { sha224Accepted } : {}),
    ...(unanswered ? { unanswered } : {}),
    class: worstClass(classes) ?? 'good',
  };
}

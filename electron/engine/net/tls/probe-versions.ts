/**
 * Which protocol versions the server speaks: one ClientHello per version, SSL 3.0 to TLS 1.3, each
 * offering that version only (TLS 1.3 through supported_versions, RFC 8446 §4.2.1). A ServerHello
 * for a lower version than offered also proves that lower version, so it is not asked again.
 */
import { classifyProtocol } from '../../../../shared/tls/classify';
import type { HandshakeEvidence, TlsVersionProbe, TlsVersionsResult, VersionState } from '../../../../shared/tls/profile';
import { TLS_VERSIONS, VERSION_CODES, versionRank, type TlsVersionName } from '../../../../shared/tls/protocol';
import { baseHello, suiteChunks } from './candidates';
import type { HandshakeResult } from './handshake';
import { evidenceOf, isFatal, negotiated } from './outcome';
import type { TlsProbeSession } from './session';

/** Newest first: a lower-version answer to a newer hello settles the older version early. */
const PROBE_ORDER: readonly TlsVersionName[] = [...TLS_VERSIONS].reverse();

export async function probeVersions(
  session: TlsProbeSession,
  versions: readonly TlsVersionName[] = TLS_VERSIONS,
): Promise<TlsVersionsResult> {
  const start = session.snapshot();
  const probes = new Map<TlsVersionName, TlsVersionProbe>();
  const wanted = PROBE_ORDER.filter((v) => versions.includes(v));
  await session.pool(
    wanted.map((version) => async () => {
      if (probes.has(version) || session.interruption) return;
      const outcome = await probeVersion(session, version);
      session.throwIfAborted();
      if (!probes.has(version)) probes.set(version, outcome.probe);
      // RFC 5246 Appendix E.1: the server answers with the highest version both sides support.
      if (outcome.lower && wanted.includes(outcome.lower.version) && !probes.has(outcome.lower.version))
        probes.set(outcome.lower.version, outcome.lower);
    }),
  );
  // Versions never asked (the session stopped first) stay unknown, with the reason.
  const stopped: HandshakeEvidence = {
    outcome: 'open_failed',
    ...(session.interruption ? { detail: session.interruption.error.message } : {}),
  };
  const list = wanted.map((v) => probes.get(v) ?? probeOf(v, 'unknown', stopped));
  list.sort((a, b) => versionRank(a.version) - versionRank(b.version));
  return {
    probes: list,
    supported: list.filter((p) => p.state === 'supported').map((p) => p.version),
    ...(session.interruption ? { interrupted: session.interruption } : {}),
    stats: session.statsSince(start),
  };
}

interface VersionOutcome {
  probe: TlsVersionProbe;
  /** a lower version the server answered with instead */
  lower?: TlsVersionProbe;
}

function probeOf(version: TlsVersionName, state: VersionState, evidence: HandshakeEvidence, firstChoice?: number): TlsVersionProbe {
  return { version, state, class: classifyProtocol(version), evidence, ...(firstChoice !== undefined ? { firstChoice } : {}) };
}

async function probeVersion(session: TlsProbeSession, version: TlsVersionName): Promise<VersionOutcome> {
  const chunks = suiteChunks(version, session.maxSuitesPerHello);
  let decisive: HandshakeResult | undefined;
  let last: HandshakeResult | undefined;
  for (const [index, suites] of chunks.entries()) {
    const result = await session.handshake(baseHello(version, suites), 'server_hello');
    last = result;
    const got = negotiated(result);
    if (result.kind === 'server_hello' || result.kind === 'hello_retry_request') {
      const code = result.serverHello.version;
      if (code === VERSION_CODES[version]) {
        // Only a choice from the first group seeds the cipher step (it offers the same hello).
        return {
          probe: probeOf(
            version,
            'supported',
            evidenceOf(result),
            index === 0 && suites.includes(result.serverHello.cipherSuite) ? result.serverHello.cipherSuite : undefined,
          ),
        };
      }
      const probe = probeOf(version, 'not_supported', evidenceOf(result));
      // A lower version is proof of that version; a higher one than offered is a protocol violation.
      if (got && versionRank(got) < versionRank(version)) return { probe, lower: probeOf(got, 'supported', evidenceOf(result)) };
      return { probe };
    }
    if (isFatal(result)) return { probe: probeOf(version, 'unknown', evidenceOf(result)) };
    // protocol_version is a definite no; handshake_failure may only mean "no suite in this group".
    if (result.kind === 'alert' && (result.alert.description === 70 || result.alert.description === 86))
      return { probe: probeOf(version, 'not_supported', evidenceOf(result)) };
    if (result.kind === 'alert' || result.kind === 'closed' || result.kind === 'reset') {
      decisive ??= result;
      continue;
    }
    // Timeout, garbage or a network error: the question stays open; do not press the server further.
    return { probe: probeOf(version, 'unknown', evidenceOf(result)) };
  }
  const answer = decisive ?? last;
  return { probe: probeOf(version, 'not_supported', answer ? evidenceOf(answer) : { outcome: 'closed' }) };
}

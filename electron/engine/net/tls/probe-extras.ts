/**
 * TLS extras from one ClientHello at the newest version below 1.3: TLS compression (DEFLATE offered,
 * RFC 3749; NCSC 3.4.1), secure renegotiation (renegotiation_info or SCSV, RFC 5746; NCSC 3.4.2) and
 * the extended master secret (RFC 7627; NCSC 4.1). TLS 1.3 has none of these questions.
 */
import { classifyCompression, classifyExtendedMasterSecret, classifySecureRenegotiation } from '../../../../shared/tls/classify';
import type { TlsCiphersResult, TlsExtrasResult, TlsVersionsResult } from '../../../../shared/tls/profile';
import { VERSION_CODES, versionRank } from '../../../../shared/tls/protocol';
import { baseHello, suiteChunks } from './candidates';
import { COMPRESSION_DEFLATE } from './client-hello';
import { evidenceOf, isRefusal } from './outcome';
import type { TlsProbeSession } from './session';

export async function probeExtras(
  session: TlsProbeSession,
  versions: TlsVersionsResult,
  ciphers?: TlsCiphersResult,
): Promise<TlsExtrasResult> {
  const start = session.snapshot();
  const legacy = versions.supported.filter((v) => v !== 'TLSv1.3').sort((a, b) => versionRank(b) - versionRank(a));
  const version = legacy[0];
  if (!version) {
    return { notApplicable: versions.supported.length > 0 ? 'only_tls13' : 'no_tls', stats: session.statsSince(start) };
  }
  const known = ciphers?.versions.find((v) => v.version === version)?.suites.map((s) => s.code);
  const suites =
    known && known.length > 0 ? known.slice(0, session.maxSuitesPerHello) : suiteChunks(version, session.maxSuitesPerHello)[0]!;

  let result = await session.handshake({ ...baseHello(version, suites), compression: true }, 'server_hello');
  session.throwIfAborted();
  let compressionOffered = true;
  if (isRefusal(result)) {
    // A server that rejects the offer of DEFLATE itself still answers the other questions without it.
    compressionOffered = false;
    result = await session.handshake(baseHello(version, suites), 'server_hello');
    session.throwIfAborted();
  }
  if (result.kind !== 'server_hello' || result.serverHello.version !== VERSION_CODES[version]) {
    return {
      version,
      evidence: evidenceOf(result),
      ...(session.interruption ? { interrupted: session.interruption } : {}),
      stats: session.statsSince(start),
    };
  }
  const hello = result.serverHello;
  const compression = compressionOffered ? hello.compressionMethod === COMPRESSION_DEFLATE : false;
  const tls12Offered = versions.supported.includes('TLSv1.2');
  return {
    version,
    compression,
    secureRenegotiation: hello.secureRenegotiation,
    extendedMasterSecret: hello.extendedMasterSecret,
    serverExtensions: hello.extensions.map((e) => e.type),
    classes: {
      compression: classifyCompression(compression),
      secureRenegotiation: classifySecureRenegotiation(hello.secureRenegotiation),
      // EMS is judged on TLS 1.2 (NCSC 4.1); this probe runs at 1.2 whenever the server has it.
      extendedMasterSecret: classifyExtendedMasterSecret(hello.extendedMasterSecret, tls12Offered),
    },
    evidence: evidenceOf(result),
    stats: session.statsSince(start),
  };
}

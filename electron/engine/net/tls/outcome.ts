/**
 * Reading handshake results the way every probe step needs: JSON evidence, whether an answer is a
 * clean refusal (the server simply does not do what we offered) or something that leaves the
 * question open, and the suite info the results carry.
 */
import { classifySuite } from '../../../../shared/tls/classify';
import { suiteByCode, suiteName } from '../../../../shared/tls/facts';
import type { HandshakeEvidence, TlsSuiteInfo } from '../../../../shared/tls/profile';
import { formatCode, versionName, type TlsVersionName } from '../../../../shared/tls/protocol';
import type { HandshakeResult } from './handshake';

export function evidenceOf(result: HandshakeResult): HandshakeEvidence {
  switch (result.kind) {
    case 'server_hello':
    case 'hello_retry_request': {
      const h = result.serverHello;
      const group =
        result.kind === 'server_hello' && result.keyExchange?.kind === 'ecdhe' && 'group' in result.keyExchange
          ? result.keyExchange.group
          : h.keyShareGroup;
      return {
        outcome: result.kind,
        version: versionName(h.version) ?? formatCode(h.version),
        suite: h.cipherSuite,
        ...(group !== undefined ? { group } : {}),
      };
    }
    case 'alert':
      return { outcome: 'alert', alert: result.alert.name };
    case 'malformed':
      return { outcome: 'malformed', detail: `${result.reason}: ${result.detail}` };
    case 'network_error':
      return { outcome: 'network_error', detail: result.code };
    case 'open_failed':
      return { outcome: 'open_failed', detail: result.error.message };
    case 'timeout':
      return { outcome: 'timeout', ...(result.bytesReceived > 0 ? { detail: `${result.bytesReceived} bytes received` } : {}) };
    default:
      return { outcome: result.kind };
  }
}

/** The server declined what we offered: a fatal alert, or it hung up (many servers close or reset instead of alerting). */
export function isRefusal(result: HandshakeResult): boolean {
  return result.kind === 'alert' || result.kind === 'closed' || result.kind === 'reset';
}

/** The session cannot go on: aborted, or `open` failed. */
export function isFatal(result: HandshakeResult): boolean {
  return result.kind === 'aborted' || result.kind === 'open_failed';
}

/** Version negotiated by a ServerHello / HelloRetryRequest, when it is one we know. */
export function negotiated(result: HandshakeResult): TlsVersionName | undefined {
  if (result.kind !== 'server_hello' && result.kind !== 'hello_retry_request') return undefined;
  return versionName(result.serverHello.version);
}

export function suiteInfo(code: number, version: TlsVersionName): TlsSuiteInfo {
  const fact = suiteByCode(code);
  return { code, name: suiteName(code), ...(fact?.openssl ? { openssl: fact.openssl } : {}), class: classifySuite(code, version) };
}

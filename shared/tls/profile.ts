/**
 * What the TLS prober found about one server address: JSON-serialisable results of the four probe
 * steps (versions, cipher suites, key exchange, extras) and of the whole profile. Every item carries
 * its NCSC-NL class (shared/tls/classify.ts) and, where a single answer decided it, that answer.
 */
import type { TlsClass } from './classify';
import type { TlsVersionName } from './protocol';

export type HandshakeOutcomeKind =
  | 'server_hello'
  | 'hello_retry_request'
  | 'alert'
  | 'closed'
  | 'reset'
  | 'timeout'
  | 'malformed'
  | 'network_error'
  | 'open_failed'
  | 'aborted';

/** One server answer in brief, for evidence. */
export interface HandshakeEvidence {
  outcome: HandshakeOutcomeKind;
  /** negotiated version (ServerHello / HelloRetryRequest); a hex code when not a known version */
  version?: string;
  suite?: number;
  /** TLS 1.3 key_share / HelloRetryRequest selected group, or the TLS 1.2 ServerKeyExchange curve */
  group?: number;
  /** alert name (RFC 8446 §6) */
  alert?: string;
  /** malformed: reason code; network_error: error code; open_failed: error message */
  detail?: string;
}

export interface TlsProbeStats {
  /** streams obtained from `open` (each a TCP connection, after STARTTLS where used) */
  connections: number;
  /** calls of `open` that failed */
  openFailures: number;
  /** ClientHello messages sent */
  handshakes: number;
  durationMs: number;
}

/**
 * The session stopped early: `open` failed (refused, timed out, rate-limited, STARTTLS refused…),
 * or the handshake budget was spent.
 */
export interface TlsProbeInterruption {
  reason: 'open_failed' | 'budget_exhausted';
  error: { name: string; message: string; code?: string };
}

export type VersionState = 'supported' | 'not_supported' | 'unknown';

export interface TlsVersionProbe {
  version: TlsVersionName;
  /** unknown: no usable answer (timeout, malformed reply, network error) */
  state: VersionState;
  /** NCSC class of the protocol version itself */
  class: TlsClass;
  /** the answer that decided the state */
  evidence: HandshakeEvidence;
  /** suite the server chose from the first candidate group for this version (seeds the cipher step) */
  firstChoice?: number;
}

export interface TlsVersionsResult {
  probes: TlsVersionProbe[];
  /** supported versions, oldest first */
  supported: TlsVersionName[];
  interrupted?: TlsProbeInterruption;
  stats: TlsProbeStats;
}

export interface TlsSuiteInfo {
  code: number;
  /** IANA name (or 0xXXXX for an unregistered code) */
  name: string;
  openssl?: string;
  class: TlsClass;
}

export type SuitePreference = 'server' | 'client' | 'single' | 'unknown';

export interface TlsVersionCiphers {
  version: TlsVersionName;
  /** the server's order when preference is `server`; otherwise the order they were found */
  suites: TlsSuiteInfo[];
  /** server: the server enforces its order; client: it follows ours; single: only one suite */
  preference: SuitePreference;
  /** false when an answer other than a refusal (timeout, reset, malformed, protocol violation) ended the enumeration */
  complete: boolean;
  /** the answer that ended the enumeration when it was not a clean refusal */
  incompleteBecause?: HandshakeEvidence;
}

export interface TlsCiphersResult {
  versions: TlsVersionCiphers[];
  interrupted?: TlsProbeInterruption;
  stats: TlsProbeStats;
}

export interface TlsGroupInfo {
  code: number;
  name: string;
  class: TlsClass;
}

export interface TlsGroupsProbe {
  version: TlsVersionName;
  /** groups the server accepted, in the order it chose them */
  groups: TlsGroupInfo[];
  /** how the choice was observed */
  method: 'hello_retry_request' | 'key_share' | 'server_key_exchange';
  complete: boolean;
  /** why the list may be incomplete */
  note?: 'certificate_curve_preferred' | 'answer_not_refusal' | 'protocol_violation' | 'empty_key_share_refused';
  incompleteBecause?: HandshakeEvidence;
}

export interface TlsDhParams {
  version: TlsVersionName;
  suite: number;
  /** bit length of the prime p */
  bits: number;
  /** the generator when it fits in a JS number */
  generator?: number;
  /** RFC 7919 group name when p and g are exactly one of them */
  group?: string;
  class: TlsClass;
}

export interface TlsKexSignature {
  version: TlsVersionName;
  suite: number;
  /** TLS 1.2: the SignatureScheme the server used when offered our full list */
  scheme?: { code: number; name: string; hash: string };
  /** TLS 1.0/1.1: the signature hash is fixed by the protocol (RSA: MD5+SHA-1, (EC)DSA: SHA-1) */
  legacyHash?: 'md5_sha1' | 'SHA-1';
  /** the server signed with SHA-1 when offered only SHA-1 schemes (NCSC 3.3.5 test) */
  sha1Accepted?: boolean;
  /** the server signed with SHA-224 when offered only SHA-224 schemes */
  sha224Accepted?: boolean;
  /** a hash test got neither a handshake nor a refusal (timeout, garbage): no verdict on it */
  unanswered?: 'SHA-1' | 'SHA-224';
  class: TlsClass;
}

export interface TlsKeyExchangeResult {
  /** groups per version: TLS 1.3 (HelloRetryRequest), TLS 1.2 or older (ECDHE ServerKeyExchange) */
  groups: TlsGroupsProbe[];
  /** DHE parameters, when the server offers a DHE suite */
  dh?: TlsDhParams;
  /** signature over the key exchange (TLS ≤ 1.2 with an ephemeral suite) */
  signature?: TlsKexSignature;
  interrupted?: TlsProbeInterruption;
  stats: TlsProbeStats;
}

export interface TlsExtrasResult {
  /** the version of the probe; absent when the server offers no version below TLS 1.3 */
  version?: TlsVersionName;
  notApplicable?: 'only_tls13' | 'no_tls';
  /** the server accepted DEFLATE (RFC 3749) */
  compression?: boolean;
  /** RFC 5746 renegotiation_info in the ServerHello */
  secureRenegotiation?: boolean;
  /** RFC 7627 extended_master_secret in the ServerHello */
  extendedMasterSecret?: boolean;
  /** extension types the server returned */
  serverExtensions?: number[];
  classes?: { compression: TlsClass; secureRenegotiation: TlsClass; extendedMasterSecret: TlsClass };
  evidence?: HandshakeEvidence;
  interrupted?: TlsProbeInterruption;
  stats: TlsProbeStats;
}

export interface TlsProfile {
  /** classification source, e.g. "NCSC-NL 2025-05" */
  classification: string;
  serverName?: string;
  versions: TlsVersionsResult;
  ciphers: TlsCiphersResult;
  keyExchange: TlsKeyExchangeResult;
  extras: TlsExtrasResult;
  stats: TlsProbeStats;
}

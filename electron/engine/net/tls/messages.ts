/**
 * Parsers for the server's handshake messages we need: ServerHello / HelloRetryRequest
 * (RFC 5246 §7.4.1.3, RFC 8446 §4.1.3), Certificate (RFC 5246 §7.4.2), ServerKeyExchange
 * (RFC 5246 §7.4.3, RFC 8422 §5.4, RFC 4279 §2–3 for the PSK variants) and alerts.
 * Malformed input throws DecodeError; the handshake reader turns that into a typed result.
 */
import { suiteByCode } from '../../../../shared/tls/facts';
import { alertName, VERSION_CODES } from '../../../../shared/tls/protocol';
import { ByteReader, DecodeError } from './bytes';
import { EXT } from './client-hello';

/** RFC 8446 §4.1.3: a HelloRetryRequest is a ServerHello whose random is SHA-256("HelloRetryRequest"). */
export const HELLO_RETRY_REQUEST_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');
/** RFC 8446 §4.1.3: last 8 random bytes of a TLS 1.3 server negotiating 1.2 ("DOWNGRD\1") or below ("DOWNGRD\0"). */
const DOWNGRADE_TLS12 = Buffer.from('444f574e47524401', 'hex');
const DOWNGRADE_TLS11 = Buffer.from('444f574e47524400', 'hex');

export interface TlsExtension {
  type: number;
  data: Uint8Array;
}

export interface ServerHello {
  legacyVersion: number;
  /** negotiated version: supported_versions when present (RFC 8446 §4.2.1), else the legacy field */
  version: number;
  random: Uint8Array;
  sessionIdLength: number;
  cipherSuite: number;
  compressionMethod: number;
  extensions: TlsExtension[];
  helloRetryRequest: boolean;
  /** TLS 1.3: the ServerHello key_share group, or the HelloRetryRequest selected_group */
  keyShareGroup?: number;
  /** RFC 5746 §3.6: the server sent renegotiation_info */
  secureRenegotiation: boolean;
  /** RFC 7627 §5.1: the server sent extended_master_secret */
  extendedMasterSecret: boolean;
  /** RFC 8446 §4.1.3 downgrade sentinel in the random */
  downgradeSentinel?: 'TLSv1.2' | 'TLSv1.1';
}

export function parseServerHello(body: Uint8Array): ServerHello {
  const r = new ByteReader(body, 'ServerHello');
  const legacyVersion = r.u16();
  const random = r.bytesN(32);
  const sessionId = r.vec8();
  if (sessionId.length > 32) throw new DecodeError(`ServerHello: session_id of ${sessionId.length} bytes`);
  const cipherSuite = r.u16();
  const compressionMethod = r.u8();
  const extensions: TlsExtension[] = [];
  // SSL 3.0 and early TLS servers may end the message here (RFC 5246 §7.4.1.3: extensions are optional).
  if (r.remaining > 0) {
    const block = new ByteReader(r.vec16(), 'ServerHello extensions');
    const seen = new Set<number>();
    while (block.remaining > 0) {
      const type = block.u16();
      const data = block.vec16();
      // RFC 8446 §4.2 / RFC 5246 §7.4.1.4: at most one extension of each type.
      if (seen.has(type)) throw new DecodeError(`ServerHello: duplicate extension ${type}`);
      seen.add(type);
      extensions.push({ type, data });
    }
  }
  r.expectEnd();

  const helloRetryRequest = Buffer.from(random).equals(HELLO_RETRY_REQUEST_RANDOM);
  let version = legacyVersion;
  let keyShareGroup: number | undefined;
  for (const ext of extensions) {
    if (ext.type === EXT.supportedVersions) {
      const e = new ByteReader(ext.data, 'supported_versions');
      version = e.u16();
      e.expectEnd();
    } else if (ext.type === EXT.keyShare) {
      const e = new ByteReader(ext.data, 'key_share');
      keyShareGroup = e.u16();
      if (!helloRetryRequest) e.vec16(1);
      e.expectEnd();
    } else if (ext.type === EXT.renegotiationInfo) {
      const e = new ByteReader(ext.data, 'renegotiation_info');
      e.vec8();
      e.expectEnd();
    }
  }
  const tail = Buffer.from(random.subarray(24));
  const downgradeSentinel =
    version < VERSION_CODES['TLSv1.3'] && !helloRetryRequest
      ? tail.equals(DOWNGRADE_TLS12)
        ? 'TLSv1.2'
        : tail.equals(DOWNGRADE_TLS11)
          ? 'TLSv1.1'
          : undefined
      : undefined;
  return {
    legacyVersion,
    version,
    random,
    sessionIdLength: sessionId.length,
    cipherSuite,
    compressionMethod,
    extensions,
    helloRetryRequest,
    ...(keyShareGroup !== undefined ? { keyShareGroup } : {}),
    secureRenegotiation: extensions.some((e) => e.type === EXT.renegotiationInfo),
    extendedMasterSecret: extensions.some((e) => e.type === EXT.extendedMasterSecret),
    ...(downgradeSentinel ? { downgradeSentinel } : {}),
  };
}

/** TLS ≤ 1.2 Certificate: the chain as DER, leaf first. */
export function parseCertificateList(body: Uint8Array): Uint8Array[] {
  const r = new ByteReader(body, 'Certificate');
  const list = new ByteReader(r.vec24(), 'certificate_list');
  r.expectEnd();
  const chain: Uint8Array[] = [];
  while (list.remaining > 0) chain.push(list.vec24(1));
  return chain;
}

export interface KeyExchangeSignature {
  /** TLS 1.2 SignatureAndHashAlgorithm; absent before 1.2, where the hash is fixed */
  scheme?: number;
  length: number;
}

export type ServerKeyExchange =
  | { kind: 'dhe'; p: Uint8Array; g: Uint8Array; ys: Uint8Array; signature?: KeyExchangeSignature }
  | { kind: 'ecdhe'; curveType: 'named_curve'; group: number; point: Uint8Array; signature?: KeyExchangeSignature }
  | { kind: 'ecdhe'; curveType: 'explicit_prime' | 'explicit_char2' | 'unknown' }
  | { kind: 'rsa_export'; modulus: Uint8Array; exponent: Uint8Array; signature?: KeyExchangeSignature }
  | { kind: 'other'; length: number };

/**
 * Parses a ServerKeyExchange for the negotiated suite. The layout depends on the suite's key
 * exchange and, for the signature, on the version (a SignatureAndHashAlgorithm only in TLS 1.2).
 */
export function parseServerKeyExchange(body: Uint8Array, suite: number, version: number): ServerKeyExchange {
  const fact = suiteByCode(suite);
  if (!fact) return { kind: 'other', length: body.length };
  const r = new ByteReader(body, 'ServerKeyExchange');
  const anonymous = fact.auth === 'anon';
  let kind: 'dhe' | 'ecdhe' | 'rsa_export' | undefined;
  let signed = !anonymous;
  switch (fact.kex) {
    case 'DHE':
    case 'DHE_EXPORT':
      kind = 'dhe';
      break;
    case 'DH':
    case 'DH_EXPORT':
      kind = anonymous ? 'dhe' : undefined; // DH_anon is ephemeral; DH_RSA/DH_DSS are static
      break;
    case 'ECDHE':
      kind = 'ecdhe';
      break;
    case 'ECDH':
      kind = anonymous ? 'ecdhe' : undefined;
      break;
    case 'DHE_PSK':
    case 'ECDHE_PSK':
      // RFC 4279 §3, RFC 5489 §2: psk_identity_hint first, no signature.
      r.vec16();
      kind = fact.kex === 'DHE_PSK' ? 'dhe' : 'ecdhe';
      signed = false;
      break;
    case 'RSA_EXPORT':
      kind = 'rsa_export';
      break;
  }
  if (!kind) return { kind: 'other', length: body.length };
  const signature = (): KeyExchangeSignature | undefined => {
    if (!signed) return undefined;
    const scheme = version >= VERSION_CODES['TLSv1.2'] ? r.u16() : undefined;
    const sig = r.vec16();
    return { ...(scheme !== undefined ? { scheme } : {}), length: sig.length };
  };
  if (kind === 'dhe') {
    const p = r.vec16(1);
    const g = r.vec16(1);
    const ys = r.vec16(1);
    const sig = signature();
    r.expectEnd();
    return { kind, p, g, ys, ...(sig ? { signature: sig } : {}) };
  }
  if (kind === 'rsa_export') {
    const modulus = r.vec16(1);
    const exponent = r.vec16(1);
    const sig = signature();
    r.expectEnd();
    return { kind, modulus, exponent, ...(sig ? { signature: sig } : {}) };
  }
  // RFC 8422 §5.4: ECCurveType 3 = named_curve; 1 and 2 (explicit) are deprecated.
  const curveType = r.u8();
  if (curveType !== 3)
    return { kind: 'ecdhe', curveType: curveType === 1 ? 'explicit_prime' : curveType === 2 ? 'explicit_char2' : 'unknown' };
  const group = r.u16();
  const point = r.vec8(1);
  const sig = signature();
  r.expectEnd();
  return { kind: 'ecdhe', curveType: 'named_curve', group, point, ...(sig ? { signature: sig } : {}) };
}

export interface Alert {
  level: number;
  description: number;
  name: string;
}

/** RFC 5246 §7.2: two bytes, level (1 warning, 2 fatal) and description. */
export function parseAlert(fragment: Uint8Array): Alert {
  const r = new ByteReader(fragment, 'Alert');
  const level = r.u8();
  const description = r.u8();
  return { level, description, name: alertName(description) };
}

/**
 * ClientHello messages built byte by byte (RFC 6101 §5.6.1.2 SSL 3.0, RFC 5246 §7.4.1.2 TLS 1.2,
 * RFC 8446 §4.1.2 TLS 1.3), so the prober can offer versions and suites that the runtime's own TLS
 * library refuses to (DESIGN §4).
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { TLS_EMPTY_RENEGOTIATION_INFO_SCSV } from '../../../../shared/tls/facts';
import { VERSION_CODES, type TlsVersionName } from '../../../../shared/tls/protocol';
import { u16, u16List, u24, u8, vec16, vec8 } from './bytes';
import type { KeyShareCache } from './key-shares';

export const EXT = {
  serverName: 0x0000,
  supportedGroups: 0x000a,
  ecPointFormats: 0x000b,
  signatureAlgorithms: 0x000d,
  padding: 0x0015,
  encryptThenMac: 0x0016,
  extendedMasterSecret: 0x0017,
  sessionTicket: 0x0023,
  supportedVersions: 0x002b,
  keyShare: 0x0033,
  renegotiationInfo: 0xff01,
} as const;

export const CONTENT_TYPE = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23, heartbeat: 24 } as const;
export const HANDSHAKE = {
  clientHello: 1,
  serverHello: 2,
  certificate: 11,
  serverKeyExchange: 12,
  certificateRequest: 13,
  serverHelloDone: 14,
  certificateStatus: 22,
} as const;

/** RFC 3749 §2.1: DEFLATE compression method. */
export const COMPRESSION_DEFLATE = 1;
/** RFC 5246 §6.2.1: a TLSPlaintext fragment is at most 2^14 bytes. */
export const MAX_PLAINTEXT = 1 << 14;

export interface ClientHelloSpec {
  /**
   * Highest version offered. Up to TLS 1.2 it is the client_version; for TLS 1.3 the legacy version
   * is 1.2 and supported_versions lists only 1.3 (RFC 8446 §4.2.1), so the answer tells 1.3 apart.
   */
  version: TlsVersionName;
  cipherSuites: readonly number[];
  /** host name for SNI (RFC 6066 §3); IP literals are never sent */
  serverName?: string;
  /** supported_groups (RFC 8422 §5.1.1, RFC 8446 §4.2.7); not sent in SSL 3.0 hellos */
  groups?: readonly number[];
  /** TLS 1.3: groups to send key shares for; an empty list asks for a HelloRetryRequest (RFC 8446 §4.2.8) */
  keyShares?: readonly number[];
  /** signature_algorithms (RFC 5246 §7.4.1.4.1, RFC 8446 §4.2.3); only sent when offering TLS 1.2 or 1.3 */
  signatureAlgorithms?: readonly number[];
  /** offer DEFLATE before null (RFC 3749) */
  compression?: boolean;
  /** RFC 5746 §3.4: renegotiation_info extension, or the SCSV in SSL 3.0 hellos; default true */
  renegotiationInfo?: boolean;
  /** RFC 7627 extended_master_secret; default true up to TLS 1.2 */
  extendedMasterSecret?: boolean;
  /** RFC 5077 empty session_ticket; default true up to TLS 1.2 */
  sessionTicket?: boolean;
  /** RFC 7366 encrypt_then_mac; default true up to TLS 1.2 */
  encryptThenMac?: boolean;
}

export interface BuiltClientHello {
  /** the records to write */
  bytes: Buffer;
  /** groups a key share was actually included for (TLS 1.3) */
  keyShares: number[];
}

/** A valid SNI host name in A-label form, or undefined (IP literals and junk are left out). */
export function sniHostName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const host = name.trim().replace(/\.$/, '').toLowerCase();
  if (net.isIP(host) || host.length === 0 || host.length > 253) return undefined;
  return /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*$/.test(host) ? host : undefined;
}

function extension(type: number, data: Uint8Array): Buffer {
  return Buffer.concat([u16(type), vec16(data)]);
}

export function buildClientHello(spec: ClientHelloSpec, keys?: KeyShareCache, random: Uint8Array = randomBytes(32)): BuiltClientHello {
  const tls13 = spec.version === 'TLSv1.3';
  const ssl3 = spec.version === 'SSLv3';
  const legacyVersion = tls13 ? VERSION_CODES['TLSv1.2'] : VERSION_CODES[spec.version];
  const suites = [...spec.cipherSuites];
  if (ssl3 && spec.renegotiationInfo !== false && !suites.includes(TLS_EMPTY_RENEGOTIATION_INFO_SCSV))
    suites.push(TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
  if (suites.length === 0) throw new RangeError('a ClientHello needs at least one cipher suite');

  const extensions: Buffer[] = [];
  const offeredShares: number[] = [];
  if (!ssl3) {
    const host = sniHostName(spec.serverName);
    if (host) extensions.push(extension(EXT.serverName, vec16(Buffer.concat([u8(0), vec16(Buffer.from(host, 'ascii'))]))));
    if (tls13) extensions.push(extension(EXT.supportedVersions, vec8(u16List([VERSION_CODES['TLSv1.3']]))));
    if (spec.groups && spec.groups.length > 0) {
      extensions.push(extension(EXT.supportedGroups, vec16(u16List(spec.groups))));
      // RFC 8422 §5.1.2: uncompressed points only.
      extensions.push(extension(EXT.ecPointFormats, vec8(u8(0))));
    }
    if ((tls13 || spec.version === 'TLSv1.2') && spec.signatureAlgorithms && spec.signatureAlgorithms.length > 0) {
      extensions.push(extension(EXT.signatureAlgorithms, vec16(u16List(spec.signatureAlgorithms))));
    }
    if (tls13) {
      const entries: Buffer[] = [];
      for (const group of spec.keyShares ?? []) {
        const share = keys?.get(group);
        if (!share) continue;
        entries.push(Buffer.concat([u16(group), vec16(share)]));
        offeredShares.push(group);
      }
      extensions.push(extension(EXT.keyShare, vec16(Buffer.concat(entries))));
    } else {
      if (spec.renegotiationInfo !== false) extensions.push(extension(EXT.renegotiationInfo, vec8(Buffer.alloc(0))));
      if (spec.extendedMasterSecret !== false) extensions.push(extension(EXT.extendedMasterSecret, Buffer.alloc(0)));
      if (spec.encryptThenMac !== false) extensions.push(extension(EXT.encryptThenMac, Buffer.alloc(0)));
      if (spec.sessionTicket !== false) extensions.push(extension(EXT.sessionTicket, Buffer.alloc(0)));
    }
  }

  const head = Buffer.concat([
    u16(legacyVersion),
    Buffer.from(random),
    // RFC 8446 Appendix D.4: a non-empty legacy_session_id keeps middleboxes quiet in TLS 1.3.
    vec8(tls13 ? randomBytes(32) : Buffer.alloc(0)),
    vec16(u16List(suites)),
    vec8(spec.compression && !tls13 ? Buffer.from([COMPRESSION_DEFLATE, 0]) : Buffer.from([0])),
  ]);
  if (extensions.length > 0) {
    // RFC 7685 §4: some servers hang on hellos of 256–511 bytes; pad those to 512.
    const length = 4 + head.length + 2 + extensions.reduce((n, e) => n + e.length, 0);
    if (length >= 256 && length < 512) extensions.push(extension(EXT.padding, Buffer.alloc(Math.max(1, 512 - length - 4))));
  }
  const body = extensions.length > 0 ? Buffer.concat([head, vec16(Buffer.concat(extensions))]) : head;
  const handshake = Buffer.concat([u8(HANDSHAKE.clientHello), u24(body.length), body]);
  // RFC 8446 §5.1: legacy_record_version 0x0301 for the first hello; SSL 3.0 servers expect 0x0300.
  const recordVersion = ssl3 ? VERSION_CODES.SSLv3 : VERSION_CODES['TLSv1.0'];
  const records: Buffer[] = [];
  for (let offset = 0; offset < handshake.length; offset += MAX_PLAINTEXT) {
    const fragment = handshake.subarray(offset, offset + MAX_PLAINTEXT);
    records.push(Buffer.concat([u8(CONTENT_TYPE.handshake), u16(recordVersion), u16(fragment.length), fragment]));
  }
  return { bytes: Buffer.concat(records), keyShares: offeredShares };
}

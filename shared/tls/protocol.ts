/**
 * TLS protocol vocabulary: version codes, alert descriptions, signature schemes, extension and
 * handshake names. Facts from the RFCs cited beside each table; pure data, usable by the renderer.
 */

export const TLS_VERSIONS = ['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type TlsVersionName = (typeof TLS_VERSIONS)[number];

/** ProtocolVersion on the wire (RFC 6101 §5.6.1.2, RFC 2246, 4346, 5246, RFC 8446 §4.2.1). */
export const VERSION_CODES: Readonly<Record<TlsVersionName, number>> = {
  SSLv3: 0x0300,
  'TLSv1.0': 0x0301,
  'TLSv1.1': 0x0302,
  'TLSv1.2': 0x0303,
  'TLSv1.3': 0x0304,
};

export function versionName(code: number): TlsVersionName | undefined {
  return TLS_VERSIONS.find((v) => VERSION_CODES[v] === code);
}

/** Index in TLS_VERSIONS order (SSLv3 = 0 … TLSv1.3 = 4); -1 for other codes. */
export function versionRank(version: TlsVersionName): number {
  return TLS_VERSIONS.indexOf(version);
}

export function formatCode(code: number): string {
  return `0x${code.toString(16).padStart(4, '0')}`;
}

/** AlertDescription (RFC 8446 §6, RFC 5246 §7.2, RFC 6066 §9, RFC 7507 §2, RFC 7301 §3.2). */
const ALERTS: Readonly<Record<number, string>> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  21: 'decryption_failed',
  22: 'record_overflow',
  30: 'decompression_failure',
  40: 'handshake_failure',
  41: 'no_certificate',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  49: 'access_denied',
  50: 'decode_error',
  51: 'decrypt_error',
  60: 'export_restriction',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  100: 'no_renegotiation',
  109: 'missing_extension',
  110: 'unsupported_extension',
  111: 'certificate_unobtainable',
  112: 'unrecognized_name',
  113: 'bad_certificate_status_response',
  114: 'bad_certificate_hash_value',
  115: 'unknown_psk_identity',
  116: 'certificate_required',
  120: 'no_application_protocol',
};

export function alertName(description: number): string {
  return ALERTS[description] ?? `alert_${description}`;
}

export type SignatureHash = 'MD5' | 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512' | 'intrinsic';
export type SignatureAlgorithm = 'RSA' | 'RSA-PSS' | 'DSA' | 'ECDSA' | 'EdDSA' | 'SM2' | 'GOST' | 'unknown';

export interface SignatureSchemeInfo {
  code: number;
  name: string;
  hash: SignatureHash | 'unknown';
  signature: SignatureAlgorithm;
}

/** SignatureScheme (RFC 8446 §4.2.3, RFC 8734 §5 brainpool, RFC 8998 SM2). */
const SCHEMES: Readonly<Record<number, Omit<SignatureSchemeInfo, 'code'>>> = {
  0x0401: { name: 'rsa_pkcs1_sha256', hash: 'SHA-256', signature: 'RSA' },
  0x0501: { name: 'rsa_pkcs1_sha384', hash: 'SHA-384', signature: 'RSA' },
  0x0601: { name: 'rsa_pkcs1_sha512', hash: 'SHA-512', signature: 'RSA' },
  0x0403: { name: 'ecdsa_secp256r1_sha256', hash: 'SHA-256', signature: 'ECDSA' },
  0x0503: { name: 'ecdsa_secp384r1_sha384', hash: 'SHA-384', signature: 'ECDSA' },
  0x0603: { name: 'ecdsa_secp521r1_sha512', hash: 'SHA-512', signature: 'ECDSA' },
  0x0804: { name: 'rsa_pss_rsae_sha256', hash: 'SHA-256', signature: 'RSA-PSS' },
  0x0805: { name: 'rsa_pss_rsae_sha384', hash: 'SHA-384', signature: 'RSA-PSS' },
  0x0806: { name: 'rsa_pss_rsae_sha512', hash: 'SHA-512', signature: 'RSA-PSS' },
  0x0807: { name: 'ed25519', hash: 'intrinsic', signature: 'EdDSA' },
  0x0808: { name: 'ed448', hash: 'intrinsic', signature: 'EdDSA' },
  0x0809: { name: 'rsa_pss_pss_sha256', hash: 'SHA-256', signature: 'RSA-PSS' },
  0x080a: { name: 'rsa_pss_pss_sha384', hash: 'SHA-384', signature: 'RSA-PSS' },
  0x080b: { name: 'rsa_pss_pss_sha512', hash: 'SHA-512', signature: 'RSA-PSS' },
  0x081a: { name: 'ecdsa_brainpoolP256r1tls13_sha256', hash: 'SHA-256', signature: 'ECDSA' },
  0x081b: { name: 'ecdsa_brainpoolP384r1tls13_sha384', hash: 'SHA-384', signature: 'ECDSA' },
  0x081c: { name: 'ecdsa_brainpoolP512r1tls13_sha512', hash: 'SHA-512', signature: 'ECDSA' },
  0x0708: { name: 'sm2sig_sm3', hash: 'unknown', signature: 'SM2' },
  0x0201: { name: 'rsa_pkcs1_sha1', hash: 'SHA-1', signature: 'RSA' },
  0x0203: { name: 'ecdsa_sha1', hash: 'SHA-1', signature: 'ECDSA' },
};

/** RFC 5246 §7.4.1.4.1 HashAlgorithm and SignatureAlgorithm bytes, for the legacy pairs. */
const LEGACY_HASH: Readonly<Record<number, SignatureHash>> = {
  1: 'MD5',
  2: 'SHA-1',
  3: 'SHA-224',
  4: 'SHA-256',
  5: 'SHA-384',
  6: 'SHA-512',
};
const LEGACY_SIGNATURE: Readonly<Record<number, SignatureAlgorithm>> = { 1: 'RSA', 2: 'DSA', 3: 'ECDSA' };

export function signatureScheme(code: number): SignatureSchemeInfo {
  const known = SCHEMES[code];
  if (known) return { code, ...known };
  const hash = LEGACY_HASH[code >> 8];
  const signature = LEGACY_SIGNATURE[code & 0xff];
  if (hash && signature) {
    const name = `${signature === 'RSA' ? 'rsa_pkcs1' : signature.toLowerCase()}_${hash.replace('-', '').toLowerCase()}`;
    return { code, name, hash, signature };
  }
  return { code, name: `signature_${formatCode(code)}`, hash: 'unknown', signature: 'unknown' };
}

/** ExtensionType (IANA TLS ExtensionType Values; RFC 8446 §4.2, RFC 6066, RFC 5746, RFC 7627). */
const EXTENSIONS: Readonly<Record<number, string>> = {
  0: 'server_name',
  1: 'max_fragment_length',
  5: 'status_request',
  10: 'supported_groups',
  11: 'ec_point_formats',
  13: 'signature_algorithms',
  15: 'heartbeat',
  16: 'application_layer_protocol_negotiation',
  18: 'signed_certificate_timestamp',
  21: 'padding',
  22: 'encrypt_then_mac',
  23: 'extended_master_secret',
  28: 'record_size_limit',
  35: 'session_ticket',
  41: 'pre_shared_key',
  42: 'early_data',
  43: 'supported_versions',
  44: 'cookie',
  45: 'psk_key_exchange_modes',
  51: 'key_share',
  65281: 'renegotiation_info',
};

export function extensionName(type: number): string {
  return EXTENSIONS[type] ?? `extension_${type}`;
}

/** HandshakeType (RFC 5246 §7.4, RFC 8446 §4). */
const HANDSHAKE_TYPES: Readonly<Record<number, string>> = {
  0: 'hello_request',
  1: 'client_hello',
  2: 'server_hello',
  4: 'new_session_ticket',
  8: 'encrypted_extensions',
  11: 'certificate',
  12: 'server_key_exchange',
  13: 'certificate_request',
  14: 'server_hello_done',
  15: 'certificate_verify',
  16: 'client_key_exchange',
  20: 'finished',
  22: 'certificate_status',
};

export function handshakeTypeName(type: number): string {
  return HANDSHAKE_TYPES[type] ?? `handshake_${type}`;
}

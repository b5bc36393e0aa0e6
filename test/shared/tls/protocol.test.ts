import { describe, expect, it } from 'vitest';
import { alertName, extensionName, signatureScheme, versionName, versionRank, VERSION_CODES } from '../../../shared/tls/protocol';

describe('TLS protocol vocabulary', () => {
  it.each([
    [0x0300, 'SSLv3'],
    [0x0301, 'TLSv1.0'],
    [0x0302, 'TLSv1.1'],
    [0x0303, 'TLSv1.2'],
    [0x0304, 'TLSv1.3'],
    [0x0305, undefined],
    [0x0200, undefined],
  ])('version 0x%s is %s', (code, name) => {
    expect(versionName(code)).toBe(name);
    if (name) expect(VERSION_CODES[name as keyof typeof VERSION_CODES]).toBe(code);
  });

  it('ranks versions oldest first', () => {
    expect(versionRank('SSLv3')).toBeLessThan(versionRank('TLSv1.0'));
    expect(versionRank('TLSv1.2')).toBeLessThan(versionRank('TLSv1.3'));
  });

  it.each([
    // RFC 8446 §4.2.3
    [0x0804, 'rsa_pss_rsae_sha256', 'SHA-256', 'RSA-PSS'],
    [0x0403, 'ecdsa_secp256r1_sha256', 'SHA-256', 'ECDSA'],
    [0x0807, 'ed25519', 'intrinsic', 'EdDSA'],
    [0x0201, 'rsa_pkcs1_sha1', 'SHA-1', 'RSA'],
    // RFC 5246 §7.4.1.4.1 legacy HashAlgorithm/SignatureAlgorithm pairs
    [0x0301, 'rsa_pkcs1_sha224', 'SHA-224', 'RSA'],
    [0x0202, 'dsa_sha1', 'SHA-1', 'DSA'],
    [0x0101, 'rsa_pkcs1_md5', 'MD5', 'RSA'],
    [0x0402, 'dsa_sha256', 'SHA-256', 'DSA'],
    [0xfefe, 'signature_0xfefe', 'unknown', 'unknown'],
  ])('signature scheme 0x%s is %s', (code, name, hash, signature) => {
    expect(signatureScheme(code)).toEqual({ code, name, hash, signature });
  });

  it('names alerts (RFC 8446 §6) and extensions', () => {
    expect(alertName(40)).toBe('handshake_failure');
    expect(alertName(70)).toBe('protocol_version');
    expect(alertName(200)).toBe('alert_200');
    expect(extensionName(65281)).toBe('renegotiation_info');
    expect(extensionName(23)).toBe('extended_master_secret');
    expect(extensionName(9999)).toBe('extension_9999');
  });
});

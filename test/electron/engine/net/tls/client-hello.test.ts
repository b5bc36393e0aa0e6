import { createECDH, createPublicKey, diffieHellman, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { baseHello, suiteCandidates, suiteChunks } from '../../../../../electron/engine/net/tls/candidates';
import { buildClientHello, sniHostName } from '../../../../../electron/engine/net/tls/client-hello';
import { KeyShareCache } from '../../../../../electron/engine/net/tls/key-shares';
import { allSuites, suiteUsableIn } from '../../../../../shared/tls/facts';
import { TLS_VERSIONS } from '../../../../../shared/tls/protocol';
import { tryParseClientHello, type ParsedClientHello } from './support/tls-lab';

const keys = new KeyShareCache();
const parse = (bytes: Buffer): ParsedClientHello => {
  const parsed = tryParseClientHello(bytes);
  if (typeof parsed === 'string') throw new Error(`ClientHello did not parse: ${parsed}`);
  return parsed;
};

describe('ClientHello (RFC 6101 §5.6.1.2, RFC 5246 §7.4.1.2, RFC 8446 §4.1.2)', () => {
  it('SSL 3.0: record and client version 3.0, no extensions, renegotiation SCSV (RFC 5746 §3.4)', () => {
    const h = parse(buildClientHello(baseHello('SSLv3', [0x000a, 0x0005], 'mx.lab.test'), keys).bytes);
    expect(h.recordVersion).toBe(0x0300);
    expect(h.clientVersion).toBe(0x0300);
    expect(h.suites).toEqual([0x000a, 0x0005, 0x00ff]);
    expect(h.compression).toEqual([0]);
    expect(h.extensions).toEqual([]);
    expect(h.sessionId.length).toBe(0);
  });

  it.each([
    ['TLSv1.0', 0x0301],
    ['TLSv1.1', 0x0302],
  ] as const)('%s: no signature_algorithms (RFC 5246 §7.4.1.4.1), renegotiation_info, EMS, ticket, EtM', (version, code) => {
    const h = parse(buildClientHello(baseHello(version, [0xc013], 'mx.lab.test'), keys).bytes);
    expect(h.recordVersion).toBe(0x0301);
    expect(h.clientVersion).toBe(code);
    expect(h.signatureAlgorithms).toBeUndefined();
    expect(h.ext(0xff01)).toEqual(Buffer.from([0])); // empty renegotiated_connection
    expect(h.ext(23)).toEqual(Buffer.alloc(0));
    expect(h.ext(35)).toEqual(Buffer.alloc(0));
    expect(h.ext(22)).toEqual(Buffer.alloc(0));
    expect(h.ext(11)).toEqual(Buffer.from([1, 0])); // ec_point_formats: uncompressed only
    expect(h.supportedGroups?.slice(0, 2)).toEqual([0x001d, 0x0017]);
    expect(h.supportedVersions).toBeUndefined();
    expect(h.suites).not.toContain(0x00ff);
  });

  it('TLS 1.2: signature_algorithms, no supported_versions', () => {
    const h = parse(buildClientHello(baseHello('TLSv1.2', [0xc02f]), keys).bytes);
    expect(h.clientVersion).toBe(0x0303);
    expect(h.signatureAlgorithms).toContain(0x0804);
    expect(h.signatureAlgorithms).toContain(0x0201);
    expect(h.supportedVersions).toBeUndefined();
  });

  it('TLS 1.3: legacy version 1.2, supported_versions [1.3], real X25519 and P-256 shares, 32-byte session id', () => {
    const h = parse(buildClientHello(baseHello('TLSv1.3', [0x1301, 0x1302]), keys).bytes);
    expect(h.clientVersion).toBe(0x0303);
    expect(h.supportedVersions).toEqual([0x0304]);
    expect(h.keyShares).toEqual([
      { group: 0x001d, length: 32 },
      { group: 0x0017, length: 65 },
    ]);
    expect(h.sessionId.length).toBe(32);
    expect(h.ext(0xff01)).toBeUndefined();
    expect(h.compression).toEqual([0]);
    expect(h.supportedGroups).toContain(0x0100); // ffdhe2048
    expect(h.supportedGroups).toContain(0x11ec); // X25519MLKEM768
  });

  it('key shares are valid public keys (a peer can derive a secret from them)', () => {
    const x = keys.get(0x001d)!;
    const peer = generateKeyPairSync('x25519');
    const pub = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(x).toString('base64url') }, format: 'jwk' });
    expect(diffieHellman({ privateKey: peer.privateKey, publicKey: pub })).toHaveLength(32);
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    expect(ecdh.computeSecret(keys.get(0x0017)!).length).toBe(32);
    // RFC 8446 §4.2.8.1: FFDHE shares are padded to the prime's length.
    expect(keys.get(0x0100)).toHaveLength(256);
    expect(keys.get(0x0018)).toHaveLength(97);
    expect(keys.get(0x11ec)).toBeUndefined(); // no ML-KEM here: left out, never faked
  });

  it('an empty key_share list asks for a HelloRetryRequest (RFC 8446 §4.2.8)', () => {
    const h = parse(buildClientHello({ ...baseHello('TLSv1.3', [0x1301]), keyShares: [] }, keys).bytes);
    expect(h.ext(51)).toEqual(Buffer.from([0, 0]));
  });

  it('DEFLATE before null when probing compression (RFC 3749), never in TLS 1.3', () => {
    expect(parse(buildClientHello({ ...baseHello('TLSv1.2', [0xc02f]), compression: true }, keys).bytes).compression).toEqual([1, 0]);
    expect(parse(buildClientHello({ ...baseHello('TLSv1.3', [0x1301]), compression: true }, keys).bytes).compression).toEqual([0]);
  });

  it.each([
    ['mx.lab.test', 'mx.lab.test'],
    ['MX.Lab.Test.', 'mx.lab.test'],
    ['192.0.2.1', undefined],
    ['2001:db8::1', undefined],
    ['bad name', undefined],
    ['', undefined],
  ])('SNI for %j is %j (RFC 6066 §3: host names only, no trailing dot)', (name, expected) => {
    expect(sniHostName(name)).toBe(expected);
    const h = parse(buildClientHello(baseHello('TLSv1.2', [0xc02f], name), keys).bytes);
    expect(h.serverName).toBe(expected);
  });

  it('never sends a TLS hello of 256–511 bytes (RFC 7685 §4 padding; SSL 3.0 hellos carry no extensions to pad)', () => {
    for (const version of TLS_VERSIONS.filter((v) => v !== 'SSLv3')) {
      const candidates = suiteCandidates(version);
      for (let n = 1; n <= Math.min(127, candidates.length); n++) {
        const h = parse(buildClientHello(baseHello(version, candidates.slice(0, n), 'mx.lab.test'), keys).bytes);
        const outside = h.handshakeLength < 256 || h.handshakeLength >= 512;
        expect(outside, `${version} with ${n} suites: ${h.handshakeLength} bytes`).toBe(true);
      }
    }
  });

  it('splits a hello larger than 2^14 bytes over several records (RFC 5246 §6.2.1)', () => {
    const suites = Array.from({ length: 9000 }, (_, i) => i + 1);
    const bytes = buildClientHello(baseHello('TLSv1.2', suites), keys).bytes;
    expect(bytes.readUInt16BE(3)).toBe(16384);
    const h = parse(bytes);
    expect(h.suites).toHaveLength(9000);
  });

  it('candidate groups fit the 127-suite limit testssl.sh uses, the common suites first', () => {
    const chunks = suiteChunks('TLSv1.2', 127);
    expect(chunks.map((c) => c.length)).toEqual([127, 127, 80]);
    // Every suite OpenSSL documents for TLS 1.2, PSK and SRP aside, is in the first group.
    const common = allSuites().filter((s) => s.opensslSource === 'openssl-doc' && suiteUsableIn(s, 'TLSv1.2') && !/PSK|SRP/.test(s.kex));
    expect(common.length).toBeGreaterThan(100);
    for (const s of common) expect(chunks[0], s.name).toContain(s.code);
    expect(new Set(chunks.flat()).size).toBe(334);
    expect(suiteChunks('SSLv3', 127)).toHaveLength(1);
    expect(suiteCandidates('TLSv1.3')).toContain(0x1305);
    expect(() => buildClientHello(baseHello('TLSv1.2', []), keys)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../../../electron/engine/net/tls/bytes';
import {
  HELLO_RETRY_REQUEST_RANDOM,
  parseAlert,
  parseCertificateList,
  parseServerHello,
  parseServerKeyExchange,
} from '../../../../../electron/engine/net/tls/messages';
import { serverHelloBody } from './support/tls-lab';

const u16 = (v: number) => Buffer.from([v >> 8, v & 0xff]);
const vec8 = (b: Buffer) => Buffer.concat([Buffer.from([b.length]), b]);
const vec16 = (b: Buffer) => Buffer.concat([u16(b.length), b]);
const vec24 = (b: Buffer) => Buffer.concat([Buffer.from([b.length >> 16, (b.length >> 8) & 0xff, b.length & 0xff]), b]);

describe('ServerHello (RFC 5246 §7.4.1.3, RFC 8446 §4.1.3)', () => {
  it('reads version, suite, compression and the extensions we look for', () => {
    const body = serverHelloBody({
      version: 0x0303,
      suite: 0xc02f,
      compression: 1,
      extensions: [
        { type: 0xff01, data: Buffer.from([0]) },
        { type: 23, data: Buffer.alloc(0) },
        { type: 11, data: Buffer.from([1, 0]) },
      ],
    });
    const h = parseServerHello(body);
    expect(h).toMatchObject({
      version: 0x0303,
      legacyVersion: 0x0303,
      cipherSuite: 0xc02f,
      compressionMethod: 1,
      helloRetryRequest: false,
      secureRenegotiation: true,
      extendedMasterSecret: true,
    });
    expect(h.extensions.map((e) => e.type)).toEqual([0xff01, 23, 11]);
  });

  it('SSL 3.0 style: no extensions block at all', () => {
    const h = parseServerHello(serverHelloBody({ version: 0x0300, suite: 0x000a }));
    expect(h).toMatchObject({ version: 0x0300, extensions: [], secureRenegotiation: false, extendedMasterSecret: false });
  });

  it('TLS 1.3: the version comes from supported_versions, the group from key_share (RFC 8446 §4.2.1, §4.2.8)', () => {
    const h = parseServerHello(
      serverHelloBody({
        version: 0x0303,
        suite: 0x1301,
        extensions: [
          { type: 43, data: u16(0x0304) },
          { type: 51, data: Buffer.concat([u16(0x001d), vec16(Buffer.alloc(32, 7))]) },
        ],
      }),
    );
    expect(h).toMatchObject({ legacyVersion: 0x0303, version: 0x0304, keyShareGroup: 0x001d, helloRetryRequest: false });
  });

  it('HelloRetryRequest: the special random, key_share holds only the selected group (RFC 8446 §4.1.4, §4.2.8)', () => {
    const h = parseServerHello(
      serverHelloBody({
        version: 0x0303,
        suite: 0x1302,
        random: HELLO_RETRY_REQUEST_RANDOM,
        extensions: [
          { type: 43, data: u16(0x0304) },
          { type: 51, data: u16(0x0018) },
        ],
      }),
    );
    expect(h).toMatchObject({ helloRetryRequest: true, version: 0x0304, keyShareGroup: 0x0018, cipherSuite: 0x1302 });
  });

  it.each([
    ['TLSv1.2', '444f574e47524401'],
    ['TLSv1.1', '444f574e47524400'],
  ])('notices the downgrade sentinel for %s (RFC 8446 §4.1.3)', (expected, tail) => {
    const random = Buffer.concat([Buffer.alloc(24, 3), Buffer.from(tail, 'hex')]);
    expect(parseServerHello(serverHelloBody({ version: 0x0303, suite: 0xc02f, random })).downgradeSentinel).toBe(expected);
  });

  it.each([
    ['truncated', serverHelloBody({ version: 0x0303, suite: 0xc02f }).subarray(0, 20)],
    ['session id over 32 bytes', Buffer.concat([u16(0x0303), Buffer.alloc(32), vec8(Buffer.alloc(40)), u16(0xc02f), Buffer.from([0])])],
    [
      'duplicate extension',
      serverHelloBody({
        version: 0x0303,
        suite: 0xc02f,
        extensions: [
          { type: 23, data: Buffer.alloc(0) },
          { type: 23, data: Buffer.alloc(0) },
        ],
      }),
    ],
    ['extension overruns its block', Buffer.concat([serverHelloBody({ version: 0x0303, suite: 0xc02f }), u16(4), u16(23), u16(9)])],
    ['trailing bytes', Buffer.concat([serverHelloBody({ version: 0x0303, suite: 0xc02f, extensions: [] }), Buffer.from([0])])],
    ['bad supported_versions', serverHelloBody({ version: 0x0303, suite: 0x1301, extensions: [{ type: 43, data: Buffer.from([3]) }] })],
    [
      'empty key_share in a ServerHello',
      serverHelloBody({ version: 0x0303, suite: 0x1301, extensions: [{ type: 51, data: Buffer.concat([u16(0x1d), u16(0)]) }] }),
    ],
  ])('rejects %s with a DecodeError', (_, body) => {
    expect(() => parseServerHello(body)).toThrow(DecodeError);
  });
});

describe('Certificate (RFC 5246 §7.4.2)', () => {
  it('returns the chain leaf first', () => {
    const a = Buffer.from([0x30, 1, 2]);
    const b = Buffer.from([0x30, 3, 4, 5]);
    const chain = parseCertificateList(vec24(Buffer.concat([vec24(a), vec24(b)])));
    expect(chain.map((c) => Buffer.from(c).toString('hex'))).toEqual([a.toString('hex'), b.toString('hex')]);
  });

  it('rejects an empty ASN.1Cert and overruns', () => {
    expect(() => parseCertificateList(vec24(vec24(Buffer.alloc(0))))).toThrow(DecodeError);
    expect(() => parseCertificateList(Buffer.from([0, 0, 9, 0, 0, 1]))).toThrow(DecodeError);
  });
});

describe('ServerKeyExchange (RFC 5246 §7.4.3, RFC 8422 §5.4, RFC 4279 §3)', () => {
  const sig12 = (scheme: number) => Buffer.concat([u16(scheme), vec16(Buffer.alloc(64, 9))]);
  const dh = Buffer.concat([vec16(Buffer.alloc(128, 0xff)), vec16(Buffer.from([2])), vec16(Buffer.alloc(128, 5))]);
  const ec = Buffer.concat([Buffer.from([3]), u16(0x0017), vec8(Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)]))]);

  it('DHE_RSA in TLS 1.2: p, g, Ys and the signature scheme', () => {
    const kx = parseServerKeyExchange(Buffer.concat([dh, sig12(0x0804)]), 0x009e, 0x0303);
    expect(kx.kind).toBe('dhe');
    if (kx.kind !== 'dhe') return;
    expect(kx.p).toHaveLength(128);
    expect([...kx.g]).toEqual([2]);
    expect(kx.signature).toEqual({ scheme: 0x0804, length: 64 });
  });

  it('ECDHE in TLS 1.0: named curve, and a signature without a scheme (fixed hash)', () => {
    const kx = parseServerKeyExchange(Buffer.concat([ec, vec16(Buffer.alloc(70, 1))]), 0xc013, 0x0301);
    expect(kx).toMatchObject({ kind: 'ecdhe', curveType: 'named_curve', group: 0x0017, signature: { length: 70 } });
    expect(kx.kind === 'ecdhe' && 'signature' in kx ? kx.signature : undefined).toEqual({ length: 70 });
  });

  it('anonymous DH carries no signature', () => {
    expect(parseServerKeyExchange(dh, 0x0034, 0x0303)).toMatchObject({ kind: 'dhe' });
    expect(() => parseServerKeyExchange(Buffer.concat([dh, sig12(0x0401)]), 0x0034, 0x0303)).toThrow(DecodeError);
  });

  it('DHE_PSK starts with the identity hint (RFC 4279 §3)', () => {
    const kx = parseServerKeyExchange(Buffer.concat([vec16(Buffer.from('hint')), dh]), 0x0090, 0x0303);
    expect(kx.kind).toBe('dhe');
  });

  it('explicit curves are reported, not parsed (RFC 8422 §5.4: deprecated)', () => {
    expect(parseServerKeyExchange(Buffer.from([1, 0, 0]), 0xc02f, 0x0303)).toEqual({ kind: 'ecdhe', curveType: 'explicit_prime' });
  });

  it('RSA_EXPORT: the temporary RSA modulus', () => {
    const kx = parseServerKeyExchange(
      Buffer.concat([vec16(Buffer.alloc(64, 0xc1)), vec16(Buffer.from([1, 0, 1])), vec16(Buffer.alloc(64))]),
      0x0003,
      0x0300,
    );
    expect(kx.kind === 'rsa_export' && kx.modulus.length).toBe(64);
  });

  it('static key exchanges and unknown suites are "other"', () => {
    expect(parseServerKeyExchange(Buffer.alloc(5), 0x002f, 0x0303)).toEqual({ kind: 'other', length: 5 });
    expect(parseServerKeyExchange(Buffer.alloc(5), 0x0a0a, 0x0303)).toEqual({ kind: 'other', length: 5 });
  });

  it('rejects a truncated ECDHE point and trailing bytes', () => {
    expect(() => parseServerKeyExchange(ec.subarray(0, 10), 0xc02f, 0x0303)).toThrow(DecodeError);
    expect(() => parseServerKeyExchange(Buffer.concat([ec, sig12(0x0403), Buffer.from([0])]), 0xc02b, 0x0303)).toThrow(DecodeError);
  });
});

describe('Alert (RFC 5246 §7.2)', () => {
  it('names the description', () => {
    expect(parseAlert(Buffer.from([2, 40]))).toEqual({ level: 2, description: 40, name: 'handshake_failure' });
    expect(() => parseAlert(Buffer.from([2]))).toThrow(DecodeError);
  });
});

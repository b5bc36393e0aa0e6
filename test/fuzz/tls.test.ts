/**
 * Property tests of the TLS readers (electron/engine/net/tls: bytes.ts, messages.ts,
 * handshake.ts), seeded with real server flights captured from an OpenSSL server (node:tls) on
 * loopback: TLS 1.2 ECDHE and DHE flights, a TLS 1.3 ServerHello and a HelloRetryRequest.
 * The parsers document one failure, DecodeError; the flight reader documents none: every input,
 * however cut into reads, ends as a typed HandshakeResult (a throw would surface as
 * `parser_error`, "a bug of ours", in exchangeHello).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ByteReader, DecodeError } from '../../electron/engine/net/tls/bytes';
import { baseHello } from '../../electron/engine/net/tls/candidates';
import { buildClientHello } from '../../electron/engine/net/tls/client-hello';
import { ServerFlightReader, type HandshakeResult } from '../../electron/engine/net/tls/handshake';
import { KeyShareCache } from '../../electron/engine/net/tls/key-shares';
import { parseAlert, parseCertificateList, parseServerHello, parseServerKeyExchange } from '../../electron/engine/net/tls/messages';
import { allSuites } from '../../shared/tls/facts';
import { makeLabFiles, serverHelloBody, startTlsServer, type LabFiles, type LabServer } from '../electron/engine/net/tls/support/tls-lab';
import { FUZZ_TIMEOUT_MS, fuzz, hostileBytes, mutatedBytes } from './fuzz';
import { captureFlight } from '../support/capture-flight';

let files: LabFiles;
const servers: LabServer[] = [];
const keys = new KeyShareCache();
/** whole first flights as received */
const flights: Buffer[] = [];
/** handshake message bodies by type, from those flights */
const bodies = new Map<number, Buffer[]>();

/** Handshake messages of the plaintext records at the start of a flight. */
function messages(flight: Buffer): { type: number; body: Buffer }[] {
  const stream: Buffer[] = [];
  for (let o = 0; o + 5 <= flight.length && flight[o] === 22;) {
    const len = flight.readUInt16BE(o + 3);
    stream.push(flight.subarray(o + 5, o + 5 + len));
    o += 5 + len;
  }
  const hs = Buffer.concat(stream);
  const out: { type: number; body: Buffer }[] = [];
  for (let o = 0; o + 4 <= hs.length;) {
    const len = hs.readUIntBE(o + 1, 3);
    if (o + 4 + len > hs.length) break;
    out.push({ type: hs[o]!, body: hs.subarray(o + 4, o + 4 + len) });
    o += 4 + len;
  }
  return out;
}

beforeAll(async () => {
  files = makeLabFiles();
  const modern = await startTlsServer({
    key: files.rsaKey,
    cert: files.rsaCert,
    minVersion: 'TLSv1.2',
    maxVersion: 'TLSv1.3',
    ecdhCurve: 'X25519:P-256',
  });
  const dhe = await startTlsServer({
    key: files.rsaKey,
    cert: files.rsaCert,
    minVersion: 'TLSv1.2',
    maxVersion: 'TLSv1.2',
    ciphers: 'DHE-RSA-AES128-GCM-SHA256',
    dhparam: files.dh.ffdhe2048,
  });
  servers.push(modern, dhe);
  flights.push(
    await captureFlight(modern.port, buildClientHello(baseHello('TLSv1.2', [0xc02f, 0xc030]), keys).bytes),
    await captureFlight(dhe.port, buildClientHello(baseHello('TLSv1.2', [0x009e]), keys).bytes),
    await captureFlight(modern.port, buildClientHello(baseHello('TLSv1.3', [0x1301, 0x1302]), keys).bytes),
    // No key share for the server's group: a HelloRetryRequest (RFC 8446 §4.1.4).
    await captureFlight(modern.port, buildClientHello({ ...baseHello('TLSv1.3', [0x1301]), keyShares: [] }, keys).bytes),
  );
  for (const flight of flights) for (const m of messages(flight)) bodies.set(m.type, [...(bodies.get(m.type) ?? []), Buffer.from(m.body)]);
}, 60_000);

afterAll(async () => {
  for (const s of servers) await s.close();
  files?.cleanup();
});

const KINDS = ['server_hello', 'hello_retry_request', 'alert', 'closed', 'reset', 'timeout', 'malformed'];

/** Feeds `bytes` in reads cut at `cuts`, then ends the stream as `end` says. */
function feed(bytes: Buffer, cuts: number[], end: 'closed' | 'reset' | 'timeout', maxBytes = 1 << 20): HandshakeResult {
  const reader = new ServerFlightReader('flight', maxBytes);
  let last = 0;
  for (const at of [...cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b), bytes.length]) {
    const step = reader.push(bytes.subarray(last, at));
    last = at;
    if (step) return step;
  }
  return reader.end(end);
}

/** What must not depend on how the bytes were cut into reads. */
function summary(r: HandshakeResult): unknown {
  switch (r.kind) {
    case 'server_hello':
      return [r.kind, r.serverHello.cipherSuite, r.flightComplete, r.flightProblem?.reason, r.certificates?.length, r.keyExchange?.kind];
    case 'malformed':
      return [r.kind, r.reason];
    case 'alert':
      return [r.kind, r.alert.description];
    default:
      return [r.kind];
  }
}

const cuts = fc.array(fc.nat(), { maxLength: 8 });
const ends = fc.constantFrom('closed' as const, 'reset' as const, 'timeout' as const);

describe('the real captures', () => {
  it('are the flights the properties start from', () => {
    expect(flights.map((f) => summary(feed(f, [], 'closed')))).toEqual([
      ['server_hello', expect.any(Number), true, undefined, 1, 'ecdhe'],
      ['server_hello', 0x009e, true, undefined, 1, 'dhe'],
      ['server_hello', expect.any(Number), false, undefined, undefined, undefined],
      ['hello_retry_request'],
    ]);
    expect([...bodies.keys()].sort((a, b) => a - b)).toEqual([2, 11, 12, 14]);
  });
});

describe('ServerFlightReader', () => {
  it(
    'ends every mutated flight, cut into any reads, as a typed result (never a throw, never parser_error), bounded by the input',
    () => {
      fuzz(
        fc.property(hostileBytes(flights, 2048), cuts, ends, fc.integer({ min: 16, max: 1 << 16 }), (bytes, at, end, maxBytes) => {
          const r = feed(bytes, at, end, maxBytes);
          expect(KINDS).toContain(r.kind);
          if (r.kind === 'malformed') expect(r.reason).not.toBe('parser_error');
          if (r.kind === 'server_hello') {
            const certBytes = (r.certificates ?? []).reduce((n, c) => n + c.length, 0);
            expect(certBytes).toBeLessThanOrEqual(bytes.length);
            expect(r.serverHello.extensions.length).toBeLessThanOrEqual(bytes.length / 4);
          }
          if (r.kind === 'timeout') expect(r.bytesReceived).toBeLessThanOrEqual(bytes.length);
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'decides the same whatever the reads (RFC 5246 §6.2.1: records and messages may be cut anywhere)',
    () => {
      fuzz(
        fc.property(mutatedBytes(flights, 3), cuts, ends, (bytes, at, end) => {
          expect(summary(feed(bytes, at, end))).toEqual(summary(feed(bytes, [], end)));
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'refuses absurd record and message lengths at once, without waiting for their bytes',
    () => {
      fuzz(
        fc.property(
          fc.integer({ min: 0x4801, max: 0xffff }),
          fc.integer({ min: (1 << 18) + 1, max: 0xffffff }),
          fc.boolean(),
          (recordLength, messageLength, inRecord) => {
            const bytes = inRecord
              ? Buffer.from([22, 3, 3, recordLength >> 8, recordLength & 0xff])
              : Buffer.from([22, 3, 3, 0, 4, 2, messageLength >> 16, (messageLength >> 8) & 0xff, messageLength & 0xff]);
            const r = new ServerFlightReader('flight', 1 << 20).push(bytes);
            expect(r).toMatchObject({ kind: 'malformed', reason: inRecord ? 'record_overflow' : 'handshake_too_large' });
          },
        ),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

/** Runs a parser; only DecodeError may come out of it. */
function parsesOrDecodeError(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof DecodeError)) throw new Error(`threw ${String(error)} instead of a DecodeError`);
  }
}

describe('message parsers', () => {
  const seeds = (type: number) => bodies.get(type)!;
  const suites = () => fc.oneof(fc.constantFrom(...allSuites().map((s) => s.code)), fc.integer({ min: 0, max: 0xffff }));

  it(
    'parseServerHello, parseCertificateList, parseServerKeyExchange and parseAlert return or throw DecodeError',
    () => {
      fuzz(
        fc.property(
          fc.constant(null).chain(() => hostileBytes(seeds(2), 256)),
          fc.constant(null).chain(() => hostileBytes(seeds(11), 256)),
          fc.constant(null).chain(() => hostileBytes(seeds(12), 256)),
          suites(),
          fc.integer({ min: 0x0300, max: 0x0304 }),
          fc.uint8Array({ maxLength: 4 }),
          (hello, certificate, ske, suite, version, alert) => {
            parsesOrDecodeError(() => parseServerHello(hello));
            parsesOrDecodeError(() => {
              const chain = parseCertificateList(certificate);
              expect(chain.reduce((n, c) => n + c.length, 0)).toBeLessThanOrEqual(certificate.length);
            });
            parsesOrDecodeError(() => parseServerKeyExchange(ske, suite, version));
            parsesOrDecodeError(() => parseAlert(alert));
          },
        ),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'parseServerHello reads back what was written (RFC 5246 §7.4.1.3)',
    () => {
      // Extensions parseServerHello interprets itself (supported_versions, key_share, renegotiation_info) are left out.
      const plainType = fc.integer({ min: 0, max: 0xffff }).filter((t) => t !== 0x002b && t !== 0x0033 && t !== 0xff01);
      fuzz(
        fc.property(
          fc.integer({ min: 0x0300, max: 0x0303 }),
          fc.integer({ min: 0, max: 0xffff }),
          fc.integer({ min: 0, max: 255 }),
          fc.uint8Array({ minLength: 32, maxLength: 32 }),
          fc.option(fc.uniqueArray(fc.tuple(plainType, fc.uint8Array({ maxLength: 40 })), { selector: ([t]) => t, maxLength: 6 }), {
            nil: undefined,
          }),
          (version, suite, compression, random, extensions) => {
            const body = serverHelloBody({
              version,
              suite,
              compression,
              random: Buffer.from(random),
              ...(extensions ? { extensions: extensions.map(([type, data]) => ({ type, data: Buffer.from(data) })) } : {}),
            });
            const hello = parseServerHello(body);
            expect(hello).toMatchObject({
              legacyVersion: version,
              version,
              cipherSuite: suite,
              compressionMethod: compression,
              sessionIdLength: 0,
            });
            expect(Buffer.from(hello.random)).toEqual(Buffer.from(random));
            expect(hello.extensions.map((e) => [e.type, Buffer.from(e.data)])).toEqual(
              (extensions ?? []).map(([t, d]) => [t, Buffer.from(d)]),
            );
          },
        ),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe('ByteReader', () => {
  const op = fc.constantFrom('u8', 'u16', 'u24', 'vec8', 'vec16', 'vec24', 'bytesN', 'rest', 'expectEnd');
  it(
    'reads within the bytes or throws DecodeError, never past the end',
    () => {
      fuzz(
        fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.tuple(op, fc.nat(400)), { maxLength: 20 }), (bytes, ops) => {
          const r = new ByteReader(bytes, 'fuzz');
          for (const [name, n] of ops) {
            const before = r.position;
            try {
              const v = name === 'bytesN' ? r.bytesN(n) : name.startsWith('vec') ? r[name as 'vec8'](n % 3) : r[name as 'u8']();
              if (typeof v === 'number') expect(v).toBeGreaterThanOrEqual(0);
            } catch (error) {
              expect(error).toBeInstanceOf(DecodeError);
              // A failed read consumes at most the length prefix it read.
              expect(r.position - before).toBeLessThanOrEqual(3);
            }
            expect(r.position).toBeLessThanOrEqual(bytes.length);
            expect(r.remaining).toBe(bytes.length - r.position);
          }
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

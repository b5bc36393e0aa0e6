import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseHello } from '../../../../../electron/engine/net/tls/candidates';
import { buildClientHello } from '../../../../../electron/engine/net/tls/client-hello';
import { exchangeHello, ServerFlightReader, type HandshakeResult } from '../../../../../electron/engine/net/tls/handshake';
import { KeyShareCache } from '../../../../../electron/engine/net/tls/key-shares';
import { HELLO_RETRY_REQUEST_RANDOM } from '../../../../../electron/engine/net/tls/messages';
import {
  alertRecord,
  handshakeMessage,
  makeLabFiles,
  record,
  serverFlight,
  serverHelloBody,
  startTcpServer,
  startTlsServer,
  type LabFiles,
  type LabServer,
} from './support/tls-lab';
import { captureFlight } from '../../../../support/capture-flight';

let files: LabFiles;
let server: LabServer;
const keys = new KeyShareCache();
const opened: LabServer[] = [];

function feed(bytes: Buffer, splits: number[], until: 'server_hello' | 'flight' = 'flight', maxBytes = 1 << 20): HandshakeResult {
  const reader = new ServerFlightReader(until, maxBytes);
  let last = 0;
  for (const at of [...splits, bytes.length]) {
    const step = reader.push(bytes.subarray(last, at));
    last = at;
    if (step) return step;
  }
  return reader.end('closed');
}

/** Re-cuts the handshake stream of a plaintext flight into records of `size` bytes. */
function refragment(flight: Buffer, size: number): Buffer {
  const handshake: Buffer[] = [];
  for (let o = 0; o < flight.length;) {
    const len = flight.readUInt16BE(o + 3);
    if (flight[o] === 22) handshake.push(flight.subarray(o + 5, o + 5 + len));
    o += 5 + len;
  }
  const stream = Buffer.concat(handshake);
  const out: Buffer[] = [];
  for (let o = 0; o < stream.length; o += size) out.push(record(22, 0x0303, stream.subarray(o, o + size)));
  return Buffer.concat(out);
}

let flight12: Buffer;

beforeAll(async () => {
  files = makeLabFiles();
  server = await startTlsServer({
    key: files.rsaKey,
    cert: files.rsaCert,
    minVersion: 'TLSv1.2',
    maxVersion: 'TLSv1.3',
    ecdhCurve: 'X25519:P-256',
  });
  flight12 = await captureFlight(server.port, buildClientHello(baseHello('TLSv1.2', [0xc02f, 0xc030]), keys).bytes);
});

afterAll(async () => {
  await server?.close();
  for (const s of opened) await s.close();
  files?.cleanup();
});

describe('ServerFlightReader on a real OpenSSL flight (RFC 5246 §7.3)', () => {
  const leafDer = () => new X509Certificate(files.rsaCert).raw;

  function expectFlight(result: HandshakeResult) {
    expect(result.kind).toBe('server_hello');
    if (result.kind !== 'server_hello') return;
    expect(result.flightComplete).toBe(true);
    expect(result.serverHello.version).toBe(0x0303);
    expect([0xc02f, 0xc030]).toContain(result.serverHello.cipherSuite);
    expect(Buffer.from(result.certificates![0]!).equals(leafDer())).toBe(true);
    expect(result.keyExchange).toMatchObject({ kind: 'ecdhe', curveType: 'named_curve', group: 0x001d });
  }

  it('reads ServerHello, Certificate, ServerKeyExchange and ServerHelloDone', () => {
    expectFlight(feed(flight12, []));
  });

  it('stops at the ServerHello when asked to', () => {
    const r = feed(flight12, [], 'server_hello');
    expect(r.kind === 'server_hello' && r.certificates).toBeUndefined();
  });

  it('gives the same answer however the bytes are split across reads', () => {
    for (let at = 1; at < flight12.length; at += 7) expectFlight(feed(flight12, [at]));
    expectFlight(
      feed(
        flight12,
        Array.from({ length: flight12.length - 1 }, (_, i) => i + 1),
      ),
    );
  });

  it.each([1, 2, 3, 5, 64, 1000])('reassembles handshake messages cut into records of %i bytes', (size) => {
    const bytes = refragment(flight12, size);
    expectFlight(feed(bytes, []));
    expectFlight(feed(bytes, [3, 11, 200]));
  });

  it('a flight cut short keeps the ServerHello and says why it ended', () => {
    const r = feed(flight12.subarray(0, flight12.length - 10), []);
    expect(r).toMatchObject({ kind: 'server_hello', flightComplete: false, flightProblem: { reason: 'closed' } });
  });

  it('never throws on mutated input and always ends with a typed result (fuzz, fixed seed)', () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const kinds = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const bytes = Buffer.from(i % 2 ? flight12 : refragment(flight12, 1 + rand(50)));
      for (let m = 0, n = 1 + rand(6); m < n; m++) bytes[rand(bytes.length)] = rand(256);
      const cut = rand(4) === 0 ? bytes.subarray(0, rand(bytes.length)) : bytes;
      const splits = [rand(cut.length), rand(cut.length)].sort((a, b) => a - b);
      const result = feed(cut, splits, 'flight', 64 * 1024);
      kinds.add(result.kind);
      expect(['server_hello', 'hello_retry_request', 'alert', 'closed', 'malformed']).toContain(result.kind);
    }
    expect(kinds.has('malformed')).toBe(true);
  });
});

describe('ServerFlightReader on hand-made answers', () => {
  const hello12 = serverHelloBody({ version: 0x0303, suite: 0xc02f, extensions: [] });
  const sh = (body = hello12) => record(22, 0x0303, handshakeMessage(2, body));

  it.each<[string, Buffer, Partial<Record<string, unknown>>]>([
    ['a fatal alert', alertRecord(40), { kind: 'alert', alert: { level: 2, description: 40, name: 'handshake_failure' } }],
    ['close_notify', alertRecord(0, 0x0303, 1), { kind: 'alert', alert: { level: 1, description: 0, name: 'close_notify' } }],
    ['garbage', Buffer.from('00ff13370000deadbeef', 'hex'), { kind: 'malformed', reason: 'bad_record' }],
    [
      'an SMTP reply instead of TLS',
      Buffer.from('454 4.7.0 TLS not available due to local problem\r\n'),
      { kind: 'malformed', reason: 'not_tls' },
    ],
    ['an SSL 2.0 SERVER-HELLO', Buffer.from('802e0400010002', 'hex'), { kind: 'malformed', reason: 'sslv2' }],
    ['a record over 2^14+2048 bytes (RFC 5246 §6.2.3)', Buffer.from('1603034801', 'hex'), { kind: 'malformed', reason: 'record_overflow' }],
    ['record version 2.x', Buffer.from('1602000002', 'hex'), { kind: 'malformed', reason: 'bad_record' }],
    ['application data before the ServerHello', record(23, 0x0303, Buffer.alloc(3)), { kind: 'malformed', reason: 'unexpected_record' }],
    [
      'a Certificate before the ServerHello',
      record(22, 0x0303, handshakeMessage(11, Buffer.from([0, 0, 0]))),
      { kind: 'malformed', reason: 'unexpected_message' },
    ],
    ['a bad ServerHello', sh(Buffer.alloc(10)), { kind: 'malformed', reason: 'bad_server_hello' }],
    ['a 1 MiB handshake message', record(22, 0x0303, Buffer.from([2, 0x10, 0, 0])), { kind: 'malformed', reason: 'handshake_too_large' }],
    [
      'an alert inside a fragmented message',
      Buffer.concat([record(22, 0x0303, handshakeMessage(2, hello12).subarray(0, 10)), alertRecord(40)]),
      { kind: 'malformed', reason: 'unexpected_record' },
    ],
    ['a 1-byte alert', record(21, 0x0303, Buffer.from([2])), { kind: 'malformed', reason: 'bad_alert' }],
  ])('%s', (_, bytes, expected) => {
    expect(feed(bytes, [])).toMatchObject(expected);
  });

  it('a truncated ServerHello then a close is "truncated"', () => {
    const bytes = sh().subarray(0, 30);
    expect(feed(bytes, [])).toMatchObject({ kind: 'malformed', reason: 'truncated' });
  });

  it('closed, reset and timeout before any byte are reported as such', () => {
    expect(new ServerFlightReader('flight', 1000).end('closed')).toEqual({ kind: 'closed' });
    expect(new ServerFlightReader('flight', 1000).end('reset')).toEqual({ kind: 'reset' });
    expect(new ServerFlightReader('flight', 1000).end('timeout')).toEqual({ kind: 'timeout', bytesReceived: 0 });
  });

  it('a warning alert (unrecognized_name, RFC 6066 §3) does not stop the handshake', () => {
    const r = feed(Buffer.concat([alertRecord(112, 0x0303, 1), serverFlight({ version: 0x0303, suite: 0xc02f, extensions: [] })]), []);
    expect(r).toMatchObject({ kind: 'server_hello', flightComplete: true });
  });

  it('an endless stream of records is cut at the byte limit', () => {
    const reader = new ServerFlightReader('flight', 64 * 1024);
    // A message that claims 200 KiB and keeps coming, one small record at a time.
    let result = reader.push(record(22, 0x0303, Buffer.from([11, 0x03, 0x20, 0x00])));
    for (let i = 0; i < 1000 && !result; i++) result = reader.push(record(22, 0x0303, Buffer.alloc(200)));
    expect(result).toMatchObject({ kind: 'malformed', reason: 'too_large' });
  });

  it('HelloRetryRequest ends the exchange (RFC 8446 §4.1.4)', () => {
    const hrr = serverHelloBody({
      version: 0x0303,
      suite: 0x1301,
      random: HELLO_RETRY_REQUEST_RANDOM,
      extensions: [
        { type: 43, data: Buffer.from([3, 4]) },
        { type: 51, data: Buffer.from([0, 0x18]) },
      ],
    });
    expect(feed(record(22, 0x0303, handshakeMessage(2, hrr)), [])).toMatchObject({
      kind: 'hello_retry_request',
      serverHello: { keyShareGroup: 0x18 },
    });
  });

  it('a TLS 1.3 ServerHello ends the exchange even when the flight was asked for (the rest is encrypted)', () => {
    const body = serverHelloBody({
      version: 0x0303,
      suite: 0x1301,
      extensions: [
        { type: 43, data: Buffer.from([3, 4]) },
        { type: 51, data: Buffer.concat([Buffer.from([0, 0x1d, 0, 32]), Buffer.alloc(32)]) },
      ],
    });
    const bytes = Buffer.concat([
      record(22, 0x0303, handshakeMessage(2, body)),
      record(20, 0x0303, Buffer.from([1])),
      record(23, 0x0303, Buffer.alloc(40)),
    ]);
    expect(feed(bytes, [])).toMatchObject({ kind: 'server_hello', flightComplete: false, serverHello: { version: 0x0304 } });
  });

  it('a broken Certificate keeps the ServerHello and reports the problem', () => {
    const bytes = Buffer.concat([sh(), record(22, 0x0303, handshakeMessage(11, Buffer.from([0, 0, 9, 1])))]);
    expect(feed(bytes, [])).toMatchObject({ kind: 'server_hello', flightComplete: false, flightProblem: { reason: 'bad_certificate' } });
  });
});

describe('exchangeHello over real sockets', () => {
  const hello = () => buildClientHello(baseHello('TLSv1.2', [0xc02f]), keys).bytes;
  const run = async (behaviour: (socket: net.Socket) => void, timeoutMs = 400) => {
    const s = await startTcpServer(behaviour);
    opened.push(s);
    const socket = await s.open();
    const started = Date.now();
    const result = await exchangeHello(socket, hello(), { until: 'flight', timeoutMs, maxBytes: 64 * 1024 });
    return { result, ms: Date.now() - started, socket };
  };

  it('reads a real server flight and destroys the stream afterwards', async () => {
    const socket = await server.open();
    const result = await exchangeHello(socket, hello(), { until: 'flight', timeoutMs: 5000, maxBytes: 1 << 20 });
    expect(result).toMatchObject({ kind: 'server_hello', flightComplete: true });
    expect(socket.destroyed).toBe(true);
  });

  it('a reset', async () => {
    const { result } = await run((s) => s.once('data', () => s.resetAndDestroy()));
    expect(result).toEqual({ kind: 'reset' });
  });

  it('a server that accepts and stalls times out', async () => {
    const { result, ms } = await run(() => {}, 300);
    expect(result).toEqual({ kind: 'timeout', bytesReceived: 0 });
    expect(ms).toBeLessThan(3000);
  });

  it('a close without a word', async () => {
    const { result } = await run((s) => s.once('data', () => s.end()));
    expect(result).toEqual({ kind: 'closed' });
  });

  it('garbage bytes', async () => {
    const { result } = await run((s) => s.once('data', () => s.write(Buffer.from('0707070707070707', 'hex'))));
    expect(result).toMatchObject({ kind: 'malformed', reason: 'bad_record' });
  });

  it('an endless record (header promises 16 KiB, then silence)', async () => {
    const { result } = await run((s) => s.once('data', () => s.write(Buffer.from('1603034000', 'hex'))), 300);
    expect(result).toEqual({ kind: 'timeout', bytesReceived: 5 });
  });

  it('an endless stream of bytes is cut at the byte limit', async () => {
    const { result } = await run((s) =>
      s.once('data', () => {
        s.write(record(22, 0x0303, Buffer.from([11, 0x03, 0xff, 0xff])));
        const timer = setInterval(() => s.writable && s.write(record(22, 0x0303, Buffer.alloc(4000))), 1);
        s.on('close', () => clearInterval(timer));
      }),
    );
    expect(result).toMatchObject({ kind: 'malformed', reason: 'too_large' });
  });

  it('an alert', async () => {
    const { result } = await run((s) => s.once('data', () => s.write(alertRecord(70))));
    expect(result).toMatchObject({ kind: 'alert', alert: { name: 'protocol_version' } });
  });

  it('a truncated ServerHello then a close', async () => {
    const bytes = serverFlight({ version: 0x0303, suite: 0xc02f, extensions: [] }).subarray(0, 25);
    const { result } = await run((s) => s.once('data', () => s.end(bytes)));
    expect(result).toMatchObject({ kind: 'malformed', reason: 'truncated' });
  });

  it('an already aborted signal ends at once', async () => {
    const s = await startTcpServer(() => {});
    opened.push(s);
    const socket = await s.open();
    const controller = new AbortController();
    controller.abort();
    expect(await exchangeHello(socket, hello(), { until: 'flight', timeoutMs: 5000, maxBytes: 1000, signal: controller.signal })).toEqual({
      kind: 'aborted',
    });
    expect(socket.destroyed).toBe(true);
  });

  it('an abort during the wait ends the exchange', async () => {
    const s = await startTcpServer(() => {});
    opened.push(s);
    const socket = await s.open();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(await exchangeHello(socket, hello(), { until: 'flight', timeoutMs: 5000, maxBytes: 1000, signal: controller.signal })).toEqual({
      kind: 'aborted',
    });
  });
});

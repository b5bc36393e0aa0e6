import net from 'node:net';
import type tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  probeCipherSuites,
  probeExtras,
  probeKeyExchange,
  probeTlsProfile,
  probeVersions,
  TlsProbeSession,
  type TlsProbeOptions,
  type TlsStreamOpener,
} from '../../../../../electron/engine/net/tls';
import { suiteChunks } from '../../../../../electron/engine/net/tls/candidates';
import { suiteByCode } from '../../../../../shared/tls/facts';
import type { TlsProfile } from '../../../../../shared/tls/profile';
import {
  alertRecord,
  handshakeMessage,
  makeLabFiles,
  opensslCipherCodes,
  opensslHandshake,
  record,
  serverHelloBody,
  startRawServer,
  startTcpServer,
  startTlsServer,
  type LabFiles,
  type LabServer,
  type ParsedClientHello,
} from './support/tls-lab';

let files: LabFiles;
const servers: LabServer[] = [];

beforeAll(() => {
  files = makeLabFiles();
});
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});
afterAll(() => files?.cleanup());

const LEGACY = 'DEFAULT@SECLEVEL=0'; // STACK-NOTES: what OpenSSL 3 needs to speak TLS 1.0/1.1

async function tlsServer(options: tls.TlsOptions): Promise<LabServer> {
  const s = await startTlsServer({ key: files.rsaKey, cert: files.rsaCert, ...options });
  servers.push(s);
  return s;
}

async function profile(server: LabServer, options: TlsProbeOptions = {}): Promise<TlsProfile> {
  return probeTlsProfile(server.open, { serverName: 'mx.lab.test', handshakeTimeoutMs: 5000, ...options });
}

const names = (suites: { code: number }[]) => suites.map((s) => suiteByCode(s.code)?.openssl ?? s.code.toString(16));
const ciphersOf = (p: TlsProfile, version: string) => p.ciphers.versions.find((v) => v.version === version);

describe('protocol versions, against the server configuration and openssl s_client', () => {
  const S_CLIENT_FLAG = { 'TLSv1.0': '-tls1', 'TLSv1.1': '-tls1_1', 'TLSv1.2': '-tls1_2', 'TLSv1.3': '-tls1_3' } as const;

  it.each<[string, tls.TlsOptions, string[]]>([
    ['TLS 1.0 to 1.3', { minVersion: 'TLSv1', maxVersion: 'TLSv1.3', ciphers: LEGACY }, ['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']],
    ['TLS 1.2 only', { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }, ['TLSv1.2']],
    ['TLS 1.3 only', { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' }, ['TLSv1.3']],
    ['TLS 1.0 and 1.1 only', { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: LEGACY }, ['TLSv1.0', 'TLSv1.1']],
    ['TLS 1.1 and 1.2', { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.2', ciphers: LEGACY }, ['TLSv1.1', 'TLSv1.2']],
  ])('%s', async (_, options, expected) => {
    const server = await tlsServer(options);
    const session = new TlsProbeSession(server.open, { serverName: 'mx.lab.test' });
    const result = await probeVersions(session);
    expect(result.supported).toEqual(expected);
    expect(result.probes.map((p) => p.version)).toEqual(['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    expect(result.probes.find((p) => p.version === 'SSLv3')?.state).toBe('not_supported');
    expect(result.probes.every((p) => p.state !== 'unknown')).toBe(true);
    // At most one handshake per version and candidate group; never more connections than the server saw.
    expect(result.stats.handshakes).toBeLessThanOrEqual(9);
    expect(result.stats.connections).toBe(server.accepted);
    for (const [version, flag] of Object.entries(S_CLIENT_FLAG)) {
      const cipherArgs = version === 'TLSv1.3' ? [] : ['-cipher', LEGACY];
      const ours = result.supported.includes(version as never);
      expect((await opensslHandshake(server.port, [flag, ...cipherArgs])).ok, `openssl ${flag}`).toBe(ours);
    }
  });
});

describe('cipher suites and preference order (testssl.sh method)', () => {
  const LIST = 'ECDHE-RSA-AES128-SHA:AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:AES128-SHA:DHE-RSA-AES256-SHA';

  it('server preference: exactly the configured suites, in the configured order, per version', async () => {
    const server = await tlsServer({
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.2',
      ciphers: `${LIST}:@SECLEVEL=0`,
      honorCipherOrder: true,
      dhparam: files.dh.ffdhe2048,
    });
    const session = new TlsProbeSession(server.open, { serverName: 'mx.lab.test' });
    const versions = await probeVersions(session);
    const result = await probeCipherSuites(session, versions);
    const expected12 = opensslCipherCodes(`${LIST}:@SECLEVEL=0`, ['-s', '-tls1_2']).map((c) => c.code);
    const expected10 = opensslCipherCodes(`${LIST}:@SECLEVEL=0`, ['-s', '-tls1']).map((c) => c.code);
    expect(expected12).toHaveLength(6);
    expect(expected10).toHaveLength(3);
    const v12 = result.versions.find((v) => v.version === 'TLSv1.2')!;
    expect(v12.suites.map((s) => s.code)).toEqual(expected12);
    expect(v12).toMatchObject({ preference: 'server', complete: true });
    const v10 = result.versions.find((v) => v.version === 'TLSv1.0')!;
    expect(v10.suites.map((s) => s.code)).toEqual(expected10);
    expect(v10.preference).toBe('server');
    expect(v12.suites.every((s) => s.name.startsWith('TLS_') && s.class)).toBe(true);
    // Per version: one handshake per suite and one refusal per candidate group, minus the suite the
    // version probe already saw chosen; no order test, since the server's order differs from ours.
    const cost = (version: 'TLSv1.0' | 'TLSv1.1' | 'TLSv1.2', n: number) => n + suiteChunks(version, 127).length - 1;
    expect(result.stats.handshakes).toBe(cost('TLSv1.2', 6) + cost('TLSv1.1', 3) + cost('TLSv1.0', 3));
  });

  it('merges the server order across many small candidate groups', async () => {
    const server = await tlsServer({
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.2',
      ciphers: LIST,
      honorCipherOrder: true,
      dhparam: files.dh.ffdhe2048,
    });
    const session = new TlsProbeSession(server.open, { maxSuitesPerHello: 16 });
    const result = await probeCipherSuites(session, ['TLSv1.2']);
    const v12 = result.versions[0]!;
    expect(v12).toMatchObject({ preference: 'server', complete: true });
    expect(v12.suites.map((s) => s.code)).toEqual(opensslCipherCodes(LIST, ['-s', '-tls1_2']).map((c) => c.code));
    // The six suites sit in several groups of 16 candidates.
    expect(new Set(v12.suites.map((s) => suiteChunks('TLSv1.2', 16).findIndex((g) => g.includes(s.code)))).size).toBeGreaterThan(1);
  });

  it('client preference is recognised and the set is still complete', async () => {
    const server = await tlsServer({
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.2',
      ciphers: LIST,
      honorCipherOrder: false,
      dhparam: files.dh.ffdhe2048,
    });
    const p = await profile(server);
    const v12 = ciphersOf(p, 'TLSv1.2')!;
    expect(v12.preference).toBe('client');
    expect(new Set(v12.suites.map((s) => s.code))).toEqual(new Set(opensslCipherCodes(LIST, ['-s', '-tls1_2']).map((c) => c.code)));
  });

  it('TLS 1.3 suites and their server order', async () => {
    const server = await tlsServer({
      minVersion: 'TLSv1.3',
      ciphers: 'TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256',
      honorCipherOrder: true,
    });
    const p = await profile(server);
    expect(ciphersOf(p, 'TLSv1.3')).toMatchObject({
      preference: 'server',
      complete: true,
      suites: [
        { code: 0x1303, name: 'TLS_CHACHA20_POLY1305_SHA256', class: 'good' },
        { code: 0x1301, name: 'TLS_AES_128_GCM_SHA256', class: 'sufficient' },
      ],
    });
  });

  it('a single suite has nothing to order', async () => {
    const server = await tlsServer({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES256-GCM-SHA384' });
    const p = await profile(server);
    expect(ciphersOf(p, 'TLSv1.2')).toMatchObject({ preference: 'single', suites: [{ code: 0xc030, class: 'sufficient' }] });
  });

  it('agrees with openssl s_client, suite by suite, on a legacy server (TLS 1.0 and 1.2)', async () => {
    const server = await tlsServer({
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.2',
      ciphers: 'ALL:@SECLEVEL=0',
      dhparam: files.dh.custom1024,
      honorCipherOrder: true,
    });
    const p = await profile(server);
    for (const [version, flag] of [
      ['TLSv1.2', '-tls1_2'],
      ['TLSv1.0', '-tls1'],
    ] as const) {
      const known = opensslCipherCodes('ALL:COMPLEMENTOFALL:@SECLEVEL=0', ['-s', flag]);
      const accepted: number[] = [];
      for (const c of known)
        if ((await opensslHandshake(server.port, [flag, '-cipher', `${c.name}:@SECLEVEL=0`])).ok) accepted.push(c.code);
      const ours = ciphersOf(p, version)!.suites.map((s) => s.code);
      expect(accepted.length).toBeGreaterThan(10);
      expect(new Set(ours), version).toEqual(new Set(accepted));
      // The first suite in our server order is the one OpenSSL's default client gets.
      const first = (await opensslHandshake(server.port, [flag, '-cipher', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'])).cipher;
      expect(names([{ code: ours[0]! }])[0]).toBe(first);
    }
  });
});

describe('key exchange', () => {
  it('groups in TLS 1.3 (HelloRetryRequest) and 1.2 (ServerKeyExchange), checked with openssl -groups', async () => {
    const server = await tlsServer({ minVersion: 'TLSv1.2', ecdhCurve: 'P-384:X25519:ffdhe3072', honorCipherOrder: true });
    const p = await profile(server);
    const [g13, g12] = p.keyExchange.groups;
    expect(g13).toMatchObject({ version: 'TLSv1.3', method: 'hello_retry_request', complete: true });
    expect(g13!.groups.map((g) => g.name)).toEqual(['secp384r1', 'x25519', 'ffdhe3072']);
    expect(g13!.groups.map((g) => g.class)).toEqual(['sufficient', 'sufficient', 'phase_out']);
    expect(g12).toMatchObject({ version: 'TLSv1.2', method: 'server_key_exchange', complete: true });
    expect(g12!.groups.map((g) => g.name)).toEqual(['secp384r1', 'x25519']);
    for (const [name, code] of [
      ['X25519', 0x001d],
      ['P-256', 0x0017],
      ['P-384', 0x0018],
      ['P-521', 0x0019],
      ['X448', 0x001e],
      ['ffdhe2048', 0x0100],
      ['ffdhe3072', 0x0101],
    ] as const) {
      const ok = (await opensslHandshake(server.port, ['-tls1_3', '-groups', name])).ok;
      expect(
        g13!.groups.some((g) => g.code === code),
        name,
      ).toBe(ok);
    }
  });

  it.each([
    ['ffdhe2048', 2048, 'ffdhe2048', 'insufficient'],
    ['ffdhe3072', 3072, 'ffdhe3072', 'phase_out'],
    ['custom1024', 1024, undefined, 'insufficient'],
  ] as const)('DH parameters %s: size, RFC 7919 group and class', async (name, bits, group, cls) => {
    const server = await tlsServer({
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.2',
      ciphers: 'DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0',
      dhparam: files.dh[name],
    });
    const p = await profile(server);
    expect(p.keyExchange.dh).toEqual({ version: 'TLSv1.2', suite: 0x009e, bits, generator: 2, ...(group ? { group } : {}), class: cls });
    const out = (await opensslHandshake(server.port, ['-tls1_2', '-cipher', 'DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0'])).output;
    expect(out).toContain(`Server Temp Key: DH, ${bits} bits`);
  });

  it.each([
    ['SECLEVEL=0 accepts SHA-1', `${LEGACY}`, true],
    ['the default level refuses SHA-1', 'DEFAULT', false],
  ] as const)('signature hash over the key exchange: %s (NCSC 3.3.5), as openssl -sigalgs says', async (_, ciphers, sha1) => {
    const server = await tlsServer({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers });
    const p = await profile(server);
    const sig = p.keyExchange.signature!;
    expect(sig.version).toBe('TLSv1.2');
    expect(sig.scheme?.hash).toMatch(/^SHA-(256|384|512)$/);
    expect(sig.sha1Accepted).toBe(sha1);
    const s1 = (await opensslHandshake(server.port, ['-tls1_2', '-sigalgs', 'RSA+SHA1', '-cipher', `${LEGACY}`])).ok;
    expect(s1).toBe(sha1);
    if (!sha1) {
      const s224 = (await opensslHandshake(server.port, ['-tls1_2', '-sigalgs', 'RSA+SHA224', '-cipher', `${LEGACY}`])).ok;
      expect(sig.sha224Accepted).toBe(s224);
      expect(sig.class).toBe(s224 ? 'phase_out' : 'good');
    } else {
      expect(sig.class).toBe('insufficient');
    }
  });

  it('an ECDSA server: its certificate curve must stay on offer in TLS 1.2, so the list may be incomplete there, never in 1.3', async () => {
    const server = await startTlsServer({
      key: files.ecKey,
      cert: files.ecCert,
      minVersion: 'TLSv1.2',
      ecdhCurve: 'X25519:P-256:P-384',
      honorCipherOrder: true,
    });
    servers.push(server);
    const p = await profile(server);
    const [g13, g12] = p.keyExchange.groups;
    expect(g13!.groups.map((g) => g.name)).toEqual(['x25519', 'secp256r1', 'secp384r1']);
    expect(g12).toMatchObject({ complete: false, note: 'certificate_curve_preferred' });
    expect(g12!.groups.map((g) => g.name)).toEqual(['x25519', 'secp256r1']);
    expect(p.keyExchange.signature?.scheme?.name).toBe('ecdsa_secp256r1_sha256');
    expect(ciphersOf(p, 'TLSv1.2')!.suites.every((s) => suiteByCode(s.code)?.auth === 'ECDSA')).toBe(true);
  });

  it('TLS 1.0 only: the signature hash is fixed by the protocol (MD5+SHA-1 for RSA)', async () => {
    const server = await tlsServer({ minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: LEGACY });
    const p = await profile(server);
    expect(p.keyExchange.signature).toMatchObject({ version: 'TLSv1.0', legacyHash: 'md5_sha1', class: 'insufficient' });
    expect(p.keyExchange.groups.map((g) => g.version)).toEqual(['TLSv1.0']);
  });
});

describe('extras (compression, secure renegotiation, extended master secret)', () => {
  it('an OpenSSL server: no compression, RFC 5746 and RFC 7627 supported', async () => {
    const server = await tlsServer({ minVersion: 'TLSv1.2' });
    const p = await profile(server);
    expect(p.extras).toMatchObject({
      version: 'TLSv1.2',
      compression: false,
      secureRenegotiation: true,
      extendedMasterSecret: true,
      classes: { compression: 'good', secureRenegotiation: 'good', extendedMasterSecret: 'good' },
    });
  });

  it('a TLS 1.3-only server has none of these questions', async () => {
    const server = await tlsServer({ minVersion: 'TLSv1.3' });
    const p = await profile(server);
    expect(p.extras).toMatchObject({ notApplicable: 'only_tls13' });
    expect(p.extras.stats.handshakes).toBe(0);
  });

  it('a server that accepts DEFLATE and knows neither extension', async () => {
    const hellos: ParsedClientHello[] = [];
    const server = await startRawServer((socket, hello) => {
      if (!hello) return void socket.destroy();
      hellos.push(hello);
      if (hello.clientVersion !== 0x0303 || !hello.suites.includes(0xc02f)) return void socket.end(alertRecord(40));
      const compression = hello.compression.includes(1) ? 1 : 0;
      socket.write(
        record(
          22,
          0x0303,
          Buffer.concat([
            handshakeMessage(2, serverHelloBody({ version: 0x0303, suite: 0xc02f, compression })),
            handshakeMessage(14, Buffer.alloc(0)),
          ]),
        ),
      );
    });
    servers.push(server);
    const session = new TlsProbeSession(server.open);
    const versions = await probeVersions(session, ['TLSv1.2']);
    const extras = await probeExtras(session, versions);
    expect(extras).toMatchObject({
      version: 'TLSv1.2',
      compression: true,
      secureRenegotiation: false,
      extendedMasterSecret: false,
      classes: { compression: 'insufficient', secureRenegotiation: 'insufficient', extendedMasterSecret: 'insufficient' },
    });
    expect(hellos.at(-1)!.compression).toEqual([1, 0]);
  });
});

/**
 * An SSL 3.0-only server by hand (OpenSSL 3 cannot speak SSL 3.0): answers every hello with an
 * SSL 3.0 ServerHello (RFC 6101 §5.6.1.3: the server picks the lower version), choosing from
 * `suites` by its own order, and confirms secure renegotiation when the SCSV comes (RFC 5746 §3.6).
 */
async function sslv3Server(suites: number[], hellos: ParsedClientHello[] = []): Promise<LabServer> {
  const server = await startRawServer((socket, hello) => {
    if (!hello) return void socket.destroy();
    hellos.push(hello);
    const chosen = suites.find((s) => hello.suites.includes(s));
    if (chosen === undefined) return void socket.end(alertRecord(40, 0x0300));
    const extensions = hello.suites.includes(0x00ff) ? [{ type: 0xff01, data: Buffer.from([0]) }] : undefined;
    const body = Buffer.concat([
      handshakeMessage(2, serverHelloBody({ version: 0x0300, suite: chosen, ...(extensions ? { extensions } : {}) })),
      handshakeMessage(14, Buffer.alloc(0)),
    ]);
    socket.write(record(22, 0x0300, body));
  });
  servers.push(server);
  return server;
}

describe('SSL 3.0 (raw server)', () => {
  it('is detected, with its suites in server order, from hellos without extensions', async () => {
    const hellos: ParsedClientHello[] = [];
    const server = await sslv3Server([0x0005, 0x000a, 0x0004], hellos);
    const p = await profile(server);
    expect(p.versions.supported).toEqual(['SSLv3']);
    const v3 = p.versions.probes.find((v) => v.version === 'SSLv3')!;
    expect(v3).toMatchObject({ state: 'supported', class: 'insufficient' });
    expect(p.versions.probes.find((v) => v.version === 'TLSv1.2')).toMatchObject({
      state: 'not_supported',
      evidence: { outcome: 'server_hello', version: 'SSLv3' },
    });
    expect(ciphersOf(p, 'SSLv3')).toMatchObject({
      preference: 'server',
      complete: true,
      suites: [
        { code: 0x0005, name: 'TLS_RSA_WITH_RC4_128_SHA', openssl: 'RC4-SHA', class: 'insufficient' },
        { code: 0x000a, openssl: 'DES-CBC3-SHA' },
        { code: 0x0004, openssl: 'RC4-MD5' },
      ],
    });
    expect(p.extras).toMatchObject({ version: 'SSLv3', compression: false, secureRenegotiation: true });
    const v3Hellos = hellos.filter((h) => h.clientVersion === 0x0300);
    expect(v3Hellos.length).toBeGreaterThan(0);
    for (const h of v3Hellos) {
      expect(h.extensions).toEqual([]);
      expect(h.recordVersion).toBe(0x0300);
    }
    expect(p.stats.connections).toBe(server.accepted);
  });
});

describe('hostile and broken servers end with typed results, quickly', () => {
  const fast = { handshakeTimeoutMs: 200, openTimeoutMs: 1000 };

  it.each<[string, (socket: net.Socket) => void, string, string]>([
    ['resets', (s) => s.once('data', () => s.resetAndDestroy()), 'not_supported', 'reset'],
    ['stalls after accepting', (s) => s.resume(), 'unknown', 'timeout'],
    ['answers garbage', (s) => s.once('data', () => s.write(Buffer.from('deadbeefdeadbeef', 'hex'))), 'unknown', 'malformed'],
    ['answers with an endless record', (s) => s.once('data', () => s.write(Buffer.from('1603034000', 'hex'))), 'unknown', 'timeout'],
    ['always alerts', (s) => s.once('data', () => s.end(alertRecord(40))), 'not_supported', 'alert'],
    [
      'sends a truncated ServerHello',
      (s) =>
        s.once('data', () =>
          s.end(record(22, 0x0303, handshakeMessage(2, serverHelloBody({ version: 0x0303, suite: 0xc02f }))).subarray(0, 30)),
        ),
      'unknown',
      'malformed',
    ],
    ['speaks SMTP instead of TLS', (s) => s.once('data', () => s.end('554 5.7.0 go away\r\n')), 'unknown', 'malformed'],
  ])('a server that %s', async (_, behaviour, state, outcome) => {
    const server = await startTcpServer(behaviour);
    servers.push(server);
    const started = Date.now();
    const p = await profile(server, fast);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(p.versions.supported).toEqual([]);
    for (const v of p.versions.probes) {
      expect(v.state, v.version).toBe(state);
      expect(v.evidence.outcome).toBe(outcome);
    }
    expect(p.ciphers.versions).toEqual([]);
    expect(p.keyExchange.groups).toEqual([]);
    expect(p.extras.notApplicable).toBe('no_tls');
    // One hello per version when the answer leaves the question open; one per candidate group on refusals.
    expect(p.stats.handshakes).toBe(state === 'unknown' ? 5 : 1 + 3 + 2 + 2 + 1);
    expect(p.stats.connections).toBe(server.accepted);
  });

  it('stops at the first failed open and reports why (refused connection)', async () => {
    const probe = await startTcpServer(() => {});
    const port = probe.port;
    await probe.close();
    const open: TlsStreamOpener = () =>
      new Promise((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1', () => resolve(s));
        s.once('error', reject);
      });
    const p = await probeTlsProfile(open, fast);
    expect(p.versions.interrupted).toMatchObject({ reason: 'open_failed', error: { code: 'ECONNREFUSED' } });
    expect(p.stats).toMatchObject({ connections: 0, openFailures: 1, handshakes: 0 });
    expect(p.versions.probes).toHaveLength(5);
    expect(p.versions.probes.every((v) => v.state === 'unknown' && v.evidence.outcome === 'open_failed')).toBe(true);
  });

  it('gives up on an open that never completes, and aborts it', async () => {
    let signalSeen: AbortSignal | undefined;
    const open: TlsStreamOpener = (signal) => {
      signalSeen = signal;
      return new Promise(() => {});
    };
    const p = await probeTlsProfile(open, { ...fast, openTimeoutMs: 150 });
    expect(p.versions.interrupted?.error.code).toBe('timeout');
    expect(signalSeen?.aborted).toBe(true);
    expect(p.stats.openFailures).toBe(1);
  });

  it('keeps what it learned when opening starts failing midway (e.g. a 421 during STARTTLS)', async () => {
    const server = await tlsServer({ minVersion: 'TLSv1.2' });
    let opens = 0;
    const open: TlsStreamOpener = async (signal) => {
      if (++opens > 3) throw Object.assign(new Error('421 4.7.0 too many connections'), { kind: 'smtp_421' });
      return server.open(signal);
    };
    const p = await probeTlsProfile(open, fast);
    expect(p.versions.probes.find((v) => v.version === 'TLSv1.3')?.state).toBe('supported');
    expect(p.versions.probes.find((v) => v.version === 'TLSv1.2')?.state).toBe('supported');
    expect(p.versions.interrupted).toEqual({
      reason: 'open_failed',
      error: { name: 'Error', message: '421 4.7.0 too many connections', code: 'smtp_421' },
    });
    expect(p.ciphers.interrupted?.error.code).toBe('smtp_421');
    expect(p.stats.openFailures).toBe(1);
    expect(opens).toBe(4);
  });

  it('cancellation rejects promptly and closes every socket', async () => {
    // Reads (so it notices our close) but never answers.
    const server = await startTcpServer((s) => s.resume());
    servers.push(server);
    const controller = new AbortController();
    const probing = probeTlsProfile(server.open, { handshakeTimeoutMs: 30_000, signal: controller.signal });
    probing.catch(() => {});
    // Cancel while a handshake is waiting on the server.
    await vi.waitFor(() => expect(server.openNow).toBeGreaterThan(0));
    const started = Date.now();
    controller.abort(new Error('cancelled by the user'));
    await expect(probing).rejects.toThrow('cancelled by the user');
    expect(Date.now() - started).toBeLessThan(2000);
    await vi.waitFor(() => expect(server.openNow).toBe(0), { timeout: 1000, interval: 20 });
  });
});

/** A TLS 1.3 ServerHello (RFC 8446 §4.1.3) with a dummy key share: enough for a prober, which stops there. */
function tls13ServerHello(suite: number, group: number): Buffer {
  const share = Buffer.alloc(4 + 32, 7);
  share.writeUInt16BE(group, 0);
  share.writeUInt16BE(32, 2);
  return record(
    22,
    0x0303,
    handshakeMessage(
      2,
      serverHelloBody({
        version: 0x0303,
        suite,
        extensions: [
          { type: 43, data: Buffer.from([3, 4]) },
          { type: 51, data: share },
        ],
      }),
    ),
  );
}

describe('unusual servers', () => {
  it('a TLS 1.3 server that refuses an empty key_share is asked group by group with real shares', async () => {
    const accepted = [0x0018, 0x001d]; // secp384r1, x25519
    const server = await startRawServer((socket, hello) => {
      if (!hello?.supportedVersions?.includes(0x0304)) return void socket.end(alertRecord(70));
      const shares = hello.keyShares ?? [];
      if (shares.length === 0) return void socket.end(alertRecord(47)); // illegal_parameter
      const share = shares.find((k) => accepted.includes(k.group));
      if (!share) return void socket.end(alertRecord(40));
      socket.write(tls13ServerHello(hello.suites[0]!, share.group));
    });
    servers.push(server);
    const session = new TlsProbeSession(server.open);
    const versions = await probeVersions(session, ['TLSv1.3']);
    expect(versions.supported).toEqual(['TLSv1.3']);
    const kx = await probeKeyExchange(session, versions);
    expect(kx.groups).toHaveLength(1);
    expect(kx.groups[0]).toMatchObject({ version: 'TLSv1.3', method: 'key_share', note: 'empty_key_share_refused', complete: false });
    expect(kx.groups[0]!.groups.map((g) => g.name).sort()).toEqual(['secp384r1', 'x25519']);
  });

  it('a server that accepts whatever is offered cannot make the prober loop on (handshake budget)', async () => {
    const server = await startRawServer((socket, hello) => {
      if (!hello) return void socket.destroy();
      if (hello.supportedVersions?.includes(0x0304))
        return void socket.write(tls13ServerHello(hello.suites[0]!, hello.keyShares?.[0]?.group ?? 0x001d));
      socket.write(
        record(
          22,
          hello.clientVersion,
          Buffer.concat([
            handshakeMessage(2, serverHelloBody({ version: hello.clientVersion, suite: hello.suites[0]!, extensions: [] })),
            handshakeMessage(14, Buffer.alloc(0)),
          ]),
        ),
      );
    });
    servers.push(server);
    const p = await profile(server, { maxHandshakes: 40 });
    expect(p.stats.handshakes).toBe(40);
    expect(p.stats.connections).toBe(server.accepted);
    expect(p.ciphers.interrupted).toMatchObject({ reason: 'budget_exhausted', error: { code: 'handshake_budget' } });
    expect(p.versions.supported).toEqual(['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
  });
});

describe('politeness and reuse', () => {
  it('maxConcurrent bounds the connections open at once and gives the same answers', async () => {
    const options: tls.TlsOptions = { minVersion: 'TLSv1', ciphers: LEGACY, honorCipherOrder: true, dhparam: files.dh.ffdhe2048 };
    const one = await tlsServer(options);
    const three = await tlsServer(options);
    // Counted on our side: from the call of open until the prober destroys the stream.
    const counting = (server: LabServer) => {
      const seen = { active: 0, peak: 0 };
      const open: TlsStreamOpener = async (signal) => {
        seen.active++;
        seen.peak = Math.max(seen.peak, seen.active);
        const socket = await server.open(signal);
        const destroy = socket.destroy.bind(socket);
        socket.destroy = (error?: Error) => {
          if (!socket.destroyed) seen.active--;
          return destroy(error);
        };
        return socket;
      };
      return { open, seen };
    };
    const c1 = counting(one);
    const c3 = counting(three);
    const a = await probeTlsProfile(c1.open, { serverName: 'mx.lab.test' });
    const b = await probeTlsProfile(c3.open, { serverName: 'mx.lab.test', maxConcurrent: 3 });
    expect(c1.seen.peak).toBe(1);
    expect(c3.seen.peak).toBe(3);
    expect(b.versions.supported).toEqual(a.versions.supported);
    expect(b.ciphers.versions).toEqual(a.ciphers.versions);
    expect(b.keyExchange.groups).toEqual(a.keyExchange.groups);
    expect(b.stats.connections).toBe(three.accepted);
  });

  it('the cipher step reuses the choice each version probe saw (one handshake less per version)', async () => {
    const server = await tlsServer({ minVersion: 'TLSv1.2', honorCipherOrder: true });
    const session = new TlsProbeSession(server.open);
    const versions = await probeVersions(session);
    const seeded = await probeCipherSuites(session, versions);
    const plain = await probeCipherSuites(session, versions.supported);
    expect(seeded.versions).toEqual(plain.versions);
    expect(plain.stats.handshakes - seeded.stats.handshakes).toBe(versions.supported.length);
  });

  it('each step runs on its own and the whole profile is plain JSON', async () => {
    const server = await tlsServer({ minVersion: 'TLSv1.2' });
    const session = new TlsProbeSession(server.open);
    const versions = await probeVersions(session);
    const kx = await probeKeyExchange(session, versions);
    expect(kx.groups.length).toBe(2);
    const p = await profile(server);
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
    expect(p.classification).toBe('NCSC-NL 2025-05');
    expect(p.stats.handshakes).toBe(
      p.versions.stats.handshakes + p.ciphers.stats.handshakes + p.keyExchange.stats.handshakes + p.extras.stats.handshakes,
    );
  });
});

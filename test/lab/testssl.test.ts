/**
 * testssl.sh as the interop reference (issue 4 points 7 and 8): its parsed verdicts must equal
 * what real servers were configured with — Node's `tls.createServer` (implicit TLS) and private
 * Postfix instances (STARTTLS, RFC 3207). The expected suites come from `openssl ciphers -V` on the
 * configured cipher strings, not from testssl.sh, so the comparison can fail either way.
 *
 * Slow by nature (testssl.sh makes tens to hundreds of handshakes per server): the four scans run
 * two at a time in one beforeAll; the tests below only read their results.
 */
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dhParamsPem, opensslCiphers, selfSignedCertificate, type OpensslSuite, type SelfSigned } from './openssl-peer';
import { postfixProfiles, startPostfix } from './postfix';
import {
  countingProxy,
  parseCipherFinding,
  parseCipherOrderFinding,
  parseProtocolFinding,
  parseTestsslFindings,
  runTestssl,
  TESTSSL_PROTOCOLS,
  type TestsslProtocol,
  type TestsslResult,
} from './testssl';

// --- parsing, on lines testssl.sh 3.0.8 wrote ---

describe('testssl.sh JSON parsing', () => {
  it.each([
    [
      'TLS 1.2   xc030   ECDHE-RSA-AES256-GCM-SHA384       ECDH 253   AESGCM      256      TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
      {
        code: 0xc030,
        hex: 'c030',
        openssl: 'ECDHE-RSA-AES256-GCM-SHA384',
        keyExchange: 'ECDH 253',
        encryption: 'AESGCM',
        bits: '256',
        iana: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
      },
    ],
    [
      'TLS 1   x2f     AES128-SHA                        RSA        AES         128      TLS_RSA_WITH_AES_128_CBC_SHA ',
      {
        code: 0x2f,
        hex: '002f',
        openssl: 'AES128-SHA',
        keyExchange: 'RSA',
        encryption: 'AES',
        bits: '128',
        iana: 'TLS_RSA_WITH_AES_128_CBC_SHA',
      },
    ],
    [
      'TLS 1.3   x1301   TLS_AES_128_GCM_SHA256            ECDH 253   AESGCM      128      TLS_AES_128_GCM_SHA256',
      {
        code: 0x1301,
        hex: '1301',
        openssl: 'TLS_AES_128_GCM_SHA256',
        keyExchange: 'ECDH 253',
        encryption: 'AESGCM',
        bits: '128',
        iana: 'TLS_AES_128_GCM_SHA256',
      },
    ],
    [
      'TLS 1.1   x33     DHE-RSA-AES128-SHA                DH 1024    AES         128      TLS_DHE_RSA_WITH_AES_128_CBC_SHA',
      {
        code: 0x33,
        hex: '0033',
        openssl: 'DHE-RSA-AES128-SHA',
        keyExchange: 'DH 1024',
        encryption: 'AES',
        bits: '128',
        iana: 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA',
      },
    ],
  ])('cipher line %#', (line, expected) => {
    expect(parseCipherFinding(line)).toEqual(expected);
  });

  it('refuses a cipher line it cannot read', () => {
    expect(() => parseCipherFinding('TLS 1.2   something else')).toThrow(/unparsed/);
  });

  it.each([
    ['offered', true],
    ['offered (deprecated)', true],
    ['offered with final', true],
    ['not offered', false],
    ['likely not offered', false],
    ['not offered and downgraded to a weaker protocol', false],
    ['offered, no cipher', undefined],
    ['received 4xx/5xx after STARTTLS handshake', undefined],
    ['not tested due to lack of local support', undefined],
  ])('protocol finding %j', (finding, expected) => {
    expect(parseProtocolFinding(finding)).toBe(expected);
  });

  it.each([
    ['NOT a cipher order configured', { belowTls13: false, tls13: false }],
    ['server', { belowTls13: true, tls13: true }],
    ['server -- TLS 1.3 client determined', { belowTls13: true, tls13: false }],
    ['server -- < TLS 1.3 client determined', { belowTls13: false, tls13: true }],
    ['server (TLS 1.3)', { tls13: true }],
    ['not a cipher order for TLS 1.3 configured', { tls13: false }],
  ])('cipher order finding %j', (finding, expected) => {
    expect(parseCipherOrderFinding(finding)).toEqual(expected);
  });

  it('puts -E suites in the -P server order and reports disagreements', () => {
    const base = { ip: '127.0.0.1/127.0.0.1', port: '25', severity: 'INFO' };
    const protocol = (id: string, finding: string) => ({ ...base, id, finding });
    const parsed = parseTestsslFindings([
      protocol('SSLv2', 'not offered'),
      protocol('SSLv3', 'not offered'),
      protocol('TLS1', 'not offered'),
      protocol('TLS1_1', 'not offered'),
      protocol('TLS1_2', 'offered'),
      protocol('TLS1_3', 'not offered and downgraded to a weaker protocol'),
      protocol('cipher_order', 'server'),
      protocol(
        'cipher-tls1_2_xc030',
        'TLS 1.2   xc030   ECDHE-RSA-AES256-GCM-SHA384       ECDH 253   AESGCM      256      TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
      ),
      protocol(
        'cipher-tls1_2_xc02f',
        'TLS 1.2   xc02f   ECDHE-RSA-AES128-GCM-SHA256       ECDH 253   AESGCM      128      TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
      ),
      protocol('cipherorder_TLSv1_2', 'ECDHE-RSA-AES128-GCM-SHA256 ECDHE-RSA-AES256-GCM-SHA384 AES128-SHA '),
    ]);
    expect(parsed.protocols).toEqual({ SSLv3: false, TLS1: false, TLS1_1: false, TLS1_2: true, TLS1_3: false });
    expect(parsed.ciphers.TLS1_2.map((c) => c.hex)).toEqual(['c02f', 'c030', '002f']);
    expect(parsed.serverOrderBy).toEqual({ belowTls13: true }); // TLS 1.3 not offered: no verdict for it
    expect(parsed.inconsistencies).toEqual(['TLS1_2: AES128-SHA is in the server order but not among the -E suites']);
  });

  it('throws when a version has no yes/no answer', () => {
    expect(() => parseTestsslFindings([{ id: 'TLS1_2', severity: 'WARN', finding: 'received 4xx/5xx after STARTTLS handshake' }])).toThrow(
      /no yes\/no answer/,
    );
  });
});

// --- the counting proxy ---

describe('countingProxy', () => {
  it('relays bytes both ways and counts accepted connections', async () => {
    const echo = net.createServer((s) => s.pipe(s));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const proxy = await countingProxy('127.0.0.1', (echo.address() as net.AddressInfo).port);
    try {
      const roundTrip = (text: string) =>
        new Promise<string>((resolve, reject) => {
          const s = net.connect({ host: proxy.host, port: proxy.port }, () => s.write(text));
          s.on('error', reject);
          s.on('data', (d) => {
            s.end();
            resolve(d.toString());
          });
        });
      expect(await roundTrip('one')).toBe('one');
      expect(await roundTrip('two')).toBe('two');
      expect(await roundTrip('three')).toBe('three');
      expect(proxy.connections).toBe(3);
      proxy.reset();
      expect(proxy.connections).toBe(0);
    } finally {
      await proxy.close();
      await new Promise((r) => echo.close(r));
    }
  });
});

// --- real scans ---

/**
 * What a server with an RSA certificate offers per version from an OpenSSL suite list, in the
 * list's order (server preference): TLS 1.3 suites for TLS 1.3; RSA-authenticated suites whose
 * minimum version allows it for the others (RFC 5246 §1.2: GCM/SHA-256 suites are TLS 1.2 only).
 */
function expectedOffer(suites: OpensslSuite[], versions: TestsslProtocol[]): Record<TestsslProtocol, number[]> {
  const forVersion = (p: TestsslProtocol) => {
    if (!versions.includes(p)) return [];
    if (p === 'TLS1_3') return suites.filter((s) => s.minVersion === 'TLSv1.3');
    const rsa = suites.filter((s) => s.minVersion !== 'TLSv1.3' && s.au === 'RSA');
    return p === 'TLS1_2' ? rsa : rsa.filter((s) => s.minVersion === 'SSLv3' || s.minVersion === 'TLSv1');
  };
  return Object.fromEntries(TESTSSL_PROTOCOLS.map((p) => [p, forVersion(p).map((s) => s.code)])) as Record<TestsslProtocol, number[]>;
}

const offeredVersions = (r: TestsslResult) => TESTSSL_PROTOCOLS.filter((p) => r.protocols[p]);
const codes = (r: TestsslResult): Record<string, number[]> =>
  Object.fromEntries(TESTSSL_PROTOCOLS.map((p) => [p, r.ciphers[p].map((c) => c.code)]));

interface Case {
  name: string;
  /** false: the client's order wins, so only the set of suites is comparable */
  serverOrder?: false;
  versions: TestsslProtocol[];
  cipherString: string;
  tls13?: string;
  /** key exchange column expected for DHE suites */
  dhe?: string;
  /** ECDHE curves configured (OpenSSL names), scanned with `forwardSecrecy` */
  curves?: string[];
  start(cert: SelfSigned): Promise<{ host: string; port: number; stop(): Promise<void> }>;
  scan(server: { host: string; port: number }): Promise<TestsslResult>;
}

function nodeTlsServer(options: tls.TlsOptions, host = '127.0.0.1'): Promise<{ host: string; port: number; stop(): Promise<void> }> {
  // Implicit TLS: complete the handshake, then hang up (testssl.sh only needs handshakes).
  const server = tls.createServer(options, (socket) => {
    socket.on('error', () => {});
    socket.end();
  });
  server.on('tlsClientError', () => {}); // refused versions and suites are the point of the scan
  // close() waits for open connections; a scanner may leave some half-open
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const stop = () =>
    new Promise<void>((r) => {
      server.close(() => r());
      for (const s of sockets) s.destroy();
    });
  return new Promise((resolve) => {
    server.listen(0, host, () => resolve({ host, port: (server.address() as net.AddressInfo).port, stop }));
  });
}

const NODE_MODERN_CIPHERS = 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305';
const NODE_MODERN_TLS13 = 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256';
const NODE_LEGACY_CIPHERS = 'AES128-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA:AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0';
const POSTFIX_MODERN_TLS13 = 'TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384';
const OPENSSL_DEFAULT_TLS13 = 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256';

const cases: Case[] = [
  {
    name: 'Node modern (implicit TLS 1.2–1.3, ECDHE AEAD, server order)',
    versions: ['TLS1_2', 'TLS1_3'],
    cipherString: NODE_MODERN_CIPHERS,
    tls13: NODE_MODERN_TLS13,
    start: (cert) =>
      nodeTlsServer({
        key: cert.keyPem,
        cert: cert.certPem,
        minVersion: 'TLSv1.2',
        maxVersion: 'TLSv1.3',
        ciphers: `${NODE_MODERN_TLS13}:${NODE_MODERN_CIPHERS}`,
        honorCipherOrder: true,
      }),
    scan: (s) => runTestssl({ host: s.host, port: s.port }),
  },
  {
    name: 'Node legacy (implicit TLS 1.0–1.2, CBC, static RSA, 1024-bit DHE, server order)',
    versions: ['TLS1', 'TLS1_1', 'TLS1_2'],
    cipherString: NODE_LEGACY_CIPHERS,
    dhe: 'DH 1024',
    start: (cert) =>
      nodeTlsServer({
        key: cert.keyPem,
        cert: cert.certPem,
        minVersion: 'TLSv1',
        maxVersion: 'TLSv1.2',
        ciphers: NODE_LEGACY_CIPHERS,
        honorCipherOrder: true,
        dhparam: dhParamsPem('modp2'),
      }),
    scan: (s) => runTestssl({ host: s.host, port: s.port }),
  },
  {
    name: 'Node TLS 1.3 only on ::1 (client order)',
    serverOrder: false,
    versions: ['TLS1_3'],
    cipherString: 'DEFAULT',
    tls13: OPENSSL_DEFAULT_TLS13,
    start: (cert) => nodeTlsServer({ key: cert.keyPem, cert: cert.certPem, minVersion: 'TLSv1.3', honorCipherOrder: false }, '::1'),
    scan: (s) => runTestssl({ host: s.host, port: s.port }),
  },
  {
    name: 'Postfix modern (STARTTLS, TLS 1.2–1.3, ECDHE AEAD, two curves; by host name with --ip, with -f)',
    versions: ['TLS1_2', 'TLS1_3'],
    cipherString: postfixProfiles.modern.cipherList,
    tls13: POSTFIX_MODERN_TLS13,
    curves: ['X25519', 'prime256v1'],
    start: (cert) =>
      startPostfix({
        ...postfixProfiles.modern,
        hostname: 'mx.modern.lab.test',
        ...cert,
        tls13Ciphersuites: POSTFIX_MODERN_TLS13,
        curves: 'X25519 prime256v1',
      }),
    scan: (s) => runTestssl({ host: 'mx.modern.lab.test', ip: s.host, port: s.port, starttls: 'smtp', forwardSecrecy: true }),
  },
  {
    name: 'Postfix legacy (STARTTLS, TLS 1.0–1.3, CBC, static RSA, 1024-bit DHE)',
    versions: ['TLS1', 'TLS1_1', 'TLS1_2', 'TLS1_3'],
    cipherString: postfixProfiles.legacy.cipherList,
    tls13: OPENSSL_DEFAULT_TLS13,
    dhe: 'DH 1024',
    start: (cert) =>
      startPostfix({
        ...postfixProfiles.legacy,
        host: '127.0.0.2',
        hostname: 'mx.legacy.lab.test',
        ...cert,
        dhParamsPem: dhParamsPem('modp2'),
      }),
    scan: (s) => runTestssl({ host: s.host, port: s.port, starttls: 'smtp' }),
  },
];

const results = new Map<string, TestsslResult | Error>();
const servers: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  const cert = await selfSignedCertificate({ commonName: 'mx.lab.test' });
  const started = await Promise.all(
    cases.map(async (c) => {
      const server = await c.start(cert);
      servers.push(server);
      return server;
    }),
  );
  // Two scans at a time: testssl.sh is CPU-bound bash and CI has two cores.
  const queue = cases.map((c, i) => ({ c, server: started[i]! }));
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const { c, server } = job;
      results.set(c.name, await c.scan(server).catch((e: Error) => e));
    }
  };
  await Promise.all([worker(), worker()]);
}, 900_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

describe.each(cases)('testssl.sh against $name', (c) => {
  const result = () => {
    const r = results.get(c.name);
    if (r instanceof Error) throw r;
    if (!r) throw new Error('no scan result');
    return r;
  };

  it('finds exactly the configured protocol versions', () => {
    expect(offeredVersions(result())).toEqual(c.versions);
    expect(result().sslv2).toBe(false);
  });

  it('finds exactly the configured suites per version, in the server order', async () => {
    const r = result();
    const expected = expectedOffer(await opensslCiphers(c.cipherString, c.tls13), c.versions);
    expect(r.inconsistencies).toEqual([]);
    if (c.serverOrder === false) {
      const sorted = (byVersion: Record<string, number[]>) =>
        Object.fromEntries(Object.entries(byVersion).map(([p, list]) => [p, [...list].sort((a, b) => a - b)]));
      expect(sorted(codes(r))).toEqual(sorted(expected));
      expect(r.cipherOrder).toEqual({});
      return;
    }
    expect(codes(r)).toEqual(expected);
    for (const p of offeredVersions(r)) expect(r.cipherOrder[p]?.map((s) => s.code)).toEqual(expected[p]);
  });

  it('sees whether the server imposes its order', () => {
    const r = result();
    expect(r.serverOrder).toBe(c.serverOrder ?? true);
    if (c.versions.includes('TLS1_2')) expect(r.serverOrderBy.belowTls13).toBe(true);
    if (c.versions.includes('TLS1_3')) expect(r.serverOrderBy.tls13).toBe(c.serverOrder ?? true);
  });

  it.runIf(c.dhe !== undefined)('reports the DH size of DHE suites', () => {
    const dhe = Object.values(result().ciphers)
      .flat()
      .filter((s) => s.iana.startsWith('TLS_DHE_'));
    expect(dhe.length).toBeGreaterThan(0);
    for (const s of dhe) expect(s.keyExchange).toBe(c.dhe);
  });

  it.runIf(c.curves !== undefined)('finds exactly the configured ECDHE curves', () => {
    expect([...(result().ecdheCurves ?? [])].sort()).toEqual([...c.curves!].sort());
  });

  it('counts its connections and time', () => {
    const r = result();
    const suites = Object.values(r.ciphers).flat().length;
    // -E takes one handshake per accepted suite at least (it removes each one it finds)
    expect(r.connections).toBeGreaterThanOrEqual(suites);
    expect(r.wallTimeMs).toBeGreaterThan(0);
    console.info(`testssl.sh ${c.name}: ${r.connections} connections, ${r.wallTimeMs} ms`);
  });
});

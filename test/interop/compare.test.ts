/**
 * The comparison and the wire counter the agreement test and the benchmark rely on: each kind of
 * disagreement must be reported (so the agreement test can fail), and only those. testssl.sh's side
 * is built from findings as testssl.sh 3.0.8 writes them, through the lab's own parser.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { suiteInfo } from '../../electron/engine/net/tls/outcome';
import { classifyGroup, classifyProtocol } from '../../shared/tls/classify';
import { groupName } from '../../shared/tls/facts';
import type { SuitePreference, TlsProfile } from '../../shared/tls/profile';
import { TLS_VERSIONS, type TlsVersionName } from '../../shared/tls/protocol';
import { parseTestsslFindings, type TestsslFinding, type TestsslResult } from '../lab/testssl';
import { compareWithTestssl, testsslCurveCodes, unexplained, type Difference } from './compare';
import { ClientHelloCounter, helloCountingRelay } from './hello-counter';

const stats = { connections: 0, openFailures: 0, handshakes: 0, durationMs: 0 };

interface OursSpec {
  versions: Partial<Record<TlsVersionName, { suites: number[]; preference?: SuitePreference }>>;
  unknown?: TlsVersionName[];
  groups?: { version: TlsVersionName; codes: number[] }[];
  dhBits?: number;
}

function profile(spec: OursSpec): TlsProfile {
  const supported = TLS_VERSIONS.filter((v) => spec.versions[v]);
  return {
    classification: 'NCSC-NL 2025-05',
    versions: {
      probes: TLS_VERSIONS.map((v) => ({
        version: v,
        state: spec.unknown?.includes(v) ? 'unknown' : spec.versions[v] ? 'supported' : 'not_supported',
        class: classifyProtocol(v),
        evidence: { outcome: spec.unknown?.includes(v) ? 'timeout' : 'server_hello' },
      })),
      supported,
      stats,
    },
    ciphers: {
      versions: supported.map((v) => {
        const { suites, preference } = spec.versions[v]!;
        return {
          version: v,
          suites: suites.map((c) => suiteInfo(c, v)),
          preference: preference ?? (suites.length > 1 ? 'server' : 'single'),
          complete: true,
        };
      }),
      stats,
    },
    keyExchange: {
      groups: (spec.groups ?? []).map((g) => ({
        version: g.version,
        groups: g.codes.map((code) => ({ code, name: groupName(code), class: classifyGroup(code) })),
        method: g.version === 'TLSv1.3' ? 'hello_retry_request' : 'server_key_exchange',
        complete: true,
      })),
      ...(spec.dhBits ? { dh: { version: 'TLSv1.2' as const, suite: 0x0033, bits: spec.dhBits, class: 'insufficient' as const } } : {}),
      stats,
    },
    extras: { stats },
    stats,
  };
}

// Lines as testssl.sh 3.0.8 writes them into --jsonfile (see test/lab/testssl.test.ts).
const LINES: Record<number, string> = {
  0x002f: 'x2f     AES128-SHA                        RSA        AES         128      TLS_RSA_WITH_AES_128_CBC_SHA',
  0x0033: 'x33     DHE-RSA-AES128-SHA                DH 1024    AES         128      TLS_DHE_RSA_WITH_AES_128_CBC_SHA',
  0xc013: 'xc013   ECDHE-RSA-AES128-SHA              ECDH 253   AES         128      TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  0xc02f: 'xc02f   ECDHE-RSA-AES128-GCM-SHA256       ECDH 253   AESGCM      128      TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  0xc030: 'xc030   ECDHE-RSA-AES256-GCM-SHA384       ECDH 253   AESGCM      256      TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  0x1301: 'x1301   TLS_AES_128_GCM_SHA256            ECDH 253   AESGCM      128      TLS_AES_128_GCM_SHA256',
  0x1302: 'x1302   TLS_AES_256_GCM_SHA384            ECDH 253   AESGCM      256      TLS_AES_256_GCM_SHA384',
};
const OPENSSL_NAME = (code: number) => LINES[code]!.split(/\s+/)[1]!;
const PROTO = {
  SSLv3: ['SSLv3', 'ssl3', 'SSLv3', 'SSLv3'],
  'TLSv1.0': ['TLS1', 'tls1', 'TLSv1', 'TLS 1'],
  'TLSv1.1': ['TLS1_1', 'tls1_1', 'TLSv1_1', 'TLS 1.1'],
  'TLSv1.2': ['TLS1_2', 'tls1_2', 'TLSv1_2', 'TLS 1.2'],
  'TLSv1.3': ['TLS1_3', 'tls1_3', 'TLSv1_3', 'TLS 1.3'],
} as const;

interface TheirsSpec {
  versions: Partial<Record<TlsVersionName, number[]>>;
  /** cipher_order finding; default 'server' */
  order?: string;
  sslv2?: boolean;
  curves?: string;
  dhGroups?: string;
  /** a cipherorder_ line that names a suite -E did not list */
  extraInOrder?: { version: TlsVersionName; name: string };
}

function testssl(spec: TheirsSpec): TestsslResult {
  const f = (id: string, finding: string): TestsslFinding => ({ id, severity: 'INFO', finding });
  const findings: TestsslFinding[] = [f('SSLv2', spec.sslv2 ? 'offered' : 'not offered')];
  for (const v of TLS_VERSIONS) findings.push(f(PROTO[v][0], spec.versions[v] ? 'offered' : 'not offered'));
  const order = spec.order ?? 'server';
  findings.push(f('cipher_order', order));
  for (const [v, codes] of Object.entries(spec.versions) as [TlsVersionName, number[]][]) {
    for (const c of codes) findings.push(f(`cipher-${PROTO[v][1]}_x${c.toString(16)}`, `${PROTO[v][3]}   ${LINES[c]}`));
    if (order === 'server') {
      const names = codes.map(OPENSSL_NAME);
      if (spec.extraInOrder?.version === v) names.push(spec.extraInOrder.name);
      findings.push(f(`cipherorder_${PROTO[v][2]}`, names.join(' ')));
    }
  }
  if (spec.curves) findings.push(f('PFS_ECDHE_curves', spec.curves));
  if (spec.dhGroups) findings.push(f('DH_groups', spec.dhGroups));
  return { ...parseTestsslFindings(findings), wallTimeMs: 1, findings, command: [], stdout: '', stderr: '' };
}

const AGREEING: { ours: OursSpec; theirs: TheirsSpec } = {
  ours: {
    versions: {
      'TLSv1.0': { suites: [0xc013, 0x0033, 0x002f] },
      'TLSv1.2': { suites: [0xc030, 0xc02f, 0x0033, 0x002f] },
      'TLSv1.3': { suites: [0x1302, 0x1301] },
    },
    groups: [
      { version: 'TLSv1.3', codes: [0x001d, 0x0017, 0x0100, 0x11ec] },
      { version: 'TLSv1.2', codes: [0x001d, 0x0017, 0x0018] },
    ],
    dhBits: 1024,
  },
  theirs: {
    versions: { 'TLSv1.0': [0xc013, 0x0033, 0x002f], 'TLSv1.2': [0xc030, 0xc02f, 0x0033, 0x002f], 'TLSv1.3': [0x1302, 0x1301] },
    curves: 'prime256v1 secp384r1 X25519',
    dhGroups: 'ffdhe2048',
  },
};

const compare = (ours: OursSpec, theirs: TheirsSpec) => compareWithTestssl(profile(ours), testssl(theirs), { forwardSecrecy: true });
const aspects = (d: Difference[]) => d.map((x) => `${x.aspect}${x.version ? ` ${x.version}` : ''}`);

describe('compareWithTestssl', () => {
  it('finds nothing when both report the same (ML-KEM and other groups outside testssl.sh 3.0 tables are not compared)', () => {
    expect(compare(AGREEING.ours, AGREEING.theirs)).toEqual([]);
  });

  const o = AGREEING.ours;
  const t = AGREEING.theirs;
  it.each<[string, OursSpec, TheirsSpec, string[]]>([
    [
      'a version only we found',
      { ...o, versions: { ...o.versions, 'TLSv1.1': { suites: [0x002f] } } },
      t,
      ['protocol TLSv1.1', 'suites TLSv1.1'],
    ],
    [
      'a version only testssl.sh found',
      o,
      { ...t, versions: { ...t.versions, 'TLSv1.1': [0x002f] } },
      ['protocol TLSv1.1', 'suites TLSv1.1'],
    ],
    ['a version we could not decide', { ...o, unknown: ['SSLv3'] }, t, ['incomplete SSLv3']],
    ['SSL 2.0 found by testssl.sh', o, { ...t, sslv2: true }, ['sslv2']],
    [
      'a suite only testssl.sh found',
      o,
      { ...t, versions: { ...t.versions, 'TLSv1.2': [0xc030, 0xc02f, 0xc013, 0x0033, 0x002f] } },
      ['suites TLSv1.2'],
    ],
    [
      'the same suites in another server order',
      { ...o, versions: { ...o.versions, 'TLSv1.2': { suites: [0xc02f, 0xc030, 0x0033, 0x002f] } } },
      t,
      ['order TLSv1.2'],
    ],
    ['TLS 1.3 order reversed', { ...o, versions: { ...o.versions, 'TLSv1.3': { suites: [0x1301, 0x1302] } } }, t, ['order TLSv1.3']],
    [
      'we see client order, testssl.sh server order',
      { ...o, versions: { ...o.versions, 'TLSv1.2': { suites: [0xc030, 0xc02f, 0x0033, 0x002f], preference: 'client' } } },
      t,
      ['preference TLSv1.2'],
    ],
    [
      'we could not tell the order',
      { ...o, versions: { ...o.versions, 'TLSv1.3': { suites: [0x1302, 0x1301], preference: 'unknown' } } },
      t,
      ['preference TLSv1.3'],
    ],
    ['a curve only testssl.sh found', o, { ...t, curves: 'prime256v1 secp384r1 X25519 X448' }, ['curves']],
    ['a curve name outside testssl.sh 3.0 table', o, { ...t, curves: 'prime256v1 secp384r1 X25519 MLKEM768' }, ['curves']],
    [
      'an FFDHE group only we found',
      { ...o, groups: [{ version: 'TLSv1.3', codes: [0x001d, 0x0017, 0x0100, 0x0101] }, o.groups![1]!] },
      t,
      ['ffdhe'],
    ],
    ['no FFDHE group on testssl.sh side (a legacy DH group instead)', o, { ...t, dhGroups: 'RFC2409/Oakley Group 2' }, ['ffdhe']],
    ['another DH size', { ...o, dhBits: 2048 }, t, ['dh']],
    ['DHE only testssl.sh saw', { ...o, dhBits: undefined }, t, ['dh']],
    [
      'testssl.sh listing a suite in its order that -E did not find',
      o,
      { ...t, extraInOrder: { version: 'TLSv1.2', name: 'AES256-SHA' } },
      ['testssl', 'suites TLSv1.2'],
    ],
  ])('reports %s', (_name, ours, theirs, expected) => {
    expect(aspects(compare(ours, theirs))).toEqual(expected);
  });

  it('compares client-order suites as sets only', () => {
    const ours: OursSpec = { ...o, versions: { 'TLSv1.2': { suites: [0xc02f, 0xc030], preference: 'client' } }, dhBits: undefined };
    const theirs: TheirsSpec = { ...t, versions: { 'TLSv1.2': [0xc030, 0xc02f] }, order: 'NOT a cipher order configured' };
    expect(compare(ours, theirs)).toEqual([]);
    expect(aspects(compare({ ...ours, versions: { 'TLSv1.2': { suites: [0xc02f], preference: 'client' } } }, theirs))).toEqual([
      'suites TLSv1.2',
    ]);
  });

  it('maps testssl.sh curve names to group codes (RFC 8422 §5.1.1, RFC 7748)', () => {
    expect(testsslCurveCodes(['sect163k1', 'prime256v1', 'secp384r1', 'secp521r1', 'X25519', 'X448', 'brainpoolP256r1', 'FFDHE'])).toEqual({
      codes: [0x01, 0x17, 0x18, 0x19, 0x1d, 0x1e, 0x1a],
      unknown: ['FFDHE'],
    });
  });

  it('leaves only what the allow-list does not explain, and names stale allowances', () => {
    const differences = compare({ ...o, dhBits: 2048 }, { ...t, sslv2: true });
    const allowed = [
      { server: 'x', aspect: 'dh' as const, reason: 'test' },
      { server: 'x', aspect: 'order' as const, version: 'TLSv1.2' as const, reason: 'test' },
      { server: 'y', aspect: 'sslv2' as const, reason: 'another server' },
    ];
    const r = unexplained('x', differences, allowed);
    expect(aspects(r.unexplained)).toEqual(['sslv2']);
    expect(r.stale).toEqual([allowed[1]]);
  });
});

// --- the wire counter ---

const record = (type: number, body: number[]) => Buffer.from([type, 0x03, 0x01, body.length >> 8, body.length & 0xff, ...body]);
const clientHello = record(22, [1, 0, 0, 2, 3, 3]);

describe('ClientHelloCounter', () => {
  it.each<[string, Buffer[], number]>([
    ['implicit TLS: one ClientHello', [clientHello], 1],
    ['STARTTLS (RFC 3207): SMTP lines, then a ClientHello', [Buffer.from('EHLO x\r\nSTARTTLS\r\n'), clientHello], 1],
    ['a ClientHello split byte by byte', [...Buffer.from('EHLO x\r\nSTARTTLS\r\n'), ...clientHello].map((b) => Buffer.from([b])), 1],
    ['a second ClientHello after a HelloRetryRequest (RFC 8446 §4.1.4)', [clientHello, clientHello], 2],
    ['an SSL 2.0 CLIENT-HELLO', [Buffer.from([0x80, 0x03, 0x01, 0x00, 0x02])], 1],
    ['nothing sent', [], 0],
    ['SMTP only (no TLS)', [Buffer.from('EHLO x\r\nQUIT\r\n')], 0],
    [
      'encrypted records after ChangeCipherSpec are not read',
      [clientHello, record(22, [16, 0, 0, 0]), record(20, [1]), record(22, [1, 0, 0, 0])],
      1,
    ],
    ['a line that merely contains 0x16 is text', [Buffer.from('EHLO \u0016\u0003\u0001\r\n')], 0],
  ])('%s', (_name, chunks, hellos) => {
    const counter = new ClientHelloCounter();
    for (const c of chunks) counter.push(c);
    expect(counter.hellos).toBe(hellos);
  });

  it('relays both ways on loopback and counts connections and hellos', async () => {
    const echo = net.createServer((s) => s.pipe(s));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const relay = await helloCountingRelay('127.0.0.1', (echo.address() as net.AddressInfo).port);
    try {
      const exchange = (bytes: Buffer) =>
        new Promise<Buffer>((resolve, reject) => {
          const s = net.connect({ host: relay.host, port: relay.port }, () => s.write(bytes));
          s.on('error', reject);
          let got = Buffer.alloc(0);
          s.on('data', (d: Buffer) => {
            got = Buffer.concat([got, d]);
            if (got.length >= bytes.length) {
              s.end();
              resolve(got);
            }
          });
        });
      const smtp = Buffer.concat([Buffer.from('EHLO x\r\nSTARTTLS\r\n'), clientHello]);
      expect(await exchange(smtp)).toEqual(smtp);
      expect(await exchange(Buffer.from('QUIT\r\n'))).toEqual(Buffer.from('QUIT\r\n'));
      expect({ connections: relay.connections, handshakes: relay.handshakes }).toEqual({ connections: 2, handshakes: 1 });
      relay.reset();
      expect({ connections: relay.connections, handshakes: relay.handshakes }).toEqual({ connections: 0, handshakes: 0 });
    } finally {
      await relay.close();
      await new Promise((r) => echo.close(r));
    }
  });
});

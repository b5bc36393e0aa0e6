/**
 * testssl.sh (Debian's `/usr/bin/testssl`, 3.0.x) as the reference scanner our prober must agree
 * with (issue 4 points 7 and 8). It runs offline against loopback only: an IP target, no DNS
 * (`--nodns none`), no CRL/OCSP fetches (`--phone-out` is never given), the system openssl (Debian
 * ships no bundled one), and findings read from `--jsonfile` in a private temp directory.
 *
 * NXCONNECT: testssl.sh probes the local openssl with `s_client -connect invalid.`, a DNS query
 * to the system resolver for every curve (strace showed 30); pointing it at 127.0.0.1:0 keeps
 * every packet on loopback, as it does on WSL.
 *
 * Sockets matter: `--fast` and `--ssl-native` make `-E` fall back to the suites the local openssl
 * knows, so neither is used — the answers must stay complete.
 *
 * `countingProxy` sits in front of the server so the benchmark can report how many TCP
 * connections testssl.sh needed.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertLoopback, HOST_NAME, OPENSSL } from './openssl-peer';

export const TESTSSL = '/usr/bin/testssl';

export const TESTSSL_PROTOCOLS = ['SSLv3', 'TLS1', 'TLS1_1', 'TLS1_2', 'TLS1_3'] as const;
/** testssl.sh's JSON ids for protocol versions (SSLv2 is reported separately) */
export type TestsslProtocol = (typeof TESTSSL_PROTOCOLS)[number];

export interface TestsslCipher {
  /** two-byte code point, e.g. 0xc02f */
  code: number;
  /** four lower-case hex digits, e.g. 'c02f' */
  hex: string;
  /** IANA name, e.g. 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' */
  iana: string;
  /** OpenSSL name ('-' where OpenSSL has none), e.g. 'ECDHE-RSA-AES128-GCM-SHA256' */
  openssl: string;
  /** testssl.sh's key-exchange column, e.g. 'ECDH 253', 'DH 1024', 'RSA' */
  keyExchange: string;
  /** e.g. 'AESGCM', '3DES', 'ChaCha20' */
  encryption: string;
  /** symmetric key bits as testssl.sh prints them, e.g. '128', '56,exp' */
  bits: string;
}

export interface TestsslResult {
  /** offered or not, per version (testssl.sh `-p`) */
  protocols: Record<TestsslProtocol, boolean>;
  sslv2: boolean;
  /**
   * Suites accepted per version (`-E`), in the server's order when it has one for that version
   * (`-P` "cipherorder_*"), otherwise in testssl.sh's strength order. Only versions testssl.sh
   * listed appear; a version not offered has an empty list.
   */
  ciphers: Record<TestsslProtocol, TestsslCipher[]>;
  /** whether the server imposes its own order: any version (`cipher_order`) */
  serverOrder: boolean;
  /** the `cipher_order` verdict split up: below TLS 1.3 and for TLS 1.3; undefined when not determined */
  serverOrderBy: { belowTls13?: boolean; tls13?: boolean };
  /** the server's preference per version as testssl.sh listed it (only when it has an order) */
  cipherOrder: Partial<Record<TestsslProtocol, TestsslCipher[]>>;
  /** with `forwardSecrecy`: `PFS_ECDHE_curves` (OpenSSL curve names) and `DH_groups` as printed */
  ecdheCurves?: string[];
  dhGroups?: string;
  /** TCP connections testssl.sh opened (through a counting proxy); undefined with `countConnections: false` */
  connections?: number;
  wallTimeMs: number;
  /** testssl.sh's own `scanTime` in seconds */
  scanTimeS?: number;
  /** disagreements inside testssl.sh's own output (e.g. a suite in the order but not in -E); empty normally */
  inconsistencies: string[];
  /** every JSON finding, for anything not parsed above */
  findings: TestsslFinding[];
  /** argv used (for test failure messages) */
  command: string[];
  stdout: string;
  stderr: string;
}

export interface TestsslFinding {
  id: string;
  ip?: string;
  port?: string;
  severity: string;
  finding: string;
  cve?: string;
  cwe?: string;
}

export interface TestsslOptions {
  /** loopback IP address, or a host name (sent as SNI) together with `ip` */
  host: string;
  port: number;
  /** RFC 3207 STARTTLS (`-t smtp`); undefined for implicit TLS */
  starttls?: 'smtp';
  /** loopback address to connect to when `host` is a name */
  ip?: string;
  /** kill testssl.sh after this long; default 10 minutes */
  timeoutMs?: number;
  /** run through `countingProxy` and report `connections`; default true */
  countConnections?: boolean;
  /** also run `-f` (forward secrecy: ECDHE curves, DH groups); default false (adds ~10 s) */
  forwardSecrecy?: boolean;
}

export class TestsslError extends Error {
  constructor(
    message: string,
    readonly details: { command: string[]; code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string },
  ) {
    super(
      `${message}\n$ ${details.command.join(' ')}\n--- stdout (tail) ---\n${details.stdout.slice(-3000)}\n--- stderr (tail) ---\n${details.stderr.slice(-2000)}`,
    );
    this.name = 'TestsslError';
  }
}

// --- counting proxy ---

export interface CountingProxy {
  host: string;
  port: number;
  /** TCP connections accepted so far */
  readonly connections: number;
  /** forgets the count (e.g. between two runs through one proxy) */
  reset(): void;
  close(): Promise<void>;
}

/**
 * A TCP relay on `listenHost` (default: loopback of the target's family) that counts the
 * connections it accepts. `onClient` sees each accepted client socket before the relaying starts,
 * e.g. to read what the client sends (test/interop/hello-counter.ts).
 */
export function countingProxy(
  targetHost: string,
  targetPort: number,
  listenHost = net.isIPv6(targetHost) ? '::1' : '127.0.0.1',
  onClient?: (client: net.Socket) => void,
): Promise<CountingProxy> {
  assertLoopback(targetHost);
  assertLoopback(listenHost);
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect({ host: targetHost, port: targetPort });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    onClient?.(client);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, listenHost, () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        host: listenHost,
        port,
        get connections() {
          return connections;
        },
        reset() {
          connections = 0;
        },
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

// --- parsing ---

const PROTOCOL_BY_ID_PART: Record<string, TestsslProtocol> = {
  ssl3: 'SSLv3',
  tls1: 'TLS1',
  tls1_1: 'TLS1_1',
  tls1_2: 'TLS1_2',
  tls1_3: 'TLS1_3',
};
const PROTOCOL_BY_ORDER_ID: Record<string, TestsslProtocol> = {
  SSLv3: 'SSLv3',
  TLSv1: 'TLS1',
  TLSv1_1: 'TLS1_1',
  TLSv1_2: 'TLS1_2',
  TLSv1_3: 'TLS1_3',
};

/** "offered…" → true, "not offered…" / "likely not offered" → false; anything else is not an answer. */
export function parseProtocolFinding(finding: string): boolean | undefined {
  const f = finding.trim();
  if (/^(not offered|likely not offered)/.test(f)) return false;
  if (/^offered, no cipher/.test(f)) return undefined; // version accepted without any suite: ambiguous
  if (/^offered/.test(f)) return true;
  return undefined;
}

/**
 * One `-E` finding: "<proto text>  <neat_list>" where neat_list is
 * " x<hex>  <openssl>  <kx, maybe 'ECDH 253'>  <enc>  <bits>  <IANA>".
 */
export function parseCipherFinding(finding: string): TestsslCipher {
  const tokens = finding
    .replace(/^\s*(SSLv[23]|TLS 1(\.[123])?)\s+/, '')
    .trim()
    .split(/\s+/);
  if (tokens.length < 6 || !/^x[0-9a-f]+$/i.test(tokens[0]!))
    throw new Error(`unparsed testssl.sh cipher line: ${JSON.stringify(finding)}`);
  const hex = tokens[0]!.slice(1).toLowerCase().padStart(4, '0');
  return {
    code: parseInt(hex, 16),
    hex,
    openssl: tokens[1]!,
    keyExchange: tokens.slice(2, -3).join(' '),
    encryption: tokens.at(-3)!,
    bits: tokens.at(-2)!,
    iana: tokens.at(-1)!,
  };
}

let mapping: Map<string, { hex: string; openssl: string; iana: string }> | undefined;
/** testssl.sh's own name table, for names in a cipher order that -E did not list. */
function testsslMapping(): Map<string, { hex: string; openssl: string; iana: string }> {
  if (mapping) return mapping;
  mapping = new Map();
  for (const line of readFileSync('/etc/testssl/cipher-mapping.txt', 'utf8').split('\n')) {
    const m = /^\s*0x([0-9A-F]{2}),0x([0-9A-F]{2})\s+-\s+(\S+)\s+(\S+)/.exec(line);
    if (!m) continue;
    const entry = { hex: `${m[1]}${m[2]}`.toLowerCase(), openssl: m[3]!, iana: m[4]! };
    mapping.set(entry.iana, entry);
    if (entry.openssl !== '-' && !mapping.has(entry.openssl)) mapping.set(entry.openssl, entry);
  }
  return mapping;
}

/** `cipher_order` verdict → order below TLS 1.3 and for TLS 1.3 (testssl.sh 3.0 run_server_preference). */
export function parseCipherOrderFinding(finding: string): { belowTls13?: boolean; tls13?: boolean } {
  const f = finding.trim();
  if (f === 'NOT a cipher order configured') return { belowTls13: false, tls13: false };
  if (f === 'not a cipher order for TLS 1.3 configured') return { tls13: false };
  if (f === 'server -- TLS 1.3 client determined') return { belowTls13: true, tls13: false };
  if (f === 'server -- < TLS 1.3 client determined') return { belowTls13: false, tls13: true };
  if (f === 'server (TLS 1.3)') return { tls13: true }; // TLS 1.3 is the only version
  if (f === 'server') return { belowTls13: true, tls13: true }; // "TLS 1.3 and below", or no TLS 1.3 at all
  return {};
}

/** Turns testssl.sh's flat JSON findings into the result fields (exported for unit tests on saved output). */
export function parseTestsslFindings(
  findings: TestsslFinding[],
): Omit<TestsslResult, 'connections' | 'wallTimeMs' | 'command' | 'stdout' | 'stderr' | 'findings'> {
  const protocols = {} as Record<TestsslProtocol, boolean>;
  const unanswered: string[] = [];
  let sslv2 = false;
  const found = Object.fromEntries(TESTSSL_PROTOCOLS.map((p) => [p, [] as TestsslCipher[]])) as Record<TestsslProtocol, TestsslCipher[]>;
  const cipherOrder: Partial<Record<TestsslProtocol, TestsslCipher[]>> = {};
  const orderNames: Partial<Record<TestsslProtocol, string[]>> = {};
  let serverOrderBy: { belowTls13?: boolean; tls13?: boolean } = {};
  let ecdheCurves: string[] | undefined;
  let dhGroups: string | undefined;
  let scanTimeS: number | undefined;
  const inconsistencies: string[] = [];

  for (const f of findings) {
    if (f.id === 'SSLv2' || (TESTSSL_PROTOCOLS as readonly string[]).includes(f.id)) {
      const offered = parseProtocolFinding(f.finding);
      if (offered === undefined) unanswered.push(`${f.id}: ${f.finding}`);
      if (f.id === 'SSLv2') sslv2 = offered === true;
      else protocols[f.id as TestsslProtocol] = offered === true;
      continue;
    }
    const cipher = /^cipher-(ssl2|ssl3|tls1|tls1_1|tls1_2|tls1_3)_x[0-9a-f]+$/.exec(f.id);
    if (cipher) {
      const proto = PROTOCOL_BY_ID_PART[cipher[1]!];
      if (proto) found[proto].push(parseCipherFinding(f.finding));
      continue;
    }
    const order = /^cipherorder_(\S+)$/.exec(f.id);
    if (order) {
      const proto = PROTOCOL_BY_ORDER_ID[order[1]!];
      if (proto) orderNames[proto] = f.finding.trim().split(/\s+/).filter(Boolean);
      continue;
    }
    if (f.id === 'cipher_order') serverOrderBy = parseCipherOrderFinding(f.finding);
    else if (f.id === 'PFS_ECDHE_curves') ecdheCurves = f.finding.trim().split(/\s+/).filter(Boolean);
    else if (f.id === 'DH_groups') dhGroups = f.finding.trim();
    else if (f.id === 'scanTime') scanTimeS = Number(f.finding);
  }
  if (unanswered.length) throw new Error(`testssl.sh gave no yes/no answer for: ${unanswered.join('; ')}`);
  for (const p of TESTSSL_PROTOCOLS) {
    if (protocols[p] === undefined) throw new Error(`testssl.sh reported nothing for ${p}`);
  }

  // The verdict speaks only about versions the server offers.
  if (!protocols.TLS1_3) delete serverOrderBy.tls13;
  if (!protocols.SSLv3 && !protocols.TLS1 && !protocols.TLS1_1 && !protocols.TLS1_2) delete serverOrderBy.belowTls13;

  const ciphers = { ...found };
  for (const [proto, names] of Object.entries(orderNames) as [TestsslProtocol, string[]][]) {
    const byName = new Map<string, TestsslCipher>();
    for (const c of found[proto]) {
      byName.set(c.openssl, c);
      byName.set(c.iana, c);
    }
    const ordered = names.map((name) => {
      const hit = byName.get(name);
      if (hit) return hit;
      inconsistencies.push(`${proto}: ${name} is in the server order but not among the -E suites`);
      const m = testsslMapping().get(name);
      return m
        ? { code: parseInt(m.hex, 16), hex: m.hex, iana: m.iana, openssl: m.openssl, keyExchange: '', encryption: '', bits: '' }
        : { code: -1, hex: '', iana: name, openssl: name, keyExchange: '', encryption: '', bits: '' };
    });
    for (const c of found[proto]) {
      if (!ordered.includes(c)) inconsistencies.push(`${proto}: ${c.iana} is among the -E suites but not in the server order`);
    }
    cipherOrder[proto] = ordered;
    ciphers[proto] = [...ordered, ...found[proto].filter((c) => !ordered.includes(c))];
  }
  for (const p of TESTSSL_PROTOCOLS) {
    if (!protocols[p] && found[p].length) inconsistencies.push(`${p}: not offered, yet -E lists ${found[p].length} suites`);
    if (protocols[p] && !found[p].length) inconsistencies.push(`${p}: offered, yet -E lists no suite`);
  }

  return {
    protocols,
    sslv2,
    ciphers,
    serverOrder: serverOrderBy.belowTls13 === true || serverOrderBy.tls13 === true,
    serverOrderBy,
    cipherOrder,
    ...(ecdheCurves ? { ecdheCurves } : {}),
    ...(dhGroups !== undefined ? { dhGroups } : {}),
    ...(scanTimeS !== undefined && Number.isFinite(scanTimeS) ? { scanTimeS } : {}),
    inconsistencies,
  };
}

// --- running ---

/** Runs testssl.sh `-p -E -P` (and `-f` on request) against one loopback server. */
export async function runTestssl(options: TestsslOptions): Promise<TestsslResult> {
  const { host, port, starttls, timeoutMs = 600_000, countConnections = true } = options;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`bad port ${port}`);
  let ip: string;
  if (net.isIP(host)) {
    assertLoopback(host);
    if (options.ip !== undefined && options.ip !== host) throw new Error('ip given for an IP host');
    ip = host;
  } else {
    if (!HOST_NAME.test(host)) throw new Error(`not a host name: ${JSON.stringify(host)}`);
    if (options.ip === undefined) throw new Error('a host name needs `ip` (testssl.sh must not resolve names here)');
    assertLoopback(options.ip);
    ip = options.ip;
  }

  const proxy = countConnections ? await countingProxy(ip, port) : undefined;
  const dir = await mkdtemp(join(tmpdir(), 'mailaudit-testssl-'));
  try {
    const connectIp = proxy ? proxy.host : ip;
    const connectPort = proxy ? proxy.port : port;
    const jsonFile = join(dir, 'result.json');
    const uriHost = net.isIP(host) ? (net.isIPv6(connectIp) ? `[${connectIp}]` : connectIp) : host;
    const args = [
      '--quiet',
      '--warnings',
      'off',
      '--color',
      '0',
      '--nodns',
      'none',
      '--openssl',
      OPENSSL,
      '--connect-timeout',
      '10',
      '--openssl-timeout',
      '10',
      '--jsonfile',
      jsonFile,
      // always --ip: with --nodns none an IPv6 literal alone is "no address available"
      '--ip',
      connectIp,
      ...(net.isIPv6(connectIp) ? ['-6'] : []),
      ...(starttls ? ['--starttls', starttls] : []),
      '-p',
      '-E',
      '-P',
      ...(options.forwardSecrecy ? ['-f'] : []),
      `${uriHost}:${connectPort}`,
    ];
    const command = [TESTSSL, ...args];
    const started = performance.now();
    const { code, signal, stdout, stderr } = await new Promise<{
      code: number | null;
      signal: NodeJS.Signals | null;
      stdout: string;
      stderr: string;
    }>((resolve, reject) => {
      // Own process group so a timeout can take testssl.sh's openssl and timeout children with it.
      const child = spawn(TESTSSL, args, {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
        env: { ...process.env, TERM: 'dumb', COLUMNS: '200', LANG: 'C', NXCONNECT: '127.0.0.1:0' },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out = (out + c.toString('utf8')).slice(-2_000_000)));
      child.stderr.on('data', (c: Buffer) => (err = (err + c.toString('utf8')).slice(-2_000_000)));
      const kill = () => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      };
      const timer = setTimeout(kill, timeoutMs);
      process.once('exit', kill);
      child.once('error', reject);
      child.once('close', (c, s) => {
        clearTimeout(timer);
        process.off('exit', kill);
        resolve({ code: c, signal: s, stdout: out, stderr: err });
      });
    });
    const wallTimeMs = Math.round(performance.now() - started);
    const details = { command, code, signal, stdout, stderr };
    if (signal) throw new TestsslError(`testssl.sh was killed (${signal}) after ${wallTimeMs} ms`, details);
    let findings: TestsslFinding[];
    try {
      findings = JSON.parse(await readFile(jsonFile, 'utf8')) as TestsslFinding[];
    } catch (e) {
      throw new TestsslError(`testssl.sh wrote no readable JSON (exit ${code}): ${(e as Error).message}`, details);
    }
    const scanProblem = findings.find((f) => f.id === 'scanProblem' || f.severity === 'FATAL');
    if (scanProblem) throw new TestsslError(`testssl.sh could not scan: ${scanProblem.finding}`, details);
    let parsed: ReturnType<typeof parseTestsslFindings>;
    try {
      parsed = parseTestsslFindings(findings);
    } catch (e) {
      throw new TestsslError((e as Error).message, details);
    }
    return {
      ...parsed,
      ...(proxy ? { connections: proxy.connections } : {}),
      wallTimeMs,
      findings,
      command,
      stdout,
      stderr,
    };
  } finally {
    await proxy?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

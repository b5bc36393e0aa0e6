/**
 * Test fixtures for the TLS prober: certificates and DH parameters made by the openssl binary in a
 * temporary directory, Node TLS servers on loopback, hand-written raw servers (for what OpenSSL 3
 * cannot do — SSL 3.0, compression — and for hostile behaviour), and a small ClientHello parser
 * written independently of the product code, so tests do not check the prober against itself.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';

export interface LabFiles {
  dir: string;
  rsaKey: Buffer;
  rsaCert: Buffer;
  ecKey: Buffer;
  ecCert: Buffer;
  /** PEM DH parameters by name: ffdhe2048, ffdhe3072, custom1024 */
  dh: Record<'ffdhe2048' | 'ffdhe3072' | 'custom1024', Buffer>;
  cleanup(): void;
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** RSA-2048 and ECDSA P-256 self-signed certificates for mx.lab.test, and DH parameters, via openssl. */
export function makeLabFiles(): LabFiles {
  const dir = mkdtempSync(join(tmpdir(), 'mailaudit-tls-'));
  const p = (name: string) => join(dir, name);
  const subject = ['-subj', '/CN=mx.lab.test', '-addext', 'subjectAltName=DNS:mx.lab.test', '-days', '2', '-nodes'];
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-keyout', p('rsa.key'), '-out', p('rsa.crt'), ...subject]);
  openssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-keyout',
    p('ec.key'),
    '-out',
    p('ec.crt'),
    ...subject,
  ]);
  openssl(['genpkey', '-genparam', '-algorithm', 'DH', '-pkeyopt', 'group:ffdhe2048', '-out', p('ffdhe2048.pem')]);
  openssl(['genpkey', '-genparam', '-algorithm', 'DH', '-pkeyopt', 'group:ffdhe3072', '-out', p('ffdhe3072.pem')]);
  openssl(['dhparam', '-out', p('custom1024.pem'), '1024']);
  return {
    dir,
    rsaKey: readFileSync(p('rsa.key')),
    rsaCert: readFileSync(p('rsa.crt')),
    ecKey: readFileSync(p('ec.key')),
    ecCert: readFileSync(p('ec.crt')),
    dh: {
      ffdhe2048: readFileSync(p('ffdhe2048.pem')),
      ffdhe3072: readFileSync(p('ffdhe3072.pem')),
      custom1024: readFileSync(p('custom1024.pem')),
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface LabServer {
  host: string;
  port: number;
  /** TCP connections accepted so far */
  accepted: number;
  /** most connections open at the same time (as the server sees them) */
  peakConcurrent: number;
  /** connections open right now */
  openNow: number;
  open: (signal?: AbortSignal) => Promise<net.Socket>;
  close(): Promise<void>;
}

function track(server: net.Server): { stats: { accepted: number; peakConcurrent: number }; sockets: Set<net.Socket> } {
  const stats = { accepted: 0, peakConcurrent: 0 };
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    stats.accepted++;
    sockets.add(socket);
    stats.peakConcurrent = Math.max(stats.peakConcurrent, sockets.size);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  return { stats, sockets };
}

/** A plain TCP connection to the lab server: the prober's `open`. */
export function tcpOpener(host: string, port: number): (signal?: AbortSignal) => Promise<net.Socket> {
  return (signal) =>
    new Promise((resolve, reject) => {
      const socket = net.connect({ host, port, ...(signal ? { signal } : {}) });
      socket.once('connect', () => {
        socket.removeListener('error', reject);
        resolve(socket);
      });
      socket.once('error', reject);
    });
}

async function listen(server: net.Server): Promise<LabServer> {
  const { stats, sockets } = track(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const lab: LabServer = {
    host: '127.0.0.1',
    port,
    get accepted() {
      return stats.accepted;
    },
    get peakConcurrent() {
      return stats.peakConcurrent;
    },
    get openNow() {
      return sockets.size;
    },
    open: tcpOpener('127.0.0.1', port),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return lab;
}

/** A Node (OpenSSL 3) TLS server on loopback; handshake errors are expected and ignored. */
export async function startTlsServer(options: tls.TlsOptions): Promise<LabServer> {
  const server = tls.createServer(options, (socket) => socket.end());
  server.on('tlsClientError', () => {});
  return listen(server);
}

/** A raw TCP server: `onHello` gets each connection's first complete ClientHello record(s). */
export async function startRawServer(
  onHello: (socket: net.Socket, hello: ParsedClientHello | undefined, raw: Buffer) => void,
): Promise<LabServer> {
  const server = net.createServer((socket) => {
    let buffered = Buffer.alloc(0);
    let done = false;
    socket.on('data', (chunk) => {
      if (done) return;
      buffered = Buffer.concat([buffered, chunk]);
      const parsed = tryParseClientHello(buffered);
      if (parsed === 'incomplete') return;
      done = true;
      onHello(socket, parsed === 'invalid' ? undefined : parsed, buffered);
    });
  });
  return listen(server);
}

/** A server that accepts and then runs `behaviour` without reading a hello first. */
export async function startTcpServer(behaviour: (socket: net.Socket) => void): Promise<LabServer> {
  return listen(net.createServer(behaviour));
}

// ---------------------------------------------------------------------------------------------
// ClientHello parsing (test side, RFC 5246 §7.4.1.2 / RFC 8446 §4.1.2) and ServerHello building.

export interface ParsedClientHello {
  recordVersion: number;
  clientVersion: number;
  sessionId: Buffer;
  suites: number[];
  compression: number[];
  /** extensions in order */
  extensions: { type: number; data: Buffer }[];
  ext(type: number): Buffer | undefined;
  /** supported_versions list, when sent */
  supportedVersions?: number[];
  supportedGroups?: number[];
  signatureAlgorithms?: number[];
  keyShares?: { group: number; length: number }[];
  serverName?: string;
  /** handshake message length including its 4-byte header */
  handshakeLength: number;
}

const u16s = (b: Buffer) => Array.from({ length: b.length / 2 }, (_, i) => b.readUInt16BE(i * 2));

export function tryParseClientHello(bytes: Buffer): ParsedClientHello | 'incomplete' | 'invalid' {
  if (bytes.length < 5) return 'incomplete';
  if (bytes[0] !== 22) return 'invalid';
  // Reassemble handshake bytes from as many records as the message needs.
  let offset = 0;
  let hs = Buffer.alloc(0);
  const recordVersion = bytes.readUInt16BE(1);
  while (hs.length < 4 || hs.length < 4 + hs.readUIntBE(1, 3)) {
    if (bytes.length < offset + 5) return 'incomplete';
    const len = bytes.readUInt16BE(offset + 3);
    if (bytes.length < offset + 5 + len) return 'incomplete';
    hs = Buffer.concat([hs, bytes.subarray(offset + 5, offset + 5 + len)]);
    offset += 5 + len;
  }
  if (hs[0] !== 1) return 'invalid';
  const body = hs.subarray(4, 4 + hs.readUIntBE(1, 3));
  let p = 0;
  const clientVersion = body.readUInt16BE(p);
  p += 2 + 32;
  const sidLen = body[p]!;
  const sessionId = body.subarray(p + 1, p + 1 + sidLen);
  p += 1 + sidLen;
  const suitesLen = body.readUInt16BE(p);
  const suites = u16s(body.subarray(p + 2, p + 2 + suitesLen));
  p += 2 + suitesLen;
  const compLen = body[p]!;
  const compression = [...body.subarray(p + 1, p + 1 + compLen)];
  p += 1 + compLen;
  const extensions: { type: number; data: Buffer }[] = [];
  if (p < body.length) {
    const extEnd = p + 2 + body.readUInt16BE(p);
    p += 2;
    while (p < extEnd) {
      const type = body.readUInt16BE(p);
      const len = body.readUInt16BE(p + 2);
      extensions.push({ type, data: body.subarray(p + 4, p + 4 + len) });
      p += 4 + len;
    }
  }
  const ext = (type: number) => extensions.find((e) => e.type === type)?.data;
  const sv = ext(43);
  const sg = ext(10);
  const sa = ext(13);
  const ks = ext(51);
  const sni = ext(0);
  let keyShares: { group: number; length: number }[] | undefined;
  if (ks) {
    keyShares = [];
    for (let q = 2; q < ks.length;) {
      const len = ks.readUInt16BE(q + 2);
      keyShares.push({ group: ks.readUInt16BE(q), length: len });
      q += 4 + len;
    }
  }
  return {
    recordVersion,
    clientVersion,
    sessionId,
    suites,
    compression,
    extensions,
    ext,
    ...(sv ? { supportedVersions: u16s(sv.subarray(1)) } : {}),
    ...(sg ? { supportedGroups: u16s(sg.subarray(2)) } : {}),
    ...(sa ? { signatureAlgorithms: u16s(sa.subarray(2)) } : {}),
    ...(keyShares ? { keyShares } : {}),
    ...(sni ? { serverName: sni.subarray(5).toString('ascii') } : {}),
    handshakeLength: hs.length,
  };
}

export function record(type: number, version: number, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header[0] = type;
  header.writeUInt16BE(version, 1);
  header.writeUInt16BE(body.length, 3);
  return Buffer.concat([header, body]);
}

export function handshakeMessage(type: number, body: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header[0] = type;
  header.writeUIntBE(body.length, 1, 3);
  return Buffer.concat([header, body]);
}

export interface ServerHelloFields {
  version: number;
  suite: number;
  compression?: number;
  /** raw extensions (type, data); omitted entirely when undefined */
  extensions?: { type: number; data: Buffer }[];
  random?: Buffer;
}

export function serverHelloBody(f: ServerHelloFields): Buffer {
  const parts: Buffer[] = [];
  const v = Buffer.alloc(2);
  v.writeUInt16BE(f.version);
  parts.push(v, f.random ?? Buffer.alloc(32, 0x11), Buffer.from([0]));
  const s = Buffer.alloc(3);
  s.writeUInt16BE(f.suite);
  s[2] = f.compression ?? 0;
  parts.push(s);
  if (f.extensions) {
    const exts = Buffer.concat(
      f.extensions.map((e) => {
        const h = Buffer.alloc(4);
        h.writeUInt16BE(e.type);
        h.writeUInt16BE(e.data.length, 2);
        return Buffer.concat([h, e.data]);
      }),
    );
    const len = Buffer.alloc(2);
    len.writeUInt16BE(exts.length);
    parts.push(len, exts);
  }
  return Buffer.concat(parts);
}

/** ServerHello followed by ServerHelloDone in one handshake record (a minimal ≤ 1.2 flight). */
export function serverFlight(f: ServerHelloFields, recordVersion = f.version): Buffer {
  return record(22, recordVersion, Buffer.concat([handshakeMessage(2, serverHelloBody(f)), handshakeMessage(14, Buffer.alloc(0))]));
}

export function alertRecord(description: number, version = 0x0303, level = 2): Buffer {
  return record(21, version, Buffer.from([level, description]));
}

/**
 * Runs `openssl s_client` with `args` against a lab server; ok when the handshake completed.
 * Asynchronous on purpose: the lab server lives in this process and must keep answering.
 */
export async function opensslHandshake(
  port: number,
  args: string[],
): Promise<{ ok: boolean; cipher?: string; protocol?: string; output: string }> {
  const output = await new Promise<string>((resolve) => {
    const child = execFile(
      'openssl',
      ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'mx.lab.test', ...args],
      { timeout: 10_000 },
      (_error, stdout) => resolve(String(stdout)),
    );
    child.stdin?.end();
  });
  const cipher = /Cipher is (\S+)/.exec(output)?.[1];
  const protocol = /Protocol *: *(\S+)/.exec(output)?.[1] ?? /New, (TLSv[\d.]+|SSLv3),/.exec(output)?.[1];
  return { ok: cipher !== undefined && cipher !== '(NONE)', ...(cipher ? { cipher } : {}), ...(protocol ? { protocol } : {}), output };
}

/**
 * Suite codes for an OpenSSL cipher string (TLS ≤ 1.2 suites only), as `openssl ciphers -V` reports
 * them — independent of our data. `extra` e.g. ['-s', '-tls1'] keeps those usable in one version.
 */
export function opensslCipherCodes(spec: string, extra: string[] = []): { code: number; name: string }[] {
  const out = execFileSync('openssl', ['ciphers', '-V', '-ciphersuites', '', ...extra, spec]).toString();
  return out
    .split('\n')
    .map((line) => /0x([0-9A-F]{2}),0x([0-9A-F]{2})\s+-\s+(\S+)/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ code: (parseInt(m[1]!, 16) << 8) | parseInt(m[2]!, 16), name: m[3]! }));
}

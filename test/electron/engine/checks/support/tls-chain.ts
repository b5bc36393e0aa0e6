/**
 * For the TLS check tests: the real check chain (mx → starttls → tls-versions → tls-ciphers →
 * tls-key-exchange, tls-extras) run by the engine's runner against the lab DNS and SMTP servers,
 * plus a small STARTTLS server for the misbehaviour the shared SMTP lab does not have (a 421 after
 * some connections, resets after STARTTLS, a server signing only with SHA-2).
 */
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { AssessmentRequestSchema, type Assessment, type PlatformHint } from '../../../../../shared/assessment';
import type { AnyCheck } from '../../../../../electron/engine/check';
import { mxCheck } from '../../../../../electron/engine/checks/mx/check';
import { startTlsCheck } from '../../../../../electron/engine/checks/starttls/check';
import { tlsCiphersCheck } from '../../../../../electron/engine/checks/tls-ciphers/check';
import { tlsExtrasCheck } from '../../../../../electron/engine/checks/tls-extras/check';
import { tlsKeyExchangeCheck } from '../../../../../electron/engine/checks/tls-key-exchange/check';
import { tlsVersionsCheck } from '../../../../../electron/engine/checks/tls-versions/check';
import { Connector, parseConnectTo } from '../../../../../electron/engine/net/connect';
import { DnsClient } from '../../../../../electron/engine/net/dns-client';
import { createResolver } from '../../../../../electron/engine/net/resolver';
import { runChecks, type ProgressEvent, type RunResult } from '../../../../../electron/engine/runner';
import { labKey, type LabKey } from '../../../../lab/ca';
import { startLabDnsServer, txt, type LabZone } from '../../../../lab/dns-server';
import { REFERENCE_HOST, smtpLabZones, startSmtpLab, type SmtpLab } from '../../../../lab/smtp-lab';

export const TLS_CHAIN: readonly AnyCheck[] = [
  mxCheck,
  startTlsCheck,
  tlsVersionsCheck,
  tlsCiphersCheck,
  tlsKeyExchangeCheck,
  tlsExtrasCheck,
];

/** A scenario domain of our own: MX `mail.<domain>` at `address`, reached through a connect-to rule. */
export interface ExtraHost {
  domain: string;
  address: string;
  /** `mail.<domain>:25:<address>:<port>` */
  connectTo: string;
}

export function extraZone(h: Pick<ExtraHost, 'domain' | 'address'>): LabZone {
  return {
    origin: h.domain,
    records: [
      { name: '@', type: 'SOA', data: { mname: `ns1.${h.domain}`, rname: `hostmaster.${h.domain}`, serial: 1, minimum: 300 } },
      { name: '@', type: 'NS', data: `ns1.${h.domain}` },
      { name: '@', type: 'MX', data: { preference: 10, exchange: `mail.${h.domain}` } },
      { name: 'mail', type: 'A', data: h.address },
      { name: '@', type: 'TXT', data: txt('v=spf1 mx -all') },
    ],
  };
}

export interface ChainRun extends RunResult {
  connector: Connector;
  /** data of a check's attempt */
  data<T>(checkId: string): T;
  /** `[key, status, address]` of a check's findings */
  summary(checkId: string): [string, string, string][];
}

export async function runTlsChain(
  lab: SmtpLab,
  domain: string,
  options: {
    extra?: ExtraHost[];
    signal?: AbortSignal;
    maxPerAddress?: number;
    checks?: readonly AnyCheck[];
    onProgress?: (event: ProgressEvent) => void;
  } = {},
): Promise<ChainRun> {
  const extra = options.extra ?? [];
  const dnsLab = await startLabDnsServer({ zones: [...smtpLabZones(), ...extra.map(extraZone)] });
  try {
    const dns = createResolver(new DnsClient({ servers: [{ host: dnsLab.host, port: dnsLab.port }], timeoutMs: 500 }));
    const connector = new Connector({
      connectTo: [...lab.connectTo, ...extra.map((h) => h.connectTo)].map(parseConnectTo),
      ...(options.maxPerAddress ? { maxPerAddress: options.maxPerAddress } : {}),
    });
    const result = await runChecks({
      request: AssessmentRequestSchema.parse({ domain }),
      dns,
      connector,
      settings: { extraCaPem: [lab.ca.root.pem], port25Reference: { host: REFERENCE_HOST.name, port: 25 } },
      checks: options.checks ?? TLS_CHAIN,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    // JSON all the way: the attempt data goes into the Assessment document, the wizard and the PDF.
    for (const a of result.attempts) if (a.data !== undefined) expectJson(a.data);
    return {
      ...result,
      connector,
      data: <T>(checkId: string) => result.attempts.find((a) => a.checkId === checkId)?.data as T,
      summary: (checkId: string) =>
        result.findings.filter((f) => f.checkId === checkId).map((f) => [f.key, f.status, String(f.params.address)]),
    };
  } finally {
    await dnsLab.close();
  }
}

/** Just enough of an Assessment for the requirement catalogue and the remediation plan. */
export function assessmentOf(run: RunResult, domain: string, platformHint: PlatformHint = 'unknown'): Assessment {
  const at = new Date().toISOString();
  return {
    schemaVersion: 1,
    toolVersion: 'test',
    id: 'test',
    request: { domain, domainUnicode: domain, extraHosts: [], dkimSelectors: [], platformHint, language: 'cs' },
    startedAt: at,
    finishedAt: at,
    cancelled: false,
    resolver: { servers: [], source: 'user' },
    targets: run.targets,
    attempts: run.attempts,
    findings: run.findings,
  };
}

function expectJson(value: unknown): void {
  const text = JSON.stringify(value);
  if (JSON.stringify(JSON.parse(text)) !== text) throw new Error('attempt data does not survive JSON');
}

export interface MiniServerOptions {
  host: string;
  hostname: string;
  tls: tls.SecureContextOptions;
  /** connections after this many are greeted with 421 and closed (RFC 5321 §3.1) */
  rateLimitAfter?: number;
  /** reset the TCP connection right after the 220 to STARTTLS (from this connection on; 1 = always) */
  resetAfterStartTlsFrom?: number;
  /** reset connections on accept, before any greeting, after this many */
  resetOnConnectAfter?: number;
  /** from this connection on, never answer the ClientHello after STARTTLS */
  stallTlsFrom?: number;
  /** wait this long before the greeting (RFC 5321 §4.5.3.2.1 allows minutes; anti-spam delays of seconds are common) */
  greetingDelayMs?: number;
}

export interface MiniServer {
  host: string;
  port: number;
  /** `mail.<domain>:25:<host>:<port>` for `domain` */
  connectTo(domain: string): string;
  readonly connections: number;
  /** 421 greetings sent */
  readonly refused: number;
  /** connections accepted after the first 421 was sent */
  readonly afterFirstRefusal: number;
  readonly handshakes: number;
  /** connections open right now */
  readonly open: number;
  close(): Promise<void>;
}

/** A minimal SMTP server with STARTTLS (RFC 3207): greeting, EHLO, STARTTLS, QUIT. */
export async function startMiniServer(options: MiniServerOptions): Promise<MiniServer> {
  const context = tls.createSecureContext(options.tls);
  const sockets = new Set<net.Socket>();
  let connections = 0;
  let refused = 0;
  let afterFirstRefusal = 0;
  let handshakes = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    const n = connections;
    if (refused > 0) afterFirstRefusal += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (options.resetOnConnectAfter !== undefined && n > options.resetOnConnectAfter) {
      socket.resetAndDestroy();
      return;
    }
    if (options.rateLimitAfter !== undefined && n > options.rateLimitAfter) {
      refused += 1;
      socket.end(`421 4.7.0 ${options.hostname} Too many connections from your address, try again later\r\n`);
      return;
    }
    const greet = () => {
      if (!socket.destroyed) socket.write(`220 ${options.hostname} ESMTP\r\n`);
    };
    if (options.greetingDelayMs) setTimeout(greet, options.greetingDelayMs);
    else greet();
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const verb = buffer.slice(0, nl).trim().split(' ')[0]!.toUpperCase();
        buffer = buffer.slice(nl + 1);
        if (verb === 'EHLO') socket.write(`250-${options.hostname}\r\n250-PIPELINING\r\n250 STARTTLS\r\n`);
        else if (verb === 'QUIT') socket.end('221 2.0.0 Bye\r\n');
        else if (verb === 'STARTTLS') {
          socket.off('data', onData);
          // Our ClientHello must wait for the TLS socket, not flow into the void.
          socket.pause();
          socket.write('220 2.0.0 Ready to start TLS\r\n', () => {
            if (options.resetAfterStartTlsFrom !== undefined && n >= options.resetAfterStartTlsFrom) {
              socket.resetAndDestroy();
              return;
            }
            if (options.stallTlsFrom !== undefined && n >= options.stallTlsFrom) {
              // Read and ignore the hello, so the client's close is still noticed.
              socket.resume();
              return;
            }
            const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: context });
            secure.on('error', () => socket.destroy());
            secure.once('secure', () => {
              handshakes += 1;
              secure.end();
            });
          });
          return;
        } else socket.write('502 5.5.2 Command not implemented\r\n');
      }
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, options.host, resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    host: options.host,
    port,
    connectTo: (domain) => `mail.${domain}:25:${options.host}:${port}`,
    get connections() {
      return connections;
    },
    get refused() {
      return refused;
    },
    get afterFirstRefusal() {
      return afterFirstRefusal;
    },
    get handshakes() {
      return handshakes;
    },
    get open() {
      return sockets.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

let rsaKey: LabKey | undefined;

/**
 * A mini server for `mail.<domain>` on `host` with a certificate from the lab CA (RSA 2048) and
 * the given TLS settings (TLS 1.2+ by default), plus the ExtraHost that points the engine at it.
 */
export type LabMiniServerOptions = Omit<MiniServerOptions, 'tls' | 'hostname'> & { domain: string; tls?: tls.SecureContextOptions };
export type LabMiniServer = MiniServer & { extra: ExtraHost };

export async function startLabMiniServer(lab: SmtpLab, options: LabMiniServerOptions): Promise<LabMiniServer> {
  rsaKey ??= labKey({ type: 'rsa', bits: 2048 });
  const hostname = `mail.${options.domain}`;
  const { chain } = lab.ca.issue({ commonName: hostname, dnsNames: [hostname], key: rsaKey });
  const server = await startMiniServer({
    ...options,
    hostname,
    tls: { key: rsaKey.pem, cert: chain, minVersion: 'TLSv1.2', ...options.tls },
  });
  return Object.assign(server, { extra: { domain: options.domain, address: options.host, connectTo: server.connectTo(options.domain) } });
}

export interface TlsLabFixture {
  /** the SMTP lab, started before the file's first test */
  readonly lab: SmtpLab;
  /** `startLabMiniServer` on the lab, closed after the test that started it */
  miniServer(options: LabMiniServerOptions): Promise<LabMiniServer>;
}

/**
 * Registers a test file's hooks: one SMTP lab for the whole file (closed after its last test) and
 * the mini servers each test starts (closed after that test). Call at the top of the file.
 */
export function useTlsLab(): TlsLabFixture {
  let lab: SmtpLab | undefined;
  const servers: MiniServer[] = [];
  beforeAll(async () => {
    lab = await startSmtpLab();
  }, 60_000);
  afterEach(async () => {
    while (servers.length) await servers.pop()!.close();
  });
  afterAll(() => lab?.close());
  const started = () => {
    if (!lab) throw new Error('the SMTP lab is not started (useTlsLab() outside a test?)');
    return lab;
  };
  return {
    get lab() {
      return started();
    },
    async miniServer(options) {
      const server = await startLabMiniServer(started(), options);
      servers.push(server);
      return server;
    },
  };
}

/**
 * The lab's MTA-STS part (RFC 8461, RFC 8460): one scenario domain per policy-host behaviour, each
 * with its policy host `mta-sts.<domain>` on its own 127.0.41.x address, served by a Node TLS
 * server on a high port that the engine reaches through `--connect-to mta-sts.<domain>:443:…`.
 * Certificates come from the process's lab CA (the one `startSmtpLab` writes to `--ca-file`), so
 * one CA file trusts both labs. The MX hosts have addresses but no SMTP server: these scenarios
 * are about the policy, and a refused port 25 costs nothing.
 */
import net from 'node:net';
import { rm } from 'node:fs/promises';
import tls from 'node:tls';
import { createLabCa, labKey, type LabCa, type LabKey, type LabServerSet } from './ca';
import { txt, type LabRecord, type LabZone } from './dns-server';
import { daneMaterial } from './smtp-lab';

export type PolicyBehaviour =
  | { kind: 'policy'; body: string; contentType?: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'status'; status: number }
  /** accepts TCP and never speaks (no TLS handshake) */
  | { kind: 'silent' }
  /** completes TLS, reads the request, never answers */
  | { kind: 'stall' }
  /** a response header that never ends */
  | { kind: 'endless-header' }
  /** a chunked 200 body that never ends */
  | { kind: 'endless-body' };

export interface PolicyHost {
  domain: string;
  /** the policy host's address (its MX is `mail.<domain>` on the same address, nothing listening on 25) */
  address: string;
  behaviour: PolicyBehaviour;
  /** a certificate for another name (RFC 8461 §3.3: must be valid for mta-sts.<domain>) */
  wrongName?: boolean;
  /** TXT records at `_mta-sts` and `_smtp._tls`; none when empty */
  sts: string[];
  tlsrpt: string[];
  /** extra MX hosts besides `mail.<domain>` */
  extraMx?: string[];
}

const policy = (lines: string[], contentType = 'text/plain; charset=utf-8'): PolicyBehaviour => ({
  kind: 'policy',
  body: `${lines.join('\r\n')}\r\n`,
  contentType,
});
const enforce = (mx: string[]) => ['version: STSv1', 'mode: enforce', ...mx.map((m) => `mx: ${m}`), 'max_age: 1209600'];
const STS = 'v=STSv1; id=20261201T000000';
const RPT = (domain: string) => `v=TLSRPTv1; rua=mailto:tlsrpt@${domain},https://reports.${domain}/tlsrpt`;

export const policyLabHosts: PolicyHost[] = [
  {
    domain: 'sts-good.test',
    address: '127.0.41.1',
    behaviour: policy(enforce(['*.sts-good.test'])),
    sts: [STS],
    tlsrpt: [RPT('sts-good.test')],
  },
  {
    domain: 'sts-testing.test',
    address: '127.0.41.2',
    behaviour: policy(['version: STSv1', 'mode: testing', 'mx: mail.sts-testing.test', 'max_age: 86400']),
    sts: [STS],
    tlsrpt: [],
  },
  {
    // RFC 8461 §4.1: "*.sts-uncovered.test" covers one label only, not backup.mx.sts-uncovered.test.
    domain: 'sts-uncovered.test',
    address: '127.0.41.3',
    behaviour: policy(enforce(['mail.sts-uncovered.test', '*.sts-uncovered.test'])),
    sts: [STS],
    tlsrpt: [RPT('sts-uncovered.test')],
    extraMx: ['backup.mx.sts-uncovered.test'],
  },
  {
    domain: 'sts-bad-syntax.test',
    address: '127.0.41.4',
    behaviour: policy(['version: STSv1', 'mode: enforcing', 'mx: mail.sts-bad-syntax.test', 'max_age: 99999999999']),
    sts: ['v=STSv1; id=2026-12-01'],
    tlsrpt: ['v=TLSRPTv1; rua=ftp://reports.sts-bad-syntax.test/'],
  },
  {
    domain: 'sts-redirect.test',
    address: '127.0.41.5',
    behaviour: { kind: 'redirect', location: 'https://www.sts-redirect.test/mta-sts.txt' },
    sts: [STS],
    tlsrpt: [RPT('sts-redirect.test')],
  },
  { domain: 'sts-silent.test', address: '127.0.41.6', behaviour: { kind: 'silent' }, sts: [STS], tlsrpt: [RPT('sts-silent.test')] },
  {
    domain: 'sts-endless-body.test',
    address: '127.0.41.7',
    behaviour: { kind: 'endless-body' },
    sts: [STS],
    tlsrpt: [RPT('sts-endless-body.test')],
  },
  {
    domain: 'sts-endless-header.test',
    address: '127.0.41.8',
    behaviour: { kind: 'endless-header' },
    sts: [STS],
    tlsrpt: [RPT('sts-endless-header.test')],
  },
  {
    domain: 'sts-no-record.test',
    address: '127.0.41.9',
    behaviour: policy(enforce(['mail.sts-no-record.test'])),
    sts: [],
    tlsrpt: [RPT('sts-no-record.test')],
  },
  {
    domain: 'sts-wrong-cert.test',
    address: '127.0.41.10',
    behaviour: policy(enforce(['mail.sts-wrong-cert.test'])),
    wrongName: true,
    sts: [STS],
    tlsrpt: [RPT('sts-wrong-cert.test')],
  },
  { domain: 'sts-stall.test', address: '127.0.41.11', behaviour: { kind: 'stall' }, sts: [STS], tlsrpt: [RPT('sts-stall.test')] },
  {
    domain: 'sts-multiple.test',
    address: '127.0.41.12',
    behaviour: policy(enforce(['mail.sts-multiple.test'])),
    sts: [STS, 'v=STSv1; id=20261202T000000'],
    tlsrpt: [RPT('sts-multiple.test'), 'v=TLSRPTv1; rua=mailto:other@sts-multiple.test'],
  },
  {
    domain: 'sts-html.test',
    address: '127.0.41.13',
    behaviour: policy(enforce(['mail.sts-html.test']), 'text/html'),
    sts: [STS],
    tlsrpt: [RPT('sts-html.test')],
  },
];

const soa = (origin: string): LabRecord => ({
  name: '@',
  type: 'SOA',
  data: { mname: `ns1.${origin}`, rname: `hostmaster.${origin}`, serial: 2026120201, minimum: 300 },
});

/** DNS of the MTA-STS scenarios. */
export function mtaStsLabZones(): LabZone[] {
  return policyLabHosts.map((h): LabZone => ({
    origin: h.domain,
    records: [
      soa(h.domain),
      { name: '@', type: 'NS', data: `ns1.${h.domain}` },
      { name: 'ns1', type: 'A', data: '127.0.0.53' },
      { name: '@', type: 'MX', data: { preference: 10, exchange: `mail.${h.domain}` } },
      { name: 'mail', type: 'A', data: h.address },
      ...(h.extraMx ?? []).flatMap((mx): LabRecord[] => [
        { name: '@', type: 'MX', data: { preference: 20, exchange: mx } },
        { name: `${mx}.`, type: 'A', data: h.address },
      ]),
      { name: 'mta-sts', type: 'A', data: h.address },
      { name: '@', type: 'TXT', data: txt('v=spf1 mx -all') },
      { name: '_dmarc', type: 'TXT', data: txt(`v=DMARC1; p=reject; rua=mailto:dmarc@${h.domain}`) },
      ...h.sts.map((v): LabRecord => ({ name: '_mta-sts', type: 'TXT', data: txt(v) })),
      ...h.tlsrpt.map((v): LabRecord => ({ name: '_smtp._tls', type: 'TXT', data: txt(v) })),
    ],
  }));
}

export interface PolicyServer {
  host: string;
  address: string;
  port: number;
  /** HTTP requests received (request line and headers), in order */
  requests: string[];
  /** TCP connections accepted */
  connections: number;
}

/** Servers by policy host name (`mta-sts.<domain>`); the CA is the SMTP lab's (one process-wide lab CA), so its `--ca-file` trusts these hosts too. */
export type PolicyLab = LabServerSet<PolicyServer>;

const FILLER = `X-Filler: ${'a'.repeat(1000)}\r\n`;
const CHUNK = `400\r\n${'x'.repeat(0x400)}\r\n`;

/** Writes `piece` until the socket closes, honouring backpressure. */
function endless(socket: tls.TLSSocket, first: string, piece: string): void {
  socket.write(first);
  const pump = () => {
    while (!socket.destroyed && socket.write(piece));
  };
  socket.on('drain', pump);
  pump();
}

function answer(socket: tls.TLSSocket, behaviour: PolicyBehaviour): void {
  const respond = (head: string[], body = ''): void => {
    socket.end([...head, `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', '', body].join('\r\n'));
  };
  switch (behaviour.kind) {
    case 'policy':
      return respond(['HTTP/1.1 200 OK', ...(behaviour.contentType ? [`Content-Type: ${behaviour.contentType}`] : [])], behaviour.body);
    case 'redirect':
      return respond(['HTTP/1.1 301 Moved Permanently', `Location: ${behaviour.location}`, 'Content-Type: text/plain']);
    case 'status':
      return respond([`HTTP/1.1 ${behaviour.status} Error`, 'Content-Type: text/plain']);
    case 'endless-header':
      return endless(socket, 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n', FILLER);
    case 'endless-body':
      return endless(socket, 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n', CHUNK);
    case 'stall':
    case 'silent':
      return;
  }
}

async function startPolicyServer(
  spec: PolicyHost,
  ca: LabCa,
  key: LabKey,
  port: number,
): Promise<{ server: PolicyServer; close(): Promise<void> }> {
  const host = `mta-sts.${spec.domain}`;
  const sockets = new Set<net.Socket>();
  const info: PolicyServer = { host, address: spec.address, port: 0, requests: [], connections: 0 };
  const name = spec.wrongName ? `mta-sts.other-organisation.test` : host;
  const context = tls.createSecureContext({ key: key.pem, cert: ca.issue({ commonName: name, dnsNames: [name], key }).chain });
  const server = net.createServer((raw) => {
    info.connections += 1;
    sockets.add(raw);
    raw.on('close', () => sockets.delete(raw));
    raw.on('error', () => {});
    if (spec.behaviour.kind === 'silent') return;
    const socket = new tls.TLSSocket(raw, { isServer: true, secureContext: context });
    socket.on('error', () => {});
    let buffered = '';
    socket.on('data', (data: Buffer) => {
      if (buffered.includes('\r\n\r\n')) return;
      buffered += data.toString('latin1');
      if (buffered.length > 16_384) return socket.destroy();
      if (!buffered.includes('\r\n\r\n')) return;
      info.requests.push(buffered.slice(0, buffered.indexOf('\r\n\r\n')));
      answer(socket, spec.behaviour);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, spec.address, () => resolve());
  });
  info.port = (server.address() as net.AddressInfo).port;
  return {
    server: info,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Starts every policy host. `port` 0 (default) gives each a free port. */
export async function startPolicyLab(options: { port?: number; caDir?: string } = {}): Promise<PolicyLab> {
  const ca = await createLabCa({ ...(options.caDir ? { dir: options.caDir } : {}), certificates: daneMaterial().ca });
  const key = labKey({ type: 'ec', curve: 'P-256' });
  const started: { server: PolicyServer; close(): Promise<void> }[] = [];
  try {
    for (const h of policyLabHosts) started.push(await startPolicyServer(h, ca, key, options.port ?? 0));
  } catch (error) {
    await Promise.all(started.map((s) => s.close()));
    if (!options.caDir) await rm(ca.dir, { recursive: true, force: true });
    throw error;
  }
  const connectTo = started.map(({ server: s }) => `${s.host}:443:${s.address}:${s.port}`);
  return {
    ca,
    caFile: ca.caFile,
    servers: new Map(started.map(({ server: s }) => [s.host, s])),
    connectTo,
    args: connectTo.flatMap((c) => ['--connect-to', c]),
    close: async () => {
      await Promise.all(started.map((s) => s.close()));
      if (!options.caDir) await rm(ca.dir, { recursive: true, force: true });
    },
  };
}

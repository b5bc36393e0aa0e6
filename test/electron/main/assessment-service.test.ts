/**
 * The service's one connector for every run (issue 11 item 2): the wizard assesses several
 * domains side by side, and two domains of a group often share their mail host. The limit of
 * simultaneous connections per address (DESIGN §4, default 2) must hold for the app as a whole,
 * so two runs together never open more than 2 connections at once to that host: the runs' one
 * Connector says so in its statistics.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AssessmentService } from '../../../electron/main/assessment-service';
import { Connector } from '../../../electron/engine/net/connect';
import { AssessmentStore } from '../../../electron/store/assessment-store';
import { AssessmentRequestSchema } from '../../../shared/assessment';
import type { RunOutcome } from '../../../shared/ipc';
import { startLabDnsServer, txt, type LabDnsServer, type LabRecord, type LabZone } from '../../lab/dns-server';

const SHARED_MX = 'mx.shared-host.test';

function zone(origin: string, records: LabRecord[]): LabZone {
  return {
    origin,
    records: [
      { name: '@', type: 'SOA', data: { mname: `ns1.${origin}`, rname: `hostmaster.${origin}`, serial: 1, minimum: 300 } },
      { name: '@', type: 'NS', data: `ns1.${origin}` },
      { name: 'ns1', type: 'A', data: '127.0.0.53' },
      ...records,
    ],
  };
}

/** Two organisations of one group whose mail goes through the same host. */
const zones = [
  zone('shared-host.test', [{ name: 'mx', type: 'A', data: '127.0.31.1' }]),
  ...['group-a.test', 'group-b.test'].map((origin) =>
    zone(origin, [
      { name: '@', type: 'MX', data: { preference: 10, exchange: SHARED_MX } },
      { name: '@', type: 'TXT', data: txt('v=spf1 mx -all') },
    ]),
  ),
];

/**
 * A slow SMTP host: it greets after a pause and answers EHLO without STARTTLS, so every
 * connection stays open a while and connections of both runs would overlap if they could.
 */
interface SlowServer {
  port: number;
  accepted: number;
  close(): Promise<void>;
}

async function slowSmtpServer(): Promise<SlowServer> {
  const sockets = new Set<net.Socket>();
  const state = { accepted: 0 };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    state.accepted += 1;
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const greet = setTimeout(() => socket.write(`220 ${SHARED_MX} ESMTP\r\n`), 400);
    socket.on('close', () => clearTimeout(greet));
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      let end;
      while ((end = buffer.indexOf('\r\n')) !== -1) {
        const line = buffer.slice(0, end).toUpperCase();
        buffer = buffer.slice(end + 2);
        if (line.startsWith('EHLO') || line.startsWith('HELO')) socket.write(`250 ${SHARED_MX}\r\n`);
        else if (line.startsWith('QUIT')) socket.end('221 bye\r\n');
        else socket.write('502 5.5.2 not here\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    get accepted() {
      return state.accepted;
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

let lab: LabDnsServer;
let smtp: SlowServer;
let dir: string;

beforeAll(async () => {
  [lab, smtp, dir] = await Promise.all([
    startLabDnsServer({ zones }),
    slowSmtpServer(),
    mkdtemp(path.join(tmpdir(), 'mailaudit-service-')),
  ]);
});

afterAll(async () => {
  await Promise.all([lab?.close(), smtp?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

function runBoth(service: AssessmentService): Promise<RunOutcome[]> {
  return Promise.all(
    ['group-a.test', 'group-b.test'].map(
      (domain) =>
        new Promise<RunOutcome>((resolve) => {
          service.start(AssessmentRequestSchema.parse({ domain, language: 'en' }), { progress: () => {}, finished: resolve });
        }),
    ),
  );
}

describe('AssessmentService runs side by side', () => {
  it('share one connector: two domains with one mail host never hold more than 2 connections to it at once', async () => {
    const service = new AssessmentService({
      store: new AssessmentStore(path.join(dir, 'store')),
      engine: {
        resolvers: [lab.address],
        dnsTimeoutMs: 1000,
        checkTimeoutMs: 8000,
        // Every port of the shared host leads to the slow server.
        connectTo: [`${SHARED_MX}::127.0.0.1:${smtp.port}`],
      },
    });
    // The runner binds every check's signal to the run's connector: that is where to find it.
    const bind = vi.spyOn(Connector.prototype, 'bind');
    const outcomes = await runBoth(service);
    for (const outcome of outcomes) expect(outcome.ok, JSON.stringify(!outcome.ok && outcome.error)).toBe(true);
    // (The engine's network readiness test has a connector of its own; it never dials the mail host.)
    const connectors = [...new Set(bind.mock.contexts as Connector[])].filter((c) => c.stats().some((s) => s.address === '127.0.0.1'));
    expect(connectors).toHaveLength(1);
    // Both runs together made many connections to the one host, and never more than two at once.
    expect(connectors[0]!.stats()).toEqual([{ address: '127.0.0.1', connections: smtp.accepted, peakConcurrent: 2 }]);
    expect(smtp.accepted).toBeGreaterThan(4);
    expect(service.activeRuns).toBe(0);
  }, 60_000);

  it('use the connector the engine options inject (its statistics are the caller’s to read)', async () => {
    const connector = new Connector({ maxPerAddress: 1 });
    const injected = new AssessmentService({
      store: new AssessmentStore(path.join(dir, 'store-injected')),
      engine: { resolvers: [lab.address], dnsTimeoutMs: 1000, checkTimeoutMs: 8000, connector },
    });
    // The injected connector has no connect-to rules: the lab address 127.0.31.1 is dialled and refuses.
    const outcomes = await runBoth(injected);
    for (const outcome of outcomes) expect(outcome.ok).toBe(true);
    const stats = connector.stats();
    expect(stats.map((s) => s.address)).toEqual(['127.0.31.1']);
    expect(stats[0]!.connections).toBeGreaterThan(2);
    expect(stats[0]!.peakConcurrent).toBe(1);
  }, 60_000);
});

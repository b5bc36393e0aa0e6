/**
 * The client-access check on real sockets: the lab's IMAP, POP3 and submission servers
 * (test/lab/client-lab.ts) behind --connect-to rules, access-hosts and starttls results as the
 * runner would pass them, and TLS with the lab CA.
 */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessHostsSpec, type AccessHost } from '../../../../electron/engine/checks/access-hosts/spec';
import { clientAccessCheck } from '../../../../electron/engine/checks/client-access/check';
import { startTlsSpec } from '../../../../electron/engine/checks/starttls/spec';
import { Connector, parseConnectTo } from '../../../../electron/engine/net/connect';
import { POP3_PROBE_USER, probeClientPort } from '../../../../electron/engine/net/client-ports';
import { createLabCa, type LabCa } from '../../../lab/ca';
import { startClientLab, type ClientLab } from '../../../lab/client-lab';
import { checkContext, runCheck } from '../../../support/check-context';
import { FakeDns } from '../../../support/fake-dns';

let ca: LabCa;
let lab: ClientLab;

beforeAll(async () => {
  ca = await createLabCa();
  lab = await startClientLab(ca);
}, 30_000);

afterAll(async () => {
  await lab?.close();
  if (ca) await rm(ca.dir, { recursive: true, force: true });
});

const host = (name: string, addresses: string[], extra: Partial<AccessHost> = {}): AccessHost => ({
  name,
  addresses,
  sources: [{ kind: 'mx' }],
  srv: [],
  microsoft: false,
  ...extra,
});

async function run(hosts: AccessHost[], starttls?: unknown) {
  const connector = new Connector({ connectTo: lab.connectTo.map(parseConnectTo) });
  const results = new Map<{ id: string }, unknown>([[accessHostsSpec, { hosts, autodiscoverExchangeOnline: false }]]);
  if (starttls) results.set(startTlsSpec, starttls);
  const { ctx } = checkContext(
    clientAccessCheck,
    new FakeDns({}),
    { domain: 'client.test' },
    {
      connector,
      results,
      settings: { extraCaPem: [ca.root.pem] },
    },
  );
  const output = await runCheck(clientAccessCheck, ctx);
  return { output, connector };
}

const keysAt = (findings: { key: string; params?: Record<string, unknown> }[], port: number) =>
  findings.filter((f) => f.params?.port === port).map((f) => f.key);

describe('client-access check', () => {
  it('passes a host with TLS on 465/587/993/995 and 110/143 closed, one probe per address and port', async () => {
    // Two names on one address: each port is still tested once.
    const { output, connector } = await run([
      host('mail.client-good.test', ['127.0.60.1']),
      host('autodiscover.client-good.test', ['127.0.60.1'], { sources: [{ kind: 'autodiscover' }] }),
    ]);
    const f = output.findings;
    expect(f.filter((x) => x.status === 'fail')).toEqual([]);
    expect(keysAt(f, 465)).toContain('finding.client_access.tls_ok');
    expect(keysAt(f, 993)).toContain('finding.client_access.tls_ok');
    expect(keysAt(f, 995)).toContain('finding.client_access.tls_ok');
    expect(keysAt(f, 587)).toContain('finding.client_access.submission_ok');
    expect(keysAt(f, 587)).toContain('finding.tls.versions_modern');
    // The MX checks' TLS profile on each TLS port: versions, suites, key exchange.
    expect(keysAt(f, 993)).toEqual(
      expect.arrayContaining(['finding.tls.versions_modern', 'finding.tls.ciphers_ok', 'finding.tls.key_exchange_ok']),
    );
    for (const port of [110, 143]) {
      const closed = f.find((x) => x.params?.port === port)!;
      expect(closed).toMatchObject({ key: 'finding.client_access.port_closed', status: 'pass' });
    }
    expect(f.filter((x) => x.key === 'finding.certificate.ok')).toHaveLength(1);
    expect(output.data.ports).toHaveLength(6);
    expect(output.data.ports[0]!.names).toEqual(['mail.client-good.test', 'autodiscover.client-good.test']);
    // Politeness: the connector's per-address limit held.
    expect(connector.stats().find((s) => s.address === '127.0.60.1')!.peakConcurrent).toBeLessThanOrEqual(2);
  }, 60_000);

  it('fails plaintext IMAP without LOGINDISABLED and POP3 taking USER before STLS, never sending a password', async () => {
    const { output } = await run([host('mail.client-plaintext.test', ['127.0.60.2'])]);
    const f = output.findings;
    expect(f.find((x) => x.params?.port === 143)).toMatchObject({ key: 'finding.client_access.imap_login_before_tls', status: 'fail' });
    const pop = f.find((x) => x.params?.port === 110)!;
    expect(pop).toMatchObject({ key: 'finding.client_access.pop3_login_before_tls', status: 'fail' });
    expect(pop.params?.login).toBe(`USER ${POP3_PROBE_USER} → +OK send PASS`);
    const commands = lab.servers.filter((s) => s.address === '127.0.60.2').flatMap((s) => s.commands);
    expect(commands).toContain('USER');
    expect(commands).not.toContain('PASS');
    expect(commands).not.toContain('LOGIN');
  }, 60_000);

  it('passes IMAP and POP3 that allow login only after STARTTLS', async () => {
    const { output } = await run([host('mail.client-starttls.test', ['127.0.60.3'])]);
    expect(keysAt(output.findings, 143)).toEqual(['finding.client_access.imap_login_after_tls']);
    expect(keysAt(output.findings, 110)).toEqual(['finding.client_access.pop3_login_after_tls']);
    expect(output.findings.filter((x) => x.status === 'fail')).toEqual([]);
  }, 60_000);

  it('fails AUTH before STARTTLS on submission and, from the starttls EHLO, on port 25', async () => {
    const starttls = {
      port: 25,
      port25: 'open',
      addresses: [
        {
          host: 'mail.client-authplain.test',
          address: '127.0.60.4',
          family: 4,
          port: 25,
          outcome: 'ok',
          durationMs: 5,
          session: { heloName: '[127.0.0.1]', extensions: ['STARTTLS', 'AUTH PLAIN LOGIN'], transcript: ['S: 220 x'] },
        },
      ],
    };
    const { output } = await run([host('mail.client-authplain.test', ['127.0.60.4'])], starttls);
    const f = output.findings;
    expect(f.find((x) => x.params?.port === 587)).toMatchObject({
      key: 'finding.client_access.submission_auth_before_tls',
      status: 'fail',
      params: { auth: 'AUTH PLAIN LOGIN' },
    });
    expect(f.find((x) => x.key === 'finding.client_access.smtp_auth_before_tls')).toMatchObject({ status: 'fail', params: { port: 25 } });
  }, 60_000);

  it('judges a TLS port with the MX TLS profile: TLS 1.0 and static-RSA suites on POP3S fail', async () => {
    const { output } = await run([host('mail.client-legacy-tls.test', ['127.0.60.6'])]);
    const pop3s = output.findings.filter((x) => x.params?.port === 995);
    expect(pop3s.find((x) => x.key === 'finding.tls.legacy_versions_offered')).toMatchObject({
      status: 'fail',
      params: { versions: ['TLSv1.0', 'TLSv1.1'], service: 'POP3S' },
    });
    expect(pop3s.map((x) => x.key)).toContain('finding.tls.cipher_insufficient');
    const port = output.data.ports.find((p) => p.port === 995)!;
    expect(port.versions?.state).toBe('completed');
    expect(port.ciphers?.state).toBe('completed');
  }, 60_000);

  it('ends a silent peer and an endless line with a clear finding within the reply timeout', async () => {
    const started = Date.now();
    const { output } = await run([host('mail.client-hostile.test', ['127.0.60.5'])]);
    expect(Date.now() - started).toBeLessThan(25_000);
    const imap = output.data.ports.find((p) => p.port === 143)!;
    const pop = output.data.ports.find((p) => p.port === 110)!;
    expect(imap.outcome).toBe('silent');
    expect(pop.outcome).toBe('garbled');
    expect(pop.detail).toMatch(/longer than/);
    expect(keysAt(output.findings, 143)).toEqual(['finding.client_access.no_answer']);
    expect(keysAt(output.findings, 110)).toEqual(['finding.client_access.no_answer']);
    // A service that turns us away is told apart from a closed port.
    expect(output.findings.find((x) => x.params?.port === 995 && x.key.startsWith('finding.client_access'))).toMatchObject({
      key: 'finding.client_access.service_refused',
      status: 'info',
      params: { detail: '-ERR no service for you' },
    });
  }, 60_000);

  it("reports Microsoft's endpoints without probing them", async () => {
    const connector = new Connector({ connectTo: lab.connectTo.map(parseConnectTo) });
    const hosts = [host('autodiscover.outlook.com', ['127.0.60.1'], { microsoft: true })];
    const { ctx } = checkContext(
      clientAccessCheck,
      new FakeDns({}),
      { domain: 'client.test' },
      {
        connector,
        results: new Map([[accessHostsSpec, { hosts, autodiscoverExchangeOnline: true }]]),
      },
    );
    const output = await runCheck(clientAccessCheck, ctx);
    expect(output.findings.map((f) => [f.key, f.status])).toEqual([['finding.client_access.microsoft', 'pass']]);
    expect(connector.stats()).toEqual([]);
  });

  it('tells closed (RST) from filtered (no answer to the SYN)', async () => {
    const connector = new Connector();
    // Nothing listens on 127.0.60.250:143: the kernel answers RST.
    const closed = await probeClientPort(connector.connect, { host: 'x.test', address: '127.0.60.250', port: 143, protocol: 'imap' });
    expect(closed.outcome).toBe('closed');
    // A listener that never accepts, with a backlog of 0: once its queue holds one connection, Linux drops
    // further SYNs, which is what a filtering firewall looks like from outside.
    const listener = spawn('python3', [
      '-c',
      "import socket,sys,time\ns=socket.socket()\ns.bind(('127.0.60.251',0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(60)",
    ]);
    try {
      const port = Number(await new Promise<string>((resolve) => listener.stdout.once('data', (d: Buffer) => resolve(d.toString()))));
      const fillers = [0, 1].map(() => net.connect({ host: '127.0.60.251', port }).on('error', () => {}));
      await new Promise((r) => setTimeout(r, 200));
      const target = { host: 'x.test', address: '127.0.60.251', port, protocol: 'imap' as const };
      const filtered = await probeClientPort(connector.connect, target, { connectTimeoutMs: 1_500 });
      fillers.forEach((f) => f.destroy());
      expect(filtered.outcome).toBe('filtered');
    } finally {
      listener.kill();
    }
  });
});

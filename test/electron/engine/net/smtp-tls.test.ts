/**
 * One TLS probe step over SMTP STARTTLS (electron/engine/net/smtp-tls.ts) against small real
 * servers on loopback: the per-address budget stops new connections but keeps what was learned,
 * the problem of a failed open is classified, and a completed step says so.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Connector, parseConnectTo } from '../../../../electron/engine/net/connect';
import { DnsClient } from '../../../../electron/engine/net/dns-client';
import { createResolver } from '../../../../electron/engine/net/resolver';
import { runTlsStep } from '../../../../electron/engine/net/smtp-tls';
import { probeVersions } from '../../../../electron/engine/net/tls';
import { versionFindings } from '../../../../shared/tls/assess';
import { checkContext } from '../../../support/check-context';
import { createLabCa, type LabCa } from '../../../lab/ca';
import { startLabMiniServer, type MiniServer } from '../checks/support/tls-chain';
import type { SmtpLab } from '../../../lab/smtp-lab';
import { tlsVersionsCheck } from '../../../../electron/engine/checks/tls-versions/check';

let ca: LabCa;
const servers: MiniServer[] = [];
beforeAll(async () => {
  ca = await createLabCa();
});
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});
afterAll(async () => {
  const { rm } = await import('node:fs/promises');
  if (ca) await rm(ca.dir, { recursive: true, force: true });
});

async function setup(domain: string, host: string, options: { greetingDelayMs?: number; rateLimitAfter?: number } = {}) {
  // startLabMiniServer needs only the CA of a lab.
  const server = await startLabMiniServer({ ca } as SmtpLab, { domain, host, ...options });
  servers.push(server);
  const connector = new Connector({ connectTo: [parseConnectTo(server.extra.connectTo)] });
  // No DNS is asked in these tests: the target is given.
  const dns = createResolver(new DnsClient({ servers: [{ host: '127.0.0.1', port: 9 }], timeoutMs: 100 }));
  const { ctx } = checkContext(tlsVersionsCheck, dns, { domain }, { connector });
  const target = { host: `mail.${domain}`, address: host, family: 4 as const, port: 25, endpoint: `${host}:25` };
  return { server, connector, ctx, target };
}

describe('runTlsStep', () => {
  it('a completed step: state, stats and the value', async () => {
    const { server, ctx, target } = await setup('step-ok.test', '127.0.42.40');
    const run = await runTlsStep(ctx, target, { budgetMs: 30_000 }, (session) => probeVersions(session));
    expect(run).toMatchObject({ state: 'completed', value: { supported: ['TLSv1.2', 'TLSv1.3'] } });
    expect(run.problem).toBeUndefined();
    expect(run.stats.connections).toBe(server.connections);
  });

  it('the per-address budget: no new connection once it is spent, what was learned is kept and the rest is "unknown"', async () => {
    // 200 ms before each greeting: with two connections at a time, five version hellos need about 600 ms.
    const { server, ctx, target } = await setup('step-slow.test', '127.0.42.41', { greetingDelayMs: 200 });
    const run = await runTlsStep(ctx, target, { budgetMs: 300 }, (session) => probeVersions(session));
    expect(run.state).toBe('interrupted');
    expect(run.problem).toMatchObject({ kind: 'deadline' });
    // Newest first: the first hellos went out at once and were answered; SSL 3.0, asked last, never was.
    expect(run.value.supported).toContain('TLSv1.3');
    expect(run.value.probes.find((p) => p.version === 'SSLv3')?.state).toBe('unknown');
    expect(server.connections).toBeLessThanOrEqual(4);
    const keys = versionFindings({ ...target, state: run.state, problem: run.problem!, stats: run.stats, versions: run.value }).map(
      (f) => f.key,
    );
    expect(keys).toEqual(['finding.tls.deadline']);
  });

  it('a 421 from the server: rate-limited with its reply, and the connector pauses the address', async () => {
    const { connector, ctx, target } = await setup('step-421.test', '127.0.42.42', { rateLimitAfter: 1 });
    const run = await runTlsStep(ctx, target, { budgetMs: 30_000 }, (session) => probeVersions(session));
    expect(run.state).toBe('interrupted');
    expect(run.problem).toMatchObject({ kind: 'rate_limited', reply: expect.stringMatching(/^421 4\.7\.0 /) });
    await expect(connector.connect({ host: target.host, address: target.address, port: 25 })).rejects.toMatchObject({
      problem: 'rate_limited',
    });
  });
});

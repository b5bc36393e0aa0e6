/**
 * The starttls check against the SMTP lab: real servers on 127.0.40.x reached through
 * --connect-to rules, the lab CA trusted, the port-25 reference pointed at the lab.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyCheck } from '../../../../electron/engine/check';
import { mxCheck } from '../../../../electron/engine/checks/mx/check';
import type { MxHost, MxResult } from '../../../../electron/engine/checks/mx/spec';
import { startTlsCheck, startTlsTargets } from '../../../../electron/engine/checks/starttls/check';
import { Connector, parseConnectTo } from '../../../../electron/engine/net/connect';
import { DEAD_REFERENCE_HOST, REFERENCE_HOST, smtpLabZones, startSmtpLab, type SmtpLab } from '../../../lab/smtp-lab';
import { findingKeys, runCheckAgainstLab } from '../../../support/check-harness';

let lab: SmtpLab;
beforeAll(async () => {
  lab = await startSmtpLab();
}, 30_000);
afterAll(() => lab?.close());

function mxHost(domain: string, ipv4: string[], ipv6: string[] = []): MxHost {
  return { preference: 10, exchange: `mail.${domain}`, cnames: [], ipv4, ipv6 };
}

async function runStartTls(hosts: MxHost[], options: { reference?: string; connector?: Connector; signal?: AbortSignal } = {}) {
  const mx: MxResult = { kind: 'mx', hosts, extraHosts: [] };
  const connector = options.connector ?? new Connector({ connectTo: lab.connectTo.map(parseConnectTo) });
  const run = await runCheckAgainstLab(
    startTlsCheck,
    smtpLabZones(),
    { domain: 'firma.test' },
    new Map<AnyCheck, unknown>([[mxCheck, mx]]),
    {
      connector,
      settings: { extraCaPem: [lab.ca.root.pem], port25Reference: { host: options.reference ?? REFERENCE_HOST.name, port: 25 } },
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  return { ...run, connector };
}

describe('starttls check', () => {
  it('tests every address of an MX, IPv4 and IPv6, with the address in the evidence and one connection each', async () => {
    const { output, progress, connector } = await runStartTls([mxHost('tls-modern.test', ['127.0.40.1'], ['::1'])]);
    expect(output.findings.map((f) => [f.key, f.status, f.params!.address])).toEqual([
      ['finding.starttls.ok', 'pass', '127.0.40.1'],
      ['finding.starttls.ok', 'pass', '::1'],
    ]);
    for (const f of output.findings) {
      expect(f.target).toBe('mail.tls-modern.test');
      expect(f.evidence).toContainEqual({ type: 'address', host: 'mail.tls-modern.test', address: f.params!.address });
      expect(f.params!).toMatchObject({ host: 'mail.tls-modern.test', port: 25, protocol: 'TLSv1.3' });
      expect(f.evidence!.find((e) => e.type === 'text' && e.key === 'evidence.smtp.transcript')).toBeDefined();
    }
    const data = output.data;
    expect(data.port25).toBe('open');
    expect(data.reference).toBeUndefined();
    expect(data.addresses.map((a) => [a.family, a.outcome, a.tls?.authorized, a.tls?.chain[0]?.commonName])).toEqual([
      [4, 'ok', true, 'mail.tls-modern.test'],
      [6, 'ok', true, 'mail.tls-modern.test'],
    ]);
    expect(progress).toEqual(
      expect.arrayContaining([
        'started mail.tls-modern.test [127.0.40.1]',
        'finished mail.tls-modern.test [127.0.40.1] pass',
        'finished mail.tls-modern.test [::1] pass',
      ]),
    );
    // Politeness: the handshake that showed STARTTLS works also gave the certificate; one connection per address.
    expect(
      connector
        .stats()
        .map((s) => [s.address, s.connections])
        .sort(),
    ).toEqual([
      ['127.0.40.1', 1],
      ['::1', 1],
    ]);
    expect(startTlsTargets(data)).toEqual([
      { host: 'mail.tls-modern.test', address: '127.0.40.1', port: 25, family: 4, handshakeCompleted: true },
      { host: 'mail.tls-modern.test', address: '::1', port: 25, family: 6, handshakeCompleted: true },
    ]);
    // JSON all the way: the data goes into the Assessment document.
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it.each([
    ['tls-no-starttls.test', '127.0.40.3', 'finding.starttls.not_offered', 'fail'],
    ['tls-starttls-454.test', '127.0.40.4', 'finding.starttls.temporarily_refused', 'fail'],
    ['tls-421.test', '127.0.40.11', 'finding.starttls.rate_limited', 'not_tested'],
    ['tls-helo-only.test', '127.0.40.15', 'finding.starttls.helo_only', 'fail'],
    ['tls-legacy.test', '127.0.40.2', 'finding.starttls.ok', 'pass'],
    ['tls-self-signed.test', '127.0.40.6', 'finding.starttls.ok', 'pass'],
  ])('%s → %s', async (domain, address, key, status) => {
    const { output } = await runStartTls([mxHost(domain, [address])]);
    expect(output.findings.map((f) => [f.key, f.status])).toEqual([[key, status]]);
    expect(output.findings[0]!.params!).toMatchObject({ host: `mail.${domain}`, address, port: 25 });
  });

  it('keeps the decisive reply for the remediation text and the report', async () => {
    const { output } = await runStartTls([mxHost('tls-starttls-454.test', ['127.0.40.4'])]);
    expect(output.findings[0]!.params!.reply).toBe('454 4.7.0 TLS not available due to local problem');
    expect(output.data.addresses[0]!.session?.extensions).toContain('STARTTLS');
  });

  it('a 421 is reported once and not retried, and the TLS checks get no target there', async () => {
    const server = lab.servers.get('mail.tls-421.test')!;
    const before = server.connections;
    const { output, connector } = await runStartTls([mxHost('tls-421.test', ['127.0.40.11'])]);
    expect(server.connections - before).toBe(1);
    expect(startTlsTargets(output.data)).toEqual([]);
    // The connector refuses further connections to it for a while (no retry storm from later checks).
    await expect(connector.connect({ host: 'mail.tls-421.test', address: '127.0.40.11', port: 25 })).rejects.toMatchObject({
      problem: 'rate_limited',
    });
  });

  it('an MX that refuses connections while the reference host answers: "unreachable", not "port 25 blocked"', async () => {
    const reference = lab.servers.get(REFERENCE_HOST.name)!;
    const before = reference.connections;
    const { output } = await runStartTls([mxHost('tls-no-listener.test', ['127.0.40.16'])]);
    expect(output.findings.map((f) => [f.key, f.status])).toEqual([['finding.starttls.unreachable', 'warning']]);
    expect(output.data).toMatchObject({
      port25: 'open',
      reference: { host: REFERENCE_HOST.name, address: REFERENCE_HOST.address, outcome: 'reachable' },
    });
    expect(reference.connections - before).toBe(1);
    // Politely: the reference server heard QUIT.
    expect(reference.commands.at(-1)).toBe('QUIT');
  });

  it('no MX and not the reference answer on port 25: one "port 25 blocked" finding, not tested (DESIGN §4)', async () => {
    const { output } = await runStartTls(
      [mxHost('tls-port25-blocked.test', ['127.0.40.17']), mxHost('tls-no-listener.test', ['127.0.40.16'])],
      { reference: DEAD_REFERENCE_HOST.name },
    );
    expect(output.findings.map((f) => [f.key, f.status])).toEqual([['finding.starttls.port25_blocked', 'not_tested']]);
    expect(output.findings[0]!.params!.reference).toBe(`${DEAD_REFERENCE_HOST.name}:25`);
    expect(output.data).toMatchObject({ port25: 'blocked', reference: { outcome: 'unreachable', address: DEAD_REFERENCE_HOST.address } });
    expect(startTlsTargets(output.data)).toEqual([]);
  });

  it('a reference host missing from DNS: "cannot tell", not "blocked"', async () => {
    const { output } = await runStartTls([mxHost('tls-no-listener.test', ['127.0.40.16'])], { reference: 'mx.no-such-reference.test' });
    expect(output.findings.map((f) => [f.key, f.status])).toEqual([['finding.starttls.port25_unverified', 'not_tested']]);
    expect(output.data.port25).toBe('unverified');
  });

  it('does not probe the reference when one MX answered', async () => {
    const reference = lab.servers.get(REFERENCE_HOST.name)!;
    const before = reference.connections;
    const { output } = await runStartTls([mxHost('tls-modern.test', ['127.0.40.1']), mxHost('tls-no-listener.test', ['127.0.40.16'])]);
    expect(findingKeys(output).sort()).toEqual(['finding.starttls.ok', 'finding.starttls.unreachable']);
    expect(output.data.reference).toBeUndefined();
    expect(reference.connections).toBe(before);
  });

  it('skips without MX results, and when the MX set has no usable host', async () => {
    const zones = smtpLabZones();
    await expect(runCheckAgainstLab(startTlsCheck, zones, { domain: 'firma.test' })).rejects.toMatchObject({
      because: 'skipped.requires_mx',
    });
    const nullMx: MxResult = { kind: 'null-mx', hosts: [], extraHosts: [] };
    await expect(
      runCheckAgainstLab(startTlsCheck, zones, { domain: 'firma.test' }, new Map<AnyCheck, unknown>([[mxCheck, nullMx]])),
    ).rejects.toMatchObject({ because: 'skipped.no_mail_servers' });
  });

  it('cancellation ends a check waiting on a stalled server at once', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    const result = await runStartTls([mxHost('tls-stall.test', ['127.0.40.10'])], { signal: controller.signal }).catch((e: unknown) => e);
    expect(result).toBeInstanceOf(Error);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

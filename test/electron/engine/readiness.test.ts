/**
 * Network readiness against real servers (issue 11): a resolver that answers vs an address where
 * none listens, DNSSEC data passed by the signed lab vs stripped by the lab server's strip mode,
 * and outbound TCP through a network namespace whose port 25 drops every SYN
 * (test/support/blocked-network.ts) while 465, 587, 993, 995 and 443 answer.
 */
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assess, measureReadiness } from '../../../electron/engine/engine';
import type { ProgressEvent } from '../../../electron/engine/runner';
import { Connector, parseConnectTo } from '../../../electron/engine/net/connect';
import { DnsClient, parseResolverAddress } from '../../../electron/engine/net/dns-client';
import { createResolver } from '../../../electron/engine/net/resolver';
import { checkReadiness, type ReadinessInput } from '../../../electron/engine/readiness';
import { NetworkReadinessSchema, readinessLimitations } from '../../../shared/readiness';
import {
  BLOCKED_PORT,
  OPEN_PORTS,
  blockedNetworkUnavailable,
  startBlockedNetwork,
  type BlockedNetwork,
} from '../../support/blocked-network';
import { useSignedLab } from '../../support/signed-lab';

const lab = useSignedLab();
const skipNet = blockedNetworkUnavailable();
let network: BlockedNetwork | undefined;
/** a loopback UDP port with nothing behind it: queries get ICMP port unreachable */
let deadResolver: string;

beforeAll(async () => {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  deadResolver = `127.0.0.1:${socket.address().port}`;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  if (!skipNet) network = await startBlockedNetwork();
}, 60_000);

afterAll(async () => {
  await network?.close();
});

function input(resolvers: string[], extra: Partial<ReadinessInput> = {}): ReadinessInput {
  const servers = resolvers.map(parseResolverAddress);
  return {
    servers,
    dnsTimeoutMs: 500,
    anchorZone: lab.anchors[0]!.owner,
    iterativeFallback: false,
    dns: createResolver(new DnsClient({ servers: [parseResolverAddress(lab.dns.address)], timeoutMs: 500 })),
    connector: new Connector(),
    // Nothing listens on loopback port 1: refused at once, no waiting in these DNS tests.
    port25Reference: { host: '127.0.0.1', port: 1 },
    connectTimeoutMs: 2000,
    ...extra,
  };
}

describe('resolvers and DNSSEC data', () => {
  it('a lab resolver with the signed root answers and passes DNSKEY with its RRSIG', async () => {
    const r = await checkReadiness(input([lab.dns.address]));
    expect(NetworkReadinessSchema.parse(r)).toEqual(r);
    expect(r.resolvers).toEqual([expect.objectContaining({ server: lab.dns.address, answered: true, rcode: 'NOERROR', dnssec: 'passes' })]);
    expect(r.dnssec).toMatchObject({ state: 'passes', zone: '.', reason: 'signed' });
    expect(readinessLimitations(r).map((l) => l.key)).not.toContain('readiness.limit.dnssec_strips');
  });

  it('a resolver that strips DNSSEC data is told apart', async () => {
    const stripping = await lab.serve(lab.world.zones, true);
    const r = await checkReadiness(input([stripping.address]));
    expect(r.resolvers[0]).toMatchObject({ answered: true, dnssec: 'strips' });
    expect(r.dnssec).toMatchObject({ state: 'strips', zone: '.' });
    const limits = readinessLimitations(r);
    expect(limits).toContainEqual(
      expect.objectContaining({ key: 'readiness.limit.dnssec_strips', requirements: [4, 5], severity: 'limits' }),
    );
    // With the iterative fallback the engine validates without the resolver: a note, not a limit.
    const iterative = await checkReadiness(input([stripping.address], { iterativeFallback: true }));
    expect(readinessLimitations(iterative)).toContainEqual(
      expect.objectContaining({ key: 'readiness.limit.dnssec_strips_iterative', severity: 'note' }),
    );
  });

  it('a resolver address where nothing answers is "not answered", and then nothing can be verified', async () => {
    const r = await checkReadiness(input([deadResolver]));
    expect(r.resolvers).toEqual([expect.objectContaining({ server: deadResolver, answered: false, problem: expect.any(String) })]);
    expect(r.dnssec).toMatchObject({ state: 'unknown', reason: 'no_answer' });
    const [first] = readinessLimitations(r);
    expect(first).toMatchObject({ key: 'readiness.limit.no_resolver', severity: 'limits', requirements: [1, 2, 3, 4, 5, 7, 8, 9, 10] });
  });

  it('one silent resolver beside a working one is only a note', async () => {
    const r = await checkReadiness(input([deadResolver, lab.dns.address]));
    expect(r.resolvers.map((x) => x.answered)).toEqual([false, true]);
    expect(r.dnssec.state).toBe('passes');
    expect(readinessLimitations(r)).toContainEqual(
      expect.objectContaining({ key: 'readiness.limit.some_resolvers_silent', severity: 'note' }),
    );
  });
});

describe.skipIf(skipNet)(`outbound ports on a network that drops port 25${skipNet ? ` (skipped: ${skipNet})` : ''}`, () => {
  it('25 is blocked (SYN unanswered), the others open; the limitation names rows 1–3, 5 and 10', async () => {
    const address = network!.address;
    const started = Date.now();
    const r = await checkReadiness(input([lab.dns.address], { port25Reference: { host: address, port: 25 }, portReference: address }));
    // All ports at once: the blocked one costs its deadline, not six.
    expect(Date.now() - started).toBeLessThan(4500);
    const state = Object.fromEntries(r.ports.map((p) => [p.port, p.state]));
    expect(state).toEqual({ [BLOCKED_PORT]: 'blocked', ...Object.fromEntries(OPEN_PORTS.map((p) => [p, 'open'])) });
    expect(r.ports.find((p) => p.port === 25)).toMatchObject({
      host: address,
      address: `${address}:25`,
      detail: expect.stringContaining('no TCP connection'),
    });
    const limits = readinessLimitations(r);
    expect(limits.filter((l) => l.severity === 'limits')).toEqual([
      { key: 'readiness.limit.port25_blocked', params: { host: address }, requirements: [1, 2, 3, 5, 10], severity: 'limits' },
    ]);
  });

  it('the port-25 reference goes through --connect-to rules', async () => {
    const rules = [parseConnectTo(`ref.example.test:25:${network!.address}:25`)];
    const r = await checkReadiness(
      input([lab.dns.address], { connector: new Connector({ connectTo: rules }), port25Reference: { host: '127.0.0.9', port: 25 } }),
    );
    // Without a rule the address itself: nothing listens on 127.0.0.9:25.
    expect(r.ports.find((p) => p.port === 25)?.state).toBe('refused');
    const mapped = await checkReadiness(
      input([lab.dns.address], {
        connector: new Connector({ connectTo: [parseConnectTo(`127.0.0.9:25:${network!.address}:25`)] }),
        port25Reference: { host: '127.0.0.9', port: 25 },
      }),
    );
    expect(mapped.ports.find((p) => p.port === 25)).toMatchObject({ state: 'blocked', address: `${network!.address}:25` });
  });

  it('without a reference host the other ports are not tested, and that is said', async () => {
    const r = await checkReadiness(input([lab.dns.address], { port25Reference: { host: network!.address, port: 25 } }));
    expect(r.ports.filter((p) => p.port !== 25).map((p) => p.state)).toEqual(OPEN_PORTS.map(() => 'not_tested'));
    expect(readinessLimitations(r)).toContainEqual(
      expect.objectContaining({ key: 'readiness.limit.ports_not_tested', params: { ports: '465, 587, 993, 995, 443' }, severity: 'note' }),
    );
  });

  it('measureReadiness works from AssessOptions alone (a batch measures once)', async () => {
    const r = await measureReadiness({
      resolvers: [lab.dns.address],
      trustAnchorFile: lab.world.anchorFile,
      port25ReferenceHost: network!.address,
      portReferenceHost: network!.address,
      dnsTimeoutMs: 500,
    });
    expect(r.resolvers[0]).toMatchObject({ answered: true, dnssec: 'passes' });
    expect(r.ports.map((p) => [p.port, p.state])).toEqual([[25, 'blocked'], ...OPEN_PORTS.map((p) => [p, 'open'])]);
  }, 20_000);

  it('assess measures before the checks, reports it as a progress event and records it; a given result is reused', async () => {
    const events: ProgressEvent[] = [];
    const options = {
      resolvers: [lab.dns.address],
      trustAnchorFile: lab.world.anchorFile,
      port25ReferenceHost: network!.address,
      dnsTimeoutMs: 500,
      checks: [],
    };
    const a = await assess({ domain: 'onprem.test' }, { ...options, onProgress: (e) => events.push(e) });
    expect(events.map((e) => e.type)).toEqual(['readiness']);
    expect(a.readiness?.ports[0]).toMatchObject({ port: 25, state: 'blocked' });
    expect(events[0]).toMatchObject({ type: 'readiness', readiness: a.readiness });
    // A batch passes what it measured once: no second measurement (it would take the 5-second deadline again).
    const started = Date.now();
    const again = await assess({ domain: 'onprem.test' }, { ...options, readiness: a.readiness! });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(again.readiness).toEqual(a.readiness);
  }, 20_000);

  it('cancelled while measuring: what did not finish is "not tested", never "blocked"', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const address = network!.address;
    const r = await checkReadiness(
      input([lab.dns.address], { port25Reference: { host: address, port: 25 }, portReference: address, signal: controller.signal }),
    );
    expect(r.ports.find((p) => p.port === 25)).toMatchObject({ state: 'not_tested', detail: 'cancelled' });
    expect(r.ports.filter((p) => p.port !== 25).map((p) => p.state)).toEqual(OPEN_PORTS.map(() => 'open'));
    expect(readinessLimitations(r).filter((l) => l.severity === 'limits')).toEqual([]);
  });
});

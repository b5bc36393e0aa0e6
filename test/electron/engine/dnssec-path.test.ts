/**
 * Which way DNSSEC answers come when the resolver strips DNSSEC data (issue: a consultant on a
 * guest network still gets a verdict): through the engine as the CLI and the app run it, against
 * a stripping lab resolver, with the signed lab as the "root servers" of the iterative path.
 */
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateRequirements } from '../../../shared/requirements';
import { checks } from '../../../electron/engine/checks/index';
import { assess } from '../../../electron/engine/engine';
import { startLabDnsServer, type LabDnsServer } from '../../lab/dns-server';
import type { LabWorld } from '../../lab/dnssec-world';
import { labWorld } from '../../lab/zones';

let world: LabWorld;
let lab: LabDnsServer;
let stripping: LabDnsServer;
let silent: dgram.Socket;

beforeAll(async () => {
  world = await labWorld();
  [lab, stripping] = await Promise.all([
    startLabDnsServer({ zones: world.zones }),
    startLabDnsServer({ zones: world.zones, stripDnssec: true }),
  ]);
  silent = dgram.createSocket('udp4');
  await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
}, 60_000);

afterAll(async () => {
  await Promise.all([lab?.close(), stripping?.close(), world?.dispose()]);
  silent?.close();
});

const DNSSEC_ONLY = checks.filter((c) => c.id === 'mx' || c.id === 'dnssec');

async function run(rootHints?: string[]) {
  const a = await assess(
    { domain: 'dnssec-ok.test' },
    {
      resolvers: [stripping.address],
      trustAnchorFile: world.anchorFile,
      checks: DNSSEC_ONLY,
      dnsTimeoutMs: 300,
      ...(rootHints ? { rootHints } : {}),
    },
  );
  const attempt = a.attempts.find((x) => x.checkId === 'dnssec')!;
  return { a, data: attempt.data as { path: string; resolverStrips: boolean }, keys: a.findings.filter((f) => f.checkId === 'dnssec') };
}

describe('DNSSEC through a resolver that strips it', () => {
  it('goes iterative from the root hints, validates, and says which path was used', async () => {
    const { a, data, keys } = await run([lab.address]);
    expect(data.path).toBe('iterative');
    expect(keys.map((f) => [f.status, f.key])).toEqual(
      expect.arrayContaining([
        ['pass', 'finding.dnssec.secure'],
        ['info', 'finding.dnssec.resolver_strips_iterated'],
      ]),
    );
    expect(keys.find((f) => f.key === 'finding.dnssec.resolver_strips_iterated')!.params).toEqual({ resolver: stripping.address });
    expect(evaluateRequirements(a).find((v) => v.id === 'dnssec')!.verdict).toBe('pass');
  });

  it('keeps the user’s --resolver as the override: no iterative path, "not verified" in plain words', async () => {
    const { a, data, keys } = await run();
    expect(data).toMatchObject({ path: 'resolver', resolverStrips: true });
    expect(keys.map((f) => [f.status, f.key, f.params.resolver])).toEqual([
      ['not_tested', 'finding.dnssec.resolver_strips', stripping.address],
    ]);
    expect(evaluateRequirements(a).find((v) => v.id === 'dnssec')).toMatchObject({
      verdict: 'not_verified',
      reasonKey: 'finding.dnssec.resolver_strips',
    });
  });

  it('says the resolver strips DNSSEC when the root servers cannot be reached either', async () => {
    const { data, keys } = await run([`127.0.0.1:${(silent.address() as { port: number }).port}`]);
    expect(data).toMatchObject({ path: 'iterative', resolverStrips: true });
    expect(keys.map((f) => [f.status, f.key, f.params.resolver])).toEqual([
      ['not_tested', 'finding.dnssec.resolver_strips', stripping.address],
    ]);
  });
});

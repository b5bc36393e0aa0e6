/**
 * The dnssec check (requirement 4) on the signed lab world: the mx check's real result, then our
 * validator from the lab root's anchor through the lab DNS server, one scenario per verdict. Each
 * case checks the findings a user reads — key, status and the params the message fills in (zone,
 * host, the expiry date, the DS and the keys) — and the rating of the zones' algorithms (RFC 8624).
 */
import { describe, expect, it } from 'vitest';
import { SkipCheck } from '../../../../electron/engine/check';
import { dnssecCheck } from '../../../../electron/engine/checks/dnssec/check';
import { mxCheck } from '../../../../electron/engine/checks/mx/check';
import type { MxResult } from '../../../../electron/engine/checks/mx/spec';
import { DnsClient } from '../../../../electron/engine/net/dns-client';
import { clientFetch } from '../../../../electron/engine/net/dnssec/fetch';
import { createValidator } from '../../../../electron/engine/net/dnssec/validator';
import { createResolver } from '../../../../electron/engine/net/resolver';
import { absoluteOwnerName, type LabDnsServer, type LabRecord } from '../../../lab/dns-server';
import { checkContext, runCheck } from '../../../support/check-context';
import { useSignedLab } from '../../../support/signed-lab';

const lab = useSignedLab();

/** The mx check's real result, then the dnssec check, both through `server` as the engine wires them. */
async function assess(domain: string, options: { server?: LabDnsServer; mx?: MxResult; timeoutMs?: number } = {}) {
  const server = options.server ?? lab.dns;
  const client = new DnsClient({ servers: [{ host: server.host, port: server.port }], timeoutMs: options.timeoutMs ?? 1000 });
  const resolver = createResolver(client);
  const mx = options.mx ?? (await runCheck(mxCheck, checkContext(mxCheck, resolver, { domain }).ctx)).data;
  const validator = createValidator({ fetch: clientFetch(client), anchors: lab.anchors });
  const { ctx, progress } = checkContext(dnssecCheck, resolver, { domain }, { results: new Map([[mxCheck, mx]]), dnssec: validator });
  return { output: await runCheck(dnssecCheck, ctx), progress };
}

const summary = (findings: { key: string; status: string; params?: object; target?: string }[]) =>
  findings.map((f) => [f.key, f.status, f.params, ...(f.target ? [f.target] : [])]);

/** The RRSIG over `type` at the apex of `origin` as the lab signer wrote it. */
function apexSig(origin: string, type: string) {
  const z = lab.world.zones.find((x) => x.origin === origin)!;
  const r = z.records.find((x) => x.type === 'RRSIG' && x.data.typeCovered === type && absoluteOwnerName(x.name, origin) === origin);
  if (r?.type !== 'RRSIG') throw new Error(`no RRSIG ${type} at ${origin}`);
  return r.data;
}
const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

describe('dnssec check: verdicts per scenario', () => {
  it('dnssec-ok.test: secure domain and MX host, the chain as evidence, the zone rated', async () => {
    const { output, progress } = await assess('dnssec-ok.test');
    expect(summary(output.findings)).toEqual([
      ['finding.dnssec.secure', 'pass', { name: 'dnssec-ok.test', zone: 'dnssec-ok.test' }],
      ['finding.dnssec.mx_zone_secure', 'pass', { host: 'mail.dnssec-ok.test', zone: 'dnssec-ok.test' }, 'mail.dnssec-ok.test'],
    ]);
    const chain = output.findings[0]!.evidence![0]!;
    expect(chain).toMatchObject({ type: 'text', key: 'evidence.dnssec.chain' });
    expect((chain as { value: string }).value.split('\n')).toEqual([
      expect.stringMatching(/^\. secure · trust anchor · DS \d+\/13\/2 ✓ · DNSKEY \d+\/13 KSK · RRSIG DNSKEY /),
      expect.stringMatching(/^test\. secure · DS \d+\/13\/2 ✓ · /),
      expect.stringMatching(/^dnssec-ok\.test\. secure · DS \d+\/13\/2 ✓ · /),
      expect.stringMatching(/^dnssec-ok\.test\. MX NOERROR: secure · RRSIG MX \d+\/13 \S+ valid$/),
    ]);
    expect(output.data.zones).toEqual([{ zone: 'dnssec-ok.test', status: 'secure', algorithms: [13], digestTypes: [2] }]);
    expect(output.data.resolverStrips).toBe(false);
    // MX, then A and AAAA of the host; the AAAA is a secure NODATA.
    expect(output.data.hosts).toEqual([{ host: 'mail.dnssec-ok.test', addresses: [expect.anything(), expect.anything()] }]);
    expect(output.data.hosts[0]!.addresses.map((a) => [a.type, a.status, a.rcode, a.records.length])).toEqual([
      ['A', 'secure', 'NOERROR', 1],
      ['AAAA', 'secure', 'NOERROR', 0],
    ]);
    expect(output.data.queries).toBeGreaterThan(0);
    expect(progress).toEqual(
      expect.arrayContaining(['finished dnssec-ok.test pass', 'started mail.dnssec-ok.test', 'finished mail.dnssec-ok.test pass']),
    );
  });

  it.each([
    ['dnssec-nsec3.test', 13],
    ['dnssec-rsa.test', 8],
    ['dnssec-ed25519.test', 15],
  ])('%s: secure, algorithm %i rated fine (no algorithm finding)', async (domain, algorithm) => {
    const { output } = await assess(domain);
    expect(output.findings.map((f) => f.key)).toEqual(['finding.dnssec.secure', 'finding.dnssec.mx_zone_secure']);
    expect(output.data.zones).toEqual([{ zone: domain, status: 'secure', algorithms: [algorithm], digestTypes: [2] }]);
  });

  it('dnssec-sha1.test: secure, but RSASHA1 is deprecated (RFC 8624 §3.1)', async () => {
    const { output } = await assess('dnssec-sha1.test');
    expect(summary(output.findings)).toEqual([
      ['finding.dnssec.secure', 'pass', { name: 'dnssec-sha1.test', zone: 'dnssec-sha1.test' }],
      ['finding.dnssec.mx_zone_secure', 'pass', { host: 'mail.dnssec-sha1.test', zone: 'dnssec-sha1.test' }, 'mail.dnssec-sha1.test'],
      ['finding.dnssec.algorithm_deprecated', 'fail', { zone: 'dnssec-sha1.test', algorithm: 5, mnemonic: 'RSASHA1' }],
    ]);
  });

  it('dnssec-wildcard.test: the MX host exists only through a signed wildcard, secure', async () => {
    const { output } = await assess('dnssec-wildcard.test');
    expect(summary(output.findings)).toEqual([
      ['finding.dnssec.secure', 'pass', { name: 'dnssec-wildcard.test', zone: 'dnssec-wildcard.test' }],
      [
        'finding.dnssec.mx_zone_secure',
        'pass',
        { host: 'mx.dnssec-wildcard.test', zone: 'dnssec-wildcard.test' },
        'mx.dnssec-wildcard.test',
      ],
    ]);
    expect(output.data.hosts[0]!.addresses[0]!.wildcard).toBe('*.dnssec-wildcard.test');
  });

  it('onprem.test: insecure domain and host, naming the unsigned zone', async () => {
    const { output } = await assess('onprem.test');
    expect(summary(output.findings)).toEqual([
      ['finding.dnssec.insecure', 'fail', { name: 'onprem.test', zone: 'onprem.test' }],
      ['finding.dnssec.mx_zone_insecure', 'fail', { host: 'mail.onprem.test', zone: 'onprem.test' }, 'mail.onprem.test'],
    ]);
    // An unsigned zone has no keys to rate.
    expect(output.data.zones).toEqual([]);
  });

  it('insecure.nsec3-optout.test: insecure below an Opt-Out parent (RFC 5155 §6)', async () => {
    const { output } = await assess('insecure.nsec3-optout.test');
    expect(output.findings[0]).toMatchObject({
      key: 'finding.dnssec.insecure',
      status: 'fail',
      params: { name: 'insecure.nsec3-optout.test', zone: 'insecure.nsec3-optout.test' },
    });
    expect((output.findings[0]!.evidence![0] as { value: string }).value).toMatch(/proof: \S+ NSEC3 1 1 0 .*opt-out/);
  });

  it('dnssec-mx-insecure.test: the domain is secure, its MX host lies in the unsigned onprem.test', async () => {
    const { output } = await assess('dnssec-mx-insecure.test');
    expect(summary(output.findings)).toEqual([
      ['finding.dnssec.secure', 'pass', { name: 'dnssec-mx-insecure.test', zone: 'dnssec-mx-insecure.test' }],
      ['finding.dnssec.mx_zone_insecure', 'fail', { host: 'mail.onprem.test', zone: 'onprem.test' }, 'mail.onprem.test'],
    ]);
  });

  it('dnssec-expired.test: signature_expired with the date the DNSKEY signature expired', async () => {
    const { output } = await assess('dnssec-expired.test');
    const date = day(apexSig('dnssec-expired.test', 'DNSKEY').expiration);
    expect(summary(output.findings)).toEqual([
      ['finding.dnssec.signature_expired', 'fail', { name: 'dnssec-expired.test', zone: 'dnssec-expired.test', date }],
      [
        'finding.dnssec.signature_expired',
        'fail',
        { name: 'mail.dnssec-expired.test', zone: 'dnssec-expired.test', date },
        'mail.dnssec-expired.test',
      ],
    ]);
  });

  it('dnssec-future.test: signature_not_yet_valid with the date the signatures start', async () => {
    const { output } = await assess('dnssec-future.test');
    const date = day(apexSig('dnssec-future.test', 'DNSKEY').inception);
    expect(output.findings[0]).toMatchObject({
      key: 'finding.dnssec.signature_not_yet_valid',
      status: 'fail',
      params: { name: 'dnssec-future.test', zone: 'dnssec-future.test', date },
    });
  });

  it('dnssec-ds-mismatch.test: ds_mismatch naming the DS at the parent and the keys the zone serves', async () => {
    const { output } = await assess('dnssec-ds-mismatch.test');
    const test = lab.world.zones.find((z) => z.origin === 'test')!;
    const ds = test.records.find((r) => r.type === 'DS' && absoluteOwnerName(r.name, 'test') === 'dnssec-ds-mismatch.test')!;
    if (ds.type !== 'DS') throw new Error('no DS');
    const served = (output.data.domain.chain.at(-1)?.dnskeys ?? []).map((k) => k.keyTag);
    expect(served).toHaveLength(1);
    expect(served[0]).not.toBe(ds.data.keyTag);
    expect(output.findings[0]).toMatchObject({
      key: 'finding.dnssec.ds_mismatch',
      status: 'fail',
      params: { name: 'dnssec-ds-mismatch.test', zone: 'dnssec-ds-mismatch.test', ds: `${ds.data.keyTag}/13/2`, keys: `${served[0]}` },
    });
  });
});

describe('dnssec check: tampered zones and the reasons they give', () => {
  const tampered = (change: (records: LabRecord[]) => LabRecord[]) =>
    lab.serve(lab.world.zones.map((z) => (z.origin === 'dnssec-ok.test' ? { ...z, records: change(z.records) } : z)));
  const mxSig = (r: LabRecord) => r.type === 'RRSIG' && r.data.typeCovered === 'MX';

  it('a flipped byte in the MX signature: bad_signature for the domain, the host still secure', async () => {
    const server = await tampered((records) =>
      records.map((r) => {
        if (r.type !== 'RRSIG' || !mxSig(r)) return r;
        const signature = Buffer.from(r.data.signature);
        signature[5]! ^= 0x80;
        return { ...r, data: { ...r.data, signature } };
      }),
    );
    const { output } = await assess('dnssec-ok.test', { server });
    expect(output.findings.map((f) => [f.key, f.status])).toEqual([
      ['finding.dnssec.bad_signature', 'fail'],
      ['finding.dnssec.mx_zone_secure', 'pass'],
    ]);
    expect(output.findings[0]!.params).toEqual({ name: 'dnssec-ok.test', zone: 'dnssec-ok.test' });
  });

  it('the MX signature removed: rrsig_missing', async () => {
    const server = await tampered((records) => records.filter((r) => !mxSig(r)));
    const { output } = await assess('dnssec-ok.test', { server });
    expect(output.findings[0]).toMatchObject({ key: 'finding.dnssec.rrsig_missing', status: 'fail' });
  });

  it('the NSEC proofs removed: the host’s AAAA NODATA is unproven, denial_broken for the host', async () => {
    const server = await tampered((records) =>
      records.filter((r) => r.type !== 'NSEC' && !(r.type === 'RRSIG' && r.data.typeCovered === 'NSEC')),
    );
    const { output } = await assess('dnssec-ok.test', { server });
    expect(output.findings.map((f) => [f.key, f.status, f.target])).toEqual([
      ['finding.dnssec.secure', 'pass', undefined],
      ['finding.dnssec.denial_broken', 'fail', 'mail.dnssec-ok.test'],
    ]);
  });
});

describe('dnssec check: when nothing can be decided', () => {
  it('a resolver that strips DNSSEC: one not_tested resolver_strips finding naming the resolver', async () => {
    const strip = await lab.serve(lab.world.zones, true);
    const { output } = await assess('dnssec-ok.test', { server: strip });
    expect(summary(output.findings)).toEqual([['finding.dnssec.resolver_strips', 'not_tested', { resolver: strip.address }]]);
    expect(output.findings[0]!.evidence).toEqual([{ type: 'text', key: 'evidence.dnssec.detail', value: 'no DNSKEY and no RRSIG for .' }]);
    expect(output.data.resolverStrips).toBe(true);
  });

  it('SERVFAIL for the domain: lookup_failed (error), not a verdict on the zone', async () => {
    const { output } = await assess('servfail.test', { mx: { kind: 'none', hosts: [], extraHosts: [] } });
    expect(summary(output.findings)).toEqual([['finding.dnssec.lookup_failed', 'error', { name: 'servfail.test' }]]);
    expect(output.data.domain).toMatchObject({ status: 'indeterminate', reason: 'lookup_failed' });
  });

  it('an MX host whose zone never answers: lookup_failed for that host', async () => {
    const mx: MxResult = {
      kind: 'mx',
      hosts: [{ preference: 10, exchange: 'mail.timeout.test', cnames: [], ipv4: [], ipv6: [], problem: 'lookup_failed' }],
      extraHosts: [],
    };
    const { output } = await assess('dnssec-ok.test', { mx, timeoutMs: 100 });
    expect(summary(output.findings)).toEqual([
      ['finding.dnssec.secure', 'pass', { name: 'dnssec-ok.test', zone: 'dnssec-ok.test' }],
      ['finding.dnssec.lookup_failed', 'error', { name: 'mail.timeout.test' }, 'mail.timeout.test'],
    ]);
  });

  it('without a validator (a DNS test double has no wire data) the check is skipped', async () => {
    const client = new DnsClient({ servers: [{ host: lab.dns.host, port: lab.dns.port }] });
    const { ctx } = checkContext(
      dnssecCheck,
      createResolver(client),
      { domain: 'dnssec-ok.test' },
      {
        results: new Map([[mxCheck, { kind: 'none', hosts: [], extraHosts: [] }]]),
      },
    );
    await expect(runCheck(dnssecCheck, ctx)).rejects.toEqual(new SkipCheck('skipped.dnssec_unavailable'));
  });
});

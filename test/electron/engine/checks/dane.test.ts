/**
 * The dane check (requirement 5, RFC 7672) on the signed lab world and the SMTP lab: the real mx,
 * dnssec, starttls and certificate results for each DANE scenario (one STARTTLS handshake per
 * address through --connect-to, the lab CA trusted), then TLSA validated by our validator and
 * matched against the served chain. Cases the lab has no host for (a certificate with the wrong
 * name, no certificate, DNSSEC that could not be decided) are built from a real result with one
 * part changed.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SkipCheck } from '../../../../electron/engine/check';
import { certificateCheck } from '../../../../electron/engine/checks/certificate/check';
import type { CertificateResultSchema } from '../../../../electron/engine/checks/certificate/spec';
import { daneCheck } from '../../../../electron/engine/checks/dane/check';
import { dnssecCheck } from '../../../../electron/engine/checks/dnssec/check';
import type { DnssecResult } from '../../../../electron/engine/checks/dnssec/spec';
import { mxCheck } from '../../../../electron/engine/checks/mx/check';
import type { MxResult } from '../../../../electron/engine/checks/mx/spec';
import { startTlsCheck } from '../../../../electron/engine/checks/starttls/check';
import { Connector, parseConnectTo } from '../../../../electron/engine/net/connect';
import { DnsClient } from '../../../../electron/engine/net/dns-client';
import { clientFetch } from '../../../../electron/engine/net/dnssec/fetch';
import { createValidator, type DnssecValidator } from '../../../../electron/engine/net/dnssec/validator';
import { createResolver } from '../../../../electron/engine/net/resolver';
import { parseTrustAnchorFile } from '../../../../shared/dnssec/presentation';
import type { TrustAnchor } from '../../../../shared/dnssec/types';
import { absoluteOwnerName, startLabDnsServer, type LabDnsServer, type LabZone } from '../../../lab/dns-server';
import type { LabWorld } from '../../../lab/dnssec-world';
import { REFERENCE_HOST, daneMaterial, spkiSha256, startSmtpLab, type SmtpLab } from '../../../lab/smtp-lab';
import { labWorld } from '../../../lab/zones';
import { checkContext, runCheck } from '../../../support/check-context';
import type { z } from 'zod';

type CertificateResult = z.output<typeof CertificateResultSchema>;

let world: LabWorld;
let smtp: SmtpLab;
let dns: LabDnsServer;
let anchors: TrustAnchor[];
const servers: LabDnsServer[] = [];

beforeAll(async () => {
  [world, smtp] = await Promise.all([labWorld(), startSmtpLab()]);
  dns = await serve(world.zones);
  anchors = parseTrustAnchorFile(await readFile(world.anchorFile, 'utf8'), world.anchorFile);
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await smtp?.close();
  await world?.dispose();
});

async function serve(zones: LabZone[]): Promise<LabDnsServer> {
  const server = await startLabDnsServer({ zones });
  servers.push(server);
  return server;
}

interface Inputs {
  mx: MxResult;
  dnssec: DnssecResult;
  certificate: CertificateResult;
  validator: DnssecValidator;
  resolver: ReturnType<typeof createResolver>;
}

/** mx → dnssec → starttls → certificate, as the runner chains them, through `server` and the SMTP lab. */
async function inputs(domain: string, server: LabDnsServer = dns): Promise<Inputs> {
  const client = new DnsClient({ servers: [{ host: server.host, port: server.port }], timeoutMs: 1000 });
  const resolver = createResolver(client);
  const validator = createValidator({ fetch: clientFetch(client), anchors });
  const mx = (await runCheck(mxCheck, checkContext(mxCheck, resolver, { domain }).ctx)).data;
  const dnssec = (
    await runCheck(
      dnssecCheck,
      checkContext(dnssecCheck, resolver, { domain }, { results: new Map([[mxCheck, mx]]), dnssec: validator }).ctx,
    )
  ).data;
  const network = {
    connector: new Connector({ connectTo: smtp.connectTo.map(parseConnectTo) }),
    settings: { extraCaPem: [smtp.ca.root.pem], port25Reference: { host: REFERENCE_HOST.name, port: 25 } },
  };
  const starttls = (
    await runCheck(startTlsCheck, checkContext(startTlsCheck, resolver, { domain }, { results: new Map([[mxCheck, mx]]), ...network }).ctx)
  ).data;
  const certificate = (
    await runCheck(
      certificateCheck,
      checkContext(certificateCheck, resolver, { domain }, { results: new Map([[startTlsCheck, starttls]]) }).ctx,
    )
  ).data;
  return { mx, dnssec, certificate, validator, resolver };
}

async function dane(domain: string, given: Inputs, validator: DnssecValidator = given.validator) {
  const results = new Map<{ id: string }, unknown>([
    [mxCheck, given.mx],
    [dnssecCheck, given.dnssec],
    [certificateCheck, given.certificate],
  ]);
  const { ctx, progress } = checkContext(daneCheck, given.resolver, { domain }, { results, dnssec: validator });
  return { output: await runCheck(daneCheck, ctx), progress };
}

const assess = async (domain: string) => dane(domain, await inputs(domain));
const summary = (findings: { key: string; status: string; params?: object; target?: string }[]) =>
  findings.map((f) => [f.key, f.status, f.params, f.target]);
const hex = (b: Buffer) => b.toString('hex').toUpperCase();

describe('dane check: the DANE scenarios', () => {
  it('dane-ok.test: 3 1 1 of the served key matches (DANE-EE); one record only, so no rollover', async () => {
    const { output, progress } = await assess('dane-ok.test');
    const host = 'mail.dane-ok.test';
    expect(summary(output.findings)).toEqual([
      [
        'finding.dane.match',
        'pass',
        { host, addresses: '127.0.40.24', record: `3 1 1 ${hex(spkiSha256(daneMaterial().current))}`, via: 'DANE-EE' },
        host,
      ],
      ['finding.dane.no_rollover', 'warning', { name: `_25._tcp.${host}` }, host],
    ]);
    expect(output.findings[0]!.evidence).toEqual(
      expect.arrayContaining([
        { type: 'address', host, address: '127.0.40.24' },
        {
          type: 'text',
          key: 'evidence.dane.tlsa',
          value: `3 1 1 ${hex(spkiSha256(daneMaterial().current))}: matches certificate 0 of the chain`,
        },
        expect.objectContaining({ type: 'text', key: 'evidence.dnssec.chain' }),
      ]),
    );
    expect(output.data.hosts).toEqual([
      expect.objectContaining({
        host,
        base: host,
        state: 'checked',
        authenticated: true,
        rolloverReady: false,
        records: [{ record: expect.stringMatching(/^3 1 1 /), usable: true, matches: [{ addresses: ['127.0.40.24'], certificate: 0 }] }],
      }),
    ]);
    expect(output.data.hosts[0]!.tlsa).toMatchObject({ name: `_25._tcp.${host}`, type: 'TLSA', status: 'secure' });
    expect(progress).toEqual([`started ${host}`, `finished ${host} pass`]);
  });

  it('dane-ta.test: 2 1 1 of the issuing CA the server sends matches (DANE-TA, RFC 7671 §5.2.2)', async () => {
    const { output } = await assess('dane-ta.test');
    const host = 'mail.dane-ta.test';
    expect(output.findings[0]).toMatchObject({
      key: 'finding.dane.match',
      status: 'pass',
      params: { host, record: `2 1 1 ${hex(spkiSha256(daneMaterial().ca.intermediate.key))}`, via: 'DANE-TA' },
    });
    expect(output.findings.map((f) => f.key)).not.toContain('finding.dane.ee_name_irrelevant');
    // The intermediate is the second certificate of the served chain.
    expect(output.data.hosts[0]!.records[0]!.matches).toEqual([{ addresses: ['127.0.40.25'], certificate: 1 }]);
  });

  it('dane-mismatch.test: no record matches the served key, a mismatch', async () => {
    const { output } = await assess('dane-mismatch.test');
    const host = 'mail.dane-mismatch.test';
    expect(summary(output.findings)).toEqual([
      ['finding.dane.mismatch', 'fail', { host, addresses: '127.0.40.26', name: `_25._tcp.${host}` }, host],
    ]);
    expect(output.data.hosts[0]).toMatchObject({ state: 'checked', authenticated: false });
    expect(output.findings[0]!.evidence).toContainEqual({
      type: 'text',
      key: 'evidence.dane.tlsa',
      value: `3 1 1 ${hex(spkiSha256(daneMaterial().other))}: no match`,
    });
  });

  it('dane-usage1.test: only PKIX-EE and PKIX-TA records, unusable for SMTP (RFC 7672 §3.1.3)', async () => {
    const { output } = await assess('dane-usage1.test');
    const host = 'mail.dane-usage1.test';
    // An RRset has no order (RFC 2181 §5): the usages are named in the order the records came.
    expect(summary(output.findings)).toEqual([
      ['finding.dane.unusable_usage', 'fail', { host, name: `_25._tcp.${host}`, usages: expect.any(String) }, host],
    ]);
    expect(String(output.findings[0]!.params!.usages).split(', ').sort()).toEqual(['PKIX-EE(1)', 'PKIX-TA(0)']);
    expect(output.data.hosts[0]!.state).toBe('unusable');
    expect(output.data.hosts[0]!.records.map((r) => r.usable)).toEqual([false, false]);
  });

  it('dane-rollover.test: current and next key published, the current one matches: ready for a rollover (RFC 7671 §8.1)', async () => {
    const { output } = await assess('dane-rollover.test');
    const host = 'mail.dane-rollover.test';
    expect(output.findings.map((f) => [f.key, f.status])).toEqual([
      ['finding.dane.match', 'pass'],
      ['finding.dane.rollover_ready', 'pass'],
    ]);
    expect(output.findings[1]!.params).toEqual({ name: `_25._tcp.${host}` });
    expect(output.data.hosts[0]).toMatchObject({ authenticated: true, rolloverReady: true });
    // The current key's record matched the leaf; the next key's waits for the rollover.
    const records = new Map(output.data.hosts[0]!.records.map((r) => [r.record, r.matches[0]!.certificate]));
    expect(records).toEqual(
      new Map([
        [`3 1 1 ${hex(spkiSha256(daneMaterial().current))}`, 0],
        [`3 1 1 ${hex(spkiSha256(daneMaterial().next))}`, undefined],
      ]),
    );
  });

  it('dane-unsigned.test: TLSA in an unsigned zone is not used (RFC 7672 §2.2), not_secure; TLSA not even asked', async () => {
    const given = await inputs('dane-unsigned.test');
    const before = given.validator.queries;
    const { output } = await dane('dane-unsigned.test', given);
    expect(summary(output.findings)).toEqual([
      ['finding.dane.not_secure', 'fail', { host: 'mail.dane-unsigned.test' }, 'mail.dane-unsigned.test'],
    ]);
    expect(output.data.hosts[0]).toMatchObject({ state: 'not_secure', records: [] });
    expect(output.data.hosts[0]!.tlsa).toBeUndefined();
    expect(given.validator.queries).toBe(before);
  });

  it('dnssec-ok.test: signed, but a secure denial of any TLSA: missing', async () => {
    const given = await inputs('dnssec-ok.test');
    const { output } = await dane('dnssec-ok.test', given);
    const host = 'mail.dnssec-ok.test';
    expect(summary(output.findings)).toEqual([['finding.dane.missing', 'fail', { host, name: `_25._tcp.${host}` }, host]]);
    expect(output.data.hosts[0]!.tlsa).toMatchObject({ status: 'secure', rcode: 'NXDOMAIN', records: [] });
  });
});

describe('dane check: inputs the lab has no host for', () => {
  let ok: Inputs;
  beforeAll(async () => {
    ok = await inputs('dane-ok.test');
  }, 30_000);
  const host = 'mail.dane-ok.test';

  it('the certificate is for another name but 3 1 1 matches its key: match, and the name is irrelevant (RFC 7672 §3.1.1)', async () => {
    const { chain } = smtp.ca.issue({ commonName: 'other.test', dnsNames: ['other.test'], key: daneMaterial().current });
    const [leaf] = chain.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----\n?/g)!;
    const certificate: CertificateResult = {
      ...ok.certificate,
      groups: ok.certificate.groups.map((g) => ({
        ...g,
        tls: {
          ...g.tls,
          hostMatch: false,
          hostMismatch: 'other.test',
          chain: [{ ...g.tls.chain[0]!, pem: leaf!, dnsNames: ['other.test'] }, ...g.tls.chain.slice(1)],
        },
      })),
    };
    const { output } = await dane('dane-ok.test', { ...ok, certificate });
    expect(output.findings.map((f) => [f.key, f.status, f.params])).toEqual([
      ['finding.dane.match', 'pass', expect.objectContaining({ via: 'DANE-EE' })],
      ['finding.dane.ee_name_irrelevant', 'info', { host }],
      ['finding.dane.no_rollover', 'warning', { name: `_25._tcp.${host}` }],
    ]);
  });

  it('the name matches: no ee_name_irrelevant', async () => {
    const { output } = await dane('dane-ok.test', ok);
    expect(output.findings.map((f) => f.key)).not.toContain('finding.dane.ee_name_irrelevant');
  });

  it('no TLS handshake completed, so no certificate: not_tested', async () => {
    const { output } = await dane('dane-ok.test', { ...ok, certificate: { groups: [], notAvailable: [host] } });
    expect(summary(output.findings)).toEqual([['finding.dane.not_tested', 'not_tested', { host }, host]]);
    expect(output.data.hosts[0]!.state).toBe('no_certificate');
  });

  it('DNSSEC of the host’s addresses was indeterminate: lookup_failed, TLSA not asked', async () => {
    const dnssec: DnssecResult = {
      ...ok.dnssec,
      hosts: ok.dnssec.hosts.map((h) => ({
        ...h,
        addresses: h.addresses.map((a, i) => (i === 0 ? { ...a, status: 'indeterminate' as const, reason: 'lookup_failed' as const } : a)),
      })),
    };
    const { output } = await dane('dane-ok.test', { ...ok, dnssec });
    expect(summary(output.findings)).toEqual([['finding.dane.lookup_failed', 'error', { host, name: `_25._tcp.${host}` }, host]]);
    expect(output.data.hosts[0]!.state).toBe('lookup_failed');
  });

  it('the TLSA lookup itself fails (the validator’s server never answers): lookup_failed with the TLSA name', async () => {
    const stuck = createValidator({
      anchors,
      fetch: () => Promise.reject(new Error('no response')),
    });
    const { output } = await dane('dane-ok.test', ok, stuck);
    expect(output.findings.map((f) => [f.key, f.status, f.params])).toEqual([
      ['finding.dane.lookup_failed', 'error', { host, name: `_25._tcp.${host}` }],
    ]);
    expect(output.data.hosts[0]!.tlsa).toMatchObject({ status: 'indeterminate', reason: 'lookup_failed' });
  });

  it('a TLSA RRset whose signature does not verify: bogus', async () => {
    const server = await serve(
      world.zones.map((z) =>
        z.origin !== 'dane-ok.test'
          ? z
          : {
              ...z,
              records: z.records.map((r) => {
                if (r.type !== 'RRSIG' || r.data.typeCovered !== 'TLSA' || absoluteOwnerName(r.name, z.origin) !== `_25._tcp.${host}`)
                  return r;
                const signature = Buffer.from(r.data.signature);
                signature[3]! ^= 0x10;
                return { ...r, data: { ...r.data, signature } };
              }),
            },
      ),
    );
    const client = new DnsClient({ servers: [{ host: server.host, port: server.port }], timeoutMs: 1000 });
    const { output } = await dane('dane-ok.test', ok, createValidator({ fetch: clientFetch(client), anchors }));
    expect(summary(output.findings)).toEqual([['finding.dane.bogus', 'fail', { host, name: `_25._tcp.${host}` }, host]]);
    expect(output.data.hosts[0]!.tlsa).toMatchObject({ status: 'bogus', reason: 'bad_signature' });
  });

  it('skipped when the resolver strips DNSSEC, or without the dnssec result', async () => {
    await expect(dane('dane-ok.test', { ...ok, dnssec: { ...ok.dnssec, resolverStrips: true } })).rejects.toEqual(
      new SkipCheck('skipped.dnssec_stripped'),
    );
    const results = new Map<{ id: string }, unknown>([
      [mxCheck, ok.mx],
      [certificateCheck, ok.certificate],
    ]);
    const { ctx } = checkContext(daneCheck, ok.resolver, { domain: 'dane-ok.test' }, { results, dnssec: ok.validator });
    await expect(runCheck(daneCheck, ctx)).rejects.toEqual(new SkipCheck('skipped.requires_dnssec'));
  });
});

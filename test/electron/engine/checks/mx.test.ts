import { describe, expect, it } from 'vitest';
import { mxCheck } from '../../../../electron/engine/checks/mx/check';
import { DnsError, type DnsResolver } from '../../../../shared/dns';
import { DnsClient } from '../../../../electron/engine/net/dns-client';
import { createResolver } from '../../../../electron/engine/net/resolver';
import { startLabDnsServer, type LabRecord, type LabZone } from '../../../lab/dns-server';
import { checkContext, runCheck } from '../../../support/check-context';
import { findingKeys, runCheckAgainstLab } from '../../../support/check-harness';

const zone = (records: LabRecord[]): LabZone[] => [
  { origin: 'test', records: [] },
  {
    origin: 'firma.test',
    records: [{ name: '@', type: 'SOA', data: { mname: 'ns.firma.test', rname: 'hostmaster.firma.test' } }, ...records],
  },
  { origin: 'other.test', records: [{ name: 'mx', type: 'A', data: '127.0.0.9' }] },
];
const run = (records: LabRecord[], extraHosts: string[] = []) =>
  runCheckAgainstLab(mxCheck, zone(records), { domain: 'firma.test', extraHosts });

describe('mx check', () => {
  it('lists MX hosts by preference with their IPv4 and IPv6 addresses (RFC 5321 §5.1)', async () => {
    const { output, progress } = await run([
      { name: '@', type: 'MX', data: { preference: 20, exchange: 'mx2.firma.test' } },
      { name: '@', type: 'MX', data: { preference: 10, exchange: 'mx1.firma.test' } },
      { name: 'mx1', type: 'A', data: '127.0.0.1' },
      { name: 'mx1', type: 'AAAA', data: '::1' },
      { name: 'mx2', type: 'A', data: '127.0.0.2' },
    ]);
    expect(output.data.kind).toBe('mx');
    expect(output.data.hosts.map((h) => [h.preference, h.exchange, h.ipv4, h.ipv6])).toEqual([
      [10, 'mx1.firma.test', ['127.0.0.1'], ['::1']],
      [20, 'mx2.firma.test', ['127.0.0.2'], []],
    ]);
    expect(findingKeys(output)).toEqual(['finding.mx.ok']);
    expect(output.findings[0]!.evidence).toContainEqual({ type: 'address', host: 'mx1.firma.test', address: '::1' });
    expect(output.targets).toContainEqual({ kind: 'mx', name: 'mx1.firma.test', addresses: ['127.0.0.1', '::1'], source: 'mx' });
    expect(progress).toContain('finished mx2.firma.test pass');
  });

  it('recognises a null MX (RFC 7505 §3)', async () => {
    const { output } = await run([{ name: '@', type: 'MX', data: { preference: 0, exchange: '.' } }]);
    expect(output.data.kind).toBe('null-mx');
    expect(output.findings.map((f) => [f.key, f.status])).toEqual([['finding.mx.null_mx', 'info']]);
  });

  it('fails a null MX mixed with other MX records (RFC 7505 §3) and still lists the real MX as a mail server to test', async () => {
    const { output } = await run([
      { name: '@', type: 'MX', data: { preference: 0, exchange: '.' } },
      { name: '@', type: 'MX', data: { preference: 10, exchange: 'mx.other.test' } },
    ]);
    expect(output.findings.map((f) => [f.key, f.status])).toEqual([
      ['finding.mx.null_mx_mixed', 'fail'],
      ['finding.mx.ok', 'pass'],
    ]);
    // The STARTTLS, TLS and certificate checks test the hosts and targets listed here.
    expect(output.data.kind).toBe('mx');
    expect(output.data.hosts.map((h) => [h.preference, h.exchange, h.ipv4])).toEqual([[10, 'mx.other.test', ['127.0.0.9']]]);
    expect(output.targets).toContainEqual({ kind: 'mx', name: 'mx.other.test', addresses: ['127.0.0.9'], source: 'mx' });
  });

  it('treats null MX records alone, whatever their preference, as a null MX that fails', async () => {
    const { output } = await run([{ name: '@', type: 'MX', data: { preference: 10, exchange: '.' } }]);
    expect(output.data.kind).toBe('null-mx');
    expect(output.findings.map((f) => [f.key, f.status])).toEqual([['finding.mx.null_mx_mixed', 'fail']]);
  });

  it('falls back to the implicit MX when there is no MX but an address (RFC 5321 §5.1)', async () => {
    const { output } = await run([{ name: '@', type: 'A', data: '127.0.0.5' }]);
    expect(output.data.kind).toBe('implicit');
    expect(output.findings.map((f) => [f.key, f.status])).toEqual([['finding.mx.implicit', 'warning']]);
    expect(output.targets).toEqual([{ kind: 'mx', name: 'firma.test', addresses: ['127.0.0.5'], source: 'implicit-mx' }]);
  });

  it('fails a domain with neither MX nor address', async () => {
    const { output } = await run([]);
    expect(output.data.kind).toBe('none');
    expect(findingKeys(output)).toEqual(['finding.mx.none']);
  });

  it('warns about an MX that is a CNAME (RFC 2181 §10.3) and still uses its addresses', async () => {
    const { output } = await run([
      { name: '@', type: 'MX', data: { preference: 10, exchange: 'alias.firma.test' } },
      { name: 'alias', type: 'CNAME', data: 'mx.other.test' },
    ]);
    expect(findingKeys(output)).toEqual(['finding.mx.cname', 'finding.mx.ok']);
    expect(output.findings[0]!.params).toEqual({ host: 'alias.firma.test', target: 'mx.other.test' });
    expect(output.data.hosts[0]!.ipv4).toEqual(['127.0.0.9']);
  });

  it('fails an MX naming an IP address instead of a host', async () => {
    const { output } = await run([{ name: '@', type: 'MX', data: { preference: 10, exchange: '192.0.2.25' } }]);
    expect(output.findings.map((f) => [f.key, f.status])).toEqual([
      ['finding.mx.ip_literal', 'fail'],
      ['finding.mx.no_usable_host', 'fail'],
    ]);
  });

  it('fails an MX host without any address, keeping the usable ones', async () => {
    const { output } = await run([
      { name: '@', type: 'MX', data: { preference: 10, exchange: 'gone.firma.test' } },
      { name: '@', type: 'MX', data: { preference: 20, exchange: 'mx.other.test' } },
    ]);
    expect(findingKeys(output)).toEqual(['finding.mx.no_address', 'finding.mx.ok']);
    expect(output.data.hosts[0]!.problem).toBe('no_address');
  });

  it('resolves the extra host names given in the request', async () => {
    const { output } = await run(
      [
        { name: '@', type: 'MX', data: { preference: 10, exchange: 'mx.other.test' } },
        { name: 'owa', type: 'A', data: '127.0.0.7' },
      ],
      ['owa.firma.test', 'nothing.firma.test'],
    );
    expect(output.data.extraHosts).toEqual([
      { name: 'owa.firma.test', ipv4: ['127.0.0.7'], ipv6: [] },
      { name: 'nothing.firma.test', ipv4: [], ipv6: [] },
    ]);
    expect(output.findings.find((f) => f.key === 'finding.mx.extra_host_no_address')?.target).toBe('nothing.firma.test');
  });

  it("keeps a host's IPv4 addresses when its AAAA lookup fails, and says so", async () => {
    const lab = await startLabDnsServer({ zones: zone([{ name: '@', type: 'MX', data: { preference: 10, exchange: 'mx.other.test' } }]) });
    try {
      const real = createResolver(new DnsClient({ servers: [{ host: lab.host, port: lab.port }], timeoutMs: 300 }));
      // A broken AAAA answer for one host, as some DNS hosting still gives.
      const dns: DnsResolver = {
        lookup: (name, type) =>
          type === 'AAAA' && name === 'mx.other.test'
            ? Promise.reject(new DnsError('timeout', name, type, 'AAAA mx.other.test: no response'))
            : real.lookup(name, type),
      };
      const output = await runCheck(mxCheck, checkContext(mxCheck, dns, { domain: 'firma.test' }).ctx);
      expect(output.data.hosts[0]).toMatchObject({ exchange: 'mx.other.test', ipv4: ['127.0.0.9'], ipv6: [] });
      expect(output.data.hosts[0]!.problem).toBeUndefined();
      expect(output.findings.map((f) => [f.key, f.status])).toEqual([
        ['finding.mx.address_lookup_partial', 'warning'],
        ['finding.mx.ok', 'pass'],
      ]);
      expect(output.findings[0]!.params).toMatchObject({ host: 'mx.other.test', family: 'IPv6' });
    } finally {
      await lab.close();
    }
  });

  it('ends with a DNS error when the server answers SERVFAIL', async () => {
    await expect(
      runCheckAgainstLab(mxCheck, [{ origin: 'firma.test', records: [], behaviour: 'servfail' }], { domain: 'firma.test' }),
    ).rejects.toThrow(/SERVFAIL/);
  });
});

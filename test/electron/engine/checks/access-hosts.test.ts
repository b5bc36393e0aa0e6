/**
 * access-hosts against the lab DNS server: MX and request hosts, autodiscover (own host and
 * Exchange Online), mail./webmail./owa./remote., RFC 6186 SRV records with "." and invalid targets.
 */
import { describe, expect, it } from 'vitest';
import { accessHostsCheck } from '../../../../electron/engine/checks/access-hosts/check';
import { mxSpec } from '../../../../electron/engine/checks/mx/spec';
import type { LabRecord, LabZone } from '../../../lab/dns-server';
import { clientLabZones } from '../../../lab/client-lab';
import { findingKeys, runCheckAgainstLab } from '../../../support/check-harness';

const zone = (origin: string, records: LabRecord[]): LabZone => ({
  origin,
  records: [
    { name: '@', type: 'SOA', data: { mname: `ns1.${origin}`, rname: `hostmaster.${origin}`, serial: 1, minimum: 60 } },
    { name: '@', type: 'NS', data: `ns1.${origin}` },
    ...records,
  ],
});

const mxResult = (exchange: string, ipv4: string[], extraHosts: { name: string; ipv4: string[]; ipv6: string[] }[] = []) =>
  new Map([[mxSpec, { kind: 'mx', hosts: [{ preference: 10, exchange, cnames: [], ipv4, ipv6: [] }], extraHosts }]]);

describe('access-hosts check', () => {
  it('lists MX, request, autodiscover, common names and SRV hosts with how each was found, each host once', async () => {
    const zones = [
      ...clientLabZones(),
      zone('hosts.test', [
        { name: 'mail', type: 'A', data: '127.0.61.1' },
        { name: 'mail', type: 'AAAA', data: '::1' },
        { name: 'webmail', type: 'CNAME', data: 'mail.hosts.test' },
        { name: 'owa', type: 'A', data: '127.0.61.2' },
        { name: 'autodiscover', type: 'A', data: '127.0.61.2' },
        { name: 'imap', type: 'A', data: '127.0.61.3' },
        { name: '_imaps._tcp', type: 'SRV', data: { priority: 0, weight: 1, port: 993, target: 'imap.hosts.test' } },
        { name: '_imap._tcp', type: 'SRV', data: { priority: 0, weight: 1, port: 0, target: '.' } },
        { name: '_submission._tcp', type: 'SRV', data: { priority: 0, weight: 1, port: 587, target: 'mail.hosts.test' } },
        { name: '_pop3s._tcp', type: 'SRV', data: { priority: 0, weight: 1, port: 995, target: 'bad_name!.hosts.test' } },
      ]),
    ];
    const { output } = await runCheckAgainstLab(
      accessHostsCheck,
      zones,
      { domain: 'hosts.test' },
      mxResult('MAIL.hosts.test.', ['127.0.61.1'], [{ name: 'extra.client-good.test', ipv4: ['127.0.60.1'], ipv6: [] }]),
    );
    const byName = Object.fromEntries(output.data.hosts.map((h) => [h.name, h]));
    expect(Object.keys(byName).sort()).toEqual([
      'autodiscover.hosts.test',
      'extra.client-good.test',
      'imap.hosts.test',
      'mail.hosts.test',
      'owa.hosts.test',
      'webmail.hosts.test',
    ]);
    expect(byName['mail.hosts.test']).toMatchObject({
      addresses: ['127.0.61.1', '::1'],
      sources: [{ kind: 'mx' }, { kind: 'common-name' }, { kind: 'srv', via: '_submission._tcp.hosts.test' }],
      srv: [{ service: 'submission', port: 587 }],
      microsoft: false,
    });
    expect(byName['webmail.hosts.test']).toMatchObject({ cname: 'mail.hosts.test', sources: [{ kind: 'common-name' }] });
    expect(byName['imap.hosts.test']).toMatchObject({ addresses: ['127.0.61.3'], srv: [{ service: 'imaps', port: 993 }] });
    expect(byName['extra.client-good.test']!.sources).toEqual([{ kind: 'request' }]);
    expect(byName['autodiscover.hosts.test']!.sources).toEqual([{ kind: 'autodiscover' }]);
    expect(output.data.autodiscoverExchangeOnline).toBe(false);
    const keys = findingKeys(output);
    expect(keys).toContain('finding.access_hosts.found');
    expect(output.findings.find((f) => f.key === 'finding.access_hosts.srv_not_offered')!.params).toEqual({
      record: '_imap._tcp.hosts.test',
      service: 'imap',
    });
    expect(output.findings.find((f) => f.key === 'finding.access_hosts.invalid_name')!.params).toMatchObject({
      record: '_pop3s._tcp.hosts.test',
    });
  });

  it('marks an autodiscover CNAME to autodiscover.outlook.com as Exchange Online and the MX as Microsoft', async () => {
    const zones = [
      zone('outlook.com', [
        { name: 'autodiscover', type: 'A', data: '127.0.10.100' },
        { name: 'exo-test.mail.protection', type: 'A', data: '127.0.10.1' },
      ]),
      zone('exo.test', [{ name: 'autodiscover', type: 'CNAME', data: 'autodiscover.outlook.com' }]),
    ];
    const { output } = await runCheckAgainstLab(
      accessHostsCheck,
      zones,
      { domain: 'exo.test' },
      mxResult('exo-test.mail.protection.outlook.com', ['127.0.10.1']),
    );
    expect(output.data.autodiscoverExchangeOnline).toBe(true);
    expect(output.data.hosts.map((h) => [h.name, h.microsoft, h.cname ?? null])).toEqual([
      ['exo-test.mail.protection.outlook.com', true, null],
      ['autodiscover.exo.test', true, 'autodiscover.outlook.com'],
    ]);
    expect(findingKeys(output)).toContain('finding.access_hosts.exchange_online');
  });

  it('bounds the number of hosts', async () => {
    const records: LabRecord[] = [];
    const services = ['submission', 'submissions', 'imap', 'imaps', 'pop3', 'pop3s', 'autodiscover'];
    for (let i = 0; i < 70; i++) {
      records.push({ name: `h${i}`, type: 'A', data: `127.0.62.${i + 1}` });
      records.push({
        name: `_${services[i % 7]!}._tcp`,
        type: 'SRV',
        data: { priority: 0, weight: 1, port: 993, target: `h${i}.many.test` },
      });
    }
    const { output } = await runCheckAgainstLab(accessHostsCheck, [zone('many.test', records)], { domain: 'many.test' }, new Map());
    // At most 8 targets per SRV name are read, and at most 32 hosts kept.
    expect(output.data.hosts).toHaveLength(32);
    expect(findingKeys(output)).toContain('finding.access_hosts.truncated');
  });
});

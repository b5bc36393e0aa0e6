/**
 * The certificate check on what the starttls check saw in the SMTP lab: one real STARTTLS
 * handshake per address, then the certificate verdicts per MX host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyCheck } from '../../../../electron/engine/check';
import { certificateCheck } from '../../../../electron/engine/checks/certificate/check';
import { mxCheck } from '../../../../electron/engine/checks/mx/check';
import type { MxResult } from '../../../../electron/engine/checks/mx/spec';
import { startTlsCheck } from '../../../../electron/engine/checks/starttls/check';
import type { StartTlsResult } from '../../../../electron/engine/checks/starttls/spec';
import { Connector, parseConnectTo } from '../../../../electron/engine/net/connect';
import { REFERENCE_HOST, smtpLabHosts, smtpLabZones, startSmtpLab, type SmtpLab } from '../../../lab/smtp-lab';
import { runCheckAgainstLab } from '../../../support/check-harness';

let lab: SmtpLab;
let starttls: StartTlsResult;
let connector: Connector;
const TESTED = [
  'tls-modern.test',
  'tls-legacy.test',
  'tls-expired.test',
  'tls-self-signed.test',
  'tls-wrong-host.test',
  'tls-no-intermediate.test',
  'tls-ecdsa.test',
  'tls-weak-key.test',
  'tls-sha1.test',
  'tls-expiring.test',
  'tls-no-starttls.test',
];

beforeAll(async () => {
  lab = await startSmtpLab();
  connector = new Connector({ connectTo: lab.connectTo.map(parseConnectTo) });
  const hosts = smtpLabHosts
    .filter((h) => TESTED.includes(h.domain))
    .map((h) => ({ preference: 10, exchange: `mail.${h.domain}`, cnames: [], ipv4: [h.address], ipv6: h.ipv6 ? ['::1'] : [] }));
  const mx: MxResult = { kind: 'mx', hosts, extraHosts: [] };
  const run = await runCheckAgainstLab(
    startTlsCheck,
    smtpLabZones(),
    { domain: 'firma.test' },
    new Map<AnyCheck, unknown>([[mxCheck, mx]]),
    {
      connector,
      settings: { extraCaPem: [lab.ca.root.pem], port25Reference: { host: REFERENCE_HOST.name, port: 25 } },
    },
  );
  starttls = run.output.data;
}, 60_000);
afterAll(() => lab?.close());

async function certificates() {
  return runCheckAgainstLab(certificateCheck, [], { domain: 'firma.test' }, new Map<AnyCheck, unknown>([[startTlsCheck, starttls]]));
}

describe('certificate check', () => {
  it.each([
    [
      'tls-modern.test',
      [
        ['finding.certificate.ok', 'pass'],
        ['finding.certificate.key_sufficient', 'info'],
      ],
    ],
    [
      'tls-legacy.test',
      [
        ['finding.certificate.ok', 'pass'],
        ['finding.certificate.key_sufficient', 'info'],
      ],
    ],
    ['tls-ecdsa.test', [['finding.certificate.ok', 'pass']]],
    [
      'tls-expired.test',
      [
        ['finding.certificate.expired', 'fail'],
        ['finding.certificate.key_sufficient', 'info'],
      ],
    ],
    [
      'tls-self-signed.test',
      [
        ['finding.certificate.self_signed', 'fail'],
        ['finding.certificate.key_sufficient', 'info'],
      ],
    ],
    [
      'tls-wrong-host.test',
      [
        ['finding.certificate.name_mismatch', 'fail'],
        ['finding.certificate.key_sufficient', 'info'],
      ],
    ],
    [
      'tls-no-intermediate.test',
      [
        ['finding.certificate.chain_incomplete', 'fail'],
        ['finding.certificate.key_sufficient', 'info'],
      ],
    ],
    ['tls-weak-key.test', [['finding.certificate.key_weak', 'fail']]],
    [
      'tls-sha1.test',
      [
        ['finding.certificate.key_sufficient', 'info'],
        ['finding.certificate.signature_weak', 'fail'],
      ],
    ],
    [
      'tls-expiring.test',
      [
        ['finding.certificate.expires_soon', 'warning'],
        ['finding.certificate.key_sufficient', 'info'],
      ],
    ],
    ['tls-no-starttls.test', [['finding.certificate.not_available', 'not_tested']]],
  ])('%s', async (domain, expected) => {
    const { output } = await certificates();
    const mine = output.findings.filter((f) => f.target === `mail.${domain}`).map((f) => [f.key, f.status]);
    expect(mine).toEqual(expected);
  });

  it('reports the addresses of one host serving the same certificate together, with the chain as evidence', async () => {
    const { output } = await certificates();
    const ok = output.findings.find((f) => f.target === 'mail.tls-modern.test' && f.key === 'finding.certificate.ok')!;
    expect(ok.params!.addresses).toEqual(['127.0.40.1', '::1']);
    expect(ok.evidence).toEqual(
      expect.arrayContaining([
        { type: 'address', host: 'mail.tls-modern.test', address: '127.0.40.1' },
        { type: 'address', host: 'mail.tls-modern.test', address: '::1' },
      ]),
    );
    const chain = ok.evidence!.find((e) => e.type === 'text' && e.key === 'evidence.certificate.chain');
    expect(chain && chain.type === 'text' && chain.value.split('\n')).toHaveLength(2);
    expect(output.data.groups.find((g) => g.host === 'mail.tls-modern.test')!.verdicts).toEqual([
      'finding.certificate.ok',
      'finding.certificate.key_sufficient',
    ]);
  });

  it('carries what a remediation needs: subject, issuer, names, dates, the AIA URL of a missing intermediate', async () => {
    const { output } = await certificates();
    const incomplete = output.findings.find((f) => f.key === 'finding.certificate.chain_incomplete')!;
    expect(incomplete.params).toMatchObject({
      host: 'mail.tls-no-intermediate.test',
      addresses: ['127.0.40.8'],
      port: 25,
      subject: 'O=MailAudit Lab, CN=mail.tls-no-intermediate.test',
      issuer: 'O=MailAudit Lab, CN=MailAudit Lab Issuing CA',
      names: ['mail.tls-no-intermediate.test'],
      caIssuers: ['http://pki.lab.test/issuing-ca.crt'],
    });
    const mismatch = output.findings.find((f) => f.key === 'finding.certificate.name_mismatch')!;
    expect(mismatch.params).toMatchObject({ host: 'mail.tls-wrong-host.test', names: ['mail.other-organisation.test'] });
    expect(output.data.notAvailable).toEqual(['mail.tls-no-starttls.test']);
  });

  it('opens no connection of its own: it reads the handshakes the starttls check made', async () => {
    const before = JSON.stringify(connector.stats());
    await certificates();
    expect(JSON.stringify(connector.stats())).toBe(before);
    // One connection per address for both checks together.
    for (const s of connector.stats()) expect(s.connections).toBe(1);
  });

  it('skips without a starttls result; says nothing about certificates when port 25 is blocked', async () => {
    await expect(runCheckAgainstLab(certificateCheck, [], { domain: 'firma.test' })).rejects.toMatchObject({
      because: 'skipped.requires_starttls',
    });
    const blocked: StartTlsResult = {
      port: 25,
      port25: 'blocked',
      addresses: [
        { host: 'mx.firma.test', address: '192.0.2.1', family: 4, port: 25, outcome: 'unreachable', stage: 'connect', durationMs: 1 },
      ],
    };
    const { output } = await runCheckAgainstLab(
      certificateCheck,
      [],
      { domain: 'firma.test' },
      new Map<AnyCheck, unknown>([[startTlsCheck, blocked]]),
    );
    expect(output.findings).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assessment, Finding } from '../../../shared/assessment';
import { translate } from '../../../shared/i18n/index';
import { remediationEntry, type BuilderId, type RemediationEntry } from '../../../shared/remediation/catalogue';
import { steps } from '../../../shared/remediation/entry';
import { buildRemediationPlan, type RemediationPlan } from '../../../shared/remediation/index';
import { assess } from '../../../electron/engine/engine';
import { startLabDnsServer, type LabDnsServer } from '../../lab/dns-server';
import { labZones, scenarios } from '../../lab/zones';
import { ecLeafCertificate } from '../../support/certificate-result';
import { MAIL_AUTH_DONE, build, finding } from './assessment-helper';
import { lexPowerShell } from './parsers';
import { checkPlan, psStrings, records } from './plan-checks';

const step = (plan: RemediationPlan, id: string) => {
  const s = plan.steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id} in ${plan.steps.map((x) => x.id).join(', ')}`);
  return s;
};
const ids = (plan: RemediationPlan) => plan.steps.map((s) => s.id);
const instructionKeys = (plan: RemediationPlan, id: string) =>
  step(plan, id).actions.flatMap((a) => (a.kind === 'instruction' ? [a.key] : []));
const ps = (plan: RemediationPlan, id: string) => step(plan, id).actions.flatMap((a) => (a.kind === 'powershell' ? [a.code] : []));

describe('plans for the DNS lab scenarios', () => {
  let lab: LabDnsServer;
  const byDomain = new Map<string, Assessment>();
  beforeAll(async () => {
    lab = await startLabDnsServer({ zones: labZones() });
    for (const s of scenarios.filter((s) => !s.exitCode)) {
      const timeout = s.args?.includes('--dns-timeout') ? { dnsTimeoutMs: 300 } : {};
      byDomain.set(s.domain, await assess({ domain: s.domain }, { resolvers: [lab.address], ...timeout }));
    }
  }, 120_000);
  afterAll(() => lab.close());
  const plan = (domain: string) => buildRemediationPlan(byDomain.get(domain)!);

  it('every plan is well formed: numbered, phased, texts in both languages, commands and records that parse', () => {
    for (const [domain, a] of byDomain) checkPlan(buildRemediationPlan(a), domain);
  });

  it('no-dmarc.test: the staged DMARC plan none → quarantine → reject (RFC 7489 §6.3)', () => {
    const p = plan('no-dmarc.test');
    expect(ids(p).filter((i) => i.startsWith('dmarc'))).toEqual(['dmarc-monitor', 'dmarc-quarantine', 'dmarc-reject']);
    expect(p.steps.filter((s) => s.id.startsWith('dmarc')).map((s) => s.phase)).toEqual([1, 3, 4]);
    // The lab domains have no MTA-STS either: its _mta-sts and _smtp._tls records are in the plan too.
    const dmarcRecords = records(p, 'TXT').filter((r) => r.name.startsWith('_dmarc.'));
    expect(dmarcRecords.map((r) => [r.name, r.value])).toEqual([
      ['_dmarc.no-dmarc.test', 'v=DMARC1; p=none; rua=mailto:dmarc-reports@no-dmarc.test'],
      ['_dmarc.no-dmarc.test', 'v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@no-dmarc.test'],
      ['_dmarc.no-dmarc.test', 'v=DMARC1; p=reject; rua=mailto:dmarc-reports@no-dmarc.test'],
    ]);
    // The report address is invented: the plan says so next to the record.
    expect(dmarcRecords[0]).toMatchObject({
      noteKey: 'remediation.note.dmarc_rua_example',
      noteParams: { address: 'dmarc-reports@no-dmarc.test' },
    });
    expect(step(p, 'dmarc-monitor').fixes).toEqual([{ key: 'finding.dmarc.missing' }]);
    expect(step(p, 'dmarc-reject').requirementIds).toEqual(['mail-auth']);
  });

  it('spf-plus-all.test: +all becomes ~all and nothing else changes (RFC 7208 §5.1)', () => {
    const p = plan('spf-plus-all.test');
    const spf = records(step(p, 'spf-record') && p).find((r) => r.name === 'spf-plus-all.test')!;
    expect(spf.value).toBe('v=spf1 mx ~all');
    expect(spf.zoneFile).toBe('spf-plus-all.test. 3600 IN TXT "v=spf1 mx ~all"');
    expect(spf.noteParams).toMatchObject({ current: 'v=spf1 mx +all', changes: ['+all → ~all'] });
    expect(instructionKeys(p, 'spf-record')).toContain('remediation.instruction.spf_hardfail_later');
  });

  it('exo-nospf.test: the SPF include is added and DKIM is set up in the order Exchange Online needs', () => {
    const p = plan('exo-nospf.test');
    expect(p.platform).toBe('exchange-online');
    expect(records(p, 'TXT').find((r) => r.name === 'exo-nospf.test')!.value).toBe(
      'v=spf1 ip4:198.51.100.25 include:spf.protection.outlook.com -all',
    );
    const dkim = p.steps.filter((s) => s.id.startsWith('dkim'));
    expect(dkim.map((s) => [s.id, s.phase, s.platform])).toEqual([
      ['dkim-exo-config', 1, 'exchange-online'],
      ['dkim-exo-cnames', 1, 'dns-host'],
      ['dkim-exo-enable', 2, 'exchange-online'],
    ]);
    expect(ps(p, 'dkim-exo-config')[0]).toBe("New-DkimSigningConfig -DomainName 'exo-nospf.test' -Enabled $false -KeySize 2048");
    expect(ps(p, 'dkim-exo-enable')[0]).toBe("Set-DkimSigningConfig -Identity 'exo-nospf.test' -Enabled $true");
    // No tenant could be seen without DKIM CNAMEs: the records come from Get-DkimSigningConfig, not from a guess.
    expect(instructionKeys(p, 'dkim-exo-cnames')).toEqual(['remediation.instruction.dkim_exo_cnames_from_output']);
    expect(p.steps.some((s) => s.platform === 'exchange-server')).toBe(false);
  });

  it('exo-good.test: nothing to fix in mail authentication', () => {
    expect(plan('exo-good.test').steps.filter((s) => s.requirementIds.includes('mail-auth'))).toEqual([]);
  });

  it('dkim-1024.test: the 1024-bit key is rotated to 2048 bits (RFC 8301 §3.2)', () => {
    const p = plan('dkim-1024.test');
    expect(step(p, 'dkim-key:default')).toMatchObject({
      phase: 2,
      titleParams: { selector: 'default' },
      fixes: [{ key: 'finding.dkim.key_weak', target: 'default._domainkey.dkim-1024.test' }],
    });
    expect(instructionKeys(p, 'dkim-key:default')).toEqual(['remediation.instruction.dkim.rotate']);
    expect(
      translate(
        'cs',
        'remediation.instruction.dkim.rotate',
        (step(p, 'dkim-key:default').actions[0] as { params: Record<string, string> }).params,
      ),
    ).toContain('1024 bitů');
  });

  it('rua-unauthorised.test: the report receiver publishes the authorisation record (RFC 7489 §7.1)', () => {
    const p = plan('rua-unauthorised.test');
    const s = step(p, 'dmarc-external:dmarc-collector.test');
    expect(records(p, 'TXT').find((r) => r.noteKey === 'remediation.note.dmarc_external_published_by_receiver')).toMatchObject({
      name: 'rua-unauthorised.test._report._dmarc.dmarc-collector.test',
      value: 'v=DMARC1',
    });
    expect(s.fixes).toEqual([{ key: 'finding.dmarc.external_not_authorized', target: 'dmarc-collector.test' }]);
  });

  it('spf-over-limit.test: advice to cut lookups, never a silently shortened record', () => {
    const p = plan('spf-over-limit.test');
    expect(instructionKeys(p, 'spf-lookups')[0]).toBe('remediation.instruction.spf_flatten');
    expect(records(p, 'TXT').filter((r) => r.name === 'spf-over-limit.test')).toEqual([]);
  });

  it('mx-cname.test: the MX names the canonical host (RFC 2181 §10.3)', () => {
    const mx = records(plan('mx-cname.test'), 'MX');
    expect(mx.map((r) => r.zoneFile)).toEqual(['mx-cname.test. 3600 IN MX 10 real.mx-cname.test.']);
  });

  it('timeout.test: failed lookups lead to no step (nothing is known to fix)', () => {
    expect(plan('timeout.test').steps).toEqual([]);
  });
});

const dmarcData = (record: string, extra: Record<string, unknown> = {}) => ({
  domain: 'firma.cz',
  organizationalDomain: 'firma.cz',
  outcome: 'found',
  policyDomain: 'firma.cz',
  source: 'domain',
  record,
  parsed: parsedDmarc(record),
  problems: [],
  ...extra,
});
function parsedDmarc(record: string) {
  const tags = record
    .split(';')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => ({ name: t.split('=')[0]!, value: t.split('=').slice(1).join('=') }));
  const get = (n: string) => tags.find((t) => t.name === n)?.value;
  const uris = (v?: string) =>
    v ? v.split(',').map((u) => ({ uri: u, address: u.replace('mailto:', ''), domain: u.split('@')[1]! })) : [];
  return {
    tags,
    p: get('p'),
    ...(get('sp') ? { sp: get('sp') } : {}),
    pct: Number(get('pct') ?? 100),
    adkim: get('adkim') ?? 'r',
    aspf: get('aspf') ?? 'r',
    rua: uris(get('rua')),
    ruf: [],
    fo: ['0'],
    testing: get('t') === 'y',
  };
}

/**
 * Web access has a step builder but no registered check declares its keys yet: these tests route
 * the keys that check will declare, so the builder is tested now. (The dnssec and dane checks
 * declare theirs: their plans go through the catalogue, see dnssec-dane.test.ts.)
 */
const FUTURE_ROUTES: Record<string, BuilderId> = {
  'finding.web.hsts_missing': 'web-access',
};
const withFutureChecks = (f: Finding): RemediationEntry | undefined => {
  const builder = FUTURE_ROUTES[f.key];
  return builder ? steps(builder) : remediationEntry(f);
};

/** The certificate check's result for one host serving one self-signed leaf with this SPKI hash. */
function certificateData(host: string, spkiSha256: string) {
  const leaf = ecLeafCertificate(host, spkiSha256);
  const tls = { protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', authorized: false, hostname: host, hostMatch: true, chain: [leaf] };
  return { groups: [{ host, addresses: ['127.0.0.1'], port: 25, tls, verdicts: [] }], notAvailable: [] };
}

describe('handcrafted plans', () => {
  it('DMARC already monitoring with reports: straight to quarantine, keeping the reports and strict alignment', () => {
    const record = 'v=DMARC1; p=none; rua=mailto:dmarc@firma.cz; adkim=s';
    const a = build({
      attempts: { ...MAIL_AUTH_DONE, dmarc: { data: { ...dmarcData(record), appliedPolicy: 'none' } } },
      findings: [finding('dmarc', 'fail', 'finding.dmarc.policy_none')],
    });
    const p = buildRemediationPlan(a);
    checkPlan(p, 'monitoring');
    expect(ids(p)).toEqual(['dmarc-quarantine', 'dmarc-reject']);
    expect(records(p).map((r) => r.value)).toEqual([
      'v=DMARC1; p=quarantine; rua=mailto:dmarc@firma.cz; adkim=s',
      'v=DMARC1; p=reject; rua=mailto:dmarc@firma.cz; adkim=s',
    ]);
    expect(records(p)[0]!.noteKey).toBeUndefined();
  });

  it('DMARC quarantine at pct=50 without reports: one corrected record with reports and without pct (RFC 9989 §9)', () => {
    const record = 'v=DMARC1; p=quarantine; pct=50';
    const a = build({
      attempts: { ...MAIL_AUTH_DONE, dmarc: { data: { ...dmarcData(record), appliedPolicy: 'quarantine' } } },
      findings: [
        finding('dmarc', 'pass', 'finding.dmarc.policy_quarantine'),
        finding('dmarc', 'warning', 'finding.dmarc.historic_pct_partial', { value: '50', pct: 50, policy: 'quarantine' }),
        finding('dmarc', 'warning', 'finding.dmarc.no_rua', { domain: 'firma.cz' }),
      ],
    });
    const p = buildRemediationPlan(a);
    checkPlan(p, 'pct');
    // RFC 9989 receivers already ignore pct, so dropping it is a correction, not a later enforcement stage.
    expect(p.steps.map((s) => [s.id, s.phase, records({ platform: p.platform, steps: [s] })[0]!.value])).toEqual([
      ['dmarc-correct', 1, 'v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@firma.cz'],
    ]);
  });

  it('DMARC with a weaker subdomain policy and an unknown tag: the staged records say what they leave out', () => {
    const record = 'v=DMARC1; p=none; sp=none; rua=mailto:d@firma.cz; foo=bar';
    const a = build({
      attempts: { ...MAIL_AUTH_DONE, dmarc: { data: { ...dmarcData(record), appliedPolicy: 'none' } } },
      findings: [
        finding('dmarc', 'fail', 'finding.dmarc.policy_none'),
        finding('dmarc', 'warning', 'finding.dmarc.unknown_tag', { tag: 'foo', value: 'bar' }),
      ],
    });
    const p = buildRemediationPlan(a);
    checkPlan(p, 'unknown tag');
    expect(records(p)[0]).toMatchObject({
      value: 'v=DMARC1; p=none; sp=none; rua=mailto:d@firma.cz',
      noteKey: 'remediation.note.dmarc_dropped_tags',
      noteParams: { dropped: ['foo=bar'] },
    });
    // sp=none is weaker than quarantine: the enforcing stages drop it so subdomains follow p.
    expect(records(p)[1]).toMatchObject({
      value: 'v=DMARC1; p=quarantine; rua=mailto:d@firma.cz',
      noteParams: { dropped: ['sp=none', 'foo=bar'] },
    });
  });

  it('a DKIM key in testing mode is republished without t=y, other tags as written (RFC 6376 §3.6.1)', () => {
    const key = 'v=DKIM1; k=rsa; t=y:s; p=' + 'A'.repeat(392);
    const a = build({
      attempts: {
        ...MAIL_AUTH_DONE,
        dkim: {
          data: {
            domain: 'firma.cz',
            selectors: [{ selector: 'mail', name: 'mail._domainkey.firma.cz', source: 'user', outcome: 'key', records: [key], cnames: [] }],
            found: ['mail'],
          },
        },
      },
      platformHint: 'exchange-2019',
      findings: [finding('dkim', 'warning', 'finding.dkim.testing', { selector: 'mail' }, 'mail._domainkey.firma.cz')],
    });
    const p = buildRemediationPlan(a);
    checkPlan(p, 'testing');
    const [r] = records(p);
    expect(r!.value).toBe('v=DKIM1; k=rsa; t=s; p=' + 'A'.repeat(392));
    expect(r!.zoneFile.match(/"[^"]*"/g)!.length).toBe(2); // longer than one character-string
  });

  it('Exchange Online: a weak EXO key is rotated with Rotate-DkimSigningConfig', () => {
    const a = build({
      attempts: {
        ...MAIL_AUTH_DONE,
        dkim: {
          data: {
            domain: 'firma.cz',
            selectors: [],
            found: ['selector1'],
            exchangeOnline: { selectors: ['selector1', 'selector2'], tenant: 'firma', cnameTargets: [] },
          },
        },
      },
      platformHint: 'exchange-online',
      findings: [
        finding(
          'dkim',
          'warning',
          'finding.dkim.key_weak',
          { selector: 'selector1', type: 'rsa', bits: 1024 },
          'selector1._domainkey.firma.cz',
        ),
      ],
    });
    const p = buildRemediationPlan(a);
    checkPlan(p, 'rotate');
    expect(ps(p, 'dkim-exo-rotate:selector1')[0]).toBe("Rotate-DkimSigningConfig -Identity 'firma.cz' -KeySize 2048");
  });

  it('Exchange Server without DKIM: says honestly that signing is not built in', () => {
    const a = build({
      attempts: MAIL_AUTH_DONE,
      platformHint: 'exchange-2019',
      findings: [finding('dkim', 'not_tested', 'finding.dkim.none_found', { domain: 'firma.cz', tried: ['selector1', 'mail'] })],
    });
    const p = buildRemediationPlan(a);
    checkPlan(p, 'server dkim');
    expect(p.platform).toBe('exchange-server');
    expect(ids(p)).toEqual(['dkim-server-signer']);
    expect(instructionKeys(p, 'dkim-server-signer')).toContain('remediation.instruction.dkim_server_not_native');
  });

  it('Exchange Server TLS: SCHANNEL and .NET registry values from Microsoft Learn', () => {
    const a = build({
      attempts: { ...MAIL_AUTH_DONE, 'tls-versions': {} },
      platformHint: 'exchange-2019',
      findings: [
        finding(
          'tls-versions',
          'fail',
          'finding.tls.legacy_versions_offered',
          { host: 'mail.firma.cz', versions: ['TLSv1', 'TLSv1.1'] },
          'mail.firma.cz',
        ),
      ],
    });
    const p = buildRemediationPlan(a);
    checkPlan(p, 'tls');
    const regs = step(p, 'tls-protocols-server').actions.flatMap((x) => (x.kind === 'registry' ? [`${x.path}|${x.name}=${x.value}`] : []));
    const S = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols';
    expect(regs).toEqual(
      expect.arrayContaining([
        `${S}\\TLS 1.2\\Server|Enabled=1`,
        `${S}\\TLS 1.2\\Client|DisabledByDefault=0`,
        `${S}\\TLS 1.0\\Server|Enabled=0`,
        `${S}\\TLS 1.0\\Server|DisabledByDefault=1`,
        `${S}\\TLS 1.1\\Client|Enabled=0`,
        `${S}\\SSL 3.0\\Server|Enabled=0`,
        'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319|SchUseStrongCrypto=1',
        'HKLM:\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v4.0.30319|SystemDefaultTlsVersions=1',
        'HKLM:\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v2.0.50727|SchUseStrongCrypto=1',
      ]),
    );
    expect(regs).toHaveLength(12 + 4 + 8);
    expect(step(p, 'tls-protocols-server').requirementIds).toEqual(['tls-versions']);
  });

  it('weak cipher suites named by a finding are disabled one by one', () => {
    const a = build({
      attempts: { 'tls-ciphers': {} },
      platformHint: 'exchange-2019',
      findings: [
        finding(
          'tls-ciphers',
          'fail',
          'finding.tls.cipher_insufficient',
          { suites: ['TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'TLS_RSA_WITH_RC4_128_SHA'] },
          'mail.firma.cz',
        ),
      ],
    });
    const p = buildRemediationPlan(a);
    checkPlan(p, 'ciphers');
    expect(ps(p, 'tls-ciphers-server').slice(1)).toEqual([
      "Disable-TlsCipherSuite -Name 'TLS_RSA_WITH_3DES_EDE_CBC_SHA'",
      "Disable-TlsCipherSuite -Name 'TLS_RSA_WITH_RC4_128_SHA'",
    ]);
  });

  it('new TLSA before the certificate change, old TLSA removed last: the certificate steps carry the DANE rollover', () => {
    const a = build({
      attempts: { ...MAIL_AUTH_DONE, dnssec: {}, dane: {}, certificate: {} },
      platformHint: 'exchange-2019',
      findings: [
        finding('dane', 'pass', 'finding.dane.match', { host: 'mail.firma.cz' }, 'mail.firma.cz'),
        finding('dane', 'warning', 'finding.dane.no_rollover', { name: '_25._tcp.mail.firma.cz' }, 'mail.firma.cz'),
        finding(
          'certificate',
          'warning',
          'finding.certificate.expires_soon',
          { host: 'mail.firma.cz', validTo: '2026-02-01', daysLeft: 17 },
          'mail.firma.cz',
        ),
      ],
    });
    const p = buildRemediationPlan(a);
    checkPlan(p, 'ordering');
    // Issue 10, correction 8 (RFC 7671 §8.1): the new key exists from its request on, so key and request come
    // first, then its TLSA beside the current one, the switch after 2 × TTL, the old TLSA last.
    expect(ids(p).filter((i) => i.startsWith('certificate') || i.startsWith('dane-tlsa'))).toEqual([
      'certificate-request',
      'dane-tlsa-next',
      'certificate-replace',
      'dane-tlsa-cleanup',
    ]);
    expect(p.steps.filter((s) => s.id !== 'dane-tlsa-cleanup').map((s) => [s.id, s.phase])).toEqual(
      expect.arrayContaining([
        ['certificate-request', 2],
        ['dane-tlsa-next', 2],
        ['certificate-replace', 3],
      ]),
    );
    expect(step(p, 'certificate-replace')).toMatchObject({ riskKey: 'remediation.step.certificate-replace.risk_dane' });
    expect(step(p, 'dane-tlsa-cleanup').phase).toBe(4);
    // One rollover, not two: the DANE steps leave it to the certificate renewal.
    expect(ids(p).filter((i) => i.startsWith('dane-rollover'))).toEqual([]);
    // The request is the only command before the TLSA; import and enable wait for the switch.
    expect(ps(p, 'certificate-request').join('\n')).not.toContain('Import-ExchangeCertificate');
    expect(ps(p, 'certificate-replace').join('\n')).not.toContain('New-ExchangeCertificate');
    const strings = (code: string) => lexPowerShell(code).flatMap((t) => (t.type === 'string' ? [t.value] : []));
    expect(strings(ps(p, 'certificate-request')[0]!)).toEqual(['mail.firma.cz', 'CN=mail.firma.cz', 'mail.firma.cz', 'mail-firma-cz.req']);
    const tlsa = step(p, 'dane-tlsa-next').actions.flatMap((x) => (x.kind === 'instruction' ? [[x.key, x.params?.file]] : []));
    expect(tlsa[0]).toEqual(['remediation.instruction.dane_rollover_tlsa_from_request', 'mail-firma-cz.req']);
  });

  it('a certificate with unreadable dates or key gets a new certificate, said as what it is', () => {
    const a = build({
      attempts: { ...MAIL_AUTH_DONE, certificate: {} },
      platformHint: 'exchange-2019',
      findings: [
        finding('certificate', 'fail', 'finding.certificate.invalid_dates', { host: 'mail.firma.cz' }, 'mail.firma.cz'),
        finding('certificate', 'fail', 'finding.certificate.key_unreadable', { host: 'mail.firma.cz' }, 'mail.firma.cz'),
      ],
    });
    const p = buildRemediationPlan(a);
    checkPlan(p, 'unreadable certificate');
    const keys = p.steps.flatMap((s) => s.actions.flatMap((x) => (x.kind === 'instruction' ? [x.key] : [])));
    expect(keys).toEqual(
      expect.arrayContaining(['remediation.instruction.certificate.invalid_dates', 'remediation.instruction.certificate.key_unreadable']),
    );
    expect(p.steps.map((s) => s.id)).toContain('certificate-replace');
  });

  it('TLSA 3 1 1 from the key the server served (RFC 7671 §5.1)', () => {
    const spki = 'ab'.repeat(32);
    const a = build({
      attempts: { ...MAIL_AUTH_DONE, dane: {}, certificate: { data: certificateData('mail.firma.cz', spki.toUpperCase()) } },
      platformHint: 'exchange-se',
      findings: [finding('dane', 'fail', 'finding.dane.missing', {}, 'mail.firma.cz')],
    });
    const p = buildRemediationPlan(a);
    checkPlan(p, 'tlsa');
    expect(records(p, 'TLSA').map((r) => r.zoneFile)).toEqual([`_25._tcp.mail.firma.cz. 3600 IN TLSA 3 1 1 ${spki}`]);
    expect(instructionKeys(p, 'dane-server-outbound')).toEqual(['remediation.instruction.dane_server_not_native']);
  });

  it('Exchange Online inbound DANE: TTL, Enable-DnssecForVerifiedDomain, MX switch, then Enable-SmtpDaneInbound', () => {
    const a = build({
      attempts: {
        ...MAIL_AUTH_DONE,
        mx: {
          data: {
            kind: 'mx',
            hosts: [{ preference: 0, exchange: 'firma-cz.mail.protection.outlook.com', cnames: [], ipv4: ['127.0.10.1'], ipv6: [] }],
          },
        },
        dane: {},
      },
      platformHint: 'exchange-online',
      findings: [finding('dane', 'fail', 'finding.dane.missing', {}, 'firma-cz.mail.protection.outlook.com')],
    });
    const p = buildRemediationPlan(a);
    checkPlan(p, 'exo dane');
    expect(ids(p)).toEqual(['dane-exo-prerequisites', 'dane-exo-ttl', 'dane-exo-dnssec', 'dane-exo-mx-switch', 'dane-exo-enable']);
    expect(records(p, 'MX')[0]!.zoneFile).toBe('firma.cz. 300 IN MX 0 firma-cz.mail.protection.outlook.com.');
    expect(ps(p, 'dane-exo-dnssec')).toEqual([
      "Enable-DnssecForVerifiedDomain -DomainName 'firma.cz'",
      "(Get-DnssecStatusForVerifiedDomain -DomainName 'firma.cz').ExpectedMxRecord.Record",
    ]);
    expect(ps(p, 'dane-exo-enable')).toEqual([
      "Enable-SmtpDaneInbound -DomainName 'firma.cz'",
      "Get-SmtpDaneInboundStatus -DomainName 'firma.cz'",
      "Get-DnssecStatusForVerifiedDomain -DomainName 'firma.cz'",
    ]);
    expect(step(p, 'dane-exo-enable').phase).toBe(3);
  });

  it('HSTS on the Default Web Site only, one year, without redirectHttpToHttps', () => {
    const a = build({
      attempts: { 'web-access': {} },
      platformHint: 'exchange-2016',
      findings: [finding('web-access', 'fail', 'finding.web.hsts_missing', { host: 'mail.firma.cz' }, 'mail.firma.cz')],
    });
    const p = buildRemediationPlan(a, withFutureChecks);
    checkPlan(p, 'hsts', { unregisteredChecks: true });
    const tokens = lexPowerShell(ps(p, 'web-hsts-server')[0]!);
    const strings = tokens.filter((t) => t.type === 'string').map((t) => (t as { value: string }).value);
    expect(strings).toContain('Default Web Site');
    expect(strings).not.toContain('Exchange Back End');
    const maxAge = tokens.findIndex((t) => t.type === 'string' && t.value === 'max-age');
    expect(tokens.slice(maxAge + 1, maxAge + 3)).toEqual([
      { type: 'parameter', name: 'AttributeValue' },
      { type: 'number', text: '31536000' },
    ]);
    const redirect = tokens.findIndex((t) => t.type === 'string' && t.value === 'redirectHttpToHttps');
    expect(tokens[redirect + 2]).toEqual({ type: 'variable', name: 'false' });
    // Issue 10, correction 13: native HSTS (IIS 10.0 version 1709+, Windows Server 2019 = build 17763) or the
    // custom header on Windows Server 2016, chosen by the build the script runs on — one command, never both advised.
    const code = ps(p, 'web-hsts-server')[0]!.split('\n');
    expect(code).toContain('if ([Environment]::OSVersion.Version.Build -ge 17763) {');
    expect(code.slice(code.indexOf('} else {'))).toEqual([
      '} else {',
      "$headers = Get-IISConfigSection -SectionPath 'system.webServer/httpProtocol' -CommitPath 'Default Web Site' | Get-IISConfigCollection -CollectionName 'customHeaders'",
      "$current = Get-IISConfigCollectionElement -ConfigCollection $headers -ConfigAttribute @{ 'name' = 'Strict-Transport-Security' }",
      "if ($current) { Set-IISConfigAttributeValue -ConfigElement $current -AttributeName 'value' -AttributeValue 'max-age=31536000' } else { New-IISConfigCollectionElement -ConfigCollection $headers -ConfigAttribute @{ 'name' = 'Strict-Transport-Security'; 'value' = 'max-age=31536000' } }",
      '}',
      'Stop-IISCommitDelay',
      'Remove-Module IISAdministration',
    ]);
    expect(step(p, 'web-hsts-server').actions.map((x) => x.kind)).toEqual(['powershell', 'instruction']);
  });

  it('STARTTLS on Exchange Server binds a certificate naming the MX host', () => {
    const a = build({
      attempts: { starttls: {} },
      platformHint: 'exchange-2019',
      findings: [
        finding('starttls', 'fail', 'finding.starttls.not_offered', { host: 'mail.firma.cz', address: '192.0.2.25' }, 'mail.firma.cz'),
      ],
    });
    const p = buildRemediationPlan(a);
    checkPlan(p, 'starttls');
    expect(instructionKeys(p, 'starttls-server')[0]).toBe('remediation.instruction.starttls.not_offered');
    expect(psStrings(p)).toContain('mail.firma.cz');
    expect(
      ps(p, 'starttls-server').some((code) => /Enable-ExchangeCertificate -Thumbprint \$cert\.Thumbprint -Services SMTP/.test(code)),
    ).toBe(true);
  });

  it('"could not test from here" never becomes a step', () => {
    const a = build({
      attempts: { starttls: {} },
      findings: [
        finding('starttls', 'not_tested', 'finding.starttls.port25_blocked'),
        finding('starttls', 'not_tested', 'finding.starttls.rate_limited', {}, 'mail.firma.cz'),
      ],
    });
    expect(buildRemediationPlan(a).steps).toEqual([]);
  });

  it('a non-Exchange platform gets DNS and generic steps only', () => {
    const a = build({
      attempts: { ...MAIL_AUTH_DONE, starttls: {} },
      platformHint: 'other',
      findings: [
        finding('spf', 'fail', 'finding.spf.missing', { domain: 'firma.cz' }),
        finding('starttls', 'fail', 'finding.starttls.not_offered', { host: 'mx.firma.cz' }, 'mx.firma.cz'),
      ],
    });
    const p = buildRemediationPlan(a);
    checkPlan(p, 'other');
    expect(p.steps.map((s) => s.platform)).toEqual(['dns-host', 'any']);
    expect(records(p)[0]!.value).toBe('v=spf1 mx ~all');
  });
});

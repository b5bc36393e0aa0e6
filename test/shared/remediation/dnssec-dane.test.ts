/**
 * DNSSEC and DANE remediation for the domain at hand (issue 8 §3). The Assessments are shaped like
 * the signed lab's (test/lab/zones.ts: dnssec-*.test, dane-*.test, assessed with --trust-anchor):
 * the same finding keys and params, and results with the chain links, key tags, TLSA records and
 * served certificates the dnssec, dane and certificate checks produced there, moved to .cz and
 * Exchange Online names where the plan differs by registry or platform.
 *
 * Every cmdlet and parameter pinned here is in the Exchange PowerShell reference
 * (MicrosoftDocs/office-docs-powershell, exchange/exchange-ps/ExchangePowerShell/<cmdlet>.md).
 */
import { describe, expect, it } from 'vitest';
import type { Assessment, Finding } from '../../../shared/assessment';
import { translate } from '../../../shared/i18n/index';
import { buildRemediationPlan, type RemediationAction, type RemediationPlan } from '../../../shared/remediation/index';
import { MAIL_AUTH_DONE, build, finding } from './assessment-helper';
import { checkPlan, records } from './plan-checks';
import { ecLeafCertificate } from '../../support/certificate-result';

// ------------------------------------------------------------------------------ fixtures

type Status = 'secure' | 'insecure' | 'bogus';
interface LinkSpec {
  zone: string;
  status?: Status;
  reason?: string;
  ds?: [keyTag: number, algorithm: number, digestType: number, matched: boolean][];
  keys?: [keyTag: number, algorithm: number, flags: number][];
}

/** One ZoneLink of shared/dnssec/result.ts. */
function link(l: LinkSpec) {
  const status = l.status ?? 'secure';
  return {
    zone: l.zone,
    status,
    ...(l.reason ? { reason: l.reason } : {}),
    anchored: l.zone === '',
    ds: (l.ds ?? (status === 'secure' ? [[7171, 13, 2, true]] : [])).map(([keyTag, algorithm, digestType, matched]) => ({
      keyTag,
      algorithm,
      digestType,
      matched,
    })),
    dnskeys: (l.keys ?? (status === 'secure' ? [[7171, 13, 257]] : [])).map(([keyTag, algorithm, flags]) => ({ keyTag, algorithm, flags })),
    signatures: [],
  };
}

/** A NameValidation: the chain from the root; status and reason are the failing link's. */
function validation(name: string, type: string, chain: LinkSpec[]) {
  const links = chain.map(link);
  const failing = links.find((l) => l.status !== 'secure');
  return {
    name,
    type,
    status: failing?.status ?? 'secure',
    ...(failing && 'reason' in failing ? { reason: failing.reason } : {}),
    rcode: 'NOERROR',
    zone: links[links.length - 1]!.zone,
    chain: links,
    signatures: [],
    cnames: [],
    records: [],
  };
}

const ROOT: LinkSpec = { zone: '' };
const CZ: LinkSpec = { zone: 'cz', ds: [[20993, 13, 2, true]], keys: [[20993, 13, 257]] };
const COM: LinkSpec = { zone: 'com' };

/** The dnssec check's result: the domain's MX validation, each host's A and AAAA, the rated signed zones. */
function dnssecData(domain: ReturnType<typeof validation>, hosts: [string, ReturnType<typeof validation>][], zones: unknown[] = []) {
  return {
    domain,
    hosts: hosts.map(([host, a]) => ({ host, addresses: [a, { ...a, type: 'AAAA' }] })),
    zones,
    resolverStrips: false,
    queries: 12,
  };
}

/** firma.cz signed and secure under cz, its zone rated: where the algorithm and digest findings arise. */
function secureFirmaCz(zone: LinkSpec, rating: { algorithms: number[]; digestTypes: number[] }, findings: Finding[]) {
  return build({
    platformHint: 'other',
    attempts: {
      ...MAIL_AUTH_DONE,
      dnssec: { data: dnssecData(validation('firma.cz', 'MX', [ROOT, CZ, zone]), [], [{ zone: 'firma.cz', status: 'secure', ...rating }]) },
    },
    findings,
  });
}

const mxData = (...hosts: [number, string][]) => ({
  kind: 'mx',
  hosts: hosts.map(([preference, exchange], i) => ({ preference, exchange, cnames: [], ipv4: [`192.0.2.${25 + i}`], ipv6: [] })),
});

/** The certificate check's result: per address group of `host`, the leaf it served (the lab's chains, shortened to the leaf). */
function certificateData(host: string, groups: { addresses: string[]; spkiSha256: string; serialNumber: string }[]) {
  return {
    groups: groups.map((g) => ({
      host,
      addresses: g.addresses,
      port: 25,
      tls: {
        protocol: 'TLSv1.3',
        cipher: 'TLS_AES_256_GCM_SHA384',
        authorized: true,
        hostname: host,
        hostMatch: true,
        chain: [
          ecLeafCertificate(host, g.spkiSha256, {
            subject: `O=MailAudit Lab, CN=${host}`,
            issuer: 'O=MailAudit Lab, CN=MailAudit Lab Issuing CA',
            serialNumber: g.serialNumber,
            validFrom: '2026-12-01T05:00:03.000Z',
            validTo: '2027-12-02T05:00:03.000Z',
          }),
        ],
      },
      verdicts: [],
    })),
    notAvailable: [],
  };
}

/** The dane check's result for one host. */
function daneData(host: string, state: string, records: { record: string; matched: boolean; addresses: string[] }[] = []) {
  return {
    hosts: [
      {
        host,
        base: host,
        state,
        records: records.map((r) => ({
          record: r.record,
          usable: true,
          matches: [{ addresses: r.addresses, ...(r.matched ? { certificate: 0 } : {}) }],
        })),
        authenticated: records.some((r) => r.matched),
        rolloverReady: false,
      },
    ],
  };
}

/** The key the lab's mail servers serve (test/lab/ca.ts), and its TLSA 3 1 1 as the dane check printed it. */
const LAB_SPKI = '8465692fb55c66fda4323d1fc8001c3083fb35c055a58325712da98e07f69413';
const LAB_SERIAL = '38FA062B6591FEBD695560F9EC1ACD54';
/** A second key (another address of the same host serving another certificate). */
const OTHER_SPKI = 'ea2367d36cac176c6189e391513919a69f3e092f6693db7fb3b503c0d8528b83';

// ------------------------------------------------------------------------------ helpers

const step = (plan: RemediationPlan, id: string) => {
  const s = plan.steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id} in ${plan.steps.map((x) => x.id).join(', ')}`);
  return s;
};
const ids = (plan: RemediationPlan) => plan.steps.map((s) => s.id);
const instructions = (plan: RemediationPlan, id: string) =>
  step(plan, id).actions.filter((a): a is Extract<RemediationAction, { kind: 'instruction' }> => a.kind === 'instruction');
const instructionKeys = (plan: RemediationPlan, id: string) => instructions(plan, id).map((a) => a.key);
const ps = (plan: RemediationPlan, id: string) => step(plan, id).actions.flatMap((a) => (a.kind === 'powershell' ? [a.code] : []));
const text = (plan: RemediationPlan, id: string, key: string, lang: 'cs' | 'en' = 'en') => {
  const a = instructions(plan, id).find((x) => x.key === key);
  if (!a) throw new Error(`no ${key} in ${id}`);
  return translate(lang, a.key, a.params ?? {});
};
function plan(a: Assessment, label: string): RemediationPlan {
  const p = buildRemediationPlan(a);
  checkPlan(p, label);
  return p;
}

// ------------------------------------------------------------------------------ DNSSEC

describe('DNSSEC: signing, the DS, and repairs, from the validator’s chain', () => {
  /** insecure.nsec3-optout.test as firma.cz: an unsigned zone under a signed parent, MX in the zone. */
  const unsignedCz = (tld: LinkSpec = CZ, domain = 'firma.cz', hint: 'exchange-2019' | 'other' = 'exchange-2019') => {
    const chain = [ROOT, tld, { zone: domain, status: 'insecure' as const, reason: 'no_ds' }];
    const host = `mail.${domain}`;
    return build({
      domain,
      platformHint: hint,
      attempts: {
        ...MAIL_AUTH_DONE,
        mx: { data: mxData([10, host]) },
        dnssec: { data: dnssecData(validation(domain, 'MX', chain), [[host, validation(host, 'A', chain)]]) },
        dane: { data: { hosts: [{ host, base: host, state: 'not_secure' }] } },
      },
      findings: [
        finding('dnssec', 'fail', 'finding.dnssec.insecure', { name: domain, zone: domain }),
        finding('dnssec', 'fail', 'finding.dnssec.mx_zone_insecure', { host, zone: domain }, host),
        finding('dane', 'fail', 'finding.dane.not_secure', { host }, host),
      ],
    });
  };

  it('a .cz domain: sign the zone, then the DS through the registrar or automatically by CDNSKEY (CZ.NIC, RFC 7344/8078)', () => {
    const p = plan(unsignedCz(), 'cz');
    expect(p.steps.map((s) => [s.id, s.phase, s.platform])).toEqual([
      ['dnssec-sign', 1, 'dns-host'],
      ['dnssec-ds', 1, 'dns-host'],
    ]);
    // The zone comes from the validator's chain (the link without a DS), not from the MX host's name.
    expect(step(p, 'dnssec-sign').titleParams).toEqual({ zones: ['firma.cz'] });
    expect(instructionKeys(p, 'dnssec-sign')).toEqual(['remediation.instruction.dnssec_before', 'remediation.instruction.dnssec_sign']);
    expect(text(p, 'dnssec-sign', 'remediation.instruction.dnssec_before')).toMatch(/algorithm 13 .* or 15 .*RFC 9904/);
    expect(instructionKeys(p, 'dnssec-ds')).toEqual(['remediation.instruction.dnssec_ds_cz', 'remediation.instruction.dnssec_after']);
    const cz = text(p, 'dnssec-ds', 'remediation.instruction.dnssec_ds_cz');
    expect(cz).toContain('The DS of firma.cz goes to the .cz registry (CZ.NIC)');
    expect(cz).toContain('CDNSKEY');
    expect(cz).toContain('for seven days');
    expect(cz).toContain('https://www.nic.cz/page/3909/automatizovana-sprava-keysetu/');
    expect(text(p, 'dnssec-ds', 'remediation.instruction.dnssec_ds_cz', 'cs')).toContain('po dobu sedmi dnů');
    expect(text(p, 'dnssec-ds', 'remediation.instruction.dnssec_after')).toContain('run the assessment of firma.cz again');
    // The step fixes all three findings, and so serves both rows (DANE waits for DNSSEC).
    expect(step(p, 'dnssec-sign').fixes.map((f) => f.key)).toEqual([
      'finding.dnssec.insecure',
      'finding.dnssec.mx_zone_insecure',
      'finding.dane.not_secure',
    ]);
    expect(step(p, 'dnssec-sign').requirementIds.sort()).toEqual(['dane', 'dnssec']);
  });

  it('another TLD: the DS goes through the registrar into that TLD', () => {
    const p = plan(unsignedCz({ zone: 'eu' }, 'firma.eu', 'other'), 'eu');
    expect(instructions(p, 'dnssec-ds')[0]).toEqual({
      kind: 'instruction',
      key: 'remediation.instruction.dnssec_ds_registrar',
      params: { zone: 'firma.eu', parent: 'eu' },
    });
  });

  it('an MX host in somebody else’s unsigned zone is named as such, with the zone the validator stopped at', () => {
    // dnssec-mx-insecure.test: signed domain, MX mail.onprem.test in the unsigned onprem.test.
    const secure = validation('firma.cz', 'MX', [ROOT, CZ, { zone: 'firma.cz', ds: [[4242, 13, 2, true]], keys: [[4242, 13, 257]] }]);
    const host = validation('mail.hosting.cz', 'A', [ROOT, CZ, { zone: 'hosting.cz', status: 'insecure', reason: 'no_ds' }]);
    const a = build({
      platformHint: 'other',
      attempts: {
        ...MAIL_AUTH_DONE,
        mx: { data: mxData([10, 'mail.hosting.cz']) },
        dnssec: { data: dnssecData(secure, [['mail.hosting.cz', host]]) },
      },
      findings: [
        finding('dnssec', 'pass', 'finding.dnssec.secure', { name: 'firma.cz', zone: 'firma.cz' }),
        finding('dnssec', 'fail', 'finding.dnssec.mx_zone_insecure', { host: 'mail.hosting.cz', zone: 'hosting.cz' }, 'mail.hosting.cz'),
      ],
    });
    const p = plan(a, 'foreign');
    expect(instructions(p, 'dnssec-sign').map((x) => [x.key, x.params])).toEqual([
      ['remediation.instruction.dnssec_before', { zones: ['hosting.cz'] }],
      ['remediation.instruction.dnssec_sign_foreign', { zone: 'hosting.cz', hosts: ['mail.hosting.cz'] }],
    ]);
    expect(instructions(p, 'dnssec-ds')[0]!.key).toBe('remediation.instruction.dnssec_ds_cz');
  });

  it('a DS that matches no key (dnssec-ds-mismatch.test): replace it with the current KSK, by tag — through the .cz registrar', () => {
    const chain: LinkSpec[] = [
      ROOT,
      CZ,
      {
        zone: 'firma.cz',
        status: 'bogus',
        reason: 'no_dnskey_matches_ds',
        ds: [[16864, 13, 2, false]],
        keys: [
          [49135, 13, 257],
          [5120, 13, 256],
        ],
      },
    ];
    const a = build({
      platformHint: 'exchange-2019',
      attempts: {
        ...MAIL_AUTH_DONE,
        mx: { data: mxData([10, 'mail.firma.cz']) },
        dnssec: {
          data: dnssecData(
            validation('firma.cz', 'MX', chain),
            [['mail.firma.cz', validation('mail.firma.cz', 'A', chain)]],
            [{ zone: 'firma.cz', status: 'bogus', algorithms: [13], digestTypes: [2] }],
          ),
        },
      },
      findings: [
        finding('dnssec', 'fail', 'finding.dnssec.ds_mismatch', {
          name: 'firma.cz',
          zone: 'firma.cz',
          ds: '16864/13/2',
          keys: '49135, 5120',
        }),
        finding(
          'dnssec',
          'fail',
          'finding.dnssec.ds_mismatch',
          { name: 'mail.firma.cz', zone: 'firma.cz', ds: '16864/13/2', keys: '49135, 5120' },
          'mail.firma.cz',
        ),
        finding('dane', 'fail', 'finding.dane.not_secure', { host: 'mail.firma.cz' }, 'mail.firma.cz'),
      ],
    });
    const p = plan(a, 'ds mismatch');
    expect(ids(p)).toEqual(['dnssec-repair']);
    // One instruction for the zone (the domain and its MX host share it); the KSK only (flags 257), not the ZSK.
    expect(instructions(p, 'dnssec-repair')[0]).toMatchObject({
      key: 'remediation.instruction.dnssec_fix.ds_mismatch_cz',
      params: { zone: 'firma.cz', ds: ['16864/13/2'], keys: ['49135'] },
    });
    const en = text(p, 'dnssec-repair', 'remediation.instruction.dnssec_fix.ds_mismatch_cz');
    expect(en).toContain('key tag 49135');
    expect(en).toContain('Publishing a CDNSKEY does not help here');
    expect(step(p, 'dnssec-repair').fixes.map((f) => f.key)).toContain('finding.dane.not_secure');
  });

  it('expired signatures (dnssec-expired.test): restore signing, with the date; elsewhere than .cz the DS fix is generic', () => {
    const chain: LinkSpec[] = [
      ROOT,
      { zone: 'eu' },
      { zone: 'firma.eu', status: 'bogus', reason: 'signature_expired', ds: [[3001, 13, 2, true]], keys: [[3001, 13, 257]] },
    ];
    const a = build({
      domain: 'firma.eu',
      platformHint: 'other',
      attempts: { ...MAIL_AUTH_DONE, dnssec: { data: dnssecData(validation('firma.eu', 'MX', chain), []) } },
      findings: [
        finding('dnssec', 'fail', 'finding.dnssec.signature_expired', { name: 'firma.eu', zone: 'firma.eu', date: '2026-12-01' }),
        finding('dnssec', 'fail', 'finding.dnssec.ds_mismatch', { name: 'firma.eu', zone: 'firma.eu', ds: '3001/13/2', keys: '3001' }),
      ],
    });
    const p = plan(a, 'expired');
    expect(instructionKeys(p, 'dnssec-repair')).toEqual([
      'remediation.instruction.dnssec_fix.signature_expired',
      'remediation.instruction.dnssec_fix.ds_mismatch',
      'remediation.instruction.dnssec_after',
    ]);
    expect(text(p, 'dnssec-repair', 'remediation.instruction.dnssec_fix.signature_expired')).toContain('expired on 2026-12-01');
  });

  it('a deprecated algorithm (dnssec-sha1.test): an algorithm rollover to 13 in the RFC 6781 §4.1.4 order', () => {
    const zone: LinkSpec = { zone: 'firma.cz', ds: [[811, 5, 2, true]], keys: [[811, 5, 257]] };
    const a = secureFirmaCz(zone, { algorithms: [5], digestTypes: [2] }, [
      finding('dnssec', 'pass', 'finding.dnssec.secure', { name: 'firma.cz', zone: 'firma.cz' }),
      finding('dnssec', 'fail', 'finding.dnssec.algorithm_deprecated', { zone: 'firma.cz', algorithm: 5, mnemonic: 'RSASHA1' }),
    ]);
    const p = plan(a, 'algorithm');
    expect(p.steps.map((s) => [s.id, s.phase])).toEqual([['dnssec-algorithm', 2]]);
    expect(instructions(p, 'dnssec-algorithm').map((x) => [x.key, x.params])).toEqual([
      ['remediation.instruction.dnssec_algorithm_rollover', { zone: 'firma.cz', algorithms: ['5 (RSASHA1)'] }],
      ['remediation.instruction.dnssec_ds_cz', { zone: 'firma.cz' }],
    ]);
    const en = text(p, 'dnssec-algorithm', 'remediation.instruction.dnssec_algorithm_rollover');
    expect(en).toContain('RFC 6781 §4.1.4');
    expect(en.indexOf('publish the new DNSKEYs')).toBeLessThan(en.indexOf('DS of the new KSK'));
    expect(en.indexOf('DS of the new KSK')).toBeLessThan(en.indexOf('remove the old DNSKEYs'));
  });

  it('a SHA-1 DS: SHA-256 first, SHA-1 removed after; NSEC3: 0 iterations, empty salt (RFC 9276)', () => {
    const zone: LinkSpec = { zone: 'firma.cz', ds: [[911, 13, 1, true]], keys: [[911, 13, 257]] };
    const a = secureFirmaCz(zone, { algorithms: [13], digestTypes: [1] }, [
      finding('dnssec', 'fail', 'finding.dnssec.ds_digest_sha1', { zone: 'firma.cz' }),
      finding('dnssec', 'fail', 'finding.dnssec.nsec3_iterations', { name: 'firma.cz', zone: 'firma.cz', iterations: 100 }),
    ]);
    const p = plan(a, 'digest');
    expect(ids(p)).toEqual(['dnssec-ds-digest', 'dnssec-nsec3']);
    expect(text(p, 'dnssec-ds-digest', 'remediation.instruction.dnssec_fix.ds_digest_sha1')).toContain(
      'first add the DS of the KSK (key tag 911) with a SHA-256 digest (type 2), and only then remove the SHA-1 DS',
    );
    expect(text(p, 'dnssec-nsec3', 'remediation.instruction.dnssec_fix.nsec3_iterations')).toContain('"1 0 0 -"');
  });
});

// ------------------------------------------------------------------------------ Exchange Online

describe('Exchange Online inbound DANE (Microsoft Learn, "How SMTP DANE works")', () => {
  const LEGACY = 'firma-cz.mail.protection.outlook.com';
  const SIGNED = 'firma-cz.b-v1.mx.microsoft';
  const outlook: LinkSpec[] = [ROOT, COM, { zone: 'outlook.com', status: 'insecure', reason: 'no_ds' }];

  /** exo-good.test moved to .cz: MX at priority 0 on the legacy host; the domain unsigned or signed. */
  function onLegacy(domainSigned: boolean): Assessment {
    const domainChain: LinkSpec[] = [
      ROOT,
      CZ,
      domainSigned ? { zone: 'firma.cz' } : { zone: 'firma.cz', status: 'insecure', reason: 'no_ds' },
    ];
    return build({
      platformHint: 'unknown',
      attempts: {
        ...MAIL_AUTH_DONE,
        mx: { data: mxData([0, LEGACY]) },
        platform: { data: { platform: 'exchange-online', tenantTraces: false, signals: ['mx-exchange-online'] } },
        dnssec: { data: dnssecData(validation('firma.cz', 'MX', domainChain), [[LEGACY, validation(LEGACY, 'A', outlook)]]) },
        dane: { data: { hosts: [{ host: LEGACY, base: LEGACY, state: 'not_secure' }] } },
      },
      findings: [
        domainSigned
          ? finding('dnssec', 'pass', 'finding.dnssec.secure', { name: 'firma.cz', zone: 'firma.cz' })
          : finding('dnssec', 'fail', 'finding.dnssec.insecure', { name: 'firma.cz', zone: 'firma.cz' }),
        finding('dnssec', 'fail', 'finding.dnssec.mx_zone_insecure', { host: LEGACY, zone: 'outlook.com' }, LEGACY),
        finding('dane', 'fail', 'finding.dane.not_secure', { host: LEGACY }, LEGACY),
      ],
    });
  }

  it('on *.mail.protection.outlook.com: sign the zone, then TTL → Enable-DnssecForVerifiedDomain → MX switch → Enable-SmtpDaneInbound', () => {
    const p = plan(onLegacy(false), 'exo legacy');
    expect(p.platform).toBe('exchange-online');
    expect(p.steps.map((s) => [s.id, s.phase, s.platform])).toEqual([
      ['dnssec-sign', 1, 'dns-host'],
      ['dnssec-ds', 1, 'dns-host'],
      ['dane-exo-prerequisites', 2, 'exchange-online'],
      ['dane-exo-ttl', 2, 'dns-host'],
      ['dane-exo-dnssec', 2, 'exchange-online'],
      ['dane-exo-mx-switch', 3, 'dns-host'],
      ['dane-exo-enable', 3, 'exchange-online'],
    ]);
    // Microsoft's zone is not the customer's to sign: only firma.cz is.
    expect(step(p, 'dnssec-sign').titleParams).toEqual({ zones: ['firma.cz'] });
    expect(instructionKeys(p, 'dane-exo-prerequisites')).toEqual([
      'remediation.instruction.dane_exo_prerequisites',
      'remediation.instruction.dane_exo_zone_unsigned',
    ]);
    // Every command in the order Microsoft's procedure runs them.
    expect(p.steps.flatMap((s) => ps(p, s.id))).toEqual([
      "Enable-DnssecForVerifiedDomain -DomainName 'firma.cz'",
      "(Get-DnssecStatusForVerifiedDomain -DomainName 'firma.cz').ExpectedMxRecord.Record",
      "Enable-SmtpDaneInbound -DomainName 'firma.cz'",
      "Get-SmtpDaneInboundStatus -DomainName 'firma.cz'",
      "Get-DnssecStatusForVerifiedDomain -DomainName 'firma.cz'",
    ]);
    // The MX records as the DNS host takes them: TTL lowered first, then the old MX moved behind the new one.
    expect(records(p, 'MX').map((r) => r.zoneFile)).toEqual([`firma.cz. 300 IN MX 0 ${LEGACY}.`, `firma.cz. 300 IN MX 30 ${LEGACY}.`]);
    expect(instructionKeys(p, 'dane-exo-ttl')).toEqual(['remediation.instruction.dane_exo_mta_sts_testing']);
    expect(instructionKeys(p, 'dane-exo-mx-switch')).toEqual([
      'remediation.instruction.dane_exo_add_new_mx',
      'remediation.instruction.dane_exo_test_new_mx',
      'remediation.instruction.dane_exo_promote',
      'remediation.instruction.dane_exo_remove_old',
      'remediation.instruction.dane_exo_restore_ttl',
      'remediation.instruction.dane_exo_mta_sts_mx',
    ]);
    expect(text(p, 'dane-exo-mx-switch', 'remediation.instruction.dane_exo_remove_old')).toContain(`(${LEGACY})`);
    expect(step(p, 'dane-exo-enable').fixes.map((f) => f.key)).toEqual(['finding.dnssec.mx_zone_insecure', 'finding.dane.not_secure']);
  });

  it('a signed domain on the legacy host: no signing step, the switch starts at once', () => {
    const p = plan(onLegacy(true), 'exo legacy signed');
    expect(ids(p)).toEqual(['dane-exo-prerequisites', 'dane-exo-ttl', 'dane-exo-dnssec', 'dane-exo-mx-switch', 'dane-exo-enable']);
    expect(instructionKeys(p, 'dane-exo-prerequisites')).toEqual(['remediation.instruction.dane_exo_prerequisites']);
  });

  it('a backup MX beside Exchange Online is named before the switch (single MX at priority 0 or 10)', () => {
    const a = onLegacy(true);
    const attempts = a.attempts.map((x) => (x.checkId === 'mx' ? { ...x, data: mxData([0, LEGACY], [20, 'backup.firma.cz']) } : x));
    const p = plan({ ...a, attempts }, 'backup mx');
    expect(instructions(p, 'dane-exo-prerequisites')[1]).toEqual({
      kind: 'instruction',
      key: 'remediation.instruction.dane_exo_single_mx',
      params: { domain: 'firma.cz', records: [`0 ${LEGACY}`, '20 backup.firma.cz'] },
    });
  });

  it('already on *.mx.microsoft: only Enable-SmtpDaneInbound and the verification', () => {
    const signedZone: LinkSpec[] = [ROOT, { zone: 'microsoft' }, { zone: 'mx.microsoft' }];
    const a = build({
      platformHint: 'exchange-online',
      attempts: {
        ...MAIL_AUTH_DONE,
        mx: { data: mxData([0, SIGNED]) },
        dnssec: {
          data: dnssecData(validation('firma.cz', 'MX', [ROOT, CZ, { zone: 'firma.cz' }]), [[SIGNED, validation(SIGNED, 'A', signedZone)]]),
        },
        dane: { data: daneData(SIGNED, 'missing') },
      },
      findings: [
        finding('dnssec', 'pass', 'finding.dnssec.secure', { name: 'firma.cz', zone: 'firma.cz' }),
        finding('dnssec', 'pass', 'finding.dnssec.mx_zone_secure', { host: SIGNED, zone: 'mx.microsoft' }, SIGNED),
        finding('dane', 'fail', 'finding.dane.missing', { host: SIGNED, name: `_25._tcp.${SIGNED}` }, SIGNED),
      ],
    });
    const p = plan(a, 'exo signed');
    expect(p.steps.map((s) => [s.id, s.phase, s.platform])).toEqual([['dane-exo-enable', 2, 'exchange-online']]);
    expect(ps(p, 'dane-exo-enable')).toEqual([
      "Enable-SmtpDaneInbound -DomainName 'firma.cz'",
      "Get-SmtpDaneInboundStatus -DomainName 'firma.cz'",
      "Get-DnssecStatusForVerifiedDomain -DomainName 'firma.cz'",
    ]);
    // Microsoft publishes this host's TLSA: the plan writes none.
    expect(records(p)).toEqual([]);
  });

  it('half-way (both MX published): finish the switch without running Enable-DnssecForVerifiedDomain again', () => {
    const a = onLegacy(true);
    const attempts = a.attempts.map((x) => (x.checkId === 'mx' ? { ...x, data: mxData([0, LEGACY], [20, SIGNED]) } : x));
    const p = plan({ ...a, attempts }, 'half-way');
    expect(ids(p)).toEqual(['dane-exo-mx-switch', 'dane-exo-enable']);
    expect(instructions(p, 'dane-exo-mx-switch')[0]!.params).toEqual({ domain: 'firma.cz', new: [SIGNED], old: [LEGACY] });
    expect(p.steps.flatMap((s) => ps(p, s.id)).some((c) => c.startsWith('Enable-DnssecForVerifiedDomain'))).toBe(false);
  });
});

// ------------------------------------------------------------------------------ TLSA

describe('TLSA 3 1 1 from the key each MX serves (RFC 7671 §5.1, RFC 7672)', () => {
  function tlsaAssessment(
    findings: Finding[],
    dane: unknown,
    certificate: unknown | undefined,
    hint: 'exchange-2019' | 'other' = 'exchange-2019',
  ) {
    return build({
      platformHint: hint,
      attempts: {
        ...MAIL_AUTH_DONE,
        mx: { data: mxData([10, 'mail.firma.cz']) },
        dnssec: { data: dnssecData(validation('firma.cz', 'MX', [ROOT, CZ, { zone: 'firma.cz' }]), []) },
        dane: { data: dane },
        ...(certificate ? { certificate: { data: certificate } } : {}),
        'dane-outbound': { data: { sender: 'exchange-server' } },
      },
      findings,
    });
  }

  it('missing (dnssec-ok.test with a served certificate): one record per served key, the served SPKI hash exactly', () => {
    const a = tlsaAssessment(
      [finding('dane', 'fail', 'finding.dane.missing', { host: 'mail.firma.cz', name: '_25._tcp.mail.firma.cz' }, 'mail.firma.cz')],
      daneData('mail.firma.cz', 'missing'),
      certificateData('mail.firma.cz', [
        { addresses: ['192.0.2.25'], spkiSha256: LAB_SPKI, serialNumber: LAB_SERIAL },
        { addresses: ['2001:db8::25'], spkiSha256: OTHER_SPKI.toUpperCase(), serialNumber: '00A1' },
      ]),
    );
    const p = plan(a, 'missing');
    expect(ids(p)).toEqual(['dane-server-certificate', 'dane-tlsa']);
    expect(records(p, 'TLSA').map((r) => [r.zoneFile, r.noteParams])).toEqual([
      [`_25._tcp.mail.firma.cz. 3600 IN TLSA 3 1 1 ${LAB_SPKI}`, { host: 'mail.firma.cz', addresses: ['192.0.2.25'] }],
      [`_25._tcp.mail.firma.cz. 3600 IN TLSA 3 1 1 ${OTHER_SPKI}`, { host: 'mail.firma.cz', addresses: ['2001:db8::25'] }],
    ]);
    // Exchange Server: which connector serves port 25, and the served certificates found by serial number.
    const [connector, certificate] = ps(p, 'dane-server-certificate');
    expect(connector).toBe(
      "Get-ReceiveConnector | Where-Object { $_.Bindings -match ':25$' } | Format-List Identity, Bindings, Fqdn, TlsCertificateName",
    );
    expect(certificate).toBe(
      `Get-ExchangeCertificate | Where-Object { $_.SerialNumber.TrimStart('0') -in @('${LAB_SERIAL}','A1') } | Format-List Subject, CertificateDomains, Thumbprint, Services, NotAfter`,
    );
  });

  it('mismatch (dane-mismatch.test): the record that would match, and the published one named', () => {
    const a = tlsaAssessment(
      [
        finding(
          'dane',
          'fail',
          'finding.dane.mismatch',
          { host: 'mail.firma.cz', addresses: '192.0.2.25', name: '_25._tcp.mail.firma.cz' },
          'mail.firma.cz',
        ),
      ],
      daneData('mail.firma.cz', 'checked', [
        { record: '3 1 1 108D590921240AB0E311DADA7325CABB088BDD0DA91D274830D7B2505740177F', matched: false, addresses: ['192.0.2.25'] },
      ]),
      certificateData('mail.firma.cz', [{ addresses: ['192.0.2.25'], spkiSha256: LAB_SPKI, serialNumber: LAB_SERIAL }]),
      'other',
    );
    const p = plan(a, 'mismatch');
    expect(ids(p)).toEqual(['dane-tlsa']);
    expect(records(p, 'TLSA').map((r) => r.value)).toEqual([`3 1 1 ${LAB_SPKI}`]);
    expect(instructions(p, 'dane-tlsa')[0]).toEqual({
      kind: 'instruction',
      key: 'remediation.instruction.dane_tlsa_mismatch',
      params: {
        name: '_25._tcp.mail.firma.cz',
        host: 'mail.firma.cz',
        records: ['3 1 1 108D590921240AB0E311DADA7325CABB088BDD0DA91D274830D7B2505740177F'],
      },
    });
  });

  it('no certificate seen from here: MailAudit computes the record from the file (--tlsa-from)', () => {
    const a = tlsaAssessment(
      [finding('dane', 'fail', 'finding.dane.missing', { host: 'mail.firma.cz', name: '_25._tcp.mail.firma.cz' }, 'mail.firma.cz')],
      daneData('mail.firma.cz', 'missing'),
      undefined,
      'other',
    );
    const p = plan(a, 'no certificate');
    expect(records(p, 'TLSA')).toEqual([]);
    expect(text(p, 'dane-tlsa', 'remediation.instruction.dane_tlsa_compute')).toContain(
      'mailaudit assess firma.cz --tlsa-from <certificate file>',
    );
  });

  it('Exchange Server rollover (dane-ok.test: match, no next key): request → new TLSA beside the old → switch → old TLSA removed', () => {
    const a = tlsaAssessment(
      [
        finding(
          'dane',
          'pass',
          'finding.dane.match',
          { host: 'mail.firma.cz', record: `3 1 1 ${LAB_SPKI.toUpperCase()}`, via: 'DANE-EE' },
          'mail.firma.cz',
        ),
        finding('dane', 'warning', 'finding.dane.no_rollover', { name: '_25._tcp.mail.firma.cz' }, 'mail.firma.cz'),
        finding('dane-outbound', 'fail', 'finding.dane_outbound.exchange_server'),
      ],
      daneData('mail.firma.cz', 'checked', [{ record: `3 1 1 ${LAB_SPKI.toUpperCase()}`, matched: true, addresses: ['192.0.2.25'] }]),
      certificateData('mail.firma.cz', [{ addresses: ['192.0.2.25'], spkiSha256: LAB_SPKI, serialNumber: LAB_SERIAL }]),
    );
    const p = plan(a, 'rollover');
    expect(p.steps.map((s) => [s.id, s.phase, s.platform])).toEqual([
      ['dane-rollover-request', 2, 'exchange-server'],
      ['dane-rollover-tlsa', 2, 'dns-host'],
      ['dane-server-outbound', 2, 'exchange-server'],
      ['dane-rollover-switch', 3, 'exchange-server'],
      ['dane-rollover-cleanup', 4, 'dns-host'],
    ]);
    // 1. New key and request first, renewed from the certificate the server serves (found by its serial):
    //    New-ExchangeCertificate example 7 (a renewal request from the existing certificate), -KeySize 2048.
    const current = `$current = Get-ExchangeCertificate | Where-Object { $_.SerialNumber.TrimStart('0') -eq '${LAB_SERIAL}' } | Select-Object -First 1`;
    expect(ps(p, 'dane-rollover-request')).toEqual([
      [
        current,
        'if ($current) {',
        '$request = Get-ExchangeCertificate -Thumbprint $current.Thumbprint | New-ExchangeCertificate -GenerateRequest -KeySize 2048 -PrivateKeyExportable $true',
        '} else {',
        "$request = New-ExchangeCertificate -GenerateRequest -SubjectName 'CN=mail.firma.cz' -DomainName 'mail.firma.cz' -KeySize 2048 -PrivateKeyExportable $true",
        '}',
        "[System.IO.File]::WriteAllText((Join-Path $env:USERPROFILE 'mail-firma-cz-next-key.req'), $request)",
      ].join('\n'),
    ]);
    // 2. The next key's record from the request, beside the current one (kept), then two TTLs.
    expect(records(p, 'TLSA').map((r) => [r.zoneFile, r.noteKey])).toEqual([
      [`_25._tcp.mail.firma.cz. 3600 IN TLSA 3 1 1 ${LAB_SPKI}`, 'remediation.note.dane_tlsa_current_keep'],
    ]);
    expect(text(p, 'dane-rollover-tlsa', 'remediation.instruction.dane_rollover_tlsa_from_request')).toContain(
      'mailaudit assess firma.cz --tlsa-from mail-firma-cz-next-key.req',
    );
    expect(text(p, 'dane-rollover-tlsa', 'remediation.instruction.dane_rollover_wait')).toContain(
      'at least two TTLs (2 hours at a TTL of 3600 seconds)',
    );
    // 3. Only then import and enable: SMTP (it offers to replace the default SMTP certificate: usually not),
    //    IIS only where the old one served it and without turning "Require SSL" back on (-DoNotRequireSsl),
    //    port-25 connectors bound by "<I>issuer<S>subject" (Set-ReceiveConnector -TlsCertificateName).
    const [enable, selected] = ps(p, 'dane-rollover-switch');
    expect(enable).toBe(
      [
        current,
        "$cert = Import-ExchangeCertificate -FileData ([System.IO.File]::ReadAllBytes((Join-Path $env:USERPROFILE 'mail-firma-cz-next-key.cer')))",
        'if ($cert) {',
        'Enable-ExchangeCertificate -Thumbprint $cert.Thumbprint -Services SMTP',
        "if ($current -and ($current.Services -match 'IIS')) { Enable-ExchangeCertificate -Thumbprint $cert.Thumbprint -Services IIS -DoNotRequireSsl }",
        "$tlsName = '<I>{0}<S>{1}' -f $cert.Issuer, $cert.Subject",
        '$names = @($cert.CertificateDomains | ForEach-Object { $_.ToString() })',
        "Get-ReceiveConnector | Where-Object { ($_.Bindings -match ':25$') -and ($_.TlsCertificateName -or ($names -notcontains $_.Fqdn.ToString())) } | Set-ReceiveConnector -TlsCertificateName $tlsName",
        "} else { Write-Warning 'The certificate was not imported; nothing was changed.' }",
      ].join('\n'),
    );
    const note = step(p, 'dane-rollover-switch').actions[0] as Extract<RemediationAction, { kind: 'powershell' }>;
    expect(note.noteKey).toBe('remediation.note.certificate_import');
    expect(translate('en', note.noteKey!, note.noteParams)).toContain(
      'when asked whether to replace the default SMTP certificate, usually answer No',
    );
    expect(translate('en', note.noteKey!, note.noteParams)).toContain('restart IIS (iisreset)');
    expect(selected).toBe("Get-ExchangeCertificate -DomainName 'mail.firma.cz' | Format-List Thumbprint, Subject, Services, NotAfter");
    // 4. The old key's record, as it is published now, removed last.
    expect(instructions(p, 'dane-rollover-cleanup')).toEqual([
      {
        kind: 'instruction',
        key: 'remediation.instruction.dane_rollover_remove',
        params: { record: `_25._tcp.mail.firma.cz. 3600 IN TLSA 3 1 1 ${LAB_SPKI}` },
      },
    ]);
    // Requirement 6, honestly: Exchange Server does not validate DANE for outbound mail.
    expect(step(p, 'dane-server-outbound')).toMatchObject({
      fixes: [{ key: 'finding.dane_outbound.exchange_server' }],
      requirementIds: ['dane-outbound'],
    });
    expect(text(p, 'dane-server-outbound', 'remediation.instruction.dane_server_not_native')).toContain('Exchange Online');
  });

  it('DNSSEC before TLSA: the unsigned MX zone is signed in phase 1, the TLSA of the signed MX host comes in phase 2', () => {
    const secure = validation('firma.cz', 'MX', [ROOT, CZ, { zone: 'firma.cz' }]);
    const hosting = validation('mx2.hosting.cz', 'A', [ROOT, CZ, { zone: 'hosting.cz', status: 'insecure', reason: 'no_ds' }]);
    const a = build({
      platformHint: 'other',
      attempts: {
        ...MAIL_AUTH_DONE,
        mx: { data: mxData([10, 'mail.firma.cz'], [20, 'mx2.hosting.cz']) },
        dnssec: {
          data: dnssecData(secure, [
            ['mail.firma.cz', validation('mail.firma.cz', 'A', [ROOT, CZ, { zone: 'firma.cz' }])],
            ['mx2.hosting.cz', hosting],
          ]),
        },
        dane: { data: daneData('mail.firma.cz', 'missing') },
        certificate: {
          data: certificateData('mail.firma.cz', [{ addresses: ['192.0.2.25'], spkiSha256: LAB_SPKI, serialNumber: LAB_SERIAL }]),
        },
      },
      findings: [
        finding('dnssec', 'fail', 'finding.dnssec.mx_zone_insecure', { host: 'mx2.hosting.cz', zone: 'hosting.cz' }, 'mx2.hosting.cz'),
        finding('dane', 'fail', 'finding.dane.not_secure', { host: 'mx2.hosting.cz' }, 'mx2.hosting.cz'),
        finding('dane', 'fail', 'finding.dane.missing', { host: 'mail.firma.cz', name: '_25._tcp.mail.firma.cz' }, 'mail.firma.cz'),
      ],
    });
    const p = plan(a, 'dnssec then tlsa');
    expect(p.steps.map((s) => [s.id, s.phase])).toEqual([
      ['dnssec-sign', 1],
      ['dnssec-ds', 1],
      ['dane-tlsa', 2],
    ]);
    // TLSA only for the host the dane check found without one; the other waits for its zone's DNSSEC.
    expect(records(p, 'TLSA').map((r) => r.name)).toEqual(['_25._tcp.mail.firma.cz']);
  });

  it('the outbound finding alone gets the outbound step, never TLSA records for every MX', () => {
    const a = tlsaAssessment(
      [finding('dane-outbound', 'fail', 'finding.dane_outbound.exchange_server')],
      daneData('mail.firma.cz', 'checked'),
      undefined,
    );
    const p = plan(a, 'outbound');
    expect(ids(p)).toEqual(['dane-server-outbound']);
  });
  it('a recorded manual test whose message left gets the outbound step, like the Exchange Server finding', () => {
    const waiting = tlsaAssessment(
      [finding('dane-outbound', 'not_tested', 'finding.dane_outbound.manual_test')],
      daneData('mail.firma.cz', 'checked'),
      undefined,
    );
    expect(ids(plan(waiting, 'manual test pending'))).toEqual([]);
    const left: Assessment = {
      ...waiting,
      manualTests: {
        daneOutbound: {
          sentTo: 'dane-broken.example',
          sentAt: '2026-12-02T10:15:00+01:00',
          left: true,
          note: '',
          recordedAt: '2026-12-02T10:40:00+01:00',
        },
      },
    };
    const p = plan(left, 'manual test: the message left');
    expect(ids(p)).toEqual(['dane-server-outbound']);
    expect(step(p, 'dane-server-outbound')).toMatchObject({ fixes: [{ key: 'finding.dane_outbound.manual_not_validated' }] });
  });
});

/**
 * Values from the network are data. A TXT record, selector, tenant or host name containing
 * `<script>`, quotes, backticks, `$(...)`, `;` or a newline must never reach a generated command
 * or record unquoted: every PowerShell snippet is tokenised and every zone-file line parsed back.
 */
import { describe, expect, it } from 'vitest';
import { hasUnsafeCharacter } from '../../../shared/quote';
import { buildRemediationPlan, type RemediationPlan } from '../../../shared/remediation/index';
import { MAIL_AUTH_DONE, build, finding } from './assessment-helper';
import { lexPowerShell, parseZoneLine } from './parsers';
import { checkPlan, records } from './plan-checks';

const PAYLOAD = `"; $(Remove-Item -Recurse C:\\) \`whoami\` <script>alert(1)</script> ' ; iex`;
const BARE_WORDS = ['Remove-Item', 'whoami', 'iex', 'alert', 'script'];

function hostileAssessment(platformHint: 'exchange-online' | 'exchange-2019' | 'unknown') {
  return build({
    platformHint,
    attempts: {
      ...MAIL_AUTH_DONE,
      spf: { data: { record: `v=spf1 ip4:192.0.2.1 ${PAYLOAD} +all`, records: [`v=spf1 ip4:192.0.2.1 ${PAYLOAD} +all`], terms: [], allQualifier: '+', includes: [], lookupCount: 1, chain: [] } },
      dmarc: {
        data: {
          domain: 'firma.cz',
          outcome: 'found',
          policyDomain: 'firma.cz',
          source: 'domain',
          record: 'v=DMARC1; p=none',
          parsed: { tags: [{ name: 'p', value: 'none' }, { name: 'x', value: PAYLOAD }], p: 'none', pct: 100, adkim: 'r', aspf: 'r', rua: [{ uri: "mailto:a'$(x)`y`@firma.cz", address: "a'$(x)`y`@firma.cz", domain: 'firma.cz' }, { uri: 'mailto:b@evil.cz\nX', address: 'b@evil.cz\nX', domain: 'evil.cz\nX' }], ruf: [], fo: ['0'], testing: false },
          appliedPolicy: 'none',
        },
      },
      dkim: {
        data: {
          domain: 'firma.cz',
          selectors: [{ selector: 'mail', name: 'mail._domainkey.firma.cz', outcome: 'key', records: [`v=DKIM1; t=y; n=${PAYLOAD}; p=QUJD`], cnames: [] }],
          found: ['mail'],
          exchangeOnline: { selectors: ['selector1'], tenant: "x'$(iex)", cnameTargets: [{ selector: 'selector1', target: `selector1-x._domainkey.${PAYLOAD}`, keyPublished: false, domainMatches: false }] },
        },
      },
      mx: { data: { kind: 'mx', hosts: [{ preference: 10, exchange: `mx.firma.cz$(whoami)`, cnames: [], ipv4: [], ipv6: [] }, { preference: 20, exchange: 'mx2.firma.cz', cnames: [], ipv4: ['192.0.2.25'], ipv6: [] }] } },
      platform: { data: { platform: 'exchange-online', tenantTraces: false, signals: [], tenant: 'x`whoami`' } },
      starttls: {},
      'tls-ciphers': {},
      'web-access': {},
      certificate: { data: { groups: [{ host: `mx2.firma.cz`, tls: { chain: [{ spkiSha256: `${'a'.repeat(63)}'` }] } }] } },
      dane: {},
    },
    findings: [
      finding('spf', 'fail', 'finding.spf.plus_all', { domain: 'firma.cz', term: '+all' }),
      finding('spf', 'fail', 'finding.spf.syntax_error', { domain: 'firma.cz', term: PAYLOAD, code: 'invalid_term', rfc: '§4.6.1' }),
      finding('platform', 'fail', 'finding.platform.spf_missing_exo_include', { domain: 'firma.cz', record: PAYLOAD }),
      finding('dmarc', 'fail', 'finding.dmarc.policy_none', { domain: 'firma.cz', policyDomain: 'firma.cz', policy: 'none', tag: 'p' }),
      finding('dmarc', 'warning', 'finding.dmarc.discarded_record', { name: '_dmarc.firma.cz', record: `v=DMARC 1\n${PAYLOAD}` }),
      finding('dmarc', 'warning', 'finding.dmarc.external_not_authorized', { host: `evil.cz'; iex`, name: `firma.cz._report._dmarc.${PAYLOAD}`, tags: ['rua'], addresses: [PAYLOAD] }, `evil.cz'; iex`),
      finding('dkim', 'warning', 'finding.dkim.exo_domain_mismatch', { selector: 'selector1', target: PAYLOAD, expected: 'x' }, 'selector1._domainkey.firma.cz'),
      finding('dkim', 'warning', 'finding.dkim.testing', { selector: 'mail' }, 'mail._domainkey.firma.cz'),
      finding('dkim', 'warning', 'finding.dkim.key_weak', { selector: `s'; Remove-Item x; '`, type: 'rsa', bits: 1024 }, `s'; Remove-Item x; '._domainkey.firma.cz`),
      finding('mx', 'warning', 'finding.mx.cname', { host: 'mx2.firma.cz', target: `real.firma.cz'; whoami` }, 'mx2.firma.cz'),
      finding('starttls', 'fail', 'finding.starttls.not_offered', { host: `mx.firma.cz'; iex`, address: PAYLOAD }, `mx.firma.cz'; iex`),
      finding('tls-ciphers', 'fail', 'finding.tls.cipher_insufficient', { suites: [`TLS_AES'; Remove-Item`, 'TLS_RSA_WITH_RC4_128_SHA'] }),
      finding('web-access', 'fail', 'finding.web.hsts_missing', { host: PAYLOAD }, PAYLOAD),
      finding('dane', 'fail', 'finding.dane.missing', { spkiSha256: PAYLOAD }, 'mx2.firma.cz'),
    ],
  });
}

function everyPowerShell(plan: RemediationPlan): string[] {
  return plan.steps.flatMap((s) => s.actions.flatMap((a) => (a.kind === 'powershell' ? [a.code] : a.kind === 'registry' ? [a.powershell] : [])));
}

describe('hostile values from DNS', () => {
  it.each(['exchange-online', 'exchange-2019', 'unknown'] as const)('never reach a command or record unquoted (%s)', (hint) => {
    const plan = buildRemediationPlan(hostileAssessment(hint));
    expect(plan.steps.length).toBeGreaterThan(5);
    // Parses every snippet and line, and renders every text in both languages.
    checkPlan(plan, hint);

    for (const code of everyPowerShell(plan)) {
      const tokens = lexPowerShell(code);
      const bare = tokens.filter((t) => t.type !== 'string').map((t) => JSON.stringify(t)).join(' ');
      for (const word of BARE_WORDS) expect(bare, code).not.toContain(word);
    }

    for (const r of records(plan)) {
      const parsed = parseZoneLine(r.zoneFile);
      // Owners and targets are validated names: nothing from the payload in them.
      expect(parsed.owner).toMatch(/^[a-z0-9._-]+\.$/);
      for (const f of parsed.fields) expect(f).toMatch(/^[a-z0-9._-]+$/);
    }

    for (const step of plan.steps) {
      for (const a of step.actions) {
        const params = a.kind === 'instruction' ? a.params : a.kind === 'registry' ? undefined : a.noteParams;
        for (const v of Object.values(params ?? {})) for (const s of Array.isArray(v) ? v : [v]) if (typeof s === 'string') expect(hasUnsafeCharacter(s), `${step.id}: ${JSON.stringify(s)}`).toBe(false);
      }
    }
  });

  it('keeps the user\'s SPF terms as data inside the quoted TXT record, never dropping them', () => {
    const plan = buildRemediationPlan(hostileAssessment('exchange-online'));
    const spf = records(plan, 'TXT').find((r) => r.name === 'firma.cz')!;
    expect(spf.value).toBe(`v=spf1 ip4:192.0.2.1 ${PAYLOAD} include:spf.protection.outlook.com ~all`);
    expect(parseZoneLine(spf.zoneFile).text).toBe(spf.value);
  });

  it('quotes a DKIM key record with a hostile tag as one TXT value', () => {
    const plan = buildRemediationPlan(hostileAssessment('exchange-2019'));
    const key = records(plan, 'TXT').find((r) => r.name === 'mail._domainkey.firma.cz')!;
    expect(parseZoneLine(key.zoneFile).text).toBe(`v=DKIM1; n=${PAYLOAD}; p=QUJD`);
  });

  it('drops report addresses that cannot be re-written safely and keeps the rest quoted', () => {
    const plan = buildRemediationPlan(hostileAssessment('unknown'));
    const dmarc = records(plan, 'TXT').filter((r) => r.name === '_dmarc.firma.cz');
    expect(dmarc.map((r) => parseZoneLine(r.zoneFile).text)).toEqual([
      "v=DMARC1; p=none; rua=mailto:a'$(x)`y`@firma.cz",
      "v=DMARC1; p=quarantine; rua=mailto:a'$(x)`y`@firma.cz",
      "v=DMARC1; p=reject; rua=mailto:a'$(x)`y`@firma.cz",
    ]);
  });

  it('uses no tenant, selector, host or suite that is not a valid name', () => {
    const plan = buildRemediationPlan(hostileAssessment('exchange-online'));
    expect(records(plan, 'CNAME')).toEqual([]);
    expect(records(plan, 'MX')).toEqual([]);
    const ids = plan.steps.map((s) => s.id);
    expect(ids).toContain('dkim-exo-cnames');
    const serverPlan = buildRemediationPlan(hostileAssessment('exchange-2019'));
    const disables = everyPowerShell(serverPlan).filter((c) => c.startsWith('Disable-TlsCipherSuite'));
    expect(disables).toEqual(["Disable-TlsCipherSuite -Name 'TLS_RSA_WITH_RC4_128_SHA'"]);
    // The hostile SPKI hash is refused: the TLSA step explains how to compute it instead.
    expect(records(serverPlan, 'TLSA')).toEqual([]);
  });

  it('builds no plan for a saved file whose domain is not a domain', () => {
    const a = hostileAssessment('unknown');
    a.request.domain = `firma.cz'; Remove-Item`;
    expect(buildRemediationPlan(a).steps).toEqual([]);
  });
});

/**
 * Exchange Online DKIM steps (issue 10, corrections 1 and 2): the key is always 2048-bit, and the
 * selector CNAME targets are never predicted — they come from Get-DkimSigningConfig, or from DNS
 * when both selectors already point at this domain's keys in one format.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/assessment';
import { translate } from '../../../shared/i18n/index';
import { buildRemediationPlan, type RemediationPlan } from '../../../shared/remediation/index';
import { MAIL_AUTH_DONE, build, finding } from './assessment-helper';
import { checkPlan, records } from './plan-checks';

const step = (plan: RemediationPlan, id: string) => {
  const s = plan.steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id} in ${plan.steps.map((x) => x.id).join(', ')}`);
  return s;
};
const ps = (plan: RemediationPlan, id: string) => step(plan, id).actions.flatMap((a) => (a.kind === 'powershell' ? [a.code] : []));

type Target = { selector: string; target: string; keyPublished: boolean; domainMatches: boolean };

function exoPlan(options: { targets?: Target[]; tenant?: string; platformTenant?: string; findings: Finding[] }): RemediationPlan {
  const a = build({
    attempts: {
      ...MAIL_AUTH_DONE,
      dkim: {
        data: {
          domain: 'firma.cz',
          selectors: [],
          found: [],
          exchangeOnline: {
            selectors: (options.targets ?? []).map((t) => t.selector),
            ...(options.tenant ? { tenant: options.tenant } : {}),
            cnameTargets: options.targets ?? [],
          },
        },
      },
      platform: {
        data: { platform: 'exchange-online', signals: [], ...(options.platformTenant ? { tenant: options.platformTenant } : {}) },
      },
    },
    platformHint: 'exchange-online',
    findings: options.findings,
  });
  const p = buildRemediationPlan(a);
  checkPlan(p, 'dkim-exo');
  return p;
}

const noneFound = finding('dkim', 'not_tested', 'finding.dkim.none_found', { domain: 'firma.cz', tried: ['selector1', 'selector2'] });
const mismatch = (selector: string, target: string) =>
  finding('dkim', 'warning', 'finding.dkim.exo_domain_mismatch', { selector, target }, `${selector}._domainkey.firma.cz`);
const FROM_OUTPUT = {
  kind: 'instruction',
  key: 'remediation.instruction.dkim_exo_cnames_from_output',
  params: {
    names: ['selector1._domainkey.firma.cz', 'selector2._domainkey.firma.cz'],
    command: "Get-DkimSigningConfig -Identity 'firma.cz' | Format-List Selector1CNAME, Selector2CNAME",
  },
};

describe('Exchange Online DKIM: key size (correction 1)', () => {
  it('New-DkimSigningConfig asks for a 2048-bit key: the cmdlet default is 1024, which the DKIM check calls weak', () => {
    const p = exoPlan({ findings: [noneFound] });
    expect(ps(p, 'dkim-exo-config')[0]).toBe("New-DkimSigningConfig -DomainName 'firma.cz' -Enabled $false -KeySize 2048");
  });

  it('every New-/Rotate-DkimSigningConfig in a plan carries -KeySize 2048', () => {
    const plans = [
      exoPlan({ findings: [noneFound] }),
      exoPlan({
        tenant: 'firma',
        targets: [
          { selector: 'selector1', target: 'selector1-firma-cz._domainkey.firma.onmicrosoft.com', keyPublished: true, domainMatches: true },
        ],
        findings: [
          finding(
            'dkim',
            'warning',
            'finding.dkim.key_weak',
            { selector: 'selector1', type: 'rsa', bits: 1024 },
            'selector1._domainkey.firma.cz',
          ),
        ],
      }),
    ];
    const commands = plans.flatMap((p) =>
      p.steps.flatMap((s) =>
        s.actions.flatMap((a) => (a.kind === 'powershell' && /^(New|Rotate)-DkimSigningConfig\b/.test(a.code) ? [a.code] : [])),
      ),
    );
    expect(commands.map((c) => c.split(' ')[0])).toEqual(['New-DkimSigningConfig', 'Rotate-DkimSigningConfig']);
    for (const c of commands) expect(c).toMatch(/ -KeySize 2048$/);
  });
});

describe('Exchange Online DKIM: CNAME targets are read, not predicted (correction 2)', () => {
  it('a tenant known but no selector CNAME in DNS: no predicted records, the admin reads Selector1CNAME/Selector2CNAME', () => {
    const p = exoPlan({ platformTenant: 'contoso', findings: [noneFound] });
    expect(records(p, 'CNAME')).toEqual([]);
    expect(step(p, 'dkim-exo-cnames').actions).toEqual([FROM_OUTPUT]);
    // The command the instruction names is generated in the configuration step.
    expect(ps(p, 'dkim-exo-config')).toContain(FROM_OUTPUT.params.command);
  });

  it('never mixes formats: a 2025-format selector1 beside a missing selector2 gives no records at all', () => {
    const p = exoPlan({
      tenant: 'contoso',
      targets: [
        {
          selector: 'selector1',
          target: 'selector1-jina-cz._domainkey.contoso.n-v1.dkim.mail.microsoft',
          keyPublished: true,
          domainMatches: false,
        },
      ],
      findings: [mismatch('selector1', 'selector1-jina-cz._domainkey.contoso.n-v1.dkim.mail.microsoft')],
    });
    const targets = records(p, 'CNAME').map((r) => r.value);
    expect(
      targets.filter((t) => /\.onmicrosoft\.com\.?$/.test(t)).length === 0 || targets.every((t) => /\.onmicrosoft\.com\.?$/.test(t)),
    ).toBe(true);
    expect(targets).toEqual([]);
    expect(step(p, 'dkim-exo-cnames').actions).toEqual([FROM_OUTPUT]);
  });

  it('CNAMEs copied from another domain: nothing is derived from them', () => {
    const p = exoPlan({
      tenant: 'contoso',
      targets: ['selector1', 'selector2'].map((s) => ({
        selector: s,
        target: `${s}-jina-cz._domainkey.contoso.onmicrosoft.com`,
        keyPublished: true,
        domainMatches: false,
      })),
      findings: [mismatch('selector1', 'selector1-jina-cz._domainkey.contoso.onmicrosoft.com')],
    });
    expect(records(p, 'CNAME')).toEqual([]);
    expect(step(p, 'dkim-exo-cnames').actions).toEqual([FROM_OUTPUT]);
    expect(p.steps.map((s) => s.id)).toEqual(['dkim-exo-config', 'dkim-exo-cnames', 'dkim-exo-enable']);
  });

  it('both selectors already resolve to this domain in one format: the records are exactly what DNS shows', () => {
    const seen = ['selector1', 'selector2'].map((s) => `${s}-firma-cz._domainkey.contoso.onmicrosoft.us`);
    const p = exoPlan({
      tenant: 'contoso',
      targets: seen.map((target, i) => ({ selector: `selector${i + 1}`, target, keyPublished: false, domainMatches: true })),
      findings: [noneFound],
    });
    expect(records(p, 'CNAME').map((r) => r.zoneFile)).toEqual([
      'selector1._domainkey.firma.cz. 3600 IN CNAME selector1-firma-cz._domainkey.contoso.onmicrosoft.us.',
      'selector2._domainkey.firma.cz. 3600 IN CNAME selector2-firma-cz._domainkey.contoso.onmicrosoft.us.',
    ]);
    expect(records(p, 'CNAME').map((r) => r.noteKey)).toEqual([
      'remediation.note.dkim_exo_cname_from_dns',
      'remediation.note.dkim_exo_cname_from_dns',
    ]);
  });

  it('both selectors known from DNS but in different formats: no records, read them from Get-DkimSigningConfig', () => {
    const p = exoPlan({
      tenant: 'contoso',
      targets: [
        {
          selector: 'selector1',
          target: 'selector1-firma-cz._domainkey.contoso.n-v1.dkim.mail.microsoft',
          keyPublished: false,
          domainMatches: true,
        },
        {
          selector: 'selector2',
          target: 'selector2-firma-cz._domainkey.contoso.onmicrosoft.com',
          keyPublished: false,
          domainMatches: true,
        },
      ],
      findings: [noneFound],
    });
    expect(records(p, 'CNAME')).toEqual([]);
    expect(step(p, 'dkim-exo-cnames').actions).toEqual([FROM_OUTPUT]);
  });

  it('the instruction names both properties and the command, in both languages', () => {
    for (const lang of ['cs', 'en'] as const) {
      const text = translate(lang, FROM_OUTPUT.key, FROM_OUTPUT.params);
      expect(text).toContain('Selector1CNAME');
      expect(text).toContain('Selector2CNAME');
      expect(text).toContain(FROM_OUTPUT.params.command);
      expect(text).toContain('selector2._domainkey.firma.cz');
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingOf } from '../../../electron/engine/check';
import { defineFindings } from '../../../electron/engine/check-spec';
import { specs } from '../../../electron/engine/checks/specs';
import type { tlsVersionsSpec } from '../../../electron/engine/checks/tls-versions/spec';
import { assess } from '../../../electron/engine/engine';
import type { Assessment } from '../../../shared/assessment';
import { hasMessage } from '../../../shared/i18n/index';
import { BUILDERS, remediationEntry } from '../../../shared/remediation/catalogue';
import { steps } from '../../../shared/remediation/entry';
import { startLabDnsServer, type LabDnsServer } from '../../lab/dns-server';
import { labZones, scenarios } from '../../lab/zones';

describe('remediation catalogue', () => {
  it('routes exactly the keys the checks declare, each to a builder that exists', () => {
    const declared = specs.flatMap((spec) => Object.entries(spec.findings));
    expect(declared.length).toBeGreaterThan(150);
    for (const [key, declaration] of declared) {
      expect(remediationEntry({ key }), key).toEqual(declaration.remediation);
      if (declaration.remediation.kind === 'steps') expect(BUILDERS[declaration.remediation.builder], key).toBeTypeOf('function');
    }
  });

  it('has no fallback: a key no check declares gets no entry, whatever it looks like', () => {
    for (const key of [
      'finding.tls.weak_mac',
      'finding.tls.cipher_made_up',
      'finding.starttls.some_new_problem',
      'finding.dnssec.bogus',
      'finding.web.hsts_short',
    ]) {
      expect(remediationEntry({ key }), key).toBeUndefined();
    }
  });

  it('makes an undeclared key, or a declaration without its texts or routing, a compile error', () => {
    const declared: FindingOf<typeof tlsVersionsSpec> = { status: 'fail', key: 'finding.tls.legacy_versions_offered' };
    // @ts-expect-error — no TLS check declares this key, so a check cannot emit it
    const madeUp: FindingOf<typeof tlsVersionsSpec> = { status: 'fail', key: 'finding.tls.weak_mac' };
    // @ts-expect-error — a finding without its English text does not compile
    const noEnglish = defineFindings({ 'finding.x.y': { remediation: steps('dmarc'), cs: 'text' } });
    // @ts-expect-error — nor one without its remediation routing
    const noRouting = defineFindings({ 'finding.x.y': { cs: 'text', en: 'text' } });
    expect([declared, madeUp, noEnglish, noRouting]).toHaveLength(4);
  });

  describe('against real assessments', () => {
    let lab: LabDnsServer;
    const assessments: Assessment[] = [];
    beforeAll(async () => {
      lab = await startLabDnsServer({ zones: labZones() });
      for (const s of scenarios.filter((s) => !s.exitCode)) {
        const timeout = s.args?.includes('--dns-timeout') ? { dnsTimeoutMs: 300 } : {};
        assessments.push(
          await assess(
            { domain: s.domain, ...(s.domain.includes('good') ? { dkimSelectors: ['custom'] } : {}) },
            { resolvers: [lab.address], ...timeout },
          ),
        );
      }
    }, 120_000);
    afterAll(() => lab.close());

    it('knows what to do with every finding the lab scenarios produce', () => {
      const findings = assessments.flatMap((a) => a.findings);
      expect(findings.length).toBeGreaterThan(50);
      const unhandled = findings.filter((f) => remediationEntry(f) === undefined).map((f) => `${f.key} (${f.status})`);
      expect([...new Set(unhandled)]).toEqual([]);
      // A problem finding with "no action" may only mean "could not be tested, run again", never "fine".
      const ignored = findings.filter((f) => {
        const entry = remediationEntry(f);
        return (f.status === 'fail' || f.status === 'warning') && entry?.kind === 'none' && entry.reason === 'ok';
      });
      expect(ignored.map((f) => f.key)).toEqual([]);
      for (const f of findings) expect(hasMessage(f.key, 'cs'), f.key).toBe(true);
    });
  });
});

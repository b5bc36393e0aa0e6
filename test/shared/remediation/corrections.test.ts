/**
 * Issue 10, corrections 4, 5 and 14: the Exchange Server update step, the client access step,
 * and texts that never show an empty value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assess } from '../../../electron/engine/engine';
import type { Assessment, Finding } from '../../../shared/assessment';
import { translate } from '../../../shared/i18n/index';
import { remediationEntry, type BuilderId, type RemediationEntry } from '../../../shared/remediation/catalogue';
import { steps } from '../../../shared/remediation/entry';
import { buildRemediationPlan, type RemediationPlan } from '../../../shared/remediation/index';
import { startLabDnsServer, type LabDnsServer } from '../../lab/dns-server';
import { labZones, scenarios } from '../../lab/zones';
import { MAIL_AUTH_DONE, build, finding } from './assessment-helper';
import { lexPowerShell } from './parsers';
import { checkPlan } from './plan-checks';

/** Client access and Exchange have builders but no registered check yet: route the keys those checks will declare. */
const FUTURE_ROUTES: Record<string, BuilderId> = {
  'finding.client.pop3_plaintext': 'client-access',
  'finding.exchange.outdated': 'exchange',
};
const route = (f: Finding): RemediationEntry | undefined => {
  const builder = FUTURE_ROUTES[f.key];
  return builder ? steps(builder) : remediationEntry(f);
};

const step = (plan: RemediationPlan, id: string) => {
  const s = plan.steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id} in ${plan.steps.map((x) => x.id).join(', ')}`);
  return s;
};

/** Every text of a plan, rendered in one language. */
function texts(plan: RemediationPlan, lang: 'cs' | 'en'): string[] {
  return plan.steps.flatMap((s) => [
    translate(lang, s.titleKey, s.titleParams ?? {}),
    translate(lang, s.riskKey, s.riskParams ?? {}),
    ...s.actions.flatMap((a) => {
      if (a.kind === 'instruction') return [translate(lang, a.key, a.params ?? {})];
      if ((a.kind === 'powershell' || a.kind === 'dns-record') && a.noteKey) return [translate(lang, a.noteKey, a.noteParams ?? {})];
      return [];
    }),
  ]);
}

const EMPTY_VALUE = ['()', '( )', '(e.g. )', '(např. )', ': .', '""'];

function expectNoEmptyValue(plan: RemediationPlan, label: string): void {
  for (const lang of ['cs', 'en'] as const)
    for (const text of texts(plan, lang)) {
      for (const bad of EMPTY_VALUE) expect(text, `${label} (${lang}): ${bad}`).not.toContain(bad);
      expect(text, `${label} (${lang}): unreplaced placeholder`).not.toMatch(/(?<!\\u)\{[a-zA-Z0-9_]+(\|[a-z0-9_.-]+)?\}/);
    }
}

const host = 'mail.firma.cz';
const certificate = (key: string, params: Finding['params']) => finding('certificate', 'fail', `finding.certificate.${key}`, params, host);

/** Lab-like assessments built by hand: the findings of checks the DNS lab cannot produce. */
const handcrafted: Record<string, Assessment> = Object.fromEntries(
  (['exchange-2016', 'exchange-2019', 'exchange-se', 'other', 'unknown'] as const).flatMap((hint) => [
    [
      `certificates without values ${hint}`,
      build({
        attempts: { ...MAIL_AUTH_DONE, certificate: {} },
        platformHint: hint,
        findings: [
          certificate('chain_incomplete', { host, addresses: [], port: 25, caIssuers: [] }),
          certificate('expired', { host, validTo: '' }),
          certificate('key_weak', { host, key: '' }),
          certificate('signature_weak', { host, algorithm: '' }),
        ],
      }),
    ],
    [
      `certificates with values ${hint}`,
      build({
        attempts: { ...MAIL_AUTH_DONE, certificate: {} },
        platformHint: hint,
        findings: [
          certificate('chain_incomplete', { host, caIssuers: ['http://ca.example/issuing.crt'] }),
          certificate('key_weak', { host, key: 'RSA 1024' }),
        ],
      }),
    ],
    [
      `client access and Exchange ${hint}`,
      build({
        attempts: { ...MAIL_AUTH_DONE, client: {}, exchange: {} },
        platformHint: hint,
        findings: [
          finding('client', 'fail', 'finding.client.pop3_plaintext', { host }, host),
          finding('exchange', 'fail', 'finding.exchange.outdated', { host }, host),
        ],
      }),
    ],
  ]),
);

describe('issue 10: corrections 4, 5 and 14', () => {
  let lab: LabDnsServer;
  const lab_: Map<string, Assessment> = new Map();
  beforeAll(async () => {
    lab = await startLabDnsServer({ zones: labZones() });
    for (const s of scenarios.filter((s) => !s.exitCode)) {
      const timeout = s.args?.includes('--dns-timeout') ? { dnsTimeoutMs: 300 } : {};
      lab_.set(s.domain, await assess({ domain: s.domain }, { resolvers: [lab.address], ...timeout }));
    }
  }, 120_000);
  afterAll(() => lab?.close());

  it('14: no text of any plan shows an empty value or an unreplaced {param} (cs, en)', () => {
    for (const [domain, a] of lab_) expectNoEmptyValue(buildRemediationPlan(a), domain);
    for (const [label, a] of Object.entries(handcrafted)) {
      const p = buildRemediationPlan(a, route);
      checkPlan(p, label, { unregisteredChecks: true });
      expectNoEmptyValue(p, label);
    }
  });

  it('14: a certificate without a caIssuers URL gets the message without the example', () => {
    const p = buildRemediationPlan(handcrafted['certificates without values exchange-2019']!, route);
    const keys = step(p, 'certificate-chain').actions.flatMap((a) => (a.kind === 'instruction' ? [a.key] : []));
    expect(keys).toContain('remediation.instruction.certificate.chain_incomplete_plain');
    const withUrl = buildRemediationPlan(handcrafted['certificates with values exchange-2019']!, route);
    expect(texts(withUrl, 'en')).toContain(
      "Server mail.firma.cz does not send its certificate authority's intermediate certificates. Download them from the authority (e.g. http://ca.example/issuing.crt) and install them on the server.",
    );
  });

  it('5: the client access step restarts only POP3/IMAP services that are running and says what changes', () => {
    const p = buildRemediationPlan(handcrafted['client access and Exchange exchange-2019']!, route);
    const s = step(p, 'client-access-server');
    const [code] = s.actions.flatMap((a) => (a.kind === 'powershell' ? [a.code] : []));
    lexPowerShell(code!);
    const lines = code!.split('\n');
    // Restart-Service starts a stopped service: it may only ever receive running services.
    for (const line of lines.filter((l) => /Restart-Service/i.test(l))) {
      expect(line).toMatch(
        /^Get-Service -Name 'MSExchangePOP3', 'MSExchangePOP3BE', 'MSExchangeIMAP4', 'MSExchangeIMAP4BE' \| Where-Object Status -eq 'Running' \| Restart-Service$/,
      );
    }
    expect(code).not.toMatch(/(?<![a-z])(Start|Set)-Service/i);
    const note = s.actions.find((a) => a.kind === 'powershell' && a.noteKey === 'remediation.note.client_access_secure_login');
    expect(note).toBeDefined();
    const en = translate('en', 'remediation.note.client_access_secure_login');
    expect(en).toContain('SecureLogin is the default');
    expect(en).toContain('a stopped service stays stopped');
    expect(translate('cs', 'remediation.note.client_access_secure_login')).toContain('zastavenou službu nespustí');
  });

  it('4: the Exchange step says 2016/2019 are out of support and points to Exchange SE or Exchange Online', () => {
    for (const hint of ['exchange-2016', 'exchange-2019', 'other'] as const) {
      const p = buildRemediationPlan(handcrafted[`client access and Exchange ${hint}`]!, route);
      const s = step(p, 'exchange-update');
      for (const lang of ['cs', 'en'] as const) {
        const all = texts({ ...p, steps: [s] }, lang).join('\n');
        expect(all).toMatch(/Subscription Edition/);
        expect(all).toMatch(/CU14/);
        expect(all).toMatch(/CU15/);
        expect(all).toMatch(/Exchange Online/);
        expect(all).toMatch(lang === 'en' ? /14 October 2025/ : /14\. října 2025/);
        expect(all).not.toMatch(/latest cumulative update|nejnovější kumulativní aktualizaci/i);
      }
    }
  });
});

/**
 * From the mta-sts check's findings to what the user carries out: the engine assesses the lab's
 * MTA-STS scenarios (real DNS, real HTTPS policy hosts), then the plan proposes only what the
 * findings call for, the policy is a file to save (never an escaped string), and the plan export
 * and the PDF's plan section carry that file as it is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Content } from 'pdfmake/interfaces';
import type { Assessment } from '../../../../shared/assessment';
import { buildRemediationPlan, type RemediationPlan } from '../../../../shared/remediation/index';
import { buildPlanExport } from '../../../../shared/remediation/export/index';
import type { RemediationAction } from '../../../../shared/remediation/types';
import { assess } from '../../../../electron/engine/engine';
import { mtaStsCheck } from '../../../../electron/engine/checks/mta-sts/check';
import { mxCheck } from '../../../../electron/engine/checks/mx/check';
import { buildModel } from '../../../../electron/report/model';
import { planSection } from '../../../../electron/report/sections/plan';
import { startLabDnsServer, type LabDnsServer } from '../../../lab/dns-server';
import { mtaStsLabZones, startPolicyLab, type PolicyLab } from '../../../lab/https-policy';
import { checkPlan } from '../../../shared/remediation/plan-checks';

const DOMAINS = ['sts-good.test', 'sts-testing.test', 'sts-uncovered.test', 'sts-multiple.test', 'sts-redirect.test'];

let dns: LabDnsServer;
let policy: PolicyLab;
const assessed = new Map<string, Assessment>();

beforeAll(async () => {
  [dns, policy] = await Promise.all([startLabDnsServer({ zones: mtaStsLabZones() }), startPolicyLab()]);
  for (const domain of DOMAINS)
    assessed.set(
      domain,
      await assess(
        { domain },
        { resolvers: [dns.address], connectTo: policy.connectTo, caFile: policy.caFile, checks: [mxCheck, mtaStsCheck] },
      ),
    );
}, 60_000);
afterAll(async () => {
  await dns?.close();
  await policy?.close();
});

const plan = (domain: string) => buildRemediationPlan(assessed.get(domain)!);
const stepIds = (p: RemediationPlan) => p.steps.map((s) => s.id);
const step = (p: RemediationPlan, id: string) => p.steps.find((s) => s.id === id)!;
const files = (p: RemediationPlan) =>
  p.steps.flatMap((s) => s.actions.filter((a): a is Extract<RemediationAction, { kind: 'file' }> => a.kind === 'file'));
const txt = (p: RemediationPlan, id: string) =>
  step(p, id).actions.flatMap((a) => (a.kind === 'dns-record' ? [[a.name, a.value.replace(/id=\d+/, 'id=<new>')]] : []));
const EXPORT = { lang: 'cs', version: '9.9.9', generatedAt: new Date('2026-12-02T08:00:00Z') } as const;

describe('MTA-STS remediation', () => {
  it('every plan is well formed, and a good MTA-STS gets no step', () => {
    for (const d of DOMAINS) checkPlan(plan(d), d);
    expect(stepIds(plan('sts-good.test'))).toEqual([]);
  });

  it('testing mode: the switch to enforce after the reports (phase 3), TLS-RPT published, the good policy not regenerated', () => {
    const p = plan('sts-testing.test');
    expect(stepIds(p)).toEqual(['tlsrpt', 'mta-sts-enforce']);
    expect(step(p, 'mta-sts-enforce').phase).toBe(3);
    expect(files(p)).toEqual([]);
    expect(txt(p, 'mta-sts-enforce')).toEqual([['_mta-sts.sts-testing.test', 'v=STSv1; id=<new>']]);
    expect(txt(p, 'tlsrpt')).toEqual([['_smtp._tls.sts-testing.test', 'v=TLSRPTv1; rua=mailto:tls-reports@sts-testing.test']]);
  });

  it('an MX not covered: a policy file in testing mode from the validated MX names, and a new id', () => {
    const p = plan('sts-uncovered.test');
    expect(stepIds(p)).toEqual(['mta-sts']);
    const [file] = files(p);
    expect(file).toMatchObject({ name: 'mta-sts.txt', path: 'https://mta-sts.sts-uncovered.test/.well-known/mta-sts.txt' });
    expect(file!.content).toBe(
      'version: STSv1\nmode: testing\nmx: mail.sts-uncovered.test\nmx: backup.mx.sts-uncovered.test\nmax_age: 86400\n',
    );
    expect(txt(p, 'mta-sts')).toEqual([['_mta-sts.sts-uncovered.test', 'v=STSv1; id=<new>']]);
    expect(step(p, 'mta-sts').fixes).toEqual([{ key: 'finding.mta_sts.mx_not_covered', target: 'backup.mx.sts-uncovered.test' }]);
    // RFC 8461 §3.1: the new id is 1–32 alphanumerics.
    const id = step(p, 'mta-sts').actions.find((a) => a.kind === 'dns-record');
    expect(id?.kind === 'dns-record' && /^v=STSv1; id=[A-Za-z0-9]{1,32}$/.test(id.value)).toBe(true);
  });

  it('a redirect: where and how to host the file, then the file', () => {
    const p = plan('sts-redirect.test');
    const actions = step(p, 'mta-sts').actions.map((a) => (a.kind === 'instruction' ? a.key : a.kind));
    expect(actions).toEqual([
      'remediation.instruction.mta_sts_policy',
      'file',
      'dns-record',
      'remediation.instruction.mta_sts_enforce_later',
    ]);
  });

  it('several records: the record alone, and the others removed; the policy is not regenerated', () => {
    const p = plan('sts-multiple.test');
    expect(stepIds(p)).toEqual(['mta-sts-record', 'tlsrpt']);
    expect(files(p)).toEqual([]);
    expect(step(p, 'mta-sts-record').actions.map((a) => (a.kind === 'instruction' ? a.key : a.kind))).toEqual([
      'dns-record',
      'remediation.instruction.mta_sts_single_record',
    ]);
  });

  it('the export carries the policy as its own file and the DNS message shows it line by line', () => {
    const out = buildPlanExport(assessed.get('sts-uncovered.test')!, EXPORT);
    expect(out.map((f) => f.name)).toEqual(['dns-records.zone', 'dns-administrator.txt', 'mta-sts.txt']);
    const policyFile = out.find((f) => f.name === 'mta-sts.txt')!;
    expect(policyFile.text).toBe(files(plan('sts-uncovered.test'))[0]!.content);
    const message = out.find((f) => f.name === 'dns-administrator.txt')!.text;
    expect(message).toContain('Soubor k uložení: mta-sts.txt');
    expect(message).toContain('https://mta-sts.sts-uncovered.test/.well-known/mta-sts.txt');
    expect(message).toMatch(/^ {4}mode: testing$/m);
    expect(message).toMatch(/^ {4}mx: backup\.mx\.sts-uncovered\.test$/m);
    expect(message).not.toContain('\\n');
    expect(out.find((f) => f.name === 'dns-records.zone')!.text).toMatch(
      /^_mta-sts\.sts-uncovered\.test\. 3600 IN TXT "v=STSv1; id=\d+"$/m,
    );
  });

  it('the PDF prints the policy as a code block under its file name, not as an escaped string', () => {
    const a = assessed.get('sts-uncovered.test')!;
    const m = buildModel(a, 'en', 'Europe/Prague', new Date('2026-12-02T08:00:00Z'));
    const text = JSON.stringify(planSection(m) satisfies Content[]);
    expect(text).toContain('File mta-sts.txt');
    for (const line of ['version: STSv1', 'mode: testing', 'mx: backup.mx.sts-uncovered.test', 'max_age: 86400'])
      expect(text).toContain(line);
    expect(text).not.toContain('mode: testing\\\\n');
  });
});

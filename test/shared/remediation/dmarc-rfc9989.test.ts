/**
 * The staged DMARC plan under RFC 9989 (draft-ietf-dmarc-dmarcbis-41 numbering): p=none with rua
 * (§5.1.4), then quarantine, optionally with t=y first (§4.7: receivers apply the policy one level
 * lower, so quarantine is applied as none), then reject (§5.1.7). Never pct: it is historic (§9)
 * and removed (Appendix C.5.2); t=y takes over what pct=0 meant (Appendix A.6). The `!size` suffix
 * of a report URI is obsolete (§4.8, Appendix C.4). The expected records are written out by hand
 * from those sections.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/assessment';
import { parseDmarcRecord } from '../../../shared/dmarc';
import { buildRemediationPlan, type RemediationPlan } from '../../../shared/remediation/index';
import { MAIL_AUTH_DONE, build, finding } from './assessment-helper';
import { checkPlan, records } from './plan-checks';

function dmarcData(record: string, extra: Record<string, unknown> = {}) {
  const parsed = parseDmarcRecord(record);
  return {
    domain: 'firma.cz',
    organizationalDomain: 'firma.cz',
    outcome: 'found',
    policyDomain: 'firma.cz',
    source: 'domain',
    record,
    parsed: parsed.record,
    problems: parsed.problems,
    evaluation: parsed.evaluation,
    appliedPolicy: parsed.evaluation.policy,
    ...extra,
  };
}

function plan(data: unknown, findings: Finding[], domain = 'firma.cz'): RemediationPlan {
  const p = buildRemediationPlan(build({ domain, attempts: { ...MAIL_AUTH_DONE, dmarc: { data } }, findings }));
  checkPlan(p, 'dmarc');
  return p;
}

const dmarc = (status: Finding['status'], key: string, params: Finding['params'] = {}) =>
  finding('dmarc', status, `finding.dmarc.${key}`, params);
const stepRecords = (p: RemediationPlan) => p.steps.map((s) => [s.id, records({ platform: p.platform, steps: [s] }).map((r) => r.value)]);
const instructions = (p: RemediationPlan, id: string) =>
  p.steps.find((s) => s.id === id)!.actions.flatMap((a) => (a.kind === 'instruction' ? [{ key: a.key, params: a.params }] : []));
/** Every record and every record quoted in an instruction. */
const allRecordTexts = (p: RemediationPlan) => [
  ...records(p).map((r) => r.value),
  ...p.steps.flatMap((s) =>
    s.actions.flatMap((a) => (a.kind === 'instruction' && typeof a.params?.record === 'string' ? [a.params.record] : [])),
  ),
];

describe('staged DMARC plan (RFC 9989)', () => {
  it('monitoring with reports: quarantine (t=y first as the careful variant), then reject; never pct', () => {
    const p = plan(dmarcData('v=DMARC1; p=none; rua=mailto:dmarc@firma.cz'), [dmarc('fail', 'policy_none')]);
    expect(stepRecords(p)).toEqual([
      ['dmarc-quarantine', ['v=DMARC1; p=quarantine; rua=mailto:dmarc@firma.cz']],
      ['dmarc-reject', ['v=DMARC1; p=reject; rua=mailto:dmarc@firma.cz']],
    ]);
    expect(instructions(p, 'dmarc-quarantine')).toEqual([
      { key: 'remediation.instruction.dmarc_testing_first', params: { record: 'v=DMARC1; p=quarantine; rua=mailto:dmarc@firma.cz; t=y' } },
    ]);
    // §4.7: the t=y record is valid and means testing
    const trial = parseDmarcRecord('v=DMARC1; p=quarantine; rua=mailto:dmarc@firma.cz; t=y');
    expect(trial.problems).toEqual([]);
    expect(trial.record.testing).toBe(true);
    for (const text of allRecordTexts(p)) expect(text).not.toMatch(/pct=/);
  });

  it('no record: p=none with rua, then quarantine, then reject', () => {
    const p = plan({ domain: 'firma.cz', organizationalDomain: 'firma.cz', outcome: 'none' }, [
      dmarc('fail', 'missing', { domain: 'firma.cz', queried: ['_dmarc.firma.cz', '_dmarc.cz'] }),
    ]);
    expect(stepRecords(p)).toEqual([
      ['dmarc-monitor', ['v=DMARC1; p=none; rua=mailto:dmarc-reports@firma.cz']],
      ['dmarc-quarantine', ['v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@firma.cz']],
      ['dmarc-reject', ['v=DMARC1; p=reject; rua=mailto:dmarc-reports@firma.cz']],
    ]);
    expect(records(p).map((r) => r.name)).toEqual(['_dmarc.firma.cz', '_dmarc.firma.cz', '_dmarc.firma.cz']);
    for (const text of allRecordTexts(p)) expect(text).not.toMatch(/pct=/);
  });

  it('p=reject with pct=0: corrected to t=y, its replacement (Appendix A.6), then enforced without it', () => {
    const p = plan(dmarcData('v=DMARC1; p=reject; pct=0; rua=mailto:dmarc@firma.cz'), [
      dmarc('pass', 'policy_reject'),
      dmarc('warning', 'historic_pct_zero', { value: '0', pct: 0, policy: 'reject' }),
      dmarc('pass', 'rua', { addresses: ['dmarc@firma.cz'] }),
    ]);
    expect(stepRecords(p)).toEqual([
      ['dmarc-correct', ['v=DMARC1; p=reject; rua=mailto:dmarc@firma.cz; t=y']],
      ['dmarc-enforce', ['v=DMARC1; p=reject; rua=mailto:dmarc@firma.cz']],
    ]);
    expect(records(p)[0]).toMatchObject({ noteKey: 'remediation.note.dmarc_dropped_tags', noteParams: { dropped: ['pct=0'] } });
    expect(instructions(p, 'dmarc-correct')).toEqual([
      { key: 'remediation.instruction.dmarc_pct_zero', params: { pct: 0, policy: 'reject' } },
    ]);
  });

  it('p=quarantine with pct=50: pct dropped at once (RFC 9989 receivers ignore it) and the plan says what changes for RFC 7489 receivers', () => {
    const p = plan(dmarcData('v=DMARC1; p=quarantine; pct=50; rua=mailto:dmarc@firma.cz'), [
      dmarc('pass', 'policy_quarantine'),
      dmarc('warning', 'historic_pct_partial', { value: '50', pct: 50, policy: 'quarantine' }),
      dmarc('pass', 'rua', { addresses: ['dmarc@firma.cz'] }),
    ]);
    expect(stepRecords(p)).toEqual([['dmarc-correct', ['v=DMARC1; p=quarantine; rua=mailto:dmarc@firma.cz']]]);
    expect(instructions(p, 'dmarc-correct')).toEqual([
      { key: 'remediation.instruction.dmarc_pct_dropped', params: { pct: 50, policy: 'quarantine' } },
    ]);
  });

  it('t=y on reject: enforcement removes it (§4.7: until then receivers apply quarantine)', () => {
    const p = plan(dmarcData('v=DMARC1; p=reject; t=y; rua=mailto:dmarc@firma.cz'), [
      dmarc('pass', 'policy_reject'),
      dmarc('warning', 'testing_mode', { policy: 'reject', effective: 'quarantine' }),
      dmarc('pass', 'rua', { addresses: ['dmarc@firma.cz'] }),
    ]);
    expect(stepRecords(p)).toEqual([['dmarc-enforce', ['v=DMARC1; p=reject; rua=mailto:dmarc@firma.cz']]]);
  });

  it('report URIs lose the obsolete !size (§4.8, Appendix C.4); historic ri is left out and named', () => {
    const p = plan(dmarcData('v=DMARC1; p=none; rua=mailto:dmarc@firma.cz!10m; ri=3600'), [
      dmarc('fail', 'policy_none'),
      dmarc('info', 'obsolete_size', { tag: 'rua', uri: 'mailto:dmarc@firma.cz!10m' }),
      dmarc('info', 'historic_ri', { value: '3600' }),
    ]);
    expect(stepRecords(p)).toEqual([
      ['dmarc-monitor', ['v=DMARC1; p=none; rua=mailto:dmarc@firma.cz']],
      ['dmarc-quarantine', ['v=DMARC1; p=quarantine; rua=mailto:dmarc@firma.cz']],
      ['dmarc-reject', ['v=DMARC1; p=reject; rua=mailto:dmarc@firma.cz']],
    ]);
    expect(records(p)[0]).toMatchObject({ noteParams: { dropped: ['ri=3600'] } });
    for (const text of allRecordTexts(p)) expect(text).not.toContain('!');
  });

  it('a domain under a public suffix domain record (§4.10.1) gets a record of its own', () => {
    const record = 'v=DMARC1; p=reject; psd=y; rua=mailto:psd@bank.example';
    const p = plan(
      {
        ...dmarcData(record),
        domain: 'mega.bank.example',
        organizationalDomain: 'mega.bank.example',
        policyDomain: 'bank.example',
        source: 'psd',
      },
      [
        dmarc('info', 'inherited', { domain: 'mega.bank.example', policyDomain: 'bank.example' }),
        dmarc('warning', 'no_rua', { domain: 'bank.example' }),
      ],
      'mega.bank.example',
    );
    expect(new Set(records(p).map((r) => r.name))).toEqual(new Set(['_dmarc.mega.bank.example']));
  });
});

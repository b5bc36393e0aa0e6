/**
 * The shared diff of two assessments (shared/assessment-diff.ts), table by table: categories by
 * finding identity (check, key, target), params that count, requirement rows before and after,
 * other schema versions and different domains.
 */
import { describe, expect, it } from 'vitest';
import type { Assessment, Finding } from '../../shared/assessment';
import {
  AssessmentDiffError,
  diffAssessments,
  parseComparableAssessment,
  significantParamChanges,
  type FindingChange,
} from '../../shared/assessment-diff';
import { MAIL_AUTH_DONE, build, finding } from './remediation/assessment-helper';

const later = (a: Assessment): Assessment => ({ ...a, id: '11111111-1111-4111-8111-111111111111', startedAt: '2026-02-15T09:30:00.000Z' });

function diffOf(before: Finding[], after: Finding[], attempts = MAIL_AUTH_DONE) {
  return diffAssessments(build({ attempts, findings: before }), later(build({ attempts, findings: after })));
}

const only = (changes: FindingChange[]) => changes.map((c) => [c.category, c.key, c.target ?? null]);

const spfPlusAll = finding('spf', 'fail', 'finding.spf.plus_all', { domain: 'firma.cz', term: '+all' });
const spfOk = finding('spf', 'pass', 'finding.spf.ok', { domain: 'firma.cz', record: 'v=spf1 mx -all', lookups: 1, all: '-all' });
const dkimWeak = (target: string, bits = 1024) =>
  finding('dkim', 'warning', 'finding.dkim.key_weak', { selector: target.split('.')[0]!, type: 'rsa', bits }, target);
const dmarcNone = finding('dmarc', 'fail', 'finding.dmarc.policy_none', { domain: 'firma.cz', policy: 'none' });

describe('findings by identity', () => {
  it.each<[string, Finding[], Finding[], [string, string, string | null][]]>([
    [
      'a problem that is now fine (another key) is fixed: it is gone while its check completed',
      [spfPlusAll],
      [spfOk],
      [['fixed', 'finding.spf.plus_all', null]],
    ],
    [
      'a problem that is there again unchanged is open',
      [dkimWeak('sel._domainkey.firma.cz')],
      [dkimWeak('sel._domainkey.firma.cz')],
      [['open', 'finding.dkim.key_weak', 'sel._domainkey.firma.cz']],
    ],
    ['a problem that was not there is new', [], [dmarcNone], [['new', 'finding.dmarc.policy_none', null]]],
    [
      // Identity includes the target: the same key on another selector is another finding.
      'the same key on another target is one fixed and one new',
      [dkimWeak('a._domainkey.firma.cz')],
      [dkimWeak('b._domainkey.firma.cz')],
      [
        ['fixed', 'finding.dkim.key_weak', 'a._domainkey.firma.cz'],
        ['new', 'finding.dkim.key_weak', 'b._domainkey.firma.cz'],
      ],
    ],
    ['a passing finding that stays is not listed', [spfOk], [spfOk], []],
  ])('%s', (_name, before, after, expected) => {
    expect(only(diffOf(before, after).findings)).toEqual(expected);
  });

  it('matches by identity, not by text: a different record in the message params is a change, not fixed + new', () => {
    const d = diffOf([spfOk], [{ ...spfOk, params: { ...spfOk.params, record: 'v=spf1 mx a -all', lookups: 2 } }]);
    expect(d.findings).toHaveLength(1);
    expect(d.findings[0]).toMatchObject({
      category: 'changed',
      direction: 'worse',
      paramChanges: [
        { name: 'lookups', before: 1, after: 2 },
        { name: 'record', before: 'v=spf1 mx -all', after: 'v=spf1 mx a -all' },
      ],
    });
  });

  it('a problem whose status changed is changed, worse or better by the status order', () => {
    const warn = finding('dmarc', 'warning', 'finding.dmarc.policy_none', { policy: 'none' });
    expect(diffOf([warn], [dmarcNone]).findings[0]).toMatchObject({ category: 'changed', direction: 'worse' });
    expect(diffOf([dmarcNone], [warn]).findings[0]).toMatchObject({ category: 'changed', direction: 'better' });
  });

  it('a certificate now expiring sooner is changed (worse); the days left alone, moving with the clock, are no change', () => {
    const cert = (validTo: string, daysLeft: number) =>
      finding(
        'certificate',
        'pass',
        'finding.certificate.ok',
        { host: 'mail.firma.cz', issuer: 'CA', validTo, daysLeft, key: 'RSA 2048' },
        'mail.firma.cz',
      );
    const attempts = { ...MAIL_AUTH_DONE, certificate: {} };
    const sooner = diffOf([cert('2027-06-01', 180)], [cert('2027-03-01', 60)], attempts);
    expect(sooner.findings).toEqual([
      expect.objectContaining({
        category: 'changed',
        direction: 'worse',
        paramChanges: [{ name: 'validTo', before: '2027-06-01', after: '2027-03-01' }],
      }),
    ]);
    const renewed = diffOf([cert('2027-03-01', 60)], [cert('2028-03-01', 420)], attempts);
    expect(renewed.findings[0]).toMatchObject({ category: 'changed', direction: 'better' });
    // The same certificate a month later: only daysLeft moved.
    const aged = diffOf([cert('2027-06-01', 180)], [cert('2027-06-01', 150)], attempts);
    expect(aged.findings).toEqual([]);
    expect(aged.counts.unchanged).toBe(1);
    // Weaker key on the same selector: bits are ordered, fewer is worse.
    expect(diffOf([dkimWeak('s._domainkey.firma.cz', 1024)], [dkimWeak('s._domainkey.firma.cz', 768)]).findings[0]).toMatchObject({
      category: 'changed',
      direction: 'worse',
    });
  });

  it('lists are compared as sets; an address order from DNS is no change', () => {
    expect(significantParamChanges({ addresses: ['a', 'b'] }, { addresses: ['b', 'a'] })).toEqual([]);
    expect(significantParamChanges({ addresses: ['a'] }, { addresses: ['a', 'c'] })).toHaveLength(1);
  });

  it.each<
    [
      string,
      Finding[],
      Finding[],
      Record<string, { status?: 'completed' | 'error' | 'skipped' }>,
      Record<string, { status?: 'completed' | 'error' | 'skipped' }>,
      string,
    ]
  >([
    [
      'a problem that cannot be tested now (port 25 blocked) is not fixed',
      [finding('starttls', 'fail', 'finding.starttls.not_offered', {}, 'mx.firma.cz')],
      [finding('starttls', 'not_tested', 'finding.starttls.not_offered', {}, 'mx.firma.cz')],
      { starttls: {} },
      { starttls: {} },
      'not_determined_after',
    ],
    [
      'a problem gone because its check ended in error is not fixed',
      [spfPlusAll],
      [],
      { spf: {} },
      { spf: { status: 'error' } },
      'check_incomplete_after',
    ],
    ['a problem whose check did not run before (an older version) is not new', [], [dmarcNone], {}, { dmarc: {} }, 'check_missing_before'],
  ])('%s', (_name, bf, af, ab, aa, reason) => {
    const d = diffAssessments(build({ attempts: ab, findings: bf }), later(build({ attempts: aa, findings: af })));
    expect(d.findings).toEqual([expect.objectContaining({ category: 'not_comparable', reason })]);
    expect(d.counts.not_comparable).toBe(1);
    expect(d.counts.fixed + d.counts.new).toBe(0);
  });

  it('pairs duplicates of one identity by equal params first', () => {
    const a = finding('spf', 'warning', 'finding.spf.void_lookups', { name: 'a' });
    const b = finding('spf', 'warning', 'finding.spf.void_lookups', { name: 'b' });
    const d = diffOf([a, b], [b]);
    expect(d.findings.map((f) => [f.category, f.before?.params.name])).toEqual([
      ['fixed', 'a'],
      ['open', 'b'],
    ]);
  });
});

describe('requirement rows', () => {
  it('gives each row its verdict before and after, with the reasons and the row counts', () => {
    const d = diffOf([spfPlusAll, dkimWeak('s._domainkey.firma.cz')], [spfOk, dkimWeak('s._domainkey.firma.cz')]);
    expect(d.requirements).toHaveLength(10);
    const row = d.requirements.find((r) => r.id === 'mail-auth')!;
    expect(row).toMatchObject({ number: 7, before: 'fail', after: 'partial', change: 'better', beforeReasonKey: 'finding.spf.plus_all' });
    expect(row.counts).toEqual({ fixed: 1, open: 1, new: 0, changed: 0, not_comparable: 0 });
    expect(d.requirements.find((r) => r.id === 'starttls')).toMatchObject({
      before: 'not_verified',
      after: 'not_verified',
      change: 'same',
    });
    expect(d.before.overall).toBe('fail');
    expect(d.after.id).toBe('11111111-1111-4111-8111-111111111111');
  });

  it('calls a move from or to "not verified" not comparable, never better or worse', () => {
    const d = diffAssessments(
      build({ attempts: { spf: {} }, findings: [spfOk] }),
      later(build({ attempts: MAIL_AUTH_DONE, findings: [spfPlusAll] })),
    );
    expect(d.requirements.find((r) => r.id === 'mail-auth')).toMatchObject({
      before: 'not_verified',
      after: 'fail',
      change: 'not_comparable',
    });
  });
});

describe('refusals and schema versions', () => {
  it('refuses two different domains with a message key', () => {
    const run = () => diffAssessments(build({ domain: 'firma.cz' }), build({ domain: 'jina-firma.cz' }));
    expect(run).toThrow(AssessmentDiffError);
    expect(run).toThrow(/different domains \(firma\.cz and jina-firma\.cz\)/);
  });

  it('reads a current document strictly', () => {
    const current = JSON.parse(JSON.stringify(build({ findings: [spfOk] }))) as Record<string, unknown>;
    expect(parseComparableAssessment(current)).toMatchObject({ ok: true, value: { schemaVersion: 1, dropped: [] } });
    expect(parseComparableAssessment({ ...current, findings: 'x' }).ok).toBe(false);
    expect(parseComparableAssessment({ hello: 1 }).ok).toBe(false);
    expect(parseComparableAssessment([]).ok).toBe(false);
  });

  it('compares a document of another schema version where its parts still fit, and says what it could not compare', () => {
    const current = later(build({ attempts: MAIL_AUTH_DONE, findings: [spfOk, dmarcNone] }));
    // A future (or past) version: renamed envelope fields, a check and a key this version does not know,
    // a finding in a shape that no longer fits.
    const other = {
      schemaVersion: 2,
      toolVersion: '2.0.0',
      id: 'old',
      request: { domain: 'FIRMA.cz', dkimSelectors: ['s1'] },
      startedAt: '2026-01-15T09:30:00.000Z',
      resolvers: ['127.0.0.1'],
      attempts: [
        ...Object.keys(MAIL_AUTH_DONE).map((checkId) => ({ checkId, status: 'completed', took: 3 })),
        { checkId: 'bimi', status: 'completed' },
        { check: 'renamed' },
      ],
      findings: [
        spfPlusAll,
        { checkId: 'bimi', status: 'warning', key: 'finding.bimi.missing', params: {} },
        { checkId: 'dmarc', severity: 'fail', key: 'finding.dmarc.policy_none' },
      ],
    };
    const parsed = parseComparableAssessment(other);
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    expect(parsed.value.schemaVersion).toBe(2);
    expect(parsed.value.dropped).toEqual(['findings[2]', 'attempts[6]']);
    const d = diffAssessments(parsed.value, current);
    expect(d.before.schemaVersion).toBe(2);
    expect(d.after.schemaVersion).toBe(1);
    expect(only(d.findings)).toEqual([
      ['fixed', 'finding.spf.plus_all', null],
      ['new', 'finding.dmarc.policy_none', null],
      ['not_comparable', 'finding.bimi.missing', null],
    ]);
    expect(d.findings.at(-1)?.reason).toBe('unknown_key');
    expect(d.notComparable).toEqual({
      checksOnlyBefore: ['bimi'],
      checksOnlyAfter: [],
      unknownKeys: ['finding.bimi.missing'],
      dropped: ['before: findings[2]', 'before: attempts[6]'],
      requestChanges: ['dkimSelectors'],
    });
  });

  it('refuses a document of another version without its domain, start time or findings', () => {
    const base = { schemaVersion: 0, request: { domain: 'firma.cz' }, startedAt: '2026-01-15T09:30:00.000Z', findings: [] };
    expect(parseComparableAssessment(base).ok).toBe(true);
    expect(parseComparableAssessment({ ...base, request: {} })).toEqual({ ok: false, errors: ['request.domain: missing or invalid'] });
    expect(parseComparableAssessment({ ...base, startedAt: 'yesterday' })).toEqual({
      ok: false,
      errors: ['startedAt: missing or invalid'],
    });
    expect(parseComparableAssessment({ ...base, findings: undefined })).toEqual({ ok: false, errors: ['findings: missing'] });
  });
});

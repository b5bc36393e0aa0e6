import { describe, expect, it } from 'vitest';
import { MAX_BATCH_DOMAINS, batchSummary, parseDomainList } from '../../shared/batch';
import { REQUIREMENTS, evaluateRequirements, overallVerdict } from '../../shared/requirements';
import { MAIL_AUTH_DONE, build, finding } from './remediation/assessment-helper';

describe('parseDomainList', () => {
  it('reads one domain per line, skips blanks and # comments, converts IDNs and keeps the first of duplicates', () => {
    const list = parseDomainList(
      [
        '# skupina Alfa',
        'alfa.cz',
        '  beta.cz   # dceřiná společnost',
        '',
        'příklad.cz',
        'ALFA.cz.',
        'xn--pklad-zsa96e.cz',
        '\tgama.test\r',
      ].join('\n'),
    );
    expect(list.domains).toEqual([
      { ascii: 'alfa.cz', unicode: 'alfa.cz', line: 2 },
      { ascii: 'beta.cz', unicode: 'beta.cz', line: 3 },
      { ascii: 'xn--pklad-zsa96e.cz', unicode: 'příklad.cz', line: 5 },
      { ascii: 'gama.test', unicode: 'gama.test', line: 8 },
    ]);
    expect(list.duplicates).toEqual(['alfa.cz', 'xn--pklad-zsa96e.cz']);
    expect(list.problems).toEqual([]);
  });

  it('names each line it cannot use, with its number and the reason', () => {
    const list = parseDomainList('ok.cz\nhttps://bad.cz\n192.0.2.1\nsingle\n');
    expect(list.domains.map((d) => d.ascii)).toEqual(['ok.cz']);
    expect(list.problems).toEqual([
      { line: 2, text: 'https://bad.cz', reason: 'invalid_character' },
      { line: 3, text: '192.0.2.1', reason: 'ip_literal' },
      { line: 4, text: 'single', reason: 'single_label' },
    ]);
  });

  it(`takes at most ${MAX_BATCH_DOMAINS} domains and says which lines were left out`, () => {
    const text = Array.from({ length: MAX_BATCH_DOMAINS + 2 }, (_, i) => `d${i}.cz`).join('\n');
    const list = parseDomainList(text);
    expect(list.domains).toHaveLength(MAX_BATCH_DOMAINS);
    expect(list.problems.map((p) => [p.line, p.reason])).toEqual([
      [MAX_BATCH_DOMAINS + 1, 'too_many'],
      [MAX_BATCH_DOMAINS + 2, 'too_many'],
    ]);
  });
});

describe('batchSummary', () => {
  it('gives each assessed domain its verdict per requirement and keeps failed and cancelled domains as rows', () => {
    const good = build({ domain: 'alfa.cz', attempts: MAIL_AUTH_DONE });
    const bad = build({
      domain: 'beta.cz',
      attempts: { ...MAIL_AUTH_DONE, starttls: {} },
      findings: [finding('starttls', 'fail', 'finding.starttls.not_offered', { host: 'mx.beta.cz' }, 'mx.beta.cz')],
    });
    const summary = batchSummary([
      { domain: 'alfa.cz', status: 'assessed', assessment: good },
      { domain: 'xn--pklad-zsa96e.cz', status: 'failed', error: { key: 'domain.not_found', params: { domain: 'příklad.cz' } } },
      { domain: 'beta.cz', status: 'assessed', assessment: bad },
      { domain: 'gama.cz', status: 'cancelled' },
    ]);
    expect(summary.requirements.map((r) => r.number)).toEqual(REQUIREMENTS.map((r) => r.number));
    expect(summary.rows.map((r) => [r.domain, r.domainUnicode, r.status])).toEqual([
      ['alfa.cz', 'alfa.cz', 'assessed'],
      ['xn--pklad-zsa96e.cz', 'příklad.cz', 'failed'],
      ['beta.cz', 'beta.cz', 'assessed'],
      ['gama.cz', 'gama.cz', 'cancelled'],
    ]);
    const beta = summary.rows[2]!;
    expect(beta.assessmentId).toBe(bad.id);
    expect(beta.verdicts.map((v) => v.verdict)).toEqual(evaluateRequirements(bad).map((v) => v.verdict));
    expect(beta.verdicts.find((v) => v.id === 'starttls')?.verdict).toBe('fail');
    expect(beta.overall).toBe('fail');
    expect(summary.rows[0]!.overall).toBe(overallVerdict(evaluateRequirements(good)));
    expect(summary.rows[1]).toMatchObject({ verdicts: [], error: { key: 'domain.not_found' } });
    expect(summary.counts).toMatchObject({ assessed: 2, failed: 1, cancelled: 1, fail: 1 });
  });
});

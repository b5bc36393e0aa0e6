import { describe, expect, it } from 'vitest';
import {
  FINDING_STATUSES,
  VERDICTS,
  sortFindings,
  statusRank,
  verdictRank,
  worstStatus,
  type FindingStatus,
  type Verdict,
} from '../../shared/status';

describe('finding statuses (DESIGN §3.4: error < fail < warning < info < not_tested < pass)', () => {
  it('ranks worst first', () => {
    expect([...FINDING_STATUSES]).toEqual(['error', 'fail', 'warning', 'info', 'not_tested', 'pass']);
    expect(FINDING_STATUSES.map(statusRank)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(worstStatus(['pass', 'warning', 'info'])).toBe('warning');
    expect(worstStatus([])).toBeUndefined();
  });

  const f = (status: FindingStatus, key: string) => ({ status, key });
  it.each<[string, ReturnType<typeof f>[], string[]]>([
    ['empty', [], []],
    ['already sorted', [f('fail', 'a'), f('pass', 'b')], ['a', 'b']],
    ['every status, reversed', [...FINDING_STATUSES].reverse().map((s) => f(s, s)), [...FINDING_STATUSES]],
    // Stable: findings of one status keep the order the check reported them in.
    [
      'ties keep their order',
      [f('pass', 'p1'), f('warning', 'w1'), f('pass', 'p2'), f('warning', 'w2'), f('error', 'e')],
      ['e', 'w1', 'w2', 'p1', 'p2'],
    ],
  ])('sortFindings: %s', (_, findings, keys) => {
    const before = [...findings];
    expect(sortFindings(findings).map((x) => x.key)).toEqual(keys);
    // A new array; the input is left as it was.
    expect(findings).toEqual(before);
  });
});

describe('verdicts', () => {
  it('are ordered worst first: fail, partial, not verified, pass', () => {
    expect([...VERDICTS]).toEqual(['fail', 'partial', 'not_verified', 'pass']);
  });

  it.each<[Verdict, Verdict]>([
    ['fail', 'partial'],
    ['partial', 'not_verified'],
    ['not_verified', 'pass'],
    ['fail', 'pass'],
  ])('%s ranks before %s', (worse, better) => {
    expect(verdictRank(worse)).toBeLessThan(verdictRank(better));
  });
});

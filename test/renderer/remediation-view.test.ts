import { describe, expect, it } from 'vitest';
import { countByFilter, groupByPhase, matchesFilter } from '../../renderer/src/lib/remediation-view';
import type { RemediationPlatform } from '../../shared/remediation/types';

const step = (id: string, phase: number, order: number, platform: RemediationPlatform) => ({ id, phase, order, platform });
const steps = [
  step('dmarc-reject', 4, 6, 'dns-host'),
  step('dmarc-none', 1, 1, 'dns-host'),
  step('dkim-exo', 2, 3, 'exchange-online'),
  step('tls-reg', 2, 4, 'exchange-server'),
  step('review', 1, 2, 'any'),
  step('dmarc-quarantine', 3, 5, 'dns-host'),
];

describe('remediation view', () => {
  it('orders by phase, then by order, and groups consecutive phases', () => {
    expect(groupByPhase(steps, 'all').map((g) => [g.phase, g.steps.map((s) => s.id)])).toEqual([
      [1, ['dmarc-none', 'review']],
      [2, ['dkim-exo', 'tls-reg']],
      [3, ['dmarc-quarantine']],
      [4, ['dmarc-reject']],
    ]);
  });

  it('keeps steps for any platform in every filter', () => {
    expect(groupByPhase(steps, 'exchange-server').map((g) => g.steps.map((s) => s.id))).toEqual([['review'], ['tls-reg']]);
    expect(matchesFilter({ platform: 'any' }, 'dns-host')).toBe(true);
    expect(matchesFilter({ platform: 'exchange-online' }, 'dns-host')).toBe(false);
  });

  it('counts steps per filter', () => {
    expect(countByFilter(steps)).toEqual({ all: 6, 'exchange-online': 2, 'exchange-server': 2, 'dns-host': 4 });
  });
});
